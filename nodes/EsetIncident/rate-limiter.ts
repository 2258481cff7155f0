import { sleep } from 'n8n-workflow';

/**
 * Paces the requests of one API user in this n8n process: one request every 1/rate seconds (and 5 %),
 * measured from when the previous one was really let through (a stalled process never catches up
 * with a burst), across all items, executions and workflows.
 *
 * The rate adapts, so that several n8n processes on one API user (queue mode's workers) settle
 * near a fair share of ESET's limit without talking to each other: a 429 halves this process's rate
 * (at most once per second) and holds every request back for the `Retry-After`; each request that
 * gets through raises the rate again slowly, by a fiftieth of the limit per second, up to the limit.
 */
const DECREASE_FACTOR = 0.5;
/**
 * Requests are spaced 5 % wider than the rate says, so that the jitter between letting a request
 * through and its arrival at ESET cannot put one more into ESET's one-second window.
 */
const SPACING_MARGIN = 1.05;
const MIN_DECREASE_GAP_MS = 1000;
/** the share of the limit regained per second of successful requests */
const RECOVERY_PER_SECOND = 1 / 50;
/** never slower than this share of the limit */
const FLOOR = 1 / 20;

interface Waiter {
	release: (mayGo: boolean) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
	/** a pause after a 429 that lasts beyond this sends the waiter away */
	deadline: number;
}

interface Pace {
	/** the configured limit (requests per second) */
	limit: number;
	/** the rate in use now, ≤ limit */
	rate: number;
	lastReleaseAt: number;
	pausedUntil: number;
	lastDecreaseAt: number;
	queue: Waiter[];
	pumping: boolean;
}

const MAX_PAUSE_MS = 600_000;

/** How often a waiting pump looks again (a 429 may have changed the pace meanwhile). */
const LOOK_AGAIN_MS = 50;

export class RateLimiter {
	private readonly paces = new Map<string, Pace>();

	private paceOf(key: string, limit: number): Pace {
		let pace = this.paces.get(key);
		if (!pace) {
			pace = { limit, rate: limit, lastReleaseAt: 0, pausedUntil: 0, lastDecreaseAt: 0, queue: [], pumping: false };
			this.paces.set(key, pace);
		}
		if (pace.limit !== limit) {
			pace.rate = Math.min(limit, pace.rate * (limit / pace.limit));
			pace.limit = limit;
		}
		return pace;
	}

	/** How long every request of `key` is still held back after a 429 (0 when it is not). */
	pausedFor(key: string): number {
		return Math.max((this.paces.get(key)?.pausedUntil ?? 0) - Date.now(), 0);
	}

	/** The rate this process uses now for `key` (for tests and benchmarks). */
	currentRate(key: string): number | undefined {
		return this.paces.get(key)?.rate;
	}

	/**
	 * Resolves when a request for `key` may be sent (`requestsPerSecond` 0: at once) with true, or
	 * with false as soon as a 429's pause would hold it beyond `deadline`. Resolves early when
	 * `signal` aborts; the caller checks it.
	 */
	async take(key: string, requestsPerSecond: number, signal?: AbortSignal, deadline = Infinity): Promise<boolean> {
		if (requestsPerSecond <= 0 || signal?.aborted) return true;
		const pace = this.paceOf(key, requestsPerSecond);
		return await new Promise<boolean>((resolve) => {
			const waiter: Waiter = { release: resolve, signal, deadline };
			if (signal) {
				waiter.onAbort = () => {
					pace.queue = pace.queue.filter((w) => w !== waiter);
					resolve(true);
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			pace.queue.push(waiter);
			void this.pump(pace);
		});
	}

	private leave(pace: Pace, waiter: Waiter, mayGo: boolean): void {
		pace.queue = pace.queue.filter((w) => w !== waiter);
		if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
		waiter.release(mayGo);
	}

	/** Lets the waiters of one API user through, one at a time, each spaced from the one before. */
	private async pump(pace: Pace): Promise<void> {
		if (pace.pumping) return;
		pace.pumping = true;
		try {
			while (pace.queue.length) {
				for (const waiter of pace.queue.filter((w) => w.deadline < pace.pausedUntil)) this.leave(pace, waiter, false);
				if (!pace.queue.length) break;
				const releaseAt = Math.max(pace.lastReleaseAt + (1000 / pace.rate) * SPACING_MARGIN, pace.pausedUntil);
				const delay = releaseAt - Date.now();
				if (delay > 0) {
					await sleep(Math.min(delay, LOOK_AGAIN_MS));
					continue;
				}
				pace.lastReleaseAt = Date.now();
				this.leave(pace, pace.queue[0], true);
			}
		} finally {
			pace.pumping = false;
		}
	}

	/** ESET accepted a request: regain a little of the rate. */
	succeeded(key: string): void {
		const pace = this.paces.get(key);
		if (!pace || pace.rate >= pace.limit) return;
		pace.rate = Math.min(pace.limit, pace.rate + (pace.limit * RECOVERY_PER_SECOND) / pace.rate);
	}

	/**
	 * ESET answered 429: slow down, and hold every request back for `retryAfterMs` (at most 10
	 * minutes: a wrong `Retry-After` must not block an API user for a day).
	 */
	rateLimited(key: string, retryAfterMs: number): void {
		const pace = this.paces.get(key);
		if (!pace) return;
		const now = Date.now();
		pace.pausedUntil = Math.max(pace.pausedUntil, now + Math.min(retryAfterMs, MAX_PAUSE_MS));
		if (now - pace.lastDecreaseAt >= MIN_DECREASE_GAP_MS) {
			pace.rate = Math.max(pace.rate * DECREASE_FACTOR, pace.limit * FLOOR);
			pace.lastDecreaseAt = now;
		}
	}
}
