import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const DETECTION = '00000000-0000-4000-9000-000001000001';
const DETECTION_GROUP = '00000000-0000-4000-a000-000001000001';
const EDR_DETECTION = '00000000-0000-4000-9000-000001000003';
const RULE = 'edr-rule-a0103';
const RULE_XML = '<rule><definition/><description><name>x</name></description></rule>';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

/** Parameters that make each operation runnable; reads are listed in READS. */
const ESET_PARAMETERS: Record<string, Record<string, unknown>> = {
	'incident/get': { incidentUuid: INCIDENT },
	'incident/getAll': { limit: 2 },
	'incident/update': { incidentUuid: INCIDENT, updateFields: { displayName: 'x' } },
	'incident/close': { incidentUuid: INCIDENT },
	'incident/reopen': { incidentUuid: INCIDENT },
	'comment/create': { commentIncidentUuid: INCIDENT, text: 'x' },
	'comment/get': { commentIncidentUuid: INCIDENT, commentUuid: 'c-1' },
	'comment/getAll': { commentIncidentUuid: INCIDENT, returnAll: true },
	'comment/update': { commentIncidentUuid: INCIDENT, commentUuid: 'c-1', newText: 'x' },
	'comment/delete': { commentIncidentUuid: INCIDENT, commentUuid: 'c-1' },
	'detection/get': { detectionUuid: DETECTION },
	'detection/getAll': { limit: 2 },
	'detection/resolve': { detectionUuid: DETECTION },
	'detectionGroup/get': { detectionGroupUuid: DETECTION_GROUP },
	'detectionGroup/getAll': { limit: 2 },
	'detectionGroup/search': { searchConditions: { unresolvedOnly: true } },
	'detectionGroup/resolve': { detectionGroupUuid: DETECTION_GROUP },
	'edrRule/create': {
		xmlDefinition: RULE_XML,
		scopes: { scope: [{ type: 'device', uuid: 'device-1' }] },
	},
	'edrRule/get': { ruleUuid: RULE },
	'edrRule/getAll': { returnAll: true, includeTotalSize: true },
	'edrRule/updateDefinition': { ruleUuid: RULE, xmlDefinition: RULE_XML },
	'edrRule/enable': { ruleUuid: RULE },
	'edrRule/disable': { ruleUuid: RULE },
	'edrRule/delete': { ruleUuid: RULE },
	'edrRuleExclusion/create': { xmlDefinition: RULE_XML, ruleUuids: RULE },
	'edrRuleExclusion/createFromDetection': { detectionUuid: EDR_DETECTION },
	'edrRuleExclusion/get': { exclusionUuid: 'exclusion-backup-agent' },
	'edrRuleExclusion/getAll': { limit: 1 },
	'edrRuleExclusion/updateDefinition': {
		exclusionUuid: 'exclusion-backup-agent',
		xmlDefinition: RULE_XML,
	},
	'edrRuleExclusion/delete': { exclusionUuid: 'exclusion-backup-agent' },
	'device/get': { deviceUuid: byId('device-1') },
	'device/getAll': { limit: 2 },
	'device/getManyByUuids': { deviceUuids: 'device-1,device-6' },
	'deviceTask/isolate': { deviceUuids: 'device-1' },
	'deviceTask/endIsolation': { targetType: 'incident', targetIncidentUuid: INCIDENT },
	'deviceTask/scan': { deviceUuids: 'device-1' },
	'deviceTask/get': { taskUuid: byId('task-1') },
	'deviceTask/getAll': { limit: 1 },
	'deviceTask/getRuns': { taskUuid: byId('task-1') },
	'deviceTask/delete': { taskUuid: byId('task-1') },
	'quarantine/get': { objectUuid: byId('quarantined-invoice-zip') },
	'quarantine/getAll': { limit: 2 },
	'quarantine/restore': { objectUuids: 'quarantined-powershell-a0103' },
	'quarantine/delete': { objectUuids: 'quarantined-invoice-zip' },
	'quarantine/download': { objectUuids: 'quarantined-invoice-zip' },
};
const AEGISTER_PARAMETERS: Record<string, Record<string, unknown>> = {
	'incident/update': { organization: byId(1), incidentId: '101', updateFields: { title: 'x' } },
	'threatIntel/enrich': {
		organization: byId(1),
		indicators: { indicator: [{ type: 'ip', value: '198.51.100.23' }] },
	},
	'organization/getAll': { returnAll: true },
};
const READS = new Set([
	'incident/get',
	'incident/getAll',
	'comment/get',
	'comment/getAll',
	'detection/get',
	'detection/getAll',
	'detectionGroup/get',
	'detectionGroup/getAll',
	'detectionGroup/search',
	'edrRule/get',
	'edrRule/getAll',
	'edrRuleExclusion/get',
	'edrRuleExclusion/getAll',
	'device/get',
	'device/getAll',
	'device/getManyByUuids',
	'deviceTask/get',
	'deviceTask/getAll',
	'deviceTask/getRuns',
	'quarantine/get',
	'quarantine/getAll',
	'quarantine/download',
	'threatIntel/enrich',
	'organization/getAll',
]);

