import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';

/** The statuses ESET may answer when it could not serve a request that can be sent again. */
export const RETRYABLE_STATUSES = [502, 503, 504];

/** `Retry-After` in milliseconds (seconds or an HTTP date), if ESET sent one. */
export function retryAfterMs(answer: HttpAnswer): number | undefined {
	const value = answer.headers['retry-after'];
	if (value === undefined) return undefined;
	const seconds = Number(value);
	const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
	return Number.isFinite(ms) ? Math.max(ms, 0) : undefined;
}

/** Exponential back-off with jitter: up to 0.5 s, 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number): number {
	const ceiling = Math.min(500 * 2 ** attempt, 30_000);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * ESET's writes are custom methods (`…:close`, `…/text:update`) that set a state and can be
 * repeated; a plain POST to a collection (creating a comment) must not be sent twice.
 */
export function isSafeToRepeat(request: IHttpRequestOptions): boolean {
	const method = (request.method ?? 'GET').toUpperCase();
	if (method !== 'POST') return true;
	const lastSegment = request.url.split('?')[0].split('/').pop() ?? '';
	return lastSegment.includes(':');
}

/** A duration as errors say it: `2.5 s`. */
export function seconds(ms: number): string {
	return `${Math.round(ms / 100) / 10} s`;
}

/** A time as errors say it: UTC, whole seconds. */
export function utcSecond(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
