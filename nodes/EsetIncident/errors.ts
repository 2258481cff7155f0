/**
 * ESET errors as the user sees them: the HTTP status, what ESET documents it to mean, ESET's own
 * message, a hint where one helps and the `request-id` for ESET support. They are built from those
 * strings only, so that no token or password can ride along.
 */
import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What ESET documents each status to mean. */
const STATUS_MEANINGS: Record<number, string> = {
	400: 'bad or missing authorization, or a validation error (invalid argument)',
	401: 'the token has expired or is invalid',
	403: 'access denied; check permissions',
	404: 'the requested resource was not found',
	429: 'rate limit reached; try again later',
	500: 'internal server failure; try again later',
	502: 'internal server failure; try again later',
	503: 'environment under maintenance; try again later',
	504: 'the action took too long; timeout reached',
};

export function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return value === undefined || value === null ? undefined : String(value);
}

function vendorMessage(body: unknown): string | undefined {
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : undefined;
	}
	const { message, error } = body as IDataObject;
	if (typeof message === 'string' && message) return message;
	if (typeof error === 'string' && error) return error;
	return undefined;
}

function hintFor(status: number, request: IHttpRequestOptions): string | undefined {
	if (status === 403) {
		return 'The API user needs the Integrations permission, and the incident endpoints need an ESET Inspect / XDR subscription.';
	}
	if (status === 400 && request.qs?.filter !== undefined) {
		return 'Check the filter syntax: enum values unquoted (status == INCIDENT_STATUS_OPEN), strings in double quotes, times as timestamp("2025-01-31T00:00:00Z"), conditions joined with &&.';
	}
	if (status === 401) {
		return 'ESET rejected the token even after it was renewed: check that the API user is active and its password is current.';
	}
	return undefined;
}

export function esetApiError(
	context: IExecuteSingleFunctions,
	response: IN8nHttpFullResponse,
	request: IHttpRequestOptions,
	summary?: string,
): NodeApiError {
	const status = response.statusCode;
	const requestId = header(response, 'request-id');
	const meaning = STATUS_MEANINGS[status] ?? 'unexpected response';
	const details = [
		vendorMessage(response.body) && `ESET says: ${vendorMessage(response.body)}`,
		hintFor(status, request),
		requestId && `request-id: ${requestId} (include it in support requests)`,
	].filter(Boolean);
	const message = summary ?? `ESET Connect answered ${status}: ${meaning}`;
	return new NodeApiError(
		context.getNode(),
		{ httpCode: String(status), message, requestId: requestId ?? null } as JsonObject,
		{ httpCode: String(status), message, description: details.join('\n') },
	);
}

/**
 * Turns any error of the HTTP helper into one that carries only its message: the helper's own
 * errors hold the request, and so the bearer token.
 */
export function cleanError(context: IExecuteSingleFunctions, error: unknown): NodeApiError {
	const { message, description, httpCode } = error as NodeApiError;
	return new NodeApiError(
		context.getNode(),
		{ message, httpCode: httpCode ?? null } as JsonObject,
		{ message, description: description ?? undefined, httpCode: httpCode ?? undefined },
	);
}
