import { RateLimiter } from '../nodes/EsetIncident/rate-limiter';

describe('RateLimiter', () => {
	test('lets no more than N requests start within any second, even when the process stalls', async () => {
		const limiter = new RateLimiter();
		const starts: number[] = [];
		// A stalled event loop (garbage collection, a heavy node) just before the next window opens
		// must not be followed by more requests than the window allows.
		setTimeout(() => {
			const stalledUntil = Date.now() + 700;
			while (Date.now() < stalledUntil) {
				// busy
			}
		}, 900);
		await Promise.all(Array.from({ length: 9 }, () => limiter.waitForTurn('user', 4).then(() => starts.push(Date.now()))));
		for (const start of starts) {
			expect(starts.filter((other) => other >= start && other < start + 1000).length).toBeLessThanOrEqual(4);
		}
		// and it does use the limit: four at once, four more when the window allows, then one
		expect(starts[4] - starts[3]).toBeGreaterThanOrEqual(1000);
		expect(starts[8] - starts[4]).toBeGreaterThanOrEqual(1000);
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
