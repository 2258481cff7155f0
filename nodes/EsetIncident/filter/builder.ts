import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Condition, IncidentFilters } from './conditions';
import { FilterError, incidentConditions } from './conditions';
import { operationError } from '../../shared/errors';

/** The fields of the filter builder (and the sort), as the panel shows them. */
const FIELD_LABELS: Record<string, string> = {
	status: 'Filters → Status',
	severity: 'Filters → Severity',
	createdAfter: 'Filters → Created After',
	createdBefore: 'Filters → Created Before',
	updatedAfter: 'Filters → Updated After',
	updatedBefore: 'Filters → Updated Before',
	assigneeUuid: 'Filters → Assignee UUID',
	displayNameContains: 'Filters → Display Name Contains',
	tag: 'Filters → Tag',
	deviceUuid: 'Filters → Device UUID',
	sort: 'Sort',
};

export function filterFailure(
	node: INode,
	error: unknown,
	itemIndex?: number,
	description?: string,
): NodeOperationError {
	if (!(error instanceof FilterError))
		return new NodeOperationError(node, error as Error, { itemIndex });
	return operationError(node, `${FIELD_LABELS[error.field] ?? error.field}: ${error.message}`, {
		description,
		itemIndex,
	});
}

/** The filter builder's conditions, or a clear error naming the filter field. */
export function builderConditions(
	node: INode,
	filters: IDataObject,
	timeZone: string,
	itemIndex?: number,
): Condition[] {
	try {
		return incidentConditions(filters as IncidentFilters, timeZone);
	} catch (error) {
		throw filterFailure(
			node,
			error,
			itemIndex,
			`Dates are ISO 8601, for example 2025-10-01T12:30:00Z; without a zone they are read in the workflow's time zone (${timeZone}).`,
		);
	}
}

/** Whether a listed incident passes the conditions the node applies itself. */
export function passesLocally(local: Condition[]): (incident: IDataObject) => boolean {
	return (incident) => local.every((condition) => condition.matches!(incident));
}

/** Whether an incident's details pass the conditions on what lists leave out (its device UUIDs). */
export function passesOnDetails(details: Condition[]): (incident: IDataObject) => boolean {
	return (incident) => details.every((condition) => condition.matchesDetails!(incident));
}
