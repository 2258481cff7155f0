import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import type { EsetList } from '../transport';
import { listIn, resourceIn } from '../transport';

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

/** Actions answer `{}`: say that it worked. */
export const outputSuccess: PostReceiveAction = async function (_items, response) {
	return [{ json: { success: true, ...(response.body as IDataObject) } }];
};
