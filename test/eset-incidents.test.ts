import { useDoubleAndEngine, actedOn } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';

function incident(
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
		parameters: { resource: 'incident', operation, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');

describe('ESET Incident → Get', () => {
	test('GETs the incident (path-encoded) and outputs the incident object', async () => {
		const result = await incident('get', { incidentUuid: INCIDENT, simplify: false });
		expect(calls().map((c) => [c.method, c.rawPath, c.rawBody])).toEqual([
			['GET', `/eset/v2/incidents/${INCIDENT}`, ''],
		]);
		expect(result.json).toEqual([
			expect.objectContaining({
				uuid: INCIDENT,
				deviceUuids: ['device-1'],
				metrics: expect.any(Object),
			}),
		]);
	});

	test('passes unknown enum values in responses through untouched', async () => {
		t.api.eset.incidents[0].status = 'INCIDENT_STATUS_SOMETHING_NEW';
		t.api.eset.incidents[0].severity = 'INCIDENT_SEVERITY_LEVEL_CRITICAL_PLUS';
		const result = await incident('get', { incidentUuid: INCIDENT });
		expect(result.json[0]).toMatchObject({
			status: 'INCIDENT_STATUS_SOMETHING_NEW',
			severity: 'INCIDENT_SEVERITY_LEVEL_CRITICAL_PLUS',
		});
	});

	test('encodes hostile ids: ESET sees one path segment', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), {
			status: 200,
			body: { incident: { uuid: 'x' } },
		});
		await incident('get', { incidentUuid: '../comments?x#y z' });
		expect(calls()[0].rawPath).toBe('/eset/v2/incidents/..%2Fcomments%3Fx%23y%20z');
	});
});

