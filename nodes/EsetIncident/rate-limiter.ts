import { wait } from '../shared/wait';

/** Requests are spaced 5 % wider than the limit allows. */
const RATE_SAFETY_FACTOR = 1.05;

/**
 * Spaces the starts of requests evenly for each API user, across all items and all runs in this
 * n8n process, a little wider than the allowed rate so that network jitter cannot push a second
 * over it.
 */
export class RateLimiter {
	private readonly nextStart = new Map<string, number>();

	/** Reserves the next start time for `key` and waits for it; 0 requests per second means no limit. */
	async waitForTurn(key: string, requestsPerSecond: number, signal?: AbortSignal): Promise<void> {
		const now = Date.now();
		const start = Math.max(now, this.nextStart.get(key) ?? 0);
		const spacing = requestsPerSecond > 0 ? (1000 * RATE_SAFETY_FACTOR) / requestsPerSecond : 0;
		this.nextStart.set(key, start + spacing);
		if (start > now) await wait(start - now, signal);
	}

	/** Holds back every request for `key` (after a 429, ESET wants a pause from all of them). */
	pause(key: string, ms: number): void {
		this.nextStart.set(key, Math.max(this.nextStart.get(key) ?? 0, Date.now() + ms));
	}
}
