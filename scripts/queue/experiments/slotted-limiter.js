// @ts-nocheck
'use strict';
/**
 * An experiment for scripts/queue/simulate.js, not used by the package: a rate limiter that sends
 * only at instants of a grid on the wall clock that every n8n process shares (one instant every
 * 1.05 / limit s, so that any second holds at most `limit` of them), each process on every
 * `stride`-th instant from its own `offset`. Processes with the same stride then keep their
 * phases, and W processes at stride W on distinct offsets fill every instant exactly once: no
 * 429 and 95 % of the limit, shared evenly. The built limiter (continuous rates, cubic regrowth)
 * cannot hold such an arrangement: rates that run freely side by side drift against each other,
 * each 429 lowers only the process it reaches, so the shares stay uneven and wander, and with
 * equal work the processes finish far apart. (A variant with equal additive growth settled on
 * whole requests per second instead, 3 + 3 + 2 + 2 for four processes: no fairer.)
 *
 *   SIM_LIMITER=scripts/queue/experiments/slotted-limiter.js SIM_EVEN=1 SIM_JITTER_MS=20 \
 *     SIM_PROCESS_START_MS=400 node scripts/queue/simulate.js 2,3,4,6 24
 *
 * Rules: a 429 pauses the process for half a second and moves it to another offset; the fourth
 * 429 in a row (each within 3 s of the one before) widens the stride by one (at stride 1 the
 * first does). Every 40–80 s a process tries the next narrower stride and goes back at its
 * first 429 within 1.5 s; a try that holds is followed by the next one soon.
 *
 * Measured with the command above (2026-12-01, 24 runs each; wall time × ideal, mean / worst),
 * against the built limiter of then (before it sent whole numbers within a second): main + 2 1.07 /
 * 1.07 (built 1.23 / 1.31), main + 3 1.17 / 1.37 (1.27 / 1.35), main + 4 1.18 / 1.37 (1.29 / 1.37);
 * but main + 6 1.67 / 2.07 (1.37 / 1.46), and with unequal work per process (SIM_EVEN=0) main + 4
 * 1.40 / 1.91 (1.29 / 1.34): six processes find distinct offsets by chance only slowly, and
 * capacity that a finished process leaves is found only by the rare narrower tries — trying more
 * often costs more than it wins while all processes run. Not adopted for that reason.
 *
 * Why finding freed capacity is hard on a grid: a one-request probe tells free from taken only
 * when the grid has no room to spare (every second holds `limit` instants), but then any refused
 * request — the probe's or a colliding one — stays in the strict gateway's window for a second
 * and refuses the next instants' requests in turn; with one instant to spare per second nothing
 * cascades, but a probe on a taken instant is accepted too and proves nothing.
 */
const { ExperimentLimiter } = require('./experiment-limiter');

const SPACING_MARGIN = 1.05;
/** a release this late (a late timer) may still use its instant */
const LATE_MS = 40;
const TRY_EVERY_MS = 40_000;
const TRY_HOLDS_AFTER_MS = 1500;
const NEXT_TRY_AFTER_MS = 300;
const IN_A_ROW_MS = 3000;
const WIDEN_AFTER = 4;

class RateLimiter extends ExperimentLimiter {
	newPace() {
		return {
			stride: 1,
			offset: 0,
			lastInstant: -1,
			pausedUntil: 0,
			decreasedUntil: 0,
			inARow: 0,
			lastRefusalAt: undefined,
			trial: undefined,
			nextTrialAt: Date.now() + TRY_EVERY_MS * (1 + this.random()),
		};
	}

	instantMs(pace) {
		return (1000 / pace.limit) * SPACING_MARGIN;
	}

	currentRate(key) {
		const pace = this.paces.get(key);
		return pace ? pace.limit / pace.stride : undefined;
	}

	/** the first instant of this process at or after `from` (epoch ms) */
	nextInstant(pace, from) {
		let k = Math.max(Math.ceil(from / this.instantMs(pace)), pace.lastInstant + 1);
		const behind = (((k - pace.offset) % pace.stride) + pace.stride) % pace.stride;
		if (behind) k += pace.stride - behind;
		return k;
	}

	nextReleaseAt(pace, now) {
		pace.nextK = this.nextInstant(pace, Math.max(now - LATE_MS, pace.pausedUntil));
		return pace.nextK * this.instantMs(pace);
	}

	releasing(pace) {
		pace.lastInstant = pace.nextK;
	}

	succeeded(key) {
		const pace = this.paces.get(key);
		if (!pace) return;
		const now = Date.now();
		if (pace.trial && now - pace.trial.at >= TRY_HOLDS_AFTER_MS) {
			pace.trial = undefined;
			pace.nextTrialAt = now + NEXT_TRY_AFTER_MS * (1 + this.random());
		}
		if (!pace.trial && pace.stride > 1 && now >= pace.nextTrialAt && pace.queue.length > 0) {
			pace.trial = { at: now, stride: pace.stride, offset: pace.offset };
			pace.stride -= 1;
			pace.offset %= pace.stride;
			pace.nextTrialAt = now + TRY_EVERY_MS * (1 + this.random());
		}
	}

	slowDown(pace, now) {
		if (pace.trial) {
			pace.stride = pace.trial.stride;
			pace.offset = pace.trial.offset;
			pace.trial = undefined;
			pace.nextTrialAt = now + TRY_EVERY_MS * (1 + this.random());
			return;
		}
		const inARow = pace.lastRefusalAt !== undefined && now - pace.lastRefusalAt < IN_A_ROW_MS;
		pace.lastRefusalAt = now;
		pace.inARow = inARow ? pace.inARow + 1 : 0;
		if (pace.stride === 1 || pace.inARow >= WIDEN_AFTER - 1) {
			pace.stride += 1;
			pace.offset = Math.floor(this.random() * pace.stride);
			pace.inARow = 0;
		} else {
			const other = Math.floor(this.random() * (pace.stride - 1));
			pace.offset = other >= pace.offset ? other + 1 : other;
		}
		pace.nextTrialAt = Math.max(pace.nextTrialAt, now + TRY_EVERY_MS * (0.5 + this.random()));
	}
}

module.exports = { RateLimiter };
