import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { routedRequest } from '../../shared/http';
import { checkedNumber } from '../../shared/options';
import { operationLabel } from '../../shared/read-only';
import { connectionOptions, outputOf, pairedWithInput } from '../../shared/routing';
import { esetIncidentProperties } from '../descriptions';
import type { Simplifier } from './simplify';
import type { EsetAnswer, EsetConnection, EsetService, TransportSettings } from '../transport';
import {
	esetConnection,
	esetPages,
	esetRequest,
	refuseIfReadOnly,
	transportSettings,
} from '../transport';
import { nodeParameter } from '../../shared/node-parameter';

/** What the node outputs for a 202 when the user chose not to wait for ESET. */
export function pendingItem(answer: EsetAnswer): INodeExecutionData {
	const { headers } = answer;
	const json = {
		pending: true,
		responseId: headers['response-id'] ?? null,
		requestId: headers['request-id'] ?? null,
	};
	return { json };
}

/** An answer through the operation's postReceive functions. */
async function toItems(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	{ statusCode, headers, body }: EsetAnswer,
): Promise<INodeExecutionData[]> {
	return await outputOf(context, requestData, { statusCode, headers, body });
}

/** ESET's POST methods require a JSON body, `{}` at least; n8n sends none for an empty object. */
function withJsonBody(request: IHttpRequestOptions): IHttpRequestOptions {
	const { method, body } = request;
	const isEmptyObject = !body || (typeof body === 'object' && Object.keys(body).length === 0);
	return method === 'POST' && isEmptyObject ? { ...request, body: '{}' } : request;
}

/** The items a Get Many may return: Limit (a whole number ≥ 1), or all with Return All. */
function wantedItems(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): number | undefined {
	if (nodeParameter(context, 'operation', '') !== 'getAll') return undefined;
	if (nodeParameter(context, 'returnAll', false) === true) return undefined;
	const limit = requestData.maxResults ?? nodeParameter(context, 'limit', 50);
	const bounds = { displayName: 'Limit', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true };
	return checkedNumber(context.getNode(), limit, bounds, context.getItemIndex());
}

/** Applied by the node to each listed entry, when part of a filter could not go to ESET. */
export type LocalFilter = (entry: IDataObject, session: EsetSession) => boolean | Promise<boolean>;

/** What further requests of the same item need: its connection, its settings, its request. */
export interface EsetSession {
	connection: EsetConnection;
	/** the ESET service of the operation's own request */
	service: EsetService;
	settings: TransportSettings;
	itemIndex: number;
	/** the item's request as routed (headers, JSON), for further requests to start from */
	request: IHttpRequestOptions;
}

export interface EsetOperationOptions {
	/** the ESET service the operation's request goes to (incident management unless named) */
	service?: EsetService;
	localFilter?: LocalFilter;
	/** completes the items of a single request (never a pending one) with further requests */
	completeItems?: (
		items: INodeExecutionData[],
		session: EsetSession,
		answer: EsetAnswer,
	) => Promise<INodeExecutionData[]>;
	/** the writes `completeItems` will send: a read-only credential stops them before any request */
	writesAfterwards?: Array<Pick<IHttpRequestOptions, 'method' | 'url'>>;
	/** the simplified form of an item, output when the operation's Simplify is on */
	simplify?: Simplifier;
	/**
	 * the operation's own requests, where the routed one is not enough (chunks, a read first, a
	 * wait): they replace it; the routed request still says what a read-only credential refuses
	 */
	composed?: (session: EsetSession) => Promise<INodeExecutionData[]>;
}

/** One request; its items, completed by further requests where the operation asks for them. */
async function runSingle(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	session: EsetSession,
	completeItems: EsetOperationOptions['completeItems'],
): Promise<INodeExecutionData[]> {
	const { connection, request, settings, itemIndex, service } = session;
	const answer = await esetRequest(context, connection, request, settings, itemIndex, { service });
	if (answer.statusCode === 202) return [pendingItem(answer)];
	const items = await toItems(context, requestData, answer);
	return completeItems ? await completeItems(items, session, answer) : items;
}

/**
 * A list's pages, each asking for no more than is still needed (all of a page when a local filter
 * decides which entries count), until Limit entries passed.
 */
async function runList(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	session: EsetSession,
	localFilter: LocalFilter | undefined,
): Promise<INodeExecutionData[]> {
	const wanted = wantedItems(context, requestData);
	const items: INodeExecutionData[] = [];
	const enough = () => wanted !== undefined && items.length >= wanted;
	const pageSizeFor = wanted === undefined || localFilter ? undefined : () => wanted - items.length;
	const { connection, request, settings, itemIndex, service } = session;
	const pageOptions = { itemIndex, pageSizeFor, service };
	const pages = esetPages(context, connection, request, settings, pageOptions);
	for await (const answer of pages) {
		if (answer.statusCode === 202) return [...items, pendingItem(answer)];
		for (const item of await toItems(context, requestData, answer)) {
			if (enough()) break;
			if (!localFilter || (await localFilter(item.json, session))) items.push(item);
		}
		if (enough()) break;
	}
	return items;
}

/** The items in their simplified form when Simplify is on; a pending item as it is. */
function simplifiedIfAsked(
	context: IExecutePaginationFunctions,
	items: INodeExecutionData[],
	simplify: Simplifier | undefined,
): INodeExecutionData[] {
	if (!simplify || nodeParameter(context, 'simplify', true) !== true) return items;
	return items.map((item) => (item.json.pending === true ? item : { json: simplify(item.json) }));
}

/**
 * Runs the request of one item through the ESET transport: one request, or a list's pages. A
 * read-only credential stops it, and the writes it would send afterwards, before any request.
 */
export async function runEsetOperation(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	{
		service = 'incidentManagement',
		localFilter,
		completeItems,
		writesAfterwards = [],
		composed,
		simplify,
	}: EsetOperationOptions = {},
): Promise<INodeExecutionData[]> {
	const itemIndex = context.getItemIndex();
	const options = nodeParameter(context, 'options', {}) as IDataObject;
	const settings = transportSettings(context.getNode(), options, itemIndex);
	const routed = routedRequest(requestData.options as IHttpRequestOptions);
	const connection = await esetConnection(context, connectionOptions(routed));
	const what = operationLabel(esetIncidentProperties, context.getNode().parameters);
	for (const write of [routed, ...writesAfterwards]) {
		refuseIfReadOnly(context, connection, write, itemIndex, what);
	}
	const session = { connection, service, settings, itemIndex, request: withJsonBody(routed) };
	const items = composed
		? await composed(session)
		: session.request.qs?.pageSize === undefined
			? await runSingle(context, requestData, session, completeItems)
			: await runList(context, requestData, session, localFilter);
	return pairedWithInput(simplifiedIfAsked(context, items, simplify), itemIndex);
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

/** The pagination function of an operation that needs options: another service, Simplify. */
export function sendEsetRequestWith(options: EsetOperationOptions) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		return await runEsetOperation(this, requestData, options);
	};
}
