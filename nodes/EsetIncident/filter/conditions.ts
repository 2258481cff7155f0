import type { IDataObject } from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../../shared/date-time';

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

/**
 * One AND-ed filter-builder condition: `cel` for ESET (forms in docs/filters.md), `matches` the
 * same test on a listed incident where the node applies it (not sent, or sent widened).
 */
export interface Condition {
	/** the filter-builder field it comes from */
	field: keyof IncidentFilters;
	/** ESET's filter text; undefined: no source shows ESET taking the form, so the node applies it */
	cel?: string;
	/** whether `cel` selects exactly what `matches` does (false: a wider whole-second bound) */
	exact: boolean;
	/** the test on an incident as listed; undefined: it needs the incident's details */
	matches?: (incident: IDataObject) => boolean;
	/** the test on the incident's details (`GET /v2/incidents/{uuid}`), for what lists leave out */
	matchesDetails?: (incident: IDataObject) => boolean;
}

/** What ESET's filter cannot hold: a lone surrogate (broken Unicode). */
function checkedText(value: string, field: string): string {
	if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
		throw new FilterError('contains a broken Unicode character (a lone surrogate)', field);
	}
	return value;
}

/**
 * `[field, cel]` for each builder field with a form ESET's help shows, most selective first.
 * Uses nothing from outside itself: the editor runs its source for the output hint (`filterHint`).
 */
