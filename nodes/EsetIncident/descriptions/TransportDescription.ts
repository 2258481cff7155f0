import type { INodeProperties } from 'n8n-workflow';

import { checkParametersBeforeSending } from '../../shared/parameter-check';
import { omitEmptyValues } from '../request-body';
import { sendEsetRequest } from '../routing';
import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_REQUESTS_PER_SECOND,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_REQUESTS_PER_SECOND,
	MAX_RETRIES,
	MAX_TIMEOUT_SECONDS,
	MAX_WAIT_SECONDS,
} from '../transport';
import { fillEsetPath } from '../validation';

/**
 * Routes every operation's request through the ESET transport: turning `paginate` on makes n8n's
 * routing engine hand the whole request of each item to `sendEsetRequest`. Before that, every
 * parameter the user set is checked, the identifiers are filled into the path and fields left
 * empty are dropped from the body.
 */
export function esetTransportProperty(nodeProperties: () => INodeProperties[]): INodeProperties {
	return {
		displayName: 'ESET Transport',
		name: 'esetTransport',
		type: 'hidden',
		default: '',
		routing: {
			send: {
				paginate: true,
				preSend: [checkParametersBeforeSending(nodeProperties), fillEsetPath, omitEmptyValues],
			},
			operations: { pagination: sendEsetRequest },
		},
	};
}

/** The transport's options, shared by every ESET node. */
export const transportOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES, numberPrecision: 0 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How many times to retry a request that ESET could not serve (502, 503, 504; not for creating comments), backing off in between. A 429 (rate limit) is retried for as long as Max Wait allows.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
		default: DEFAULT_MAX_WAIT_SECONDS,
		description:
			'The longest one request may take in all: its retries, back-off and the collection of a slow (202) response included. ESET keeps a slow response for 10 minutes at most.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_REQUESTS_PER_SECOND },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			'Upper limit for this API user across all items and workflows in this n8n process (with several queue-mode workers, each adapts to its share on 429s). ESET allows 10 per second; 0 means no limit (for a proxy that enforces its own, or a test server).',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		default: DEFAULT_TIMEOUT_SECONDS,
		description:
			'The longest one attempt may take, the whole answer included. ESET answers a slow request with 202 after 30–50 s, so an attempt that takes longer has hung.',
	},
	{
		displayName: 'Wait for Slow Responses',
		name: 'waitForSlowResponses',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait when ESET answers 202 (still working) and collect the result with its response ID. When off, the item is output at once as {pending: true, responseId, requestId}.',
	},
];

export const transportOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: transportOptionFields,
};
