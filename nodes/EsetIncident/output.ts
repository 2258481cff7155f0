import type { IDataObject, INodeExecutionData, PostReceiveAction } from 'n8n-workflow';

function bodyOf(response: { body: unknown }): IDataObject {
	const { body } = response;
	return body && typeof body === 'object' && !Array.isArray(body) ? (body as IDataObject) : {};
}

/** ESET wraps a single resource in its name (`{"incident": {…}}`): output the resource. */
export function outputResource(property: string): PostReceiveAction {
	return async function (_items, response): Promise<INodeExecutionData[]> {
		return [{ json: (bodyOf(response)[property] ?? {}) as IDataObject }];
	};
}

/** Lists come as `{"incidents": [...], "nextPageToken": "…"}`: one item per element. */
export function outputEachOf(property: string): PostReceiveAction {
	return async function (_items, response): Promise<INodeExecutionData[]> {
		const list = bodyOf(response)[property];
		return Array.isArray(list) ? list.map((json) => ({ json: json as IDataObject })) : [];
	};
}

/** Actions answer `{}`: say that it worked. */
export const outputSuccess: PostReceiveAction = async function (_items, response) {
	return [{ json: { success: true, ...bodyOf(response) } }];
};
