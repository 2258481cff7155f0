import { compileIncidentFilter, compileOrderBy } from '../nodes/EsetIncident/filter';

describe('ESET filter compiler', () => {
	test('no condition, no filter', () => {
		expect(compileIncidentFilter({})).toBe('');
		expect(compileIncidentFilter({ status: [], severity: [], tag: '  ', createdAfter: '' })).toBe('');
	});

	test('enum values are unquoted; one value uses ==, several use in [...]', () => {
		expect(compileIncidentFilter({ status: ['INCIDENT_STATUS_OPEN'] })).toBe('status == INCIDENT_STATUS_OPEN');
		expect(compileIncidentFilter({ status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS'] })).toBe(
			'status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_IN_PROGRESS]',
		);
		expect(compileIncidentFilter({ severity: ['INCIDENT_SEVERITY_LEVEL_HIGH', 'INCIDENT_SEVERITY_LEVEL_MEDIUM'] })).toBe(
			'severity in [INCIDENT_SEVERITY_LEVEL_HIGH,INCIDENT_SEVERITY_LEVEL_MEDIUM]',
		);
	});

	test('times become timestamp("…") in UTC; without a zone they are read in the given (workflow) time zone', () => {
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00Z' })).toBe('create_time >= timestamp("2025-10-01T12:30:00Z")');
		expect(compileIncidentFilter({ createdBefore: '2025-10-01T12:30:00' })).toBe('create_time <= timestamp("2025-10-01T12:30:00Z")');
		expect(compileIncidentFilter({ updatedAfter: '2025-10-01T14:30:00+02:00' })).toBe('update_time >= timestamp("2025-10-01T12:30:00Z")');
		expect(compileIncidentFilter({ updatedBefore: '2025-10-01' })).toBe('update_time <= timestamp("2025-10-01T00:00:00Z")');
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00.250Z' })).toBe('create_time >= timestamp("2025-10-01T12:30:00.250Z")');
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00' }, 'Europe/Rome')).toBe('create_time >= timestamp("2025-10-01T10:30:00Z")');
		expect(compileIncidentFilter({ createdAfter: '2025-01-15' }, 'America/New_York')).toBe('create_time >= timestamp("2025-01-15T05:00:00Z")');
		// a zone given wins over the workflow's
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00Z' }, 'Asia/Tokyo')).toBe('create_time >= timestamp("2025-10-01T12:30:00Z")');
	});

	test('an impossible date names the field', () => {
		expect(() => compileIncidentFilter({ createdAfter: 'yesterday' })).toThrow(
			expect.objectContaining({ field: 'createdAfter', message: expect.stringContaining('"yesterday" is not an ISO 8601 date and time') }),
		);
	});

	test('strings are quoted and escaped', () => {
		expect(compileIncidentFilter({ assigneeUuid: 'u-1' })).toBe('assignee_uuid == "u-1"');
		expect(compileIncidentFilter({ displayNameContains: 'say "hi" \\ bye' })).toBe('display_name.contains("say \\"hi\\" \\\\ bye")');
		expect(compileIncidentFilter({ tag: 'false-positive' })).toBe('"false-positive" in tags');
		expect(compileIncidentFilter({ deviceUuid: 'd-1' })).toBe('"d-1" in device_uuids');
	});

	test('conditions are joined with &&, the most selective first', () => {
		expect(
			compileIncidentFilter({
				tag: 'edr',
				status: ['INCIDENT_STATUS_OPEN'],
				createdAfter: '2026-01-01T00:00:00Z',
				createdBefore: '2026-02-01T00:00:00Z',
			}),
		).toBe(
			'"edr" in tags && create_time >= timestamp("2026-01-01T00:00:00Z") && create_time <= timestamp("2026-02-01T00:00:00Z") && status == INCIDENT_STATUS_OPEN',
		);
	});

	test('order by: field, " desc" for descending, comma-separated', () => {
		expect(compileOrderBy([])).toBe('');
		expect(
			compileOrderBy([
				{ field: 'severity', direction: 'desc' },
				{ field: 'create_time', direction: 'asc' },
			]),
		).toBe('severity desc, create_time');
	});
});
