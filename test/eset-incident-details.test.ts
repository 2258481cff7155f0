import type { RecordedRequest } from './support/api-double';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT_1 = '00000000-0000-4000-8000-000000000001';
const INCIDENT_3 = '00000000-0000-4000-8000-000000000003';
/** seeded without detections: its answer leaves detectionUuids out */
const INCIDENT_5 = '00000000-0000-4000-8000-000000000005';
const detectionOf = (incident: number, n: number) =>
	`00000000-0000-4000-9000-${String(incident).padStart(6, '0')}${String(n).padStart(6, '0')}`;

const ALL = { includeDetections: true, includeComments: true, includeIndicators: true };

/** Incident → Get; `choices` names what to include (`includeDetections: true` …) and other options. */
function getIncident(
	incidentUuid: string,
	choices: Record<string, unknown> = ALL,
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	const include = ['comments', 'detections', 'devices', 'indicators'].filter(
		(name) => choices[`include${name[0].toUpperCase()}${name.slice(1)}`] === true,
	);
	const options = Object.fromEntries(
		Object.entries(choices).filter(([key]) => !key.startsWith('include')),
	);
	return t.engine.run({
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'get',
			incidentUuid,
			include,
			simplify: false,
			options,
		},
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');
const wire = (requests: RecordedRequest[] = calls()) =>
	requests.map((c) => [c.method, c.rawPath, c.query, c.body]);
const batchGets = () => calls().filter((c) => c.path === '/eset/v2/detections:batchGet');
const detectionsOfSeed = (uuids: string[]) =>
	uuids.map((uuid) => t.api.eset.detections.find((d) => d.uuid === uuid));

/** What Include Indicators finds in incident 1's detections (test/support/api-double.js). */
const INCIDENT_1_INDICATORS = [
	// detection 1: objectHashSha1 (upper case in ESET's answer), objectUrl and its host, the file's SHA-256, the remote address
	{ type: 'hash', value: '3395856ce81f2b7382dee72602f798b642f14140' },
	{ type: 'url', value: 'https://downloads.malware-host.example/payload/invoice.exe' },
	{ type: 'domain', value: 'downloads.malware-host.example' },
	{ type: 'hash', value: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' },
	{ type: 'ip', value: '203.0.113.45' },
	// detection 2: a URL whose host (and remote address) is the same IP address; detection 3: nothing
	{ type: 'url', value: 'http://203.0.113.45/gate.php' },
];

async function seedComments(incidentUuid: string, ...texts: string[]) {
	for (const text of texts) {
		await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'comment',
				operation: 'create',
				commentIncidentUuid: incidentUuid,
				text,
			},
		});
	}
	t.api.requests = [];
	return t.api.eset.comments.get(incidentUuid)!;
}

