import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import type { EsetList } from '../transport';
import { listIn, resourceIn } from '../transport';
import { esetIdentifier } from './validation';

/** ESET wraps a single resource in its name (`{"incident": {…}}`): output the resource. */
export function outputResource(property: string): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		_items,
		response,
	): Promise<INodeExecutionData[]> {
		return [{ json: resourceIn(this, response, property) }];
	};
}

/**
 * Lists: one item per element of the list. Where ESET documents a `totalSize` (the size of the
 * whole list), each item carries it too, when ESET sent it.
 */
export function outputEachOf(list: EsetList): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		_items,
		response,
	): Promise<INodeExecutionData[]> {
		const entries = listIn(this, response, list);
		const totalSize = list.besides.includes('totalSize')
			? (response.body as IDataObject).totalSize
			: undefined;
		return entries.map((json) => ({
			json: totalSize === undefined ? json : { ...json, totalSize },
		}));
	};
}

/**
 * What an action names in its output: a parameter, under its own name or, as `[output, parameter]`,
 * under another (the comment's incident is output as `incidentUuid`).
 */
export type ActedOnIdentifier = string | [output: string, parameter: string];

/** The identifiers an action was sent for (checked and trimmed), and ESET's request-id. */
function actedOn(
	context: IExecuteSingleFunctions,
	identifiers: ActedOnIdentifier[],
	headers: IDataObject,
) {
	const named = Object.fromEntries(
		identifiers.map((identifier) => {
			const [output, parameter] =
				typeof identifier === 'string' ? [identifier, identifier] : identifier;
			return [output, esetIdentifier(context, parameter)];
		}),
	);
	return { ...named, requestId: (headers['request-id'] as string | undefined) ?? null };
}

/** postReceive of an action (ESET answers `{}`): that it worked, what it did to what. */
export function outputActedOn(action: string, identifiers: ActedOnIdentifier[]): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response) {
		const body = response.body as IDataObject;
		return [
			{ json: { ...body, success: true, action, ...actedOn(this, identifiers, response.headers) } },
		];
	};
}

/** postReceive of a delete: `{deleted: true}` and what was deleted, as n8n's nodes answer. */
export function outputDeleted(identifiers: ActedOnIdentifier[]): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response) {
		const body = response.body as IDataObject;
		return [{ json: { ...body, deleted: true, ...actedOn(this, identifiers, response.headers) } }];
	};
}
