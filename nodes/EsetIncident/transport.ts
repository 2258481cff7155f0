import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { allowedDomainsOf } from '../shared/allowed-domains';
import { ExecutionCache } from '../shared/execution-cache';
import type { HttpAnswer, HttpHelpers } from '../shared/http';
import {
	describeBody,
	exchange,
	ExchangeFailure,
	isRedirect,
	parseJson,
	redirectTarget,
	targetUrl,
} from '../shared/http';
import { checkedNumber } from '../shared/options';
import type { RequestLine } from '../shared/read-only';
import { changesData, pathOf, READ_ONLY_HINT, readOnlyMessage } from '../shared/read-only';
import { wait } from '../shared/wait';
import type { EsetIdentity } from './access-token';
import {
	AccessTokens,
	esetIdentity,
	issuedTokens,
	passwordForms,
	TokenError,
} from './access-token';
import {
	ESET_INTEGRATION_HEADERS,
	ESET_READ_ONLY_POLICY,
	esetIncidentManagementUrl,
	urlProblem,
} from './endpoints';
import type { EsetErrorContext } from './errors';
import { esetApiError, esetFailure } from './errors';
import { RateLimiter } from './rate-limiter';

export const CREDENTIAL_TYPE = 'esetConnectApi';

/** ESET's largest page (`pageSize` above it is coerced to 1000). */
export const MAX_PAGE_SIZE = 1000;

/** ESET's documented limit: 10 calls per second per API user. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
export const MIN_REQUESTS_PER_SECOND = 0.1;
export const MAX_REQUESTS_PER_SECOND = 100;

export const DEFAULT_MAX_RETRIES = 5;
export const MAX_RETRIES = 10;

export const DEFAULT_MAX_WAIT_SECONDS = 180;
/** ESET drops a cached slow response 10 minutes after the 202. */
export const MAX_WAIT_SECONDS = 600;

/** ESET's gateway answers 202 after about 30–50 s: a request that takes longer has hung. */
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 300;

const SERVICE = 'ESET Connect';
/** the least time a retry must have left of Max Wait for its answer (the whole Timeout when that is shorter) */
const MIN_ATTEMPT_MS = 1000;

/** What the transport needs of an n8n context: an action item, a poll, a list search. */
export interface EsetContext extends HttpHelpers {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	getExecutionId?(): string;
}

export interface TransportSettings {
	/** one attempt, the whole answer included */
	timeoutMs: number;
	/** one request in all: its retries, back-off and 202 collection */
	maxWaitMs: number;
	/** for 502/503/504; a 429 is retried as long as the Max Wait allows */
	maxRetries: number;
	requestsPerSecond: number;
	waitForSlowResponses: boolean;
}

/**
 * The transport options as the user set them (an expression included), each checked: NaN, a value
 * below or above its bounds, a fraction where a count is meant is an error naming the option.
 */
export function transportSettings(
	node: INode,
	options: IDataObject,
	itemIndex?: number,
): TransportSettings {
	const option = (
		name: string,
		label: string,
		fallback: number,
		min: number,
		max: number,
		integer = false,
	) =>
		checkedNumber(
			node,
			options[name] ?? fallback,
			{ displayName: `Options → ${label}`, min, max, integer },
			itemIndex,
		);
	const requestsPerSecond = option(
		'requestsPerSecond',
		'Requests per Second',
		DEFAULT_REQUESTS_PER_SECOND,
		0,
		MAX_REQUESTS_PER_SECOND,
	);
	if (requestsPerSecond > 0 && requestsPerSecond < MIN_REQUESTS_PER_SECOND) {
		checkedNumber(
			node,
			requestsPerSecond,
			{
				displayName: 'Options → Requests per Second (0 for no limit)',
				min: MIN_REQUESTS_PER_SECOND,
				max: MAX_REQUESTS_PER_SECOND,
			},
			itemIndex,
		);
	}
	return {
		timeoutMs:
			option(
				'timeoutSeconds',
				'Timeout (Seconds)',
				DEFAULT_TIMEOUT_SECONDS,
				1,
				MAX_TIMEOUT_SECONDS,
			) * 1000,
		maxWaitMs:
			option(
				'maxWaitSeconds',
				'Max Wait (Seconds)',
				DEFAULT_MAX_WAIT_SECONDS,
				1,
				MAX_WAIT_SECONDS,
			) * 1000,
		maxRetries: option('maxRetries', 'Max Retries', DEFAULT_MAX_RETRIES, 0, MAX_RETRIES, true),
		requestsPerSecond,
		waitForSlowResponses: options.waitForSlowResponses !== false,
	};
}

