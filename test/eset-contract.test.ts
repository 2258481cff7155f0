/**
 * Every request the ESET nodes can send, with the fewest and with the most options set, checked
 * against ESET's own OpenAPI of the service it went to (test/contracts/eset-*.openapi.json): the
 * operation exists, every query parameter is declared and within its limits, a body has only
 * declared, writable properties of the declared types and enums. The double's answers are checked
 * against the same document, so the outputs the other tests assert are shaped like ESET's.
 */
import type { EsetDocument } from './support/openapi-contract';
import {
	contractOperations,
	ESET_DOCUMENTS,
	matchOperation,
	requestProblems,
} from './support/openapi-contract';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const DETECTION = '00000000-0000-4000-9000-000001000001';
const EDR_DETECTION = '00000000-0000-4000-9000-000001000003';
const DETECTION_GROUP = '00000000-0000-4000-a000-000001000001';
const DEVICE = '00000000-0000-4000-b000-000000000001';
const USER = '00000000-0000-4000-c000-000000000001';
const RULE = 'edr-rule-a0103';
const EXCLUSION = 'exclusion-backup-agent';
const TASK = '5e1d4b8a-0c1f-4d6e-9a7b-000000000001';
const RULE_XML = '<rule><definition/><description><name>x</name></description></rule>';
const ALL_STATUSES = [
	'INCIDENT_STATUS_OPEN',
	'INCIDENT_STATUS_IN_PROGRESS',
	'INCIDENT_STATUS_WAITING_FOR_INPUT',
	'INCIDENT_STATUS_CLOSED',
];
const ALL_SEVERITIES = [
	'INCIDENT_SEVERITY_LEVEL_LOW',
	'INCIDENT_SEVERITY_LEVEL_MEDIUM',
	'INCIDENT_SEVERITY_LEVEL_HIGH',
];
/** as many sort rules as ESET's 100 characters of orderBy take (more are refused before sending) */
const SORT_FIELDS = [
	'create_time',
	'update_time',
	'severity',
	'status',
	'display_name',
	'assignee_uuid',
];

type Case = [string, Record<string, unknown>];

