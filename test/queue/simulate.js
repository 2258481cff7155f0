#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * A model of `npm run test:queue` in virtual time, for tuning the ESET rate limiter in seconds
 * instead of minutes: W processes, each with its own RateLimiter (the built
 * dist/nodes/EsetIncident/transport/rate-limiter.js, unchanged) and the transport's handling of a 429, share
 * one strict gateway (N requests per rolling second per API user, refused requests counted). Jobs
 * of items are handed to the processes as n8n's queue does (a free slot takes the next job).
 *
 *   npm run build && node test/queue/simulate.js [workers=0,1,2,3,4] [seeds=5]
 *
 * Environment: SIM_CLOSES (600), SIM_JOBS (20), SIM_LIMIT (10), SIM_RETRY_AFTER (seconds; none),
 * SIM_LATENCY_MS (one way, 3), SIM_JITTER_MS (extra one-way delay up to, 0), SIM_JOB_START_MS (spread
 * of job starts, 1500), SIM_EVEN ("1": jobs handed out in turn, as n8n's queue did in real runs),
 * SIM_PROCESS_START_MS (process p starts no earlier than p × this, in a random order; 0),
 * SIM_LIMITER (another rate limiter to try instead of the built one; see docs/rate-limiter-experiments.md),
 * SIM_TRACE ("1": requests and rates per second), SIM_LOSS ("1": where each run's time above the
 * ideal went — refused requests, and seconds the gateway had room to spare in the first 10 s, until
 * the first process finished, and after).
 * Not a test: real n8n in `npm run test:queue` is the measure; this only shows the dynamics.
 */
const Module = require('node:module');
const path = require('node:path');
const { seededRandom } = require('./seeded-random');

// ------------------------------------------------------------------ virtual time
let now = 0;
/** @type {Array<{ at: number, seq: number, resolve: () => void }>} */
const timers = [];
let seq = 0;
/** @param {number} at @param {() => void} resolve */
function addTimer(at, resolve) {
	const timer = { at, seq: seq++, resolve };
	let i = timers.length;
	timers.push(timer);
	while (
		i > 0 &&
		(timers[i - 1].at > at || (timers[i - 1].at === at && timers[i - 1].seq > timer.seq))
	) {
		timers[i] = timers[i - 1];
		i--;
	}
	timers[i] = timer;
}
/** @param {number} ms */
const sleep = (ms) =>
	new Promise((resolve) => addTimer(now + Math.max(ms, 0), () => resolve(undefined)));
Date.now = () => now;

// the limiter (and nothing else of the package) sees this n8n-workflow
const fakeWorkflow = { sleep };
const load = /** @type {any} */ (Module)._load;
/** @type {any} */ (Module)._load = function (
	/** @type {string} */ request,
	/** @type {any[]} */ ...rest
) {
	if (request === 'n8n-workflow') return fakeWorkflow;
	return load.call(this, request, ...rest);
};
const { RateLimiter } = require(
	process.env.SIM_LIMITER
		? path.resolve(process.env.SIM_LIMITER)
		: path.join(
				__dirname,
				'..',
				'..',
				'dist',
				'nodes',
				'EsetIncident',
				'transport',
				'rate-limiter.js',
			),
);

const CLOSES = Number(process.env.SIM_CLOSES ?? 600);
const JOBS = Number(process.env.SIM_JOBS ?? 20);
const LIMIT = Number(process.env.SIM_LIMIT ?? 10);
const RETRY_AFTER = process.env.SIM_RETRY_AFTER ? Number(process.env.SIM_RETRY_AFTER) : undefined;
const LATENCY = Number(process.env.SIM_LATENCY_MS ?? 3);
const JOB_START_SPREAD = Number(process.env.SIM_JOB_START_MS ?? 1500);
/** process p (in a random order) starts its jobs no earlier than p × this (real n8n processes began up to 1.2 s apart) */
const PROCESS_START_STEP = Number(process.env.SIM_PROCESS_START_MS ?? 0);
const CONCURRENCY = 10;
/** extra one-way delay, uniformly up to this (the gateway's and the sender's event loops) */
const JITTER = Number(process.env.SIM_JITTER_MS ?? 0);
/** jobs handed out in turn (as n8n's queue did in the real runs) instead of at random */
const EVEN = process.env.SIM_EVEN === '1';
const TRACE = process.env.SIM_TRACE === '1';
const LOSS = process.env.SIM_LOSS === '1';
/** "backoff": a 429 waits the transport's own exponential back-off (before tuning); else the limiter says when */
const TRANSPORT = process.env.SIM_TRANSPORT ?? 'limiter';
/** @param {number} attempt */
const backoffMs = (attempt) => {
	const ceiling = Math.min(500 * 2 ** attempt, 30_000);
	return ceiling / 2 + Math.random() * (ceiling / 2);
};
const MAX_WAIT_MS = 180_000;

/** @param {number} workers  0: one process @param {number} seed */
async function simulate(workers, seed) {
	now = 0;
	timers.length = 0;
	const rnd = seededRandom(seed);
	const processes = Math.max(workers, 1);
	const limiters = Array.from({ length: processes }, () => new RateLimiter());
	const window = /** @type {number[]} */ ([]);
	let requests = 0;
	let tooMany = 0;
	let failed = 0;
	let done = 0;
	const arrivals = /** @type {number[]} */ ([]);
	/** @type {Record<number, { ok: number, refused: number, rates: number[] }>} */
	const trace = {};

	const gateway = () => {
		requests++;
		arrivals.push(now);
		window.push(now);
		while (window.length && window[0] <= now - 1000) window.shift();
		const status = window.length > LIMIT ? 429 : 200;
		if (status === 429) tooMany++;
		if (TRACE) {
			const second = Math.floor(now / 1000);
			const row = (trace[second] ??= { ok: 0, refused: 0, rates: [] });
			if (status === 429) row.refused++;
			else row.ok++;
			row.rates = limiters.map((l) => Number((l.currentRate('user') ?? LIMIT).toFixed(2)));
		}
		return status;
	};

	/** mirrors esetRequest's loop for a close @param {any} limiter */
	const item = async (limiter) => {
		let budgetEndsAt;
		let rateLimitedTimes = 0;
		for (;;) {
			const releasedAt = await limiter.take('user', LIMIT);
			budgetEndsAt ??= now + MAX_WAIT_MS;
			await sleep(LATENCY + rnd() * JITTER);
			const status = gateway();
			await sleep(LATENCY);
			if (status === 200) {
				limiter.succeeded('user', releasedAt);
				done++;
				return;
			}
			if (TRANSPORT === 'backoff') {
				// the transport before tuning: its own exponential back-off without Retry-After
				const delay =
					RETRY_AFTER !== undefined ? RETRY_AFTER * 1000 : backoffMs(rateLimitedTimes++);
				limiter.rateLimited('user', delay);
				if (now + delay > budgetEndsAt) {
					failed++;
					return;
				}
				await sleep(delay);
				continue;
			}
			const resumeAt = limiter.rateLimited(
				'user',
				RETRY_AFTER === undefined ? undefined : RETRY_AFTER * 1000,
				releasedAt,
			);
			if (resumeAt > budgetEndsAt) {
				failed++;
				return;
			}
		}
	};

	// jobs: a process with a free slot takes the next one, after a pick-up delay
	const perJob = Math.ceil(CLOSES / JOBS);
	const busy = Array(processes).fill(0);
	const startOrder = Array.from({ length: processes }, (_, i) => i);
	if (PROCESS_START_STEP) startOrder.sort(() => rnd() - 0.5);
	/** @type {number[]} */
	const finishedAt = [];
	const running = [];
	let next = 0;
	const pickUp = async () => {
		while (next < JOBS) {
			const free = busy.map((b, i) => (b < CONCURRENCY ? i : -1)).filter((i) => i >= 0);
			if (!free.length) {
				await sleep(50);
				continue;
			}
			const p = EVEN ? next % processes : free[Math.floor(rnd() * free.length)];
			const job = next++;
			busy[p]++;
			const items = Math.min(perJob, CLOSES - job * perJob);
			running.push(
				(async () => {
					await sleep(Math.max(rnd() * JOB_START_SPREAD, startOrder[p] * PROCESS_START_STEP));
					await Promise.all(Array.from({ length: items }, () => item(limiters[p])));
					busy[p]--;
					finishedAt[p] = Math.max(finishedAt[p] ?? 0, now);
				})(),
			);
		}
	};
	const all = (async () => {
		await pickUp();
		await Promise.all(running);
	})();
	let finished = false;
	all.then(() => (finished = true));
	while (!finished) {
		await new Promise((resolve) => setImmediate(resolve));
		if (finished) break;
		const timer = timers.shift();
		if (!timer) throw new Error('deadlock: nothing scheduled');
		now = timer.at;
		timer.resolve();
	}
	let max = 0;
	for (let s = 0, e = 0; e < arrivals.length; e++) {
		while (arrivals[e] - arrivals[s] >= 1000) s++;
		max = Math.max(max, e - s + 1);
	}
	if (TRACE)
		for (const [second, row] of Object.entries(trace))
			console.log(
				`${second.padStart(4)} s: ${String(row.ok).padStart(2)} ok ${String(row.refused).padStart(2)} refused, rates ${row.rates.join(' ')}`,
			);
	const spread = (Math.max(...finishedAt) - Math.min(...finishedAt)) / 1000;
	if (LOSS) {
		// capacity the gateway had and nobody used, in seconds of the limit
		const firstFinish = Math.min(...finishedAt);
		const perSecond = /** @type {Record<number, number>} */ ({});
		for (const at of arrivals)
			perSecond[Math.floor(at / 1000)] = (perSecond[Math.floor(at / 1000)] ?? 0) + 1;
		const unused = { start: 0, allRunning: 0, afterFirstFinished: 0 };
		for (let second = Math.floor(arrivals[0] / 1000); second < Math.ceil(now / 1000); second++) {
			const share = Math.max(LIMIT - (perSecond[second] ?? 0), 0) / LIMIT;
			if (second * 1000 >= firstFinish) unused.afterFirstFinished += share;
			else if (second < 10) unused.start += share;
			else unused.allRunning += share;
		}
		console.log(
			`  seed ${seed}: ${(now / 1000).toFixed(1)} s; refused ${(tooMany / LIMIT).toFixed(1)} s; unused: first 10 s ${unused.start.toFixed(1)} s, until the first process finished (${(firstFinish / 1000).toFixed(0)} s) ${unused.allRunning.toFixed(1)} s, after ${unused.afterFirstFinished.toFixed(1)} s`,
		);
	}
	return { wall: now / 1000 / (CLOSES / LIMIT), requests, tooMany, failed, done, max, spread };
}

async function main() {
	const workerCounts = (process.argv[2] ?? '0,1,2,3,4').split(',').map(Number);
	const seeds = Number(process.argv[3] ?? 5);
	for (const workers of workerCounts) {
		const results = [];
		for (let seed = 1; seed <= seeds; seed++) results.push(await simulate(workers, seed));
		const fmt = (/** @type {(r: any) => number} */ f, digits = 2) =>
			results.map((r) => f(r).toFixed(digits)).join(' ');
		console.log(
			`${workers ? `main+${workers}` : 'one    '}: wall × ${fmt((r) => r.wall)} | 429/req % ${fmt((r) => (100 * r.tooMany) / r.requests, 1)} | failed ${fmt((r) => r.failed, 0)} | max/s ${fmt((r) => r.max, 0)} | processes finished within s ${fmt((r) => r.spread, 0)}`,
		);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
