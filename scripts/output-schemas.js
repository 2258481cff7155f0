// @ts-check
'use strict';
/**
 * Writes the output schemas of the ESET Incident node's operations
 * (nodes/EsetIncident/__schema__/v1.0.0/<resource>/<operation>.json) from ESET's OpenAPI documents
 * (test/contracts/eset-<document>.openapi.json): the schema of what each operation outputs per
 * item, in the JSON-Schema subset n8n reads (type, properties, items; integers as numbers, enums as
 * strings), properties sorted.
 *
 *   node scripts/output-schemas.js
 *
 * Only the operations listed below are written; what the node adds to ESET's objects is listed
 * with them.
 */
const fs = require('node:fs');
const path = require('node:path');

const SCHEMA_DIR = path.resolve(__dirname, '..', 'nodes', 'EsetIncident', '__schema__', 'v1.0.0');
/** A node without resources has one schema per version: `__schema__/v<version>.json`. */
const TRIGGER_SCHEMA = path.resolve(
	__dirname,
	'..',
	'nodes',
	'EsetIncidentTrigger',
	'__schema__',
	'v1.0.0.json',
);

const CONTRACTS_DIR = path.resolve(__dirname, '..', 'test', 'contracts');

const STRING = { type: 'string' };

/** What an action outputs: success, the action, the identifiers it was sent for, ESET's request-id. */
const actedOn = (/** @type {string[]} */ identifiers) => ({
	type: 'object',
	properties: Object.fromEntries(
		[
			['action', STRING],
			['requestId', STRING],
			['success', { type: 'boolean' }],
			...identifiers.map((id) => [id, STRING]),
		].sort(([a], [b]) => String(a).localeCompare(String(b))),
	),
});

/** What a delete outputs: deleted, the identifiers, ESET's request-id. */
const deleted = (/** @type {string[]} */ identifiers) => ({
	type: 'object',
	properties: Object.fromEntries(
		[
			['deleted', { type: 'boolean' }],
			['requestId', STRING],
			...identifiers.map((id) => [id, STRING]),
		].sort(([a], [b]) => String(a).localeCompare(String(b))),
	),
});

/** What a task-creating operation outputs: the task created, or with Wait for Completion one device's run. */
const TASK_CREATED = {
	type: 'object',
	properties: Object.fromEntries(
		[
			'action',
			'description',
			'deviceUuid',
			'deviceUuids',
			'displayName',
			'endTime',
			'error',
			'incidentUuid',
			'requestId',
			'runUuid',
			'startTime',
			'status',
			'taskUuid',
		].map((name) => [name, name === 'deviceUuids' ? { type: 'array', items: STRING } : STRING]),
	),
};

/** What Quarantine → Restore outputs per object. */
const RESTORED = {
	type: 'object',
	properties: {
		addedToExclusions: { type: 'boolean' },
		objectUuid: STRING,
		requestId: STRING,
		restored: { type: 'boolean' },
	},
};

/** What Quarantine → Download outputs beside the archive (binary property `data`). */
const DOWNLOADED = {
	type: 'object',
	properties: {
		fileName: STRING,
		fileSize: { type: 'number' },
		mimeType: STRING,
		objectUuids: { type: 'array', items: STRING },
		requestId: STRING,
	},
};

/** A device, raw or simplified (whose operating system is its name). */
const DEVICE = {
	schema: 'v1Device',
	document: 'device-management',
	adds: { operatingSystemName: STRING },
};

/** resource/operation → the OpenAPI schema of one output item (and of another it may be), and properties the node adds */
const OPERATIONS = {
	// Simplify adds the device's UUID at the top level
	'detection/get': { schema: 'incident_managementv2Detection', adds: { deviceUuid: STRING } },
	// devices (v1) and Cloud Office (v2): one item per detection, the fields of both
	'detection/getAll': {
		schema: 'incident_managementv2Detection',
		alsoSchema: 'incident_managementv1Detection',
		adds: { deviceUuid: STRING },
	},
	'detectionGroup/get': { schema: 'v2DetectionGroup', adds: { deviceUuid: STRING } },
	'detectionGroup/getAll': { schema: 'v2DetectionGroup', adds: { deviceUuid: STRING } },
	'detectionGroup/search': { schema: 'v2DetectionGroup', adds: { deviceUuid: STRING } },
	'detectionGroup/resolve': { literal: actedOn(['detectionGroupUuid']) },
	'detection/resolve': { literal: actedOn(['detectionUuid']) },
	'incident/close': { literal: actedOn(['incidentUuid']) },
	'incident/reopen': { literal: actedOn(['incidentUuid']) },
	'comment/update': { literal: actedOn(['incidentUuid', 'commentUuid']) },
	'comment/delete': { literal: deleted(['incidentUuid', 'commentUuid']) },
	'edrRule/create': { schema: 'v2EdrRule' },
	'edrRule/get': { schema: 'v2EdrRule' },
	'edrRule/getAll': { schema: 'v2EdrRule', adds: { totalSize: { type: 'number' } } },
	'edrRule/updateDefinition': { schema: 'v2EdrRule' },
	'edrRule/enable': { literal: actedOn(['ruleUuid']) },
	'edrRule/disable': { literal: actedOn(['ruleUuid']) },
	'edrRule/delete': { literal: deleted(['ruleUuid']) },
	'edrRuleExclusion/create': { schema: 'v2EdrRuleExclusion' },
	'edrRuleExclusion/createFromDetection': {
		schema: 'v2EdrRuleExclusion',
		adds: {
			sentXmlDefinition: { type: 'string' },
			sourceDetection: {
				type: 'object',
				properties: {
					deviceUuid: { type: 'string' },
					displayName: { type: 'string' },
					edrRuleUuid: { type: 'string' },
					processPath: { type: 'string' },
					uuid: { type: 'string' },
				},
			},
		},
	},
	'edrRuleExclusion/get': { schema: 'v2EdrRuleExclusion' },
	'edrRuleExclusion/getAll': {
		schema: 'v2EdrRuleExclusion',
		adds: { totalSize: { type: 'number' } },
	},
	'edrRuleExclusion/updateDefinition': { schema: 'v2EdrRuleExclusion' },
	'edrRuleExclusion/delete': { literal: deleted(['exclusionUuid']) },
	'device/get': DEVICE,
	'device/getAll': DEVICE,
	'device/getManyByUuids': DEVICE,
	'deviceTask/isolate': { literal: TASK_CREATED },
	'deviceTask/endIsolation': { literal: TASK_CREATED },
	'deviceTask/scan': { literal: TASK_CREATED },
	'deviceTask/get': { schema: 'v1DeviceTask', document: 'automation' },
	'deviceTask/getAll': { schema: 'v1DeviceTask', document: 'automation' },
	'deviceTask/getRuns': { schema: 'v1DeviceTaskRun', document: 'automation' },
	'deviceTask/delete': { literal: deleted(['taskUuid']) },
	'quarantine/get': { schema: 'v1QuarantinedObject', document: 'quarantine-management' },
	'quarantine/getAll': { schema: 'v1QuarantinedObject', document: 'quarantine-management' },
	'quarantine/restore': { literal: RESTORED },
	'quarantine/delete': { literal: deleted(['objectUuid']) },
	'quarantine/download': { literal: DOWNLOADED },
};

