import * as fs from 'node:fs';
import * as path from 'node:path';

import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const REPO = path.resolve(__dirname, '..');
const INCIDENT = '00000000-0000-4000-8000-000000000001';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });
const RULE_XML = '<rule><definition/><description><name>x</name></description></rule>';

interface JsonSchema {
	type: string;
	properties?: Record<string, JsonSchema>;
	items?: JsonSchema;
}

/** The operations of a node, as the editor offers them: [resource, operation]. */
function operationsOf(nodeName: string): Array<[string, string]> {
	const { properties } = t.engine.nodeType(nodeName).description;
	return properties
		.filter((p) => p.name === 'operation')
		.flatMap((p) =>
			(p.options as Array<{ value: string }>).map(
				(o) => [p.displayOptions!.show!.resource![0] as string, o.value] as [string, string],
			),
		);
}

function schemaOf(folder: string, resource: string, operation: string): JsonSchema {
	// n8n serves dist/nodes/<Node>/__schema__/v<x.y.z>/<resource>/<operation>.json for node version 1
	const file = path.join(
		REPO,
		'dist',
		'nodes',
		folder,
		'__schema__',
		'v1.0.0',
		resource,
		`${operation}.json`,
	);
	return JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema;
}

/** Every key of `value` is described by `schema`, recursively through objects. */
function undescribedKeys(value: unknown, schema: JsonSchema, at = ''): string[] {
	if (!value || typeof value !== 'object') return [];
	if (Array.isArray(value))
		return schema.items
			? value.flatMap((entry, i) => undescribedKeys(entry, schema.items!, `${at}[${i}]`))
			: [];
	if (!schema.properties) return [];
	return Object.entries(value).flatMap(([key, entry]) =>
		schema.properties![key]
			? undescribedKeys(entry, schema.properties![key], `${at}.${key}`)
			: [`${at}.${key}`],
	);
}

/** `resource/operation`, and after a space what the run is, when an operation runs more than once */
const ESET_RUNS: Record<string, Record<string, unknown>> = {
	'incident/get': { incidentUuid: INCIDENT, simplify: false },
	'incident/get with detections, comments and indicators': {
		incidentUuid: INCIDENT,
		include: ['detections', 'comments', 'indicators'],
		simplify: false,
	},
	'incident/get simplified, with everything included': {
		incidentUuid: INCIDENT,
		include: ['detections', 'comments', 'indicators'],
		simplify: true,
	},
	'incident/getAll': { limit: 3, simplify: false },
	'incident/getAll simplified': { limit: 3 },
	'incident/get with devices': {
		incidentUuid: '00000000-0000-4000-8000-000000000003',
		include: ['devices'],
		simplify: false,
	},
	'incident/get with devices, simplified': {
		incidentUuid: '00000000-0000-4000-8000-000000000003',
		include: ['devices'],
	},
	'incident/update': { incidentUuid: INCIDENT, updateFields: { displayName: 'x' } },
	'incident/close': { incidentUuid: INCIDENT, finalComment: 'done' },
	'incident/reopen': { incidentUuid: '00000000-0000-4000-8000-000000000002' },
	'comment/create': { commentIncidentUuid: INCIDENT, text: 'hello' },
	'comment/getAll': { commentIncidentUuid: INCIDENT, returnAll: true },
	'detection/get': { detectionUuid: '00000000-0000-4000-9000-000003000001', simplify: false },
	'detection/get simplified': { detectionUuid: '00000000-0000-4000-9000-000001000001' },
	'detection/getAll': { returnAll: true, simplify: false },
	'detection/getAll simplified': { returnAll: true },
	'detection/resolve': { detectionUuid: '00000000-0000-4000-9000-000001000001', note: 'x' },
	'detectionGroup/get': { detectionGroupUuid: '00000000-0000-4000-a000-000003000001' },
	'detectionGroup/getAll': { returnAll: true },
	'detectionGroup/getAll raw': { returnAll: true, simplify: false },
	'detectionGroup/search': { searchConditions: { unresolvedOnly: true } },
	'detectionGroup/resolve': {
		detectionGroupUuid: '00000000-0000-4000-a000-000001000001',
		note: 'x',
	},
	'edrRule/create': {
		xmlDefinition: RULE_XML,
		scopes: { scope: [{ type: 'device', uuid: 'device-1' }] },
	},
	'edrRule/get': { ruleUuid: 'edr-rule-a0103' },
	'edrRule/getAll': { returnAll: true, includeTotalSize: true },
	'edrRule/updateDefinition': { ruleUuid: 'edr-rule-a0103', xmlDefinition: RULE_XML },
	'edrRule/enable': { ruleUuid: 'edr-rule-a0103' },
	'edrRule/disable': { ruleUuid: 'edr-rule-a0103' },
	'edrRule/delete': { ruleUuid: 'edr-rule-a0103' },
	'edrRuleExclusion/create': {
		xmlDefinition: RULE_XML,
		ruleUuids: 'edr-rule-a0103',
		exclusionNote: 'x',
		scopes: { scope: [{ type: 'deviceGroup', uuid: 'g-1' }] },
	},
	'edrRuleExclusion/createFromDetection': {
		detectionUuid: '00000000-0000-4000-9000-000001000003',
		exclusionNote: 'x',
	},
	'edrRuleExclusion/get': { exclusionUuid: 'exclusion-backup-agent' },
	'edrRuleExclusion/getAll': { returnAll: true, includeTotalSize: true },
	'edrRuleExclusion/updateDefinition': {
		exclusionUuid: 'exclusion-backup-agent',
		xmlDefinition: RULE_XML,
	},
	'edrRuleExclusion/delete': { exclusionUuid: 'exclusion-backup-agent' },
	'device/get': { deviceUuid: byId('device-6') },
	'device/get raw': { deviceUuid: byId('device-6'), simplify: false },
	'device/getAll': { returnAll: true },
	'device/getAll raw': { returnAll: true, simplify: false },
	'device/getManyByUuids': { deviceUuids: 'device-1,device-6' },
	'device/getManyByUuids raw': { deviceUuids: 'device-1,device-6', simplify: false },
	'deviceTask/isolate': { targetType: 'incident', targetIncidentUuid: INCIDENT },
	'deviceTask/isolate waiting for completion': {
		deviceUuids: 'device-1',
		options: { waitForCompletion: true },
	},
	'deviceTask/endIsolation': { deviceUuids: 'device-1' },
	'deviceTask/scan': { deviceUuids: 'device-1' },
	'deviceTask/get': { taskUuid: byId('seeded-task') },
	'deviceTask/getAll': { returnAll: true },
	'deviceTask/getRuns': { taskUuid: byId('seeded-task') },
	'deviceTask/delete': { taskUuid: byId('seeded-task') },
	'quarantine/get': { objectUuid: byId('quarantined-invoice-zip') },
	'quarantine/getAll': { returnAll: true },
	'quarantine/restore': { objectUuids: 'quarantined-powershell-a0103', addToExclusions: true },
	'quarantine/delete': { objectUuids: 'quarantined-invoice-zip' },
	'quarantine/download': { objectUuids: 'quarantined-invoice-zip' },
};

