import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const INCIDENT_3 = '00000000-0000-4000-8000-000000000003';
const DETECTION = '00000000-0000-4000-9000-000001000002';

const INCIDENT_FIELDS = [
	'uuid',
	'displayName',
	'status',
	'severity',
	'assigneeUuid',
	'tags',
	'createTime',
	'updateTime',
	'deviceUuids',
	'detectionUuids',
];
const DETECTION_FIELDS = [
	'uuid',
	'displayName',
	'severityLevel',
	'occurTime',
	'typeName',
	'objectName',
	'objectHashSha1',
	'objectUrl',
	'deviceUuid',
	'resolved',
];

function run(resource: string, operation: string, parameters: Record<string, unknown>) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource, operation, ...parameters },
	});
}

/** The keys of an item, each one a key Simplify keeps, in Simplify's order. */
function inOrderOf(fields: string[], json: Record<string, unknown>) {
	const keys = Object.keys(json);
	expect(keys.length).toBeLessThanOrEqual(10);
	expect(keys).toEqual(fields.filter((field) => keys.includes(field)));
}

describe('Simplify (on by default): at most 10 fields, the most used first', () => {
	test('Incident → Get: the incident’s state, devices and detections; nothing ESET did not send', async () => {
		const result = await run('incident', 'get', { incidentUuid: INCIDENT });
		const seeded = t.api.eset.incidents.find((i) => i.uuid === INCIDENT)!;
		expect(result.error).toBeUndefined();
		inOrderOf(INCIDENT_FIELDS, result.json[0]);
		expect(result.json[0]).toEqual({
			uuid: INCIDENT,
			displayName: seeded.displayName,
			status: seeded.status,
			severity: seeded.severity,
			...(seeded.assigneeUuid !== undefined ? { assigneeUuid: seeded.assigneeUuid } : {}),
			tags: seeded.tags,
			createTime: seeded.createTime,
			updateTime: seeded.updateTime,
			deviceUuids: seeded.deviceUuids,
			detectionUuids: seeded.detectionUuids,
		});
	});

	test('Incident → Get with Include: what was asked for stays, its detections simplified too', async () => {
		const result = await run('incident', 'get', {
			incidentUuid: INCIDENT,
			include: ['comments', 'detections', 'indicators'],
		});
		const { detections, comments, indicators, ...incident } = result.json[0];
		inOrderOf(INCIDENT_FIELDS, incident);
		expect(Array.isArray(comments) && Array.isArray(indicators)).toBe(true);
		expect(detections.length).toBeGreaterThan(0);
		for (const detection of detections) inOrderOf(DETECTION_FIELDS, detection);
		expect(detections[0].deviceUuid).toBe(t.api.eset.detections[0].device!.uuid);
	});

	test('Incident → Get Many: simplified after the node’s own filter, which still sees every field', async () => {
		const device = t.api.eset.incidents[2].deviceUuids![0];
		const result = await run('incident', 'getAll', {
			returnAll: true,
			filters: { deviceUuid: device, tag: 'edr' },
		});
		expect(result.error).toBeUndefined();
		expect(result.json.map((json) => json.uuid)).toEqual([t.api.eset.incidents[2].uuid]);
		for (const json of result.json) inOrderOf(INCIDENT_FIELDS, json);
		expect(result.json[0]).not.toHaveProperty('metrics');
	});

	test('Detection → Get: the device’s UUID at the top, the evidence left out', async () => {
		const result = await run('detection', 'get', { detectionUuid: DETECTION });
		const seeded = t.api.eset.detections.find((d) => d.uuid === DETECTION)!;
		inOrderOf(DETECTION_FIELDS, result.json[0]);
		expect(result.json[0]).toMatchObject({ uuid: DETECTION, deviceUuid: seeded.device!.uuid });
		expect(result.json[0]).not.toHaveProperty('process');
	});

	test('Detection → Get Many (devices, v1): the device’s UUID from its context', async () => {
		const result = await run('detection', 'getAll', { limit: 3 });
		expect(result.json).toHaveLength(3);
		for (const json of result.json) {
			inOrderOf(DETECTION_FIELDS, json);
			expect(json.deviceUuid).toEqual(expect.any(String));
		}
	});

	test('Detection Group → Get Many and Search: the detection’s fields, the group’s size', async () => {
		for (const operation of ['getAll', 'search']) {
			const result = await run('detectionGroup', operation, { returnAll: true });
			expect(result.json.length).toBeGreaterThan(0);
			for (const json of result.json) {
				inOrderOf(
					[...DETECTION_FIELDS.filter((f) => f !== 'resolved'), 'groupSize', 'resolved'],
					json,
				);
				expect(json.groupSize).toEqual(expect.any(Number));
			}
		}
	});

	test('Include Devices: simplified with the incident, as ESET answered with Simplify off', async () => {
		const parameters = { incidentUuid: INCIDENT_3, include: ['devices'] };
		const simplified = await run('incident', 'get', parameters);
		const raw = await run('incident', 'get', { ...parameters, simplify: false });
		const device = t.api.eset.devices.find((d) => d.uuid === 'device-3')!;
		expect(simplified.json[0].devices[0]).toMatchObject({
			uuid: 'device-3',
			operatingSystemName: (device.operatingSystem as { displayName: string }).displayName,
		});
		expect(Object.keys(simplified.json[0].devices[0]).length).toBeLessThanOrEqual(10);
		expect(raw.json[0].devices[0]).toEqual(device);
	});

	test('a pending answer (Wait for Slow Responses off) is output as it is', async () => {
		t.api.eset.slowResponses = 1;
		const result = await run('incident', 'get', {
			incidentUuid: INCIDENT,
			options: { waitForSlowResponses: false },
		});
		expect(result.json).toEqual([
			{ pending: true, responseId: expect.any(String), requestId: expect.any(String) },
		]);
	});

	test('Simplify set by an expression to something other than true or false: an error, no request', async () => {
		const result = await run('incident', 'get', {
			incidentUuid: INCIDENT,
			simplify: '={{ "yes" }}',
		});
		expect(result.error.message).toContain('Simplify');
		expect(t.api.requests).toEqual([]);
	});
});
