import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';

function search(
	method: string,
	parameters: Record<string, unknown>,
	filter?: string,
	paginationToken?: string,
) {
	return t.engine.listSearch('esetIncident', method, parameters, filter, paginationToken);
}

/** What reached ESET's API (the token request left out). */
const onWire = () =>
	t.api.requests
		.filter((r) => r.path !== '/eset/oauth/token')
		.map((r) => [r.method, r.rawPath, r.query]);

describe('ESET pickers ("From List" of each resource locator)', () => {
	test('every identifier of an existing object is a locator: From List first, By ID, the UUID checked', () => {
		const properties = t.engine.nodeType('esetIncident').description.properties;
		const locators = properties.filter((p) => p.type === 'resourceLocator');
		expect([...new Set(locators.map((p) => p.name))].sort()).toEqual([
			'commentIncidentUuid',
			'commentUuid',
			'detectionGroupUuid',
			'detectionUuid',
			'deviceUuid',
			'exclusionUuid',
			'incidentUuid',
			'objectUuid',
			'ruleUuid',
			'targetIncidentUuid',
			'taskUuid',
		]);
		const methods = Object.keys(t.engine.nodeType('esetIncident').methods!.listSearch!);
		for (const locator of locators) {
			expect(locator.default).toEqual({ mode: 'list', value: '' });
			expect(locator.modes!.map((mode) => mode.name)).toEqual(['list', 'id']);
			expect(methods).toContain(locator.modes![0].typeOptions!.searchListMethod);
		}
	});

	test('incidents: one page, named by display name, described by status, severity and time', async () => {
		const found = await search('searchIncidents', { resource: 'incident', operation: 'get' });
		const seeded = t.api.eset.incidents[0];
		expect(onWire()).toEqual([['GET', '/eset/v2/incidents', { pageSize: '100' }]]);
		expect(found.results).toHaveLength(t.api.eset.incidents.length);
		expect(found.results[0]).toEqual({
			name: seeded.displayName,
			value: seeded.uuid,
			description: expect.stringMatching(/^[a-z ]+, [a-z ]+, \d{4}-/),
		});
	});

	test('the search text matches a name or a UUID, whatever its case', async () => {
		const byName = await search('searchIncidents', {}, 'fp: SCANNER');
		expect(byName.results.length).toBeGreaterThan(0);
		for (const result of byName.results) expect(result.name).toMatch(/^FP: scanner noise/);
		const byUuid = await search('searchIncidents', {}, INCIDENT.slice(-6));
		expect(byUuid.results.map((r) => r.value)).toEqual([INCIDENT]);
	});

	test('pages: the next page token goes back to ESET, the last page has none', async () => {
		t.api.seedEsetIncidents(150);
		const first = await search('searchIncidents', {});
		expect(first.paginationToken).toEqual(expect.any(String));
		const second = await search('searchIncidents', {}, undefined, String(first.paginationToken));
		expect(onWire()[1][2]).toEqual({ pageSize: '100', pageToken: first.paginationToken });
		expect(second.paginationToken).toBeUndefined();
		expect(first.results.length + second.results.length).toBe(t.api.eset.incidents.length);
	});

	test("comments: those of the incident set in the panel, by that incident's path, unpaged", async () => {
		await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'comment',
				operation: 'create',
				commentIncidentUuid: INCIDENT,
				text: 'x',
			},
		});
		t.api.requests.length = 0;
		const incidentUuid = { __rl: true, mode: 'list', value: INCIDENT };
		const found = await search('searchComments', {
			resource: 'comment',
			commentIncidentUuid: incidentUuid,
		});
		expect(onWire()).toEqual([['GET', `/eset/v2/incidents/${INCIDENT}/comments`, {}]]);
		expect(found.results).toEqual([
			{ name: 'x', value: expect.any(String), description: expect.any(String) },
		]);
	});

	test.each([
		['empty', { __rl: true, mode: 'list', value: '' }],
		['an expression', { __rl: true, mode: 'id', value: '={{ $json.uuid }}' }],
	])('comments: none while the incident is %s, and no request', async (_what, incidentUuid) => {
		const found = await search('searchComments', {
			resource: 'comment',
			commentIncidentUuid: incidentUuid,
		});
		expect(found).toEqual({ results: [] });
		expect(t.api.requests).toEqual([]);
	});

	test.each([
		['searchDetections', '/eset/v1/detections'],
		['searchDetectionGroups', '/eset/v2/detection-groups'],
		['searchEdrRules', '/eset/v2/edr-rules'],
		['searchEdrRuleExclusions', '/eset/v2/edr-rule-exclusions'],
		['searchDevices', '/eset-devices/v1/devices'],
		['searchDeviceTasks', '/eset-automation/v1/device_tasks'],
		['searchQuarantinedObjects', '/eset-quarantine/v1/quarantined-objects'],
	])('%s lists %s, each entry by name and UUID', async (method, path) => {
		if (method === 'searchDeviceTasks') {
			await t.engine.run({
				node: 'esetIncident',
				parameters: { resource: 'deviceTask', operation: 'scan', deviceUuids: 'device-1' },
			});
			t.api.requests.length = 0;
		}
		const found = await search(method, {});
		expect(onWire()).toEqual([['GET', path, { pageSize: '100' }]]);
		expect(found.results.length).toBeGreaterThan(0);
		for (const result of found.results) {
			expect(result.name).toEqual(expect.any(String));
			expect(result.value).toEqual(expect.any(String));
			expect(result.name).not.toBe('');
		}
	});

	test('a picked incident (From List) goes into the path like one entered by ID', async () => {
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentUuid: { __rl: true, mode: 'list', value: INCIDENT, cachedResultName: 'x' },
			},
		});
		expect(result.error).toBeUndefined();
		expect(onWire()).toEqual([['GET', `/eset/v2/incidents/${INCIDENT}`, {}]]);
	});
});
