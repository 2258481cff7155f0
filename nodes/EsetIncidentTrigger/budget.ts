import type { INode, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { EsetOutOfTime } from '../EsetIncident/transport';

/** A poll's budget where n8n gives none: below the 45 s after which n8n 2.x drops a poll. */
export const OWN_POLL_BUDGET_MS = 30_000;

/** What n8n's PollContext reports outside its scheduler (no poll there has a time limit). */
const NOMINAL_POLL_BUDGET_MS = 300_000;

/** Another request is started only while at least this much of the budget is left. */
export const MIN_REQUEST_MS = 1_000;

type BudgetedContext = IPollFunctions & { getPollBudgetMs?: () => unknown };

/** n8n's budget for this poll (`getPollBudgetMs()`, n8n 2.38 and later), if it gives one. */
function budgetGiven(context: IPollFunctions): number | undefined {
	const { getPollBudgetMs } = context as BudgetedContext;
	if (typeof getPollBudgetMs !== 'function') return undefined;
	try {
		const ms = getPollBudgetMs.call(context);
		return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
	} catch {
		return undefined;
	}
}

/** Whether n8n's scheduler runs this poll: then it has a budget of its own (docs/trigger.md). */
export function isScheduledPoll(context: IPollFunctions): boolean {
	const budget = budgetGiven(context);
	const update = context.getActivationMode() === 'update';
	return update && budget !== undefined && budget !== NOMINAL_POLL_BUDGET_MS;
}

/** When a poll must have its answer: from its start, less a margin for emitting and storing. */
export class PollDeadline {
	readonly budgetMs: number;
	readonly endsAt: number;

	constructor(context: IPollFunctions, startedAt = Date.now()) {
		this.budgetMs = budgetGiven(context) ?? OWN_POLL_BUDGET_MS;
		const marginMs = Math.min(Math.max(this.budgetMs * 0.1, 500), 3_000);
		this.endsAt = startedAt + this.budgetMs - marginMs;
	}

	/** the longest a request of this poll took so far */
	private slowestMs = 0;

	/** Whether another request may start: there is time for one as slow as the slowest so far. */
	allowsRequest(): boolean {
		return this.endsAt - Date.now() >= Math.max(MIN_REQUEST_MS, this.slowestMs);
	}

	/** Notes how long a request (and what the poll did with its answer) took. */
	took(ms: number): void {
		this.slowestMs = Math.max(this.slowestMs, ms);
	}
}

/** The error n8n records for a failed poll (and backs off for, under its scheduler). */
export function pollError(
	node: INode,
	error: unknown,
	deadline: PollDeadline,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (!(error instanceof EsetOutOfTime)) return new NodeOperationError(node, error as Error);
	const budget = `${Math.round(deadline.budgetMs / 1000)} s`;
	return new NodeOperationError(node, `The poll's time (${budget}) ran out: ${error.message}`, {
		description:
			'Nothing was emitted and the cursor did not move: the next poll asks again from the same place',
	});
}
