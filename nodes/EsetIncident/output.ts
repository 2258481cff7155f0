import type {
	IDataObject,
	IExecuteSingleFunctions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	JsonObject,
	PostReceiveAction,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What a shape check needs of an n8n context: the node and the item, for the error. */
export interface ItemContext {
	getNode(): INode;
	getItemIndex(): number;
}

/** An ESET answer as far as the shape checks need it. */
export type EsetResponse = Pick<IN8nHttpFullResponse, 'statusCode' | 'headers' | 'body'>;

/** The transport hands on only JSON objects; these check the documented shape inside them. */
function bodyOf(response: EsetResponse): IDataObject {
	return response.body as IDataObject;
}

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** An error for an answer that is not what ESET documents (`what` says how). */
export function malformed(context: ItemContext, response: EsetResponse, what: string): NodeApiError {
	const message = `ESET Connect answered ${response.statusCode}, but ${what}: not the documented answer`;
	const requestId = response.headers?.['request-id'];
	return new NodeApiError(context.getNode(), { message, httpCode: String(response.statusCode) } as JsonObject, {
		message,
		httpCode: String(response.statusCode),
		description: requestId ? `request-id: ${String(requestId)} (include it in support requests).` : undefined,
		itemIndex: context.getItemIndex(),
	});
}

/** ESET wraps a single resource in its name (`{"incident": {…}}`): output the resource. */
export function outputResource(property: string): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response): Promise<INodeExecutionData[]> {
		const resource = bodyOf(response)[property];
		if (!isObject(resource)) throw malformed(this, response, `the answer holds no ${property} object`);
		return [{ json: resource }];
	};
}

/**
 * The list `property` of an ESET answer (`{"incidents": [...], "nextPageToken": "…"}`). An empty
 * list may be left out (`{}`): ESET's JSON encoder omits empty fields.
 */
export function listIn(context: ItemContext, response: EsetResponse, property: string): IDataObject[] {
	const list = bodyOf(response)[property];
	if (list === undefined || list === null) return [];
	if (!Array.isArray(list) || !list.every(isObject)) {
		throw malformed(context, response, `its ${property} is not a list of objects`);
	}
	return list as IDataObject[];
}

/**
 * Lists: one item per element of `property`. `alongside` names a field of the list answer that
 * each item carries too, when ESET sent it (`totalSize`, the size of the whole list).
 */
export function outputEachOf(property: string, alongside?: string): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response): Promise<INodeExecutionData[]> {
		const extra = alongside === undefined ? undefined : bodyOf(response)[alongside];
		return listIn(this, response, property).map((json) => ({ json: extra === undefined ? json : { ...json, [alongside!]: extra } }));
	};
}

/** Actions answer `{}`: say that it worked. */
export const outputSuccess: PostReceiveAction = async function (_items, response) {
	return [{ json: { success: true, ...bodyOf(response) } }];
};
