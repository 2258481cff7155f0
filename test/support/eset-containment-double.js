// @ts-check
'use strict';
/**
 * The API double's ESET containment services, each under its own prefix on the double's port, as
 * ESET serves them on hosts of their own (device-management.json, automation.json and
 * quarantine-management.json in test/contracts/):
 *
 *   /eset-devices/v1/devices…                devices: list (displayNames, functionalityStatus,
 *                                            isMuted, paging), get, batchGet (atomic: one unknown
 *                                            UUID is a 404; empty is a 400)
 *   /eset-automation/v1/device_tasks…        device tasks: create (the short action names of
 *                                            ESET's help only: a gRPC method name is a 400), list,
 *                                            get, delete, runs (they advance with each poll and end
 *                                            as `taskRunOutcomes` says per device)
 *   /eset-quarantine/v1/quarantined-objects… quarantine: list (the filter.* query), get,
 *                                            batchRestore, batchDelete, batchDownload (a ZIP)
 */
const { randomUUID } = require('node:crypto');

const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';

/** The action names ESET's help page (automation.html) documents and Sekoia's client sends. */
const SHORT_ACTION_NAMES = [
	'StartNetworkIsolation',
	'EndNetworkIsolation',
	'OnDemandScan',
	'ShutdownComputer',
	'StopManaging',
	'ThirdPartyAVRemove',
	'SystemUpdate',
	'RunCommand',
	'KillProcessByPid',
	'LogOffComputerUser',
];
const SCAN_TYPE = 'type.googleapis.com/Era.Common.DataDefinition.Task.ESS.OnDemandScan';
const SCAN_PROFILES = ['InDepth', 'Smart', 'ContextMenu', 'MyProfile', 'Custom'];
const TERMINAL = [
	'TASK_RUN_STATUS_FINISHED',
	'TASK_RUN_STATUS_FAILED',
	'TASK_RUN_STATUS_SUPPRESSED',
];

/** A device in the shape of ESET's `v1Device` (int64 as strings, as proto JSON writes them). @param {number} i */
function seedDevice(i) {
	const server = i === 6;
	return {
		uuid: `device-${i}`,
		displayName: server ? 'fileserver-6' : `host-${i}`,
		originalDisplayName: server ? 'FILESERVER-6' : `HOST-${i}`,
		description: server ? 'File server' : '',
		primaryLocalIpAddress: `10.20.30.${40 + i}`,
		publicIpAddress: '203.0.113.10',
		operatingSystem: {
			displayName: server
				? 'Microsoft Windows Server 2022 Standard'
				: 'Microsoft Windows 11 Enterprise',
			familyId: '1',
			editionId: server ? '1' : '2',
			bitness: '64',
			version: { id: '1', name: server ? '10.0.20348' : '10.0.22631', major: 10, minor: 0 },
		},
		parentGroupUuid: server ? 'device-group-servers' : 'device-group-workstations',
		functionalityStatus:
			i === 3 ? 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED' : 'DEVICE_FUNCTIONALITY_STATUS_OK',
		functionalityProblemCount: i === 3 ? '1' : '0',
		isMuted: i === 5,
		lastSyncTime: `2026-11-0${i % 9 || 1}T09:00:00Z`,
		enrollmentStatus: 'DEVICE_ENROLLMENT_STATUS_FINISHED',
		deviceType: server ? 'DEVICE_TYPE_SERVER' : 'DEVICE_TYPE_DESKTOP',
		tags: server ? ['servers'] : [],
		hardwareProfiles: [{ manufacturer: 'ACME', model: 'Workstation 9000' }],
		deployedComponents: [{ name: 'ESET Endpoint Security', version: { name: '11.1.2039.2' } }],
		isMobile: false,
		isMaster: false,
		managementDomain: 'eset-protect',
		etag: `etag-${i}`,
	};
}