/** A device task in the double, for the reads of one. */
function seedTask(uuid: string) {
	t.api.eset.tasks.push({
		uuid,
		displayName: 'x',
		description: 'y',
		action: { name: 'OnDemandScan' },
	});
	t.api.eset.taskRuns.set(uuid, []);
}

function operationsOf(nodeName: string): string[] {
	return t.engine
		.nodeType(nodeName)
		.description.properties.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.options as Array<{ value: string }>).map(
				(o) => `${p.displayOptions!.show!.resource![0]}/${o.value}`,
			),
		);
}

function readOnly() {
	const credentials = t.api.credentials();
	t.engine.setCredentials({
		esetConnectApi: { ...credentials.esetConnectApi, allowChanges: false },
		aegisterApi: { ...credentials.aegisterApi, allowChanges: false },
	});
}

describe('a read-only credential ("Allow Changes" off)', () => {
	test('every operation has its parameters here, so that no write is left untested', () => {
		expect(operationsOf('esetIncident').sort()).toEqual(Object.keys(ESET_PARAMETERS).sort());
		expect(operationsOf('aegisterIncident').sort()).toEqual(
			Object.keys(AEGISTER_PARAMETERS).sort(),
		);
	});

	test.each(Object.keys(ESET_PARAMETERS).filter((key) => !READS.has(key)))(
		'ESET %s fails before any request',
		async (key) => {
			readOnly();
			const [resource, operation] = key.split('/');
			const result = await t.engine.run({
				node: 'esetIncident',
				parameters: { resource, operation, ...ESET_PARAMETERS[key] },
			});
			expect(result.error.message).toMatch(
				/^The ESET Connect API credential is read-only \("Allow Changes" is off\): [A-Z][A-Za-z ]+ → [A-Z][A-Za-z ]+ would change data in ESET, so nothing was sent$/,
			);
			expect(result.error.description).toBe(
				'Turn "Allow Changes" on in the credential, or use a credential that may write.',
			);
			expect(t.api.requests).toEqual([]);
		},
	);

	test('Incident → Get with its detections and devices still reads: a batchGet is a read', async () => {
		readOnly();
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'incident',
				operation: 'get',
				incidentUuid: INCIDENT,
				include: ['detections', 'devices'],
			},
		});
		expect(result.error).toBeUndefined();
		expect(t.api.requestsTo('incidents').map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /eset/v2/incidents/${INCIDENT}`,
			'POST /eset/v2/detections:batchGet',
		]);
		expect(t.api.requestsTo('devices').map((r) => `${r.method} ${r.path}`)).toEqual([
			'GET /eset-devices/v1/devices:batchGet',
		]);
	});

	test('an expression in the operation cannot get round it: the check is on every request the transport sends', async () => {
		readOnly();
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: { resource: 'incident', operation: 'close', incidentUuid: '={{ $json.id }}' },
			items: [{ id: INCIDENT }],
		});
		expect(result.error.message).toContain('read-only');
		expect(t.api.requests).toEqual([]);
	});

	test.each([
		'incident/get',
		'incident/getAll',
		'comment/getAll',
		'detection/get',
		'detection/getAll',
		'detectionGroup/get',
		'detectionGroup/getAll',
		'detectionGroup/search',
		'edrRule/get',
		'edrRule/getAll',
		'edrRuleExclusion/get',
		'edrRuleExclusion/getAll',
		'device/get',
		'device/getAll',
		'device/getManyByUuids',
		'deviceTask/get',
		'deviceTask/getAll',
		'deviceTask/getRuns',
		'quarantine/get',
		'quarantine/getAll',
		'quarantine/download',
	])('ESET %s still reads', async (key) => {
		readOnly();
		if (key.startsWith('deviceTask/')) seedTask('task-1');
		const [resource, operation] = key.split('/');
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: { resource, operation, ...ESET_PARAMETERS[key] },
		});
		expect(result.error).toBeUndefined();
	});

	test('Aegister Update fails before any request; enriching and listing still work', async () => {
		readOnly();
		const update = await t.engine.run({
			node: 'aegisterIncident',
			parameters: {
				resource: 'incident',
				operation: 'update',
				...AEGISTER_PARAMETERS['incident/update'],
			},
		});
		expect(update.error.message).toBe(
			'The Aegister API credential is read-only ("Allow Changes" is off): Incident → Update would change data in Aegister, so nothing was sent',
		);
		expect(t.api.requests).toEqual([]);
		for (const key of ['threatIntel/enrich', 'organization/getAll']) {
			const [resource, operation] = key.split('/');
			const result = await t.engine.run({
				node: 'aegisterIncident',
				parameters: { resource, operation, ...AEGISTER_PARAMETERS[key] },
			});
			expect(result.error).toBeUndefined();
		}
	});

	test('the ESET Incident Trigger works with it', async () => {
		readOnly();
		const trigger = t.engine.activateTrigger({
			node: 'esetIncidentTrigger',
			parameters: { event: 'incidentCreated' },
		});
		expect(await trigger.poll()).toBeNull();
	});

	test('the message names the operation by its labels', async () => {
		readOnly();
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: {
				resource: 'edrRuleExclusion',
				operation: 'createFromDetection',
				detectionUuid: EDR_DETECTION,
			},
		});
		expect(result.error.message).toContain(
			'EDR Rule Exclusion → Create From Detection would change data in ESET',
		);
	});

	test('both credentials default to allowing changes', () => {
		for (const type of ['esetConnectApi', 'aegisterApi']) {
			const allow = t.engine.credentialsHelper
				.getCredentialsProperties(type)
				.find((p) => p.name === 'allowChanges')!;
			expect([allow.type, allow.default]).toEqual(['boolean', true]);
		}
	});
});

describe('the credential itself is read-only, for every node that sends a request with it', () => {
	type Request = [credentialType: string, method: string, path: string, body?: unknown];
	const WRITES: Request[] = [
		['esetConnectApi', 'POST', `/eset/v2/incidents/${INCIDENT}:close`, {}],
		['esetConnectApi', 'DELETE', `/eset/v2/incidents/${INCIDENT}/comments/c-1`],
		['esetConnectApi', 'POST', '/eset/v2/edr-rules/edr-rule-a0103:disable', {}],
		['esetConnectApi', 'POST', `/eset/v2/incidents/${INCIDENT}:close?x=:search`, {}],
		[
			'esetConnectApi',
			'POST',
			'/eset-automation/v1/device_tasks',
			{ task: { action: { name: 'StartNetworkIsolation' } } },
		],
		['esetConnectApi', 'DELETE', '/eset-automation/v1/device_tasks/task-1'],
		[
			'esetConnectApi',
			'POST',
			'/eset-quarantine/v1/quarantined-objects:batchRestore',
			{ objectUuids: ['quarantined-powershell-a0103'] },
		],
		[
			'esetConnectApi',
			'POST',
			'/eset-quarantine/v1/quarantined-objects:batchDelete',
			{ objectUuids: ['quarantined-invoice-zip'] },
		],
		['aegisterApi', 'PATCH', '/aegister/api/v1/V-Ciso/incidents/1/101', { title: 'x' }],
		[
			'aegisterApi',
			'POST',
			'/aegister/api/v1/V-Ciso/incidents/1/threat-intel/../101',
			{ title: 'x' },
		],
	];
	const READS: Request[] = [
		['esetConnectApi', 'GET', `/eset/v2/incidents/${INCIDENT}`],
		['esetConnectApi', 'POST', '/eset/v2/detections:batchGet', { detectionUuids: [DETECTION] }],
		['esetConnectApi', 'POST', '/eset/v2/detection-groups:search', { filter: 'resolved eq 0' }],
		[
			'esetConnectApi',
			'POST',
			'/eset-quarantine/v1/quarantined-objects:batchDownload',
			{ objectUuids: ['quarantined-invoice-zip'] },
		],
		[
			'aegisterApi',
			'POST',
			'/aegister/api/v1/V-Ciso/incidents/1/threat-intel',
			{ indicators: [{ type: 'ip', value: '198.51.100.23' }] },
		],
		['aegisterApi', 'GET', '/aegister/api/v1/organizations'],
	];
	const send = (helper: string, [credentialType, method, path, body]: Request) =>
		t.engine.run({
			node: 'test.authenticatedRequest',
			parameters: {
				credentialType,
				helper,
				method,
				url: `${t.api.url}${path}`,
				body: body === undefined ? '' : JSON.stringify(body),
			},
		});
	const apiRequests = () => t.api.requests.filter((r) => r.path !== '/eset/oauth/token');

	test.each(
		['request', 'httpRequest'].flatMap((helper) =>
			WRITES.map((write) => [helper, ...write.slice(0, 3), write] as const),
		),
	)(
		'%s helper: %s %s %s is refused before it is sent',
		async (helper, _type, _method, _path, write) => {
			readOnly();
			const result = await send(helper as string, write as Request);
			const [credentialType, method] = write as Request;
			const vendor = credentialType === 'esetConnectApi' ? 'ESET' : 'Aegister';
			const credential = credentialType === 'esetConnectApi' ? 'ESET Connect API' : 'Aegister API';
			expect(result.error?.message).toMatch(
				new RegExp(
					`^The ${credential} credential is read-only \\("Allow Changes" is off\\): ${method} /\\S+ would change data in ${vendor}, so nothing was sent$`,
				),
			);
			expect(result.error.description).toBe(
				'Turn "Allow Changes" on in the credential, or use a credential that may write.',
			);
			expect(apiRequests()).toEqual([]);
		},
	);

	test.each(
		['request', 'httpRequest'].flatMap((helper) =>
			READS.map((read) => [helper, ...read.slice(0, 3), read] as const),
		),
	)('%s helper: %s %s %s still reads', async (helper, _type, method, path, read) => {
		readOnly();
		const result = await send(helper as string, read as Request);
		expect(result.error).toBeUndefined();
		expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([`${method} ${path}`]);
	});

	test('with "Allow Changes" on, the same write goes through', async () => {
		const result = await send('request', WRITES[0]);
		expect(result.error).toBeUndefined();
		expect(apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST /eset/v2/incidents/${INCIDENT}:close`,
		]);
	});
});
