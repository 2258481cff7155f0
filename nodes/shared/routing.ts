import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';

/** n8n's Request Options that a transport passes on: the proxy and the certificate check. */
export function connectionOptions(request: IHttpRequestOptions): IDataObject {
	const { proxy, skipSslCertificateValidation } = request;
	return {
		...(proxy ? { proxy: proxy as unknown as IDataObject } : {}),
		...(skipSslCertificateValidation ? { skipSslCertificateValidation } : {}),
	};
}

/**
 * The routing engine's output step for a transport's answer: the operation's postReceive
 * functions, in order, from one item holding the answer's body.
 */
export async function outputOf(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	response: IN8nHttpFullResponse,
): Promise<INodeExecutionData[]> {
	let items: INodeExecutionData[] = [{ json: response.body as IDataObject }];
	for (const { actions } of requestData.postReceive) {
		for (const action of actions) {
			if (typeof action !== 'function') {
				throw new Error('These operations shape their output with postReceive functions only');
			}
			items = await action.call(context, items, response);
		}
	}
	return items;
}

/** Links every output item to the input item it came from (n8n's `$('Node').item` needs it). */
export function pairedWithInput(
	items: INodeExecutionData[],
	itemIndex: number,
): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	return items.map((item) => ({ ...item, pairedItem }));
}