/** Quarantined objects in the shape of ESET's `v1QuarantinedObject`. */
function seedQuarantine() {
	const deviceFile = (/** @type {string} */ path, /** @type {string} */ sha1) => ({
		path,
		hashSha1: sha1,
		sizeBytes: '73802',
		origin: 'OBJECT_ORIGIN_DEVICE',
	});
	const scans = {
		malwareScanStatus: 'OBJECT_SCAN_STATUS_POSITIVE_RESULT',
		graywareScanStatus: 'OBJECT_SCAN_STATUS_NOT_SCANNED',
		phishingScanStatus: 'OBJECT_SCAN_STATUS_NOT_SCANNED',
		spamScanStatus: 'OBJECT_SCAN_STATUS_NOT_SCANNED',
		cloudSandboxingStatus: 'OBJECT_SCAN_STATUS_NOT_SCANNED',
	};
	return [
		{
			uuid: 'quarantined-powershell-a0103',
			displayName: 'powershell.exe',
			type: 'QUARANTINED_OBJECT_TYPE_FILE_ON_DRIVE',
			objectOrigin: 'OBJECT_ORIGIN_DEVICE',
			quarantineReason: 'QUARANTINE_REASON_RULE',
			quarantineTime: '2026-11-02T09:57:05Z',
			quarantiningRule: { displayName: 'Suspicious PowerShell command line [A0103]' },
			sizeBytes: '452608',
			isRestorable: true,
			isExcludable: true,
			...scans,
			malwareScanStatus: 'OBJECT_SCAN_STATUS_NEGATIVE_RESULT',
			file: deviceFile(POWERSHELL, '6cbce4a295c163791b60fc23d285e6d84f28ee4c'),
		},
		{
			uuid: 'quarantined-invoice-exe',
			displayName: 'invoice.exe',
			type: 'QUARANTINED_OBJECT_TYPE_FILE_ON_DRIVE',
			objectOrigin: 'OBJECT_ORIGIN_DEVICE',
			quarantineReason: 'QUARANTINE_REASON_MALWARE',
			quarantineTime: '2026-11-02T09:58:01Z',
			sizeBytes: '73802',
			isRestorable: false,
			isExcludable: false,
			...scans,
			file: deviceFile(
				'C:\\Users\\anna\\AppData\\Local\\Temp\\invoice.exe',
				'3395856ce81f2b7382dee72602f798b642f14140',
			),
		},
		{
			uuid: 'quarantined-invoice-zip',
			displayName: 'Invoice_2026-11.zip',
			type: 'QUARANTINED_OBJECT_TYPE_EMAIL_ATTACHMENT',
			objectOrigin: 'OBJECT_ORIGIN_MS_OFFICE365',
			quarantineReason: 'QUARANTINE_REASON_PHISHING',
			quarantineTime: '2026-11-04T07:40:02Z',
			sizeBytes: '20480',
			isRestorable: true,
			isExcludable: true,
			...scans,
			phishingScanStatus: 'OBJECT_SCAN_STATUS_POSITIVE_RESULT',
			cloudOfficeTenantUuid: 'tenant-acme-m365',
			email: {
				uuid: 'mail-7f2c',
				subject: 'Invoice overdue',
				from: 'billing@invoice-portal.example',
				to: 'anna@acme.example',
				mailboxUserUuid: 'user-anna',
				origin: 'OBJECT_ORIGIN_MS_OFFICE365',
			},
		},
	];
}

function freshContainmentState() {
	return {
		devices: [1, 2, 3, 4, 5, 6].map(seedDevice),
		/** device tasks, newest last */
		tasks: /** @type {any[]} */ ([]),
		/** task runs by task UUID: they survive their task, as ESET documents */
		taskRuns: /** @type {Map<string, any[]>} */ (new Map()),
		/**
		 * how a run ends per device UUID (default TASK_RUN_STATUS_FINISHED); `TASK_RUN_STATUS_RUNNING`
		 * never ends, `none` never shows a run
		 */
		taskRunOutcomes: /** @type {Record<string, string>} */ ({}),
		/** polls of a task's runs until its runs end (before: QUEUED, then RUNNING) */
		taskRunPollsUntilDone: 2,
		quarantine: seedQuarantine(),
	};
}

