/**
 * ESET errors as the user sees them, ESET's text redacted (docs/transport.md#errors). Descriptions
 * are sentences joined by spaces: n8n shows them as one paragraph.
 */
import type { IDataObject, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';
import { parseJson } from '../../shared/http';
import { redact } from '../../shared/secrets';
import { withoutMarkup } from '../../shared/errors';
import { paragraph } from '../../shared/text';

/** What ESET documents each status to mean. */
const STATUS_MEANINGS: Record<number, string> = {
	400: 'bad or missing authorization, or a validation error (invalid argument)',
	401: 'the token has expired or is invalid',
	403: 'access denied; check permissions',
	404: 'the requested resource was not found',
	429: 'rate limit reached; try again later',
	500: 'internal server failure; try again later',
	501: 'not implemented for this tenant',
	502: 'internal server failure; try again later',
	503: 'environment under maintenance; try again later',
	504: 'the action took too long; timeout reached',
};

/** gRPC status codes, as ESET's gateway puts them into `code`. */
const GRPC_INVALID_ARGUMENT = 3;
const GRPC_FAILED_PRECONDITION = 9;

function vendorDetails(answer: HttpAnswer): { message?: string; code?: number } {
	const body = parseJson(answer);
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		const text = answer.text.trim();
		return { message: text && !text.startsWith('<') ? text.slice(0, 300) : undefined };
	}
	const { message, error, code } = body as IDataObject;
	const text = [message, error].find((value) => typeof value === 'string' && value.trim()) as
		| string
		| undefined;
	return { message: text?.slice(0, 500), code: typeof code === 'number' ? code : undefined };
}

export interface EsetErrorContext {
	node: INode;
	request: IHttpRequestOptions;
	/** every secret the transport holds (password, tokens): never part of an error */
	secrets: string[];
	itemIndex?: number;
}

/** What the answer was, when ESET said it plainly (a precondition, a rejected filter). */
function headlineFor(
	status: number,
	code: number | undefined,
	request: IHttpRequestOptions,
): string | undefined {
	const path = request.url.split('?')[0];
	if (status !== 400) return undefined;
	if (code === GRPC_FAILED_PRECONDITION && path.endsWith(':reopen')) {
		return 'ESET Connect answered 400: the incident is already open, so it cannot be reopened';
	}
	if (code === GRPC_FAILED_PRECONDITION && path.endsWith(':close')) {
		return 'ESET Connect answered 400: the incident is already closed';
	}
	if (code === GRPC_FAILED_PRECONDITION)
		return 'ESET Connect answered 400: the object is not in a state that allows this';
	if (request.qs?.filter !== undefined && (code === GRPC_INVALID_ARGUMENT || code === undefined)) {
		return 'ESET Connect answered 400: ESET rejected the filter';
	}
	if (
		path.endsWith('/detection-groups:search') &&
		(code === GRPC_INVALID_ARGUMENT || code === undefined)
	) {
		return 'ESET Connect answered 400: ESET rejected the search filter';
	}
	if (sendsXmlDefinition(request) && (code === GRPC_INVALID_ARGUMENT || code === undefined)) {
		return 'ESET Connect answered 400: ESET did not accept the XML definition';
	}
	return undefined;
}

/** Creating an EDR rule or exclusion, or replacing its definition: ESET validates the XML. */
function sendsXmlDefinition(request: IHttpRequestOptions): boolean {
	const path = request.url.split('?')[0];
	const method = String(request.method ?? 'GET').toUpperCase();
	return (
		method === 'POST' &&
		(/\/v2\/edr-rule(-exclusion)?s$/.test(path) ||
			/\/v2\/edr-rule(-exclusion)?s\/[^/]+:updateDefinition$/.test(path))
	);
}

/** The filter a request sent: the incident list's query, or the detection-group search's body. */
function filterSent(request: IHttpRequestOptions): string | undefined {
	const fromQuery = request.qs?.filter;
	const fromBody =
		request.body && typeof request.body === 'object'
			? (request.body as IDataObject).filter
			: undefined;
	const filter = fromQuery ?? fromBody;
	return typeof filter === 'string' && filter ? filter : undefined;
}

