// @ts-nocheck
'use strict';
/**
 * An experiment for scripts/queue/simulate.js, not used by the package: every process sends a
 * whole number k of requests per second, spaced (1000 + 30) / k ms, so that any second holds
 * exactly k of its requests and the processes' requests never clump (clumping.js: free rates
 * summing to 9 per second of a limit of 10 already get 8.6 % refused). k adapts one at a time: a
 * 429 pauses the process for half a second and lowers k by one (the first 429 to what ESET
 * accepted of it in the last second), and k grows by one after k × 3 s (× 0.5–1.5 at random, so
 * that processes do not grow together) without a 429 — twice as soon after each growth that held.
 *
 *   SIM_LIMITER=scripts/queue/experiments/whole-rates-limiter.js SIM_EVEN=1 SIM_JITTER_MS=20 \
 *     SIM_PROCESS_START_MS=400 node scripts/queue/simulate.js 0,2,3,4,6 24
 *
 * Measured with the command above (2026-12-01, 24 runs each; wall time × ideal, mean / worst),
 * against the built limiter of then (before it sent whole numbers within a second): one process
 * 1.03 / 1.03 (built 1.03 / 1.03), main + 2 1.19 / 1.33 (1.21 / 1.27), main + 3 1.20 / 1.29 (1.24 /
 * 1.29), main + 4 1.31 / 1.39 (1.29 / 1.42), main + 6 1.44 / 1.55 (1.38 / 1.47); with unequal work
 * (SIM_EVEN=0) main + 4 1.30 / 1.45 (1.29 / 1.39). No clumping, but steps of one request per second
 * are large at two or three per process: a decrease leaves room unused until someone grows, and
 * growing sooner costs as many 429s as it wins (variants: growth after k² × 3 s, lowering k only
 * for the process that grew last or on a second 429 — all between 1.18 and 1.39 for main + 4). Not
 * adopted: no better than the built one of then.
 */
const { ExperimentLimiter } = require('./experiment-limiter');

const MARGIN_MS = 30;
const GROW_AFTER_MS = 3000;
const SOONEST_GROWTH_MS = 1100;

class RateLimiter extends ExperimentLimiter {
	newPace(limit) {
		return {
			k: limit,
			refusedYet: false,
			lastReleaseAt: 0,
			pausedUntil: 0,
			decreasedUntil: 0,
			changedAt: Date.now(),
			held: 0,
			jitter: 1,
			acceptedAt: [],
		};
	}

	currentRate(key) {
		return this.paces.get(key)?.k;
	}

	nextReleaseAt(pace) {
		return Math.max(pace.lastReleaseAt + (1000 + MARGIN_MS) / pace.k, pace.pausedUntil);
	}

	releasing(pace, now, at) {
		pace.lastReleaseAt = now - at <= 5 ? at : now;
		this.grow(pace, now);
	}

	grow(pace, now) {
		if (pace.k >= pace.limit || !pace.refusedYet) return;
		const after = Math.max(
			(GROW_AFTER_MS * pace.k * pace.jitter) / 2 ** pace.held,
			SOONEST_GROWTH_MS,
		);
		if (now - pace.changedAt < after) return;
		pace.k++;
		pace.held++;
		pace.changedAt = now;
		pace.jitter = 0.5 + this.random();
	}

	succeeded(key) {
		const pace = this.paces.get(key);
		if (!pace) return;
		const now = Date.now();
		pace.acceptedAt.push(now);
		while (pace.acceptedAt[0] <= now - 1000) pace.acceptedAt.shift();
	}

	slowDown(pace, now) {
		while (pace.acceptedAt.length && pace.acceptedAt[0] <= now - 1000) pace.acceptedAt.shift();
		pace.k = pace.refusedYet
			? Math.max(1, pace.k - 1)
			: Math.max(1, Math.min(pace.k - 1, pace.acceptedAt.length));
		pace.refusedYet = true;
		pace.held = 0;
		pace.jitter = 0.5 + this.random();
		pace.changedAt = pace.pausedUntil;
	}
}

module.exports = { RateLimiter };
