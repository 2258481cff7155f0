import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';
import {
	describeBody,
	exchange,
	ExchangeFailure,
	isRedirect,
	parseJson,
	redirectTarget,
	targetUrl,
} from '../../shared/http';
import { pathOf } from '../../shared/read-only';
import { redact } from '../../shared/secrets';
import { wait } from '../../shared/wait';
import type { TokenRequestOptions } from './access-token';
import { AccessTokens, issuedTokens, passwordForms, TokenError } from './access-token';
import type { EsetConnection, EsetContext } from './connection';
import { refuseIfReadOnly } from './connection';
import type { EsetService } from './endpoints';
import {
	ESET_BINARY_ANSWERS,
	ESET_INTEGRATION_HEADERS,
	ESET_SERVICES,
	urlProblem,
} from './endpoints';
import type { EsetErrorContext } from './errors';
import { esetApiError, esetFailure, EsetOutOfTime } from './errors';
import { RateLimiter } from './rate-limiter';
import {
	backoffMs,
	isSafeToRepeat,
	RETRYABLE_STATUSES,
	retryAfterMs,
	seconds,
	utcSecond,
} from './retries';
import type { TransportSettings } from './settings';

const SERVICE = 'ESET Connect';
/** The least time a retry must have left of Max Wait for its answer (Timeout, when shorter). */
const MIN_ATTEMPT_MS = 1000;
/** The longest pause between two collections of a slow (202) answer. */
const MAX_POLL_DELAY_MS = 15_000;

/** This process's rate limit and tokens, per API user: shared by every node and workflow. */
const rateLimiter = new RateLimiter();
const accessTokens = new AccessTokens();

/** For tests and benchmarks: the rate this process uses now for an API user. */
export function currentRate(connection: EsetConnection): number | undefined {
	return rateLimiter.currentRate(connection.limiterKey);
}

/** ESET's answer: a JSON object with a 2xx status. */
export interface EsetAnswer {
	statusCode: number;
	headers: Record<string, string>;
	/** the JSON object ESET answered (`{}` for a 202 the user chose not to wait for, or archive) */
	body: IDataObject;
	/** the ZIP archive of a binary request (ESET_BINARY_ANSWERS) */
	data?: Buffer;
}

/** Where a request goes: the ESET service (default: incident management); whether it's bytes. */
export interface EsetTarget {
	service?: EsetService;
	/** only for the requests ESET_BINARY_ANSWERS lists: the answer is a ZIP archive */
	binary?: boolean;
}

/** What a step decides: ESET's answer, or another attempt. */
type Outcome = EsetAnswer | 'again';

/**
 * One ESET request in flight, from its first attempt to ESET's answer: the state its attempts
 * share and one method per step (send an attempt, collect a 202, wait out a 429, retry a 5xx).
 */
class EsetCall {
	private readonly signal?: AbortSignal;
	private readonly errors: EsetErrorContext;
	private readonly attemptRoomMs: number;
	private readonly service: EsetService;
	private readonly baseURL: string;
	private token = '';
	private tokenRenewed = false;
	/** when Max Wait ends, counted from the first attempt */
	private maxWaitEnd?: number;
	private responseId?: string;
	private pollDelayMs = 1000;
	private retries = 0;
	/** the next attempt repeats one ESET refused (429): it goes first when requests resume */
	private repeatsRefused = false;

	constructor(
		private readonly context: EsetContext,
		private readonly connection: EsetConnection,
		private readonly request: IHttpRequestOptions,
		private readonly settings: TransportSettings,
		itemIndex: number | undefined,
		private readonly target: EsetTarget,
	) {
		this.signal = context.getExecutionCancelSignal?.() ?? undefined;
		this.service = target.service ?? 'incidentManagement';
		this.baseURL = connection.baseURLs[this.service];
		const { identity } = connection;
		this.errors = {
			node: context.getNode(),
			request,
			itemIndex,
			get secrets() {
				return [...passwordForms(identity), ...issuedTokens.secrets()];
			},
		};
		this.attemptRoomMs = Math.min(settings.timeoutMs, MIN_ATTEMPT_MS);
	}