/** @param {number} status @param {number} code @param {string} message */
const failure = (status, code, message) => ({ status, body: { code, message } });
const invalid = (/** @type {string} */ message) => failure(400, 3, message);

/** One page of `all` under `property` (pageSize default 50, at most 1000; the token is an offset). */
function page(
	/** @type {any} */ request,
	/** @type {any[]} */ all,
	/** @type {string} */ property,
) {
	const pageSize = Math.min(Number(request.query.pageSize) || 50, 1000);
	const start = Number(request.query.pageToken || 0);
	const entries = all.slice(start, start + pageSize);
	const next = start + pageSize < all.length ? String(start + pageSize) : '';
	return {
		status: 200,
		body: { ...(entries.length ? { [property]: entries } : {}), nextPageToken: next },
	};
}

/**
 * `GET /v1/devices` (displayNames exact, repeated; functionalityStatus; isMuted), `GET
 * /v1/devices/{uuid}`, `GET /v1/devices:batchGet?devicesUuids=…` (atomic, in request order).
 * @param {any} state @param {any} request @param {string} path
 */
function devicesApi(state, request, path) {
	if (request.method !== 'GET') return undefined;
	const { devices } = state;
	if (path === '/v1/devices') {
		const names = request.queryAll.displayNames ?? [];
		const { functionalityStatus: status, isMuted } = request.query;
		if (isMuted !== undefined && !['true', 'false'].includes(isMuted))
			return invalid(`invalid isMuted: ${isMuted}`);
		const matching = devices.filter(
			(/** @type {any} */ d) =>
				(!names.length || names.includes(d.displayName)) &&
				(!status || d.functionalityStatus === status) &&
				(isMuted === undefined || String(d.isMuted) === isMuted),
		);
		return page(request, matching, 'devices');
	}
	if (path === '/v1/devices:batchGet') {
		const uuids = request.queryAll.devicesUuids ?? [];
		if (!uuids.length) return invalid('devices_uuids must not be empty');
		const found = uuids.map((/** @type {string} */ uuid) =>
			devices.find((/** @type {any} */ d) => d.uuid === uuid),
		);
		const missing = uuids.find((/** @type {string} */ _uuid, /** @type {number} */ i) => !found[i]);
		if (missing !== undefined) return failure(404, 5, `device not found: ${missing}`);
		return { status: 200, body: { devices: found } };
	}
	const match = path.match(/^\/v1\/devices\/([^/:]+)$/);
	if (!match) return undefined;
	const device = devices.find((/** @type {any} */ d) => d.uuid === decodeURIComponent(match[1]));
	return device ? { status: 200, body: { device } } : failure(404, 5, 'device not found');
}

/** What ESET would refuse in a created task, if anything. @param {any} state @param {any} task */
function taskProblem(state, task) {
	if (!task || typeof task !== 'object') return 'task is required';
	const name = task.action?.name;
	if (typeof name === 'string' && name.includes('/'))
		return `action name ${name} is a gRPC method name: the double accepts only the short names of ESET's help (automation.html), as Sekoia's client sends them`;
	if (!SHORT_ACTION_NAMES.includes(name)) return `unknown action name: ${name}`;
	if (name === 'OnDemandScan') {
		const params = task.action.params ?? {};
		if (params['@type'] !== SCAN_TYPE) return `OnDemandScan params must be of type ${SCAN_TYPE}`;
		if (!SCAN_PROFILES.includes(params.scanProfile))
			return `invalid scanProfile: ${params.scanProfile}`;
	} else if (task.action.params !== undefined) return `${name} takes no params`;
	if (
		!Array.isArray(task.triggers) ||
		!task.triggers.length ||
		!task.triggers.every((/** @type {any} */ t) => t?.manual)
	)
		return 'the task needs at least one trigger';
	const uuids = task.targets?.devicesUuids;
	if (!Array.isArray(uuids) || !uuids.length) return 'the task needs target devices';
	const unknown = uuids.find(
		(/** @type {string} */ uuid) => !state.devices.some((/** @type {any} */ d) => d.uuid === uuid),
	);
	return unknown === undefined ? undefined : `device not found: ${unknown}`;
}