describe('ESET Incident → Get: the whole incident in one item', () => {
	test('without options: the one GET, the incident as ESET answered it', async () => {
		const result = await getIncident(INCIDENT_1, {});
		expect(wire()).toEqual([['GET', `/eset/v2/incidents/${INCIDENT_1}`, {}, '']]);
		expect(result.json).toEqual([t.api.eset.incidents[0]]);
	});

	test('all three: GET the incident, batchGet its detections, GET its comments; one item holds everything', async () => {
		const comments = await seedComments(INCIDENT_1, 'Isolated host-1', 'Reimaged');
		const result = await getIncident(INCIDENT_1);
		const uuids = [detectionOf(1, 1), detectionOf(1, 2), detectionOf(1, 3)];
		expect(wire()).toEqual([
			['GET', `/eset/v2/incidents/${INCIDENT_1}`, {}, ''],
			['POST', '/eset/v2/detections:batchGet', {}, { detectionUuids: uuids }],
			['GET', `/eset/v2/incidents/${INCIDENT_1}/comments`, {}, ''],
		]);
		expect(result.json).toEqual([
			{
				...t.api.eset.incidents[0],
				detections: detectionsOfSeed(uuids),
				comments,
				indicators: INCIDENT_1_INDICATORS,
			},
		]);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	test('the further requests carry what every ESET request carries: the bearer token, the integration header, JSON', async () => {
		await getIncident(INCIDENT_1);
		const [first, ...further] = calls();
		expect(further).toHaveLength(2);
		for (const call of further) {
			expect(call.headers.authorization).toBe(first.headers.authorization);
			expect(call.headers['3rd-integration']).toMatch(/^n8n-nodes-security-incidents\//);
			expect(call.headers.accept).toBe('application/json');
		}
		expect(batchGets()[0].headers['content-type']).toBe('application/json');
	});

	test('Include Indicators alone fetches the detections but outputs only the indicators', async () => {
		const result = await getIncident(INCIDENT_1, { includeIndicators: true });
		expect(calls().map((c) => c.path)).toEqual([
			`/eset/v2/incidents/${INCIDENT_1}`,
			'/eset/v2/detections:batchGet',
		]);
		expect(result.json).toEqual([
			{ ...t.api.eset.incidents[0], indicators: INCIDENT_1_INDICATORS },
		]);
	});

	test('Include Comments alone: no batchGet', async () => {
		const comments = await seedComments(INCIDENT_1, 'one');
		const result = await getIncident(INCIDENT_1, { includeComments: true });
		expect(calls().map((c) => c.path)).toEqual([
			`/eset/v2/incidents/${INCIDENT_1}`,
			`/eset/v2/incidents/${INCIDENT_1}/comments`,
		]);
		expect(result.json).toEqual([{ ...t.api.eset.incidents[0], comments }]);
	});

	test('an incident without detectionUuids (ESET left the empty list out): no batchGet, empty lists', async () => {
		const result = await getIncident(INCIDENT_5);
		expect(calls().map((c) => c.path)).toEqual([
			`/eset/v2/incidents/${INCIDENT_5}`,
			`/eset/v2/incidents/${INCIDENT_5}/comments`,
		]);
		expect(result.json).toEqual([
			{ ...t.api.eset.incidents[4], detections: [], comments: [], indicators: [] },
		]);
	});

	test('detectionUuids that are not a list of texts: an error, not a guess', async () => {
		t.api.script((r) => r.path === `/eset/v2/incidents/${INCIDENT_1}`, {
			status: 200,
			body: { incident: { uuid: INCIDENT_1, detectionUuids: 'abc' } },
		});
		const result = await getIncident(INCIDENT_1);
		expect(result.error.message).toBe(
			"ESET Connect answered 200, but the incident's detectionUuids is not a list of texts: not the documented answer",
		);
		expect(calls()).toHaveLength(1);
	});

	test('each input item gets the whole incident it names, from its own further requests', async () => {
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				simplify: false,
				incidentUuid: '={{ $json.uuid }}',
				include: ['indicators'],
			},
			items: [{ uuid: INCIDENT_1 }, { uuid: INCIDENT_3 }],
		});
		expect(
			result.items.map((i) => [i.json.uuid, (i.json.indicators as unknown[]).length, i.pairedItem]),
		).toEqual([
			[INCIDENT_1, 6, { item: 0 }],
			[INCIDENT_3, 8, { item: 1 }],
		]);
		expect(batchGets().map((c) => c.body.detectionUuids[0])).toEqual([
			detectionOf(1, 1),
			detectionOf(3, 1),
		]);
	});
});

