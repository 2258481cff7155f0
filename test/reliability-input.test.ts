/**
 * Trustworthy off the happy path, 4: bad input is a clear error before any request. Objects and
 * lists from expressions into ids and text fields, limits that are no count, dates that are no
 * ISO 8601, zone-less times (read in the workflow's time zone, not the machine's), filter values
 * with quotes and control characters (escaped on the wire), JSON nested thousands of levels deep.
 */
import { behaviours } from './support/hostile-server';
import { useDoubleAndEngine, useHostileServer } from './support/setup';

const t = useDoubleAndEngine();
const vendor = useHostileServer('vendor');

jest.setTimeout(20_000);

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

type Extra = { items?: Array<Record<string, unknown>>; timezone?: string };
const eset = (parameters: Record<string, unknown>, extra: Extra = {}) =>
	t.engine.run({ node: 'esetIncident', parameters, ...extra });
const aegister = (parameters: Record<string, unknown>, extra: Extra = {}) =>
	t.engine.run({ node: 'aegisterIncident', parameters, ...extra });
const aegisterUpdate = (parameters: Record<string, unknown>, extra: Extra = {}) =>
	aegister(
		{
			resource: 'incident',
			operation: 'update',
			organization: byId(1),
			incidentId: '101',
			updateFields: { title: 'x' },
			...parameters,
		},
		extra,
	);

/** Nothing reached any server: no API call, not even a token request. */
function expectNothingSent() {
	expect(t.api.requests).toEqual([]);
	expect(vendor.requests).toEqual([]);
}

const OBJECT = { id: 101, nested: { a: 1 } };
const LIST = ['101', '102'];

describe('an object or a list from an expression is an error naming the field', () => {
	test.each([
		[
			'ESET Incident',
			'Incident',
			() =>
				eset(
					{ resource: 'incident', operation: 'get', incidentUuid: '={{ $json.v }}' },
					{ items: [{ v: OBJECT }] },
				),
		],
		[
			'ESET Incident (list)',
			'Incident',
			() =>
				eset(
					{ resource: 'incident', operation: 'close', incidentUuid: '={{ $json.v }}' },
					{ items: [{ v: LIST }] },
				),
		],
		[
			'ESET Comment',
			'Comment',
			() =>
				eset(
					{
						resource: 'comment',
						operation: 'get',
						commentIncidentUuid: INCIDENT,
						commentUuid: '={{ $json.v }}',
					},
					{ items: [{ v: OBJECT }] },
				),
		],
		[
			'ESET Final Comment',
			'Final Comment',
			() =>
				eset(
					{
						resource: 'incident',
						operation: 'close',
						incidentUuid: INCIDENT,
						finalComment: '={{ $json.v }}',
					},
					{ items: [{ v: OBJECT }] },
				),
		],
		[
			'ESET Final Comment (list)',
			'Final Comment',
			() =>
				eset(
					{
						resource: 'incident',
						operation: 'close',
						incidentUuid: INCIDENT,
						finalComment: '={{ $json.v }}',
					},
					{ items: [{ v: LIST }] },
				),
		],
		[
			'ESET comment text',
			'Text',
			() =>
				eset(
					{
						resource: 'comment',
						operation: 'create',
						commentIncidentUuid: INCIDENT,
						text: '={{ $json.v }}',
					},
					{ items: [{ v: OBJECT }] },
				),
		],
		[
			'ESET Display Name Contains',
			'Display Name Contains',
			() =>
				eset(
					{
						resource: 'incident',
						operation: 'getAll',
						filters: { displayNameContains: '={{ $json.v }}' },
					},
					{ items: [{ v: OBJECT }] },
				),
		],
		[
			'Aegister Incident ID',
			'Incident ID',
			() => aegisterUpdate({ incidentId: '={{ $json.v }}' }, { items: [{ v: OBJECT }] }),
		],
		[
			'Aegister Incident ID (list)',
			'Incident ID',
			() => aegisterUpdate({ incidentId: '={{ $json.v }}' }, { items: [{ v: LIST }] }),
		],
		[
			'Aegister organization',
			'Organization',
			() => aegisterUpdate({ organization: byId('={{ $json.v }}') }, { items: [{ v: OBJECT }] }),
		],
		[
			'Aegister organization (list)',
			'Organization',
			() => aegisterUpdate({ organization: byId('={{ $json.v }}') }, { items: [{ v: LIST }] }),
		],
		[
			'Aegister Title',
			'Title',
			() =>
				aegisterUpdate({ updateFields: { title: '={{ $json.v }}' } }, { items: [{ v: OBJECT }] }),
		],
	])('%s', async (_what, field, run) => {
		const result = await run();

		expect(result.error.message).toContain(field);
		expect(result.error.message).toMatch(/must be|is not/);
		expect(`${result.error.message} ${result.error.description}`).not.toContain('[object Object]');
		expect(result.json).toEqual([]);
		expectNothingSent();
	});
});