/** One ESET API user as the transport talks to it. */
export interface EsetConnection {
	baseURL: string;
	identity: EsetIdentity;
	stored: { accessToken?: unknown; tokenFingerprint?: unknown };
	allowedDomains?: string;
	/** the requests the rate limit counts together: one API user on one host */
	limiterKey: string;
	/** n8n's Request Options of the node (proxy, certificate checks), for every request */
	requestOptions: IDataObject;
	/** the credential's "Allow Changes": off, the transport sends no request that writes */
	allowChanges: boolean;
}

/** The credential's connection per execution: read and decrypted once, not for every item. */
const connections = new ExecutionCache<EsetConnection>();

async function readConnection(
	context: EsetContext,
	requestOptions: IDataObject,
): Promise<EsetConnection> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const baseURL = esetIncidentManagementUrl(credentials);
	const identity = esetIdentity(credentials);
	return {
		baseURL,
		identity,
		stored: {
			accessToken: credentials.accessToken,
			tokenFingerprint: credentials.tokenFingerprint,
		},
		allowedDomains: allowedDomainsOf(credentials),
		limiterKey: `${baseURL}\n${identity.username}`,
		requestOptions,
		allowChanges: credentials.allowChanges !== false,
	};
}

/**
 * The connection for this context. `requestOptions` are n8n's Request Options of a declarative
 * node (proxy, certificate checks); they travel with every request, the token request too.
 */
export async function esetConnection(
	context: EsetContext,
	requestOptions: IDataObject = {},
): Promise<EsetConnection> {
	const executionId = context.getExecutionId?.();
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	const key = executionId
		? `${executionId}\n${credentialId}\n${JSON.stringify(requestOptions)}`
		: undefined;
	return await connections.get(key, async () => await readConnection(context, requestOptions));
}

const rateLimiter = new RateLimiter();
const accessTokens = new AccessTokens();

/** For tests and benchmarks: the rate this process uses now for an API user. */
export function currentRate(connection: EsetConnection): number | undefined {
	return rateLimiter.currentRate(connection.limiterKey);
}