describe('Include Detections: batchGet in chunks ESET accepts', () => {
	test('250 detections: batches of 100, 100 and 50 (ESET recommends at most 100; the double answers 500 above)', async () => {
		const generated = t.api.seedEsetDetections(250, INCIDENT_5);
		const result = await getIncident(INCIDENT_5, { includeDetections: true });
		expect(result.error).toBeUndefined();
		expect(batchGets().map((c) => c.body.detectionUuids.length)).toEqual([100, 100, 50]);
		expect(batchGets().flatMap((c) => c.body.detectionUuids)).toEqual(generated.map((d) => d.uuid));
		expect((result.json[0].detections as Array<{ uuid: string }>).map((d) => d.uuid)).toEqual(
			generated.map((d) => d.uuid),
		);
	});

	test('exactly 100: one batch', async () => {
		t.api.seedEsetDetections(100, INCIDENT_5);
		await getIncident(INCIDENT_5, { includeDetections: true });
		expect(batchGets().map((c) => c.body.detectionUuids.length)).toEqual([100]);
	});

	test('a UUID listed twice is asked for once', async () => {
		t.api.eset.incidents[0].detectionUuids = [
			detectionOf(1, 1),
			detectionOf(1, 2),
			detectionOf(1, 1),
		];
		const result = await getIncident(INCIDENT_1, { includeDetections: true });
		expect(batchGets()[0].body).toEqual({ detectionUuids: [detectionOf(1, 1), detectionOf(1, 2)] });
		expect(result.json[0].detections).toHaveLength(2);
	});

	test('an unknown detection: the batch answers 404 (atomic), each is read on its own, the unknown one is the error, no partial item', async () => {
		const unknown = '00000000-0000-4000-9000-deadbeef0000';
		t.api.eset.incidents[0].detectionUuids = [detectionOf(1, 1), unknown];
		const result = await getIncident(INCIDENT_1);
		expect(result.json).toEqual([]);
		expect(result.error.message).toBe(
			'ESET Connect answered 404: the requested resource was not found',
		);
		expect(result.error.description).toContain('ESET says: detection not found');
		expect(calls().map((c) => c.path)).toEqual([
			`/eset/v2/incidents/${INCIDENT_1}`,
			'/eset/v2/detections:batchGet',
			`/eset/v2/detections/${detectionOf(1, 1)}`,
			`/eset/v2/detections/${unknown}`,
		]);
	});

	test.each([
		['501, as a tenant may answer it', () => (t.api.eset.batchGetUnsupported = true)],
		[
			'404',
			() =>
				t.api.script(
					(r) => r.path === '/eset/v2/detections:batchGet',
					{ status: 404, body: { code: 5, message: 'not found' } },
					Infinity,
				),
		],
	])(
		'a batchGet answered %s: the detections are read one by one (GET /v2/detections/{uuid}), within the same rate limit',
		async (_what, arrange) => {
			arrange();
			const result = await getIncident(INCIDENT_1, ALL);
			expect(result.error).toBeUndefined();
			const uuids = t.api.eset.incidents[0].detectionUuids!;
			expect(result.json[0].detections.map((d: { uuid: string }) => d.uuid)).toEqual(uuids);
			expect(result.json[0].indicators.length).toBeGreaterThan(0);
			const reads = calls().filter(
				(c) => c.method === 'GET' && c.path.startsWith('/eset/v2/detections/'),
			);
			expect(reads.map((c) => c.path)).toEqual(uuids.map((uuid) => `/eset/v2/detections/${uuid}`));
			for (const read of reads) expect(read.headers.authorization).toMatch(/^Bearer /);
		},
	);

	test.each([
		[{ status: 'proxy ok' }, 'the answer holds no detections list, only "status"'],
		[{}, 'the answer holds 0 of the 3 detections asked for, and a batchGet answers all or nothing'],
		[
			{ detections: [] },
			'the answer holds 0 of the 3 detections asked for, and a batchGet answers all or nothing',
		],
	])(
		'a batchGet answered %j is not ESET’s all-or-nothing answer: an error, no incident without its detections',
		async (body, what) => {
			t.api.script(
				(r) => r.path === '/eset/v2/detections:batchGet',
				{ status: 200, body },
				Infinity,
			);
			for (const options of [{ includeDetections: true }, { includeIndicators: true }, ALL]) {
				const result = await getIncident(INCIDENT_1, options);
				expect(result.json).toEqual([]);
				expect(result.error.message).toBe(
					`ESET Connect answered 200, but ${what}: not the documented answer`,
				);
			}
		},
	);

	test('a batchGet that answers only some of the detections asked for: an error, never a partial incident', async () => {
		const [first, second] = detectionsOfSeed([detectionOf(1, 1), detectionOf(1, 2)]);
		t.api.script((r) => r.path === '/eset/v2/detections:batchGet', {
			status: 200,
			body: { detections: [first, second] },
		});
		const result = await getIncident(INCIDENT_1, { includeDetections: true });
		expect(result.json).toEqual([]);
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but the answer holds 2 of the 3 detections asked for, and a batchGet answers all or nothing: not the documented answer',
		);
	});

	test('with Continue On Fail, the failing item carries the error and the next item goes on', async () => {
		t.api.eset.incidents[0].detectionUuids = ['00000000-0000-4000-9000-deadbeef0000'];
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				simplify: false,
				incidentUuid: '={{ $json.uuid }}',
				include: ['detections'],
			},
			items: [{ uuid: INCIDENT_1 }, { uuid: INCIDENT_3 }],
			continueOnFail: true,
		});
		expect(result.json[0]).toEqual({ error: expect.stringContaining('404') });
		expect(result.json[1]).toMatchObject({
			uuid: INCIDENT_3,
			detections: detectionsOfSeed([detectionOf(3, 1), detectionOf(3, 2)]),
		});
	});

	test('a batchGet is a read: retried on 503 like every safe ESET request', async () => {
		t.api.script((r) => r.path === '/eset/v2/detections:batchGet', {
			status: 503,
			headers: { 'retry-after': '0' },
		});
		const result = await getIncident(INCIDENT_1, { includeDetections: true });
		expect(batchGets()).toHaveLength(2);
		expect(batchGets()[0].rawBody).toBe(batchGets()[1].rawBody);
		expect(result.json[0].detections).toHaveLength(3);
	});

	test('a slow batchGet (202) is collected with its response-id', async () => {
		t.api.script(
			(r) => r.path === '/eset/v2/detections:batchGet' && !r.headers['response-id'],
			(r) => {
				t.api.eset.pending.set('slow-batch', {
					remaining: 0,
					key: `${r.method} ${r.rawPath}?${new URLSearchParams(r.query)} ${r.rawBody}`,
					collected: false,
				});
				return { status: 202, headers: { 'response-id': 'slow-batch' }, body: [] };
			},
		);
		const result = await getIncident(INCIDENT_1, { includeDetections: true });
		expect(batchGets().map((c) => c.headers['response-id'] ?? '')).toEqual(['', 'slow-batch']);
		expect(result.json[0].detections).toHaveLength(3);
	});

	test('Wait for Slow Responses off: a pending batchGet is an error, never an incident without its detections', async () => {
		t.api.script((r) => r.path === '/eset/v2/detections:batchGet', {
			status: 202,
			headers: { 'response-id': 'pending-batch' },
			body: [],
		});
		const result = await getIncident(INCIDENT_1, {
			includeDetections: true,
			waitForSlowResponses: false,
		});
		expect(result.json).toEqual([]);
		expect(result.error.message).toBe(
			"ESET Connect is still preparing the incident's detections (202, response-id pending-batch)",
		);
	});

	test('the further requests count against the rate limit: at 2 per second the third starts a second after the first', async () => {
		t.api.seedEsetDetections(250, INCIDENT_5);
		await getIncident(INCIDENT_5, { includeDetections: true, requestsPerSecond: 2 });
		const started = calls().map((c) => c.at);
		expect(started).toHaveLength(4);
		expect(started[2] - started[0]).toBeGreaterThanOrEqual(950);
		expect(started[3] - started[1]).toBeGreaterThanOrEqual(950);
	});
});