const AEGISTER_RUNS: Record<string, Record<string, unknown>> = {
	'incident/update': {
		organization: byId(1),
		incidentId: '101',
		updateFields: { title: 'x' },
		options: { awarenessTime: '2026-11-20T08:15:00Z' },
	},
	'threatIntel/enrich': {
		organization: byId(1),
		indicators: { indicator: [{ type: 'ip', value: '198.51.100.23' }] },
	},
	'organization/getAll': { returnAll: true },
};

describe('output schemas (what the editor shows before a node has run)', () => {
	test.each([
		['esetIncident', 'EsetIncident'],
		['aegisterIncident', 'AegisterIncident'],
	])('%s ships a schema for every operation: an object with properties', (nodeName, folder) => {
		const operations = operationsOf(nodeName);
		expect(operations.length).toBeGreaterThan(2);
		for (const [resource, operation] of operations) {
			const schema = schemaOf(folder, resource, operation);
			expect([resource, operation, schema.type]).toEqual([resource, operation, 'object']);
			expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
		}
	});

	test.each(Object.entries(ESET_RUNS))(
		'ESET %s: every field of the real output is in the schema',
		async (key, parameters) => {
			t.api.eset.incidents[1].status = 'INCIDENT_STATUS_CLOSED';
			const [resource, operation] = key.split(' ')[0].split('/');
			if (resource === 'deviceTask' && !operation.match(/isolate|scan|endIsolation/)) {
				await t.engine.run({
					node: 'esetIncident',
					parameters: { resource, operation: 'scan', deviceUuids: 'device-2' },
				});
				t.api.eset.tasks[0].uuid = 'seeded-task';
				t.api.eset.taskRuns.set('seeded-task', [...t.api.eset.taskRuns.values()][0]);
			}
			if ((resource === 'comment' && operation === 'getAll') || parameters.options) {
				await t.engine.run({
					node: 'esetIncident',
					parameters: {
						resource: 'comment',
						operation: 'create',
						commentIncidentUuid: INCIDENT,
						text: 'seed',
					},
				});
			}
			const result = await t.engine.run({
				node: 'esetIncident',
				parameters: { resource, operation, ...parameters },
			});
			expect(result.error).toBeUndefined();
			expect(result.json.length).toBeGreaterThan(0);
			for (const json of result.json)
				expect(undescribedKeys(json, schemaOf('EsetIncident', resource, operation))).toEqual([]);
		},
	);

	test.each(Object.entries(AEGISTER_RUNS))(
		'Aegister %s: every field of the real output is in the schema',
		async (key, parameters) => {
			const [resource, operation] = key.split('/');
			const result = await t.engine.run({
				node: 'aegisterIncident',
				parameters: { resource, operation, ...parameters },
			});
			expect(result.error).toBeUndefined();
			for (const json of result.json)
				expect(undescribedKeys(json, schemaOf('AegisterIncident', resource, operation))).toEqual(
					[],
				);
		},
	);

	test.each(['incidentCreated', 'incidentStatusChanged'])(
		'the trigger ships its schema (__schema__/v1.0.0.json) and every field of an event is in it (%s)',
		async (event) => {
			const file = path.join(
				REPO,
				'dist',
				'nodes',
				'EsetIncidentTrigger',
				'__schema__',
				'v1.0.0.json',
			);
			const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonSchema;
			expect(Object.keys(schema.properties!).sort()).toEqual([
				'event',
				'eventId',
				'incident',
				'previousStatus',
			]);
			const trigger = t.engine.activateTrigger({
				node: 'esetIncidentTrigger',
				parameters: { event },
				mode: 'manual',
			});
			const items = await trigger.poll();
			expect(items!.length).toBeGreaterThan(0);
			for (const json of items!) expect(undescribedKeys(json, schema)).toEqual([]);
		},
	);
});
