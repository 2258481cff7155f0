// @ts-nocheck
'use strict';
/**
 * What the experimental limiters share: the interface scripts/queue/simulate.js calls (take,
 * pausedFor, succeeded, rateLimited, currentRate), a queue per API user whose refused requests go
 * first, and a seeded random source per limiter (every process its own, the runs repeatable).
 * A 429 holds the API user's requests back for Retry-After (without one, `pauseMs`) and, once
 * per such pause, lets the subclass slow down (`slowDown`). A subclass makes a pace (`newPace`,
 * with `pausedUntil` and `decreasedUntil`), says when the next waiter may go (`nextReleaseAt`)
 * and what letting it through then changes (`releasing`).
 */
const { sleep } = require('n8n-workflow');
const { seededRandom } = require('../seeded-random');

let limiters = 0;

class ExperimentLimiter {
	constructor(pauseMs = 500) {
		this.pauseMs = pauseMs;
		this.paces = new Map();
		this.random = seededRandom(((7919 + limiters++) * 2654435761) >>> 0);
	}

	paceOf(key, limit) {
		let pace = this.paces.get(key);
		if (!pace) {
			pace = { ...this.newPace(limit), limit, queue: [], pumping: false };
			this.paces.set(key, pace);
		}
		pace.limit = limit;
		return pace;
	}

	pausedFor(key) {
		return Math.max((this.paces.get(key)?.pausedUntil ?? 0) - Date.now(), 0);
	}

	rateLimited(key, retryAfterMs) {
		const now = Date.now();
		const pace = this.paces.get(key);
		const resumeAt = now + (retryAfterMs ?? this.pauseMs);
		if (!pace) return resumeAt;
		pace.pausedUntil = Math.max(pace.pausedUntil, resumeAt);
		if (now < pace.decreasedUntil) return pace.pausedUntil;
		pace.decreasedUntil = pace.pausedUntil;
		this.slowDown(pace, now);
		return pace.pausedUntil;
	}

	/** Lets the waiters of one API user through, one at a time. */
	async pump(pace) {
		if (pace.pumping) return;
		pace.pumping = true;
		try {
			while (pace.queue.length) {
				const now = Date.now();
				const at = this.nextReleaseAt(pace, now);
				if (at > now) {
					await sleep(Math.min(at - now, 1000));
					continue;
				}
				this.releasing(pace, now, at);
				pace.queue.shift().release(now);
			}
		} finally {
			pace.pumping = false;
		}
	}

	async take(key, requestsPerSecond, _signal, options = {}) {
		const pace = this.paceOf(key, requestsPerSecond);
		return await new Promise((release) => {
			if (options.retry) pace.queue.unshift({ release });
			else pace.queue.push({ release });
			void this.pump(pace);
		});
	}
}

module.exports = { ExperimentLimiter };
