import type {
	IDataObject,
	IExecuteSingleFunctions,
	INodeExecutionData,
	PostReceiveAction,
} from 'n8n-workflow';

import type { AegisterEnvelope } from '../transport';
import { aegisterError, SERVICE } from '../transport';

/**
 * One item per entry of `data` (or one for an object), each linked to the input item it came from
 * (n8n's `$('Node').item` needs that link).
 */
export function itemsOf(data: unknown, inputItemIndex: number): INodeExecutionData[] {
	const pairedItem = { item: inputItemIndex };
	const entries = Array.isArray(data) ? data : [data ?? {}];
	return entries.map((json) => ({ json: json as IDataObject, pairedItem }));
}

const isObject = (value: unknown) => !!value && typeof value === 'object' && !Array.isArray(value);

/** postReceive: `data` must be what the operation documents (an object, or a list of objects). */
export function outputData(shape: 'object' | 'list'): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, _items, response) {
		const { data } = response.body as AegisterEnvelope;
		const valid = shape === 'object' ? isObject(data) : Array.isArray(data) && data.every(isObject);
		if (!valid) {
			const what = shape === 'object' ? 'the object' : 'the list';
			const context = { node: this.getNode(), token: '', itemIndex: this.getItemIndex() };
			const message = `${SERVICE} answered without ${what} in data: not the documented answer`;
			throw aegisterError(context, message, [], response.statusCode);
		}
		return itemsOf(data, this.getItemIndex());
	};
}
