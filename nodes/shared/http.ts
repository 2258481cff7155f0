import type { IAuthenticateRuleResponseCode, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { isHostAllowed } from './allowed-domains';
import { redact } from './secrets';

/** What the transports need of n8n's helpers: its plain HTTP client. */
export interface HttpHelpers {
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** A body larger than this is not a vendor answer: the exchange stops reading and fails. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

export interface ExchangeOptions {
	/** the service as the user knows it, for errors: "ESET Connect", "the ESET token endpoint" */
	service: string;
	/** the whole exchange, connecting and the whole body included */
	timeoutMs: number;
	/** aborts the exchange (n8n's Stop) */
	signal?: AbortSignal;
	/** n8n's "Allowed HTTP Request Domains" of the credential, comma-separated */
	allowedDomains?: string;
	/**
	 * The secrets the request carries (password, tokens): removed from the answer's body and
	 * headers as soon as it arrives, so that no echo of them reaches an output, an error or a log.
	 */
	secrets?: () => ReadonlyArray<string | undefined>;
	/** a successful answer's body is kept as bytes (`bytes`, `text` empty) and not redacted */
	binary?: boolean;
}

/** One HTTP answer, whatever its status; headers with lower-case names. */
export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, string>;
	text: string;
	/** the body as it arrived, for a successful answer of a binary exchange */
	bytes?: Buffer;
}

export type ExchangeFailureKind = 'timeout' | 'cancelled' | 'unreachable' | 'blocked' | 'too-large';

/**
 * An exchange that produced no HTTP answer. Its message names the service and host only: never a
 * URL's path or query, never a header.
 */
export class ExchangeFailure extends Error {
	constructor(
		message: string,
		readonly kind: ExchangeFailureKind,
	) {
		super(message);
	}
}

export function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'an invalid URL';
	}
}

export function targetUrl(request: Pick<IHttpRequestOptions, 'url' | 'baseURL'>): string {
	return request.baseURL ? `${request.baseURL.replace(/\/+$/, '')}${request.url}` : request.url;
}

const NETWORK_CAUSES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name does not resolve',
	EAI_AGAIN: 'the host name could not be resolved',
	ECONNRESET: 'the connection was reset',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	EPIPE: 'the connection was closed',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'the connection timed out',
	ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate does not match the host',
	CERT_HAS_EXPIRED: 'its TLS certificate has expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
	SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate cannot be verified',
};

function errorCode(error: unknown): string | undefined {
	const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
	if (typeof code === 'string') return code;
	return typeof cause?.code === 'string' ? cause.code : undefined;
}

function normalizedHeaders(headers: unknown): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of Object.entries((headers ?? {}) as IDataObject)) {
		if (value === undefined || value === null) continue;
		result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
	}
	return result;
}

interface ReadableBody extends AsyncIterable<Buffer | string> {
	destroy(error?: Error): void;
}

function isReadable(value: unknown): value is ReadableBody {
	return !!value && typeof (value as ReadableBody)[Symbol.asyncIterator] === 'function';
}

async function readBody(
	body: unknown,
	signal: AbortSignal,
	tooLarge: () => Error,
): Promise<Buffer> {
	if (!isReadable(body)) {
		if (body === undefined || body === null) return Buffer.alloc(0);
		return Buffer.isBuffer(body)
			? body
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
	}
	const destroy = () => body.destroy(new Error('aborted'));
	signal.addEventListener('abort', destroy, { once: true });
	try {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of body) {
			const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			size += buffer.length;
			if (size > MAX_ANSWER_BYTES) {
				body.destroy();
				throw tooLarge();
			}
			chunks.push(buffer);
		}
		return Buffer.concat(chunks);
	} finally {
		signal.removeEventListener('abort', destroy);
	}
}

function redactAnswer(answer: HttpAnswer, secrets: ReadonlyArray<string | undefined>): HttpAnswer {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(answer.headers))
		headers[name] = redact(value, secrets);
	return {
		...answer,
		headers,
		text: redactJson(redact(answer.text, secrets), secrets),
	};
}

/** The body read: bytes for a successful binary exchange (202 aside), text otherwise. */
function answerOf(
	response: { statusCode: number; headers: unknown },
	body: Buffer,
	binary: boolean | undefined,
): HttpAnswer {
	const statusCode = Number(response.statusCode);
	const headers = normalizedHeaders(response.headers);
	const keepBytes = binary && statusCode >= 200 && statusCode < 300 && statusCode !== 202;
	return keepBytes
		? { statusCode, headers, text: '', bytes: body }
		: { statusCode, headers, text: body.toString('utf8') };
}

/**
 * Redacts JSON whose escapes may hide a secret (`\u0026` from Go, `\u00e4` from Python, `\/`): as
 * parsed, written out again only when that found a secret.
 */
function redactJson(text: string, secrets: ReadonlyArray<string | undefined>): string {
	if (!text.includes('\\')) return text;
	let parsed: string;
	try {
		parsed = JSON.stringify(JSON.parse(text));
	} catch {
		return text;
	}
	const redacted = redact(parsed, secrets);
	return redacted === parsed ? text : redacted;
}

