import { useDoubleAndEngine, actedOn } from './support/setup';

const t = useDoubleAndEngine();

/** the group of detection 3 of incident 1 (the EDR rule detection on device-1) */
const GROUP = '00000000-0000-4000-a000-000001000003';
const DETECTION = '00000000-0000-4000-9000-000001000003';

function detectionGroup(
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
		parameters: { resource: 'detectionGroup', operation, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');
const suffixes = (groups: Array<Record<string, unknown>>) =>
	groups.map((g) => String(g.uuid).slice(-12));

describe('ESET Detection Group → Get', () => {
	test('GETs the group and outputs the detection group object', async () => {
		const result = await detectionGroup('get', { detectionGroupUuid: GROUP, simplify: false });
		expect(calls().map((c) => [c.method, c.rawPath, c.rawBody])).toEqual([
			['GET', `/eset/v2/detection-groups/${GROUP}`, ''],
		]);
		expect(result.json).toEqual([t.api.eset.detectionGroups.find((g) => g.uuid === GROUP)]);
		expect(result.json[0].detectionOccurenceUuids).toEqual([DETECTION]);
	});

	test('encodes the UUID into one path segment', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), {
			status: 200,
			body: { detectionGroup: { uuid: 'x' } },
		});
		await detectionGroup('get', { detectionGroupUuid: 'a/b:resolve?x#y z' });
		expect(calls()[0].rawPath).toBe('/eset/v2/detection-groups/a%2Fb%3Aresolve%3Fx%23y%20z');
	});

	test('an answer without the group is an error; an unknown group is ESET’s 404, named', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/detection-groups/'), { status: 200, body: {} });
		expect((await detectionGroup('get', { detectionGroupUuid: GROUP })).error.message).toBe(
			'ESET Connect answered 200, but the answer holds no detectionGroup object: not the documented answer',
		);
		const unknown = await detectionGroup('get', {
			detectionGroupUuid: '00000000-0000-4000-a000-999999999999',
		});
		expect(unknown.error.message).toBe(
			'ESET Connect answered 404: the requested resource was not found',
		);
		expect(unknown.error.description).toContain('ESET says: detection group not found');
	});

	test.each([
		['={{ "  " }}', 'Detection Group is empty'],
		['={{ ".." }}', 'Detection Group is ".."'],
		['x'.repeat(101), 'Detection Group is longer than 100 characters'],
		['={{ ["a"] }}', 'Detection Group must be text or a number'],
	])('a bad UUID (%j) is an error before any request', async (detectionGroupUuid, message) => {
		for (const operation of ['get', 'resolve']) {
			const result = await detectionGroup(operation, { detectionGroupUuid });
			expect(result.error.message).toBe(message);
		}
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Detection Group → Get Many', () => {
	test('Limit: one page of exactly the limit, one item per group', async () => {
		const result = await detectionGroup('getAll', { limit: 3, simplify: false });
		expect(calls().map((c) => [c.method, c.rawPath, c.query])).toEqual([
			['GET', '/eset/v2/detection-groups', { pageSize: '3' }],
		]);
		expect(result.json).toEqual(t.api.eset.detectionGroups.slice(0, 3));
	});

	test('Return All: pages of 1000 until nextPageToken is empty; Limit asks the last page for only what is missing', async () => {
		t.api.seedEsetDetectionGroups(2100);
		const all = await detectionGroup('getAll', { returnAll: true });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1000', pageToken: '1000' },
			{ pageSize: '1000', pageToken: '2000' },
		]);
		expect(all.json.map((g) => g.uuid)).toEqual(t.api.eset.detectionGroups.map((g) => g.uuid));
		t.api.requests = [];
		const limited = await detectionGroup('getAll', { limit: 1300 });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '300', pageToken: '1000' },
		]);
		expect(limited.json).toHaveLength(1300);
	});

	test('the time window goes out as strict UTC, read in the workflow’s time zone; device and tenant as sent', async () => {
		const result = await detectionGroup(
			'getAll',
			{
				returnAll: true,
				detectionGroupFilters: {
					startTime: '2026-11-02T10:57:00',
					endTime: '2026-11-02T10:59:00+01:00',
					deviceUuid: ' device-1 ',
				},
			},
			{ timezone: 'Europe/Rome' },
		);
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			startTime: '2026-11-02T09:57:00Z',
			endTime: '2026-11-02T09:59:00Z',
			deviceUuid: 'device-1',
		});
		expect(result.json.map((g) => g.occurTime)).toEqual([
			'2026-11-02T09:58:00Z',
			'2026-11-02T09:58:30Z',
			'2026-11-02T09:57:00Z',
		]);
		t.api.requests = [];
		const tenant = await detectionGroup('getAll', {
			returnAll: true,
			detectionGroupFilters: { cloudOfficeTenantUuid: 'tenant-acme-m365' },
		});
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			cloudOfficeTenantUuid: 'tenant-acme-m365',
		});
		expect(suffixes(tenant.json)).toEqual(['000003000001']);
	});

	test('Contains Detection: the group whose detectionOccurenceUuids lists it, read from every page ESET sends', async () => {
		t.api.seedEsetDetectionGroups(1500);
		// the group sought is on the second page
		const groups = t.api.eset.detectionGroups;
		groups.push(
			groups.splice(
				groups.findIndex((g) => g.uuid === GROUP),
				1,
			)[0],
		);
		const result = await detectionGroup('getAll', {
			returnAll: true,
			detectionGroupFilters: { detectionUuid: DETECTION },
		});
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1000', pageToken: '1000' },
		]);
		expect(result.json.map((g) => g.uuid)).toEqual([GROUP]);
	});

	test('Contains Detection with a Limit stops at the page that holds enough', async () => {
		t.api.seedEsetDetectionGroups(1500);
		const result = await detectionGroup('getAll', {
			limit: 1,
			detectionGroupFilters: { detectionUuid: DETECTION },
		});
		expect(calls()).toHaveLength(1);
		expect(result.json.map((g) => g.uuid)).toEqual([GROUP]);
	});

	test.each([
		[
			{ startTime: 'yesterday' },
			'Filters → Occurred After: "yesterday" is not an ISO 8601 date and time (for example 2026-11-20T08:15:00Z, or 2026-11-20)',
		],
		[
			{ startTime: '2026-11-05T00:00:00Z', endTime: '2026-11-04T00:00:00Z' },
			'Filters → Occurred After must be before Filters → Occurred Before',
		],
		[{ deviceUuid: '..' }, 'Filters → Device UUID is ".."'],
		[
			{ cloudOfficeTenantUuid: 't'.repeat(101) },
			'Filters → Cloud Office Tenant UUID is longer than 100 characters',
		],
		[
			{ detectionUuid: '={{ { a: 1 } }}' },
			'Filters → Contains Detection (UUID) must be text; got an object',
		],
	])('%j is an error before any request', async (detectionGroupFilters, message) => {
		const result = await detectionGroup('getAll', { returnAll: true, detectionGroupFilters });
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Detection Group → Search (OData-style filter)', () => {
	const searched = () => calls().map((c) => [c.method, c.rawPath, c.body]);

	test('the builder: unresolved only, severity bands by score, the device in double quotes — joined with and', async () => {
		const result = await detectionGroup('search', {
			searchConditions: { unresolvedOnly: true, severity: ['HIGH'], deviceUuid: 'device-1' },
		});
		expect(searched()).toEqual([
			[
				'POST',
				'/eset/v2/detection-groups:search',
				{
					filter:
						'resolved eq 0 and (severityScore ge 60 and severityScore le 100) and device.uuid eq "device-1"',
				},
			],
		]);
		expect(suffixes(result.json)).toEqual(['000001000001', '000001000002']);
	});

	test('several severities are one parenthesised or; the raw filter goes first, in parentheses', async () => {
		const result = await detectionGroup('search', {
			searchConditions: {
				severity: ['LOW', 'MEDIUM'],
				rawFilter: 'objectTypeName eq "Process" or objectTypeName eq "File"',
			},
		});
		expect(calls()[0].body).toEqual({
			filter:
				'(objectTypeName eq "Process" or objectTypeName eq "File") and ((severityScore ge 1 and severityScore le 49) or (severityScore ge 50 and severityScore le 59))',
		});
		// the raw "or" cannot widen the severity condition: only the medium process and the low file
		expect(suffixes(result.json)).toEqual(['000001000003', '000002000001']);
	});

	test('without conditions: {} (every group); the answer may leave an empty list out', async () => {
		const all = await detectionGroup('search', {});
		expect(calls()[0].rawBody).toBe('{}');
		expect(all.json).toHaveLength(t.api.eset.detectionGroups.length);
		t.api.requests = [];
		const none = await detectionGroup('search', {
			searchConditions: { deviceUuid: 'device-none' },
		});
		expect(none.error).toBeUndefined();
		expect(none.json).toEqual([]);
	});

	test.each([
		[
			'a" or resolved eq 1 or device.uuid eq "b',
			"Conditions → Device UUID contains a double quote, which ESET's search filter has no documented way to escape",
		],
		[
			'device-1\\" or resolved eq 1 or device.uuid eq \\"',
			"Conditions → Device UUID contains a backslash, which ESET's search filter has no documented way to escape",
		],
		[
			'={{ "device-1\\n or resolved eq 1" }}',
			'Conditions → Device UUID contains a control character',
		],
	])('a hostile device UUID (%j) never reaches ESET', async (deviceUuid, message) => {
		const result = await detectionGroup('search', { searchConditions: { deviceUuid } });
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});

	test('quotes, parentheses and keywords are harmless inside the device value when they need no escape', async () => {
		await detectionGroup('search', {
			searchConditions: { deviceUuid: "o'brien) or (resolved eq 1" },
		});
		expect(calls()[0].body).toEqual({ filter: `device.uuid eq "o'brien) or (resolved eq 1"` });
	});

	test.each([
		[
			'resolved eq 0) or (resolved eq 1',
			'Conditions → Raw Filter closes a parenthesis it did not open',
		],
		['(resolved eq 0', 'Conditions → Raw Filter leaves a parenthesis open'],
		['displayName eq "x', 'Conditions → Raw Filter has a string that does not end'],
	])(
		'a raw filter that could leave its parentheses (%j) is an error before any request',
		async (rawFilter, message) => {
			const result = await detectionGroup('search', {
				searchConditions: { rawFilter, unresolvedOnly: true },
			});
			expect(result.error.message).toBe(message);
			expect(t.api.requests).toEqual([]);
		},
	);

	test('a parenthesis inside a raw string literal is no parenthesis', async () => {
		await detectionGroup('search', {
			searchConditions: { rawFilter: 'displayName eq "Rule (A0103)"', unresolvedOnly: true },
		});
		expect(calls()[0].body).toEqual({
			filter: '(displayName eq "Rule (A0103)") and resolved eq 0',
		});
	});

	test('ESET’s 400 for the filter is named as such, with ESET’s message and the syntax', async () => {
		const result = await detectionGroup('search', {
			searchConditions: { rawFilter: 'severity == HIGH' },
		});
		expect(result.error.message).toBe('ESET Connect answered 400: ESET rejected the search filter');
		expect(result.error.description).toContain('ESET says: invalid filter');
		expect(result.error.description).toContain('Filter sent: (severity == HIGH).');
		expect(result.error.description).toContain(
			'strings in double quotes, resolved eq 0 for unresolved groups',
		);
	});
});

