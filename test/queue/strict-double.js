// @ts-check
'use strict';
/**
 * The API double of the end-to-end run (test/e2e/double-server.js) with ESET's rate limit
 * enforced like a strict gateway: at most `limit` incident-management requests per API user in any
 * rolling second, counted over every request that arrives, the refused ones included — so a client
 * that keeps sending while refused stays refused. Which token a request carries does not matter:
 * every n8n process fetches its own token for the same API user.
 *
 * Extra control routes:
 *   POST /__control/strict {limit, retryAfterSeconds?}  enforce the limit (retryAfterSeconds: send
 *                                                     that Retry-After with each 429; default none)
 *   GET  /__control/strict                            what happened since the last reset: requests,
 *                                                     429s, accepted, incidents closed, the most
 *                                                     requests (and accepted ones) in any 1 s
 *
 * Run alone: `node test/queue/strict-double.js [port]` prints {"url": …} once listening.
 */
const { ControlledApiDouble } = require('../e2e/double-server');

const WINDOW_MS = 1000;

/**
 * The most timestamps within any `windowMs` (sorted input).
 * @param {number[]} times
 */
function maxInWindow(times, windowMs = WINDOW_MS) {
	let max = 0;
	for (let start = 0, end = 0; end < times.length; end++) {
		while (times[end] - times[start] >= windowMs) start++;
		max = Math.max(max, end - start + 1);
	}
	return max;
}

class StrictApiDouble extends ControlledApiDouble {
	constructor() {
		super();
		/** @type {{ limit: number, retryAfterSeconds?: number } | undefined} */
		this.strict = undefined;
		this.resetStrict();
	}

	resetStrict() {
		/** arrival times (ms) of incident-management requests per API user, for the rolling window */
		this.windows = /** @type {Map<string, number[]>} */ (new Map());
		/** @type {Array<{ at: number, status: number }>} */
		this.arrivals = [];
		/** incidents closed with a 2xx answer */
		this.closed = new Set();
		this.closeAnswers = 0;
		/** @type {Record<string, number>} */
		this.perToken = {};
		/** when each token's first and last accepted request arrived @type {Record<string, { first: number, last: number }>} */
		this.tokenSpan = {};
	}

	/** @param {{ newApiUser?: boolean }} [options] */
	reset(options) {
		super.reset(options);
		this.resetStrict?.();
	}

	/** @param {string} route @param {any} body @param {URL} url */
	control(route, body, url) {
		if (route === 'POST /__control/strict') {
			if (!(Number(body.limit) > 0))
				return { status: 400, body: { error: 'limit (requests per second, > 0) is required' } };
			this.strict = {
				limit: Number(body.limit),
				retryAfterSeconds:
					body.retryAfterSeconds === undefined ? undefined : Number(body.retryAfterSeconds),
			};
			return { status: 200, body: { ok: true } };
		}
		if (route === 'GET /__control/strict') return { status: 200, body: this.stats() };
		return super.control(route, body, url);
	}

	stats() {
		const all = this.arrivals.map((a) => a.at);
		const accepted = this.arrivals.filter((a) => a.status !== 429).map((a) => a.at);
		const tooMany = this.arrivals.length - accepted.length;
		const first = all[0] ?? 0;
		/** accepted / refused per second from the first request, and accepted per token (≈ per n8n process) */
		const timeline = [];
		for (const a of this.arrivals) {
			const second = Math.floor((a.at - first) / 1000);
			while (timeline.length <= second) timeline.push([0, 0]);
			timeline[second][a.status === 429 ? 1 : 0]++;
		}
		// how close one process came to the limit: the shortest time holding limit + 1 arrivals
		let tightestSpanMs = Infinity;
		const limit = this.strict?.limit ?? 0;
		for (let i = limit; limit && i < all.length; i++)
			tightestSpanMs = Math.min(tightestSpanMs, all[i] - all[i - limit]);
		return {
			tightestSpanMs: Number.isFinite(tightestSpanMs) ? tightestSpanMs : null,
			timeline: timeline
				.map(([ok, refused]) => (refused ? `${ok}+${refused}` : String(ok)))
				.join(' '),
			/** per token (≈ per n8n process): accepted requests, and from when to when (s after the first request) */
			perToken: Object.entries(this.perToken ?? {})
				.map(([token, count]) => ({
					count,
					from: (this.tokenSpan[token].first - first) / 1000,
					to: (this.tokenSpan[token].last - first) / 1000,
				}))
				.sort((a, b) => a.to - b.to),
			limit: this.strict?.limit,
			requests: this.arrivals.length,
			tooManyRequests: tooMany,
			accepted: accepted.length,
			closed: this.closed.size,
			closeAnswers: this.closeAnswers,
			maxRequestsInAnySecond: maxInWindow(all),
			maxAcceptedInAnySecond: maxInWindow(accepted),
			firstAt: all[0],
			lastAt: all.at(-1),
		};
	}

	/** @param {import('../support/api-double').RecordedRequest} request */
	esetApi(request) {
		if (!this.strict) return this.record(request, super.esetApi(request));
		const user = this.eset.user;
		const window = this.windows.get(user) ?? [];
		this.windows.set(user, window);
		window.push(request.at);
		while (window.length && window[0] <= request.at - WINDOW_MS) window.shift();
		if (window.length > this.strict.limit) {
			this.eset.tooManyRequestsSent++;
			const headers =
				this.strict.retryAfterSeconds === undefined
					? undefined
					: { 'retry-after': String(this.strict.retryAfterSeconds) };
			return this.record(request, {
				status: 429,
				headers,
				body: { code: 8, message: 'rate limit reached' },
			});
		}
		return this.record(request, super.esetApi(request));
	}

	/**
	 * @param {import('../support/api-double').RecordedRequest} request
	 * @param {import('../support/api-double').ScriptedResponse} response
	 */
	record(request, response) {
		this.arrivals.push({ at: request.at, status: response.status });
		if (response.status !== 429) {
			const token = String(request.headers.authorization ?? '');
			this.perToken[token] = (this.perToken[token] ?? 0) + 1;
			const span = (this.tokenSpan[token] ??= { first: request.at, last: request.at });
			span.last = request.at;
		}
		const close = request.path.match(/^\/eset\/v2\/incidents\/([^/]+):close$/);
		if (close && response.status >= 200 && response.status < 300) {
			this.closeAnswers++;
			this.closed.add(close[1]);
		}
		return response;
	}

	/**
	 * Keeps the recorded requests small: the strict runs send thousands, and the base class keeps
	 * every one (with its body) for the jest suite.
	 * @param {any} request
	 */
	answer(request) {
		const response = super.answer(request);
		if (this.strict && this.requests.length > 200)
			this.requests.splice(0, this.requests.length - 200);
		return response;
	}
}

module.exports = { StrictApiDouble, maxInWindow };

if (require.main === module) {
	const double = new StrictApiDouble();
	double.start(Number(process.argv[2] ?? 0)).then((url) => {
		process.stdout.write(`${JSON.stringify({ url })}\n`);
		const stop = () => double.stop().then(() => process.exit(0));
		process.on('SIGTERM', stop);
		process.on('SIGINT', stop);
	});
}
