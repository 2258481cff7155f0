import { createHash, createHmac } from 'crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import type { HttpAnswer, HttpHelpers } from '../../shared/http';
import {
	describeBody,
	exchange,
	ExchangeFailure,
	hostOf,
	isRedirect,
	parseJson,
	redirectTarget,
} from '../../shared/http';
import { redact } from '../../shared/secrets';
import { ESET_INTEGRATION_HEADERS, esetTokenUrl, urlProblem } from './endpoints';

/** Who asks ESET for tokens: the password grant's inputs. */
export interface EsetIdentity {
	tokenUrl: string;
	username: string;
	password: string;
}

export function esetIdentity(credentials: ICredentialDataDecryptedObject): EsetIdentity {
	return {
		tokenUrl: esetTokenUrl(credentials),
		username: String(credentials.username ?? ''),
		password: String(credentials.password ?? ''),
	};
}

/** ESET's access tokens live 60 minutes; one is renewed a minute before ESET would refuse it. */
const DEFAULT_TOKEN_SECONDS = 3600;
const RENEW_BEFORE_MS = 60_000;

export const TOKEN_SERVICE = 'the ESET token endpoint';

/**
 * A one-way fingerprint of the identity a token was issued to, stored beside it: after a change of
 * user name, password or token URL the stored token no longer matches and is not reused.
 */
export function tokenFingerprint(accessToken: string, identity: EsetIdentity): string {
	return createHmac('sha256', accessToken)
		.update([identity.tokenUrl, identity.username, identity.password].join('\n'))
		.digest('hex');
}

/** Why a token could not be had: `message` and `description` name the step and the host. */
export class TokenError extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly httpCode?: string,
	) {
		super(message);
	}
}

export interface TokenRequestOptions {
	timeoutMs: number;
	signal?: AbortSignal;
	allowedDomains?: string;
	/** n8n's Request Options (proxy, certificate checks) of the node, when it has them */
	connection?: IDataObject;
}

export interface GrantedToken {
	accessToken: string;
	expiresInSeconds: number;
}

const CHECK_CREDENTIAL =
	'Check the API user name, the password and the region of the ESET Connect API credential.';

/**
 * What an HTTP header cannot carry, and the longest token taken: such a token would fail every
 * request until it expired.
 */
const NOT_IN_A_HEADER = /[^\x20-\x7e\x80-\xff]/;
const MAX_TOKEN_LENGTH = 8192;

/** At most this many issued tokens are remembered for redaction (the newest). */
const MAX_REMEMBERED_TOKENS = 1000;

/**
 * Every access and refresh token issued to this process (and those n8n stored), newest last, so
 * that vendor text echoing any of them is redacted.
 */
class IssuedTokens {
	private readonly tokens = new Set<string>();

	remember(...tokens: unknown[]): void {
		for (const token of tokens) {
			if (typeof token !== 'string' || !token || token.length > MAX_TOKEN_LENGTH) continue;
			this.tokens.delete(token);
			this.tokens.add(token);
		}
		for (const oldest of [...this.tokens].slice(
			0,
			Math.max(this.tokens.size - MAX_REMEMBERED_TOKENS, 0),
		))
			this.tokens.delete(oldest);
	}

	/** The tokens as they may come back: alone, or as the whole Authorization header. */
	secrets(): string[] {
		return [...this.tokens].flatMap((token) => [token, `Bearer ${token}`]);
	}
}

export const issuedTokens = new IssuedTokens();

/** The password as it may come back: alone, or as HTTP Basic's `user:password` (base64). */
export function passwordForms(identity: EsetIdentity): string[] {
	return [identity.password, `${identity.username}:${identity.password}`];
}

/** The password grant as it leaves: form-encoded, with ESET's integration headers. */
function grantRequest(identity: EsetIdentity, options: TokenRequestOptions): IHttpRequestOptions {
	const { username, password } = identity;
	return {
		...(options.connection ?? {}),
		method: 'POST',
		url: identity.tokenUrl,
		headers: {
			...ESET_INTEGRATION_HEADERS,
			'Content-Type': 'application/x-www-form-urlencoded',
			Accept: 'application/json',
		},
		body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
	};
}

const NOT_THE_PASSWORD =
	'This is not a problem of the user name or password. Check the Token URL of the credential and any proxy in between.';

/**
 * Why a token answer is not a token: a redirect, ESET's refusal, an answer that is not ESET's, or
 * an access token missing or unfit for a header. Undefined for a usable answer.
 */