/** Each operation with the fewest parameters, then with as many as it takes. */
const CASES: Case[] = [
	['incident/get', { incidentUuid: INCIDENT }],
	[
		'incident/get',
		{
			incidentUuid: INCIDENT,
			include: ['detections', 'comments', 'indicators'],
		},
	],
	['incident/getAll', { limit: 2 }],
	['incident/getAll', { returnAll: true }],
	[
		'incident/getAll',
		{
			returnAll: true,
			filters: {
				status: ALL_STATUSES,
				severity: ALL_SEVERITIES,
				assigneeUuid: USER,
				deviceUuid: DEVICE,
				tag: 'ransomware',
				displayNameContains: 'Emotet "loader"',
				createdAfter: '2026-01-01T00:00:00Z',
				createdBefore: '2026-12-31T00:00:00+02:00',
				updatedAfter: '2026-02-01T00:00:00Z',
				updatedBefore: '2026-11-30T23:59:59Z',
			},
			sort: {
				rules: SORT_FIELDS.map((field, i) => ({ field, direction: i % 2 ? 'asc' : 'desc' })),
			},
		},
	],
	[
		'incident/getAll',
		{ limit: 5, filterType: 'raw', rawFilter: 'incident.status == INCIDENT_STATUS_OPEN' },
	],
	['incident/update', { incidentUuid: INCIDENT, updateFields: { displayName: 'x' } }],
	[
		'incident/update',
		{
			incidentUuid: INCIDENT,
			updateFields: { displayName: 'x', severity: 'INCIDENT_SEVERITY_LEVEL_HIGH' },
			fieldsToClear: ['assigneeUuid', 'description'],
		},
	],
	[
		'incident/update',
		{
			incidentUuid: INCIDENT,
			updateFields: {
				assigneeUuid: USER,
				description: 'd',
				displayName: 'x',
				severity: 'INCIDENT_SEVERITY_LEVEL_LOW',
			},
		},
	],
	['incident/close', { incidentUuid: INCIDENT }],
	[
		'incident/close',
		{
			incidentUuid: INCIDENT,
			closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
			finalComment: 'fp',
			finalCommentOptions: { uuid: USER, isFinalComment: true },
		},
	],
	['incident/reopen', { incidentUuid: INCIDENT }],
	[
		'incident/reopen',
		{ incidentUuid: INCIDENT, reopenComment: 'again', reopenCommentOptions: { uuid: USER } },
	],
	['comment/create', { commentIncidentUuid: INCIDENT, text: 'x' }],
	[
		'comment/create',
		{ commentIncidentUuid: INCIDENT, text: 'x', additionalFields: { uuid: USER } },
	],
	['comment/get', { commentIncidentUuid: INCIDENT, commentUuid: 'c-1' }],
	['comment/getAll', { commentIncidentUuid: INCIDENT, returnAll: true }],
	['comment/getAll', { commentIncidentUuid: INCIDENT, limit: 1 }],
	['comment/update', { commentIncidentUuid: INCIDENT, commentUuid: 'c-1', newText: 'x' }],
	['comment/delete', { commentIncidentUuid: INCIDENT, commentUuid: 'c-1' }],
	['detection/get', { detectionUuid: DETECTION }],
	['detection/getAll', { limit: 2 }],
	[
		'detection/getAll',
		{
			returnAll: true,
			detectionFilters: {
				startTime: '2026-01-01T00:00:00',
				endTime: '2026-12-01T00:00:00Z',
				deviceUuid: DEVICE,
			},
		},
	],
	[
		'detection/getAll',
		{
			source: 'cloudOffice',
			returnAll: true,
			detectionFilters: {
				startTime: '2026-01-01T00:00:00',
				endTime: '2026-12-01T00:00:00Z',
				cloudOfficeTenantUuid: 'tenant-1',
			},
		},
	],
	['detection/resolve', { detectionUuid: DETECTION }],
	['detection/resolve', { detectionUuid: DETECTION, note: 'false positive' }],
	['detectionGroup/get', { detectionGroupUuid: DETECTION_GROUP }],
	['detectionGroup/getAll', { limit: 2 }],
	[
		'detectionGroup/getAll',
		{
			returnAll: true,
			detectionGroupFilters: {
				startTime: '2026-01-01T00:00:00Z',
				endTime: '2026-12-01T00:00:00Z',
				cloudOfficeTenantUuid: 'tenant-1',
				deviceUuid: DEVICE,
				detectionUuid: DETECTION,
			},
		},
	],
	['detectionGroup/search', { searchConditions: { unresolvedOnly: true } }],
	[
		'detectionGroup/search',
		{
			searchConditions: {
				unresolvedOnly: true,
				severity: ['LOW', 'MEDIUM', 'HIGH'],
				deviceUuid: DEVICE,
			},
		},
	],
	['detectionGroup/search', { searchConditions: { rawFilter: 'resolved eq 0' } }],
	['detectionGroup/resolve', { detectionGroupUuid: DETECTION_GROUP }],
	['detectionGroup/resolve', { detectionGroupUuid: DETECTION_GROUP, note: 'done' }],
	[
		'edrRule/create',
		{ xmlDefinition: RULE_XML, scopes: { scope: [{ type: 'device', uuid: DEVICE }] } },
	],
	[
		'edrRule/create',
		{
			xmlDefinition: RULE_XML,
			enabled: false,
			scopes: {
				scope: [
					{ type: 'device', uuid: DEVICE },
					{ type: 'deviceGroup', uuid: 'group-1' },
				],
			},
		},
	],
	['edrRule/get', { ruleUuid: RULE }],
	['edrRule/getAll', { limit: 1 }],
	[
		'edrRule/getAll',
		{
			returnAll: true,
			includeTotalSize: true,
			edrRuleFilters: { severityLevel: 'SEVERITY_LEVEL_HIGH' },
		},
	],
	['edrRule/updateDefinition', { ruleUuid: RULE, xmlDefinition: RULE_XML }],
	['edrRule/enable', { ruleUuid: RULE }],
	['edrRule/disable', { ruleUuid: RULE }],
	['edrRule/delete', { ruleUuid: RULE }],
	['edrRuleExclusion/create', { xmlDefinition: RULE_XML, ruleUuids: RULE }],
	[
		'edrRuleExclusion/create',
		{
			xmlDefinition: RULE_XML,
			ruleUuids: `${RULE}, edr-rule-a0201`,
			enabled: false,
			exclusionNote: 'backup agent',
			scopes: { scope: [{ type: 'device', uuid: DEVICE }] },
		},
	],
	['edrRuleExclusion/createFromDetection', { detectionUuid: EDR_DETECTION }],
	[
		'edrRuleExclusion/createFromDetection',
		{
			detectionUuid: EDR_DETECTION,
			exclusionScope: 'allDevices',
			exclusionName: 'fp',
			exclusionNote: 'n',
			enabled: false,
		},
	],
	['edrRuleExclusion/get', { exclusionUuid: EXCLUSION }],
	['edrRuleExclusion/getAll', { limit: 1 }],
	['edrRuleExclusion/getAll', { returnAll: true, includeTotalSize: true }],
	['edrRuleExclusion/updateDefinition', { exclusionUuid: EXCLUSION, xmlDefinition: RULE_XML }],
	['edrRuleExclusion/delete', { exclusionUuid: EXCLUSION }],
	['incident/get', { incidentUuid: INCIDENT, include: ['devices'] }],
	['device/get', { deviceUuid: { __rl: true, mode: 'id', value: 'device-1' } }],
	['device/getAll', { limit: 2 }],
	[
		'device/getAll',
		{
			returnAll: true,
			deviceFilters: {
				displayNames: 'host-1\nhost-2',
				functionalityStatus: 'DEVICE_FUNCTIONALITY_STATUS_OK',
				muted: 'muted',
			},
		},
	],
	['device/getManyByUuids', { deviceUuids: 'device-1, device-6', simplify: false }],
	['deviceTask/isolate', { deviceUuids: 'device-1' }],
	[
		'deviceTask/isolate',
		{
			targetType: 'incident',
			targetIncidentUuid: '00000000-0000-4000-8000-000000000003',
			options: { waitForCompletion: true },
		},
	],
	['deviceTask/endIsolation', { deviceUuids: 'device-1, device-2' }],
	['deviceTask/scan', { deviceUuids: 'device-1' }],
	[
		'deviceTask/scan',
		{
			deviceUuids: 'device-1',
			scanProfile: 'Custom',
			customProfileName: 'Servers',
			cleaningEnabled: true,
			shutdownEnabled: true,
		},
	],
	['deviceTask/get', { taskUuid: { __rl: true, mode: 'id', value: TASK } }],
	['deviceTask/getAll', { limit: 1 }],
	['deviceTask/getAll', { returnAll: true }],
	['deviceTask/getRuns', { taskUuid: { __rl: true, mode: 'id', value: TASK } }],
	[
		'deviceTask/getRuns',
		{
			taskUuid: { __rl: true, mode: 'id', value: TASK },
			taskRunFilters: { deviceUuid: 'device-1', latestOnly: false },
		},
	],
	['deviceTask/delete', { taskUuid: { __rl: true, mode: 'id', value: TASK } }],
	['quarantine/get', { objectUuid: { __rl: true, mode: 'id', value: 'quarantined-invoice-zip' } }],
	['quarantine/getAll', { limit: 1 }],
	[
		'quarantine/getAll',
		{
			returnAll: true,
			quarantineFilters: {
				cloudOfficeTenantUuid: 'tenant-acme-m365',
				emailRecipient: 'anna@acme.example',
				emailSender: 'billing@invoice-portal.example',
				emailSubject: 'Invoice',
				fileName: 'Invoice_2026-11.zip',
				objectOrigin: 'OBJECT_ORIGIN_MS_OFFICE365',
				quarantinedBefore: '2026-12-01T00:00:00Z',
				quarantinedFrom: '2026-11-01T00:00:00Z',
				quarantineReason: 'QUARANTINE_REASON_PHISHING',
				objectType: 'QUARANTINED_OBJECT_TYPE_EMAIL_ATTACHMENT',
				userUuid: 'user-anna',
			},
		},
	],
	['quarantine/restore', { objectUuids: 'quarantined-powershell-a0103' }],
	['quarantine/restore', { objectUuids: 'quarantined-powershell-a0103', addToExclusions: true }],
	['quarantine/delete', { objectUuids: 'quarantined-invoice-zip, quarantined-invoice-exe' }],
	['quarantine/download', { objectUuids: 'quarantined-invoice-zip' }],
];

