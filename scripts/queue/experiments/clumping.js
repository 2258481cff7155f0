#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * How many requests a strict gateway (N per rolling second, refused requests counted) refuses when
 * several processes each send evenly spaced at a fixed rate, their sum below the limit, without
 * adapting: a process at 2.4 per second has 2 or 3 requests in a given second, depending on where
 * that second starts, and when enough of them have 3 at once the window overflows. Rates that
 * are whole numbers per second (spaced (1000 + 25) / k ms) have exactly k in every second, and
 * only their sum counts.
 *
 *   node scripts/queue/experiments/clumping.js [processes=4] [runs=20]
 *
 * Measured 2026-12-01 (four processes, up to 20 ms jitter, the command above): refused at a sum
 * of 8.4 / 9 / 9.5 per second — uneven free rates 1.6 / 8.6 / 23 %, equal shares (2.1 / 2.25 /
 * 2.375 each) 2.4 / 21 / 28 %, whole rates (3 + 3 + 2 + 2 and the like, spaced with a margin)
 * none. That is why the adaptive limiter's processes settle with their sum near 8.5–9 per second
 * of a limit of 10 (see scripts/queue/simulate.js with SIM_LOSS=1), why their shares drift apart
 * rather than together, and why whole rates were tried (whole-rates-limiter.js).
 */
const { seededRandom } = require('../seeded-random');

const PROCESSES = Number(process.argv[2] ?? 4);
const RUNS = Number(process.argv[3] ?? 20);
const LIMIT = 10;
const SECONDS = 60;
const JITTER_MS = 20;

/** @param {number} sum @param {'uneven' | 'equal' | 'whole'} shares */
function refusedShare(sum, shares) {
	const whole = shares === 'whole';
	let refused = 0;
	let requests = 0;
	for (let run = 1; run <= RUNS; run++) {
		const rnd = seededRandom(run);
		const weights = Array.from({ length: PROCESSES }, () => (shares === 'equal' ? 1 : 0.5 + rnd()));
		const total = weights.reduce((a, b) => a + b);
		let rates = weights.map((w) => (w * sum) / total);
		if (whole) {
			rates = rates.map(Math.floor);
			for (
				let i = 0, left = Math.floor(sum) - rates.reduce((a, b) => a + b);
				left > 0;
				i = (i + 1) % PROCESSES, left--
			)
				rates[i]++;
		}
		const arrivals = [];
		for (const rate of rates) {
			if (rate <= 0) continue;
			const spacing = whole ? (1000 + 25) / rate : 1000 / rate;
			for (let t = rnd() * 1000; t < SECONDS * 1000; t += spacing)
				arrivals.push(t + rnd() * JITTER_MS);
		}
		arrivals.sort((a, b) => a - b);
		const window = [];
		for (const at of arrivals) {
			while (window.length && window[0] <= at - 1000) window.shift();
			window.push(at);
			requests++;
			if (window.length > LIMIT) refused++;
		}
	}
	return (100 * refused) / requests;
}

for (const sum of [8, 8.4, 9, 9.5]) {
	console.log(
		`sum ${sum} per second: refused — uneven free rates ${refusedShare(sum, 'uneven').toFixed(1)} %, equal ${refusedShare(sum, 'equal').toFixed(1)} %, whole ${refusedShare(sum, 'whole').toFixed(1)} %`,
	);
}