describe('Include Comments: every page', () => {
	test('follows a nextPageToken, should ESET send one, and keeps the order', async () => {
		const page = (texts: string[], next: string) => ({
			status: 200,
			body: {
				comments: texts.map((text) => ({ incidentUuid: INCIDENT_1, text })),
				nextPageToken: next,
			},
		});
		t.api.script(
			(r) => r.path.endsWith('/comments') && !r.query.pageToken,
			page(['one', 'two'], 'p2'),
		);
		t.api.script(
			(r) => r.path.endsWith('/comments') && r.query.pageToken === 'p2',
			page(['three'], 'p3'),
		);
		t.api.script(
			(r) => r.path.endsWith('/comments') && r.query.pageToken === 'p3',
			page(['four'], ''),
		);
		const result = await getIncident(INCIDENT_1, { includeComments: true });
		expect(
			calls()
				.filter((c) => c.path.endsWith('/comments'))
				.map((c) => c.query),
		).toEqual([{}, { pageToken: 'p2' }, { pageToken: 'p3' }]);
		expect((result.json[0].comments as Array<{ text: string }>).map((c) => c.text)).toEqual([
			'one',
			'two',
			'three',
			'four',
		]);
	});

	test('a page token ESET repeats stops the paging with an error: never an endless loop', async () => {
		t.api.script(
			(r) => r.path.endsWith('/comments'),
			{ status: 200, body: { comments: [], nextPageToken: 'again' } },
			5,
		);
		const result = await getIncident(INCIDENT_1, { includeComments: true });
		expect(result.error.message).toBe(
			'ESET Connect sent page token "again" a second time: paging stopped, or it would never end',
		);
		expect(calls().filter((c) => c.path.endsWith('/comments'))).toHaveLength(2);
	});

	test('an answer without the list (ESET leaves empty lists out) is no comment', async () => {
		t.api.script((r) => r.path.endsWith('/comments'), { status: 200, body: {} });
		const result = await getIncident(INCIDENT_1, { includeComments: true });
		expect(result.json[0].comments).toEqual([]);
	});

	test('an answer holding none of what ESET documents for the comments is an error saying what arrived, not “no comments”', async () => {
		t.api.script(
			(r) => r.path.endsWith('/comments'),
			{ status: 200, body: { note: 'maintenance' } },
			Infinity,
		);
		for (const options of [{ includeComments: true }, ALL]) {
			const result = await getIncident(INCIDENT_1, options);
			expect(result.json).toEqual([]);
			expect(result.error.message).toBe(
				'ESET Connect answered 200, but the answer holds no comments list, only "note": not the documented answer',
			);
		}
	});

	test('comments that are not a list of objects: an error', async () => {
		t.api.script((r) => r.path.endsWith('/comments'), {
			status: 200,
			body: { comments: ['text'] },
		});
		const result = await getIncident(INCIDENT_1, { includeComments: true });
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but its comments is not a list of objects: not the documented answer',
		);
	});

	test('the comments path is the incident’s, its UUID encoded', async () => {
		t.api.script((r) => r.method === 'GET' && r.rawPath === '/eset/v2/incidents/a%2Fb%3Fc', {
			status: 200,
			body: { incident: { uuid: 'a/b?c' } },
		});
		t.api.script((r) => r.path.endsWith('/comments'), { status: 200, body: { comments: [] } });
		await getIncident('a/b?c', { includeComments: true });
		expect(calls().map((c) => c.rawPath)).toEqual([
			'/eset/v2/incidents/a%2Fb%3Fc',
			'/eset/v2/incidents/a%2Fb%3Fc/comments',
		]);
	});
});

