import type {
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../../shared/date-time';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

const HOUR_MS = 3_600_000;

/** The same day and time one calendar month later; the 31st becomes the month's last day. */
function oneMonthAfter(date: Date): Date {
	const result = new Date(date);
	result.setUTCDate(1);
	result.setUTCMonth(result.getUTCMonth() + 1);
	const monthEnd = new Date(result);
	monthEnd.setUTCMonth(result.getUTCMonth() + 1, 0);
	const lastDay = monthEnd.getUTCDate();
	result.setUTCDate(Math.min(date.getUTCDate(), lastDay));
	return result;
}

/**
 * The NIS2 deadlines from the awareness time: early warning (24 h), incident notification (72 h),
 * final report (one month after the notification); docs/nis2.md.
 */
export function nis2Deadlines(awareness: Date) {
	const incidentNotification = new Date(awareness.getTime() + 72 * HOUR_MS);
	return {
		awarenessTime: toUtcString(awareness),
		earlyWarningDue: toUtcString(new Date(awareness.getTime() + 24 * HOUR_MS)),
		incidentNotificationDue: toUtcString(incidentNotification),
		finalReportDue: toUtcString(oneMonthAfter(incidentNotification)),
	};
}

function awarenessTime(context: IExecuteSingleFunctions): Date {
	const value = nodeParameter(context, 'options.awarenessTime', '');
	const timeZone = context.getTimezone();
	const { date, problem } = dateTimeOrProblem(value, timeZone);
	if (!date) {
		throw operationError(
			context.getNode(),
			`Incident Awareness Time ${problem ? `is not valid: ${problem}` : 'is empty'}`,
			{
				description: `Use an ISO 8601 date and time, for example 2026-11-20T08:15:00Z; without a zone it is read in the workflow's time zone (${timeZone}).`,
				itemIndex: context.getItemIndex(),
			},
		);
	}
	return date;
}

/** preSend: an awareness time that is not a date stops the update before it is sent. */
export async function validateAwarenessTime(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	awarenessTime(this);
	return requestOptions;
}

/** postReceive: adds the three legal deadlines to the updated incident, for reminders. */
export async function addNis2Deadlines(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const deadlines = nis2Deadlines(awarenessTime(this));
	return items.map((item) => ({ ...item, json: { ...item.json, nis2Deadlines: deadlines } }));
}
