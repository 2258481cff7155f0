import type { RecordedRequest } from './support/api-double';
import { expectNoSecrets, useDoubleAndEngine, actedOn } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';

function eset(
	parameters: Record<string, unknown>,
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	return t.engine.run({ node: 'esetIncident', parameters, ...extra });
}

const close = (options: Record<string, unknown> = {}, extra = {}) =>
	eset(
		{
			resource: 'incident',
			operation: 'close',
			incidentUuid: INCIDENT,
			closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
			options,
		},
		extra,
	);

const calls = () => t.api.requestsTo('incidents');
const isApiCall = (r: RecordedRequest) => r.path.startsWith('/eset/v2/');
const gaps = (requests: RecordedRequest[]) =>
	requests.slice(1).map((r, i) => r.at - requests[i].at);

describe('ESET transport: slow responses (202 + response-id)', () => {
	test('re-sends the identical request with the response-id header until the real answer arrives', async () => {
		t.api.eset.slowResponses = 1;
		t.api.eset.pollsUntilReady = 2;
		const result = await close();

		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		const [first, ...polls] = calls();
		expect(polls).toHaveLength(2);
		const responseId = [...t.api.eset.pending.keys()][0];
		expect(first.headers['response-id']).toBeUndefined();
		for (const poll of polls) {
			expect([poll.method, poll.rawPath, poll.query, poll.rawBody]).toEqual([
				first.method,
				first.rawPath,
				first.query,
				first.rawBody,
			]);
			expect(poll.headers['response-id']).toBe(responseId);
		}
		// Backs off between polls: about 1 s, then 2 s.
		const [firstGap, secondGap] = gaps(calls());
		expect(firstGap).toBeGreaterThanOrEqual(950);
		expect(secondGap).toBeGreaterThanOrEqual(1950);
	});

	test('collects slow pages of Get Many too', async () => {
		t.api.seedEsetIncidents(1200);
		t.api.script(
			(r) => r.query.pageToken === '1000' && !r.headers['response-id'],
			(r) => {
				const id = 'slow-page';
				t.api.eset.pending.set(id, {
					remaining: 0,
					key: `${r.method} ${r.rawPath}?${new URLSearchParams(r.query)} ${r.rawBody}`,
					collected: false,
				});
				return { status: 202, headers: { 'response-id': id }, body: [] };
			},
		);
		const result = await eset({ resource: 'incident', operation: 'getAll', returnAll: true });
		expect(result.json).toHaveLength(1200);
		expect(calls().map((c) => [c.query.pageToken ?? '', c.headers['response-id'] ?? ''])).toEqual([
			['', ''],
			['1000', ''],
			['1000', 'slow-page'],
		]);
	});

	test('gives up after Max Wait with an error naming the response-id: no endless polling', async () => {
		t.api.script(
			isApiCall,
			{ status: 202, headers: { 'response-id': 'never-ready' }, body: [] },
			1000,
		);
		// collected after 1 s; the next try, 2 s later, would leave less than a second of Max Wait
		const result = await close({ maxWaitSeconds: 3 });
		expect(calls()).toHaveLength(2);
		expect(result.error.message).toMatch(
			/^ESET Connect is still processing the request after 1 s \(response-id never-ready\)/,
		);
	});

	test('a 404 while collecting says that ESET dropped the cached result', async () => {
		t.api.eset.slowResponses = 1;
		t.api.script((r) => isApiCall(r) && !!r.headers['response-id'], {
			status: 404,
			headers: { 'request-id': 'rid-404' },
		});
		const result = await close();
		expect(result.error.message).toMatch(
			/^ESET Connect no longer holds the result of response-id [0-9a-f-]+: cached results expire 10 minutes after the 202/,
		);
		expect(result.error.description).toContain('request-id: rid-404');
	});

	test('"Wait for Slow Responses" off: outputs {pending, responseId, requestId} at once', async () => {
		t.api.eset.slowResponses = 1;
		const result = await close({ waitForSlowResponses: false });
		expect(calls()).toHaveLength(1);
		expect(result.json).toEqual([
			{
				pending: true,
				responseId: [...t.api.eset.pending.keys()][0],
				requestId: expect.any(String),
			},
		]);
	});
});