	async send(): Promise<EsetAnswer> {
		const problem = urlProblem(this.baseURL);
		if (problem) {
			const { label, host } = ESET_SERVICES[this.service];
			const message = `The credential's ${label} ${problem}`;
			const hint = `Enter the full URL, for example https://eu.${host}.eset.systems`;
			throw esetFailure(this.errors, message, hint);
		}
		const { identity, stored } = this.connection;
		this.token = await this.tokenFrom(
			accessTokens.get(this.context, identity, stored, this.tokenOptions()),
		);
		for (;;) {
			const releasedAt = await this.release();
			const outcome = await this.handle(await this.sendAttempt(), releasedAt);
			if (outcome !== 'again') return outcome;
		}
	}

	private tokenOptions(): TokenRequestOptions {
		const { allowedDomains, requestOptions } = this.connection;
		const timeoutMs = Math.max(Math.min(this.settings.timeoutMs, this.endsAt - Date.now()), 1);
		return { timeoutMs, signal: this.signal, allowedDomains, connection: requestOptions };
	}

	/** When Max Wait ends: counted from the first attempt, or from now before it. */
	private get maxWaitEndsAt(): number {
		return this.maxWaitEnd ?? Date.now() + this.settings.maxWaitMs;
	}

	/** When the request must be over: the end of Max Wait, or the caller's `endsBy` when sooner. */
	private get endsAt(): number {
		return Math.min(this.maxWaitEndsAt, this.settings.endsBy ?? Infinity);
	}

	/** Whether a wait until `until` fits; if only `endsBy` forbids it, EsetOutOfTime says `what`. */
	private fits(until: number, what: string): boolean {
		if (until <= this.endsAt) return true;
		if (until <= this.maxWaitEndsAt) throw new EsetOutOfTime(what);
		return false;
	}

	private async tokenFrom(grant: Promise<string>): Promise<string> {
		try {
			return await grant;
		} catch (error) {
			if (error instanceof TokenError) {
				throw esetFailure(this.errors, error.message, error.description, error.httpCode);
			}
			const message = `The ESET access token could not be had: ${(error as Error).message}`;
			throw esetFailure(this.errors, message);
		}
	}

	/** Waits for the API user's rate limit; the time the attempt may leave. */
	private async release(): Promise<number> {
		const deadline = this.endsAt - this.attemptRoomMs;
		const retry = this.repeatsRefused;
		this.repeatsRefused = false;
		const { limiterKey } = this.connection;
		const { requestsPerSecond } = this.settings;
		const releasedAt = await rateLimiter.take(limiterKey, requestsPerSecond, this.signal, {
			retry,
			deadline,
		});
		if (releasedAt === undefined) {
			const pausedMs = rateLimiter.pausedFor(limiterKey);
			const resumeAt = Date.now() + pausedMs;
			// a pause that only `endsBy` cuts short is out of time; one past Max Wait, the error below
			this.fits(
				resumeAt + this.attemptRoomMs,
				`${SERVICE} rate-limited this API user (429) until ${utcSecond(resumeAt)}`,
			);
			const message = `${SERVICE} rate-limited this API user (429) and asked all its requests to wait ${seconds(pausedMs)}, until ${utcSecond(resumeAt)}: longer than what is left of "Max Wait"`;
			const hint = 'Nothing was sent for this item, so it can be retried then';
			throw esetFailure(this.errors, message, hint, '429');
		}
		if (this.signal?.aborted) {
			throw esetFailure(this.errors, `The execution was stopped before ${SERVICE} answered`);
		}
		return releasedAt;
	}

	/** One attempt: the request with the token (and a 202's response-id), within its deadline. */
	private async sendAttempt(): Promise<HttpAnswer> {
		const now = Date.now();
		this.maxWaitEnd ??= now + this.settings.maxWaitMs;
		const { request, connection } = this;
		const attempt: IHttpRequestOptions = {
			...connection.requestOptions,
			...request,
			baseURL: this.baseURL,
			headers: {
				...request.headers,
				...ESET_INTEGRATION_HEADERS,
				Authorization: `Bearer ${this.token}`,
				...(this.responseId ? { 'response-id': this.responseId } : {}),
			},
		};
		const allowedMs = Math.min(this.settings.timeoutMs, this.maxWaitEndsAt - now);
		const timeoutMs = Math.max(Math.min(allowedMs, this.endsAt - now), 1);
		try {
			return await exchange(this.context, attempt, {
				service: SERVICE,
				timeoutMs,
				signal: this.signal,
				allowedDomains: connection.allowedDomains,
				secrets: () => this.errors.secrets,
				binary: this.target.binary,
			});
		} catch (error) {
			throw this.attemptFailure(error, timeoutMs < allowedMs);
		}
	}

