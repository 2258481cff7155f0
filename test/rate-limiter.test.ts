import { DEFAULT_PAUSE_MS, RateLimiter } from '../nodes/EsetIncident/transport/rate-limiter';

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]);

describe('RateLimiter', () => {
	test('spaces requests evenly, one every 1/rate seconds', async () => {
		const limiter = new RateLimiter();
		const releases: number[] = [];
		await Promise.all(
			Array.from({ length: 6 }, () =>
				limiter.take('user', 5).then(() => releases.push(Date.now())),
			),
		);
		// the first at once, then one every 200 ms: never two within one interval
		for (const gap of gaps(releases)) expect(gap).toBeGreaterThanOrEqual(195);
	});

	test('a stalled process does not catch up with a burst: each release is spaced from the one before', async () => {
		const limiter = new RateLimiter();
		const releases: number[] = [];
		setTimeout(() => {
			const stalledUntil = Date.now() + 700;
			while (Date.now() < stalledUntil) {
				// a blocked event loop (garbage collection, a heavy node)
			}
		}, 50);
		await Promise.all(
			Array.from({ length: 5 }, () =>
				limiter.take('user', 4).then(() => releases.push(Date.now())),
			),
		);
		for (const gap of gaps(releases)) expect(gap).toBeGreaterThanOrEqual(245);
		for (const release of releases) {
			expect(
				releases.filter((other) => other >= release && other < release + 1000).length,
			).toBeLessThanOrEqual(4);
		}
	});

	test('keeps API users apart and lets an unlimited rate through at once', async () => {
		const limiter = new RateLimiter();
		await limiter.take('a', 1);
		const started = Date.now();
		await limiter.take('b', 1);
		await limiter.take('a', 0);
		// at 1 request per second, waiting would take a second
		expect(Date.now() - started).toBeLessThan(500);
	});

	test('a 429 holds every request back for Retry-After and lowers the rate once per pause', async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 10);
		for (let i = 0; i < 10; i++) limiter.succeeded('user');
		const resumeAt = limiter.rateLimited('user', 400);
		expect(resumeAt - Date.now()).toBeGreaterThan(350);
		// the answers to requests sent before the pause change nothing more
		expect(limiter.rateLimited('user', 100)).toBe(resumeAt);
		expect(limiter.currentRate('user')).toBeCloseTo(8.5, 5);
		const started = Date.now();
		await limiter.take('user', 10);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
	});

	test('without Retry-After, holds back for half a second (ESET counts refused requests over one second)', () => {
		const limiter = new RateLimiter();
		void limiter.take('user', 10);
		const before = Date.now();
		const resumeAt = limiter.rateLimited('user');
		expect(resumeAt - before).toBeGreaterThanOrEqual(DEFAULT_PAUSE_MS);
		expect(resumeAt - before).toBeLessThan(DEFAULT_PAUSE_MS + 50);
		// and with no limit of its own, it still says how long to wait
		expect(new RateLimiter().rateLimited('unlimited', 2000) - Date.now()).toBeGreaterThan(1950);
	});

	test('learns its share from the first 429: the rate falls to what ESET accepted of it in the last second', async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 10);
		// four processes started at 10/s together: ESET accepted 3 of this one's requests
		for (let i = 0; i < 3; i++) limiter.succeeded('user');
		limiter.rateLimited('user');
		expect(limiter.currentRate('user')).toBe(3);
	});

	test("later 429s lower the rate to 85 %, whatever got through (the window then also holds the others' 429s)", () => {
		let now = 1_000_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const limiter = new RateLimiter();
			void limiter.take('user', 10);
			for (let i = 0; i < 4; i++) limiter.succeeded('user');
			const resumeAt = limiter.rateLimited('user');
			expect(limiter.currentRate('user')).toBe(4);
			now = resumeAt + 2000;
			limiter.succeeded('user');
			const before = limiter.currentRate('user')!;
			limiter.rateLimited('user');
			expect(limiter.currentRate('user')).toBeCloseTo(before * 0.85, 5);
		} finally {
			clock.mockRestore();
		}
	});

	test('grows back along a cubic: fast at first, flat just below the refused rate, then up to the limit and no further', () => {
		let now = 1_000_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const limiter = new RateLimiter();
			void limiter.take('user', 10);
			for (let i = 0; i < 10; i++) limiter.succeeded('user');
			const resumeAt = limiter.rateLimited('user');
			expect(limiter.currentRate('user')).toBeCloseTo(8.5, 5);
			const rateAfter = (seconds: number) => {
				now = resumeAt + seconds * 1000;
				limiter.succeeded('user');
				return limiter.currentRate('user')!;
			};
			const rates = [1, 3, 5, 6, 7, 8, 10, 12, 20].map(rateAfter);
			for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
			expect(rates[0]).toBeGreaterThan(8.55);
			// flat a little below the rate refused (10 × 0.95) for seconds
			for (const rate of rates.slice(2, 5)) {
				expect(rate).toBeGreaterThan(9.3);
				expect(rate).toBeLessThan(9.6);
			}
			expect(rates.at(-2)).toBe(10);
			expect(rates.at(-1)).toBe(10);
		} finally {
			clock.mockRestore();
		}
	});

	test('a request that left late (a long round trip) makes the one a limit later wait a second after it really left', async () => {
		const limiter = new RateLimiter();
		for (let i = 0; i < 3; i++) limiter.succeeded('user', await limiter.take('user', 5));
		const late = (await limiter.take('user', 5))!;
		// answered 150 ms after it was let through, where the others took a few: it left late
		await new Promise((resolve) => setTimeout(resolve, 150));
		limiter.succeeded('user', late);
		const releases = [late];
		for (let i = 0; i < 5; i++) {
			const releasedAt = (await limiter.take('user', 5))!;
			limiter.succeeded('user', releasedAt);
			releases.push(releasedAt);
		}
		// the next ones keep their spacing (210 ms at 5/s) ...
		expect(releases[1] - late).toBeLessThan(300);
		// ... and the fifth after it waits until a second after the late one really left
		expect(releases[5] - late).toBeGreaterThanOrEqual(1130);
	});

	test('a process that starts busy (every round trip long so far) counts a long one as leaving late; once known, a steady long round trip costs nothing', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		try {
			const limiter = new RateLimiter();
			const releases: number[] = [];
			// 150 requests at 50/s (one every 21 ms), each answered 100 ms after it was let through —
			// n8n busy at the start, or simply a far ESET — the first after 400 ms (n8n stalled)
			const all = Promise.all(
				Array.from({ length: 150 }, () =>
					limiter.take('user', 50).then((releasedAt) => {
						setTimeout(() => limiter.succeeded('user', releasedAt), releases.length ? 100 : 400);
						releases.push(releasedAt!);
					}),
				),
			);
			await jest.advanceTimersByTimeAsync(10_000);
			await all;
			// the first 50 round trips prove no shorter one: the request 50 places later waits until a
			// second after each of them may really have left, not just 50 spacings (1050 ms)
			expect(releases[50] - releases[0]).toBeGreaterThanOrEqual(1400);
			expect(releases[51] - releases[1]).toBeGreaterThanOrEqual(1100);
			// afterwards 100 ms is known to be how long a request takes: back to the spacing alone
			expect(releases[149] - releases[99]).toBeLessThanOrEqual(1051);
		} finally {
			jest.useRealTimers();
		}
	});

	test('at a fractional rate, never more than its whole part within any second (the shares of several processes cannot bunch up)', async () => {
		jest.useFakeTimers({ now: 1_000_000 });
		try {
			const limiter = new RateLimiter();
			await limiter.take('user', 10);
			// four processes started together: ESET accepted 3 of this one's requests, then a later 429
			for (let i = 0; i < 3; i++) limiter.succeeded('user');
			limiter.rateLimited('user');
			await jest.advanceTimersByTimeAsync(2000);
			limiter.rateLimited('user');
			expect(limiter.currentRate('user')).toBeCloseTo(2.55, 5);
			const releases: number[] = [];
			const all = Promise.all(
				Array.from({ length: 12 }, () =>
					limiter.take('user', 10).then((releasedAt) => releases.push(releasedAt!)),
				),
			);
			await jest.advanceTimersByTimeAsync(10_000);
			await all;
			for (const release of releases) {
				expect(
					releases.filter((other) => other >= release && other < release + 1000).length,
				).toBeLessThanOrEqual(2);
			}
			// spaced by the rate within the second (1/2.55 s and 2.5 %), not by the whole part
			expect(Math.min(...gaps(releases))).toBeLessThan(450);
			// two every second: the 12 take five seconds and a half, not six
			expect(releases[11] - releases[0]).toBeLessThanOrEqual(5500);
		} finally {
			jest.useRealTimers();
		}
	});

	test('a lone 429 at the full rate after a long quiet only holds back; a second one soon after lowers the rate', () => {
		let now = 1_000_000;
		const clock = jest.spyOn(Date, 'now').mockImplementation(() => now);
		try {
			const limiter = new RateLimiter();
			void limiter.take('user', 10);
			now += 30_000;
			for (let i = 0; i < 9; i++) limiter.succeeded('user');
			const resumeAt = limiter.rateLimited('user');
			expect(resumeAt - now).toBe(DEFAULT_PAUSE_MS);
			expect(limiter.currentRate('user')).toBe(10);
			now = resumeAt + 2000;
			for (let i = 0; i < 9; i++) limiter.succeeded('user');
			limiter.rateLimited('user');
			expect(limiter.currentRate('user')).toBeCloseTo(8.5, 5);
		} finally {
			clock.mockRestore();
		}
	});

	test('a request ESET refused goes before the requests not sent yet', async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 4);
		const order: string[] = [];
		await Promise.all([
			limiter.take('user', 4).then(() => order.push('new')),
			limiter.take('user', 4, undefined, { retry: true }).then(() => order.push('retry')),
		]);
		expect(order).toEqual(['retry', 'new']);
	});

	test('a stopped execution leaves the queue at once', async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 0.5);
		const controller = new AbortController();
		const started = Date.now();
		setTimeout(() => controller.abort(), 100);
		await limiter.take('user', 0.5, controller.signal);
		expect(Date.now() - started).toBeLessThan(1000);
	});
});

describe('RateLimiter: pauses and deadlines', () => {
	test("a 429's pause that outlasts a waiting request's deadline sends it away at once, not after the pause", async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 10);
		limiter.rateLimited('user', 60_000);
		const started = Date.now();
		expect(
			await limiter.take('user', 10, undefined, { deadline: Date.now() + 5_000 }),
		).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(1500);
		expect(limiter.pausedFor('user')).toBeGreaterThan(55_000);
	});

	test('a Retry-After of a day holds the API user back for ten minutes at most', () => {
		const limiter = new RateLimiter();
		void limiter.take('user', 10);
		limiter.rateLimited('user', 86_400_000);
		expect(limiter.pausedFor('user')).toBeLessThanOrEqual(600_000);
		expect(limiter.pausedFor('user')).toBeGreaterThan(590_000);
	});
});