describe('what is validated is what is sent', () => {
	test.each([
		// (a typed organization ID is checked by n8n itself: the resource locator's pattern)
		['typed', ' 12 ', '1'],
		['from an expression', '={{ " 12 " }}', '={{ " 1 " }}'],
		['a number from an expression', '={{ 12 }}', '={{ 1 }}'],
	])(
		'Aegister ids with spaces (%s) are sent as 12 and 1',
		async (_how, incidentId, organizationId) => {
			t.api.seedAegisterIncidents(12);
			const result = await aegisterUpdate({ incidentId, organization: byId(organizationId) });

			expect(result.error).toBeUndefined();
			expect(t.api.requestsTo('aegister').map((r) => r.rawPath)).toEqual([
				'/aegister/api/v1/V-Ciso/incidents/1/12',
			]);
		},
	);

	test('an ESET Incident UUID with spaces around it is sent trimmed', async () => {
		const result = await eset({
			resource: 'incident',
			operation: 'get',
			incidentUuid: `  ${INCIDENT}\t`,
		});

		expect(result.error).toBeUndefined();
		expect(t.api.requestsTo('incidents').map((r) => r.rawPath)).toEqual([
			`/eset/v2/incidents/${INCIDENT}`,
		]);
	});

	test('a new comment names its incident as the path does: trimmed, a string', async () => {
		for (const incidentUuid of [`  ${INCIDENT}\t`, `={{ " ${INCIDENT} " }}`]) {
			t.api.requests.length = 0;
			const result = await eset({
				resource: 'comment',
				operation: 'create',
				commentIncidentUuid: incidentUuid,
				text: 'seen',
			});

			expect(result.error).toBeUndefined();
			const [request] = t.api.requestsTo('incidents');
			expect(request.rawPath).toBe(`/eset/v2/incidents/${INCIDENT}/comments`);
			expect(request.body).toEqual({ comment: { incidentUuid: INCIDENT, text: 'seen' } });
		}
	});
});

describe('Limit must be a whole number of at least 1', () => {
	test.each([0, -5, 2.5, '={{ 0 }}', '={{ -5 }}', '={{ 2.5 }}', '={{ "ten" }}'])(
		'Limit %j: an error naming Limit, nothing sent',
		async (limit) => {
			const results = [
				await eset({ resource: 'incident', operation: 'getAll', returnAll: false, limit }),
				await eset({
					resource: 'comment',
					operation: 'getAll',
					commentIncidentUuid: INCIDENT,
					returnAll: false,
					limit,
				}),
				await aegister({ resource: 'organization', operation: 'getAll', returnAll: false, limit }),
			];
			for (const result of results) {
				expect(result.error?.message).toMatch(/^Limit must be/);
				expect(result.json).toEqual([]);
			}
			expectNothingSent();
		},
	);
});

describe('dates are strict ISO 8601', () => {
	test.each(['1', '2025-02-30', '03/04/2026', '2026-13-01', '2026-01-01T25:00:00Z', 'yesterday'])(
		'%j: an error naming the field, nothing sent',
		async (value) => {
			const filter = await eset({
				resource: 'incident',
				operation: 'getAll',
				filters: { createdAfter: value },
			});
			expect(filter.error?.message).toMatch(/Created After/);
			expect(filter.error?.message).toContain(JSON.stringify(value));

			const fromExpression = await eset(
				{
					resource: 'incident',
					operation: 'getAll',
					filters: { updatedBefore: '={{ $json.at }}' },
				},
				{ items: [{ at: value }] },
			);
			expect(fromExpression.error?.message).toMatch(/Updated Before/);

			const awareness = await aegisterUpdate({ options: { awarenessTime: value } });
			expect(awareness.error?.message).toMatch(/Incident Awareness Time/);
			expect(awareness.error?.message).toContain(JSON.stringify(value));
			expectNothingSent();
		},
	);

	test("a time without a zone is read in the workflow's time zone, not the machine's", async () => {
		// The workflow's zone differs from UTC and from the zone of the machine the tests run on
		// (jest's environment keeps the worker's TZ, so the machine's zone cannot be set here).
		const machine = Intl.DateTimeFormat().resolvedOptions().timeZone;
		const zone = machine === 'Europe/Rome' ? 'America/New_York' : 'Europe/Rome';
		const expected = {
			'Europe/Rome': {
				july: '2026-07-01T08:00:00Z',
				january: '2026-01-14T23:00:00Z',
				november: '2026-11-20T07:15:00Z',
			},
			'America/New_York': {
				july: '2026-07-01T14:00:00Z',
				january: '2026-01-15T05:00:00Z',
				november: '2026-11-20T13:15:00Z',
			},
		}[zone];
		const workflow = { timezone: zone };

		await eset(
			{
				resource: 'incident',
				operation: 'getAll',
				filters: { createdAfter: '2026-07-01T10:00:00', updatedBefore: '2026-01-15' },
			},
			workflow,
		);
		expect(t.api.requestsTo('incidents')[0].query.filter).toBe(
			`incident.create_time >= timestamp("${expected.july}") && incident.update_time <= timestamp("${expected.january}")`,
		);

		const result = await aegisterUpdate(
			{ options: { awarenessTime: '2026-11-20T08:15:00' } },
			workflow,
		);
		expect(result.json[0].nis2Deadlines.awarenessTime).toBe(expected.november);

		// a time with a zone keeps it
		const zoned = await aegisterUpdate(
			{ options: { awarenessTime: '2026-11-20T08:15:00+05:30' } },
			workflow,
		);
		expect(zoned.json[0].nis2Deadlines.awarenessTime).toBe('2026-11-20T02:45:00Z');
	});
});

