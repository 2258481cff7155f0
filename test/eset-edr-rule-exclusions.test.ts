import { useDoubleAndEngine, deletedOutput } from './support/setup';

const t = useDoubleAndEngine();

const EXCLUSION = 'exclusion-backup-agent';
const XML = `<rule>
  <definition>
    <process>
      <operator type="AND">
        <condition component="FileItem" property="FileNameWithoutExtension" condition="is" value="backup-agent" />
      </operator>
    </process>
  </definition>
  <description>
    <name>Backup agent, new version</name>
  </description>
</rule>`;

function exclusion(operation: string, parameters: Record<string, unknown> = {}) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'edrRuleExclusion', operation, ...parameters },
	});
}

const calls = () => t.api.requestsTo('incidents');

describe('ESET EDR Rule Exclusion → Create', () => {
	test('POSTs {"exclusion": {xmlDefinition, enabled, note, ruleUuids, scopes}} and outputs the exclusion', async () => {
		const result = await exclusion('create', {
			xmlDefinition: XML,
			ruleUuids: ' edr-rule-a0201, edr-rule-a0103 ,edr-rule-a0201,',
			exclusionNote: 'New backup agent uploads to the vault',
			scopes: { scope: [{ type: 'deviceGroup', uuid: 'device-group-servers' }] },
		});
		expect(calls().map((c) => [c.method, c.rawPath, c.body])).toEqual([
			[
				'POST',
				'/eset/v2/edr-rule-exclusions',
				{
					exclusion: {
						xmlDefinition: XML,
						enabled: true,
						note: 'New backup agent uploads to the vault',
						ruleUuids: ['edr-rule-a0201', 'edr-rule-a0103'],
						scopes: [{ deviceGroupUuid: 'device-group-servers' }],
					},
				},
			],
		]);
		expect(result.json).toEqual([t.api.eset.edrRuleExclusions.at(-1)]);
		expect(result.json[0].displayName).toBe('Backup agent, new version');
	});

	test('the note may have 2048 characters (ESET’s limit), counted as characters, not UTF-16 units', async () => {
		const note = '🛡'.repeat(2048);
		await exclusion('create', {
			xmlDefinition: XML,
			ruleUuids: 'edr-rule-a0201',
			exclusionNote: note,
			enabled: false,
		});
		expect(calls()[0].body.exclusion).toMatchObject({ note, enabled: false });
	});

	test.each([
		[{ exclusionNote: 'x'.repeat(2049) }, 'Note is longer than 2048 characters (2049)'],
		[{ ruleUuids: ' , ' }, 'Rule UUIDs is empty'],
		[{ ruleUuids: 'edr-rule-a0201, ..' }, 'Rule UUIDs is ".."'],
		[
			{ xmlDefinition: '<rule><definition></rule>' },
			'XML Definition is not well-formed XML: line 1: ‹/rule› does not close ‹definition› (opened on line 1)',
		],
		[
			{ scopes: { scope: [{ type: 'device', uuid: 'x'.repeat(101) }] } },
			'Scopes → Device UUID is longer than 100 characters',
		],
	])('%j is an error before any request', async (parameters, message) => {
		const result = await exclusion('create', {
			xmlDefinition: XML,
			ruleUuids: 'edr-rule-a0201',
			...parameters,
		});
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});

	test('ESET’s 400 (a rule it does not know) is shown with ESET’s message', async () => {
		const result = await exclusion('create', { xmlDefinition: XML, ruleUuids: 'edr-rule-unknown' });
		expect(result.error.message).toBe(
			'ESET Connect answered 400: ESET did not accept the XML definition',
		);
		expect(result.error.description).toContain('ESET says: rule not found: edr-rule-unknown');
	});

	test('is not retried on 502: a second POST could create it twice', async () => {
		t.api.script(
			(r) => r.path === '/eset/v2/edr-rule-exclusions',
			{ status: 502, headers: { 'retry-after': '0' } },
			2,
		);
		const result = await exclusion('create', { xmlDefinition: XML, ruleUuids: 'edr-rule-a0201' });
		expect(calls()).toHaveLength(1);
		expect(result.error.message).toBe(
			'ESET Connect answered 502: internal server failure; try again later',
		);
	});
});

