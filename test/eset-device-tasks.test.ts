import type { RecordedRequest } from './support/api-double';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT_3 = '00000000-0000-4000-8000-000000000003';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });
const WHOLE_SECOND = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

function task(
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: { continueOnFail?: boolean } = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'deviceTask', operation, ...parameters },
		...extra,
	});
}

const automation = () => t.api.requestsTo('automation');
const creates = () => automation().filter((r) => r.method === 'POST');
const runPolls = () => automation().filter((r) => r.path.endsWith('/runs'));
const gaps = (requests: RecordedRequest[]) =>
	requests.slice(1).map((r, i) => r.at - requests[i].at);

describe('ESET Incident → Device Task: creating tasks', () => {
	test('Isolate From Network sends the short action name, a manual trigger and the devices', async () => {
		const result = await task('isolate', { deviceUuids: 'device-3, device-6' });
		expect(result.error).toBeUndefined();
		const [call] = creates();
		expect(call.rawPath).toBe('/eset-automation/v1/device_tasks');
		const sent = call.body.task;
		expect(Object.keys(sent).sort()).toEqual([
			'action',
			'description',
			'displayName',
			'targets',
			'triggers',
		]);
		expect(sent.action).toEqual({ name: 'StartNetworkIsolation' });
		expect(sent.displayName).toBe('n8n: Isolate From Network');
		expect(sent.description).toMatch(
			/^Isolate From Network: 2 device\(s\), requested by n8n at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \([0-9a-f-]{36}\)$/,
		);
		expect(sent.triggers).toEqual([
			{ manual: { createTime: expect.stringMatching(WHOLE_SECOND) } },
		]);
		expect(sent.targets).toEqual({ devicesUuids: ['device-3', 'device-6'] });
		const [created] = t.api.eset.tasks;
		expect(result.json).toEqual([
			{
				taskUuid: created.uuid,
				action: 'StartNetworkIsolation',
				deviceUuids: ['device-3', 'device-6'],
				displayName: 'n8n: Isolate From Network',
				description: sent.description,
				requestId: expect.any(String),
			},
		]);
	});

	test('each call is a task of its own: the description is unique, so ESET merges nothing', async () => {
		await task('isolate', { deviceUuids: 'device-1' });
		await task('isolate', { deviceUuids: 'device-1' });
		expect(t.api.eset.tasks).toHaveLength(2);
		const [first, second] = creates().map((r) => r.body.task.description);
		expect(first).not.toBe(second);
	});

	test('End Network Isolation sends EndNetworkIsolation', async () => {
		const result = await task('endIsolation', { deviceUuids: '={{ ["device-2"] }}' });
		expect(result.error).toBeUndefined();
		expect(creates()[0].body.task).toMatchObject({
			action: { name: 'EndNetworkIsolation' },
			displayName: 'n8n: End Network Isolation',
			targets: { devicesUuids: ['device-2'] },
		});
	});

	test("Scan sends OnDemandScan with the params ESET's help documents", async () => {
		await task('scan', { deviceUuids: 'device-1' });
		await task('scan', {
			deviceUuids: 'device-1',
			scanProfile: 'Custom',
			customProfileName: ' Servers weekly ',
			cleaningEnabled: true,
			shutdownEnabled: true,
		});
		expect(creates().map((r) => r.body.task.action)).toEqual([
			{
				name: 'OnDemandScan',
				params: {
					'@type': 'type.googleapis.com/Era.Common.DataDefinition.Task.ESS.OnDemandScan',
					scanProfile: 'InDepth',
					cleaningEnabled: false,
					shutdownEnabled: false,
				},
			},
			{
				name: 'OnDemandScan',
				params: {
					'@type': 'type.googleapis.com/Era.Common.DataDefinition.Task.ESS.OnDemandScan',
					scanProfile: 'Custom',
					cleaningEnabled: true,
					shutdownEnabled: true,
					customProfileName: 'Servers weekly',
				},
			},
		]);
		const blank = await task('scan', {
			deviceUuids: 'device-1',
			scanProfile: 'Custom',
			customProfileName: '={{ " " }}',
		});
		expect(blank.error.message).toBe('Custom Profile Name is empty');
		expect(creates()).toHaveLength(2);
	});

	test("Devices of an Incident: the incident's devices, read first; the description names the incident", async () => {
		const result = await task('isolate', {
			targetType: 'incident',
			targetIncidentUuid: INCIDENT_3,
		});
		expect(result.error).toBeUndefined();
		expect(t.api.requestsTo('incidents').map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /eset/v2/incidents/${INCIDENT_3}`,
		]);
		const sent = creates()[0].body.task;
		expect(sent.targets).toEqual({ devicesUuids: ['device-3', 'device-6'] });
		expect(sent.description).toContain(`of ESET incident ${INCIDENT_3}`);
		expect(result.json[0]).toMatchObject({
			incidentUuid: INCIDENT_3,
			deviceUuids: ['device-3', 'device-6'],
		});
	});

	test('an incident without devices, or no device UUIDs at all, creates nothing', async () => {
		t.api.eset.incidents[2].deviceUuids = [];
		const result = await task('isolate', {
			targetType: 'incident',
			targetIncidentUuid: INCIDENT_3,
		});
		expect(result.error.message).toBe(`Incident ${INCIDENT_3} has no devices`);
		const none = await task('isolate', { deviceUuids: '={{ [] }}' });
		expect(none.error.message).toBe('Device UUIDs is empty');
		const dots = await task('isolate', { deviceUuids: 'device-1, ..' });
		expect(dots.error.message).toBe('Device UUIDs is ".."');
		expect(creates()).toEqual([]);
	});

	test('a 202 on creating is collected with its response-id; a 429 is waited out', async () => {
		t.api.eset.slowResponses = 1;
		const slow = await task('isolate', { deviceUuids: 'device-1' });
		expect(slow.error).toBeUndefined();
		expect(creates().map((r) => r.headers['response-id'] ?? '')).toEqual([
			'',
			[...t.api.eset.pending.keys()][0],
		]);
		expect(t.api.eset.tasks).toHaveLength(1);
		t.api.script((r) => r.path === '/eset-automation/v1/device_tasks', {
			status: 429,
			body: { code: 8, message: 'rate limit reached' },
		});
		const limited = await task('isolate', { deviceUuids: 'device-2' });
		expect(limited.error).toBeUndefined();
		expect(t.api.eset.tasks).toHaveLength(2);
	});

	test('with Wait for Slow Responses off, a 202 is output as pending (nothing waited for)', async () => {
		t.api.eset.slowResponses = 1;
		const result = await task('isolate', {
			deviceUuids: 'device-1',
			options: { waitForSlowResponses: false, waitForCompletion: true },
		});
		expect(result.json).toEqual([
			{ pending: true, responseId: expect.any(String), requestId: expect.any(String) },
		]);
		expect(runPolls()).toEqual([]);
	});

	test("ESET's API double refuses the gRPC form of the action name, so that a change is deliberate", async () => {
		const result = await t.engine.run({
			node: 'test.authenticatedRequest',
			parameters: {
				credentialType: 'esetConnectApi',
				helper: 'httpRequest',
				method: 'POST',
				url: `${t.api.url}/eset-automation/v1/device_tasks`,
				body: JSON.stringify({
					task: {
						action: {
							name: 'eset.dotnod.network_access_protection.v1.NetworkAccessProtection/StartNetworkIsolation',
						},
						triggers: [{ manual: {} }],
						targets: { devicesUuids: ['device-1'] },
					},
				}),
			},
		});
		expect(JSON.stringify(result.error)).toContain('400');
		expect(t.api.eset.tasks).toEqual([]);
	});
});

describe('ESET Incident → Device Task: Wait for Completion', () => {
	const isolateAndWait = (options: Record<string, unknown> = {}, continueOnFail = false) =>
		task(
			'isolate',
			{ deviceUuids: 'device-3, device-6', options: { waitForCompletion: true, ...options } },
			{ continueOnFail },
		);

	test('polls the runs, backing off, until each device finished: one item per device', async () => {
		t.api.eset.taskRunPollsUntilDone = 3;
		const result = await isolateAndWait();
		expect(result.error).toBeUndefined();
		const [created] = t.api.eset.tasks;
		expect(runPolls().map((r) => [r.rawPath, r.query])).toEqual(
			Array(3).fill([
				`/eset-automation/v1/device_tasks/${created.uuid}/runs`,
				{ listOnlyLastRuns: 'true', pageSize: '1000' },
			]),
		);
		const [first, second] = gaps(runPolls());
		expect(first).toBeGreaterThanOrEqual(950);
		expect(second).toBeGreaterThanOrEqual(1950);
		expect(result.json).toEqual(
			['device-3', 'device-6'].map((deviceUuid) => ({
				deviceUuid,
				status: 'TASK_RUN_STATUS_FINISHED',
				taskUuid: created.uuid,
				action: 'StartNetworkIsolation',
				runUuid: expect.any(String),
				startTime: expect.any(String),
				endTime: expect.any(String),
				requestId: expect.any(String),
			})),
		);
	});

	test('a device whose run FAILED fails the item, naming it and the device that finished', async () => {
		t.api.eset.taskRunOutcomes = { 'device-6': 'TASK_RUN_STATUS_FAILED' };
		const result = await isolateAndWait();
		expect(result.error.message).toBe(
			'Isolate From Network did not succeed on 1 of 2 device(s): device-6 (TASK_RUN_STATUS_FAILED)',
		);
		expect(result.error.description).toContain('Finished on: device-3.');
		expect(result.error.description).toContain(t.api.eset.tasks[0].uuid);
	});

	test.each([
		['TASK_RUN_STATUS_FAILED', 'Isolate From Network failed on device device-6'],
		[
			'TASK_RUN_STATUS_SUPPRESSED',
			'Isolate From Network was suppressed on device device-6: ESET did not run it',
		],
	])(
		'with Continue On Fail, a device whose run is %s is an error item, the other a success',
		async (status, message) => {
			t.api.eset.taskRunOutcomes = { 'device-6': status };
			const result = await isolateAndWait({}, true);
			expect(result.error).toBeUndefined();
			expect(result.json[0]).toMatchObject({
				deviceUuid: 'device-3',
				status: 'TASK_RUN_STATUS_FINISHED',
			});
			// an error item as n8n's own nodes output one (its error output takes it)
			expect(result.items[1].json).toEqual({ error: message });
			expect(result.items[1].error).toBeUndefined();
		},
	);

	test('a device that never finishes: an error naming it once Max Wait is over, never later', async () => {
		t.api.eset.taskRunOutcomes = { 'device-6': 'TASK_RUN_STATUS_RUNNING' };
		const started = Date.now();
		const result = await isolateAndWait({ maxWaitSeconds: 4 });
		const took = Date.now() - started;
		expect(result.error.message).toBe(
			'Isolate From Network did not succeed on 1 of 2 device(s): device-6 (TASK_RUN_STATUS_RUNNING)',
		);
		expect(took).toBeLessThan(5000);
		expect(runPolls().length).toBeGreaterThanOrEqual(2);
	});

	test('with Continue On Fail, a device with no run at all is an item saying so', async () => {
		t.api.eset.taskRunOutcomes = { 'device-6': 'none' };
		const result = await isolateAndWait({ maxWaitSeconds: 2 }, true);
		expect(result.json[1]).toEqual({
			error: expect.stringMatching(
				/^Isolate From Network did not finish on device device-6 within Max Wait \(\d s\): no run of it was listed yet$/,
			),
		});
	});
});

describe('ESET Incident → Device Task: reading and deleting', () => {
	async function seedTask() {
		await task('scan', { deviceUuids: 'device-1,device-2' });
		const [created] = t.api.eset.tasks;
		t.api.requests = [];
		return created;
	}

	test('Get reads the task from the automation host', async () => {
		const created = await seedTask();
		const result = await task('get', { taskUuid: byId(created.uuid) });
		expect(automation().map((r) => `${r.method} ${r.rawPath}`)).toEqual([
			`GET /eset-automation/v1/device_tasks/${created.uuid}`,
		]);
		expect(result.json).toEqual([created]);
	});

	test('Get Many lists the tasks; Delete outputs {deleted, taskUuid, requestId}', async () => {
		const created = await seedTask();
		const listed = await task('getAll', { returnAll: true });
		expect(listed.json.map((json) => json.uuid)).toEqual([created.uuid]);
		const deleted = await task('delete', { taskUuid: byId(created.uuid) });
		expect(deleted.json).toEqual([
			{ deleted: true, taskUuid: created.uuid, requestId: expect.any(String) },
		]);
		expect(automation().map((r) => `${r.method} ${r.rawPath}`)).toEqual([
			'GET /eset-automation/v1/device_tasks',
			`DELETE /eset-automation/v1/device_tasks/${created.uuid}`,
		]);
		expect(t.api.eset.tasks).toEqual([]);
	});

	test('Get Runs: the status on each device, the latest run per device unless told otherwise', async () => {
		const created = await seedTask();
		const all = await task('getRuns', { taskUuid: byId(created.uuid) });
		expect(all.json.map((run) => [run.deviceUuid, run.status])).toEqual([
			['device-1', 'TASK_RUN_STATUS_RUNNING'],
			['device-2', 'TASK_RUN_STATUS_RUNNING'],
		]);
		const one = await task('getRuns', {
			taskUuid: byId(created.uuid),
			taskRunFilters: { deviceUuid: 'device-2', latestOnly: false },
		});
		expect(one.json.map((run) => [run.deviceUuid, run.status])).toEqual([
			['device-2', 'TASK_RUN_STATUS_FINISHED'],
		]);
		expect(runPolls().map((r) => r.query)).toEqual([
			{ pageSize: '1000', listOnlyLastRuns: 'true' },
			{ pageSize: '1000', listOnlyLastRuns: 'false', deviceUuid: 'device-2' },
		]);
	});

	test('the task picker lists tasks whose name or description contains the search', async () => {
		const created = await seedTask();
		const found = await t.engine.listSearch(
			'esetIncident',
			'searchDeviceTasks',
			{ resource: 'deviceTask', operation: 'get' },
			'scan',
		);
		expect(found.results).toEqual([
			{ name: 'n8n: Scan', value: created.uuid, description: created.description },
		]);
	});
});