function hintFor(status: number, request: IHttpRequestOptions): string | undefined {
	if (status === 403) {
		return 'The API user needs the Integrations permission, and the incident endpoints need an ESET Inspect / XDR subscription';
	}
	if (status === 400 && sendsXmlDefinition(request)) {
		return "ESET checks the XML against ESET Inspect's rules guide (https://help.eset.com/ei_rules/latest/en-US/); the node only checks that it is well-formed XML before sending. ESET's message above says what it found";
	}
	const filter = filterSent(request);
	if (status === 400 && request.url.split('?')[0].endsWith('/detection-groups:search')) {
		return paragraph([
			filter && `Filter sent: ${filter}`,
			'Check the search filter: eq, ne, gt, ge, lt, le, and, or and parentheses, nested fields in dot notation (device.uuid), strings in double quotes, resolved eq 0 for unresolved groups',
		]);
	}
	if (status === 400 && filter !== undefined && request.qs?.filter !== undefined) {
		return paragraph([
			`Filter sent: ${filter}`,
			'Check the filter: ESET\'s help writes every field with the incident. prefix, enum values unquoted (incident.status == INCIDENT_STATUS_OPEN), strings in double quotes, times in whole seconds (incident.create_time >= timestamp("2025-01-31T00:00:00Z")), conditions joined with &&',
		]);
	}
	if (status === 401) {
		return 'ESET rejected the token even after it was renewed: check that the API user is active and its password is current';
	}
	if (status === 501 && request.url.split('?')[0] === '/v2/detections') {
		return 'This endpoint lists ESET Cloud Office Security detections; for ESET PROTECT / ESET Inspect choose Source: Devices';
	}
	return undefined;
}

function apiError(
	node: INode,
	status: number | undefined,
	message: string,
	description: string,
	requestId?: string,
	itemIndex?: number,
) {
	const httpCode = status === undefined ? undefined : String(status);
	message = withoutMarkup(message);
	description = withoutMarkup(description);
	const error = new NodeApiError(
		node,
		{ httpCode: httpCode ?? null, message, requestId: requestId ?? null } as JsonObject,
		{ httpCode, message, description, itemIndex },
	);
	return error;
}

/** An error for an ESET answer (`summary` replaces the generic headline). */
export function esetApiError(
	context: EsetErrorContext,
	answer: HttpAnswer,
	summary?: string,
	extra?: string,
): NodeApiError {
	const status = answer.statusCode;
	const clean = (text: string) => redact(text, context.secrets);
	const requestId =
		answer.headers['request-id'] === undefined ? undefined : clean(answer.headers['request-id']);
	const vendor = vendorDetails(answer);
	const message = clean(
		summary ??
			headlineFor(status, vendor.code, context.request) ??
			`ESET Connect answered ${status}: ${STATUS_MEANINGS[status] ?? 'unexpected response'}`,
	);
	const description = paragraph([
		vendor.message && clean(`ESET says: ${vendor.message}`),
		extra,
		hintFor(status, context.request),
		requestId && `request-id: ${requestId} (include it in support requests)`,
	]);
	return apiError(context.node, status, message, description, requestId, context.itemIndex);
}

/** An error without an ESET answer (unreachable, timed out, stopped, no token to be had). */
export function esetFailure(
	context: EsetErrorContext,
	message: string,
	hint?: string,
	status?: string,
): NodeApiError {
	const clean = (text: string) => redact(text, context.secrets);
	return apiError(
		context.node,
		status ? Number(status) : undefined,
		clean(message),
		paragraph([hint && clean(hint)]),
		undefined,
		context.itemIndex,
	);
}

/** A request given up at its `endsBy` (a trigger's poll budget) before ESET answered. */
export class EsetOutOfTime extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'EsetOutOfTime';
	}
}