function failureWithoutAnswer(
	error: unknown,
	where: () => string,
	stoppedOrLate: () => ExchangeFailure,
	signal: AbortSignal,
): ExchangeFailure {
	if (error instanceof ExchangeFailure) return error;
	if (signal.aborted) return stoppedOrLate();
	const message = (error as Error | undefined)?.message ?? '';
	if (/^Domain not allowed/.test(message)) {
		return new ExchangeFailure(
			`${where()} is not among the credential's Allowed HTTP Request Domains`,
			'blocked',
		);
	}
	const code = errorCode(error);
	const cause = (code && NETWORK_CAUSES[code]) ?? (code ? `error ${code}` : 'the request failed');
	return new ExchangeFailure(`${where()} could not be reached: ${cause}`, 'unreachable');
}

/**
 * One exchange through n8n's HTTP helper: no redirect followed, over within `timeoutMs`, body ≤ 32
 * MiB, text redacted (`binary`: a success stays bytes); no answer is an `ExchangeFailure`.
 */
export async function exchange(
	context: HttpHelpers,
	request: IHttpRequestOptions,
	options: ExchangeOptions,
): Promise<HttpAnswer> {
	const url = targetUrl(request);
	// only errors name it: parsing the URL for every request would cost more than it tells
	const where = () => `${options.service} (${hostOf(url)})`;
	if (options.allowedDomains !== undefined && !isHostAllowed(url, options.allowedDomains)) {
		throw new ExchangeFailure(
			options.allowedDomains
				? `${where()} is not among the credential's Allowed HTTP Request Domains (${options.allowedDomains}): add its host there`
				: `The credential is restricted to "Specific Domains" but lists none, so ${where()} cannot be reached: add its host under Allowed Domains`,
			'blocked',
		);
	}
	const deadline = AbortSignal.timeout(Math.max(options.timeoutMs, 1));
	const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
	const stoppedOrLate = (): ExchangeFailure =>
		options.signal?.aborted
			? new ExchangeFailure(`The execution was stopped while waiting for ${where()}`, 'cancelled')
			: new ExchangeFailure(
					`${where()} did not answer completely within ${Math.round(options.timeoutMs / 100) / 10} s; raise "Timeout" if it is just slow`,
					'timeout',
				);
	if (signal.aborted) throw stoppedOrLate();
	let response: { statusCode: number; headers: unknown; body: unknown };
	try {
		response = (await context.helpers.httpRequest({
			...request,
			json: false,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: options.timeoutMs,
			abortSignal: signal,
			...(options.allowedDomains ? { allowedDomains: options.allowedDomains } : {}),
		} as IHttpRequestOptions)) as typeof response;
	} catch (error) {
		throw failureWithoutAnswer(error, where, stoppedOrLate, signal);
	}
	const tooLarge = () =>
		new ExchangeFailure(
			`${where()} sent an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MiB`,
			'too-large',
		);
	try {
		const body = await readBody(response.body, signal, tooLarge);
		const answer = answerOf(response, body, options.binary);
		return options.secrets ? redactAnswer(answer, options.secrets()) : answer;
	} catch (error) {
		throw failureWithoutAnswer(error, where, stoppedOrLate, signal);
	}
}

/** What a body is, for errors about answers that are not the vendor's. */
export function describeBody(answer: HttpAnswer): string {
	const text = answer.text.trim();
	const contentType = answer.headers['content-type'] ?? 'no content type';
	if (!text) return `an empty answer (HTTP ${answer.statusCode}, ${contentType})`;
	const json = parseJson(answer);
	if (Array.isArray(json)) return `a JSON array (HTTP ${answer.statusCode}, ${contentType})`;
	if (json !== undefined && (json === null || typeof json !== 'object')) {
		return `the JSON value ${JSON.stringify(json).slice(0, 40)} (HTTP ${answer.statusCode}, ${contentType})`;
	}
	if (json !== undefined)
		return `JSON of another shape (HTTP ${answer.statusCode}, ${contentType})`;
	if (/^<(!doctype|html|head|body)\b/i.test(text) || /text\/html/i.test(contentType)) {
		return `an HTML page (HTTP ${answer.statusCode}, ${contentType})`;
	}
	if (/^</.test(text)) return `an XML or HTML document (HTTP ${answer.statusCode}, ${contentType})`;
	return `text that is not JSON (HTTP ${answer.statusCode}, ${contentType})`;
}

/** The answer's JSON, or undefined when the body is empty or not JSON. */
export function parseJson(answer: HttpAnswer): unknown {
	const text = answer.text.trim();
	if (!text) return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** A redirect: "a redirect to other.example" (the target's host only, never path or query). */
export function redirectTarget(answer: HttpAnswer, requestUrl: string): string {
	const location = answer.headers.location;
	if (!location) return 'a redirect without a Location';
	try {
		return `a redirect to ${new URL(location, requestUrl).host}`;
	} catch {
		return 'a redirect to an invalid Location';
	}
}

export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400;
}

/**
 * Rules for n8n's credential test, which never follows a redirect either: n8n 2.x applies them
 * (1.x says "Request failed with status code 302", as it sees no response).
 */
export function redirectTestRules(
	service: string,
	whatToCheck: string,
): IAuthenticateRuleResponseCode[] {
	return [301, 302, 303, 307, 308].map((status) => ({
		type: 'responseCode',
		properties: {
			value: status,
			message: `${service} answered ${status}, a redirect; the credential is never sent on to another host. ${whatToCheck}`,
		},
	}));
}

/**
 * The request the routing engine built, without what the transports set themselves: the base URL
 * (from the credential) and the routing engine's default timeout of 300 s.
 */
export function routedRequest(options: IHttpRequestOptions): IHttpRequestOptions {
	const request = { ...options };
	delete request.baseURL;
	delete request.timeout;
	return request;
}
