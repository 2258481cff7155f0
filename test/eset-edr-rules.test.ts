import { useDoubleAndEngine, actedOn, deletedOutput } from './support/setup';

const t = useDoubleAndEngine();

const RULE = 'edr-rule-a0103';
const RULE_XML = `<rule>
  <definition>
    <process>
      <operator type="AND">
        <condition component="FileItem" property="FileNameWithoutExtension" condition="is" value="rundll32" />
      </operator>
    </process>
  </definition>
  <description>
    <name>Rundll32 &amp; friends [X0001]</name>
  </description>
</rule>`;

/** A scope for the Create tests that are about something else (Create needs one). */
const A_SCOPE = { scope: [{ type: 'device', uuid: 'device-1' }] };

function edrRule(
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean } = {},
) {
	const scopes = operation === 'create' && !('scopes' in parameters) ? { scopes: A_SCOPE } : {};
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'edrRule', operation, ...scopes, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');

describe('ESET EDR Rule → Create', () => {
	test('POSTs {"rule": {xmlDefinition, enabled, scopes}} and outputs the rule ESET created', async () => {
		const result = await edrRule('create', {
			xmlDefinition: `\n  ${RULE_XML}\n`,
			scopes: {
				scope: [
					{ type: 'device', uuid: ' device-1 ' },
					{ type: 'deviceGroup', uuid: 'device-group-servers' },
				],
			},
		});
		expect(calls().map((c) => [c.method, c.rawPath, c.body])).toEqual([
			[
				'POST',
				'/eset/v2/edr-rules',
				{
					rule: {
						xmlDefinition: RULE_XML,
						enabled: true,
						scopes: [{ deviceUuid: 'device-1' }, { deviceGroupUuid: 'device-group-servers' }],
					},
				},
			],
		]);
		expect(result.json).toEqual([t.api.eset.edrRules.at(-1)]);
		expect(result.json[0]).toMatchObject({
			displayName: 'Rundll32 & friends [X0001]',
			enabled: true,
		});
	});

	test('Enabled off is sent as false', async () => {
		await edrRule('create', { xmlDefinition: RULE_XML, enabled: false });
		expect(calls()[0].body).toEqual({
			rule: { xmlDefinition: RULE_XML, enabled: false, scopes: [{ deviceUuid: 'device-1' }] },
		});
	});

	test.each([{}, { scope: [] }])(
		'without a scope (%j): an error before any request',
		async (scopes) => {
			const result = await edrRule('create', { xmlDefinition: RULE_XML, scopes });
			expect(result.error.message).toBe('Scopes: add at least one device or device group');
			expect(t.api.requests).toEqual([]);
		},
	);

	test('is not retried on 503: a second POST could create the rule twice', async () => {
		t.api.script(
			(r) => r.path === '/eset/v2/edr-rules',
			{ status: 503, headers: { 'retry-after': '0' } },
			2,
		);
		const result = await edrRule('create', { xmlDefinition: RULE_XML });
		expect(calls()).toHaveLength(1);
		expect(result.error.message).toBe(
			'ESET Connect answered 503: environment under maintenance; try again later',
		);
	});

	test('ESET’s validation answer (400) is an error that says so, with ESET’s message and the rules guide', async () => {
		const result = await edrRule('create', {
			xmlDefinition: '<detection><definition/></detection>',
		});
		expect(result.error.message).toBe(
			'ESET Connect answered 400: ESET did not accept the XML definition',
		);
		expect(result.error.description).toContain(
			'ESET says: invalid rule definition: the root element is ‹detection›, expected ‹rule›',
		);
		expect(result.error.description).toContain('https://help.eset.com/ei_rules/latest/en-US/');
	});

	test.each([
		[{ type: 'device', uuid: '' }, 'Scopes → Device UUID is empty'],
		[{ type: 'deviceGroup', uuid: '..' }, 'Scopes → Device Group UUID is ".."'],
	])('a bad scope (%j) is an error before any request', async (scope, message) => {
		const result = await edrRule('create', { xmlDefinition: RULE_XML, scopes: { scope: [scope] } });
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});
});

describe('the XML check before sending (Create and Update Definition)', () => {
	test.each([
		// (left empty in the panel, n8n itself stops the run: the field is required)
		['={{ "   " }}', 'XML Definition is empty'],
		[
			'<rule>\n  <definition>\n</rule>',
			'XML Definition is not well-formed XML: line 3: ‹/rule› does not close ‹definition› (opened on line 2)',
		],
		[
			'<rule>\n  <definition></definition>',
			'XML Definition is not well-formed XML: line 2: ‹rule› (opened on line 1) is not closed',
		],
		['</rule>', 'XML Definition is not well-formed XML: line 1: ‹/rule› closes no open element'],
		[
			'<rule a=1/>',
			'XML Definition is not well-formed XML: line 1: ‹rule›: the value of a must be in quotes',
		],
		[
			'<rule a="1/>',
			'XML Definition is not well-formed XML: line 1: ‹rule›: the value of a is not closed with "',
		],
		[
			'<rule a="1"b="2"/>',
			'XML Definition is not well-formed XML: line 1: ‹rule›: expected an attribute name, ">" or "/>"',
		],
		[
			'<rule a="1" a="2"/>',
			'XML Definition is not well-formed XML: line 1: ‹rule› has the attribute a twice',
		],
		[
			'<rule a="x<y"/>',
			'XML Definition is not well-formed XML: line 1: ‹rule›: "‹" is not allowed in the value of a (write & lt; without the space)',
		],
		[
			'<rule>\n\n&nbsp;</rule>',
			'XML Definition is not well-formed XML: line 3: the entity nbsp is not defined (XML knows lt, gt, amp, quot and apos)',
		],
		[
			'<rule>C:\\Tools & more</rule>',
			'XML Definition is not well-formed XML: line 1: "&" must start a reference such as the entity amp (a literal "&" is written & amp; without the space)',
		],
		[
			'<rule value="a&b"/>',
			'XML Definition is not well-formed XML: line 1: "&" must start a reference such as the entity amp (a literal "&" is written & amp; without the space)',
		],
		[
			'<rule>&#0;</rule>',
			'XML Definition is not well-formed XML: line 1: the character reference #0 is not a character XML allows',
		],
		[
			'<rule/>\n<rule/>',
			'XML Definition is not well-formed XML: line 2: a second root element ‹rule›: XML has exactly one',
		],
		[
			'rule: <rule/>',
			'XML Definition is not well-formed XML: line 1: text before the root element',
		],
		[
			'<rule/> trailing',
			'XML Definition is not well-formed XML: line 1: text after the root element',
		],
		[
			'<1rule/>',
			'XML Definition is not well-formed XML: line 1: "‹" must start a tag (a literal one is written & lt; without the space)',
		],
		[
			'<rule>a < b</rule>',
			'XML Definition is not well-formed XML: line 1: "‹" must start a tag (a literal one is written & lt; without the space)',
		],
		[
			'<rule><!-- a -- b --></rule>',
			'XML Definition is not well-formed XML: line 1: "--" is not allowed inside a comment',
		],
		[
			'<rule><!-- open</rule>',
			'XML Definition is not well-formed XML: line 1: the comment ‹!-- is not closed with --›',
		],
		[
			'<rule><![CDATA[x</rule>',
			'XML Definition is not well-formed XML: line 1: the CDATA section is not closed with ]]>',
		],
		[
			'<rule>]]></rule>',
			'XML Definition is not well-formed XML: line 1: "]]>" is not allowed in text (write the ">" as & gt; without the space)',
		],
		[
			'<rule/><?xml version="1.0"?>',
			'XML Definition is not well-formed XML: line 1: the XML declaration ‹?xml … ?› is only allowed at the very start',
		],
		[
			'<?xml encoding="utf-8"?><rule/>',
			'XML Definition is not well-formed XML: line 1: the XML declaration must start with version="1.0"',
		],
		[
			'={{ "<rule>\\u0001</rule>" }}',
			'XML Definition is not well-formed XML: line 1: the character U+0001 is not allowed in XML',
		],
		[
			'={{ "<rule>\\ud800</rule>" }}',
			'XML Definition is not well-formed XML: line 1: the character U+D800 is not allowed in XML',
		],
		[
			'<!-- only a comment -->',
			'XML Definition is not well-formed XML: line 1: there is no root element',
		],
		[
			'<rule></Rule>',
			'XML Definition is not well-formed XML: line 1: ‹/Rule› does not close ‹rule› (opened on line 1)',
		],
	])(
		'%j: an error naming the field and the line, before any request',
		async (xmlDefinition, message) => {
			for (const [operation, extra] of [
				['create', {}],
				['updateDefinition', { ruleUuid: RULE }],
			] as const) {
				const result = await edrRule(operation, { xmlDefinition, ...extra });
				expect(result.error.message).toBe(message);
			}
			expect(t.api.requests).toEqual([]);
		},
	);

	test('the error quotes the line it names, without markup (the editor shows it as HTML)', async () => {
		const result = await edrRule('create', { xmlDefinition: '<rule>\n  <definition>\n</rule>' });
		expect(result.error.description).toMatch(/^Line 3 reads: "‹\/rule›"\. Nothing was sent\./);
		expect(`${result.error.message} ${result.error.description}`).not.toMatch(/</);
	});

	test.each([
		[
			'the XML declaration, comments, CDATA, references',
			'<?xml version="1.0" encoding="utf-8"?>\n<!-- n8n -->\n<rule><definition><![CDATA[a < b && c]]></definition><description><name>A &amp; B &#x41;&#66; &lt;x&gt; &quot;&apos;</name></description></rule>\n',
		],
		[
			'single-quoted attributes holding the other quote, > in text',
			`<rule><definition><condition value='say "hi"' other="it's" /></definition><description><name>a > b</name></description></rule>`,
		],
		[
			'a DOCTYPE with an entity it declares, a processing instruction',
			'<!DOCTYPE rule [ <!ENTITY vendor "ESET"> ]><rule><?n8n note?><definition/><description><name>&vendor;</name></description></rule>',
		],
		[
			'names with dots, dashes, colons and non-ASCII letters',
			'<rule><definition><x.y-z:ä ns:attr="1"/></definition></rule>',
		],
		['a byte order mark', '\uFEFF<rule><definition/></rule>'],
	])('well-formed XML is sent as it is (%s)', async (_what, xmlDefinition) => {
		await edrRule('create', { xmlDefinition });
		expect(calls()[0].body.rule.xmlDefinition).toBe(xmlDefinition.trim());
	});

	// Speed is measured by benchmarks, not here: this checks that a large definition is checked at all
	// (a check that went back over the text for every tag would run into jest's timeout).
	test('a large definition is checked, its line counted right', async () => {
		const conditions = Array.from(
			{ length: 20_000 },
			(_, i) =>
				`<condition component="FileItem" property="FileName" condition="is" value="tool-${i}.exe" />`,
		).join('\n');
		const result = await edrRule('create', {
			xmlDefinition: `<rule><definition><process><operator type="OR">\n${conditions}\n</operator></process>\n</definition>`,
		});
		expect(result.error.message).toBe(
			'XML Definition is not well-formed XML: line 20003: ‹rule› (opened on line 1) is not closed',
		);
	});
});

describe('ESET EDR Rule → Get, Get Many', () => {
	test('Get: GET /v2/edr-rules/{ruleUuid}, the UUID encoded; 404 named', async () => {
		const result = await edrRule('get', { ruleUuid: RULE });
		expect(calls().map((c) => [c.method, c.rawPath])).toEqual([
			['GET', `/eset/v2/edr-rules/${RULE}`],
		]);
		expect(result.json).toEqual([t.api.eset.edrRules[0]]);
		t.api.requests = [];
		const missing = await edrRule('get', { ruleUuid: 'a/b:disable' });
		expect(calls()[0].rawPath).toBe('/eset/v2/edr-rules/a%2Fb%3Adisable');
		expect(missing.error.message).toBe(
			'ESET Connect answered 404: the requested resource was not found',
		);
	});

	test('Get Many: severityLevel and includeTotalSize as ESET names them; every item carries totalSize', async () => {
		const result = await edrRule('getAll', {
			returnAll: true,
			includeTotalSize: true,
			edrRuleFilters: { severityLevel: 'SEVERITY_LEVEL_HIGH' },
		});
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			severityLevel: 'SEVERITY_LEVEL_HIGH',
			includeTotalSize: 'true',
		});
		expect(result.json).toEqual([{ ...t.api.eset.edrRules[1], totalSize: '1' }]);
	});

	test('Get Many: without the options neither is sent, and no totalSize appears', async () => {
		const result = await edrRule('getAll', { returnAll: true });
		expect(calls()[0].query).toEqual({ pageSize: '1000' });
		expect(result.json).toEqual(t.api.eset.edrRules);
	});

	test.each([[{}], [{ totalSize: '0' }], [{ nextPageToken: '' }]])(
		'Get Many answered %j (what ESET documents, without rules): no rule, no error',
		async (body) => {
			t.api.script((r) => r.path === '/eset/v2/edr-rules', { status: 200, body });
			const result = await edrRule('getAll', { returnAll: true });
			expect(result.error).toBeUndefined();
			expect(result.json).toEqual([]);
		},
	);

	test('Get Many answered with none of what ESET documents for the list: an error saying what arrived, not “no rules”', async () => {
		t.api.script((r) => r.path === '/eset/v2/edr-rules', {
			status: 200,
			body: { status: 'ok', message: 'maintenance' },
		});
		const result = await edrRule('getAll', { returnAll: true });
		expect(result.json).toEqual([]);
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but the answer holds no rules list and no nextPageToken or totalSize, only "status", "message": not the documented answer',
		);
	});

	test('Get Many: Return All follows nextPageToken; Limit asks the last page for what is missing', async () => {
		t.api.seedEdrRulesAndExclusions(1100);
		const all = await edrRule('getAll', { returnAll: true });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1000', pageToken: '1000' },
		]);
		expect(all.json).toHaveLength(1103);
		t.api.requests = [];
		const limited = await edrRule('getAll', { limit: 1001 });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1', pageToken: '1000' },
		]);
		expect(limited.json).toHaveLength(1001);
	});
});

