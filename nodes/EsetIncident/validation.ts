import type { IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** ESET's identifiers are opaque strings of at most 100 characters (usually UUIDs). */
const MAX_IDENTIFIER_LENGTH = 100;

/**
 * preSend factory: stops the request when an identifier that goes into the path is empty, too
 * long, or a dot segment (`.` / `..` would change the path even when URL-encoded).
 */
export function requireIdentifier(parameterName: string, displayName: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const value = String(this.getNodeParameter(parameterName, '') ?? '');
		let problem: string | undefined;
		if (!value.trim()) problem = 'is empty';
		else if (value.length > MAX_IDENTIFIER_LENGTH) problem = `is longer than ${MAX_IDENTIFIER_LENGTH} characters`;
		else if (value === '.' || value === '..') problem = `is "${value}"`;
		if (problem) {
			throw new NodeOperationError(this.getNode(), `${displayName} ${problem}`, {
				description: `Enter the ${displayName} of an existing ESET object, for example 123e4567-e89b-12d3-a456-426614174000.`,
				itemIndex: this.getItemIndex(),
			});
		}
		return requestOptions;
	};
}

/** preSend factory: a text the operation cannot do without must not be blank. */
export function requireText(parameterName: string, displayName: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		if (!String(this.getNodeParameter(parameterName, '') ?? '').trim()) {
			throw new NodeOperationError(this.getNode(), `${displayName} is empty`, {
				description: `Enter the ${displayName.toLowerCase()} to send.`,
				itemIndex: this.getItemIndex(),
			});
		}
		return requestOptions;
	};
}
