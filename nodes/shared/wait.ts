import { sleep } from 'n8n-workflow';

/** How often a wait checks whether the execution was cancelled. */
const CHECK_EVERY_MS = 200;

/**
 * Waits `ms` milliseconds, or less when `signal` aborts (the caller checks). Built on `sleep`:
 * n8n-workflow 2.x no longer exports `sleepWithAbort`.
 */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	const end = Date.now() + ms;
	for (let left = ms; left > 0 && !signal?.aborted; left = end - Date.now()) {
		await sleep(Math.min(left, CHECK_EVERY_MS));
	}
}