describe('Include Indicators: extraction from documented fields only', () => {
	test('incident 1: object hashes, URLs and their hosts, file hashes, remote addresses; each once, hashes in lower case', async () => {
		const result = await getIncident(INCIDENT_1, { includeIndicators: true });
		expect(result.json[0].indicators).toEqual(INCIDENT_1_INDICATORS);
	});

	test('never from free text: circumstances, notes, command lines, object names, triggering-event data, local addresses', async () => {
		const result = await getIncident(INCIDENT_1, { includeIndicators: true });
		const values = (result.json[0].indicators as Array<{ value: string }>)
			.map((i) => i.value)
			.join(' ');
		for (const lookalike of [
			'192.0.2.200',
			'free-text.example',
			'cmdline.example',
			'198.51.100.250',
			'circumstances.example',
			'evil.example',
			'192.0.2.10',
			'triggering-event.example',
			'192.0.2.11',
			'10.20.30.41',
			'9c1e2b1a0f0e0d0c0b0a09080706050403020100',
		]) {
			expect(values).not.toContain(lookalike);
		}
	});

	test('incident 3: e-mail attachments (and the files inside them), body parts, contained URLs, sender addresses; IPv6 canonical', async () => {
		const result = await getIncident(INCIDENT_3, { includeIndicators: true });
		expect(result.json[0].indicators).toEqual([
			{ type: 'hash', value: 'b7e23ec29af22b0b4e41da31e868d57226121c84' },
			{ type: 'hash', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
			{ type: 'hash', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
			{ type: 'hash', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
			{ type: 'url', value: 'https://login.invoice-portal.example/acme/signin' },
			{ type: 'domain', value: 'login.invoice-portal.example' },
			{ type: 'ip', value: '198.51.100.23' },
			{ type: 'ip', value: '2001:db8::7' },
		]);
	});

	test('a detection with no indicator: an empty list, and the detection is still included', async () => {
		t.api.eset.incidents[4].detectionUuids = [detectionOf(1, 3)];
		const result = await getIncident(INCIDENT_5, {
			includeDetections: true,
			includeIndicators: true,
		});
		expect(result.json[0].detections).toEqual(detectionsOfSeed([detectionOf(1, 3)]));
		expect(result.json[0].indicators).toEqual([]);
	});

	test('values that are not what their field documents are left out; hosts become domains or addresses', async () => {
		t.api.eset.detections.push({
			uuid: 'odd-values',
			objectHashSha1: 'not-a-hash',
			objectUrl: 'not a url',
			file: {
				hashSha1: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
				hashSha2256: '3395856ce81f2b7382dee72602f798b642f14140',
				containedFiles: [
					{ containedFiles: [{ hashSha1: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01' }] },
				],
			},
			email: {
				containedUrls: [
					'http://[2001:DB8::1]/x',
					'https://Login.EXAMPLE.com./path',
					'file:///C:/x.exe',
					42,
				],
				senderIpAddress: '999.1.1.1',
			},
			networkTraffic: { remoteIpAddress: ' 198.51.100.7 ', localIpAddress: '10.0.0.1' },
		});
		t.api.eset.incidents[4].detectionUuids = ['odd-values'];
		const result = await getIncident(INCIDENT_5, { includeIndicators: true });
		expect(result.json[0].indicators).toEqual([
			{ type: 'hash', value: 'abcdef0123456789abcdef0123456789abcdef01' },
			{ type: 'url', value: 'http://[2001:DB8::1]/x' },
			{ type: 'ip', value: '2001:db8::1' },
			{ type: 'url', value: 'https://Login.EXAMPLE.com./path' },
			{ type: 'domain', value: 'login.example.com' },
			{ type: 'ip', value: '198.51.100.7' },
		]);
	});

	test('de-duplicated across detections and fields: the same value from several places is one indicator', async () => {
		t.api.eset.incidents[4].detectionUuids = [
			detectionOf(1, 1),
			detectionOf(1, 2),
			detectionOf(2, 1),
			detectionOf(1, 1),
		];
		const result = await getIncident(INCIDENT_5, { includeIndicators: true });
		const indicators = result.json[0].indicators as Array<{ type: string; value: string }>;
		expect(indicators).toEqual(INCIDENT_1_INDICATORS);
		expect(new Set(indicators.map((i) => `${i.type} ${i.value}`)).size).toBe(indicators.length);
	});

	test('the indicators are exactly what Aegister’s Enrich Indicators (JSON) sends on', async () => {
		const { json } = await getIncident(INCIDENT_3, { includeIndicators: true });
		for (const indicator of json[0].indicators as object[])
			expect(Object.keys(indicator).sort()).toEqual(['type', 'value']);
		const enriched = await t.engine.run({
			node: 'aegisterIncident',
			parameters: {
				resource: 'threatIntel',
				operation: 'enrich',
				organization: { __rl: true, mode: 'id', value: '1' },
				indicatorSource: 'json',
				indicatorsJson: '={{ $json.indicators }}',
			},
			items: json,
		});
		expect(enriched.error).toBeUndefined();
		const [call] = t.api.requestsTo('aegister');
		expect(call.body).toEqual({ indicators: json[0].indicators });
		expect(enriched.json).toHaveLength(8);
	});
});

describe('Incident → Get: Include in the panel', () => {
	test('a field of its own beside the Incident UUID, for Get only: a choice made is on', () => {
		const properties = t.engine.nodeType('esetIncident').description.properties;
		const include = properties.find((p) => p.name === 'include')!;
		expect([include.type, include.default, include.displayOptions]).toEqual([
			'multiOptions',
			[],
			{ show: { resource: ['incident'], operation: ['get'] } },
		]);
		const choices = (include.options as Array<{ value: string }>).map((o) => o.value);
		expect(choices).toEqual(['comments', 'detections', 'devices', 'indicators']);
		const options = properties.find((p) => p.name === 'options')!.options as Array<{
			name: string;
		}>;
		expect(options.filter((o) => o.name.startsWith('include'))).toEqual([]);
	});

	test('choosing Detections alone adds the detections, nothing else', async () => {
		const result = await getIncident(INCIDENT_1, { includeDetections: true });
		expect(Object.keys(result.json[0])).toEqual(expect.arrayContaining(['detections']));
		expect(result.json[0].comments).toBeUndefined();
		expect(result.json[0].indicators).toBeUndefined();
	});
});
