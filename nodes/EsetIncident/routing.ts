import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

import { routedRequest } from '../shared/http';
import { checkedNumber } from '../shared/options';
import { operationLabel } from '../shared/read-only';
import { esetIncidentProperties } from './descriptions';
import type { EsetAnswer, EsetConnection, TransportSettings } from './transport';
import {
	esetConnection,
	esetPages,
	esetRequest,
	refuseIfReadOnly,
	transportSettings,
} from './transport';

/** What the node outputs for a 202 when the user chose not to wait for ESET. */
export function pendingItem(answer: EsetAnswer): INodeExecutionData {
	return {
		json: {
			pending: true,
			responseId: answer.headers['response-id'] ?? null,
			requestId: answer.headers['request-id'] ?? null,
		},
	};
}

async function toItems(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	answer: EsetAnswer,
): Promise<INodeExecutionData[]> {
	const response: IN8nHttpFullResponse = {
		statusCode: answer.statusCode,
		headers: answer.headers,
		body: answer.body,
	};
	let items: INodeExecutionData[] = [{ json: answer.body }];
	for (const { actions } of requestData.postReceive) {
		for (const action of actions) {
			if (typeof action !== 'function') {
				throw new Error('ESET operations shape their output with postReceive functions only');
			}
			items = await action.call(context, items, response);
		}
	}
	return items;
}

/** Links every output item to the input item it came from (n8n's `$('Node').item` needs it). */
function pairedWithInput(
	context: IExecutePaginationFunctions,
	items: INodeExecutionData[],
): INodeExecutionData[] {
	const pairedItem = { item: context.getItemIndex() };
	return items.map((item) => ({ ...item, pairedItem }));
}

/**
 * ESET's POST methods require a JSON body, `{}` at least; n8n sends no body at all for an empty
 * object.
 */
function withJsonBody(request: IHttpRequestOptions): IHttpRequestOptions {
	const { method, body } = request;
	const isEmptyObject = !body || (typeof body === 'object' && Object.keys(body).length === 0);
	return method === 'POST' && isEmptyObject ? { ...request, body: '{}' } : request;
}

/** n8n's Request Options that the transport passes on: the proxy and the certificate check. */
function connectionOptions(request: IHttpRequestOptions): IDataObject {
	const { proxy, skipSslCertificateValidation } = request;
	return {
		...(proxy ? { proxy: proxy as unknown as IDataObject } : {}),
		...(skipSslCertificateValidation ? { skipSslCertificateValidation } : {}),
	};
}

/** The items a Get Many may return: Limit (a whole number ≥ 1), or all with Return All. */
function wantedItems(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): number | undefined {
	if (context.getNodeParameter('operation', '') !== 'getAll') return undefined;
	if (context.getNodeParameter('returnAll', false) === true) return undefined;
	return checkedNumber(
		context.getNode(),
		requestData.maxResults ?? context.getNodeParameter('limit', 50),
		{ displayName: 'Limit', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
		context.getItemIndex(),
	);
}

/** Applied by the node to each listed entry, when part of a filter could not go to ESET. */
export type LocalFilter = (entry: IDataObject, session: EsetSession) => boolean | Promise<boolean>;

/** What further requests of the same item need: its connection to ESET, its settings, its request. */
export interface EsetSession {
	connection: EsetConnection;
	settings: TransportSettings;
	itemIndex: number;
	/** the item's request as routed (headers, JSON), for further requests to start from */
	request: IHttpRequestOptions;
}

export interface EsetOperationOptions {
	localFilter?: LocalFilter;
	/** completes the items of a single request (never a pending one) with further requests */
	completeItems?: (
		items: INodeExecutionData[],
		session: EsetSession,
		answer: EsetAnswer,
	) => Promise<INodeExecutionData[]>;
	/** the writes `completeItems` will send: a read-only credential stops them before the first request */
	writesAfterwards?: Array<Pick<IHttpRequestOptions, 'method' | 'url'>>;
}

/**
 * Runs the request of one item through the ESET transport: one request, or — for lists — its
 * pages, asking each page for no more than is still needed (all of a page when a local filter
 * decides which entries count) until Limit entries are output.
 */
export async function runEsetOperation(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	{ localFilter, completeItems, writesAfterwards = [] }: EsetOperationOptions = {},
): Promise<INodeExecutionData[]> {
	const itemIndex = context.getItemIndex();
	const settings = transportSettings(
		context.getNode(),
		context.getNodeParameter('options', {}) as IDataObject,
		itemIndex,
	);
	const wanted = wantedItems(context, requestData);
	const options = routedRequest(requestData.options as IHttpRequestOptions);
	const connection = await esetConnection(context, connectionOptions(options));
	const what = operationLabel(esetIncidentProperties, context.getNode().parameters);
	for (const write of [options, ...writesAfterwards])
		refuseIfReadOnly(context, connection, write, itemIndex, what);
	const request = withJsonBody(options);
	if (request.qs?.pageSize === undefined) {
		const answer = await esetRequest(context, connection, request, settings, itemIndex);
		if (answer.statusCode === 202) return pairedWithInput(context, [pendingItem(answer)]);
		const items = await toItems(context, requestData, answer);
		return pairedWithInput(
			context,
			completeItems
				? await completeItems(items, { connection, settings, itemIndex, request }, answer)
				: items,
		);
	}
	const items: INodeExecutionData[] = [];
	const enough = () => wanted !== undefined && items.length >= wanted;
	const session = { connection, settings, itemIndex, request };
	const pageSizeFor = wanted === undefined || localFilter ? undefined : () => wanted - items.length;
	for await (const answer of esetPages(context, connection, request, settings, {
		itemIndex,
		pageSizeFor,
	})) {
		if (answer.statusCode === 202) {
			items.push(pendingItem(answer));
			break;
		}
		for (const item of await toItems(context, requestData, answer)) {
			if (enough()) break;
			if (!localFilter || (await localFilter(item.json, session))) items.push(item);
		}
		if (enough()) break;
	}
	return pairedWithInput(context, items);
}

/**
 * n8n's routing engine hands an item's whole request to `requestOperations.pagination` when
 * `paginate` is on; every ESET operation opts in (see `esetTransportProperty`).
 */
export async function sendEsetRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	return await runEsetOperation(this, requestData);
}
