import { wait } from '../shared/wait';

/**
 * Each window is 8 % longer than the limit says, so that the time between a request's turn and its
 * arrival at ESET (reading the credential, the network) cannot push a window over the limit.
 */
const WINDOW_MARGIN = 1.08;

/**
 * Keeps the requests of one API user within "N per second" across all items and all runs in this
 * n8n process: a request may start when fewer than N requests started within the last window.
 * Requests take their turns one at a time, and the window counts when requests really started, so
 * a stalled process never sends more than the limit allows.
 */
export class RateLimiter {
	/** per key: settles when the last request in line has started */
	private readonly queue = new Map<string, Promise<void>>();

	/** per key: when the latest requests started, oldest first (at most N) */
	private readonly recentStarts = new Map<string, number[]>();

	private readonly pausedUntil = new Map<string, number>();

	/** Waits until a request for `key` may start; 0 requests per second means no limit. */
	async waitForTurn(key: string, requestsPerSecond: number, signal?: AbortSignal): Promise<void> {
		if (requestsPerSecond <= 0) return;
		const perWindow = Math.max(Math.floor(requestsPerSecond), 1);
		const windowMs = ((1000 * perWindow) / requestsPerSecond) * WINDOW_MARGIN;
		const previous = this.queue.get(key) ?? Promise.resolve();
		let started = () => {};
		const mine = new Promise<void>((resolve) => (started = resolve));
		this.queue.set(key, mine);
		await previous;
		try {
			const starts = this.recentStarts.get(key) ?? [];
			const windowFull = starts.length >= perWindow ? starts[starts.length - perWindow] + windowMs : 0;
			const earliest = Math.max(windowFull, this.pausedUntil.get(key) ?? 0);
			if (earliest > Date.now()) await wait(earliest - Date.now(), signal);
			this.recentStarts.set(key, [...starts, Date.now()].slice(-perWindow));
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
