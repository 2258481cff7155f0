import type { IDataObject } from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../shared/date-time';

/** ESET rejects a `filter` longer than this. */
export const MAX_FILTER_LENGTH = 200;

/** ESET rejects an `orderBy` longer than this. */
export const MAX_ORDER_BY_LENGTH = 100;

export interface IncidentFilters {
	status?: string[];
	severity?: string[];
	createdAfter?: unknown;
	createdBefore?: unknown;
	updatedAfter?: unknown;
	updatedBefore?: unknown;
	assigneeUuid?: string;
	displayNameContains?: string;
	tag?: string;
	deviceUuid?: string;
}

export class FilterError extends Error {
	constructor(
		message: string,
		readonly field: string,
	) {
		super(message);
	}
}

/** One AND-ed condition: its CEL text for ESET, and the same test applied to a listed incident. */
export interface Condition {
	/** the filter-builder field it comes from */
	field: keyof IncidentFilters;
	cel: string;
	/** undefined: the list answer lacks what it tests (device UUIDs), so ESET must apply it */
	matches?: (incident: IDataObject) => boolean;
}

/** A string literal of ESET's (CEL) filter language: quotes, backslashes and every control character escaped. */
export function celString(value: string, field: string): string {
	let literal = '"';
	for (const char of value) {
		const code = char.codePointAt(0)!;
		if (char === '\\') literal += '\\\\';
		else if (char === '"') literal += '\\"';
		else if (char === '\n') literal += '\\n';
		else if (char === '\r') literal += '\\r';
		else if (char === '\t') literal += '\\t';
		else if (code < 0x20 || code === 0x7f) literal += `\\x${code.toString(16).padStart(2, '0')}`;
		else if (code >= 0xd800 && code <= 0xdfff) throw new FilterError('contains a broken Unicode character (a lone surrogate)', field);
		else literal += char;
	}
	return `${literal}"`;
}

/**
 * An RFC 3339 timestamp as ESET writes it, comparable to the nanosecond: whole seconds since the
 * epoch and the fraction as nine digits. Undefined when it is no timestamp.
 */
export function instant(value: unknown): [number, string] | undefined {
	if (typeof value !== 'string') return undefined;
	const match = /^(.+?)(?:[.,](\d+))?([Zz]|[+-]\d{2}:?\d{2})$/.exec(value.trim());
	if (!match) return undefined;
	const seconds = Date.parse(`${match[1]}${match[3]}`);
	if (Number.isNaN(seconds)) return undefined;
	return [seconds, (match[2] ?? '').padEnd(9, '0').slice(0, 9)];
}

