// @ts-check
'use strict';
/**
 * Writes the output schemas of the ESET Incident node's operations
 * (nodes/EsetIncident/__schema__/v1.0.0/<resource>/<operation>.json) from ESET's OpenAPI: the
 * schema of what each operation outputs per item, in the JSON-Schema subset n8n reads (type,
 * properties, items; integers as numbers, enums as strings), properties sorted.
 *
 *   node scripts/output-schemas.js test/contracts/eset-incident-management.openapi.json
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
	'detectionGroup/get': { schema: 'v2DetectionGroup' },
	'detectionGroup/getAll': { schema: 'v2DetectionGroup' },
	'detectionGroup/search': { schema: 'v2DetectionGroup' },
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

function main() {
	const specPath = process.argv[2];
	if (!specPath)
		throw new Error('usage: node scripts/output-schemas.js <incident-management.json>');
	const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
	for (const [key, { schema, literal, adds, alsoSchema }] of Object.entries(OPERATIONS)) {
		let output = literal ?? subset(spec, spec.components.schemas[/** @type {string} */ (schema)]);
		const also = alsoSchema ? subset(spec, spec.components.schemas[alsoSchema]).properties : {};
		if (adds || alsoSchema) {
			const properties = { ...also, ...output.properties, ...adds };
			output = {
				...output,
				properties: Object.fromEntries(
					Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)),
				),
			};
		}
		write(path.join(SCHEMA_DIR, `${key}.json`), output);
	}
	write(TRIGGER_SCHEMA, triggerEvent(subset(spec, spec.components.schemas.v2Incident)));
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
