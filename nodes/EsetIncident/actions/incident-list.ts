import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INode,
	INodeExecutionData,
} from 'n8n-workflow';

import type { Condition } from '../filter';
import {
	builderConditions,
	compileOrderBy,
	filterFailure,
	MAX_FILTER_LENGTH,
	MAX_ORDER_BY_LENGTH,
	passesLocally,
	passesOnDetails,
	splitFilter,
} from '../filter';
import { readIncident } from './incident-details';
import type { LocalFilter } from './run-operation';
import { runEsetOperation } from './run-operation';
import { simplifyIncident } from './simplify';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

/** What a Get Many of incidents asks ESET for, and what the node filters itself. */
export interface IncidentQuery {
	filter: string;
	orderBy: string;
	/** applied to each listed incident */
	local: Condition[];
	/** applied to each incident's details, read for it */
	details: Condition[];
}

/**
 * The query of a Get Many: the raw filter as typed, or the filter builder's conditions split
 * between ESET (as many as fit its 200 characters) and the node; the sort rules as `orderBy`.
 */
export function incidentQuery(
	node: INode,
	parameters: {
		filterType: unknown;
		rawFilter: unknown;
		filters: IDataObject;
		sortRules: IDataObject[];
	},
	timeZone: string,
	itemIndex?: number,
): IncidentQuery {
	let filter = '';
	let local: Condition[] = [];
	let details: Condition[] = [];
	if (parameters.filterType === 'raw') {
		filter = String(parameters.rawFilter ?? '').trim();
		if (filter.length > MAX_FILTER_LENGTH) {
			throw operationError(
				node,
				`The raw filter is ${filter.length} characters long; ESET accepts at most ${MAX_FILTER_LENGTH}`,
				{
					description: `Shorten it, or use the Filter Builder: the node then applies what does not fit itself. The filter: ${filter}`,
					itemIndex,
				},
			);
		}
	} else {
		const conditions = builderConditions(node, parameters.filters, timeZone, itemIndex);
		try {
			({ server: filter, local, details } = splitFilter(conditions));
		} catch (error) {
			throw filterFailure(node, error, itemIndex);
		}
	}
	let orderBy: string;
	try {
		orderBy = compileOrderBy(parameters.sortRules);
	} catch (error) {
		throw filterFailure(node, error, itemIndex);
	}
	if (orderBy.length > MAX_ORDER_BY_LENGTH) {
		throw operationError(
			node,
			`The sort order is ${orderBy.length} characters long; ESET accepts at most ${MAX_ORDER_BY_LENGTH}`,
			{
				description: orderBy,
				itemIndex,
			},
		);
	}
	return { filter, orderBy, local, details };
}

/** The conditions the node applies: the listed incident's, then, if they pass, its details'. */
function localFilter(
	query: IncidentQuery,
	context: IExecutePaginationFunctions,
): LocalFilter | undefined {
	if (!query.local.length && !query.details.length) return undefined;
	const listed = passesLocally(query.local);
	const detailed = passesOnDetails(query.details);
	return async (incident, session) => {
		if (!listed(incident)) return false;
		if (!query.details.length) return true;
		return detailed(
			await readIncident(
				context,
				session.connection,
				session.settings,
				String(incident.uuid ?? ''),
			),
		);
	};
}

/**
 * Get Many incidents: ESET filters what fits its limit, the node the rest, paging on until Limit
 * incidents pass — the same incidents a server-side filter would return.
 */
export async function listIncidents(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const query = incidentQuery(
		this.getNode(),
		{
			filterType: nodeParameter(this, 'filterType', 'builder'),
			rawFilter: nodeParameter(this, 'rawFilter', ''),
			filters: nodeParameter(this, 'filters', {}) as IDataObject,
			sortRules: (nodeParameter(this, 'sort', {}) as { rules?: IDataObject[] }).rules ?? [],
		},
		this.getTimezone(),
		this.getItemIndex(),
	);
	requestData.options.qs = {
		...requestData.options.qs,
		...(query.filter ? { filter: query.filter } : {}),
		...(query.orderBy ? { orderBy: query.orderBy } : {}),
	};
	return await runEsetOperation(this, requestData, {
		localFilter: localFilter(query, this),
		simplify: simplifyIncident,
	});
}
