/**
 * Trustworthy off the happy path, 3: nothing hangs. A server that never answers, stalls its body or
 * trickles it forever fails within Options → Timeout; the token request too; a Retry-After beyond
 * Max Wait fails at once; Stop aborts what is in flight; page loops end; options set by expression
 * are checked before anything is sent.
 */
import { behaviours, HostileServer, SilentTcpServer } from './support/hostile-server';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();
const vendor = new HostileServer('vendor');
const blackHole = new SilentTcpServer();

beforeAll(async () => {
	await vendor.start();
	await blackHole.start();
});
beforeEach(() => {
	vendor.reset();
	credentials({});
});
afterAll(async () => {
	await vendor.stop();
	await blackHole.stop();
});

jest.setTimeout(20_000);

const INCIDENT = '00000000-0000-4000-8000-000000000001';
/** Stops a run that a broken guard would leave hanging, so that a failure is an assertion, not a stuck suite. */
const SAFETY_NET_MS = 8000;

function credentials(change: { esetApi?: string; esetToken?: string; aegister?: string }) {
	const { esetConnectApi, aegisterApi } = t.api.credentials();
	t.engine.setCredentials({
		esetConnectApi: {
			...esetConnectApi,
			incidentManagementUrl: change.esetApi ?? `${vendor.url}/eset`,
			...(change.esetToken ? { tokenUrl: change.esetToken } : {}),
		},
		aegisterApi: { ...aegisterApi, baseUrl: change.aegister ?? `${vendor.url}/aegister` },
	});
}

type RunExtra = {
	items?: Array<Record<string, unknown>>;
	continueOnFail?: boolean;
	cancelAfterMs?: number;
};
const organization = { __rl: true, mode: 'id', value: '1' };

const esetGet = (options: Record<string, unknown>, extra: RunExtra = {}) =>
	t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'get', incidentUuid: INCIDENT, options },
		cancelAfterMs: SAFETY_NET_MS,
		...extra,
	});
const esetClose = (options: Record<string, unknown>, extra: RunExtra = {}) =>
	t.engine.run({
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'close',
			incidentUuid: INCIDENT,
			closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
			options,
		},
		cancelAfterMs: SAFETY_NET_MS,
		...extra,
	});
const esetGetMany = (parameters: Record<string, unknown>) =>
	t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'getAll', ...parameters },
		cancelAfterMs: SAFETY_NET_MS,
	});
const aegisterUpdate = (options: Record<string, unknown>, extra: RunExtra = {}) =>
	t.engine.run({
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization,
			incidentId: '101',
			updateFields: { title: 'x' },
			options,
		},
		cancelAfterMs: SAFETY_NET_MS,
		...extra,
	});

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
	const started = Date.now();
	const result = await work();
	return [result, Date.now() - started];
}

/** Until `condition` holds (at most `ms`): the server side of a connection closes a moment after the client's. */
async function eventually(condition: () => boolean, ms = 1000) {
	const end = Date.now() + ms;
	while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
	return condition();
}

const isEsetApi = (r: { path: string }) => r.path.startsWith('/eset/v2/');

