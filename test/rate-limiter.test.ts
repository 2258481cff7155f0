import { RateLimiter } from '../nodes/EsetIncident/rate-limiter';

describe('RateLimiter', () => {
	test('starts requests one at a time, spaced for the rate, even after the process stalled', async () => {
		const limiter = new RateLimiter();
		const starts: number[] = [];
		const turns = Array.from({ length: 6 }, () => limiter.waitForTurn('user', 10).then(() => starts.push(Date.now())));
		await turns[0];
		// A stalled event loop (garbage collection, a heavy node) must not be followed by a burst.
		const stalledUntil = Date.now() + 600;
		while (Date.now() < stalledUntil) {
			// busy
		}
		await Promise.all(turns);
		const gaps = starts.slice(1).map((start, i) => start - starts[i]);
		for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(100);
	});

	test('keeps API users apart and lets an unlimited rate through at once', async () => {
		const limiter = new RateLimiter();
		await limiter.waitForTurn('a', 1);
		const started = Date.now();
		await limiter.waitForTurn('b', 1);
		await limiter.waitForTurn('a', 0);
		// at 1 request per second, waiting would take over a second
		expect(Date.now() - started).toBeLessThan(1000);
	});

	test('a pause holds back the next request of that user', async () => {
		const limiter = new RateLimiter();
		await limiter.waitForTurn('user', 10);
		limiter.pause('user', 400);
		const started = Date.now();
		await limiter.waitForTurn('user', 10);
		expect(Date.now() - started).toBeGreaterThanOrEqual(390);
	});
});
