import { wait } from '../shared/wait';

/**
 * Requests start 8 % further apart than the limit allows, so that the time between a request's
 * turn and its arrival at ESET (reading the credential, network) cannot push a second over it.
 */
const RATE_SAFETY_FACTOR = 1.08;

/**
 * Lets the requests of one API user start one at a time, evenly spaced, across all items and all
 * runs in this n8n process. Spacing is measured from when the previous request really started, so
 * a stalled process resumes at the same pace instead of with a burst.
 */
export class RateLimiter {
	/** per key: settles when the last request in line has started */
	private readonly queue = new Map<string, Promise<void>>();

	private readonly lastStart = new Map<string, number>();

	private readonly pausedUntil = new Map<string, number>();

	/** Waits until a request for `key` may start; 0 requests per second means no limit. */
	async waitForTurn(key: string, requestsPerSecond: number, signal?: AbortSignal): Promise<void> {
		if (requestsPerSecond <= 0) return;
		const spacingMs = (1000 * RATE_SAFETY_FACTOR) / requestsPerSecond;
		const previous = this.queue.get(key) ?? Promise.resolve();
		let started = () => {};
		const mine = new Promise<void>((resolve) => (started = resolve));
		this.queue.set(key, mine);
		await previous;
		try {
			const earliest = Math.max((this.lastStart.get(key) ?? 0) + spacingMs, this.pausedUntil.get(key) ?? 0);
			if (earliest > Date.now()) await wait(earliest - Date.now(), signal);
			this.lastStart.set(key, Date.now());
		} finally {
			started();
			if (this.queue.get(key) === mine) this.queue.delete(key);
		}
	}

	/** Holds back every request for `key` (after a 429, ESET wants a pause from all of them). */
	pause(key: string, ms: number): void {
		this.pausedUntil.set(key, Math.max(this.pausedUntil.get(key) ?? 0, Date.now() + ms));
	}
}