/** The documents whose operations the node offers, checked below. */
const DOCUMENTS: EsetDocument[] = [
	'incidentManagement',
	'deviceManagement',
	'automation',
	'quarantineManagement',
];

/** The ESET API requests of the last run, as each service's gateway saw them. */
function wireRequests() {
	return t.api.requests.flatMap((r) => {
		const entry = Object.entries(ESET_DOCUMENTS).find(([, { prefix }]) =>
			new RegExp(`^${prefix}/v[12]/`).test(r.rawPath),
		);
		if (!entry) return [];
		const [document, { prefix }] = entry as [EsetDocument, { prefix: string }];
		return [
			{
				method: r.method,
				rawPath: r.rawPath.slice(prefix.length),
				query: r.query,
				queryAll: r.queryAll,
				body: r.body,
				answered: r.answered,
				document,
			},
		];
	});
}

const exercised = new Set<string>();

function expectConforming(label: string) {
	const requests = wireRequests();
	expect(requests.length).toBeGreaterThan(0);
	for (const request of requests) {
		const template = matchOperation(request.method, request.rawPath, request.document)?.template;
		if (template) exercised.add(`${request.document} ${request.method} ${template}`);
	}
	expect({ label, problems: requests.flatMap(requestProblems) }).toEqual({ label, problems: [] });
}