/** `Retry-After` in milliseconds (seconds or an HTTP date), if ESET sent one. */
function retryAfterMs(answer: HttpAnswer): number | undefined {
	const value = answer.headers['retry-after'];
	if (value === undefined) return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
	return Number.isFinite(ms) ? Math.max(ms, 0) : undefined;
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

export interface EsetAnswer {
	statusCode: number;
	headers: Record<string, string>;
	/** the JSON object ESET answered (`{}` for a 202 the user chose not to wait for) */
	body: IDataObject;
}

function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Stops a request that would change data when the credential is read-only ("Allow Changes" off),
 * naming the operation (`what`, as the editor shows it) or else the request.
 */
export function refuseIfReadOnly(
	context: EsetContext,
	connection: EsetConnection,
	request: RequestLine,
	itemIndex?: number,
	what?: string,
): void {
	if (connection.allowChanges || !changesData(request, ESET_READ_ONLY_POLICY.readPosts)) return;
	const line = `${String(request.method ?? 'GET').toUpperCase()} ${pathOf(request)}`;
	throw new NodeOperationError(
		context.getNode(),
		readOnlyMessage(ESET_READ_ONLY_POLICY, what ?? line),
		{
			description: READ_ONLY_HINT,
			itemIndex,
		},
	);
}

/**
 * Sends one ESET request the way ESET wants to be called, and resolves only with an answer that is
 * ESET's: a JSON object with a 2xx status (or a 202 when the user chose not to wait).
 *
 * - the bearer token comes from this process's token store (one password grant for many items),
 *   renewed once when ESET answers 401, and the request sent once more;
 * - requests are paced within the API user's rate, counted when really sent;
 * - a 202 is collected by re-sending the request with its `response-id`;
 * - 429 is retried after `Retry-After` (or ESET's half-second pause) for as long as Max Wait allows, 502/503/504
 *   where repeating is safe, at most Max Retries times;
 * - every attempt ends within Timeout, all of them within Max Wait, and Stop aborts them;
 * - a redirect is never followed (the token would travel to another host);
 * - errors name the status, ESET's meaning and the `request-id`, with the secrets redacted.
 */
export async function esetRequest(
	context: EsetContext,
	connection: EsetConnection,
	request: IHttpRequestOptions,
	settings: TransportSettings,
	itemIndex?: number,
): Promise<EsetAnswer> {
	const signal = context.getExecutionCancelSignal?.() ?? undefined;
	const { identity, limiterKey } = connection;
	const errorContext: EsetErrorContext = {
		node: context.getNode(),
		request,
		itemIndex,
		get secrets() {
			return [...passwordForms(identity), ...issuedTokens.secrets()];
		},
	};
	refuseIfReadOnly(context, connection, request, itemIndex);
	const baseProblem = urlProblem(connection.baseURL);
	if (baseProblem) {
		throw esetFailure(
			errorContext,
			`The credential's Incident Management Base URL ${baseProblem}`,
			'Enter the full URL, for example https://eu.incident-management.eset.systems',
		);
	}
	const tokenOptions = {
		timeoutMs: settings.timeoutMs,
		signal,
		allowedDomains: connection.allowedDomains,
		connection: connection.requestOptions,
	};
	const tokenFailure = (error: unknown) =>
		error instanceof TokenError
			? esetFailure(errorContext, error.message, error.description, error.httpCode)
			: esetFailure(
					errorContext,
					`The ESET access token could not be had: ${(error as Error).message}`,
				);

	let token: string;
	try {
		token = await accessTokens.get(context, identity, connection.stored, tokenOptions);
	} catch (error) {
		throw tokenFailure(error);
	}

	let budgetEndsAt: number | undefined;
	let responseId: string | undefined;
	let pollDelayMs = 1000;
	let retries = 0;
	let retry = false;
	let tokenRenewed = false;
	const url = targetUrl({ ...request, baseURL: connection.baseURL });

	// a retry is worth sending only with time left for its answer: else the last answer is the error
	const attemptRoomMs = Math.min(settings.timeoutMs, MIN_ATTEMPT_MS);
	for (;;) {
		const deadline = (budgetEndsAt ?? Date.now() + settings.maxWaitMs) - attemptRoomMs;
		const releasedAt = await rateLimiter.take(limiterKey, settings.requestsPerSecond, signal, {
			retry,
			deadline,
		});
		retry = false;
		if (releasedAt === undefined) {
			const pausedMs = rateLimiter.pausedFor(limiterKey);
			const until = new Date(Date.now() + pausedMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
			throw esetFailure(
				errorContext,
				`${SERVICE} rate-limited this API user (429) and asked all its requests to wait ${seconds(pausedMs)}, until ${until}: longer than what is left of "Max Wait"`,
				'Nothing was sent for this item, so it can be retried then',
				'429',
			);
		}
		if (signal?.aborted)
			throw esetFailure(errorContext, `The execution was stopped before ${SERVICE} answered`);
		const now = Date.now();
		budgetEndsAt ??= now + settings.maxWaitMs;
		const attempt: IHttpRequestOptions = {
			...connection.requestOptions,
			...request,
			baseURL: connection.baseURL,
			headers: {
				...request.headers,
				...ESET_INTEGRATION_HEADERS,
				Authorization: `Bearer ${token}`,
				...(responseId ? { 'response-id': responseId } : {}),
			},
		};
		let answer: HttpAnswer;
		try {
			answer = await exchange(context, attempt, {
				service: SERVICE,
				timeoutMs: Math.max(Math.min(settings.timeoutMs, budgetEndsAt - now), 1),
				signal,
				allowedDomains: connection.allowedDomains,
				secrets: () => errorContext.secrets,
			});
		} catch (error) {
			throw esetFailure(
				errorContext,
				(error as Error).message,
				error instanceof ExchangeFailure && error.kind === 'blocked'
					? 'ESET needs both its token host and its incident-management host among the Allowed HTTP Request Domains'
					: error instanceof ExchangeFailure && error.kind === 'timeout'
						? `Each attempt may take up to "Timeout" and all attempts together up to "Max Wait" (${seconds(settings.maxWaitMs)})`
						: undefined,
			);
		}
		const status = answer.statusCode;

		if (isRedirect(status)) {
			throw esetApiError(
				errorContext,
				answer,
				`${SERVICE} answered ${status}, ${redirectTarget(answer, url)}; requests that carry the ESET token never follow redirects`,
				'Check the region or the Incident Management Base URL of the credential, and any proxy in between',
			);
		}
		if (status === 401 && !tokenRenewed) {
			tokenRenewed = true;
			try {
				token = await accessTokens.renew(context, identity, token, tokenOptions);
			} catch (error) {
				throw tokenFailure(error);
			}
			continue;
		}
		if (status === 202) {
			responseId = answer.headers['response-id'] ?? responseId;
			if (!settings.waitForSlowResponses)
				return { statusCode: 202, headers: answer.headers, body: {} };
			if (!responseId) {
				throw esetApiError(
					errorContext,
					answer,
					`${SERVICE} answered 202 without a response-id header, so the result cannot be collected`,
				);
			}
			if (Date.now() + pollDelayMs + attemptRoomMs > budgetEndsAt) {
				throw esetApiError(
					errorContext,
					answer,
					`${SERVICE} is still processing the request after ${Math.round((Date.now() - (budgetEndsAt - settings.maxWaitMs)) / 1000)} s (response-id ${responseId}); raise "Max Wait" or turn off "Wait for Slow Responses"`,
				);
			}
			await wait(pollDelayMs, signal);
			pollDelayMs = Math.min(pollDelayMs * 2, 15_000);
			continue;
		}
		if (status >= 200 && status < 300) {
			const body = parseJson(answer);
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				throw esetApiError(
					errorContext,
					answer,
					`${SERVICE} answered ${status} with ${describeBody(answer)}, not an ESET Connect answer — a proxy or login page?`,
					'Nothing is output for this item, because it is not known whether ESET did what was asked',
				);
			}
			rateLimiter.succeeded(limiterKey, releasedAt);
			return { statusCode: status, headers: answer.headers, body: body as IDataObject };
		}
		if (status === 404 && responseId) {
			throw esetApiError(
				errorContext,
				answer,
				`${SERVICE} no longer holds the result of response-id ${responseId}: cached results expire 10 minutes after the 202 (or were already collected)`,
			);
		}
		if (status === 429) {
			// the API user's limiter holds every request of this process back and slows down; this
			// request goes first when requests resume
			const askedMs = retryAfterMs(answer);
			const resumeAt = Math.max(
				rateLimiter.rateLimited(limiterKey, askedMs, releasedAt),
				Date.now() + (askedMs ?? 0),
			);
			const delayMs = Math.max(resumeAt - Date.now(), 0);
			if (resumeAt + attemptRoomMs > budgetEndsAt) {
				const retryAt = new Date(resumeAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
				throw esetApiError(
					errorContext,
					answer,
					undefined,
					`ESET asks to wait ${seconds(delayMs)} (until ${retryAt}), longer than what is left of "Max Wait"; nothing was done, so the item can be retried then`,
				);
			}
			// without a limit of its own (Requests per Second 0) nothing else holds it back
			if (settings.requestsPerSecond <= 0) await wait(delayMs, signal);
			retry = true;
			continue;
		}
		if (
			[502, 503, 504].includes(status) &&
			isSafeToRepeat(request) &&
			retries < settings.maxRetries
		) {
			const delayMs = retryAfterMs(answer) ?? backoffMs(retries);
			if (Date.now() + delayMs + attemptRoomMs <= budgetEndsAt) {
				retries++;
				await wait(delayMs, signal);
				continue;
			}
		}
		throw esetApiError(errorContext, answer);
	}
}

/** Page loops end: ESET's largest result would take far fewer pages than this. */
export const MAX_PAGES = 10_000;
/** ESET may send a page without entries and a token for the next; this many in a row means it will not stop. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 20;

/**
 * The pages of an ESET list request, following `nextPageToken` until ESET sends an empty one (or
 * the caller stops), `pageSize` shrunk to what `pageSizeFor` says is still needed. A page token
 * ESET repeats, more than 10 000 pages, or 20 pages in a row without an entry is an error: a page
 * loop never runs forever.
 */
export async function* esetPages(
	context: EsetContext,
	connection: EsetConnection,
	request: IHttpRequestOptions,
	settings: TransportSettings,
	options: { itemIndex?: number; pageSizeFor?: () => number } = {},
): AsyncGenerator<EsetAnswer> {
	const seenTokens = new Set<string>();
	let pageToken = '';
	let emptyInARow = 0;
	for (let page = 1; ; page++) {
		const qs: IDataObject = { ...request.qs };
		if (pageToken) qs.pageToken = pageToken;
		if (options.pageSizeFor && qs.pageSize !== undefined) {
			qs.pageSize = Math.max(1, Math.min(Number(qs.pageSize), options.pageSizeFor()));
		}
		const answer = await esetRequest(
			context,
			connection,
			{ ...request, qs },
			settings,
			options.itemIndex,
		);
		yield answer;
		if (answer.statusCode === 202) return;
		const next = answer.body.nextPageToken;
		if (next !== undefined && next !== null && typeof next !== 'string') {
			throw esetApiError(
				{ node: context.getNode(), request, secrets: [], itemIndex: options.itemIndex },
				{ statusCode: answer.statusCode, headers: answer.headers, text: '' },
				`${SERVICE} answered a page whose nextPageToken is not a string: not an ESET Connect list answer`,
			);
		}
		pageToken = next ?? '';
		if (!pageToken) return;
		const empty = !Object.values(answer.body).some(
			(value) => Array.isArray(value) && value.length > 0,
		);
		emptyInARow = empty ? emptyInARow + 1 : 0;
		if (seenTokens.has(pageToken) || page >= MAX_PAGES || emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
			throw esetApiError(
				{ node: context.getNode(), request, secrets: [], itemIndex: options.itemIndex },
				{ statusCode: answer.statusCode, headers: answer.headers, text: '' },
				seenTokens.has(pageToken)
					? `${SERVICE} sent page token "${pageToken.slice(0, 40)}" a second time: paging stopped, or it would never end`
					: page >= MAX_PAGES
						? `${SERVICE} kept sending pages after ${MAX_PAGES}: paging stopped`
						: `${SERVICE} sent ${MAX_EMPTY_PAGES_IN_A_ROW} pages in a row without an entry, each with a new page token: paging stopped, or it might never end`,
				'Narrow the filter, or set a Limit',
			);
		}
		seenTokens.add(pageToken);
	}
}
