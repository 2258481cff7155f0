import type {
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { wait } from '../../shared/wait';
import { ESET_LISTS, esetPages, listIn, MAX_PAGE_SIZE } from '../transport';
import type { EsetSession } from './run-operation';
import { operationError } from '../../shared/errors';

/** The first pause between two polls of a task's runs; each next one doubles, up to the longest. */
const FIRST_POLL_DELAY_MS = 1000;
const MAX_POLL_DELAY_MS = 15_000;

/** Run statuses after which a device's run changes no more. */
const FINISHED = 'TASK_RUN_STATUS_FINISHED';
const ENDED = [FINISHED, 'TASK_RUN_STATUS_FAILED', 'TASK_RUN_STATUS_SUPPRESSED'];

/** The latest run of each device, from one poll of the task's runs (all pages). */
async function pollRuns(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	taskUuid: string,
	remainingMs: number,
): Promise<Map<string, IDataObject>> {
	const request: IHttpRequestOptions = {
		...session.request,
		method: 'GET',
		url: `/v1/device_tasks/${encodeURIComponent(taskUuid)}/runs`,
		qs: { listOnlyLastRuns: true, pageSize: MAX_PAGE_SIZE },
		body: undefined,
	};
	const settings = { ...session.settings, maxWaitMs: Math.max(1, remainingMs) };
	const options = { itemIndex: session.itemIndex, service: 'automation' as const };
	const runs = new Map<string, IDataObject>();
	for await (const answer of esetPages(context, session.connection, request, settings, options)) {
		// not answered in time (Wait for Slow Responses off): the next poll asks again
		if (answer.statusCode === 202) break;
		for (const run of listIn(context, answer, ESET_LISTS.taskRuns)) {
			const device = String(run.deviceUuid ?? '');
			const known = runs.get(device);
			if (!known || String(run.startTime ?? '') >= String(known.startTime ?? ''))
				runs.set(device, run);
		}
	}
	return runs;
}

/** The runs until every device's run ended, or Max Wait (from the task's creation) is near. */
async function runsUntilEnded(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	created: IDataObject,
	startedAt: number,
): Promise<Map<string, IDataObject>> {
	const deadline = startedAt + session.settings.maxWaitMs;
	const devices = created.deviceUuids as string[];
	const signal = context.getExecutionCancelSignal?.();
	let delayMs = FIRST_POLL_DELAY_MS;
	for (;;) {
		const runs = await pollRuns(context, session, String(created.taskUuid), deadline - Date.now());
		const ended = devices.every((device) => ENDED.includes(String(runs.get(device)?.status)));
		if (ended || signal?.aborted || Date.now() + delayMs >= deadline) return runs;
		await wait(delayMs, signal);
		delayMs = Math.min(delayMs * 2, MAX_POLL_DELAY_MS);
	}
}

/** Why a device's run is not a success, naming the device, if it is not. */
function shortfall(
	run: IDataObject | undefined,
	what: string,
	device: string,
	waitedMs: number,
): string | undefined {
	const status = run?.status === undefined ? undefined : String(run.status);
	if (status === FINISHED) return undefined;
	if (status === 'TASK_RUN_STATUS_FAILED') return `${what} failed on device ${device}`;
	if (status === 'TASK_RUN_STATUS_SUPPRESSED')
		return `${what} was suppressed on device ${device}: ESET did not run it`;
	const last = status ? `its run is ${status}` : 'no run of it was listed yet';
	return `${what} did not finish on device ${device} within Max Wait (${Math.round(waitedMs / 1000)} s): ${last}`;
}

/** One device's outcome: its status, and the task it belongs to. */
function deviceJson(
	created: IDataObject,
	device: string,
	run: IDataObject | undefined,
): IDataObject {
	return {
		deviceUuid: device,
		status: run?.status ?? null,
		taskUuid: created.taskUuid,
		action: created.action,
		...(created.incidentUuid ? { incidentUuid: created.incidentUuid } : {}),
		runUuid: run?.uuid ?? null,
		startTime: run?.startTime ?? null,
		endTime: run?.endTime ?? null,
		requestId: created.requestId,
	};
}

/**
 * Wait for Completion: polls the task's runs until every device's run ended or Max Wait is near;
 * one item per device, only FINISHED a success (docs/containment.md).
 */
export async function waitForRuns(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	created: IDataObject,
	{ startedAt, what }: { startedAt: number; what: string },
): Promise<INodeExecutionData[]> {
	let runs: Map<string, IDataObject>;
	try {
		runs = await runsUntilEnded(context, session, created, startedAt);
	} catch (error) {
		const message = `${what}: task ${String(created.taskUuid)} was created, but its runs could not be read`;
		const description = `${(error as Error).message}. Read them with Device Task → Get Runs.`;
		throw new NodeApiError(
			context.getNode(),
			{ message },
			{ message, description, itemIndex: session.itemIndex },
		);
	}
	const waitedMs = Date.now() - startedAt;
	const outcomes = (created.deviceUuids as string[]).map((device) => ({
		device,
		json: deviceJson(created, device, runs.get(device)),
		shortfall: shortfall(runs.get(device), what, device, waitedMs),
	}));
	const short = outcomes.filter((outcome) => outcome.shortfall);
	if (short.length && !context.continueOnFail()) {
		const named = short.map((o) => `${o.device} (${String(o.json.status ?? 'no run')})`).join(', ');
		const finished = outcomes.filter((o) => !o.shortfall).map((o) => o.device);
		throw operationError(
			context.getNode(),
			`${what} did not succeed on ${short.length} of ${outcomes.length} device(s): ${named}`,
			{
				description: `Task ${String(created.taskUuid)}. Finished on: ${finished.join(', ') || 'none'}. Turn on Continue On Fail (Settings) to get one item per device.`,
				itemIndex: session.itemIndex,
			},
		);
	}
	// an error item as n8n's own nodes output one: {"error": message}, the message naming the device
	// (n8n's expressions cannot read a node's items once an item carries an Error object)
	return outcomes.map(({ json, shortfall: message }) =>
		message ? { json: { error: message } } : { json },
	);
}
