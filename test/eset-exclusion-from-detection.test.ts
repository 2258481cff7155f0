import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

/** detection 3 of incident 1: raised by EDR rule A0103, process powershell.exe on device-1 */
const EDR_DETECTION = '00000000-0000-4000-9000-000001000003';
/** detection 1 of incident 1: an antivirus detection (no rule), with a process and SHA-1 hashes */
const ANTIVIRUS_DETECTION = '00000000-0000-4000-9000-000001000001';
/** detection 1 of incident 4: a port scan, neither rule nor process */
const NETWORK_DETECTION = '00000000-0000-4000-9000-000004000001';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

const expectedXml = (name: string, path = POWERSHELL) =>
	[
		'<?xml version="1.0" encoding="utf-8"?>',
		'<rule>',
		'  <definition>',
		'    <process>',
		'      <operator type="AND">',
		`        <condition component="FileItem" property="FullPath" condition="is" value="${path}" />`,
		'      </operator>',
		'    </process>',
		'  </definition>',
		'  <description>',
		`    <name>${name}</name>`,
		'  </description>',
		'</rule>',
	].join('\n');

const DEFAULT_NAME = `False positive: powershell.exe in Suspicious PowerShell command line [A0103] (detection ${EDR_DETECTION})`;

function fromDetection(
	parameters: Record<string, unknown>,
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'edrRuleExclusion', operation: 'createFromDetection', ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');

/** Answer the detection GET with `detection` instead of the seeded one. */
function detectionIs(detection: Record<string, unknown>) {
	t.api.script((r) => r.method === 'GET' && r.path.startsWith('/eset/v2/detections/'), {
		status: 200,
		body: { detection },
	});
}

describe('EDR Rule Exclusion → Create from Detection', () => {
	test('reads the detection, then creates the exclusion of its process from the rule that fired, on its device', async () => {
		const result = await fromDetection({ detectionUuid: EDR_DETECTION });
		const xmlDefinition = expectedXml(DEFAULT_NAME);
		expect(calls().map((c) => [c.method, c.rawPath, c.body])).toEqual([
			['GET', `/eset/v2/detections/${EDR_DETECTION}`, ''],
			[
				'POST',
				'/eset/v2/edr-rule-exclusions',
				{
					exclusion: {
						xmlDefinition,
						enabled: true,
						ruleUuids: ['edr-rule-a0103'],
						scopes: [{ deviceUuid: 'device-1' }],
					},
				},
			],
		]);
		// the double accepted it as a rule definition; the output is ESET's exclusion with what was sent
		expect(result.json).toEqual([
			{
				...t.api.eset.edrRuleExclusions.at(-1),
				sentXmlDefinition: xmlDefinition,
				sourceDetection: {
					uuid: EDR_DETECTION,
					displayName: 'Suspicious PowerShell command line [A0103]',
					edrRuleUuid: 'edr-rule-a0103',
					processPath: POWERSHELL,
					deviceUuid: 'device-1',
				},
			},
		]);
		expect(result.json[0].displayName).toBe(DEFAULT_NAME);
	});

	test('All Devices sends no scopes; Note, Name and Enabled as given', async () => {
		await fromDetection({
			detectionUuid: EDR_DETECTION,
			exclusionScope: 'allDevices',
			exclusionNote: 'Analyst: admin script, verified with IT',
			exclusionName: 'Admin PowerShell',
			enabled: false,
		});
		expect(calls()[1].body).toEqual({
			exclusion: {
				xmlDefinition: expectedXml('Admin PowerShell'),
				enabled: false,
				note: 'Analyst: admin script, verified with IT',
				ruleUuids: ['edr-rule-a0103'],
			},
		});
	});

	test('values are XML-escaped: the path in the attribute, the name in the element; backslashes stay single', async () => {
		detectionIs({
			uuid: 'd-1',
			displayName: 'Rule <A&B>',
			edrRuleUuid: 'edr-rule-a0103',
			process: { path: `C:\\Program Files\\R&D "Tools"\\<it's>.exe` },
			device: { uuid: 'device-9' },
		});
		const result = await fromDetection({ detectionUuid: 'd-1' });
		const xml = calls()[1].body.exclusion.xmlDefinition;
		expect(xml).toBe(
			expectedXml(
				"False positive: &lt;it's&gt;.exe in Rule &lt;A&amp;B&gt; (detection d-1)",
				'C:\\Program Files\\R&amp;D &quot;Tools&quot;\\&lt;it&apos;s&gt;.exe',
			),
		);
		expect(result.json[0].displayName).toBe(
			"False positive: <it's>.exe in Rule <A&B> (detection d-1)",
		);
	});

	test('a hash in the detection adds no condition: ESET’s rules guide names no property for a process SHA-1', async () => {
		detectionIs({
			uuid: 'd-2',
			edrRuleUuid: 'edr-rule-a0103',
			objectHashSha1: '3395856CE81F2B7382DEE72602F798B642F14140',
			file: { hashSha1: '3395856ce81f2b7382dee72602f798b642f14140' },
			process: { path: POWERSHELL },
			device: { uuid: 'device-1' },
		});
		await fromDetection({ detectionUuid: 'd-2' });
		const xml: string = calls()[1].body.exclusion.xmlDefinition;
		expect(xml.match(/<condition /g)).toHaveLength(1);
		expect(xml).not.toMatch(/sha|3395856/i);
	});

	test('what the exclusion matches is said, not offered as a choice of one', () => {
		const properties = t.engine.nodeType('esetIncident').description.properties;
		const notice = properties.find((p) => p.name === 'exclusionConditionsNotice')!;
		expect([notice.type, notice.displayName]).toEqual([
			'notice',
			"The exclusion matches the detection's process by its exact path (FileItem FullPath)",
		]);
		expect(properties.find((p) => p.name === 'exclusionConditions')).toBeUndefined();
	});

	test.each([
		[
			ANTIVIRUS_DETECTION,
			'device',
			`Detection ${ANTIVIRUS_DETECTION} has no EDR rule (edrRuleUuid: detections of other kinds, e.g. antivirus, have none): no exclusion was created`,
		],
		[
			NETWORK_DETECTION,
			'allDevices',
			`Detection ${NETWORK_DETECTION} has no EDR rule (edrRuleUuid: detections of other kinds, e.g. antivirus, have none), no process path (process.path: the process to exclude): no exclusion was created`,
		],
	])(
		'a detection without what the exclusion needs (%s) is an error naming it, and nothing is created',
		async (detectionUuid, exclusionScope, message) => {
			const result = await fromDetection({ detectionUuid, exclusionScope });
			expect(result.error.message).toBe(message);
			expect(calls().map((c) => c.method)).toEqual(['GET']);
			expect(t.api.eset.edrRuleExclusions).toHaveLength(1);
		},
	);

	test('without a process path, or a device for "This Detection’s Device": named; with All Devices the device is not needed', async () => {
		detectionIs({
			uuid: 'd-3',
			edrRuleUuid: 'edr-rule-a0103',
			process: { path: '  ', commandLine: 'x' },
			device: { uuid: 'device-1' },
		});
		expect((await fromDetection({ detectionUuid: 'd-3' })).error.message).toBe(
			'Detection d-3 has no process path (process.path: the process to exclude): no exclusion was created',
		);
		detectionIs({ uuid: 'd-4', edrRuleUuid: 'edr-rule-a0103', process: { path: POWERSHELL } });
		expect((await fromDetection({ detectionUuid: 'd-4' })).error.message).toBe(
			'Detection d-4 has no device (device.uuid: the device to scope the exclusion to): no exclusion was created',
		);
		detectionIs({ uuid: 'd-4', edrRuleUuid: 'edr-rule-a0103', process: { path: POWERSHELL } });
		const everywhere = await fromDetection({ detectionUuid: 'd-4', exclusionScope: 'allDevices' });
		expect(everywhere.error).toBeUndefined();
		expect(
			calls()
				.filter((c) => c.method === 'POST')
				.map((c) => c.body.exclusion.scopes),
		).toEqual([undefined]);
	});

	test.each([
		[
			'C:\\Users\\%USERNAME%\\tool.exe',
			'contains "%", which ESET reads as an environment variable (such as %SYSTEM%), and ESET documents no way to write a literal one',
		],
		[
			'C:\\tool\n.exe',
			'contains a control character, which an XML attribute does not carry unchanged',
		],
	])(
		'a process path the XML could not hold exactly (%j) is an error, never a broader exclusion',
		async (path, problem) => {
			detectionIs({
				uuid: 'd-5',
				edrRuleUuid: 'edr-rule-a0103',
				process: { path },
				device: { uuid: 'device-1' },
			});
			const result = await fromDetection({ detectionUuid: 'd-5' });
			expect(result.error.message).toBe(
				`The process path of detection d-5 ${problem}: no exclusion was created`,
			);
			expect(calls().map((c) => c.method)).toEqual(['GET']);
		},
	);

	test('for each item: the detection UUIDs from the input, one exclusion each, paired with its item', async () => {
		const result = await fromDetection(
			{ detectionUuid: '={{ $json.uuid }}' },
			{ items: [{ uuid: EDR_DETECTION }, { uuid: ANTIVIRUS_DETECTION }], continueOnFail: true },
		);
		expect(calls().map((c) => `${c.method} ${c.path}`)).toEqual([
			`GET /eset/v2/detections/${EDR_DETECTION}`,
			`GET /eset/v2/detections/${ANTIVIRUS_DETECTION}`,
			'POST /eset/v2/edr-rule-exclusions',
		]);
		expect(
			result.json.map((item) => [item.sourceDetection?.uuid ?? null, typeof item.error]),
		).toEqual([
			[EDR_DETECTION, 'undefined'],
			[null, 'string'],
		]);
	});

	test('ESET’s validation answer to the POST is a readable error', async () => {
		t.api.script((r) => r.method === 'POST' && r.path === '/eset/v2/edr-rule-exclusions', {
			status: 400,
			body: { code: 3, message: 'xmlDefinition: unknown property FullPath' },
		});
		const result = await fromDetection({ detectionUuid: EDR_DETECTION });
		expect(result.error.message).toBe(
			'ESET Connect answered 400: ESET did not accept the XML definition',
		);
		expect(result.error.description).toContain(
			'ESET says: xmlDefinition: unknown property FullPath',
		);
	});

	test('the POST is not retried on 503; the detection GET is', async () => {
		t.api.script((r) => r.method === 'GET' && r.path.startsWith('/eset/v2/'), {
			status: 503,
			headers: { 'retry-after': '0' },
		});
		t.api.script(
			(r) => r.method === 'POST' && r.path.startsWith('/eset/v2/'),
			{ status: 503, headers: { 'retry-after': '0' } },
			2,
		);
		const result = await fromDetection({ detectionUuid: EDR_DETECTION });
		expect(calls().map((c) => c.method)).toEqual(['GET', 'GET', 'POST']);
		expect(result.error.message).toBe(
			'ESET Connect answered 503: environment under maintenance; try again later',
		);
	});

	test('with Wait for Slow Responses off, a 202 to the POST outputs the pending item with the XML sent', async () => {
		t.api.script((r) => r.method === 'POST' && r.path === '/eset/v2/edr-rule-exclusions', {
			status: 202,
			headers: { 'response-id': 'r-1' },
			body: [],
		});
		const result = await fromDetection({
			detectionUuid: EDR_DETECTION,
			options: { waitForSlowResponses: false },
		});
		expect(result.json).toEqual([
			expect.objectContaining({
				pending: true,
				responseId: 'r-1',
				sentXmlDefinition: expectedXml(DEFAULT_NAME),
				sourceDetection: expect.objectContaining({ uuid: EDR_DETECTION }),
			}),
		]);
	});

	test('an answer without the exclusion object is an error, not an item', async () => {
		t.api.script((r) => r.method === 'POST' && r.path === '/eset/v2/edr-rule-exclusions', {
			status: 200,
			body: {},
		});
		const result = await fromDetection({ detectionUuid: EDR_DETECTION });
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but the answer holds no exclusion object: not the documented answer',
		);
	});
});
