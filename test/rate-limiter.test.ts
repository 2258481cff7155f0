import { RateLimiter } from '../nodes/EsetIncident/rate-limiter';

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - times[i]);

describe('RateLimiter', () => {
	test('spaces requests evenly, one every 1/rate seconds', async () => {
		const limiter = new RateLimiter();
		const releases: number[] = [];
		await Promise.all(Array.from({ length: 6 }, () => limiter.take('user', 5).then(() => releases.push(Date.now()))));
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
		await Promise.all(Array.from({ length: 5 }, () => limiter.take('user', 4).then(() => releases.push(Date.now()))));
		for (const gap of gaps(releases)) expect(gap).toBeGreaterThanOrEqual(245);
		for (const release of releases) {
			expect(releases.filter((other) => other >= release && other < release + 1000).length).toBeLessThanOrEqual(4);
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

	test('a 429 holds back the next request for Retry-After and halves the rate, at most once a second', async () => {
		const limiter = new RateLimiter();
		await limiter.take('user', 10);
		limiter.rateLimited('user', 400);
		limiter.rateLimited('user', 100);
		expect(limiter.currentRate('user')).toBe(5);
		const started = Date.now();
		await limiter.take('user', 10);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
	});

	test('successes win the rate back slowly, up to the limit and no further', () => {
		const limiter = new RateLimiter();
		void limiter.take('user', 10);
		limiter.rateLimited('user', 0);
		expect(limiter.currentRate('user')).toBe(5);
		// a fiftieth of the limit (0.2/s) per second of successes: 5 per second at rate 5 gain 0.2
		for (let i = 0; i < 5; i++) limiter.succeeded('user');
		expect(limiter.currentRate('user')).toBeCloseTo(5.2, 1);
		for (let i = 0; i < 10_000; i++) limiter.succeeded('user');
		expect(limiter.currentRate('user')).toBe(10);
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