describe('ESET Incident → Get Many', () => {
	test('Limit: one page of exactly the limit, one item per incident', async () => {
		const result = await incident('getAll', { returnAll: false, limit: 3 });
		expect(calls().map((c) => c.query)).toEqual([{ pageSize: '3' }]);
		expect(result.json.map((i) => i.uuid)).toEqual(
			t.api.eset.incidents.slice(0, 3).map((i) => i.uuid),
		);
	});

	test('Limit above a page: follows nextPageToken and asks the last page for only what is missing', async () => {
		t.api.seedEsetIncidents(2600);
		const result = await incident('getAll', { returnAll: false, limit: 1500 });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '500', pageToken: '1000' },
		]);
		expect(result.json).toHaveLength(1500);
		expect(result.json[1499].uuid).toBe(t.api.eset.incidents[1499].uuid);
	});

	test('Return All: pages of 1000 until nextPageToken is empty', async () => {
		t.api.seedEsetIncidents(2100);
		const result = await incident('getAll', { returnAll: true });
		expect(calls().map((c) => c.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '1000', pageToken: '1000' },
			{ pageSize: '1000', pageToken: '2000' },
		]);
		expect(result.json).toHaveLength(2100);
		expect(new Set(result.json.map((i) => i.uuid)).size).toBe(2100);
	});

	test('the filter builder compiles every condition into one filter; sort rules into orderBy', async () => {
		await incident('getAll', {
			returnAll: true,
			filters: {
				status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_WAITING_FOR_INPUT'],
				createdAfter: '2026-11-01T00:00:00',
				displayNameContains: 'FP:',
				tag: 'fp',
			},
			sort: {
				rules: [
					{ field: 'severity', direction: 'desc' },
					{ field: 'create_time', direction: 'asc' },
				],
			},
		});
		// the tag has no form a source shows: the node applies it
		const filter =
			'incident.display_name.contains("FP:") && incident.create_time >= timestamp("2026-11-01T00:00:00Z") && incident.status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_WAITING_FOR_INPUT]';
		expect(filter.length).toBeLessThanOrEqual(200);
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			filter,
			orderBy: 'severity desc, create_time',
		});
	});

	test('offers every status and severity an incident can have, with their exact values (no fallback)', () => {
		const filters = t.engine
			.nodeType('esetIncident')
			.description.properties.find((p) => p.name === 'filters')!;
		const values = (name: string) =>
			(filters.options as Array<{ name: string; options: Array<{ value: string }> }>)
				.find((o) => o.name === name)!
				.options.map((o) => o.value);
		expect(values('status')).toEqual([
			'INCIDENT_STATUS_OPEN',
			'INCIDENT_STATUS_IN_PROGRESS',
			'INCIDENT_STATUS_CLOSED',
			'INCIDENT_STATUS_WAITING_FOR_INPUT',
		]);
		expect(values('severity')).toEqual([
			'INCIDENT_SEVERITY_LEVEL_LOW',
			'INCIDENT_SEVERITY_LEVEL_MEDIUM',
			'INCIDENT_SEVERITY_LEVEL_HIGH',
		]);
		const toStatuses = t.engine
			.nodeType('esetIncidentTrigger')
			.description.properties.find((p) => p.name === 'toStatuses')!;
		expect((toStatuses.options as Array<{ value: string }>).map((o) => o.value)).toEqual(
			values('status'),
		);
	});

	test('a raw filter is sent as written, instead of the builder', async () => {
		await incident('getAll', {
			limit: 5,
			filterType: 'raw',
			rawFilter: 'has(incident.assignee_uuid) && incident.device_uuids.size() >= 2',
			filters: { tag: 'ignored' },
		});
		expect(calls()[0].query).toEqual({
			pageSize: '5',
			filter: 'has(incident.assignee_uuid) && incident.device_uuids.size() >= 2',
		});
	});

	test('a condition that does not fit the 200 characters is applied by the node, the rest by ESET', async () => {
		const result = await incident('getAll', {
			returnAll: true,
			filters: { assigneeUuid: 'u-1', displayNameContains: 'x'.repeat(180) },
		});
		expect(result.error).toBeUndefined();
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			filter: 'incident.assignee_uuid == "u-1"',
		});
		expect(result.json).toEqual([]);
	});

	test('Tag is applied by the node to the listed incidents', async () => {
		t.api.eset.incidents[1].tags = ['only-this-one'];
		const result = await incident('getAll', { returnAll: true, filters: { tag: 'only-this-one' } });
		expect(calls()[0].query).toEqual({ pageSize: '1000' });
		expect(result.json.map((i) => i.uuid)).toEqual([t.api.eset.incidents[1].uuid]);
	});

	test("Device UUID is applied by the node to each incident's details, read for it; Limit stops the reading", async () => {
		const device = 'dddddddd-0000-4000-8000-000000000001';
		t.api.eset.incidents.forEach((i, index) => (i.deviceUuids = index % 2 ? [device] : []));
		const result = await incident('getAll', { limit: 1, filters: { deviceUuid: device } });
		expect(result.json.map((i) => i.uuid)).toEqual([t.api.eset.incidents[1].uuid]);
		expect(calls().map((c) => c.path)).toEqual([
			'/eset/v2/incidents',
			`/eset/v2/incidents/${t.api.eset.incidents[0].uuid}`,
			`/eset/v2/incidents/${t.api.eset.incidents[1].uuid}`,
		]);
		expect(calls()[0].query.filter).toBeUndefined();
	});

	test('a raw filter over 200 characters is an error before any request', async () => {
		const result = await incident('getAll', {
			filterType: 'raw',
			rawFilter: `display_name == "${'y'.repeat(190)}"`,
		});
		expect(result.error.message).toBe(
			'The raw filter is 208 characters long; ESET accepts at most 200',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('filter times in the years 0000–0099 are sent as they are, not as 1900–1999', async () => {
		await incident(
			'getAll',
			{
				returnAll: true,
				filters: {
					createdAfter: '0025-01-01T00:00:00Z',
					createdBefore: '0050-06-01',
					updatedBefore: '0000-02-29T12:00:00+02:00',
				},
			},
			{ timezone: 'America/New_York' },
		);
		// New York kept local mean time (-04:56:02) until 1883; the year 0 is a leap year, 1900 is not
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			filter:
				'incident.create_time >= timestamp("0025-01-01T00:00:00Z") && incident.create_time <= timestamp("0050-06-01T04:56:02Z") && incident.update_time <= timestamp("0000-02-29T10:00:00Z")',
		});
	});

	test('an impossible date is an error naming the filter field', async () => {
		const result = await incident('getAll', { filters: { createdAfter: '={{ "last tuesday" }}' } });
		expect(result.error.message).toBe(
			'Filters → Created After: "last tuesday" is not an ISO 8601 date and time (for example 2026-11-20T08:15:00Z, or 2026-11-20)',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('a 400 from ESET on Get Many says ESET rejected the filter, and points at the syntax', async () => {
		t.api.script((r) => r.path === '/eset/v2/incidents', {
			status: 400,
			body: { code: 3, message: 'invalid filter' },
		});
		const result = await incident('getAll', {
			filterType: 'raw',
			rawFilter: 'status == "INCIDENT_STATUS_OPEN"',
		});
		expect(result.error.message).toBe('ESET Connect answered 400: ESET rejected the filter');
		expect(result.error.description).toContain('incident.status == INCIDENT_STATUS_OPEN');
		expect(result.error.description).toContain('Filter sent: status == "INCIDENT_STATUS_OPEN".');
	});
});

describe('ESET Incident → Update', () => {
	test('sends the fields set and names exactly them in updateMask', async () => {
		const result = await incident('update', {
			incidentUuid: INCIDENT,
			updateFields: {
				displayName: 'Renamed',
				severity: 'INCIDENT_SEVERITY_LEVEL_LOW',
				description: '',
				assigneeUuid: 'user-7',
			},
		});
		const [call] = calls();
		expect([call.method, call.rawPath]).toEqual([
			'POST',
			`/eset/v2/incidents/${INCIDENT}/basic-attributes:update`,
		]);
		expect(call.body).toEqual({
			displayName: 'Renamed',
			severity: 'INCIDENT_SEVERITY_LEVEL_LOW',
			assigneeUuid: 'user-7',
			updateMask: 'assigneeUuid,displayName,severity',
		});
		expect(result.json).toEqual([
			expect.objectContaining({
				uuid: INCIDENT,
				displayName: 'Renamed',
				severity: 'INCIDENT_SEVERITY_LEVEL_LOW',
				assigneeUuid: 'user-7',
			}),
		]);
	});

	test.each([
		'INCIDENT_SEVERITY_LEVEL_LOW',
		'INCIDENT_SEVERITY_LEVEL_MEDIUM',
		'INCIDENT_SEVERITY_LEVEL_HIGH',
	])('sends severity %s as is', async (severity) => {
		await incident('update', { incidentUuid: INCIDENT, updateFields: { severity } });
		expect(calls()[0].body).toEqual({ severity, updateMask: 'severity' });
	});

	test('no field set: a clear error, no request', async () => {
		const result = await incident('update', {
			incidentUuid: INCIDENT,
			updateFields: { description: '' },
		});
		expect(result.error.message).toBe('Nothing to update: set at least one field');
		expect(t.api.requests).toEqual([]);
	});

	test('Fields to Clear unassigns and clears the description on purpose: empty values named in updateMask', async () => {
		t.api.eset.incidents[0].assigneeUuid = 'analyst-7';
		const result = await incident('update', {
			incidentUuid: INCIDENT,
			updateFields: { displayName: 'Renamed' },
			fieldsToClear: ['assigneeUuid', 'description'],
		});
		expect(calls()[0].body).toEqual({
			displayName: 'Renamed',
			assigneeUuid: '',
			description: '',
			updateMask: 'displayName,assigneeUuid,description',
		});
		expect(result.json[0]).toEqual(
			expect.objectContaining({ assigneeUuid: '', description: '', displayName: 'Renamed' }),
		);
	});

	test('a blank Update Field is never a clear: the unassign is only sent when chosen', async () => {
		await incident('update', {
			incidentUuid: INCIDENT,
			updateFields: { assigneeUuid: '', displayName: 'x' },
		});
		expect(calls()[0].body).toEqual({ displayName: 'x', updateMask: 'displayName' });
	});

	test('setting and clearing the same field is an error, nothing sent', async () => {
		const result = await incident('update', {
			incidentUuid: INCIDENT,
			updateFields: { description: 'new' },
			fieldsToClear: ['description'],
		});
		expect(result.error.message).toBe(
			'Description is both set under Update Fields and chosen under Fields to Clear',
		);
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Incident → Reopen', () => {
	test('with a comment: {"comment": {"text": …}} plus the comment fields set', async () => {
		t.api.eset.incidents[0].status = 'INCIDENT_STATUS_CLOSED';
		const result = await incident('reopen', {
			incidentUuid: INCIDENT,
			reopenComment: 'New detections on the same host',
			reopenCommentOptions: { uuid: 'c-1' },
		});
		const [call] = calls();
		expect([call.method, call.rawPath]).toEqual(['POST', `/eset/v2/incidents/${INCIDENT}:reopen`]);
		expect(call.body).toEqual({
			comment: { text: 'New detections on the same host', uuid: 'c-1', incidentUuid: INCIDENT },
		});
		expect(call.body.comment).not.toHaveProperty('isFinalComment');
		expect(result.json).toEqual([actedOn('reopen', { incidentUuid: INCIDENT })]);
	});

	test('without a comment: an empty JSON object', async () => {
		t.api.eset.incidents[0].status = 'INCIDENT_STATUS_CLOSED';
		await incident('reopen', { incidentUuid: INCIDENT });
		expect(calls()[0].rawBody).toBe('{}');
		expect(calls()[0].headers['content-type']).toBe('application/json');
	});

	test("an already open incident: the headline says so (ESET's FAILED_PRECONDITION), with ESET's message", async () => {
		t.api.eset.incidents[0].status = 'INCIDENT_STATUS_OPEN';
		const result = await incident('reopen', { incidentUuid: INCIDENT });
		expect(result.error.message).toBe(
			'ESET Connect answered 400: the incident is already open, so it cannot be reopened',
		);
		expect(result.error.description).toContain('ESET says: incident is already open');
	});
});

describe('Item linking', () => {
	test('each listed incident is paired with the input item whose filter found it', async () => {
		const result = await incident(
			'getAll',
			{ returnAll: true, filters: { displayNameContains: '={{ $json.name }}' } },
			{ items: [{ name: 'host-1' }, { name: 'FP:' }] },
		);
		expect(result.items.map((i) => [i.json.displayName, i.pairedItem])).toEqual([
			['Suspicious PowerShell on host-1', { item: 0 }],
			['FP: scanner noise on host-2', { item: 1 }],
			['FP: scanner noise on host-4', { item: 1 }],
		]);
	});
});
