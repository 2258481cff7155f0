import { compileEsetFilter } from './support/api-double';
import {
	compileIncidentFilter,
	compileOrderBy,
	incidentConditions,
	splitFilter,
} from '../nodes/EsetIncident/filter';

describe('ESET filter compiler: only the forms of ESET help examples', () => {
	test('no condition, no filter', () => {
		expect(compileIncidentFilter({})).toBe('');
		expect(compileIncidentFilter({ status: [], severity: [], tag: '  ', createdAfter: '' })).toBe(
			'',
		);
	});

	test('every field has the incident. prefix; enum values are unquoted; one value uses ==, several in [...]', () => {
		expect(compileIncidentFilter({ status: ['INCIDENT_STATUS_OPEN'] })).toBe(
			'incident.status == INCIDENT_STATUS_OPEN',
		);
		expect(
			compileIncidentFilter({ status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS'] }),
		).toBe('incident.status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_IN_PROGRESS]');
		expect(
			compileIncidentFilter({
				severity: ['INCIDENT_SEVERITY_LEVEL_HIGH', 'INCIDENT_SEVERITY_LEVEL_MEDIUM'],
			}),
		).toBe('incident.severity in [INCIDENT_SEVERITY_LEVEL_HIGH,INCIDENT_SEVERITY_LEVEL_MEDIUM]');
	});

	test('times become timestamp("…Z") in whole UTC seconds; without a zone they are read in the workflow time zone', () => {
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00Z' })).toBe(
			'incident.create_time >= timestamp("2025-10-01T12:30:00Z")',
		);
		expect(compileIncidentFilter({ createdBefore: '2025-10-01T12:30:00' })).toBe(
			'incident.create_time <= timestamp("2025-10-01T12:30:00Z")',
		);
		expect(compileIncidentFilter({ updatedAfter: '2025-10-01T14:30:00+02:00' })).toBe(
			'incident.update_time >= timestamp("2025-10-01T12:30:00Z")',
		);
		expect(compileIncidentFilter({ updatedBefore: '2025-10-01' })).toBe(
			'incident.update_time <= timestamp("2025-10-01T00:00:00Z")',
		);
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00' }, 'Europe/Rome')).toBe(
			'incident.create_time >= timestamp("2025-10-01T10:30:00Z")',
		);
		expect(compileIncidentFilter({ createdAfter: '2025-01-15' }, 'America/New_York')).toBe(
			'incident.create_time >= timestamp("2025-01-15T05:00:00Z")',
		);
		// a zone given wins over the workflow's
		expect(compileIncidentFilter({ createdAfter: '2025-10-01T12:30:00Z' }, 'Asia/Tokyo')).toBe(
			'incident.create_time >= timestamp("2025-10-01T12:30:00Z")',
		);
	});

	test('a time with a fraction is sent widened to the whole second that holds it; the node applies the exact bound', () => {
		expect(
			compileIncidentFilter({
				createdAfter: '2025-10-01T12:30:00.250Z',
				createdBefore: '2025-10-01T12:31:00.250Z',
			}),
		).toBe(
			'incident.create_time >= timestamp("2025-10-01T12:30:00Z") && incident.create_time <= timestamp("2025-10-01T12:31:01Z")',
		);
		const { local } = splitFilter(
			incidentConditions({ createdAfter: '2025-10-01T12:30:00.250Z' }, 'UTC'),
		);
		expect(local.map((condition) => condition.field)).toEqual(['createdAfter']);
		expect(local[0].matches!({ createTime: '2025-10-01T12:30:00.249999999Z' })).toBe(false);
		expect(local[0].matches!({ createTime: '2025-10-01T12:30:00.250000000Z' })).toBe(true);
	});

	test('an impossible date names the field', () => {
		expect(() => compileIncidentFilter({ createdAfter: 'yesterday' })).toThrow(
			expect.objectContaining({
				field: 'createdAfter',
				message: expect.stringContaining('"yesterday" is not an ISO 8601 date and time'),
			}),
		);
	});

	test('strings are quoted and escaped', () => {
		expect(compileIncidentFilter({ assigneeUuid: 'u-1' })).toBe('incident.assignee_uuid == "u-1"');
		expect(compileIncidentFilter({ displayNameContains: 'say "hi" \\ bye' })).toBe(
			'incident.display_name.contains("say \\"hi\\" \\\\ bye")',
		);
	});

	test('Tag and Device UUID, whose forms no source shows, are never sent: the node applies them', () => {
		expect(compileIncidentFilter({ tag: 'false-positive', deviceUuid: 'd-1' })).toBe('');
		const { local, details } = splitFilter(
			incidentConditions({ tag: 'false-positive', deviceUuid: 'd-1' }, 'UTC'),
		);
		expect(local.map((condition) => condition.field)).toEqual(['tag']);
		expect(details.map((condition) => condition.field)).toEqual(['deviceUuid']);
		expect(details[0].matchesDetails!({ deviceUuids: ['d-0', 'd-1'] })).toBe(true);
		expect(details[0].matchesDetails!({})).toBe(false);
	});

	test('conditions are joined with &&, the most selective first', () => {
		expect(
			compileIncidentFilter({
				assigneeUuid: 'u-1',
				status: ['INCIDENT_STATUS_OPEN'],
				createdAfter: '2026-01-01T00:00:00Z',
				createdBefore: '2026-02-01T00:00:00Z',
			}),
		).toBe(
			'incident.assignee_uuid == "u-1" && incident.create_time >= timestamp("2026-01-01T00:00:00Z") && incident.create_time <= timestamp("2026-02-01T00:00:00Z") && incident.status == INCIDENT_STATUS_OPEN',
		);
	});

	test("every filter the builder can send is one the API double accepts as ESET's help documents it", () => {
		const everything = {
			assigneeUuid: 'u-"1"',
			displayNameContains: 'a\\b',
			createdAfter: '2026-01-01T00:00:00.5Z',
			createdBefore: '2026-02-01T00:00:00Z',
			updatedAfter: '2026-01-01T00:00:00+02:00',
			updatedBefore: '2026-02-01',
			status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_CLOSED'],
			severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'],
		};
		for (const condition of incidentConditions(everything, 'UTC'))
			expect([condition.cel, compileEsetFilter(condition.cel!)]).toEqual([
				condition.cel,
				expect.any(Function),
			]);
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
