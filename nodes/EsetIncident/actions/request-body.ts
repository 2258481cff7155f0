import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	PreSendAction,
} from 'n8n-workflow';

import type { CheckedStep } from '../../shared/parameter-check';
import { esetIdentifier } from './validation';
import { operationError, setAndClearedError } from '../../shared/errors';
import { esetIncidentProperties } from '../descriptions';
import { nodeParameter } from '../../shared/node-parameter';

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

/** After the parameter check: drops empty body fields, so that blanks never overwrite data. */
export const omitEmptyValues: CheckedStep = (_context, request) => {
	const { body } = request;
	const isObject = body && typeof body === 'object' && !Array.isArray(body);
	if (isObject && !(body instanceof URLSearchParams))
		request.body = withoutEmptyValues(body as IDataObject);
};

/** An incident's field as Update Fields shows it ("Display Name"). */
function updateFieldLabel(name: string): string {
	const updateFields = esetIncidentProperties.find((property) => property.name === 'updateFields');
	const options = (updateFields?.options ?? []) as Array<{ name: string; displayName?: string }>;
	return options.find((option) => option.name === name)?.displayName ?? name;
}

/**
 * preSend of Update: the fields to clear sent empty, `updateMask` naming exactly the fields sent;
 * nothing to change, or a field both set and cleared, is an error.
 */
export async function setUpdateMask(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = { ...((requestOptions.body ?? {}) as IDataObject) };
	delete body.updateMask;
	for (const field of nodeParameter(this, 'fieldsToClear', []) as string[]) {
		if (field in body) {
			throw setAndClearedError(this.getNode(), updateFieldLabel(field), this.getItemIndex());
		}
		body[field] = '';
	}
	const fields = Object.keys(body);
	if (fields.length === 0) {
		throw operationError(this.getNode(), 'Nothing to update: set at least one field', {
			description:
				'Add a field under "Update Fields" and give it a value, or choose one under "Fields to Clear". Empty fields are not sent.',
			itemIndex: this.getItemIndex(),
		});
	}
	requestOptions.body = { ...body, updateMask: fields.join(',') };
	return requestOptions;
}

/** preSend of Comment → Create: the comment names its incident, as the path does (checked). */
export async function commentNamesIncident(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const body = (requestOptions.body ?? {}) as IDataObject;
	requestOptions.body = {
		...body,
		comment: {
			...((body.comment as IDataObject | undefined) ?? {}),
			incidentUuid: esetIdentifier(this, 'commentIncidentUuid'),
		},
	};
	return requestOptions;
}

/**
 * preSend factory for a comment inside another request (Close, Reopen): only with text, naming its
 * incident; a final comment is marked as one unless turned off.
 */
export function completeComment(property: string, final: boolean): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const body = (requestOptions.body ?? {}) as IDataObject;
		const comment = body[property] as IDataObject | undefined;
		if (!comment) return requestOptions;
		if (typeof comment.text !== 'string' || !comment.text.trim()) {
			throw operationError(this.getNode(), 'The comment has a Comment UUID but no text', {
				description: 'Enter the comment text, or remove the Comment UUID.',
				itemIndex: this.getItemIndex(),
			});
		}
		comment.incidentUuid = esetIdentifier(this, 'incidentUuid');
		if (final)
			comment.isFinalComment =
				nodeParameter(this, 'finalCommentOptions.isFinalComment', true) !== false;
		return requestOptions;
	};
}