function answerProblem(answer: HttpAnswer, identity: EsetIdentity): TokenError | undefined {
	const { statusCode } = answer;
	const code = String(statusCode);
	const where = `${TOKEN_SERVICE} (${hostOf(identity.tokenUrl)})`;
	// the answer may hold a token issued before: redacted from errors, never from a token answer
	const clean = (text: string) =>
		redact(text, [...passwordForms(identity), ...issuedTokens.secrets()]);
	const body = parseJson(answer) as IDataObject | undefined;
	const isObject = !!body && typeof body === 'object' && !Array.isArray(body);
	if (isRedirect(statusCode)) {
		// the target's host as URL() spells it (lower case, escapes undone) may be the password
		const message = `${where} answered ${statusCode}, ${redirectTarget(answer, identity.tokenUrl)}; the password is never sent on to another host`;
		const hint =
			'Set the credential to the final token URL (a Custom region), or fix the proxy that redirects.';
		return new TokenError(clean(message), hint, code);
	}
	if (statusCode >= 400) {
		const fields = isObject ? [body.error, body.error_description] : [];
		const reason = fields.filter((v) => typeof v === 'string' && v).join(': ');
		const what = isObject ? '' : ` with ${describeBody(answer)}, not an ESET answer`;
		const message = `ESET did not issue an access token: ${where} answered ${statusCode}${what}${reason ? ` (${reason})` : ''}`;
		const hint =
			statusCode < 500
				? CHECK_CREDENTIAL
				: 'ESET could not serve the token request; try again later.';
		return new TokenError(clean(message), hint, code);
	}
	if (!isObject) {
		const message = `${where} answered ${statusCode} with ${describeBody(answer)}, not an ESET token answer — a proxy or login page?`;
		const hint =
			'Check the Token URL of the credential (Custom region) and any proxy between n8n and ESET.';
		return new TokenError(clean(message), hint, code);
	}
	return accessTokenProblem(body.access_token, `${where} answered ${statusCode}`, code);
}

/** Why an access token cannot be used: missing, or unfit for an HTTP header. */
function accessTokenProblem(
	token: unknown,
	answered: string,
	code: string,
): TokenError | undefined {
	if (typeof token !== 'string' || !token) {
		const message = `${answered}, but the token answer is malformed: it has no access_token string`;
		return new TokenError(message, NOT_THE_PASSWORD, code);
	}
	if (token.length <= MAX_TOKEN_LENGTH && !NOT_IN_A_HEADER.test(token)) return undefined;
	const message = `${answered}, but the token answer is malformed: its access_token cannot go into an HTTP header (it holds a control character or line break, or is longer than ${MAX_TOKEN_LENGTH} characters)`;
	return new TokenError(message, NOT_THE_PASSWORD, code);
}

/**
 * ESET's password grant: a form-encoded POST to the region's token endpoint. Never follows a
 * redirect, ends within `timeoutMs`, and fails with a `TokenError` saying which step went wrong.
 */
export async function requestAccessToken(
	http: HttpHelpers,
	identity: EsetIdentity,
	options: TokenRequestOptions,
): Promise<GrantedToken> {
	const problem = urlProblem(identity.tokenUrl);
	if (problem) {
		const hint =
			'Enter the full URL of the token endpoint, for example https://eu.business-account.iam.eset.systems/oauth/token.';
		throw new TokenError(`The credential's Token URL ${problem}`, hint);
	}
	let answer: HttpAnswer;
	try {
		answer = await exchange(http, grantRequest(identity, options), {
			service: TOKEN_SERVICE,
			timeoutMs: options.timeoutMs,
			signal: options.signal,
			allowedDomains: options.allowedDomains,
			secrets: () => passwordForms(identity),
		});
	} catch (error) {
		throw tokenFailure(error);
	}
	const refused = answerProblem(answer, identity);
	if (refused) throw refused;
	const body = parseJson(answer) as IDataObject;
	issuedTokens.remember(body.access_token, body.refresh_token);
	const expiresIn = Number(body.expires_in);
	const valid = Number.isFinite(expiresIn) && expiresIn > 0;
	return {
		accessToken: body.access_token as string,
		expiresInSeconds: valid ? expiresIn : DEFAULT_TOKEN_SECONDS,
	};
}

