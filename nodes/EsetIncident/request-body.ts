import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

function isEmpty(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	return typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

function withoutEmptyValues(object: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(object)) {
		const kept =
			value && typeof value === 'object' && !Array.isArray(value)
				? withoutEmptyValues(value as IDataObject)
				: value;
		if (!isEmpty(kept)) result[key] = kept;
	}
	return result;
}

/**
 * preSend: drops body fields the user left empty (empty strings, and objects left with nothing in
 * them), so that a request never sends blanks that would overwrite data.
 */
export async function omitEmptyValues(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const { body } = requestOptions;
	if (body && typeof body === 'object' && !Array.isArray(body) && !(body instanceof URLSearchParams)) {
		requestOptions.body = withoutEmptyValues(body as IDataObject);
	}
	return requestOptions;
}

/**
 * preSend of Update: names exactly the fields being sent in `updateMask` (ESET changes only the
 * fields the mask names), and stops an update that would change nothing.
 */
export async function setUpdateMask(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = (requestOptions.body ?? {}) as IDataObject;
	const fields = Object.keys(body).filter((field) => field !== 'updateMask');
	if (fields.length === 0) {
		throw new NodeOperationError(this.getNode(), 'Nothing to update: set at least one field', {
			description: 'Add a field under "Update Fields" and give it a value. Empty fields are not sent.',
			itemIndex: this.getItemIndex(),
		});
	}
	requestOptions.body = { ...body, updateMask: fields.join(',') };
	return requestOptions;
}
