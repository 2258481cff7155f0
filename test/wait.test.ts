import { wait } from '../nodes/shared/wait';

describe('wait (the abortable pause of the transport)', () => {
	test('waits the time asked', async () => {
		const started = Date.now();
		await wait(300);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('stops early when the execution is cancelled', async () => {
		const controller = new AbortController();
		const waiting = wait(60_000, controller.signal);
		controller.abort();
		await expect(waiting).resolves.toBeUndefined();
	});
});