describe('ESET EDR Rule → Update Definition, Enable, Disable, Delete', () => {
	test('Update Definition: POST …:updateDefinition {"xmlDefinition"}, outputs the updated rule', async () => {
		const result = await edrRule('updateDefinition', { ruleUuid: RULE, xmlDefinition: RULE_XML });
		expect(calls().map((c) => [c.method, c.rawPath, c.body])).toEqual([
			['POST', `/eset/v2/edr-rules/${RULE}:updateDefinition`, { xmlDefinition: RULE_XML }],
		]);
		expect(result.json[0]).toMatchObject({
			uuid: RULE,
			displayName: 'Rundll32 & friends [X0001]',
			xmlDefinition: RULE_XML,
		});
	});

	test.each([
		['disable', false],
		['enable', true],
	])(
		'%s: POST …:%s with {}, outputs what was switched, and the rule is switched',
		async (operation, enabled) => {
			t.api.eset.edrRules[0].enabled = !enabled;
			const result = await edrRule(operation, { ruleUuid: RULE });
			expect(calls().map((c) => [c.method, c.rawPath, c.rawBody])).toEqual([
				['POST', `/eset/v2/edr-rules/${RULE}:${operation}`, '{}'],
			]);
			expect(result.json).toEqual([actedOn(operation, { ruleUuid: RULE })]);
			expect(t.api.eset.edrRules[0].enabled).toBe(enabled);
		},
	);

	test('Delete: DELETE /v2/edr-rules/{ruleUuid}, the rule is gone', async () => {
		const result = await edrRule('delete', { ruleUuid: RULE });
		expect(calls().map((c) => [c.method, c.rawPath])).toEqual([
			['DELETE', `/eset/v2/edr-rules/${RULE}`],
		]);
		expect(result.json).toEqual([deletedOutput({ ruleUuid: RULE })]);
		expect(t.api.eset.edrRules.map((r) => r.uuid)).not.toContain(RULE);
	});

	test.each(['get', 'updateDefinition', 'enable', 'disable', 'delete'])(
		'%s: a bad Rule UUID is an error before any request',
		async (operation) => {
			const result = await edrRule(operation, { ruleUuid: '={{ "" }}', xmlDefinition: RULE_XML });
			expect(result.error.message).toBe('EDR Rule is empty');
			expect(t.api.requests).toEqual([]);
		},
	);
});