describe('ESET transport: 429 and 5xx', () => {
	test('retries a 429 burst, honouring Retry-After', async () => {
		t.api.script(isApiCall, { status: 429, headers: { 'retry-after': '1' } }, 2);
		const result = await close();
		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		expect(calls()).toHaveLength(3);
		for (const gap of gaps(calls())) expect(gap).toBeGreaterThanOrEqual(950);
	});

	test("without Retry-After, holds back half a second each time (ESET's window drains)", async () => {
		t.api.script(isApiCall, { status: 429 }, 2);
		const result = await close();
		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		for (const gap of gaps(calls())) expect(gap).toBeGreaterThanOrEqual(490);
	});

	test('with Requests per Second 0, a 429 still waits for Retry-After before the retry', async () => {
		t.api.script(isApiCall, { status: 429, headers: { 'retry-after': '1' } }, 1);
		const result = await close({ requestsPerSecond: 0 });
		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		for (const gap of gaps(calls())) expect(gap).toBeGreaterThanOrEqual(950);
	});

	test('a server that always answers 429 is retried while Max Wait lasts, then a clear error', async () => {
		t.api.script(isApiCall, { status: 429, headers: { 'retry-after': '1' } }, 1000);
		const started = Date.now();
		const result = await close({ maxRetries: 0, maxWaitSeconds: 3 });
		expect(Date.now() - started).toBeLessThan(4000);
		// nothing gets through, so the limiter also slows down to its floor (a twentieth of the limit)
		expect(calls().length).toBeGreaterThanOrEqual(2);
		expect(calls().length).toBeLessThanOrEqual(4);
		expect(result.error.message).toBe(
			'ESET Connect answered 429: rate limit reached; try again later',
		);
		expect(result.error.description).toMatch(
			/ESET asks to wait 1 s \(until \d{4}-\d\d-\d\dT[\d:]+Z\), longer than what is left of "Max Wait"; nothing was done/,
		);
	});

	test.each([502, 503, 504])('retries %i for reads', async (status) => {
		t.api.script(isApiCall, { status, headers: { 'retry-after': '0' } }, 2);
		const result = await eset({ resource: 'incident', operation: 'get', incidentUuid: INCIDENT });
		expect(result.json[0].uuid).toBe(INCIDENT);
		expect(calls()).toHaveLength(3);
	});

	test.each([502, 503, 504])(
		'retries %i for writes that are safe to repeat (close)',
		async (status) => {
			t.api.script(isApiCall, { status, headers: { 'retry-after': '0' } }, 1);
			const result = await close();
			expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
			expect(calls()).toHaveLength(2);
		},
	);

	test.each([502, 503, 504])(
		'does not repeat %i for creating a comment (it could create it twice)',
		async (status) => {
			t.api.script(isApiCall, { status, headers: { 'retry-after': '0' } }, 1);
			const result = await eset({
				resource: 'comment',
				operation: 'create',
				commentIncidentUuid: INCIDENT,
				text: 'once',
			});
			expect(result.error.httpCode).toBe(String(status));
			expect(calls()).toHaveLength(1);
		},
	);

	test('does not retry other errors', async () => {
		t.api.script(isApiCall, { status: 500 }, 1);
		const result = await close();
		expect(result.error.message).toBe(
			'ESET Connect answered 500: internal server failure; try again later',
		);
		expect(calls()).toHaveLength(1);
	});
});

describe('ESET transport: rate limit', () => {
	test('many items stay within 10 requests per second without any batching setting', async () => {
		t.api.eset.requestsPerSecondLimit = 10;
		const items = Array.from({ length: 25 }, () => ({}));
		const result = await close({}, { items });

		expect(result.json).toEqual(items.map(() => actedOn('close', { incidentUuid: INCIDENT })));
		expect(t.api.eset.tooManyRequestsSent).toBe(0);
		const starts = calls().map((c) => c.at);
		for (const start of starts) {
			expect(starts.filter((at) => at >= start && at < start + 1000).length).toBeLessThanOrEqual(
				10,
			);
		}
	});

	test('recovers when ESET still answers 429 (another workflow uses the same API user): no item fails', async () => {
		t.api.eset.requestsPerSecondLimit = 4;
		const items = Array.from({ length: 8 }, () => ({}));
		const result = await close({ requestsPerSecond: 10 }, { items });
		expect(result.json).toEqual(items.map(() => actedOn('close', { incidentUuid: INCIDENT })));
		expect(t.api.eset.tooManyRequestsSent).toBeGreaterThan(0);
	});
});

describe('ESET transport: every call', () => {
	test('one set of headers on every ESET request: API, token endpoint, trigger, credential test', async () => {
		const { version } = require('../package.json') as { version: string };
		await eset({ resource: 'incident', operation: 'get', incidentUuid: INCIDENT });
		await eset({ resource: 'incident', operation: 'getAll', limit: 2 });
		await eset({
			resource: 'incident',
			operation: 'update',
			incidentUuid: INCIDENT,
			updateFields: { displayName: 'x' },
		});
		await eset({
			resource: 'comment',
			operation: 'create',
			commentIncidentUuid: INCIDENT,
			text: 'hello',
		});
		await t.engine
			.activateTrigger({ node: 'esetIncidentTrigger', parameters: { event: 'incidentCreated' } })
			.poll();
		t.engine.setCredentials({ esetConnectApi: { ...t.api.credentials().esetConnectApi } });
		expect((await t.engine.testCredential('esetConnectApi')).status).toBe('OK');
		const kinds = new Set(
			t.api.requests.map((r) =>
				r.path.endsWith('/oauth/token')
					? 'token'
					: r.query.pageSize === '1'
						? 'list of one'
						: r.method,
			),
		);
		expect([...kinds].sort()).toEqual(['GET', 'POST', 'list of one', 'token']);
		for (const request of t.api.requests) {
			expect([request.path, request.headers['3rd-integration'], request.headers.version]).toEqual([
				request.path,
				`n8n-nodes-security-incidents/${version}`,
				version,
			]);
		}
	});

	test('errors after retries carry no secret', async () => {
		t.api.script(isApiCall, { status: 503, headers: { 'retry-after': '0' } }, 1000);
		const result = await close({ maxRetries: 1 });
		expect(result.error.message).toBe(
			'ESET Connect answered 503: environment under maintenance; try again later',
		);
		expectNoSecrets(t.api, result.error, result.run);
	});
});

describe('ESET transport: no rate limit', () => {
	test('Requests per Second 0 sends all items at once (for a proxy that limits, or a test server)', async () => {
		t.api.eset.latencyMs = 1000;
		const items = Array.from({ length: 30 }, () => ({}));
		const result = await close({ requestsPerSecond: 0 }, { items });
		expect(result.json).toHaveLength(30);
		// Spaced for 10/s, about ten would be waiting for an answer at once; unlimited, all of them.
		expect(t.api.eset.maxInFlight).toBe(30);
	});
});
