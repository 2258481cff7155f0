import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT_3 = '00000000-0000-4000-8000-000000000003';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

function device(operation: string, parameters: Record<string, unknown> = {}) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'device', operation, ...parameters },
	});
}

const onWire = (which: 'devices' | 'incidents') =>
	t.api.requestsTo(which).map((r) => `${r.method} ${r.rawPath}`);

describe('ESET Incident → Device', () => {
	test('Get reads the device from the device-management host and simplifies it', async () => {
		const result = await device('get', { deviceUuid: byId('device-6') });
		expect(result.error).toBeUndefined();
		expect(onWire('devices')).toEqual(['GET /eset-devices/v1/devices/device-6']);
		expect(t.api.requestsTo('incidents')).toEqual([]);
		expect(result.json).toEqual([
			{
				uuid: 'device-6',
				displayName: 'fileserver-6',
				primaryLocalIpAddress: '10.20.30.46',
				publicIpAddress: '203.0.113.10',
				operatingSystemName: 'Microsoft Windows Server 2022 Standard',
				parentGroupUuid: 'device-group-servers',
				functionalityStatus: 'DEVICE_FUNCTIONALITY_STATUS_OK',
				isMuted: false,
				lastSyncTime: '2026-11-06T09:00:00Z',
				deviceType: 'DEVICE_TYPE_SERVER',
			},
		]);
		expect(Object.keys(result.json[0]).length).toBeLessThanOrEqual(10);
	});

	test("Get with Simplify off outputs ESET's device as it came; a picked device works the same", async () => {
		const result = await device('get', {
			deviceUuid: { __rl: true, mode: 'list', value: 'device-1', cachedResultName: 'host-1' },
			simplify: false,
		});
		expect(result.json).toEqual([t.api.eset.devices[0]]);
	});

	test('the device UUID is checked and URL-encoded', async () => {
		t.api.script((r) => r.path.startsWith('/eset-devices/'), {
			status: 200,
			body: { device: { uuid: 'a/b?c' } },
		});
		await device('get', { deviceUuid: byId(' a/b?c ') });
		expect(onWire('devices')).toEqual(['GET /eset-devices/v1/devices/a%2Fb%3Fc']);
		const result = await device('get', { deviceUuid: byId('..') });
		expect(result.error.message).toBe('Device is ".."');
		expect(result.error.description).toContain('Pick the device from the list, or enter its UUID');
		expect(onWire('devices')).toHaveLength(1);
	});

	test("Get Many pages through ESET's list; Limit asks for no more than it needs", async () => {
		const all = await device('getAll', { returnAll: true });
		expect(all.json.map((d) => d.uuid)).toEqual(t.api.eset.devices.map((d) => d.uuid));
		const limited = await device('getAll', { limit: 2 });
		expect(limited.json.map((d) => d.uuid)).toEqual(['device-1', 'device-2']);
		expect(t.api.requestsTo('devices').map((r) => r.query)).toEqual([
			{ pageSize: '1000' },
			{ pageSize: '2' },
		]);
	});

	test('Get Many sends the filters as ESET documents them: each exact name a key of its own', async () => {
		const result = await device('getAll', {
			returnAll: true,
			deviceFilters: {
				displayNames: 'host-3\n fileserver-6 \n\n',
				functionalityStatus: 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED',
				muted: 'notMuted',
			},
		});
		const [call] = t.api.requestsTo('devices');
		expect(call.rawPath).toBe('/eset-devices/v1/devices');
		expect(call.queryAll).toEqual({
			pageSize: ['1000'],
			displayNames: ['host-3', 'fileserver-6'],
			functionalityStatus: ['DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED'],
			isMuted: ['false'],
		});
		expect(result.json.map((d) => d.uuid)).toEqual(['device-3']);
	});

	test('Get Many by UUIDs: 100 UUIDs per batchGet, the order kept, repeats once', async () => {
		const extra = Array.from({ length: 205 }, (_, i) => ({
			...t.api.eset.devices[0],
			uuid: `bulk-${i}`,
			displayName: `bulk-${i}`,
		}));
		t.api.eset.devices.push(...extra);
		const uuids = ['device-6', ...extra.map((d) => d.uuid), 'device-6'];
		const result = await device('getManyByUuids', {
			deviceUuids: `={{ ${JSON.stringify(uuids)} }}`,
		});
		expect(result.error).toBeUndefined();
		expect(result.json.map((d) => d.uuid)).toEqual(uuids.slice(0, -1));
		const batches = t.api.requestsTo('devices').map((r) => r.queryAll.devicesUuids);
		expect(batches.map((b) => b.length)).toEqual([100, 100, 6]);
		expect(
			t.api.requestsTo('devices').every((r) => r.rawPath === '/eset-devices/v1/devices:batchGet'),
		).toBe(true);
	});

	test('Get Many by UUIDs takes text separated by commas; an unknown device fails the batch (ESET answers all or nothing)', async () => {
		const result = await device('getManyByUuids', { deviceUuids: 'device-1, device-2' });
		expect(result.json.map((d) => d.displayName)).toEqual(['host-1', 'host-2']);
		const unknown = await device('getManyByUuids', { deviceUuids: 'device-1,nope' });
		expect(unknown.error.httpCode).toBe('404');
		const empty = await device('getManyByUuids', { deviceUuids: ' , ' });
		expect(empty.error.message).toBe('Device UUIDs is empty');
	});

	test("a batchGet answer that leaves devices out is not ESET's answer", async () => {
		t.api.script((r) => r.path.endsWith(':batchGet'), {
			status: 200,
			body: { devices: [t.api.eset.devices[0]] },
		});
		const result = await device('getManyByUuids', { deviceUuids: 'device-1,device-2' });
		expect(result.error.message).toContain('a batchGet answers all or nothing');
	});

	test('the device picker lists devices whose name contains the search, with their IP and OS', async () => {
		const found = await t.engine.listSearch(
			'esetIncident',
			'searchDevices',
			{ resource: 'device', operation: 'get' },
			'SERVER',
		);
		expect(found.results).toEqual([
			{
				name: 'fileserver-6',
				value: 'device-6',
				description: '10.20.30.46, Microsoft Windows Server 2022 Standard',
			},
		]);
		expect(t.api.requestsTo('devices').map((r) => [r.rawPath, r.query])).toEqual([
			['/eset-devices/v1/devices', { pageSize: '100' }],
		]);
	});
});