/** `POST /v1/device_tasks` `{task}` → `{task}`: a task with the same name, description and action is the template's. */
function createTask(/** @type {any} */ state, /** @type {any} */ request) {
	const task = request.body?.task;
	const problem = taskProblem(state, task);
	if (problem) return invalid(problem);
	const template = state.tasks.find(
		(/** @type {any} */ t) =>
			t.displayName === task.displayName &&
			t.description === task.description &&
			t.action.name === task.action.name,
	);
	if (template) return { status: 200, body: { task: template } };
	const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
	const created = {
		uuid: randomUUID(),
		displayName: task.displayName ?? '',
		description: task.description ?? '',
		action: task.action,
		targets: { devicesUuids: task.targets.devicesUuids, deviceGroupsUuids: [] },
		triggers: [{ manual: { expireTime: new Date(Date.now() + 86_400_000).toISOString() } }],
		source: 'DEVICE_TASK_SOURCE_UNSPECIFIED',
		assetGroupUuid: '',
		versionId: '800',
		createTime: now,
		updateTime: now,
	};
	state.tasks.push(created);
	state.taskRuns.set(
		created.uuid,
		task.targets.devicesUuids
			.filter((/** @type {string} */ uuid) => state.taskRunOutcomes[uuid] !== 'none')
			.map((/** @type {string} */ deviceUuid) => ({
				uuid: randomUUID(),
				taskUuid: created.uuid,
				deviceUuid,
				status: 'TASK_RUN_STATUS_QUEUED',
				polls: 0,
			})),
	);
	return { status: 200, body: { task: created } };
}

/** Each poll of a task's runs moves them on: QUEUED, RUNNING, then the device's outcome. @param {any} state @param {any} run */
function advance(state, run) {
	if (TERMINAL.includes(run.status)) return;
	run.polls++;
	run.startTime ??= new Date().toISOString();
	if (run.polls < state.taskRunPollsUntilDone) {
		run.status = 'TASK_RUN_STATUS_RUNNING';
		return;
	}
	run.status = state.taskRunOutcomes[run.deviceUuid] ?? 'TASK_RUN_STATUS_FINISHED';
	if (TERMINAL.includes(run.status)) run.endTime = new Date().toISOString();
}

/** `GET /v1/device_tasks/{uuid}/runs` (deviceUuid, listOnlyLastRuns, paging). @param {any} state @param {any} request @param {string} uuid */
function taskRuns(state, request, uuid) {
	const runs = state.taskRuns.get(uuid);
	if (!runs) return failure(404, 5, 'task not found');
	const { deviceUuid, listOnlyLastRuns } = request.query;
	if (listOnlyLastRuns !== undefined && !['true', 'false'].includes(listOnlyLastRuns))
		return invalid(`invalid listOnlyLastRuns: ${listOnlyLastRuns}`);
	for (const run of runs) advance(state, run);
	const listed = runs
		.filter((/** @type {any} */ run) => !deviceUuid || run.deviceUuid === deviceUuid)
		.map(({ polls, ...run }) => run);
	return page(request, listed, 'taskRuns');
}