describe('filter-builder values are escaped in the CEL sent', () => {
	beforeEach(() => {
		const { esetConnectApi } = t.api.credentials();
		t.engine.setCredentials({
			...t.api.credentials(),
			esetConnectApi: { ...esetConnectApi, incidentManagementUrl: `${vendor.url}/eset` },
		});
		vendor.on(
			(r) => r.path === '/eset/v2/incidents',
			behaviours.json(200, { incidents: [], nextPageToken: '' }),
		);
	});

	const filterSent = () => vendor.requestsTo('/eset/v2/incidents').map((r) => r.query.filter);

	test.each([
		[
			'a quote and a backslash',
			'say "hi"\\',
			String.raw`incident.display_name.contains("say \"hi\"\\")`,
		],
		[
			'CR, LF and tab',
			'line\r\nnext\tcol',
			String.raw`incident.display_name.contains("line\r\nnext\tcol")`,
		],
		[
			'control characters (JSON escapes, which CEL shares)',
			'a\u0001b\u001fc\u007fd',
			String.raw`incident.display_name.contains("a\u0001b\u001fc` + '\u007f' + 'd")',
		],
		[
			'an attempt to break out of the string',
			'x") || true || ("',
			String.raw`incident.display_name.contains("x\") || true || (\"")`,
		],
	])('%s in Display Name Contains', async (_what, value, cel) => {
		const result = await eset({
			resource: 'incident',
			operation: 'getAll',
			returnAll: true,
			filters: { displayNameContains: value },
		});

		expect(result.error).toBeUndefined();
		expect(filterSent()).toEqual([cel]);
	});

	test('every text condition, from an expression, on the wire', async () => {
		const result = await eset(
			{
				resource: 'incident',
				operation: 'getAll',
				returnAll: true,
				filters: {
					tag: '={{ $json.tag }}',
					assigneeUuid: '={{ $json.assignee }}',
					displayNameContains: '={{ $json.name }}',
				},
			},
			{ items: [{ tag: 'a"b', assignee: 'c\\d', name: 'e\rf' }] },
		);

		expect(result.error).toBeUndefined();
		expect(filterSent()).toEqual([
			String.raw`incident.assignee_uuid == "c\\d" && incident.display_name.contains("e\rf")`,
		]);
	});
});

describe('JSON nested thousands of levels deep is an error naming the field', () => {
	const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
	const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

	test.each([
		[
			'Metadata as text, 5000 levels',
			() => aegisterUpdate({ updateFields: { metadata: deepObject(5000) } }),
			'Metadata',
		],
		[
			'Final Report as text, 5000 levels',
			() => aegisterUpdate({ updateFields: { full_report: deepList(5000) } }),
			'Final Report',
		],
		[
			'Indicators (JSON) as text, 5000 levels',
			() =>
				aegister({
					resource: 'threatIntel',
					operation: 'enrich',
					organization: byId(1),
					indicatorSource: 'json',
					indicatorsJson: deepList(5000),
				}),
			'Indicators',
		],
		[
			'Metadata as an object from an expression, 1000 levels',
			() =>
				aegisterUpdate(
					{ updateFields: { metadata: '={{ JSON.parse($json.deep) }}' } },
					{ items: [{ deep: deepObject(1000) }] },
				),
			'Metadata',
		],
		[
			'Metadata as an object from an expression, 5000 levels',
			() =>
				aegisterUpdate(
					{ updateFields: { metadata: '={{ JSON.parse($json.deep) }}' } },
					{ items: [{ deep: deepObject(5000) }] },
				),
			'Metadata',
		],
	])('%s', async (_what, run, field) => {
		const result = await run();

		expect(result.error?.message).toContain(field);
		expect(result.error?.message).toMatch(/nested more than 64 levels deep/);
		expect(`${result.error?.message} ${result.error?.description}`).not.toMatch(
			/Maximum call stack size exceeded/,
		);
		expectNothingSent();
	});
});
