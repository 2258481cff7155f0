import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { jsonOrProblem } from '../../shared/json-input';
import { describeValue } from '../../shared/options';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

/** The indicator types Aegister's threat-intel endpoint knows. */
export const INDICATOR_TYPES = ['ip', 'domain', 'url', 'hash'];

interface Indicator {
	type: string;
	value: string;
}

function indicatorsFromParameters(context: IExecuteSingleFunctions): unknown[] {
	if (nodeParameter(context, 'indicatorSource', 'list') === 'list') {
		const rows = nodeParameter(context, 'indicators', {}) as { indicator?: IDataObject[] };
		return rows.indicator ?? [];
	}
	const { value, problem } = jsonOrProblem(nodeParameter(context, 'indicatorsJson', '[]'));
	if (problem) {
		throw operationError(context.getNode(), `Indicators (JSON) ${problem}`, {
			description: 'Expected an array like [{"type": "ip", "value": "198.51.100.23"}].',
			itemIndex: context.getItemIndex(),
		});
	}
	if (!Array.isArray(value)) {
		throw operationError(context.getNode(), 'Indicators (JSON) must be a JSON array', {
			description: 'Expected an array like [{"type": "ip", "value": "203.0.113.7"}].',
			itemIndex: context.getItemIndex(),
		});
	}
	return value;
}

/** Checks one indicator; returns what is wrong with it, if anything. */
function problemWith(indicator: unknown): string | undefined {
	if (!indicator || typeof indicator !== 'object' || Array.isArray(indicator))
		return 'is not an object with a type and a value';
	const { type, value } = indicator as IDataObject;
	for (const [field, given] of [
		['type', type],
		['value', value],
	] as const) {
		if (given !== undefined && given !== null && typeof given !== 'string')
			return `has a ${field} that is not text: got ${describeValue(given)}`;
	}
	if (typeof type !== 'string' || !INDICATOR_TYPES.includes(type)) {
		return `has the unknown type ${JSON.stringify(type ?? null)} (use ${INDICATOR_TYPES.join(', ')})`;
	}
	if (typeof value !== 'string' || !value.trim()) return 'has an empty value';
	return undefined;
}

/**
 * preSend of Enrich Indicators: builds `{"indicators": [{type, value}]}` from the rows or the JSON
 * array, and stops the request at the first indicator with an unknown type or an empty value.
 */
export async function setIndicators(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const candidates = indicatorsFromParameters(this);
	if (candidates.length === 0) {
		throw operationError(this.getNode(), 'No indicators to enrich', {
			description: 'Add at least one indicator (type and value).',
			itemIndex: this.getItemIndex(),
		});
	}
	const indicators: Indicator[] = candidates.map((candidate, index) => {
		const problem = problemWith(candidate);
		if (problem) {
			throw operationError(this.getNode(), `Indicator ${index + 1} ${problem}`, {
				description: `Got ${JSON.stringify(candidate)}. Each indicator needs a type (${INDICATOR_TYPES.join(', ')}) and a non-empty value, both text.`,
				itemIndex: this.getItemIndex(),
			});
		}
		const { type, value } = candidate as Indicator;
		return { type, value: value.trim() };
	});
	requestOptions.body = { indicators };
	return requestOptions;
}
