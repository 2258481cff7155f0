import type { INodeProperties } from 'n8n-workflow';

import { checkParametersBeforeSending } from '../../shared/parameter-check';
import { omitEmptyValues } from '../actions/request-body';
import { sendEsetRequest } from '../actions/run-operation';
import { transportOptionFields } from '../transport';
import { fillEsetPath } from '../actions/validation';

/**
 * Lists of identifiers take text or an expression's list: the operation that reads them checks
 * each entry (esetIdentifierList), so the generic check leaves them alone.
 */
const IDENTIFIER_LISTS = ['deviceUuids', 'objectUuids'];

/** The properties the generic check reads: all but the identifier lists. */
function checkedProperties(nodeProperties: () => INodeProperties[]): () => INodeProperties[] {
	return () => nodeProperties().filter((property) => !IDENTIFIER_LISTS.includes(property.name));
}

/**
 * Routes every operation's request through the ESET transport (`sendEsetRequest`), after the
 * parameter check, the path identifiers and the empty body fields (docs/development.md).
 */
export function esetTransportProperty(nodeProperties: () => INodeProperties[]): INodeProperties {
	return {
		displayName: 'ESET Transport',
		name: 'esetTransport',
		type: 'hidden',
		default: '',
		routing: {
			send: {
				paginate: true,
				preSend: [
					checkParametersBeforeSending(
						checkedProperties(nodeProperties),
						fillEsetPath,
						omitEmptyValues,
					),
				],
			},
			operations: { pagination: sendEsetRequest },
		},
	};
}

export const transportOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: transportOptionFields,
};
