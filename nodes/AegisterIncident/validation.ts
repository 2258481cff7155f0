import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * preSend factory: Aegister's path ids are positive integers (also the value of a resource
 * locator); anything else stops the request.
 */
export function requirePositiveInteger(parameterName: string, displayName: string): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const value = this.getNodeParameter(parameterName, '', { extractValue: true }) as unknown;
		const text = String(value ?? '').trim();
		if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
			throw new NodeOperationError(this.getNode(), `${displayName} must be a positive whole number`, {
				description: `Got ${JSON.stringify(value)}. Use the numeric ID shown in the Aegister app, for example 42.`,
				itemIndex: this.getItemIndex(),
			});
		}
		return requestOptions;
	};
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * preSend factory for a PATCH: keeps only the fields the user set. Blank fields are dropped, the
 * JSON text of object fields becomes an object (an empty `{}` counts as not set; anything that is
 * not a JSON object stops the request, naming the field), and an update with nothing left to send
 * is an error rather than a request.
 */
export function sendOnlySetFields(jsonObjectFields: Record<string, string>): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const body: IDataObject = {};
		for (const [field, value] of Object.entries((requestOptions.body ?? {}) as IDataObject)) {
			if (isBlank(value)) continue;
			const displayName = jsonObjectFields[field];
			if (displayName === undefined) {
				body[field] = value;
				continue;
			}
			const object = toJsonObject.call(this, value, displayName);
			if (Object.keys(object).length > 0) body[field] = object;
		}
		if (Object.keys(body).length === 0) {
			throw new NodeOperationError(this.getNode(), 'Nothing to update: set at least one field', {
				description:
					'Add a field under "Update Fields" and give it a value. Empty fields (and empty JSON objects) are not sent.',
				itemIndex: this.getItemIndex(),
			});
		}
		requestOptions.body = body;
		return requestOptions;
	};
}

function toJsonObject(this: IExecuteSingleFunctions, value: unknown, displayName: string): IDataObject {
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			throw new NodeOperationError(this.getNode(), `${displayName} is not valid JSON`, {
				description: `${(error as Error).message}. Enter a JSON object, for example {"key": "value"}.`,
				itemIndex: this.getItemIndex(),
			});
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(this.getNode(), `${displayName} must be a JSON object`, {
			description: `Got ${JSON.stringify(parsed)}. Enter an object in curly braces, for example {"key": "value"}.`,
			itemIndex: this.getItemIndex(),
		});
	}
	return parsed as IDataObject;
}