describe('ESET EDR Rule Exclusion → Get, Get Many, Update Definition, Delete', () => {
	test('Get: GET /v2/edr-rule-exclusions/{uuid}, encoded', async () => {
		const result = await exclusion('get', { exclusionUuid: EXCLUSION });
		expect(result.json).toEqual([t.api.eset.edrRuleExclusions[0]]);
		t.api.requests = [];
		await exclusion('get', { exclusionUuid: 'a b/c' });
		expect(calls()[0].rawPath).toBe('/eset/v2/edr-rule-exclusions/a%20b%2Fc');
	});

	test('Get Many: pages, and includeTotalSize on request', async () => {
		t.api.seedEdrRulesAndExclusions(1200);
		const result = await exclusion('getAll', { returnAll: true, includeTotalSize: true });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000', includeTotalSize: 'true' },
			{ pageSize: '1000', includeTotalSize: 'true', pageToken: '1000' },
		]);
		expect(result.json).toHaveLength(1201);
		expect(new Set(result.json.map((e) => e.totalSize))).toEqual(new Set(['1201']));
		t.api.requests = [];
		const limited = await exclusion('getAll', { limit: 2 });
		expect(calls().map((c) => c.query)).toEqual([{ pageSize: '2' }]);
		expect(limited.json.map((e) => e.uuid)).toEqual([EXCLUSION, 'exclusion-generated-1']);
	});

	test('Update Definition: POST …:updateDefinition {"xmlDefinition"}, outputs the exclusion', async () => {
		const result = await exclusion('updateDefinition', {
			exclusionUuid: EXCLUSION,
			xmlDefinition: XML,
		});
		expect(calls().map((c) => [c.method, c.rawPath, c.body])).toEqual([
			[
				'POST',
				`/eset/v2/edr-rule-exclusions/${EXCLUSION}:updateDefinition`,
				{ xmlDefinition: XML },
			],
		]);
		expect(result.json[0]).toMatchObject({
			uuid: EXCLUSION,
			displayName: 'Backup agent, new version',
		});
	});

	test('Delete: DELETE, the exclusion is gone', async () => {
		const result = await exclusion('delete', { exclusionUuid: EXCLUSION });
		expect(calls().map((c) => [c.method, c.rawPath])).toEqual([
			['DELETE', `/eset/v2/edr-rule-exclusions/${EXCLUSION}`],
		]);
		expect(result.json).toEqual([deletedOutput({ exclusionUuid: EXCLUSION })]);
		expect(t.api.eset.edrRuleExclusions).toEqual([]);
	});

	test.each(['get', 'updateDefinition', 'delete'])(
		'%s: a bad Exclusion UUID is an error before any request',
		async (operation) => {
			const result = await exclusion(operation, {
				exclusionUuid: '={{ ".." }}',
				xmlDefinition: XML,
			});
			expect(result.error.message).toBe('EDR Rule Exclusion is ".."');
			expect(t.api.requests).toEqual([]);
		},
	);

	test('Delete says plainly that it deletes for good', () => {
		const operation = t.engine
			.nodeType('esetIncident')
			.description.properties.find(
				(p) =>
					p.name === 'operation' && p.displayOptions?.show?.resource?.includes('edrRuleExclusion'),
			)!;
		const options = operation.options as Array<{
			value: string;
			action: string;
			description: string;
		}>;
		expect(options.map((o) => o.value)).toEqual([
			'create',
			'createFromDetection',
			'delete',
			'get',
			'getAll',
			'updateDefinition',
		]);
		for (const option of options)
			expect([option.action, option.description]).toEqual([
				expect.any(String),
				expect.stringMatching(/^[A-Z][^.]{10,80}$/),
			]);
		const remove = options.find((o) => o.value === 'delete')!;
		expect(remove.action).toBe('Delete EDR rule exclusion');
		expect(remove.description).toBe('Delete an exclusion for good; it cannot be undone');
	});
});
