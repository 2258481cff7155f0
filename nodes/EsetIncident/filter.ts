import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseDateTime, toUtcString } from '../shared/date-time';

/** ESET rejects a `filter` longer than this. */
export const MAX_FILTER_LENGTH = 200;

/** ESET rejects an `orderBy` longer than this. */
export const MAX_ORDER_BY_LENGTH = 100;

export interface IncidentFilters {
	status?: string[];
	severity?: string[];
	createdAfter?: string;
	createdBefore?: string;
	updatedAfter?: string;
	updatedBefore?: string;
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

/** A string literal of ESET's (CEL) filter language. */
function quote(value: string): string {
	return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `timestamp("…")` in UTC; a date-time without a zone is taken as UTC. */
function timestamp(value: string, field: string): string {
	const date = parseDateTime(value);
	if (!date) throw new FilterError(`"${value}" is not a date and time`, field);
	return `timestamp("${toUtcString(date)}")`;
}

/**
 * Enum values go into ESET filters unquoted: `status in [INCIDENT_STATUS_OPEN,INCIDENT_STATUS_CLOSED]`
 * (no spaces: the whole filter must fit in 200 characters).
 */
function enumCondition(field: string, values: string[] | undefined): string | undefined {
	if (!values?.length) return undefined;
	return values.length === 1 ? `${field} == ${values[0]}` : `${field} in [${values.join(',')}]`;
}

function textValue(value: string | undefined): string | undefined {
	return value === undefined || value.trim() === '' ? undefined : value;
}

/** Compiles the filter builder's fields to ESET's filter syntax, conditions joined with `&&`. */
export function compileIncidentFilter(filters: IncidentFilters): string {
	const conditions: Array<string | undefined> = [
		enumCondition('status', filters.status),
		enumCondition('severity', filters.severity),
	];
	const times: Array<[keyof IncidentFilters, string, string]> = [
		['createdAfter', 'create_time', '>='],
		['createdBefore', 'create_time', '<='],
		['updatedAfter', 'update_time', '>='],
		['updatedBefore', 'update_time', '<='],
	];
	for (const [field, eset, operator] of times) {
		const value = textValue(filters[field] as string | undefined);
		if (value) conditions.push(`${eset} ${operator} ${timestamp(value, field)}`);
	}
	const assignee = textValue(filters.assigneeUuid);
	if (assignee) conditions.push(`assignee_uuid == ${quote(assignee)}`);
	const name = textValue(filters.displayNameContains);
	if (name) conditions.push(`display_name.contains(${quote(name)})`);
	const tag = textValue(filters.tag);
	if (tag) conditions.push(`${quote(tag)} in tags`);
	const device = textValue(filters.deviceUuid);
	if (device) conditions.push(`${quote(device)} in device_uuids`);
	return conditions.filter(Boolean).join(' && ');
}

/** `orderBy` from (field, direction) rules: `create_time desc, display_name`. */
export function compileOrderBy(rules: IDataObject[]): string {
	return rules
		.filter((rule) => rule.field)
		.map((rule) => (rule.direction === 'desc' ? `${String(rule.field)} desc` : String(rule.field)))
		.join(', ');
}

/**
 * preSend of Get Many incidents: puts the filter (compiled from the builder, or the raw filter) and
 * the sort order into the query, and stops the request when either is longer than ESET accepts.
 */
export async function setIncidentListQuery(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const itemIndex = this.getItemIndex();
	let filter: string;
	if (this.getNodeParameter('filterType', 'builder') === 'raw') {
		filter = String(this.getNodeParameter('rawFilter', '') ?? '').trim();
	} else {
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		try {
			filter = compileIncidentFilter(
				Object.fromEntries(
					Object.entries(filters).map(([key, value]) => [key, Array.isArray(value) ? value : String(value ?? '')]),
				) as IncidentFilters,
			);
		} catch (error) {
			const { field, message } = error as FilterError;
			throw new NodeOperationError(this.getNode(), `Filter "${field}": ${message}`, {
				description: 'Use an ISO 8601 date and time, for example 2025-10-01T12:30:00Z (UTC when no zone is given).',
				itemIndex,
			});
		}
	}
	if (filter.length > MAX_FILTER_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`The filter is ${filter.length} characters long; ESET accepts at most ${MAX_FILTER_LENGTH}`,
			{ description: `Narrow it down or shorten it: ${filter}`, itemIndex },
		);
	}
	const sort = this.getNodeParameter('sort', {}) as { rules?: IDataObject[] };
	const orderBy = compileOrderBy(sort.rules ?? []);
	if (orderBy.length > MAX_ORDER_BY_LENGTH) {
		throw new NodeOperationError(
			this.getNode(),
			`The sort order is ${orderBy.length} characters long; ESET accepts at most ${MAX_ORDER_BY_LENGTH}`,
			{ description: orderBy, itemIndex },
		);
	}
	requestOptions.qs = { ...requestOptions.qs };
	if (filter) requestOptions.qs.filter = filter;
	if (orderBy) requestOptions.qs.orderBy = orderBy;
	return requestOptions;
}