function tokenFailure(error: unknown): TokenError {
	const message =
		error instanceof ExchangeFailure ? error.message : `${TOKEN_SERVICE} could not be reached`;
	const hint =
		error instanceof ExchangeFailure && error.kind === 'blocked'
			? 'The credential limits the hosts it may be sent to (Allowed HTTP Request Domains): ESET needs both its token host and its incident-management host there.'
			: 'Check the region (or the Token URL of a Custom region), the network between n8n and ESET, and any proxy.';
	return new TokenError(message, hint);
}

/** Raced against `signal`: rejects as soon as it aborts, whatever `promise` does. */
function abortable<T>(
	promise: Promise<T>,
	signal: AbortSignal | undefined,
	onAbort: () => Error,
): Promise<T> {
	if (!signal) return promise;
	if (signal.aborted) return Promise.reject(onAbort());
	return new Promise<T>((resolve, reject) => {
		const abort = () => reject(onAbort());
		signal.addEventListener('abort', abort, { once: true });
		promise.then(
			(value) => (signal.removeEventListener('abort', abort), resolve(value)),
			(error: unknown) => (signal.removeEventListener('abort', abort), reject(error)),
		);
	});
}

interface HeldToken {
	accessToken: string;
	/** when it is renewed without waiting for a 401 */
	renewAt: number;
}

interface Grant {
	promise: Promise<HeldToken>;
	controller: AbortController;
	waiting: number;
	settled: boolean;
}

/**
 * This process's tokens per identity: one grant for all items at once, kept until a minute before
 * expiry or a 401; a stored token is used while its fingerprint matches (docs/transport.md).
 */
export class AccessTokens {
	private readonly held = new Map<string, HeldToken>();

	private readonly grants = new Map<string, Grant>();

	private static keyOf(identity: EsetIdentity): string {
		return createHash('sha256')
			.update([identity.tokenUrl, identity.username, identity.password].join('\n'))
			.digest('hex');
	}

	async get(
		http: HttpHelpers,
		identity: EsetIdentity,
		stored: { accessToken?: unknown; tokenFingerprint?: unknown },
		options: TokenRequestOptions,
	): Promise<string> {
		const key = AccessTokens.keyOf(identity);
		const held = this.held.get(key);
		if (held && held.renewAt > Date.now()) return held.accessToken;
		if (
			!held &&
			typeof stored.accessToken === 'string' &&
			stored.accessToken &&
			stored.tokenFingerprint === tokenFingerprint(stored.accessToken, identity)
		) {
			issuedTokens.remember(stored.accessToken);
			this.held.set(key, { accessToken: stored.accessToken, renewAt: Infinity });
			return stored.accessToken;
		}
		return await this.grant(key, http, identity, options);
	}

	/** After ESET rejected `rejected` with a 401: a new token, unless another request got one. */
	async renew(
		http: HttpHelpers,
		identity: EsetIdentity,
		rejected: string,
		options: TokenRequestOptions,
	): Promise<string> {
		const key = AccessTokens.keyOf(identity);
		const held = this.held.get(key);
		if (held && held.accessToken !== rejected && held.renewAt > Date.now()) return held.accessToken;
		if (held?.accessToken === rejected) this.held.delete(key);
		return await this.grant(key, http, identity, options);
	}

	private async grant(
		key: string,
		http: HttpHelpers,
		identity: EsetIdentity,
		options: TokenRequestOptions,
	): Promise<string> {
		let grant = this.grants.get(key);
		if (!grant) {
			const controller = new AbortController();
			const started = Date.now();
			const promise = requestAccessToken(http, identity, {
				...options,
				signal: controller.signal,
			}).then(({ accessToken, expiresInSeconds }) => {
				const token = { accessToken, renewAt: started + expiresInSeconds * 1000 - RENEW_BEFORE_MS };
				this.held.set(key, token);
				return token;
			});
			const created: Grant = { promise, controller, waiting: 0, settled: false };
			promise.then(
				() => (created.settled = true),
				() => (created.settled = true),
			);
			promise.finally(() => this.grants.delete(key)).catch(() => undefined);
			this.grants.set(key, created);
			grant = created;
		}
		const shared = grant;
		shared.waiting++;
		try {
			const cancelled = () =>
				new TokenError(
					`The execution was stopped while waiting for ${TOKEN_SERVICE}`,
					'Nothing was sent to ESET.',
				);
			return (await abortable(shared.promise, options.signal, cancelled)).accessToken;
		} finally {
			// The last one waiting for a token request that is still running was stopped: abort it.
			if (--shared.waiting === 0 && !shared.settled) shared.controller.abort();
		}
	}
}
