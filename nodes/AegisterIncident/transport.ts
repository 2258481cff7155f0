import type {
	DeclarativeRestApiSettings,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	JsonObject,
	PostReceiveAction,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { allowedDomainsOf } from '../shared/allowed-domains';
import { ExecutionCache } from '../shared/execution-cache';
import type { HttpAnswer, HttpHelpers } from '../shared/http';
import {
	describeBody,
	exchange,
	hostOf,
	isRedirect,
	parseJson,
	redirectTarget,
	routedRequest,
	targetUrl,
} from '../shared/http';
import { checkedNumber } from '../shared/options';
import { changesData, operationLabel, READ_ONLY_HINT, readOnlyMessage } from '../shared/read-only';
import { redact } from '../shared/secrets';
import { aegisterIncidentProperties } from './descriptions';
import { AEGISTER_READ_ONLY_POLICY } from './endpoints';

export const CREDENTIAL_TYPE = 'aegisterApi';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 300;

const SERVICE = 'Aegister';

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

const HINTS: Record<number, string> = {
	401: 'Create a new token in the Aegister app under Settings → Profile → API Tokens (it is shown once) and put it into the Aegister API credential.',
	403: 'Ask an owner of the organization for the security_officer role, or check its v_ciso licence.',
};

/** What the transport needs of an n8n context: an action item, or a list search. */
export interface AegisterContext extends HttpHelpers {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	getExecutionId?(): string;
}

interface AegisterConnection {
	baseURL: string;
	token: string;
	allowedDomains?: string;
	/** the credential's "Allow Changes": off, the transport sends no request that writes */
	allowChanges: boolean;
}

const connections = new ExecutionCache<AegisterConnection>();

async function aegisterConnection(context: AegisterContext): Promise<AegisterConnection> {
	const executionId = context.getExecutionId?.();
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	return await connections.get(
		executionId ? `${executionId}\n${credentialId}` : undefined,
		async () => {
			const credentials = await context.getCredentials(CREDENTIAL_TYPE);
			return {
				baseURL: String(credentials.baseUrl ?? '')
					.trim()
					.replace(/\/+$/, ''),
				token: String(credentials.apiToken ?? ''),
				allowedDomains: allowedDomainsOf(credentials),
				allowChanges: credentials.allowChanges !== false,
			};
		},
	);
}

function sentence(text: string): string {
	const trimmed = text.trim();
	return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function describe(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The validation errors of a 400 (`data.errors`), one per field. */
function validationErrors(data: unknown): string[] {
	const errors = (data as IDataObject | undefined)?.errors;
	if (!errors || typeof errors !== 'object') return [];
	if (Array.isArray(errors)) return errors.map(describe);
	return Object.entries(errors).map(([field, problem]) => `${field}: ${describe(problem)}`);
}

function isEnvelope(body: unknown): body is AegisterEnvelope {
	return (
		!!body &&
		typeof body === 'object' &&
		!Array.isArray(body) &&
		typeof (body as IDataObject).error === 'number'
	);
}

interface ErrorContext {
	node: INode;
	token: string;
	itemIndex?: number;
}

function aegisterError(
	context: ErrorContext,
	message: string,
	details: string[],
	httpCode?: number,
): NodeApiError {
	const clean = (text: string) => redact(text, [context.token]);
	const cleanMessage = clean(message);
	const description =
		details
			.filter(Boolean)
			.map((detail) => sentence(clean(detail)))
			.join(' ') || undefined;
	const code = httpCode === undefined ? undefined : String(httpCode);
	return new NodeApiError(
		context.node,
		{ message: cleanMessage, httpCode: code ?? null } as JsonObject,
		{
			message: cleanMessage,
			description,
			httpCode: code,
			itemIndex: context.itemIndex,
		},
	);
}

/**
 * The one check of Aegister's answer, whatever the HTTP status: it must be Aegister's envelope (a
 * JSON object with a numeric `error`), and `error` ≠ 0 is a failure even with 200. Anything else —
 * an HTML page, an empty body, JSON of another shape — is an error saying what arrived.
 */
export function checkEnvelope(
	context: ErrorContext,
	answer: HttpAnswer,
	url: string,
): AegisterEnvelope {
	const { statusCode } = answer;
	if (isRedirect(statusCode)) {
		throw aegisterError(
			context,
			`${SERVICE} answered ${statusCode}, ${redirectTarget(answer, url)}; requests that carry the API token never follow redirects`,
			['Check the Base URL of the Aegister API credential, and any proxy in between'],
			statusCode,
		);
	}
	const body = parseJson(answer);
	if (!isEnvelope(body)) {
		const what =
			body === undefined
				? describeBody(answer)
				: `JSON without Aegister's envelope (HTTP ${statusCode})`;
		if (statusCode >= 400) {
			throw aegisterError(
				context,
				`${SERVICE} answered ${statusCode}: ${STATUS_MEANINGS[statusCode] ?? 'unexpected response'}`,
				[`The answer was ${what}, not Aegister's envelope`, HINTS[statusCode] ?? ''],
				statusCode,
			);
		}
		throw aegisterError(
			context,
			`${SERVICE} answered ${statusCode} with ${what}, not an Aegister answer — a proxy or login page?`,
			[
				statusCode < 400 &&
					'Nothing is output for this item, because it is not known whether Aegister did what was asked',
				`Check the Base URL of the credential (${hostOf(url)})`,
			].filter((part): part is string => !!part),
			statusCode,
		);
	}
	if (statusCode < 400 && body.error === 0) return body;
	const messages = (Array.isArray(body.messages) ? body.messages : [])
		.map(describe)
		.filter(Boolean);
	const meaning =
		statusCode < 400
			? `${SERVICE} reported an error`
			: `${SERVICE} answered ${statusCode}: ${STATUS_MEANINGS[statusCode] ?? 'unexpected response'}`;
	throw aegisterError(
		context,
		messages.length ? `${meaning} — ${messages.join('; ')}` : meaning,
		[
			statusCode < 400
				? `HTTP status ${statusCode}, but the response says error ${body.error}`
				: '',
			...validationErrors(body.data),
			HINTS[statusCode] ?? '',
		],
		statusCode,
	);
}

export interface AegisterRequestOptions {
	itemIndex?: number;
	timeoutMs?: number;
	/** n8n's Request Options of the node (proxy, certificate checks) */
	requestOptions?: IDataObject;
}

/**
 * Sends one Aegister request: the token in the `X-Aegister-Token` header (never in the URL), no
 * redirect followed, the whole answer within the timeout, Stop honoured; resolves with the checked
 * envelope only.
 */
export async function aegisterRequest(
	context: AegisterContext,
	request: IHttpRequestOptions,
	options: AegisterRequestOptions = {},
): Promise<AegisterEnvelope> {
	const connection = await aegisterConnection(context);
	if (!connection.allowChanges && changesData(request, AEGISTER_READ_ONLY_POLICY.readPosts)) {
		const what = operationLabel(aegisterIncidentProperties, context.getNode().parameters);
		throw new NodeOperationError(
			context.getNode(),
			readOnlyMessage(AEGISTER_READ_ONLY_POLICY, what),
			{
				description: READ_ONLY_HINT,
				itemIndex: options.itemIndex,
			},
		);
	}
	const errorContext: ErrorContext = {
		node: context.getNode(),
		token: connection.token,
		itemIndex: options.itemIndex,
	};
	const url = targetUrl({ ...request, baseURL: connection.baseURL });
	const hasBody =
		request.body !== undefined &&
		!['GET', 'DELETE'].includes(String(request.method ?? 'GET').toUpperCase());
	let answer: HttpAnswer;
	try {
		answer = await exchange(
			context,
			{
				...(options.requestOptions ?? {}),
				...request,
				baseURL: connection.baseURL,
				headers: {
					Accept: 'application/json',
					...(hasBody ? { 'Content-Type': 'application/json' } : {}),
					...request.headers,
					'X-Aegister-Token': connection.token,
				},
				body:
					hasBody && typeof request.body === 'object' ? JSON.stringify(request.body) : request.body,
			},
			{
				service: SERVICE,
				timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_SECONDS * 1000,
				signal: context.getExecutionCancelSignal?.() ?? undefined,
				allowedDomains: connection.allowedDomains,
				secrets: () => [connection.token],
			},
		);
	} catch (error) {
		throw aegisterError(errorContext, (error as Error).message, [
			'Check the Base URL of the Aegister API credential and the network in between',
		]);
	}
	return checkEnvelope(errorContext, answer, url);
}

/** The Timeout option of an operation, checked. */
export function timeoutOf(context: IExecuteSingleFunctions): number {
	const value = context.getNodeParameter('options.timeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
	return (
		checkedNumber(
			context.getNode(),
			value,
			{ displayName: 'Options → Timeout (Seconds)', min: 1, max: MAX_TIMEOUT_SECONDS },
			context.getItemIndex(),
		) * 1000
	);
}

/** n8n's Request Options that the transport passes on: the proxy and the certificate check. */
export function connectionOptions(request: IHttpRequestOptions): IDataObject {
	const { proxy, skipSslCertificateValidation } = request;
	return {
		...(proxy ? { proxy: proxy as unknown as IDataObject } : {}),
		...(skipSslCertificateValidation ? { skipSslCertificateValidation } : {}),
	};
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

/** postReceive factory: `data` must be what the operation documents (an object, or a list of objects). */
export function outputData(shape: 'object' | 'list'): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response) {
		const { data } = response.body as AegisterEnvelope;
		const isObject = (value: unknown) =>
			!!value && typeof value === 'object' && !Array.isArray(value);
		const valid = shape === 'object' ? isObject(data) : Array.isArray(data) && data.every(isObject);
		if (!valid) {
			throw aegisterError(
				{ node: this.getNode(), token: '', itemIndex: this.getItemIndex() },
				`${SERVICE} answered without ${shape === 'object' ? 'the object' : 'the list'} in data: not the documented answer`,
				[],
				response.statusCode,
			);
		}
		return itemsOf(data, this.getItemIndex());
	};
}

/**
 * Runs the request of one item through the transport: n8n's routing engine hands it over because
 * every Aegister operation turns `paginate` on (see `aegisterTransportProperty`).
 */
export async function sendAegisterRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const request = routedRequest(requestData.options as IHttpRequestOptions);
	const envelope = await aegisterRequest(this, request as IHttpRequestOptions, {
		itemIndex: this.getItemIndex(),
		timeoutMs: timeoutOf(this),
		requestOptions: connectionOptions(request as IHttpRequestOptions),
	});
	let items: INodeExecutionData[] = [];
	const response = { statusCode: 200, headers: {}, body: envelope as unknown as IDataObject };
	for (const { actions } of requestData.postReceive) {
		for (const action of actions) {
			if (typeof action === 'function') items = await action.call(this, items, response);
		}
	}
	return items;
}