describe('ESET Incident → Incident → Get with Include Devices', () => {
	test("adds the incident's devices, simplified, read by batchGet from the device-management host", async () => {
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentUuid: INCIDENT_3,
				include: ['devices'],
			},
		});
		expect(result.error).toBeUndefined();
		expect(onWire('incidents')).toEqual([`GET /eset/v2/incidents/${INCIDENT_3}`]);
		expect(t.api.requestsTo('devices').map((r) => [r.rawPath, r.queryAll])).toEqual([
			['/eset-devices/v1/devices:batchGet', { devicesUuids: ['device-3', 'device-6'] }],
		]);
		const [incident] = result.json;
		expect(incident.uuid).toBe(INCIDENT_3);
		expect(incident.devices.map((d: { displayName: string }) => d.displayName)).toEqual([
			'host-3',
			'fileserver-6',
		]);
		expect(incident.devices[0]).toMatchObject({
			primaryLocalIpAddress: '10.20.30.43',
			operatingSystemName: 'Microsoft Windows 11 Enterprise',
			functionalityStatus: 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED',
		});
		expect(incident.devicesNotFound).toBeUndefined();
	});

	test('a device ESET no longer knows: the others are read one by one and it is listed in devicesNotFound', async () => {
		t.api.eset.devices = t.api.eset.devices.filter((d) => d.uuid !== 'device-6');
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentUuid: INCIDENT_3,
				include: ['devices'],
			},
		});
		expect(result.error).toBeUndefined();
		expect(onWire('devices')).toEqual([
			'GET /eset-devices/v1/devices:batchGet',
			'GET /eset-devices/v1/devices/device-3',
			'GET /eset-devices/v1/devices/device-6',
		]);
		expect(result.json[0].devices.map((d: { uuid: string }) => d.uuid)).toEqual(['device-3']);
		expect(result.json[0].devicesNotFound).toEqual(['device-6']);
	});
});
