import type { INodeProperties } from 'n8n-workflow';

import { omitEmptyValues } from '../request-body';
import { fillEsetPath } from '../validation';
import {
	DEFAULT_MAX_RETRIES,
	DEFAULT_MAX_WAIT_SECONDS,
	DEFAULT_REQUESTS_PER_SECOND,
	MAX_WAIT_SECONDS,
	sendEsetRequest,
} from '../transport';

/**
 * Routes every operation's request through the ESET transport: turning `paginate` on makes n8n's
 * routing engine hand the whole request of each item to `sendEsetRequest`. Before that, the
 * identifiers are filled into the path and fields left empty are dropped from the body.
 */
export const esetTransportProperty: INodeProperties = {
	displayName: 'ESET Transport',
	name: 'esetTransport',
	type: 'hidden',
	default: '',
	routing: {
		send: { paginate: true, preSend: [fillEsetPath, omitEmptyValues] },
		operations: { pagination: sendEsetRequest },
	},
};

export const transportOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Max Retries',
			name: 'maxRetries',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 10 },
			default: DEFAULT_MAX_RETRIES,
			description:
				'How many times to retry a request that ESET rate-limited (429) or could not serve (502, 503, 504; not for creating comments), backing off in between',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
			default: DEFAULT_MAX_WAIT_SECONDS,
			description:
				'How long to keep collecting a slow response before giving up. ESET keeps it for 10 minutes at most.',
		},
		{
			displayName: 'Requests per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 1 },
			default: DEFAULT_REQUESTS_PER_SECOND,
			description:
				'Upper limit for this API user across all items and workflows in this n8n process. ESET allows 10 per second; 0 means no limit (for a proxy that enforces its own, or a test server).',
		},
		{
			displayName: 'Wait for Slow Responses',
			name: 'waitForSlowResponses',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait when ESET answers 202 (still working) and collect the result with its response ID. When off, the item is output at once as {pending: true, responseId, requestId}.',
		},
	],
};