describe('every exchange ends within Options → Timeout, the whole answer included', () => {
	test.each([
		['never answers', behaviours.hang()],
		['sends the headers, then stalls the body', behaviours.stallBody()],
	])('ESET: a server that %s fails after the 1 s Timeout', async (_what, behaviour) => {
		vendor.on(isEsetApi, behaviour);
		const [result, ms] = await timed(() => esetGet({ timeoutSeconds: 1, maxRetries: 0 }));

		expect(result.error.message).toBe(
			`ESET Connect (${vendor.host}) did not answer completely within 1 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeGreaterThanOrEqual(900);
		expect(ms).toBeLessThan(3000);
		expect(result.json).toEqual([]);
		// the node hung up: no connection is left behind
		expect(await eventually(() => vendor.requests.every((r) => r.closedAt !== undefined))).toBe(
			true,
		);
	});

	test('ESET: a TCP listener that accepts and never reads fails after the Timeout', async () => {
		credentials({ esetApi: `${blackHole.url}/eset` });
		const [result, ms] = await timed(() => esetGet({ timeoutSeconds: 1 }));

		expect(result.error.message).toBe(
			`ESET Connect (${blackHole.host}) did not answer completely within 1 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeLessThan(3000);
		expect(blackHole.connections).toBeGreaterThanOrEqual(1);
		expect(await eventually(() => blackHole.open === 0)).toBe(true);
	});

	test('ESET: a body trickled a byte every 300 ms (never idle for a whole Timeout) fails after the 2 s Timeout', async () => {
		vendor.on(isEsetApi, behaviours.trickle(300));
		const [result, ms] = await timed(() => esetGet({ timeoutSeconds: 2, maxRetries: 0 }));

		expect(result.error.message).toBe(
			`ESET Connect (${vendor.host}) did not answer completely within 2 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeGreaterThanOrEqual(1900);
		expect(ms).toBeLessThan(4000);
		expect(await eventually(() => vendor.requests[0]?.closedAt !== undefined)).toBe(true);
	});

	test('ESET: the token request too — a hung token endpoint fails after the Timeout, and no API call is made', async () => {
		credentials({ esetToken: `${vendor.url}/oauth/token` });
		vendor.on((r) => r.path === '/oauth/token', behaviours.hang());
		const [result, ms] = await timed(() => esetGet({ timeoutSeconds: 1 }));

		expect(result.error.message).toBe(
			`the ESET token endpoint (${vendor.host}) did not answer completely within 1 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeLessThan(3000);
		expect(vendor.requests.filter(isEsetApi)).toEqual([]);
	});

	test.each([
		['never answers', behaviours.hang()],
		['stalls the body', behaviours.stallBody('{"error": 0, "data": {')],
	])('Aegister: a server that %s fails after the 1 s Timeout', async (_what, behaviour) => {
		vendor.always(behaviour);
		const [result, ms] = await timed(() => aegisterUpdate({ timeoutSeconds: 1 }));

		expect(result.error.message).toBe(
			`Aegister (${vendor.host}) did not answer completely within 1 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeGreaterThanOrEqual(900);
		expect(ms).toBeLessThan(3000);
	});

	test('Aegister: a body trickled a byte every 2 s forever fails after the 3 s Timeout', async () => {
		vendor.always(behaviours.trickle(2000));
		const [result, ms] = await timed(() => aegisterUpdate({ timeoutSeconds: 3 }));

		expect(result.error.message).toBe(
			`Aegister (${vendor.host}) did not answer completely within 3 s; raise "Timeout" if it is just slow`,
		);
		expect(ms).toBeGreaterThanOrEqual(2900);
		expect(ms).toBeLessThan(5000);
	});
});

describe('Retry-After beyond Max Wait', () => {
	test('Retry-After: 100000 fails at once, saying when to retry', async () => {
		vendor.on(
			isEsetApi,
			behaviours.json(
				429,
				{ code: 8, message: 'rate limit reached' },
				{ 'retry-after': '100000', 'request-id': 'rid-429' },
			),
		);
		const [result, ms] = await timed(() => esetClose({}));

		expect(ms).toBeLessThan(2000);
		expect(vendor.requests.filter(isEsetApi)).toHaveLength(1);
		expect(result.error.message).toBe(
			'ESET Connect answered 429: rate limit reached; try again later',
		);
		const [, until] =
			/ESET asks to wait 100000 s \(until (\S+)\), longer than what is left of "Max Wait"; nothing was done, so the item can be retried then/.exec(
				result.error.description,
			) ?? [];
		expect(Math.abs(Date.parse(until) - (Date.now() + 100_000_000))).toBeLessThan(10_000);
		expect(result.error.description).toContain('request-id: rid-429');
	});

	test('429 until Max Wait ends: the error is the 429, not a timeout of a last attempt with no time left', async () => {
		vendor.on(isEsetApi, behaviours.json(429, { code: 8, message: 'rate limit reached' }));
		const [result, ms] = await timed(() => esetClose({ maxWaitSeconds: 3 }));

		expect(result.error.message).toBe(
			'ESET Connect answered 429: rate limit reached; try again later',
		);
		expect(result.error.description).toMatch(
			/longer than what is left of "Max Wait"; nothing was done/,
		);
		expect(ms).toBeLessThan(3500);
		// every attempt had a second or more for its answer
		const at = vendor.requests.filter(isEsetApi).map((r) => r.at);
		expect(at.length).toBeGreaterThanOrEqual(2);
		expect(at[at.length - 1] - at[0]).toBeLessThanOrEqual(2100);
	});

	test('Retry-After: 100000 with several items: every item fails at once, none waits for the pause', async () => {
		vendor.on(
			isEsetApi,
			behaviours.json(429, { code: 8, message: 'rate limit reached' }, { 'retry-after': '100000' }),
		);
		const [result, ms] = await timed(() =>
			esetClose({}, { items: [{}, {}, {}], continueOnFail: true, cancelAfterMs: 3000 }),
		);

		expect(ms).toBeLessThan(2500);
		expect(result.items).toHaveLength(3);
		for (const item of result.items)
			expect(item.error?.message ?? item.json.error).toMatch(/429|rate limit|wait/);
	});

	test('after a Retry-After: 100000, the next execution of the same API user fails at once too, not after 27 hours', async () => {
		vendor.on(
			isEsetApi,
			behaviours.json(429, { code: 8, message: 'rate limit reached' }, { 'retry-after': '100000' }),
		);
		await esetClose({});
		const [result, ms] = await timed(() => esetClose({}, { cancelAfterMs: 3000 }));

		expect(ms).toBeLessThan(2500);
		expect(result.error?.message).toMatch(/429|rate limit|wait/);
	});
});

describe('Stop aborts what is in flight', () => {
	/** Stops the run after 500 ms; Timeout and Max Wait are far away. */
	const STOP_AFTER_MS = 500;

	test('an ESET request to a server that never answers', async () => {
		vendor.on(isEsetApi, behaviours.hang());
		const [result, ms] = await timed(() =>
			esetGet({ timeoutSeconds: 30 }, { cancelAfterMs: STOP_AFTER_MS }),
		);

		expect(ms).toBeLessThan(STOP_AFTER_MS + 1500);
		expect(result.json).toEqual([]);
		const [request] = vendor.requests;
		expect(await eventually(() => request.closedAt !== undefined)).toBe(true);
		expect(request.answered).toBe(false);
		expect(request.closedAt! - request.at).toBeLessThan(1500);
	});

	test('a hung token request (the API is never called)', async () => {
		credentials({ esetToken: `${vendor.url}/oauth/token` });
		vendor.on((r) => r.path === '/oauth/token', behaviours.hang());
		const [result, ms] = await timed(() =>
			esetGet({ timeoutSeconds: 30 }, { cancelAfterMs: STOP_AFTER_MS }),
		);

		expect(ms).toBeLessThan(STOP_AFTER_MS + 1500);
		expect(result.json).toEqual([]);
		const [request] = vendor.requests;
		expect(request.path).toBe('/oauth/token');
		expect(await eventually(() => request.closedAt !== undefined)).toBe(true);
		expect(request.answered).toBe(false);
		expect(vendor.requests.filter(isEsetApi)).toEqual([]);
	});

	test('the wait for a Retry-After within Max Wait', async () => {
		vendor.on(isEsetApi, behaviours.json(429, { code: 8 }, { 'retry-after': '20' }));
		const [result, ms] = await timed(() =>
			esetClose({ maxWaitSeconds: 60 }, { cancelAfterMs: STOP_AFTER_MS }),
		);

		expect(ms).toBeLessThan(STOP_AFTER_MS + 1500);
		expect(result.json).toEqual([]);
		expect(vendor.requests.filter(isEsetApi)).toHaveLength(1);
	});

	test('an Aegister request to a server that never answers', async () => {
		vendor.always(behaviours.hang());
		const [result, ms] = await timed(() =>
			aegisterUpdate({ timeoutSeconds: 30 }, { cancelAfterMs: STOP_AFTER_MS }),
		);

		expect(ms).toBeLessThan(STOP_AFTER_MS + 1500);
		expect(result.json).toEqual([]);
		expect(await eventually(() => vendor.requests[0]?.closedAt !== undefined)).toBe(true);
		expect(vendor.requests[0].answered).toBe(false);
	});
});

describe('page loops end', () => {
	test.each([
		['Return All', { returnAll: true }],
		['a Limit beyond what arrives', { limit: 100000 }],
	])(
		'ESET repeating its nextPageToken (%s): a clear error after the repeat, not an endless loop',
		async (_what, parameters) => {
			vendor.on(isEsetApi, behaviours.esetRepeatingPages('page-2'));
			const [result, ms] = await timed(() =>
				esetGetMany({ ...parameters, options: { requestsPerSecond: 0 } }),
			);

			expect(result.error.message).toBe(
				'ESET Connect sent page token "page-2" a second time: paging stopped, or it would never end',
			);
			expect(result.error.description).toContain('Narrow the filter, or set a Limit');
			expect(vendor.requests.filter(isEsetApi).map((r) => r.query.pageToken ?? '')).toEqual([
				'',
				'page-2',
			]);
			expect(ms).toBeLessThan(3000);
		},
	);

	test('ESET sending empty pages, each with a new nextPageToken: a clear error after 20, not 10 000 pages', async () => {
		let page = 0;
		vendor.on(
			isEsetApi,
			behaviours.echo(() => ({
				status: 200,
				body: { incidents: [], nextPageToken: `page-${++page}` },
			})),
		);
		const [result, ms] = await timed(() =>
			esetGetMany({ returnAll: true, options: { requestsPerSecond: 0 } }),
		);

		expect(result.error.message).toBe(
			'ESET Connect sent 20 pages in a row without an entry, each with a new page token: paging stopped, or it might never end',
		);
		expect(vendor.requests.filter(isEsetApi)).toHaveLength(20);
		expect(ms).toBeLessThan(3000);
	});

	test('empty pages between full ones are followed: only empty pages in a row count', async () => {
		let page = 0;
		vendor.on(
			isEsetApi,
			behaviours.echo(() => {
				page++;
				const incidents =
					page % 10 === 0
						? [{ uuid: `00000000-0000-4000-8000-${String(page).padStart(12, '0')}` }]
						: [];
				return {
					status: 200,
					body: { incidents, ...(page < 45 ? { nextPageToken: `page-${page}` } : {}) },
				};
			}),
		);
		const result = await esetGetMany({ returnAll: true, options: { requestsPerSecond: 0 } });

		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(4);
		expect(vendor.requests.filter(isEsetApi)).toHaveLength(45);
	});

	test('Aegister ignoring offset (the same page again and again): a clear error, not an endless loop', async () => {
		vendor.always(behaviours.aegisterIgnoringOffset());
		const [result, ms] = await timed(() =>
			t.engine.run({
				node: 'aegisterIncident',
				parameters: { resource: 'organization', operation: 'getAll', returnAll: true },
				cancelAfterMs: SAFETY_NET_MS,
			}),
		);

		expect(result.error.message).toBe(
			'Aegister sent the same page of organizations again at offset 50: paging stopped, or it would never end',
		);
		expect(vendor.requests.map((r) => r.query.offset)).toEqual(['0', '50']);
		expect(ms).toBeLessThan(3000);
	});
});

describe('options set by expression are checked before anything is sent', () => {
	test.each([
		['maxWaitSeconds', '={{ NaN }}', 'Options → Max Wait (Seconds)'],
		['maxWaitSeconds', '={{ "soon" }}', 'Options → Max Wait (Seconds)'],
		['requestsPerSecond', '={{ 1e-6 }}', 'Options → Requests per Second'],
		['maxRetries', '={{ 1e9 }}', 'Options → Max Retries'],
		['maxRetries', '={{ 2.5 }}', 'Options → Max Retries'],
		['timeoutSeconds', '={{ 0 }}', 'Options → Timeout (Seconds)'],
		['timeoutSeconds', '={{ -1 }}', 'Options → Timeout (Seconds)'],
	])('ESET %s %s: an error naming the option, nothing sent', async (option, value, name) => {
		const result = await esetClose({ [option]: value });

		expect(result.error.message.startsWith(name)).toBe(true);
		expect(result.error.message).toMatch(/must be/);
		expect(vendor.requests).toEqual([]);
		expect(t.api.requests).toEqual([]);
	});

	test.each([['={{ 0 }}'], ['={{ NaN }}'], ['={{ 1e9 }}']])(
		'Aegister Timeout %s: an error naming the option, nothing sent',
		async (value) => {
			const result = await aegisterUpdate({ timeoutSeconds: value });

			expect(result.error.message.startsWith('Options → Timeout (Seconds)')).toBe(true);
			expect(vendor.requests).toEqual([]);
		},
	);
});
