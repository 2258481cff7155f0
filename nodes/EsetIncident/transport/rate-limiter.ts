import { sleep } from 'n8n-workflow';

/**
 * Paces one API user's requests in this n8n process: evenly spaced, at most the rate's whole part
 * in any second, slower after a 429 (docs/transport.md#how-the-pacing-works, docs/queue-mode.md).
 */
const DECREASE_FACTOR = 0.85;
/** Spacing 2.5 % wider than the rate, so jitter on the way to ESET adds none to its window. */
const SPACING_MARGIN = 1.025;
/** The pause after a 429 without Retry-After: half of ESET's one-second window, so it drains. */
export const DEFAULT_PAUSE_MS = 500;
/** The cubic's steepness, as a share of the limit per s³ (timings in docs/transport.md). */
const GROWTH = 0.0005;
/** The cubic levels off at this share of the refused rate (too high for a while before a 429). */
const BELOW_REFUSED = 0.95;
/** a 429 at the full rate this long after the last one (or the start) is taken for a one-off */
const ONE_OFF_AFTER_MS = 10_000;
/** ESET counts requests over one second */
const WINDOW_MS = 1000;
/** never slower than this share of the limit */
const FLOOR = 1 / 20;
/** the longest pause a 429 imposes on the other requests of the API user */
const MAX_PAUSE_MS = 600_000;

interface Waiter {
	/** with when it was let through, or undefined when a pause outlasts its deadline */
	release: (releasedAt: number | undefined) => void;
	signal?: AbortSignal;
	onAbort?: () => void;
	/** a pause after a 429 that lasts beyond this sends the waiter away */
	deadline: number;
}

export interface TakeOptions {
	/** a request ESET refused: it goes before the requests that have not been sent yet */
	retry?: boolean;
	/** when the request's own time ends (epoch ms): a pause beyond it sends the request away */
	deadline?: number;
}

interface Pace {
	/** the configured limit (requests per second) */
	limit: number;
	/** the rate in use now, ≤ limit */
	rate: number;
	/** a little below the rate a 429 last refused: what the cubic levels off at */
	refusedRate: number;
	/** when the rate began to grow back (requests resumed after the last decrease) */
	growingSince: number;
	lastReleaseAt: number;
	/** the latest releases (as many as the limit allows in a second) and when each really left */
	sent: Array<{ releasedAt: number; sentAt: number }>;
	/** the shortest round trips lately (ms), newest last: the time a request takes without delays */
	roundTrips: number[];
	pausedUntil: number;
	/** 429s before this moment answer requests sent before the last decrease: no new decrease */
	decreasedUntil: number;
	/** when the last 429 came (at first: when the pace began) */
	refusedAt: number;
	/** when ESET accepted this process's requests, over the last second */
	acceptedAt: number[];
	queue: Waiter[];
	pumping: boolean;
}

/** The longest a waiting pump sleeps before it looks again (a new limit may have come). */
const LOOK_AGAIN_MS = 1000;
/** a release this late still counts as on time */
const ON_TIME_MS = 5;
/** round trips remembered for the shortest (ten seconds' worth at ESET's limit) */
const ROUND_TRIPS = 100;
/**
 * Answers before the shortest round trip counts as a request without delays; until then the
 * whole round trip counts as leaving late (up to a second).
 */
const SHORTEST_KNOWN_AFTER = 50;
/** a longer delay is more likely ESET taking its time, not the request leaving late */
const MAX_LATE_MS = 150;

export class RateLimiter {
	private readonly paces = new Map<string, Pace>();