export function sendableConditions(
	filters: Record<string, unknown>,
	timestamp: (field: string, value: unknown) => string,
): Array<[string, string]> {
	const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
	const choice = (name: string, values: unknown): string[] => {
		if (!Array.isArray(values) || !values.length) return [];
		return [
			values.length === 1
				? `incident.${name} == ${values[0]}`
				: `incident.${name} in [${values.join(',')}]`,
		];
	};
	const times: Array<[string, string]> = [
		['createdAfter', 'incident.create_time >= '],
		['createdBefore', 'incident.create_time <= '],
		['updatedAfter', 'incident.update_time >= '],
		['updatedBefore', 'incident.update_time <= '],
	];
	return [
		...(text(filters.assigneeUuid)
			? [['assigneeUuid', `incident.assignee_uuid == ${JSON.stringify(filters.assigneeUuid)}`]]
			: []),
		...(text(filters.displayNameContains)
			? [
					[
						'displayNameContains',
						`incident.display_name.contains(${JSON.stringify(filters.displayNameContains)})`,
					],
				]
			: []),
		...times
			.filter(([field]) => filters[field])
			.map(([field, cel]) => [field, `${cel}timestamp("${timestamp(field, filters[field])}")`]),
		...choice('status', filters.status).map((cel) => ['status', cel]),
		...choice('severity', filters.severity).map((cel) => ['severity', cel]),
	] as Array<[string, string]>;
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

/** ESET's JSON encoder may leave out a field at its default (unspecified enum, empty list). */
function enumOf(incident: IDataObject, property: string, unspecified: string): string {
	const value = incident[property];
	return typeof value === 'string' && value ? value : unspecified;
}

/** A time as ESET's help examples write it: UTC, whole seconds (`2025-04-07T00:00:00Z`). */
function wholeSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The whole second that holds `date`, on the side of the bound that keeps it inside. */
function widened(date: Date, operator: '>=' | '<='): number {
	const ms = date.getTime();
	return operator === '>=' ? Math.floor(ms / 1000) * 1000 : Math.ceil(ms / 1000) * 1000;
}

/** The test of a time bound on an incident, to the nanosecond. */
function timeMatcher(property: 'createTime' | 'updateTime', operator: '>=' | '<=', date: Date) {
	const bound = instant(toUtcString(date))!;
	return (incident: IDataObject) => {
		const at = instant(incident[property]);
		if (!at) return false;
		const order = compareInstants(at, bound);
		return operator === '>=' ? order >= 0 : order <= 0;
	};
}

const TIME_FIELDS: Record<string, ['create_time' | 'update_time', '>=' | '<=']> = {
	createdAfter: ['create_time', '>='],
	createdBefore: ['create_time', '<='],
	updatedAfter: ['update_time', '>='],
	updatedBefore: ['update_time', '<='],
};

/**
 * `incident.<field> >= timestamp("…")` (or `<=`) on whole seconds, widened to the second that holds
 * `date` when it has a fraction: the node then applies the exact bound itself.
 */
export function timeCondition(
	field: keyof IncidentFilters,
	eset: 'create_time' | 'update_time',
	operator: '>=' | '<=',
	date: Date,
): Condition {
	const second = widened(date, operator);
	return {
		field,
		cel: `incident.${eset} ${operator} timestamp("${wholeSeconds(second)}")`,
		exact: second === date.getTime(),
		matches: timeMatcher(eset === 'create_time' ? 'createTime' : 'updateTime', operator, date),
	};
}

/** The test each filter-builder field makes of a listed incident (for devices, of its details). */
function matcherOf(
	field: keyof IncidentFilters,
	filters: IncidentFilters,
	dates: Record<string, Date>,
): Omit<Condition, 'field' | 'exact'> {
	const value = filters[field];
	switch (field) {
		case 'assigneeUuid':
			return { matches: (incident) => (incident.assigneeUuid ?? '') === value };
		case 'displayNameContains':
			return {
				matches: (incident) => String(incident.displayName ?? '').includes(value as string),
			};
		case 'tag':
			return {
				matches: (incident) =>
					Array.isArray(incident.tags) && (incident.tags as unknown[]).includes(value),
			};
		case 'deviceUuid':
			return {
				matchesDetails: (incident) =>
					Array.isArray(incident.deviceUuids) &&
					(incident.deviceUuids as unknown[]).includes(value),
			};
		case 'status':
			return {
				matches: (incident) =>
					(value as string[]).includes(enumOf(incident, 'status', 'INCIDENT_STATUS_UNSPECIFIED')),
			};
		case 'severity':
			return {
				matches: (incident) =>
					(value as string[]).includes(
						enumOf(incident, 'severity', 'INCIDENT_SEVERITY_LEVEL_UNSPECIFIED'),
					),
			};
		default: {
			const [eset, operator] = TIME_FIELDS[field];
			return {
				matches: timeMatcher(
					eset === 'create_time' ? 'createTime' : 'updateTime',
					operator,
					dates[field],
				),
			};
		}
	}
}

/** The builder's dates, strict ISO 8601, read in `timeZone` when they carry no zone. */
function builderDates(filters: IncidentFilters, timeZone: string): Record<string, Date> {
	const dates: Record<string, Date> = {};
	for (const field of Object.keys(TIME_FIELDS) as Array<keyof IncidentFilters>) {
		const { date, problem } = dateTimeOrProblem(filters[field], timeZone);
		if (problem) throw new FilterError(problem, field);
		if (date) dates[field] = date;
	}
	return dates;
}

/**
 * The builder's fields as AND-ed conditions, most selective first: those ESET can take, then Tag
 * and Device UUID, which the node applies. Times go as whole seconds, widened.
 */
export function incidentConditions(filters: IncidentFilters, timeZone: string): Condition[] {
	for (const field of ['assigneeUuid', 'displayNameContains'] as const) {
		if (typeof filters[field] === 'string') checkedText(filters[field], field);
	}
	const dates = builderDates(filters, timeZone);
	const stamp = (field: string) => wholeSeconds(widened(dates[field], TIME_FIELDS[field][1]));
	const sendable = { ...filters, ...dates } as Record<string, unknown>;
	const conditions: Condition[] = sendableConditions(sendable, stamp).map(([field, cel]) => ({
		field: field as keyof IncidentFilters,
		cel,
		exact:
			!(field in dates) || widened(dates[field], TIME_FIELDS[field][1]) === dates[field].getTime(),
		...matcherOf(field as keyof IncidentFilters, filters, dates),
	}));
	for (const field of ['tag', 'deviceUuid'] as const) {
		const value = filters[field];
		if (typeof value === 'string' && value.trim() !== '')
			conditions.push({ field, exact: false, ...matcherOf(field, filters, dates) });
	}
	return conditions;
}

/**
 * The output hint's condition: whether the builder's conditions that ESET can take need more than
 * its 200 characters, so that the node applied some itself. It runs `sendableConditions` itself.
 */
export const filterHint =
	`={{ $parameter.resource === 'incident' && $parameter.operation === 'getAll' && $parameter.filterType !== 'raw' && ` +
	`(${sendableConditions.toString()})($parameter.filters || {}, () => '0000-00-00T00:00:00Z')` +
	`.map((c) => c[1]).join(' && ').length > ${MAX_FILTER_LENGTH} }}`;

export interface SplitFilter {
	/** what ESET filters: as many conditions as fit its 200 characters */
	server: string;
	/** what the node applies to the listed incidents: what was not sent, or sent widened */
	local: Condition[];
	/** what the node applies to each incident's details (its device UUIDs) */
	details: Condition[];
}

/**
 * Sends as many conditions as fit ESET's limit, in the order given (most selective first), and
 * leaves the rest — and every condition ESET takes only widened or not at all — to the node.
 */
export function splitFilter(conditions: Condition[]): SplitFilter {
	const server: string[] = [];
	const local: Condition[] = [];
	const details: Condition[] = [];
	const fits = (cel: string) => [...server, cel].join(' && ').length <= MAX_FILTER_LENGTH;
	for (const condition of conditions) {
		const sent = condition.cel !== undefined && fits(condition.cel);
		if (sent) server.push(condition.cel!);
		if (condition.matchesDetails) details.push(condition);
		else if (!sent || !condition.exact) local.push(condition);
	}
	return { server: server.join(' && '), local, details };
}

/** The filter ESET gets for the filter builder's fields (tests and the live check). */
export function compileIncidentFilter(filters: IncidentFilters, timeZone = 'UTC'): string {
	return splitFilter(incidentConditions(filters, timeZone)).server;
}

/** A field name ESET's `orderBy` accepts: lower_case_with_underscores, subfields after dots. */
const ORDER_BY_FIELD = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** `orderBy` from (field, direction) rules: `create_time desc, display_name`. */
export function compileOrderBy(rules: IDataObject[]): string {
	return rules
		.filter((rule) => rule.field)
		.map((rule) => {
			const field =
				rule.field === 'other' ? String(rule.otherField ?? '').trim() : String(rule.field);
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
