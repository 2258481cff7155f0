import type { INodeProperties } from 'n8n-workflow';

import { checkParametersBeforeSending } from '../../shared/parameter-check';
import { fillAegisterPath } from '../actions/validation';
import { sendAegisterRequest } from '../actions/run-operation';
import { DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS } from '../transport';

/**
 * Routes every operation's request through the Aegister transport (`paginate` on hands the whole
 * request of each item to `sendAegisterRequest`), after every parameter the user set is checked.
 */
export function aegisterTransportProperty(
	nodeProperties: () => INodeProperties[],
): INodeProperties {
	return {
		displayName: 'Aegister Transport',
		name: 'aegisterTransport',
		type: 'hidden',
		default: '',
		routing: {
			send: {
				paginate: true,
				preSend: [checkParametersBeforeSending(nodeProperties, fillAegisterPath)],
			},
			operations: { pagination: sendAegisterRequest },
		},
	};
}

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Seconds)',
	name: 'timeoutSeconds',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_SECONDS },
	default: DEFAULT_TIMEOUT_SECONDS,
	description: 'The longest one request to Aegister may take, the whole answer included',
};