export function compareInstants(a: [number, string], b: [number, string]): number {
	return a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** ESET's JSON encoder may leave out a field holding its default (an unspecified enum, an empty list). */
function enumOf(incident: IDataObject, property: string, unspecified: string): string {
	const value = incident[property];
	return typeof value === 'string' && value ? value : unspecified;
}

function enumCondition(
	field: 'status' | 'severity',
	values: string[] | undefined,
	unspecified: string,
): Condition | undefined {
	if (!values?.length) return undefined;
	const cel = values.length === 1 ? `${field} == ${values[0]}` : `${field} in [${values.join(',')}]`;
	return { field, cel, matches: (incident) => values.includes(enumOf(incident, field, unspecified)) };
}

function textValue(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

const TIME_FIELDS: Array<[keyof IncidentFilters, string, string, '>=' | '<=']> = [
	['createdAfter', 'create_time', 'createTime', '>='],
	['createdBefore', 'create_time', 'createTime', '<='],
	['updatedAfter', 'update_time', 'updateTime', '>='],
	['updatedBefore', 'update_time', 'updateTime', '<='],
];

/**
 * The filter builder's fields as AND-ed conditions, most selective first: an identifier, a text,
 * a time bound, a set of enum values. Times are strict ISO 8601, read in `timeZone` when they carry
 * no zone, and sent as UTC `timestamp("…Z")`.
 */
export function incidentConditions(filters: IncidentFilters, timeZone: string): Condition[] {
	const conditions: Array<Condition | undefined> = [];
	const device = textValue(filters.deviceUuid);
	if (device) conditions.push({ field: 'deviceUuid', cel: `${celString(device, 'deviceUuid')} in device_uuids` });
	const assignee = textValue(filters.assigneeUuid);
	if (assignee) {
		conditions.push({
			field: 'assigneeUuid',
			cel: `assignee_uuid == ${celString(assignee, 'assigneeUuid')}`,
			matches: (incident) => (incident.assigneeUuid ?? '') === assignee,
		});
	}
	const tag = textValue(filters.tag);
	if (tag) {
		conditions.push({
			field: 'tag',
			cel: `${celString(tag, 'tag')} in tags`,
			matches: (incident) => Array.isArray(incident.tags) && (incident.tags as unknown[]).includes(tag),
		});
	}
	const name = textValue(filters.displayNameContains);
	if (name) {
		conditions.push({
			field: 'displayNameContains',
			cel: `display_name.contains(${celString(name, 'displayNameContains')})`,
			matches: (incident) => String(incident.displayName ?? '').includes(name),
		});
	}
	for (const [field, eset, property, operator] of TIME_FIELDS) {
		const { date, problem } = dateTimeOrProblem(filters[field], timeZone);
		if (problem) throw new FilterError(problem, field);
		if (!date) continue;
		const text = toUtcString(date);
		const bound = instant(text)!;
		conditions.push({
			field,
			cel: `${eset} ${operator} timestamp("${text}")`,
			matches: (incident) => {
				const at = instant(incident[property]);
				if (!at) return false;
				const order = compareInstants(at, bound);
				return operator === '>=' ? order >= 0 : order <= 0;
			},
		});
	}
	conditions.push(enumCondition('status', filters.status, 'INCIDENT_STATUS_UNSPECIFIED'));
	conditions.push(enumCondition('severity', filters.severity, 'INCIDENT_SEVERITY_LEVEL_UNSPECIFIED'));
	return conditions.filter((condition): condition is Condition => !!condition);
}

export interface SplitFilter {
	/** what ESET filters: as many conditions as fit its 200 characters */
	server: string;
	/** what the node applies to the listed incidents */
	local: Condition[];
}

/**
 * Sends as many conditions as fit ESET's limit, in the order given (most selective first), and
 * leaves the rest to the node. Conditions ESET must apply itself (device UUIDs are not in list
 * answers) always go to ESET; when they alone do not fit, the filter cannot be run.
 */
export function splitFilter(conditions: Condition[]): SplitFilter {
	const server: string[] = [];
	const local: Condition[] = [];
	const length = (parts: string[]) => parts.join(' && ').length;
	for (const condition of [...conditions].sort((a, b) => Number(!!a.matches) - Number(!!b.matches))) {
		if (length([...server, condition.cel]) <= MAX_FILTER_LENGTH) server.push(condition.cel);
		else if (condition.matches) local.push(condition);
		else {
			throw new FilterError(
				`needs ${condition.cel.length} characters of ESET's ${MAX_FILTER_LENGTH}-character filter, and ESET alone can apply it`,
				condition.field,
			);
		}
	}
	return { server: server.join(' && '), local };
}

/** Compiles the filter builder's fields to ESET's filter syntax, conditions joined with `&&`. */
export function compileIncidentFilter(filters: IncidentFilters, timeZone = 'UTC'): string {
	return incidentConditions(filters, timeZone)
		.map((condition) => condition.cel)
		.join(' && ');
}

/** A field name ESET's `orderBy` accepts: lower_case_with_underscores, subfields after dots. */
const ORDER_BY_FIELD = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** `orderBy` from (field, direction) rules: `create_time desc, display_name`. */
export function compileOrderBy(rules: IDataObject[]): string {
	return rules
		.filter((rule) => rule.field)
		.map((rule) => {
			const field = rule.field === 'other' ? String(rule.otherField ?? '').trim() : String(rule.field);
			if (!ORDER_BY_FIELD.test(field)) {
				throw new FilterError(
					`field "${field}" is not a field name ESET sorts by (lower_case_with_underscores, subfields after a dot, e.g. metrics.device_count)`,
					'sort',
				);
			}
			return rule.direction === 'desc' ? `${field} desc` : field;
		})
		.join(', ');
}
