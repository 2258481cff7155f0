/**
 * Checks requests and answers against ESET's own OpenAPI (test/contracts/, copies of ESET's
 * incident-management, device-management, automation and quarantine-management descriptions, one
 * per host): the method and path are an operation of its service's document, every query
 * parameter is declared and within its schema, and a JSON body has only the declared properties
 * (none of them read-only), of the declared types, enums and lengths. ESET encodes in proto JSON:
 * an int64 may arrive as a string, and an empty list or a default value may be left out, so
 * nothing is required to be present.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Schema {
	$ref?: string;
	type?: string;
	format?: string;
	enum?: unknown[];
	properties?: Record<string, Schema>;
	additionalProperties?: Schema | boolean;
	items?: Schema;
	readOnly?: boolean;
	maxLength?: number;
	minLength?: number;
	maximum?: number;
	minimum?: number;
}

interface Parameter {
	name: string;
	in: 'path' | 'query' | 'header';
	schema: Schema;
}

interface Operation {
	operationId: string;
	parameters?: Parameter[];
	requestBody?: { content: { 'application/json': { schema: Schema } } };
	responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}

interface Document {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, Schema> };
}

/** ESET's services, each with its OpenAPI document and its prefix on the API double. */
export const ESET_DOCUMENTS = {
	incidentManagement: { file: 'eset-incident-management.openapi.json', prefix: '/eset' },
	deviceManagement: { file: 'eset-device-management.openapi.json', prefix: '/eset-devices' },
	automation: { file: 'eset-automation.openapi.json', prefix: '/eset-automation' },
	quarantineManagement: {
		file: 'eset-quarantine-management.openapi.json',
		prefix: '/eset-quarantine',
	},
} as const;

export type EsetDocument = keyof typeof ESET_DOCUMENTS;

export interface WireRequest {
	method: string;
	/** the path as sent, still URL-encoded, without the double's prefix of the service */
	rawPath: string;
	query: Record<string, string>;
	/** every value of each query parameter (a repeated key: an array parameter) */
	queryAll?: Record<string, string[]>;
	body: unknown;
	answered?: { status: number; body: unknown };
	/** the service the request went to (incident management unless named) */
	document?: EsetDocument;
}

export interface Matched {
	template: string;
	operation: Operation;
	pathParameters: Record<string, string>;
}

const DOCUMENTS = Object.fromEntries(
	Object.entries(ESET_DOCUMENTS).map(([name, { file }]) => [
		name,
		JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'contracts', file), 'utf8')) as Document,
	]),
) as Record<EsetDocument, Document>;

/** The document being checked (schemas are resolved in it). */
let DOCUMENT: Document = DOCUMENTS.incidentManagement;

/** A path template as a pattern: a parameter is one segment, up to a `:custom-method` suffix. */
function templatePattern(template: string): { pattern: RegExp; names: string[] } {
	const names: string[] = [];
	const source = template
		.split(/(\{[^}]+\})/)
		.map((part) => {
			const name = /^\{([^}]+)\}$/.exec(part)?.[1];
			if (!name) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
			names.push(name);
			return '([^/:]+)';
		})
		.join('');
	return { pattern: new RegExp(`^${source}$`), names };
}

export function matchOperation(
	method: string,
	rawPath: string,
	document: EsetDocument = 'incidentManagement',
): Matched | undefined {
	for (const [template, operations] of Object.entries(DOCUMENTS[document].paths)) {
		const operation = operations[method.toLowerCase()];
		if (!operation) continue;
		const { pattern, names } = templatePattern(template);
		const match = pattern.exec(rawPath);
		if (!match) continue;
		const pathParameters = Object.fromEntries(
			names.map((name, i) => [name, decodeURIComponent(match[i + 1])]),
		);
		return { template, operation, pathParameters };
	}
	return undefined;
}

function resolve(schema: Schema): Schema {
	let resolved = schema;
	while (resolved.$ref) {
		const name = resolved.$ref.replace('#/components/schemas/', '');
		resolved = DOCUMENT.components.schemas[name];
		if (!resolved) throw new Error(`the OpenAPI has no schema ${name}`);
	}
	return resolved;
}

const INTEGER_FORMATS = new Set(['int64', 'uint64']);

