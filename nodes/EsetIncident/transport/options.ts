import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_REQUESTS_PER_SECOND,
	DEFAULT_TIMEOUT_SECONDS,
	MAX_REQUESTS_PER_SECOND,
	MAX_RETRIES,
	MAX_TIMEOUT_SECONDS,
	MAX_WAIT_SECONDS,
} from './settings';

/** The transport's options as every ESET node's editor shows them (see `transportSettings`). */
export const transportOptionFields: INodeProperties[] = [
	{
		displayName: 'Max Retries',
		name: 'maxRetries',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_RETRIES, numberPrecision: 0 },
		default: DEFAULT_MAX_RETRIES,
		description:
			'How often to retry a request ESET could not serve (502, 503, 504), backing off in between. A 429 is retried for as long as Max Wait allows.',
	},
	{
		displayName: 'Max Wait (Seconds)',
		name: 'maxWaitSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
		default: DEFAULT_MAX_WAIT_SECONDS,
		description:
			'The longest one request may take in all, retries and the collection of a slow (202) answer included',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_REQUESTS_PER_SECOND },
		default: DEFAULT_REQUESTS_PER_SECOND,
		description:
			'Upper limit for this API user across all workflows of this n8n process; ESET allows 10. 0 means no limit.',
	},
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
		default: DEFAULT_TIMEOUT_SECONDS,
		description: 'The longest one attempt may take, the whole answer included',
	},
	{
		displayName: 'Wait for Slow Responses',
		name: 'waitForSlowResponses',
		type: 'boolean',
		default: true,
		description:
			'Whether to wait when ESET answers 202 (still working) and collect the result. Off: the item is output at once as pending.',
	},
];
