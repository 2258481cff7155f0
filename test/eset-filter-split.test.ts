import { compileIncidentFilter } from '../nodes/EsetIncident/filter';
import { compileEsetFilter } from './support/api-double';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const calls = () => t.api.requestsTo('incidents');

/** Status Open + In Progress, Severity Medium + High, Created After, Display Name Contains: 228 characters. */
const LONG_FILTERS = {
	status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS'],
	severity: ['INCIDENT_SEVERITY_LEVEL_MEDIUM', 'INCIDENT_SEVERITY_LEVEL_HIGH'],
	createdAfter: '2026-11-03T00:00:00Z',
	displayNameContains: 'Suspicious PowerShell on host-1',
};
const FULL_FILTER =
	'incident.display_name.contains("Suspicious PowerShell on host-1") && incident.create_time >= timestamp("2026-11-03T00:00:00Z") && incident.status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_IN_PROGRESS] && incident.severity in [INCIDENT_SEVERITY_LEVEL_MEDIUM,INCIDENT_SEVERITY_LEVEL_HIGH]';

/** What a server applying the whole filter would list, in its order. */
function serverSide(filter: string) {
	const matches = compileEsetFilter(filter)!;
	return t.api.eset.incidents.filter(matches).map((incident) => incident.uuid);
}

function getMany(parameters: Record<string, unknown>) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'getAll', ...parameters },
	});
}

describe('ESET Get Many: filters longer than 200 characters', () => {
	beforeEach(() => {
		t.api.seedEsetIncidents(2600);
		// every fifth incident is Low, so that the severity condition really filters
		t.api.eset.incidents.forEach((incident, i) => {
			if (i % 5 === 0) incident.severity = 'INCIDENT_SEVERITY_LEVEL_LOW';
		});
	});

	test('the ordinary combination of the issue works: ESET gets what fits, the node applies the rest, results identical', async () => {
		expect(FULL_FILTER.length).toBeGreaterThan(200);
		const result = await getMany({ returnAll: true, filters: LONG_FILTERS });
		expect(result.error).toBeUndefined();
		const expected = serverSide(FULL_FILTER);
		expect(expected.length).toBeGreaterThan(100);
		expect(result.json.map((incident) => incident.uuid)).toEqual(expected);
		for (const call of calls()) {
			expect(call.query.filter.length).toBeLessThanOrEqual(200);
			// the most selective conditions went to ESET; the severity was applied by the node
			expect(call.query.filter).toBe(
				'incident.display_name.contains("Suspicious PowerShell on host-1") && incident.create_time >= timestamp("2026-11-03T00:00:00Z") && incident.status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_IN_PROGRESS]',
			);
		}
	});

	test('with a Limit, pages on in full pages until Limit incidents match, and outputs exactly those', async () => {
		// ESET matches about 1550 incidents (two pages), of which only the later ones pass the node's part
		t.api.seedEsetIncidents(4000);
		const filters = { ...LONG_FILTERS, displayNameContains: 'Suspicious PowerShell on host-' };
		t.api.eset.incidents.forEach((incident, i) => {
			if (i < 3500) incident.severity = 'INCIDENT_SEVERITY_LEVEL_LOW';
		});
		const result = await getMany({ returnAll: false, limit: 7, filters });
		const full = FULL_FILTER.replace('host-1', 'host-');
		expect(serverSide(full).length).toBeGreaterThan(7);
		expect(result.json.map((incident) => incident.uuid)).toEqual(serverSide(full).slice(0, 7));
		expect(calls().map((call) => [call.query.pageSize, call.query.pageToken])).toEqual([
			['1000', undefined],
			['1000', '1000'],
		]);
	});

	test('the hint in the output pane appears exactly when part of the filter ran in the node', () => {
		const { hints } = t.engine.nodeType('esetIncident').description;
		const hint = hints!.find((h) => h.message.includes('200 characters'))!;
		const shown = (filters: Record<string, unknown>, filterType = 'builder') =>
			t.engine.evaluate(hint.displayCondition!, {
				$parameter: { resource: 'incident', operation: 'getAll', filterType, filters },
			});
		expect(shown(LONG_FILTERS)).toBe(true);
		expect(shown({ status: ['INCIDENT_STATUS_OPEN'], tag: 'edr' })).toBe(false);
		expect(shown(LONG_FILTERS, 'raw')).toBe(false);
		// exactly at the limit, and one character over: the hint runs the node's own code
		const name = (length: number) => ({
			displayNameContains: 'n'.repeat(length),
			assigneeUuid: 'u"1',
		});
		const lengthOf = (filters: Record<string, unknown>) => compileIncidentFilter(filters).length;
		const fits = Array.from({ length: 200 }, (_, i) => i).find((n) => lengthOf(name(n)) === 200)!;
		expect(shown(name(fits))).toBe(false);
		expect(shown(name(fits + 1))).toBe(true);
		expect(compileIncidentFilter(name(fits + 1))).toBe('incident.assignee_uuid == "u\\"1"');
	});

	test('a raw filter stays as typed: over 200 characters it is an error, never split', async () => {
		const result = await getMany({ returnAll: true, filterType: 'raw', rawFilter: FULL_FILTER });
		expect(result.error.message).toBe(
			`The raw filter is ${FULL_FILTER.length} characters long; ESET accepts at most 200`,
		);
		expect(t.api.requests).toEqual([]);
	});
});

describe('ESET Get Many: sort', () => {
	test('every documented field, and any other field or subfield by name', async () => {
		await getMany({
			limit: 5,
			sort: {
				rules: [
					{ field: 'triage_duration', direction: 'desc' },
					{ field: 'other', otherField: 'metrics.device_count', direction: 'asc' },
				],
			},
		});
		expect(calls()[0].query.orderBy).toBe('triage_duration desc, metrics.device_count');
	});

	test('an other field that is not a field name is an error before any request', async () => {
		const result = await getMany({
			limit: 5,
			sort: { rules: [{ field: 'other', otherField: 'severity; drop' }] },
		});
		expect(result.error.message).toMatch(
			/^Sort: field "severity; drop" is not a field name ESET sorts by/,
		);
		expect(t.api.requests).toEqual([]);
	});
});