/** The device-task endpoints of automation.json that the node offers. @param {any} state @param {any} request @param {string} path */
function automationApi(state, request, path) {
	if (path === '/v1/device_tasks' && request.method === 'POST') return createTask(state, request);
	if (path === '/v1/device_tasks' && request.method === 'GET')
		return page(request, state.tasks, 'tasks');
	const runs = path.match(/^\/v1\/device_tasks\/([^/:]+)\/runs$/);
	if (runs && request.method === 'GET')
		return taskRuns(state, request, decodeURIComponent(runs[1]));
	const match = path.match(/^\/v1\/device_tasks\/([^/:]+)$/);
	if (!match) return undefined;
	const task = state.tasks.find((/** @type {any} */ t) => t.uuid === decodeURIComponent(match[1]));
	if (!task) return failure(404, 5, 'task not found');
	if (request.method === 'GET') return { status: 200, body: { task } };
	if (request.method !== 'DELETE') return undefined;
	// deleting the template deletes every task of it
	state.tasks = state.tasks.filter(
		(/** @type {any} */ t) =>
			!(
				t.displayName === task.displayName &&
				t.description === task.description &&
				t.action.name === task.action.name
			),
	);
	return { status: 200, body: {} };
}

/** Whether an object passes the `filter.*` query of a list. @param {any} query @param {any} o */
function quarantineMatches(query, o) {
	const q = (/** @type {string} */ name) => query[`filter.${name}`];
	const path = o.file?.path ?? '';
	const start = q('quarantineTime.startTime');
	const end = q('quarantineTime.endTime');
	return (
		(!q('fileName') || path.endsWith(q('fileName'))) &&
		(!q('quarantineReason') || o.quarantineReason === q('quarantineReason')) &&
		(!q('objectOrigin') || o.objectOrigin === q('objectOrigin')) &&
		(!q('objectType') || o.type === q('objectType')) &&
		(!start || Date.parse(o.quarantineTime) >= Date.parse(start)) &&
		(!end || Date.parse(o.quarantineTime) < Date.parse(end)) &&
		(!q('userUuid') || o.email?.mailboxUserUuid === q('userUuid')) &&
		(!q('emailSender') || o.email?.from === q('emailSender')) &&
		(!q('emailRecipient') || o.email?.to === q('emailRecipient')) &&
		(!q('emailSubject') || String(o.email?.subject ?? '').includes(q('emailSubject'))) &&
		(!q('cloudOfficeTenantUuid') || o.cloudOfficeTenantUuid === q('cloudOfficeTenantUuid'))
	);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(/** @type {Buffer} */ data) {
	let c = 0xffffffff;
	for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP archive (stored, no compression) of `files`. @param {Array<{ name: string, data: Buffer }>} files */
function zipArchive(files) {
	const locals = [];
	const centrals = [];
	let offset = 0;
	for (const { name, data } of files) {
		const fileName = Buffer.from(name, 'utf8');
		const header = Buffer.alloc(30);
		header.writeUInt32LE(0x04034b50, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt32LE(crc32(data), 14);
		header.writeUInt32LE(data.length, 18);
		header.writeUInt32LE(data.length, 22);
		header.writeUInt16LE(fileName.length, 26);
		const central = Buffer.alloc(46);
		central.writeUInt32LE(0x02014b50, 0);
		central.writeUInt16LE(20, 4);
		central.writeUInt16LE(20, 6);
		central.writeUInt32LE(crc32(data), 16);
		central.writeUInt32LE(data.length, 20);
		central.writeUInt32LE(data.length, 24);
		central.writeUInt16LE(fileName.length, 28);
		central.writeUInt32LE(offset, 42);
		locals.push(header, fileName, data);
		centrals.push(central, fileName);
		offset += header.length + fileName.length + data.length;
	}
	const directory = Buffer.concat(centrals);
	const end = Buffer.alloc(22);
	end.writeUInt32LE(0x06054b50, 0);
	end.writeUInt16LE(files.length, 8);
	end.writeUInt16LE(files.length, 10);
	end.writeUInt32LE(directory.length, 12);
	end.writeUInt32LE(offset, 16);
	return Buffer.concat([...locals, directory, end]);
}

/** The objects a batch request names, in order, or ESET's refusal. @param {any} state @param {any} body */
function namedObjects(state, body) {
	const uuids = body?.objectUuids;
	if (!Array.isArray(uuids) || !uuids.length || !uuids.every((u) => typeof u === 'string'))
		return { refusal: invalid('objectUuids must be a non-empty list of strings') };
	const found = uuids.map((uuid) =>
		state.quarantine.find((/** @type {any} */ o) => o.uuid === uuid),
	);
	const missing = uuids.find((_uuid, i) => !found[i]);
	if (missing !== undefined)
		return { refusal: failure(404, 5, `quarantined object not found: ${missing}`) };
	return { objects: found };
}

/** The quarantine endpoints the node offers (by UUID only). @param {any} state @param {any} request @param {string} path */
function quarantineApi(state, request, path) {
	if (path === '/v1/quarantined-objects' && request.method === 'GET') {
		const unknown = Object.keys(request.query).filter(
			(name) => !name.startsWith('filter.') && !['pageSize', 'pageToken', 'orderBy'].includes(name),
		);
		if (unknown.length) return invalid(`unknown parameter: ${unknown.join(', ')}`);
		return page(
			request,
			state.quarantine.filter((/** @type {any} */ o) => quarantineMatches(request.query, o)),
			'objects',
		);
	}
	const batch = path.match(/^\/v1\/quarantined-objects:(batchRestore|batchDelete|batchDownload)$/);
	if (batch && request.method === 'POST') {
		const { objects, refusal } = namedObjects(state, request.body);
		if (refusal) return refusal;
		if (batch[1] === 'batchDownload') {
			const files = objects.map((/** @type {any} */ o) => ({
				name: o.displayName,
				data: Buffer.from(`quarantined ${o.uuid}\n`),
			}));
			return {
				status: 200,
				headers: { 'content-type': 'application/zip' },
				body: zipArchive(files),
			};
		}
		const blocked = objects.find(
			(/** @type {any} */ o) =>
				batch[1] === 'batchRestore' &&
				(!o.isRestorable || (request.body.addToExclusions && !o.isExcludable)),
		);
		if (blocked) return failure(400, 9, `object ${blocked.uuid} cannot be restored`);
		state.quarantine = state.quarantine.filter((/** @type {any} */ o) => !objects.includes(o));
		return { status: 200, body: {} };
	}
	const match = path.match(/^\/v1\/quarantined-objects\/([^/:]+)$/);
	if (!match || request.method !== 'GET') return undefined;
	const object = state.quarantine.find(
		(/** @type {any} */ o) => o.uuid === decodeURIComponent(match[1]),
	);
	return object
		? { status: 200, body: { object } }
		: failure(404, 5, 'quarantined object not found');
}

/** The ESET service prefixes of the double besides `/eset` (incident management and the token). */
const CONTAINMENT_PREFIXES = {
	'/eset-devices': devicesApi,
	'/eset-automation': automationApi,
	'/eset-quarantine': quarantineApi,
};

/**
 * The answer of a containment service to an authorized request, or undefined when the request is
 * for incident management (`/eset`).
 * @param {any} state @param {any} request
 */
function containmentAnswer(state, request) {
	for (const [prefix, api] of Object.entries(CONTAINMENT_PREFIXES)) {
		if (!request.rawPath.startsWith(`${prefix}/`)) continue;
		const answer = api(state, request, request.rawPath.slice(prefix.length));
		return answer ?? failure(404, 5, 'no such ESET route in the API double');
	}
	return undefined;
}

module.exports = {
	CONTAINMENT_PREFIXES,
	POWERSHELL,
	SHORT_ACTION_NAMES,
	containmentAnswer,
	freshContainmentState,
	seedDevice,
	zipArchive,
};
