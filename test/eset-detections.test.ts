import { v1Detection } from './support/api-double';
import { useDoubleAndEngine, actedOn } from './support/setup';

const t = useDoubleAndEngine();

const DETECTION = '00000000-0000-4000-9000-000001000002';

function detection(
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: {
		items?: Array<Record<string, unknown>>;
		continueOnFail?: boolean;
		timezone?: string;
	} = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'detection', operation, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');

describe('ESET Detection → Get', () => {
	test('GETs the detection and outputs the detection object', async () => {
		const result = await detection('get', { detectionUuid: DETECTION, simplify: false });
		expect(calls().map((c) => [c.method, c.rawPath, c.rawBody])).toEqual([
			['GET', `/eset/v2/detections/${DETECTION}`, ''],
		]);
		expect(result.json).toEqual([t.api.eset.detections.find((d) => d.uuid === DETECTION)]);
	});

	test('encodes the UUID: ESET sees one path segment, and `:resolve` cannot be smuggled in', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), {
			status: 200,
			body: { detection: { uuid: 'x' } },
		});
		await detection('get', { detectionUuid: 'a/b:resolve?x#y z' });
		expect(calls()[0].rawPath).toBe('/eset/v2/detections/a%2Fb%3Aresolve%3Fx%23y%20z');
	});

	test('an answer without the detection object is an error, not an empty item', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/detections/'), { status: 200, body: {} });
		const result = await detection('get', { detectionUuid: DETECTION });
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but the answer holds no detection object: not the documented answer',
		);
	});

	test('an unknown detection: ESET’s 404, named', async () => {
		const result = await detection('get', {
			detectionUuid: '00000000-0000-4000-9000-999999999999',
		});
		expect(result.error.message).toBe(
			'ESET Connect answered 404: the requested resource was not found',
		);
		expect(result.error.description).toContain('ESET says: detection not found');
	});

	test.each([
		['={{ "  " }}', 'Detection is empty'],
		['={{ ".." }}', 'Detection is ".."'],
		['x'.repeat(101), 'Detection is longer than 100 characters'],
		['={{ { uuid: "a" } }}', 'Detection must be text or a number'],
		['={{ "a\\nb" }}', 'Detection contains a control character'],
	])('a bad UUID (%j) is an error before any request', async (detectionUuid, message) => {
		for (const operation of ['get', 'resolve']) {
			const result = await detection(operation, { detectionUuid });
			expect(result.error.message).toBe(message);
		}
		expect(t.api.requests).toEqual([]);
	});
});

/** The device detections of the double, as `GET /v1/detections` lists them. */
const deviceDetections = () =>
	t.api.eset.detections.filter((d) => !d.cloudOfficeTenantUuid).map(v1Detection);

