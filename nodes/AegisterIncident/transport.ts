import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	JsonObject,
	PostReceiveAction,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export const CREDENTIAL_TYPE = 'aegisterApi';

/** Every Aegister response: `error` 0 on success, otherwise `messages` say why. */
export interface AegisterEnvelope {
	error: number;
	messages?: unknown[];
	/** lists: how many items match the filter (not the length of `data`) */
	total?: number;
	data?: unknown;
}

const STATUS_MEANINGS: Record<number, string> = {
	400: 'the request failed validation',
	401: 'the API token is invalid or was revoked',
	403: "the token's user lacks the role for this (reading needs viewer, writing needs security_officer, owner or super_admin) or the organization lacks the v_ciso licence",
	404: 'the organization or incident was not found, or the token cannot see it',
	429: 'too many requests; try again later',
	500: 'internal server failure; try again later',
	502: 'bad gateway; try again later',
	503: 'service unavailable; try again later',
	504: 'gateway timeout; try again later',
};

function isEnvelope(body: unknown): body is AegisterEnvelope {
	return !!body && typeof body === 'object' && !Array.isArray(body) && 'error' in body;
}

function describe(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The validation errors of a 400 (`data.errors`), one line per field. */
function validationErrors(data: unknown): string[] {
	const errors = (data as IDataObject | undefined)?.errors;
	if (!errors || typeof errors !== 'object') return [];
	if (Array.isArray(errors)) return errors.map(describe);
	return Object.entries(errors).map(([field, problem]) => `${field}: ${describe(problem)}`);
}

function aegisterApiError(node: INode, statusCode: number, body: unknown): NodeApiError {
	const envelope = isEnvelope(body) ? body : undefined;
	const messages = (envelope?.messages ?? []).map(describe).filter(Boolean);
	const failedWithSuccessStatus = statusCode < 400;
	const meaning = failedWithSuccessStatus
		? 'Aegister reported an error'
		: `Aegister answered ${statusCode}: ${STATUS_MEANINGS[statusCode] ?? 'unexpected response'}`;
	const message = messages.length ? `${meaning} — ${messages.join('; ')}` : meaning;
	const description = [
		failedWithSuccessStatus && `HTTP status ${statusCode}, but the response says error ${envelope?.error}.`,
		...validationErrors(envelope?.data),
	]
		.filter(Boolean)
		.join('\n');
	return new NodeApiError(node, { message, httpCode: String(statusCode) } as JsonObject, {
		message,
		description: description || undefined,
		httpCode: String(statusCode),
	});
}

/**
 * The one check of Aegister's envelope, whatever the HTTP status: `error` ≠ 0 is a failure even
 * with 200, and so is an HTTP error or a body that is not an envelope at all.
 */
export function checkEnvelope(node: INode, response: IN8nHttpFullResponse): AegisterEnvelope {
	const { body, statusCode } = response;
	if (statusCode >= 400 || !isEnvelope(body) || Number(body.error) !== 0) {
		throw aegisterApiError(node, statusCode, body);
	}
	return body;
}

/**
 * One item per entry of `data` (or one for an object), each linked to the input item it came from
 * (n8n's `$('Node').item` needs that link).
 */
export function itemsOf(data: unknown, inputItemIndex: number): INodeExecutionData[] {
	const pairedItem = { item: inputItemIndex };
	const entries = Array.isArray(data) ? data : [data ?? {}];
	return entries.map((json) => ({ json: json as IDataObject, pairedItem }));
}

/** postReceive of every Aegister operation: the envelope check, then one item per `data` entry. */
export const outputEnvelopeData: PostReceiveAction = async function (
	this: IExecuteSingleFunctions,
	_items,
	response,
) {
	return itemsOf(checkEnvelope(this.getNode(), response).data, this.getItemIndex());
};

/**
 * A request outside the routing engine (the organization picker, paging), with the same
 * authentication, base URL and envelope check.
 */
export async function aegisterRequest(
	context: IExecuteSingleFunctions | ILoadOptionsFunctions,
	request: IHttpRequestOptions,
): Promise<AegisterEnvelope> {
	const { baseUrl } = await context.getCredentials(CREDENTIAL_TYPE);
	const response = (await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
		baseURL: String(baseUrl).replace(/\/+$/, ''),
		headers: { Accept: 'application/json' },
		json: true,
		...request,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	})) as IN8nHttpFullResponse;
	return checkEnvelope(context.getNode(), response);
}