describe('ESET EDR Rule: the panel and the AI agent', () => {
	const options = () =>
		t.engine
			.nodeType('esetIncident')
			.description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('edrRule'),
			)!.options as Array<{ value: string; action: string; description: string }>;

	test('every operation has an action and a description', () => {
		expect(options().map((o) => o.value)).toEqual([
			'create',
			'delete',
			'disable',
			'enable',
			'get',
			'getAll',
			'updateDefinition',
		]);
		for (const option of options())
			expect([option.action, option.description]).toEqual([
				expect.any(String),
				expect.stringMatching(/^[A-Z][^.]{10,80}$/),
			]);
	});

	test('the rule picker and its errors spell EDR as the label does', async () => {
		const picker = t.engine
			.nodeType('esetIncident')
			.description.properties.find((p) => p.name === 'ruleUuid') as unknown as {
			modes: Array<{ name: string; placeholder?: string }>;
		};
		expect(picker.modes.find((m) => m.name === 'list')!.placeholder).toBe('Select an EDR rule...');
		const result = await edrRule('get', { ruleUuid: { __rl: true, mode: 'id', value: '..' } });
		expect(result.error.description).toContain('Pick the EDR rule from the list');
		expect(calls()).toEqual([]);
	});

	test('Delete and Disable say plainly what they do and that it cannot be undone by mistake', () => {
		const remove = options().find((o) => o.value === 'delete')!;
		expect(remove.action).toBe('Delete EDR rule');
		expect(remove.description).toBe('Delete an EDR rule for good; it cannot be undone');
		const disable = options().find((o) => o.value === 'disable')!;
		expect(disable.description).toBe(
			'Stop an EDR rule from raising detections until it is enabled',
		);
	});
});