/**
 * Read-only in ESET's OpenAPI, sent all the same: Close records its comment as the final one (the
 * project's contract for closing, specs/eset-close-incident.md documents it); a device task's manual
 * trigger carries its createTime as ESET's help example and Sekoia's production client send it.
 */
const SENT_THOUGH_READ_ONLY = [
	'body.finalComment.isFinalComment',
	'body.task.triggers[0].manual.createTime',
];

/**
 * What in `value` breaks `schema` (empty: nothing). `direction` "request": read-only properties
 * must not be sent; "answer": they may come.
 */
export function schemaProblems(
	schema: Schema,
	value: unknown,
	where: string,
	direction: 'request' | 'answer',
): string[] {
	const s = resolve(schema);
	const problems: string[] = [];
	if (value === null) return [`${where}: null`];
	switch (s.type) {
		case 'object': {
			if (typeof value !== 'object' || Array.isArray(value))
				return [`${where}: ${JSON.stringify(value)} is not an object`];
			// no properties: free-form (a google.protobuf.Struct such as a triggering event's data);
			// a google.protobuf.Any (`@type` and the message's own fields, of any type) too: the
			// converted OpenAPI declares its additional properties as objects
			const freeForm =
				!s.properties || !Object.keys(s.properties).length || '@type' in s.properties;
			for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
				const property = s.properties?.[key];
				if (!property) {
					if (!freeForm && s.additionalProperties && typeof s.additionalProperties === 'object') {
						problems.push(
							...schemaProblems(s.additionalProperties, item, `${where}.${key}`, direction),
						);
					} else if (!freeForm && !s.additionalProperties) {
						problems.push(`${where}.${key}: not in the contract`);
					}
					continue;
				}
				const sentAnyway = SENT_THOUGH_READ_ONLY.some((allowed) =>
					`${where}.${key}`.endsWith(` ${allowed}`),
				);
				if (direction === 'request' && resolve(property).readOnly && !sentAnyway)
					problems.push(`${where}.${key}: read-only, must not be sent`);
				problems.push(...schemaProblems(property, item, `${where}.${key}`, direction));
			}
			return problems;
		}
		case 'array':
			if (!Array.isArray(value)) return [`${where}: ${JSON.stringify(value)} is not a list`];
			return value.flatMap((item, i) =>
				schemaProblems(s.items ?? {}, item, `${where}[${i}]`, direction),
			);
		case 'string': {
			if (typeof value !== 'string') return [`${where}: ${JSON.stringify(value)} is not a string`];
			if (s.enum && !s.enum.includes(value))
				problems.push(`${where}: ${value} is not one of ${s.enum.join(', ')}`);
			if (s.maxLength !== undefined && value.length > s.maxLength)
				problems.push(`${where}: ${value.length} characters, at most ${s.maxLength}`);
			if (s.minLength !== undefined && value.length < s.minLength)
				problems.push(`${where}: ${value.length} characters, at least ${s.minLength}`);
			if (
				s.format === 'date-time' &&
				!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value)
			)
				problems.push(`${where}: ${value} is not an RFC 3339 date-time`);
			return problems;
		}
		case 'integer': {
			const number =
				typeof value === 'string' && INTEGER_FORMATS.has(s.format ?? '') && /^-?\d+$/.test(value)
					? Number(value)
					: value;
			if (typeof number !== 'number' || !Number.isInteger(number))
				return [`${where}: ${JSON.stringify(value)} is not an integer`];
			if (s.maximum !== undefined && number > s.maximum)
				problems.push(`${where}: ${number} > ${s.maximum}`);
			if (s.minimum !== undefined && number < s.minimum)
				problems.push(`${where}: ${number} < ${s.minimum}`);
			return problems;
		}
		case 'number':
			return typeof value === 'number'
				? []
				: [`${where}: ${JSON.stringify(value)} is not a number`];
		case 'boolean':
			return typeof value === 'boolean'
				? []
				: [`${where}: ${JSON.stringify(value)} is not a boolean`];
		default:
			return [];
	}
}

