import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeProperties,
	PreSendAction,
} from 'n8n-workflow';

import type { PathParameter } from '../../shared/path-parameters';
import { jsonOrProblem } from '../../shared/json-input';
import type { CheckedStep } from '../../shared/parameter-check';
import { readParameter } from '../../shared/parameter-check';
import { fillPath } from '../../shared/path-parameters';
import { operationError, setAndClearedError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

/** Aegister's ids are positive whole numbers. */
function positiveIntegerProblem(text: string): string | undefined {
	return /^\d+$/.test(text) && Number(text) >= 1 && Number.isSafeInteger(Number(text))
		? undefined
		: 'must be a positive whole number';
}

const id = (displayName: string): PathParameter => ({
	displayName,
	problemWith: positiveIntegerProblem,
	hint: 'Use the numeric ID shown in the Aegister app, for example 42.',
});

/** After the parameter check of every operation: the ids in its path (`/V-Ciso/incidents/…`). */
export const fillAegisterPath: CheckedStep = (context, request, resolved) =>
	fillPath(
		context,
		request,
		{ organization: id('Organization ID'), incidentId: id('Incident ID') },
		resolved,
	);

function isBlank(value: unknown): boolean {
	return (
		value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
	);
}

/**
 * preSend factory for a PATCH: a body of the update fields the user set, JSON fields as objects,
 * and the Fields to Clear sent empty; nothing to send is an error (docs/nis2.md).
 */
export function sendOnlySetFields(fields: () => INodeProperties[]): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const body: IDataObject = {};
		const set = (this.getNode().parameters.updateFields ?? {}) as IDataObject;
		for (const field of fields().filter((option) => option.name in set)) {
			const label = `Update Fields → ${field.displayName}`;
			const value = readParameter(this, `updateFields.${field.name}`, label, this.getItemIndex());
			if (isBlank(value)) continue;
			if (field.type !== 'json') {
				body[field.name] =
					typeof value === 'number' ? String(value) : (value as IDataObject[string]);
				continue;
			}
			const object = toJsonObject.call(this, value, label);
			if (Object.keys(object).length > 0) body[field.name] = object;
		}
		for (const name of nodeParameter(this, 'fieldsToClear', []) as string[]) {
			if (name in body) {
				const label = fields().find((field) => field.name === name)?.displayName ?? name;
				throw setAndClearedError(this.getNode(), label, this.getItemIndex());
			}
			body[name] = fields().find((field) => field.name === name)?.type === 'json' ? {} : '';
		}
		if (Object.keys(body).length === 0) {
			throw operationError(this.getNode(), 'Nothing to update: set at least one field', {
				description:
					'Add a field under "Update Fields" and give it a value, or choose one under "Fields to Clear". Empty fields (and empty JSON objects) are not sent.',
				itemIndex: this.getItemIndex(),
			});
		}
		requestOptions.body = body;
		return requestOptions;
	};
}

function toJsonObject(
	this: IExecuteSingleFunctions,
	value: unknown,
	displayName: string,
): IDataObject {
	const { value: parsed, problem } = jsonOrProblem(value);
	if (problem) {
		throw operationError(this.getNode(), `${displayName} ${problem}`, {
			description: 'Enter a JSON object, for example {"key": "value"}.',
			itemIndex: this.getItemIndex(),
		});
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw operationError(this.getNode(), `${displayName} must be a JSON object`, {
			description: `Got ${JSON.stringify(parsed)}. Enter an object in curly braces, for example {"key": "value"}.`,
			itemIndex: this.getItemIndex(),
		});
	}
	return parsed as IDataObject;
}