	private paceOf(key: string, limit: number): Pace {
		let pace = this.paces.get(key);
		if (!pace) {
			pace = {
				limit,
				rate: limit,
				// none refused yet
				refusedRate: Infinity,
				growingSince: 0,
				lastReleaseAt: 0,
				sent: [],
				roundTrips: [],
				pausedUntil: 0,
				decreasedUntil: 0,
				// a fresh pace has just started: its first 429 is no one-off (others may have started too)
				refusedAt: Date.now(),
				acceptedAt: [],
				queue: [],
				pumping: false,
			};
			this.paces.set(key, pace);
		}
		if (pace.limit !== limit) {
			const scale = limit / pace.limit;
			pace.rate = Math.min(limit, pace.rate * scale);
			pace.refusedRate = Math.min(limit, pace.refusedRate * scale);
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
	 * Resolves with the release time once a request for `key` may go (rate 0: at once), undefined if
	 * a 429's pause outlasts its `deadline`, or early when `signal` aborts (the caller checks it).
	 */
	async take(
		key: string,
		requestsPerSecond: number,
		signal?: AbortSignal,
		options: TakeOptions = {},
	): Promise<number | undefined> {
		if (requestsPerSecond <= 0 || signal?.aborted) return Date.now();
		const pace = this.paceOf(key, requestsPerSecond);
		const { retry = false, deadline = Infinity } = options;
		return await new Promise<number | undefined>((resolve) => {
			const waiter: Waiter = { release: resolve, signal, deadline };
			if (signal) {
				waiter.onAbort = () => {
					pace.queue = pace.queue.filter((w) => w !== waiter);
					resolve(Date.now());
				};
				signal.addEventListener('abort', waiter.onAbort, { once: true });
			}
			if (retry) pace.queue.unshift(waiter);
			else pace.queue.push(waiter);
			void this.pump(pace);
		});
	}

	/** Lets the waiters of one API user through, one at a time, each spaced from the one before. */
	private async pump(pace: Pace): Promise<void> {
		if (pace.pumping) return;
		pace.pumping = true;
		try {
			while (pace.queue.length) {
				for (const waiter of pace.queue.filter((w) => w.deadline < pace.pausedUntil)) {
					pace.queue = pace.queue.filter((w) => w !== waiter);
					if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
					waiter.release(undefined);
				}
				if (!pace.queue.length) break;
				const spacing = (1000 / pace.rate) * SPACING_MARGIN;
				// spaced from the previous release; and never more than the whole part of the rate within
				// a second of when the requests really left (a request that left late makes the one
				// `perWindow` later wait)
				const perWindow = Math.floor(pace.rate);
				const oldest =
					perWindow >= 1 && pace.sent.length >= perWindow
						? pace.sent[pace.sent.length - perWindow].sentAt + WINDOW_MS
						: 0;
				const releaseAt = Math.max(pace.lastReleaseAt + spacing, oldest, pace.pausedUntil);
				const now = Date.now();
				if (releaseAt > now) {
					// the loop looks again after waking: a 429 meanwhile only moves releaseAt later
					await sleep(Math.min(releaseAt - now, LOOK_AGAIN_MS));
					continue;
				}
				const waiter = pace.queue.shift()!;
				if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
				// A timer that fired a few milliseconds late does not stretch the spacing (the margin
				// covers that); a stalled process starts spacing afresh from now, without a burst.
				pace.lastReleaseAt = now - releaseAt <= ON_TIME_MS ? releaseAt : now;
				pace.sent.push({ releasedAt: now, sentAt: now });
				if (pace.sent.length > Math.max(Math.floor(pace.limit), 1)) pace.sent.shift();
				waiter.release(now);
			}
		} finally {
			pace.pumping = false;
		}
	}

	/**
	 * A request was answered: a round trip beyond the shortest lately means it left late, and the
	 * request `limit` places later then waits for a second after it really left.
	 */
	private answered(pace: Pace, releasedAt: number | undefined, now: number): void {
		if (releasedAt === undefined) return;
		const roundTrip = Math.max(now - releasedAt, 0);
		pace.roundTrips.push(roundTrip);
		if (pace.roundTrips.length > ROUND_TRIPS) pace.roundTrips.shift();
		const late =
			pace.roundTrips.length >= SHORTEST_KNOWN_AFTER
				? Math.min(roundTrip - Math.min(...pace.roundTrips), MAX_LATE_MS)
				: Math.min(roundTrip, WINDOW_MS);
		if (late <= 0) return;
		for (let i = pace.sent.length - 1; i >= 0; i--) {
			if (pace.sent[i].releasedAt === releasedAt) {
				pace.sent[i].sentAt = Math.max(pace.sent[i].sentAt, releasedAt + late);
				break;
			}
		}
	}

	/**
	 * ESET accepted a request (let through at `releasedAt`): the rate grows back along the cubic, up
	 * to the limit.
	 */
	succeeded(key: string, releasedAt?: number): void {
		const pace = this.paces.get(key);
		if (!pace) return;
		const now = Date.now();
		this.answered(pace, releasedAt, now);
		pace.acceptedAt.push(now);
		while (pace.acceptedAt[0] <= now - WINDOW_MS) pace.acceptedAt.shift();
		if (pace.rate >= pace.limit) return;
		const seconds = Math.max(now - pace.growingSince, 0) / 1000;
		const growth = GROWTH * pace.limit;
		const levelAfter = Math.cbrt((pace.refusedRate * (1 - DECREASE_FACTOR)) / growth);
		const target = pace.refusedRate + growth * (seconds - levelAfter) ** 3;
		pace.rate = Math.min(pace.limit, Math.max(pace.rate, target));
	}

	/**
	 * ESET answered 429 (request let through at `releasedAt`): hold every request back for
	 * `retryAfterMs` (default half a second), slow down; returns when requests resume (epoch ms).
	 */
	rateLimited(key: string, retryAfterMs?: number, releasedAt?: number): number {
		const now = Date.now();
		const resumeAt = now + Math.min(retryAfterMs ?? DEFAULT_PAUSE_MS, MAX_PAUSE_MS);
		const pace = this.paces.get(key);
		if (!pace) return resumeAt;
		this.answered(pace, releasedAt, now);
		pace.pausedUntil = Math.max(pace.pausedUntil, resumeAt);
		if (now < pace.decreasedUntil) return pace.pausedUntil;
		// At the full rate and after a long quiet: a one-off (two requests that reached ESET closer
		// together than they left). The pause is enough; a second 429 soon after lowers the rate.
		const oneOff = pace.rate >= pace.limit && now - pace.refusedAt >= ONE_OFF_AFTER_MS;
		pace.refusedAt = now;
		if (oneOff) {
			pace.decreasedUntil = pace.pausedUntil;
			return pace.pausedUntil;
		}
		{
			// At the first 429, what ESET accepted of this process in its last window is its share:
			// processes that start together at the full rate learn it at once. (Later, the window's
			// 429s to the other processes make that count too noisy to go by.)
			const first = !Number.isFinite(pace.refusedRate);
			while (pace.acceptedAt.length && pace.acceptedAt[0] <= now - WINDOW_MS)
				pace.acceptedAt.shift();
			const share = first
				? Math.max((pace.acceptedAt.length * 1000) / WINDOW_MS, pace.limit * FLOOR)
				: Infinity;
			const refused = pace.rate * BELOW_REFUSED;
			// not back at the level of last time: others need more room (CUBIC's fast convergence)
			const converging = !first && refused < pace.refusedRate;
			pace.refusedRate = Math.min(
				converging ? (refused * (1 + DECREASE_FACTOR)) / 2 : refused,
				share / DECREASE_FACTOR,
			);
			pace.rate = Math.max(Math.min(pace.rate * DECREASE_FACTOR, share), pace.limit * FLOOR);
			pace.decreasedUntil = pace.pausedUntil;
			pace.growingSince = pace.pausedUntil;
		}
		return pace.pausedUntil;
	}
}