describe("every request conforms to ESET's OpenAPI", () => {
	test.each(CASES)('ESET Incident %s %j', async (key, parameters) => {
		const [resource, operation] = key.split('/');
		if (parameters.commentUuid) {
			const at = '2026-11-30T10:00:00Z';
			t.api.eset.comments.set(INCIDENT, [
				{
					uuid: parameters.commentUuid,
					incidentUuid: INCIDENT,
					text: 'x',
					authorUuid: USER,
					createTime: at,
					updateTime: at,
					isFinalComment: false,
				},
			]);
		}
		if (JSON.stringify(parameters).includes(TASK)) {
			t.api.eset.tasks.push({
				uuid: TASK,
				displayName: 'x',
				description: 'y',
				action: { name: 'OnDemandScan' },
			});
			t.api.eset.taskRuns.set(TASK, []);
		}
		const result = await t.engine.run({
			node: 'esetIncident',
			parameters: { resource, operation, ...parameters },
		});
		expect(result.error).toBeUndefined();
		expectConforming(key);
	});

	test.each([
		['incidentCreated', {}],
		[
			'incidentStatusChanged',
			{
				toStatuses: ['INCIDENT_STATUS_CLOSED'],
				filters: {
					severity: ALL_SEVERITIES,
					status: ALL_STATUSES,
					tag: 'ransomware',
					deviceUuid: DEVICE,
				},
			},
		],
	])('ESET Incident Trigger %s %j', async (event, parameters) => {
		const trigger = t.engine.activateTrigger({
			node: 'esetIncidentTrigger',
			parameters: { event, ...parameters },
		});
		await trigger.poll();
		await trigger.poll();
		expectConforming(`trigger ${event}`);
	});

	test.each(DOCUMENTS)(
		'every operation of the %s OpenAPI the node offers is among what was checked',
		(document) => {
			const offered = contractOperations(document).map((operation) => `${document} ${operation}`);
			expect(offered.length).toBeGreaterThan(2);
			expect(offered.filter((operation) => !exercised.has(operation))).toEqual([]);
		},
	);
});

describe('the contract check itself', () => {
	const base = { method: 'POST', rawPath: `/v2/incidents/${INCIDENT}:close`, query: {}, body: {} };
	test.each([
		[
			'an undeclared body property',
			{ ...base, body: { closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE', reason: 'x' } },
			/body\.reason: not in the contract/,
		],
		[
			'a value outside the enum',
			{ ...base, body: { closureReason: 'TRUE_POSITIVE' } },
			/is not one of/,
		],
		['a wrong type', { ...base, body: { finalComment: { text: 5 } } }, /is not a string/],
		[
			'an undeclared query parameter',
			{
				method: 'GET',
				rawPath: '/v2/incidents/x/comments',
				query: { pageSize: '10' },
				body: undefined,
			},
			/query parameter pageSize is not in the contract/,
		],
		[
			'a query value beyond its maximum',
			{ method: 'GET', rawPath: '/v2/incidents', query: { pageSize: '100000' }, body: undefined },
			/100000 > 99999/,
		],
		[
			'a filter longer than ESET takes',
			{
				method: 'GET',
				rawPath: '/v2/incidents',
				query: { filter: 'x'.repeat(201) },
				body: undefined,
			},
			/201 characters, at most 200/,
		],
		[
			'an operation ESET does not have',
			{ method: 'POST', rawPath: `/v2/incidents/${INCIDENT}:archive`, query: {}, body: {} },
			/no such operation/,
		],
		[
			'a read-only property sent',
			{
				method: 'POST',
				rawPath: '/v2/edr-rule-exclusions',
				query: {},
				body: { exclusion: { displayName: 'x' } },
			},
			/read-only, must not be sent/,
		],
	])('finds %s', (_what, request, problem) => {
		expect(requestProblems(request).join('\n')).toMatch(problem);
	});
});