/** A query or path value as the gateway reads it: text, converted to the parameter's type. */
function parameterValue(schema: Schema, text: string): unknown {
	const s = resolve(schema);
	if (s.type === 'integer') return /^-?\d+$/.test(text) ? Number(text) : text;
	if (s.type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
	return text;
}

/** Everything in one request (and the double's answer to it) that the OpenAPI does not allow. */
export function requestProblems(request: WireRequest): string[] {
	const document = request.document ?? 'incidentManagement';
	DOCUMENT = DOCUMENTS[document];
	const label = `${request.method} ${request.rawPath}`;
	const matched = matchOperation(request.method, request.rawPath, document);
	if (!matched) return [`${label}: no such operation in ESET's ${document} OpenAPI`];
	const { operation, pathParameters } = matched;
	const parameters = operation.parameters ?? [];
	const problems: string[] = [];
	for (const [name, value] of Object.entries(pathParameters)) {
		const declared = parameters.find((p) => p.in === 'path' && p.name === name);
		if (declared)
			problems.push(
				...schemaProblems(
					{ ...declared.schema, format: undefined },
					value,
					`${label} path ${name}`,
					'request',
				),
			);
	}
	const query =
		request.queryAll ??
		Object.fromEntries(Object.entries(request.query).map(([name, value]) => [name, [value]]));
	for (const [name, values] of Object.entries(query)) {
		const declared = parameters.find((p) => p.in === 'query' && p.name === name);
		if (!declared) problems.push(`${label}: query parameter ${name} is not in the contract`);
		else problems.push(...queryProblems(declared, values, `${label} query ${name}`));
	}
	const bodySchema = operation.requestBody?.content['application/json']?.schema;
	const hasBody = request.body !== undefined && request.body !== '';
	if (bodySchema && !hasBody) problems.push(`${label}: the operation needs a JSON body`);
	if (!bodySchema && hasBody)
		problems.push(`${label}: the operation takes no body, got ${JSON.stringify(request.body)}`);
	if (bodySchema && hasBody)
		problems.push(...schemaProblems(bodySchema, request.body, `${label} body`, 'request'));
	const answer = request.answered;
	const answerSchema =
		answer && operation.responses[String(answer.status)]?.content?.['application/json']?.schema;
	// a ZIP archive (quarantine downloads) is bytes, whatever the converted OpenAPI declares
	const json = !Buffer.isBuffer(answer?.body) && !isSerializedBuffer(answer?.body);
	if (answer && answer.status === 200 && answerSchema && json)
		problems.push(...schemaProblems(answerSchema, answer.body ?? {}, `${label} answer`, 'answer'));
	return problems;
}

/** A Buffer as JSON gives it (the double's requests, fetched over its control plane). */
function isSerializedBuffer(value: unknown): boolean {
	return !!value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer';
}

/** A query parameter's values: one unless it is an array (`style: form, explode: true`: the key repeated). */
function queryProblems(declared: Parameter, values: string[], where: string): string[] {
	const schema = resolve(declared.schema);
	if (schema.type !== 'array') {
		if (values.length > 1) return [`${where}: sent ${values.length} times, it is not a list`];
		return schemaProblems(
			declared.schema,
			parameterValue(declared.schema, values[0]),
			where,
			'request',
		);
	}
	return values.flatMap((value, i) =>
		schemaProblems(
			schema.items ?? {},
			parameterValue(schema.items ?? {}, value),
			`${where}[${i}]`,
			'request',
		),
	);
}

/**
 * What the node leaves out of each document: v1's single detection (production clients list device
 * detections with v1; `GET /v2/detections/{uuid}` reads any); device groups, moving, renaming and
 * importing devices; changing a task's targets or triggers; the quarantine's count and its
 * filter-wide restore, purge and download (an empty filter would match everything).
 */
const NOT_OFFERED: Record<EsetDocument, RegExp> = {
	incidentManagement: /^GET \/v1\/detections\//,
	deviceManagement: /device_groups|:(move|rename|batchImport)$/,
	automation: /:updateTask(Targets|Triggers)$/,
	quarantineManagement: /\/count$|:(restore|purge|download)$/,
};

/** The operations of a document the node offers, as "METHOD template". */
export function contractOperations(document: EsetDocument = 'incidentManagement'): string[] {
	return Object.entries(DOCUMENTS[document].paths)
		.flatMap(([template, operations]) =>
			Object.keys(operations).map((method) => `${method.toUpperCase()} ${template}`),
		)
		.filter((key) => !NOT_OFFERED[document].test(key));
}
