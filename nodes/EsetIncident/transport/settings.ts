import type { IDataObject, INode } from 'n8n-workflow';

import { checkedNumber } from '../../shared/options';

/** ESET's largest page (`pageSize` above it is coerced to 1000). */
export const MAX_PAGE_SIZE = 1000;

/** ESET's documented limit: 10 calls per second per API user. */
export const DEFAULT_REQUESTS_PER_SECOND = 10;
export const MIN_REQUESTS_PER_SECOND = 0.1;
export const MAX_REQUESTS_PER_SECOND = 100;

export const DEFAULT_MAX_RETRIES = 5;
export const MAX_RETRIES = 10;

export const DEFAULT_MAX_WAIT_SECONDS = 180;
/** ESET drops a cached slow response 10 minutes after the 202. */
export const MAX_WAIT_SECONDS = 600;

/** ESET's gateway answers 202 after about 30–50 s: an attempt that takes longer has hung. */
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 300;

/** The user's transport options, checked. */
export interface TransportSettings {
	/** one attempt, the whole answer included */
	timeoutMs: number;
	/** one request in all: its retries, back-off and 202 collection */
	maxWaitMs: number;
	/** for 502/503/504; a 429 is retried as long as the Max Wait allows */
	maxRetries: number;
	requestsPerSecond: number;
	waitForSlowResponses: boolean;
	/** when set (ms since the epoch), the request is over by then, whatever Max Wait allows */
	endsBy?: number;
}

/**
 * The transport options as the user set them (an expression included), each checked: NaN, a value
 * out of bounds or a fraction where a count is meant is an error naming the option.
 */
export function transportSettings(
	node: INode,
	options: IDataObject,
	itemIndex?: number,
): TransportSettings {
	const option = (name: string, label: string, fallback: number, min: number, max: number) =>
		checkedNumber(
			node,
			options[name] ?? fallback,
			{ displayName: `Options → ${label}`, min, max, integer: name === 'maxRetries' },
			itemIndex,
		);
	const requestsPerSecond = option(
		'requestsPerSecond',
		'Requests per Second',
		DEFAULT_REQUESTS_PER_SECOND,
		0,
		MAX_REQUESTS_PER_SECOND,
	);
	if (requestsPerSecond > 0 && requestsPerSecond < MIN_REQUESTS_PER_SECOND) {
		const displayName = 'Options → Requests per Second (0 for no limit)';
		const bounds = { min: MIN_REQUESTS_PER_SECOND, max: MAX_REQUESTS_PER_SECOND };
		checkedNumber(node, requestsPerSecond, { displayName, ...bounds }, itemIndex);
	}
	const seconds = (name: string, label: string, fallback: number, max: number) =>
		option(name, label, fallback, 1, max) * 1000;
	return {
		timeoutMs: seconds(
			'timeoutSeconds',
			'Timeout (Seconds)',
			DEFAULT_TIMEOUT_SECONDS,
			MAX_TIMEOUT_SECONDS,
		),
		maxWaitMs: seconds(
			'maxWaitSeconds',
			'Max Wait (Seconds)',
			DEFAULT_MAX_WAIT_SECONDS,
			MAX_WAIT_SECONDS,
		),
		maxRetries: option('maxRetries', 'Max Retries', DEFAULT_MAX_RETRIES, 0, MAX_RETRIES),
		requestsPerSecond,
		waitForSlowResponses: options.waitForSlowResponses !== false,
	};
}