describe('ESET Detection → Get Many, source Devices (the default): GET /v1/detections', () => {
	test('Limit: one page of exactly the limit, one item per detection as ESET lists it', async () => {
		const result = await detection('getAll', { limit: 4, simplify: false });
		expect(calls().map((c) => [c.method, c.rawPath, c.query])).toEqual([
			['GET', '/eset/v1/detections', { pageSize: '4' }],
		]);
		expect(result.json).toEqual(deviceDetections().slice(0, 4));
	});

	test('Return All: pages of 1000 (ESET’s maximum) until nextPageToken is empty', async () => {
		t.api.seedEsetDetections(2100);
		const result = await detection('getAll', { returnAll: true });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1000', pageToken: '1000' },
			{ pageSize: '1000', pageToken: '2000' },
		]);
		expect(result.json.map((d) => d.uuid)).toEqual(deviceDetections().map((d) => d.uuid));
	});

	test('Limit above a page: follows nextPageToken and asks the last page for only what is missing', async () => {
		t.api.seedEsetDetections(1600);
		const result = await detection('getAll', { limit: 1300 });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '300', pageToken: '1000' },
		]);
		expect(result.json.map((d) => d.uuid)).toEqual(
			deviceDetections()
				.slice(0, 1300)
				.map((d) => d.uuid),
		);
	});

	test('the time window goes out as strict UTC timestamps, read in the workflow’s time zone when they have none', async () => {
		const result = await detection(
			'getAll',
			{
				returnAll: true,
				detectionFilters: {
					startTime: '2026-11-02T10:58:00',
					endTime: '2026-11-04T09:42:00+02:00',
				},
			},
			{ timezone: 'Europe/Rome' },
		);
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			startTime: '2026-11-02T09:58:00Z',
			endTime: '2026-11-04T07:42:00Z',
		});
		// occurTime >= startTime and < endTime (exclusive), as ESET documents
		expect(result.json.map((d) => d.occurTime)).toEqual([
			'2026-11-02T09:58:00Z',
			'2026-11-02T09:58:30Z',
			'2026-11-03T10:00:00Z',
		]);
	});

	test('the years 0000–0099 are sent as they are, not as 1900–1999', async () => {
		await detection(
			'getAll',
			{
				returnAll: true,
				detectionFilters: { startTime: '0025-01-01T00:00:00Z', endTime: '0099-12-31T23:00:00' },
			},
			{ timezone: 'Europe/Rome' },
		);
		// Rome kept local mean time (+00:49:56) until 1866
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			startTime: '0025-01-01T00:00:00Z',
			endTime: '0099-12-31T22:10:04Z',
		});
	});

	test('a time from an expression ($now-style DateTime) is sent in UTC too', async () => {
		await detection('getAll', {
			limit: 1,
			detectionFilters: {
				startTime: '={{ DateTime.fromISO("2026-11-01T00:00:00", { zone: "America/New_York" }) }}',
			},
		});
		expect(calls()[0].query).toEqual({ pageSize: '1', startTime: '2026-11-01T04:00:00Z' });
	});

	test('the device is sent as deviceUuid; nothing else (v1 takes no filter, order or tenant)', async () => {
		const device = t.api.eset.detections[0].device!.uuid;
		const result = await detection('getAll', {
			returnAll: true,
			detectionFilters: { deviceUuid: ` ${device} `, cloudOfficeTenantUuid: 'left over' },
		});
		expect(calls()[0].query).toEqual({ pageSize: '1000', deviceUuid: device });
		expect(result.json.length).toBeGreaterThan(0);
		// simplified: the device's UUID from v1's context, at the top
		for (const item of result.json) expect(item.deviceUuid).toBe(device);
	});

	test('an empty page may leave the list out: no items, no error', async () => {
		const result = await detection('getAll', {
			returnAll: true,
			detectionFilters: { startTime: '2030-01-01T00:00:00Z' },
		});
		expect(calls()).toHaveLength(1);
		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([]);
	});

	test('a list that is not a list of objects is an error', async () => {
		t.api.script((r) => r.path === '/eset/v1/detections', {
			status: 200,
			body: { detections: 'none' },
		});
		const result = await detection('getAll', { returnAll: true });
		expect(result.error.message).toBe(
			'ESET Connect answered 200, but its detections is not a list of objects: not the documented answer',
		);
	});

	test.each([
		[
			{ startTime: 'yesterday' },
			'Filters → Occurred After: "yesterday" is not an ISO 8601 date and time (for example 2026-11-20T08:15:00Z, or 2026-11-20)',
		],
		[
			{ endTime: '2026-02-30' },
			'Filters → Occurred Before: "2026-02-30" is not a date that exists',
		],
		[
			{ startTime: '2026-11-05T00:00:00Z', endTime: '2026-11-04T00:00:00Z' },
			'Filters → Occurred After must be before Filters → Occurred Before',
		],
		[
			{ startTime: '2026-11-04T00:00:00Z', endTime: '2026-11-04T01:00:00+01:00' },
			'Filters → Occurred After must be before Filters → Occurred Before',
		],
		[{ deviceUuid: 'd'.repeat(101) }, 'Filters → Device UUID is longer than 100 characters'],
		[
			{ endTime: '9999-12-31T23:00:00-05:00' },
			'Filters → Occurred Before: +010000-01-01T04:00:00Z (in UTC) is outside the years 0000–9999 that an ISO 8601 date and time can hold',
		],
	])('%j is an error before any request', async (detectionFilters, message) => {
		const result = await detection('getAll', { returnAll: true, detectionFilters });
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Detection → Get Many, source Cloud Office: GET /v2/detections', () => {
	test('the tenant is sent as cloudOfficeTenantUuid; its detections come out one item each', async () => {
		const result = await detection('getAll', {
			source: 'cloudOffice',
			returnAll: true,
			simplify: false,
			detectionFilters: { cloudOfficeTenantUuid: ' tenant-acme-m365 ' },
		});
		expect(calls().map((c) => [c.rawPath, c.query])).toEqual([
			['/eset/v2/detections', { pageSize: '1000', cloudOfficeTenantUuid: 'tenant-acme-m365' }],
		]);
		expect(result.json).toEqual(
			t.api.eset.detections.filter((d) => d.cloudOfficeTenantUuid === 'tenant-acme-m365'),
		);
	});

	test("without a tenant, a device tenant's 501 says what it is", async () => {
		const result = await detection('getAll', { source: 'cloudOffice', limit: 5 });
		expect(result.error.message).toBe('ESET Connect answered 501: not implemented for this tenant');
		expect(result.error.description).toContain('ESET says: not implemented');
		expect(result.error.description).toContain('choose Source: Devices');
	});

	test('a too long tenant is an error before any request', async () => {
		const result = await detection('getAll', {
			source: 'cloudOffice',
			returnAll: true,
			detectionFilters: { cloudOfficeTenantUuid: 't'.repeat(101) },
		});
		expect(result.error.message).toBe(
			'Filters → Cloud Office Tenant UUID is longer than 100 characters',
		);
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Detection → Resolve', () => {
	test('POSTs {"note"} to …:resolve, outputs {"success": true}, and the detection is resolved', async () => {
		const result = await detection('resolve', {
			detectionUuid: DETECTION,
			note: 'False positive: signed in-house tool',
		});
		const [call] = calls();
		expect([call.method, call.rawPath, call.body]).toEqual([
			'POST',
			`/eset/v2/detections/${DETECTION}:resolve`,
			{ note: 'False positive: signed in-house tool' },
		]);
		expect(result.json).toEqual([actedOn('resolve', { detectionUuid: DETECTION })]);
		expect(t.api.eset.detections.find((d) => d.uuid === DETECTION)).toMatchObject({
			resolved: true,
			note: 'False positive: signed in-house tool',
		});
	});

	test('without a note: the empty JSON object ESET requires', async () => {
		await detection('resolve', { detectionUuid: DETECTION });
		expect(calls()[0].rawBody).toBe('{}');
		expect(calls()[0].headers['content-type']).toBe('application/json');
	});

	test('is retried on 503 (resolving twice is harmless)', async () => {
		t.api.script((r) => r.path.endsWith(':resolve'), {
			status: 503,
			headers: { 'retry-after': '0' },
		});
		const result = await detection('resolve', { detectionUuid: DETECTION });
		expect(calls()).toHaveLength(2);
		expect(result.json).toEqual([actedOn('resolve', { detectionUuid: DETECTION })]);
	});
});

describe('ESET Detection: the panel and the AI agent', () => {
	const properties = () => t.engine.nodeType('esetIncident').description.properties;

	test('the resource offers Get, Get Many and Resolve, each with an action and a description', () => {
		const operation = properties().find(
			(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('detection'),
		)!;
		const options = operation.options as Array<{
			value: string;
			action: string;
			description: string;
		}>;
		expect(options.map((o) => o.value)).toEqual(['get', 'getAll', 'resolve']);
		for (const option of options)
			expect([option.action, option.description]).toEqual([
				expect.any(String),
				expect.stringMatching(/^[A-Z][^.]{10,80}$/),
			]);
		expect(options.find((o) => o.value === 'resolve')!.description).toMatch(/cannot be undone/);
	});
});
