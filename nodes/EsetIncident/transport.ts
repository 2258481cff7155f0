import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { esetIncidentManagementUrl } from '../../credentials/EsetConnectApi.credentials';
import { PACKAGE_NAME, PACKAGE_VERSION } from '../shared/package-info';
import { wait } from '../shared/wait';
import { cleanError, esetApiError, header } from './errors';
import { RateLimiter } from './rate-limiter';

export const CREDENTIAL_TYPE = 'esetConnectApi';

/** ESET's largest page (`pageSize` above it is coerced to 1000). */
export const MAX_PAGE_SIZE = 1000;

/** ESET's documented limit: 10 calls per second per API user. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;

export const DEFAULT_MAX_RETRIES = 5;

export const DEFAULT_MAX_WAIT_SECONDS = 180;

/** ESET drops a cached slow response 10 minutes after the 202. */
export const MAX_WAIT_SECONDS = 600;

/** Headers ESET's own integrations send on every call. */
export const ESET_INTEGRATION_HEADERS = {
	'3rd-integration': `${PACKAGE_NAME}/${PACKAGE_VERSION}`,
};

interface Endpoint {
	baseURL: string;
	/** the API user, whose requests the rate limit counts together */
	apiUser: string;
}

interface TransportSettings extends Endpoint {
	waitForSlowResponses: boolean;
	maxWaitMs: number;
	maxRetries: number;
	requestsPerSecond: number;
}

/** The credential's endpoint per execution: read once, not for every item. */
const endpointsByExecution = new Map<string, Promise<Endpoint>>();
const MAX_CACHED_EXECUTIONS = 32;

async function readEndpoint(context: IExecuteSingleFunctions): Promise<Endpoint> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const baseURL = esetIncidentManagementUrl(credentials);
	return { baseURL, apiUser: `${baseURL}\n${String(credentials.username)}` };
}

async function endpoint(context: IExecuteSingleFunctions): Promise<Endpoint> {
	const executionId = context.getExecutionId();
	if (!executionId) return await readEndpoint(context);
	const key = `${executionId}\n${context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? ''}`;
	let cached = endpointsByExecution.get(key);
	if (!cached) {
		cached = readEndpoint(context);
		endpointsByExecution.set(key, cached);
		cached.catch(() => endpointsByExecution.delete(key));
		if (endpointsByExecution.size > MAX_CACHED_EXECUTIONS) {
			endpointsByExecution.delete(endpointsByExecution.keys().next().value as string);
		}
	}
	return await cached;
}

async function transportSettings(context: IExecuteSingleFunctions): Promise<TransportSettings> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const maxWaitSeconds = Number(options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS);
	return {
		...(await endpoint(context)),
		waitForSlowResponses: options.waitForSlowResponses !== false,
		maxWaitMs: Math.min(Math.max(maxWaitSeconds, 0), MAX_WAIT_SECONDS) * 1000,
		maxRetries: Math.max(Number(options.maxRetries ?? DEFAULT_MAX_RETRIES), 0),
		requestsPerSecond: Math.max(Number(options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND), 0),
	};
}

const rateLimiter = new RateLimiter();