	/** Why an attempt failed; a timeout only `endsBy` shortened is an EsetOutOfTime. */
	private attemptFailure(error: unknown, shortened: boolean): Error {
		if (shortened && error instanceof ExchangeFailure && error.kind === 'timeout') {
			return new EsetOutOfTime(`${SERVICE} had not answered yet`);
		}
		return esetFailure(this.errors, (error as Error).message, this.failureHint(error));
	}

	private failureHint(error: unknown): string | undefined {
		if (!(error instanceof ExchangeFailure)) return undefined;
		if (error.kind === 'blocked') {
			return `ESET needs its token host and the host of each service it calls (here ${ESET_SERVICES[this.service].host}) among the Allowed HTTP Request Domains, or *.eset.systems`;
		}
		if (error.kind !== 'timeout') return undefined;
		return `Each attempt may take up to "Timeout" and all attempts together up to "Max Wait" (${seconds(this.settings.maxWaitMs)})`;
	}

	/** What an answer means: ESET's answer, another attempt, or an error. */
	private async handle(answer: HttpAnswer, releasedAt: number): Promise<Outcome> {
		const status = answer.statusCode;
		if (isRedirect(status)) throw this.redirected(answer);
		if (status === 401 && !this.tokenRenewed) return await this.renewToken();
		if (status === 202) return await this.collectSlowAnswer(answer);
		if (status >= 200 && status < 300) return this.accepted(answer, releasedAt);
		if (status === 404 && this.responseId) {
			const summary = `${SERVICE} no longer holds the result of response-id ${this.responseId}: cached results expire 10 minutes after the 202 (or were already collected)`;
			throw esetApiError(this.errors, answer, summary);
		}
		if (status === 429) return await this.waitOutRateLimit(answer, releasedAt);
		if (await this.retriedAfterFailure(answer)) return 'again';
		throw esetApiError(this.errors, answer);
	}

	private redirected(answer: HttpAnswer) {
		const url = targetUrl({ ...this.request, baseURL: this.baseURL });
		const summary = `${SERVICE} answered ${answer.statusCode}, ${redirectTarget(answer, url)}; requests that carry the ESET token never follow redirects`;
		const hint = `Check the region or the ${ESET_SERVICES[this.service].label} of the credential, and any proxy in between`;
		return esetApiError(this.errors, answer, summary, hint);
	}

	/** ESET refused the token (it expired, or was revoked): a new one, once. */
	private async renewToken(): Promise<Outcome> {
		this.tokenRenewed = true;
		const { identity } = this.connection;
		const renewal = accessTokens.renew(this.context, identity, this.token, this.tokenOptions());
		this.token = await this.tokenFrom(renewal);
		return 'again';
	}

	/** A 202: ESET is still working; the same request with its response-id collects the answer. */
	private async collectSlowAnswer(answer: HttpAnswer): Promise<Outcome> {
		this.responseId = answer.headers['response-id'] ?? this.responseId;
		if (!this.settings.waitForSlowResponses) {
			return { statusCode: 202, headers: answer.headers, body: {} };
		}
		if (!this.responseId) {
			const summary = `${SERVICE} answered 202 without a response-id header, so the result cannot be collected`;
			throw esetApiError(this.errors, answer, summary);
		}
		const processing = `${SERVICE} was still processing the request (202, response-id ${this.responseId})`;
		if (!this.fits(Date.now() + this.pollDelayMs + this.attemptRoomMs, processing)) {
			const firstAttemptAt = this.maxWaitEndsAt - this.settings.maxWaitMs;
			const waited = Math.round((Date.now() - firstAttemptAt) / 1000);
			const summary = `${SERVICE} is still processing the request after ${waited} s (response-id ${this.responseId}); raise "Max Wait" or turn off "Wait for Slow Responses"`;
			throw esetApiError(this.errors, answer, summary);
		}
		await wait(this.pollDelayMs, this.signal);
		this.pollDelayMs = Math.min(this.pollDelayMs * 2, MAX_POLL_DELAY_MS);
		return 'again';
	}