describe('ESET Detection Group → Resolve', () => {
	test('POSTs {"note"} to …:resolve and every detection of the group is resolved', async () => {
		const result = await detectionGroup('resolve', {
			detectionGroupUuid: GROUP,
			note: 'False positive: admin script',
		});
		const [call] = calls();
		expect([call.method, call.rawPath, call.body]).toEqual([
			'POST',
			`/eset/v2/detection-groups/${GROUP}:resolve`,
			{ note: 'False positive: admin script' },
		]);
		expect(result.json).toEqual([actedOn('resolve', { detectionGroupUuid: GROUP })]);
		expect(t.api.eset.detections.find((d) => d.uuid === DETECTION)).toMatchObject({
			resolved: true,
			note: 'False positive: admin script',
		});
	});

	test('without a note: {}; retried on 503 (resolving twice is harmless)', async () => {
		t.api.script((r) => r.path.endsWith(':resolve'), {
			status: 503,
			headers: { 'retry-after': '0' },
		});
		const result = await detectionGroup('resolve', { detectionGroupUuid: GROUP });
		expect(calls().map((c) => c.rawBody)).toEqual(['{}', '{}']);
		expect(result.json).toEqual([actedOn('resolve', { detectionGroupUuid: GROUP })]);
	});
});

describe('ESET Detection Group: the panel and the AI agent', () => {
	test('Get, Get Many, Resolve and Search, each with an action and a description; Resolve says it cannot be undone', () => {
		const operation = t.engine
			.nodeType('esetIncident')
			.description.properties.find(
				(p) =>
					p.name === 'operation' && p.displayOptions?.show?.resource?.includes('detectionGroup'),
			)!;
		const options = operation.options as Array<{
			value: string;
			action: string;
			description: string;
		}>;
		expect(options.map((o) => o.value)).toEqual(['get', 'getAll', 'resolve', 'search']);
		for (const option of options)
			expect([option.action, option.description]).toEqual([
				expect.any(String),
				expect.stringMatching(/^[A-Z][^.]{10,80}$/),
			]);
		expect(options.find((o) => o.value === 'resolve')!.description).toMatch(/cannot be undone/);
		expect(options.find((o) => o.value === 'search')!.description).toBe(
			"Find detection groups with ESET's search filter",
		);
	});
});