/** `Retry-After` in milliseconds (seconds or an HTTP date), if ESET sent one. */
function retryAfterMs(response: IN8nHttpFullResponse): number | undefined {
	const value = header(response, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
	return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : undefined;
}

/** Exponential back-off with jitter: up to 0.5 s, 1 s, 2 s, 4 s … capped at 30 s. */
function backoffMs(attempt: number): number {
	const ceiling = Math.min(500 * 2 ** attempt, 30_000);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * ESET's writes are custom methods (`…:close`, `…/text:update`) that set a state and can be
 * repeated; a plain POST to a collection (creating a comment) must not be sent twice.
 */
function isSafeToRepeat(request: IHttpRequestOptions): boolean {
	const method = (request.method ?? 'GET').toUpperCase();
	if (method !== 'POST') return true;
	const lastSegment = request.url.split('?')[0].split('/').pop() ?? '';
	return lastSegment.includes(':');
}

function isRetryable(status: number, request: IHttpRequestOptions): boolean {
	if (status === 429) return true;
	return [502, 503, 504].includes(status) && isSafeToRepeat(request);
}

async function send(
	context: IExecuteSingleFunctions,
	request: IHttpRequestOptions,
	renewTokenOn401: boolean,
): Promise<IN8nHttpFullResponse> {
	try {
		return (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			...request,
			returnFullResponse: true,
			// n8n renews the credential's token only when the request throws a 401.
			ignoreHttpStatusErrors: !renewTokenOn401,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const { httpCode, context: errorContext } = error as NodeApiError;
		if (renewTokenOn401 && httpCode && /^\d{3}$/.test(httpCode)) {
			return { statusCode: Number(httpCode), headers: {}, body: errorContext?.data ?? {} };
		}
		throw cleanError(context, error);
	}
}

/**
 * Sends one ESET request the way ESET wants to be called: within the rate limit, collecting a slow
 * (202) response by re-sending it with its `response-id`, backing off on 429 and on 502/503/504
 * where repeating is safe, renewing the token once on 401. Resolves with the final response (a 202
 * only when the user chose not to wait); rejects with an error naming the status, ESET's meaning of
 * it and the `request-id`.
 */
async function esetRequest(
	context: IExecuteSingleFunctions,
	request: IHttpRequestOptions,
	settings: TransportSettings,
): Promise<IN8nHttpFullResponse> {
	const signal = context.getExecutionCancelSignal?.();
	const key = settings.apiUser;
	const startedAt = Date.now();
	let responseId: string | undefined;
	let pollDelayMs = 1000;
	let retries = 0;
	let tokenRenewed = false;

	for (;;) {
		await rateLimiter.waitForTurn(key, settings.requestsPerSecond, signal);
		if (signal?.aborted) {
			throw new NodeOperationError(context.getNode(), 'The execution was cancelled before ESET answered', {
				itemIndex: context.getItemIndex(),
			});
		}
		const attempt: IHttpRequestOptions = responseId
			? { ...request, headers: { ...request.headers, 'response-id': responseId } }
			: request;
		let response = await send(context, attempt, false);
		if (response.statusCode === 401 && !tokenRenewed) {
			tokenRenewed = true;
			response = await send(context, attempt, true);
		}
		const status = response.statusCode;

		if (status === 202) {
			responseId = header(response, 'response-id') ?? responseId;
			if (!settings.waitForSlowResponses) return response;
			if (!responseId) {
				throw esetApiError(context, response, request, 'ESET Connect answered 202 without a response-id header, so the result cannot be collected');
			}
			if (Date.now() + pollDelayMs - startedAt > settings.maxWaitMs) {
				throw esetApiError(
					context,
					response,
					request,
					`ESET Connect is still processing the request after ${Math.round((Date.now() - startedAt) / 1000)} s (response-id ${responseId}); raise "Max Wait" or turn off "Wait for Slow Responses"`,
				);
			}
			await wait(pollDelayMs, signal);
			pollDelayMs = Math.min(pollDelayMs * 2, 15_000);
			continue;
		}
		if (status < 300) return response;
		if (status === 404 && responseId) {
			throw esetApiError(
				context,
				response,
				request,
				`ESET Connect no longer holds the result of response-id ${responseId}: cached results expire 10 minutes after the 202 (or were already collected)`,
			);
		}
		if (isRetryable(status, request) && retries < settings.maxRetries) {
			const delayMs = retryAfterMs(response) ?? backoffMs(retries);
			if (status === 429) rateLimiter.pause(key, delayMs);
			retries++;
			await wait(delayMs, signal);
			continue;
		}
		throw esetApiError(context, response, request);
	}
}

/** What the node outputs for a 202 when the user chose not to wait for ESET. */
function pendingItem(response: IN8nHttpFullResponse): INodeExecutionData {
	return {
		json: {
			pending: true,
			responseId: header(response, 'response-id') ?? null,
			requestId: header(response, 'request-id') ?? null,
		},
	};
}

async function toItems(
	context: IExecuteSingleFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: (response.body ?? {}) as IDataObject }];
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
function pairedWithInput(context: IExecuteSingleFunctions, items: INodeExecutionData[]): INodeExecutionData[] {
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

/**
 * Runs the request of one item. n8n's routing engine hands an item's whole request to
 * `requestOperations.pagination` when `paginate` is on; every ESET operation opts in (see
 * `esetTransportProperty`), so that this transport can re-send requests and follow ESET's page
 * tokens (`nextPageToken`), asking each page for no more than is still needed.
 */
export async function sendEsetRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const settings = await transportSettings(this);
	const request = withJsonBody({ ...(requestData.options as IHttpRequestOptions), baseURL: settings.baseURL });
	const maxResults = requestData.maxResults ? Number(requestData.maxResults) : undefined;
	const items: INodeExecutionData[] = [];
	let pageToken = '';
	do {
		const page: IHttpRequestOptions = { ...request, qs: { ...request.qs } };
		if (pageToken) page.qs!.pageToken = pageToken;
		if (maxResults && page.qs!.pageSize !== undefined) {
			page.qs!.pageSize = Math.min(Number(page.qs!.pageSize), maxResults - items.length);
		}
		const response = await esetRequest(this, page, settings);
		if (response.statusCode === 202) return pairedWithInput(this, [...items, pendingItem(response)]);
		items.push(...(await toItems(this, requestData, response)));
		pageToken = String((response.body as IDataObject | undefined)?.nextPageToken ?? '');
	} while (pageToken && (maxResults === undefined || items.length < maxResults));
	return pairedWithInput(this, items);
}
