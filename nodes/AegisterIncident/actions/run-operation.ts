import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import { routedRequest } from '../../shared/http';
import { operationLabel } from '../../shared/read-only';
import { connectionOptions, outputOf } from '../../shared/routing';
import { aegisterIncidentProperties } from '../descriptions';
import { aegisterRequest, timeoutOf } from '../transport';

/**
 * Runs the request of one item through the transport: n8n's routing engine hands it over because
 * every Aegister operation turns `paginate` on (see `aegisterTransportProperty`).
 */
export async function sendAegisterRequest(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const request = routedRequest(requestData.options as IHttpRequestOptions);
	const envelope = await aegisterRequest(this, request, {
		itemIndex: this.getItemIndex(),
		timeoutMs: timeoutOf(this),
		requestOptions: connectionOptions(request),
		what: operationLabel(aegisterIncidentProperties, this.getNode().parameters),
	});
	const response = { statusCode: 200, headers: {}, body: envelope as unknown as IDataObject };
	return await outputOf(this, requestData, response);
}