/** @param {any} spec @param {any} schema @param {string[]} seen */
function subset(spec, schema, seen = []) {
	if (schema.$ref) {
		const name = schema.$ref.split('/').pop();
		if (seen.includes(name)) return { type: 'object' };
		return subset(spec, spec.components.schemas[name], [...seen, name]);
	}
	if (schema.type === 'array')
		return { type: 'array', items: schema.items ? subset(spec, schema.items, seen) : {} };
	// a google.protobuf.Any holds the fields of whatever message it carries: free-form
	if (schema.properties?.['@type']) return { type: 'object' };
	if (schema.type === 'object' || schema.properties) {
		const properties = Object.entries(schema.properties ?? {})
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([key, value]) => [key, subset(spec, value, seen)]);
		return properties.length
			? { type: 'object', properties: Object.fromEntries(properties) }
			: { type: 'object' };
	}
	return { type: schema.type === 'integer' ? 'number' : (schema.type ?? 'string') };
}

/** @param {string} document e.g. incident-management */
function readSpec(document) {
	const file = path.join(CONTRACTS_DIR, `eset-${document}.openapi.json`);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** A schema of an OpenAPI document, its properties and `adds` sorted. @param {string} document @param {string} name @param {any} [adds] */
function schemaOf(document, name, adds) {
	const spec = readSpec(document);
	return withAdds(subset(spec, spec.components.schemas[name]), adds);
}

/** @param {any} schema @param {any} [adds] */
function withAdds(schema, adds) {
	if (!adds) return schema;
	const properties = { ...schema.properties, ...adds };
	return {
		...schema,
		properties: Object.fromEntries(
			Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)),
		),
	};
}

/** Incident → Get: the incident and what Include adds, raw or simplified (the fields of both). */
function incidentWithIncludes() {
	const list = (/** @type {any} */ items) => ({ type: 'array', items });
	return schemaOf('incident-management', 'v2Incident', {
		comments: list(schemaOf('incident-management', 'v2IncidentComment')),
		detections: list(
			schemaOf('incident-management', 'incident_managementv2Detection', { deviceUuid: STRING }),
		),
		devices: list(schemaOf(DEVICE.document, DEVICE.schema, DEVICE.adds)),
		devicesNotFound: list(STRING),
		indicators: list({ type: 'object', properties: { type: STRING, value: STRING } }),
	});
}

function main() {
	for (const [key, entry] of Object.entries(OPERATIONS)) {
		const {
			schema,
			literal,
			adds,
			alsoSchema,
			document = 'incident-management',
		} = /** @type {{ schema?: string, literal?: any, adds?: any, alsoSchema?: string, document?: string }} */ (
			entry
		);
		let output = literal ?? schemaOf(document, /** @type {string} */ (schema));
		// where both forms may come out, the first form's fields win
		if (alsoSchema) output = withAdds(schemaOf(document, alsoSchema), output.properties);
		write(path.join(SCHEMA_DIR, `${key}.json`), withAdds(output, adds));
	}
	write(path.join(SCHEMA_DIR, 'incident', 'get.json'), incidentWithIncludes());
	write(TRIGGER_SCHEMA, triggerEvent(schemaOf('incident-management', 'v2Incident')));
}

/** @param {string} file @param {any} schema */
function write(file, schema) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(schema, null, '\t')}\n`);
	console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

/** The trigger's event item: the event, its id, the incident as listed, the previous status. */
function triggerEvent(/** @type {any} */ incident) {
	const { deviceUuids, detectionUuids, ...listed } = incident.properties;
	return {
		type: 'object',
		properties: {
			event: STRING,
			eventId: STRING,
			incident: { type: 'object', properties: listed },
			previousStatus: STRING,
		},
	};
}

main();
