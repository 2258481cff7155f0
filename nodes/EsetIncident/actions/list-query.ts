import type { IDataObject, IExecutePaginationFunctions } from 'n8n-workflow';

import { dateTimeOrProblem, toUtcString } from '../../shared/date-time';
import { operationError } from '../../shared/errors';
import { identifierValue } from '../../shared/path-parameters';
import { esetIdentifierParameter } from './validation';

/** One bound of a list's time window: its filter parameter, ESET's query name, its error label. */
export interface WindowBound {
	name: string;
	query: string;
	label: string;
}

/** A list's time window as ESET's query, in UTC: `from` inclusive, `before` exclusive. */
export function timeWindowQuery(
	context: IExecutePaginationFunctions,
	filters: IDataObject,
	bounds: { from: WindowBound; before: WindowBound; noun: string },
): IDataObject {
	const { from, before, noun } = bounds;
	const node = context.getNode();
	const itemIndex = context.getItemIndex();
	const timeZone = context.getTimezone();
	const [start, end] = [from, before].map(({ name, label }) => {
		const { date, problem } = dateTimeOrProblem(filters[name], timeZone);
		if (problem) {
			throw operationError(node, `${label}: ${problem}`, {
				description: `Without a zone, a time is read in the workflow's time zone (${timeZone}).`,
				itemIndex,
			});
		}
		return date;
	});
	if (start && end && start >= end) {
		throw operationError(node, `${from.label} must be before ${before.label}`, {
			description: `Got ${toUtcString(start)} and ${toUtcString(end)}: no ${noun} can be in between (${before.label} is exclusive).`,
			itemIndex,
		});
	}
	const qs: IDataObject = {};
	if (start) qs[from.query] = toUtcString(start);
	if (end) qs[before.query] = toUtcString(end);
	return qs;
}

/** The identifier filters that are set, by parameter name and label: checked, trimmed, prefixed. */
export function identifierQuery(
	context: IExecutePaginationFunctions,
	filters: IDataObject,
	labels: Record<string, string>,
	prefix = '',
): IDataObject {
	const qs: IDataObject = {};
	for (const [name, label] of Object.entries(labels)) {
		const value = filters[name];
		if (String(value ?? '').trim() === '') continue;
		const parameter = esetIdentifierParameter(label);
		qs[`${prefix}${name}`] = identifierValue(
			context.getNode(),
			value,
			parameter,
			context.getItemIndex(),
		);
	}
	return qs;
}
