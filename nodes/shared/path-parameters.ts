import type { IExecuteSingleFunctions, IHttpRequestOptions, PreSendAction } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

export interface PathParameter {
	/** the field's name in the node, for errors */
	displayName: string;
	/** what is wrong with a value, if anything ("is empty") */
	problemWith: (value: string) => string | undefined;
	/** how to fix it, shown under the error */
	hint: string;
}

/**
 * preSend factory: fills the `{name}` placeholders of a request path (written as in the vendor's
 * API reference, e.g. `/v2/incidents/{incidentUuid}:close`) with the URL-encoded values of the
 * node parameters of those names, read once per item, and stops the request when one is not
 * valid. A resource locator gives its value.
 */
export function fillPathParameters(parameters: Record<string, PathParameter>): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		requestOptions.url = requestOptions.url.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
			const parameter = parameters[name];
			if (!parameter) throw new NodeOperationError(this.getNode(), `No path parameter ${name} is defined`);
			const value = String(this.getNodeParameter(name, '', { extractValue: true }) ?? '');
			const problem = parameter.problemWith(value);
			if (problem) {
				throw new NodeOperationError(this.getNode(), `${parameter.displayName} ${problem}`, {
					description: `Got ${JSON.stringify(value)}. ${parameter.hint}`,
					itemIndex: this.getItemIndex(),
				});
			}
			return encodeURIComponent(value);
		});
		return requestOptions;
	};
}