	/** A 2xx: ESET's answer only when it is a JSON object (a ZIP archive, for a binary request). */
	private accepted(answer: HttpAnswer, releasedAt: number): EsetAnswer {
		if (this.target.binary) return this.archiveAccepted(answer, releasedAt);
		const body = parseJson(answer);
		if (!body || typeof body !== 'object' || Array.isArray(body)) {
			const summary = `${SERVICE} answered ${answer.statusCode} with ${describeBody(answer)}, not an ESET Connect answer — a proxy or login page?`;
			const extra =
				'Nothing is output for this item, because it is not known whether ESET did what was asked';
			throw esetApiError(this.errors, answer, summary, extra);
		}
		rateLimiter.succeeded(this.connection.limiterKey, releasedAt);
		return { statusCode: answer.statusCode, headers: answer.headers, body: body as IDataObject };
	}

	/** A binary request's 2xx: ESET's answer only when it is a ZIP archive (never a page or JSON). */
	private archiveAccepted(answer: HttpAnswer, releasedAt: number): EsetAnswer {
		const data = answer.bytes ?? Buffer.alloc(0);
		const signature = data.subarray(0, 4).toString('latin1');
		if (signature !== 'PK\x03\x04' && signature !== 'PK\x05\x06') {
			const sample = redact(data.subarray(0, 4096).toString('utf8'), this.errors.secrets);
			const summary = `${SERVICE} answered ${answer.statusCode} with ${describeBody({ ...answer, text: sample })}, not the ZIP archive ESET documents — a proxy or login page?`;
			throw esetApiError(this.errors, { ...answer, text: '' }, summary);
		}
		rateLimiter.succeeded(this.connection.limiterKey, releasedAt);
		return { statusCode: answer.statusCode, headers: answer.headers, body: {}, data };
	}

	/**
	 * A 429: the API user's limiter holds every request of this process back and slows down; this
	 * request goes first when requests resume, if that is within Max Wait.
	 */
	private async waitOutRateLimit(answer: HttpAnswer, releasedAt: number): Promise<Outcome> {
		const askedMs = retryAfterMs(answer);
		const pausedUntil = rateLimiter.rateLimited(this.connection.limiterKey, askedMs, releasedAt);
		const resumeAt = Math.max(pausedUntil, Date.now() + (askedMs ?? 0));
		const delayMs = Math.max(resumeAt - Date.now(), 0);
		const limited = `${SERVICE} rate-limited this API user (429) until ${utcSecond(resumeAt)}`;
		if (!this.fits(resumeAt + this.attemptRoomMs, limited)) {
			const extra = `ESET asks to wait ${seconds(delayMs)} (until ${utcSecond(resumeAt)}), longer than what is left of "Max Wait"; nothing was done, so the item can be retried then`;
			throw esetApiError(this.errors, answer, undefined, extra);
		}
		// without a limit of its own (Requests per Second 0) nothing else holds it back
		if (this.settings.requestsPerSecond <= 0) await wait(delayMs, this.signal);
		this.repeatsRefused = true;
		return 'again';
	}

	/** A 502, 503 or 504: sent again after a back-off where safe, within Max Retries and Max Wait. */
	private async retriedAfterFailure(answer: HttpAnswer): Promise<boolean> {
		if (!RETRYABLE_STATUSES.includes(answer.statusCode) || !isSafeToRepeat(this.request))
			return false;
		if (this.retries >= this.settings.maxRetries) return false;
		const delayMs = retryAfterMs(answer) ?? backoffMs(this.retries);
		const resumeAt = Date.now() + delayMs;
		const failed = `${SERVICE} answered ${answer.statusCode}; the retry was due at ${utcSecond(resumeAt)}`;
		if (!this.fits(resumeAt + this.attemptRoomMs, failed)) return false;
		this.retries++;
		await wait(delayMs, this.signal);
		return true;
	}
}

/**
 * Sends one ESET request; resolves only with ESET's answer: a 2xx JSON object (a 202 when not
 * waiting, a ZIP for a binary request). Tokens, rate limit, retries: docs/transport.md.
 */
export async function esetRequest(
	context: EsetContext,
	connection: EsetConnection,
	request: IHttpRequestOptions,
	settings: TransportSettings,
	itemIndex?: number,
	target: EsetTarget = {},
): Promise<EsetAnswer> {
	if (target.binary && !ESET_BINARY_ANSWERS.some((path) => path.test(pathOf(request)))) {
		throw new Error(`ESET answers JSON to ${pathOf(request)}: it is no binary request`);
	}
	refuseIfReadOnly(context, connection, request, itemIndex);
	return await new EsetCall(context, connection, request, settings, itemIndex, target).send();
}
