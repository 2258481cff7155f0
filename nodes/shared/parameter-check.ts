import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INode,
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	PreSendAction,
} from 'n8n-workflow';
import { NodeHelpers, NodeOperationError } from 'n8n-workflow';

import { dateTimeOrProblem } from './date-time';
import { jsonOrProblem, MAX_JSON_DEPTH } from './json-input';
import { describeValue } from './options';
import { operationError } from './errors';
import type { ParameterReader } from './node-parameter';
import { nodeParameter } from './node-parameter';

/**
 * The error for a parameter whose value cannot even be read: a value nested thousands of levels
 * deep (from an expression) overflows the stack of n8n's own clean-up of parameter values.
 */
function unreadable(
	context: ParameterSource,
	label: string,
	error: unknown,
	itemIndex?: number,
): NodeOperationError {
	if (!(error instanceof RangeError))
		return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
	return operationError(
		context.getNode(),
		`${label} is nested more than ${MAX_JSON_DEPTH} levels deep`,
		{
			description: 'Nothing was sent. Check the expression that gives this value.',
			itemIndex,
		},
	);
}

/** A parameter as it resolved for this item, or an error naming it when it cannot be read. */
export function readParameter(
	context: ParameterSource,
	path: string,
	label: string,
	itemIndex?: number,
): unknown {
	try {
		return nodeParameter(context, path, null);
	} catch (error) {
		throw unreadable(context, label, error, itemIndex);
	}
}

/** The label of the option of a collection that cannot be read, or the collection's own. */
function unreadableLabel(context: ParameterSource, property: INodeProperties): string {
	if (property.type !== 'collection') return property.displayName;
	const raw = (context.getNode().parameters[property.name] ?? {}) as IDataObject;
	for (const option of (property.options ?? []) as INodeProperties[]) {
		if (!(option.name in raw)) continue;
		try {
			nodeParameter(context, `${property.name}.${option.name}`, null);
		} catch {
			return `${property.displayName} → ${option.displayName}`;
		}
	}
	return property.displayName;
}

/** What the check needs of a node's execution context (an action item, or a poll). */
export interface ParameterSource extends ParameterReader {
	getNode(): INode;
	getTimezone(): string;
}

function optionValues(property: INodeProperties): unknown[] {
	return ((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
}

function isBlank(property: INodeProperties, value: unknown): boolean {
	if (value === undefined || value === null || value === '') return true;
	return property.type === 'json' && typeof value === 'string' && !value.trim();
}

function setPath(target: IDataObject, path: string, value: unknown): void {
	const keys = path.split('.');
	let object = target;
	for (const key of keys.slice(0, -1)) {
		if (!object[key] || typeof object[key] !== 'object') return;
		object = object[key] as IDataObject;
	}
	if (keys.at(-1)! in object) object[keys.at(-1)!] = value as IDataObject[string];
}

/** A value's problem for one type of property: `expected` words the usual "must be …; got …". */
type TypeCheck = (
	property: INodeProperties,
	value: unknown,
	label: string,
	timeZone: string,
	expected: (what: string) => string,
) => string | undefined;

const listOf = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

const numberProblem: TypeCheck = (property, value, _label, _timeZone, expected) => {
	const { minValue = -Infinity, maxValue = Infinity, numberPrecision } = property.typeOptions ?? {};
	if (typeof value !== 'number' || !Number.isFinite(value)) return expected('a number');
	if (numberPrecision === 0 && !Number.isInteger(value)) return expected('a whole number');
	if (value >= minValue && value <= maxValue) return undefined;
	return expected(
		Number.isFinite(maxValue) ? `from ${minValue} to ${maxValue}` : `at least ${minValue}`,
	);
};

const collectionProblem: TypeCheck = (property, value, label, timeZone, expected) => {
	if (typeof value !== 'object' || Array.isArray(value)) return expected('a set of fields');
	for (const [name, entry] of Object.entries(value as IDataObject)) {
		const option = (property.options as INodeProperties[]).find((o) => o.name === name);
		const problem =
			option && problemWith(option, entry, `${label} → ${option.displayName}`, timeZone);
		if (problem) return problem;
	}
	return undefined;
};

const fixedCollectionProblem: TypeCheck = (property, value, label, timeZone, expected) => {
	if (typeof value !== 'object' || Array.isArray(value)) return expected('a set of fields');
	for (const group of (property.options ?? []) as INodePropertyCollection[]) {
		const entries = (value as IDataObject)[group.name];
		for (const entry of entries === undefined ? [] : [entries].flat()) {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry))
				return expected('a set of fields');
			for (const field of group.values) {
				const fieldLabel = `${label} → ${field.displayName}`;
				const problem = problemWith(
					field,
					(entry as IDataObject)[field.name],
					fieldLabel,
					timeZone,
				);
				if (problem) return problem;
			}
		}
	}
	return undefined;
};

/** The check of each type of property the nodes use. */
const TYPE_CHECKS: Record<string, TypeCheck> = {
	string: (_p, value, _l, _t, expected) =>
		typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))
			? undefined
			: expected('text'),
	number: numberProblem,
	boolean: (_p, value, _l, _t, expected) =>
		typeof value === 'boolean' ? undefined : expected('true or false'),
	options: (property, value, _l, _t, expected) => {
		const allowed = optionValues(property);
		return allowed.includes(value as string) ? undefined : expected(`one of ${listOf(allowed)}`);
	},
	multiOptions: (property, value, _l, _t, expected) => {
		const allowed = optionValues(property);
		const valid = Array.isArray(value) && value.every((entry) => allowed.includes(entry));
		return valid ? undefined : expected(`a list of ${listOf(allowed)}`);
	},
	dateTime: (_p, value, label, timeZone) => {
		const { problem } = dateTimeOrProblem(value, timeZone);
		return problem && `${label}: ${problem}`;
	},
	json: (_p, value, label) => {
		const { problem } = jsonOrProblem(value);
		return problem && `${label} ${problem}`;
	},
	collection: collectionProblem,
	fixedCollection: fixedCollectionProblem,
};

/** What is wrong with a value of a property, if anything (its label first). */
function problemWith(
	property: INodeProperties,
	value: unknown,
	label: string,
	timeZone: string,
): string | undefined {
	if (isBlank(property, value)) return undefined;
	const expected = (what: string) => `${label} must be ${what}; got ${describeValue(value)}`;
	return TYPE_CHECKS[property.type]?.(property, value, label, timeZone, expected);
}

/** Where a property's value goes in the request, when the routing sends it there. */
function sentAt(
	property: INodeProperties,
): { type: 'body' | 'query'; property: string } | undefined {
	const send = property.routing?.send;
	if (!send?.property || send.property.startsWith('=') || send.value) return undefined;
	return { type: send.type === 'body' ? 'body' : 'query', property: send.property };
}

/**
 * Checks each visible parameter of the operation as resolved for this item, before any request;
 * converted values go into `request` where the routing sent them.
 */
export function checkParameters(
	context: ParameterSource,
	properties: INodeProperties[],
	itemIndex?: number,
	request?: IHttpRequestOptions,
): ResolvedParameters {
	const node = context.getNode();
	const timeZone = context.getTimezone();
	const resolved = new Map<string, unknown>();
	for (const property of properties) {
		if (['hidden', 'notice', 'resourceLocator', 'button', 'callout'].includes(property.type))
			continue;
		if (!NodeHelpers.displayParameter(node.parameters, property, node, null)) continue;
		let value: unknown;
		try {
			value = nodeParameter(context, property.name, null);
		} catch (error) {
			throw unreadable(context, unreadableLabel(context, property), error, itemIndex);
		}
		resolved.set(property.name, value);
		const problem = problemWith(property, value, property.displayName, timeZone);
		if (problem) {
			throw operationError(node, problem, {
				description:
					'Nothing was sent. Check the value the field (or its expression) gives for this item.',
				itemIndex,
			});
		}
		if (request) sendNumbersAsText(property, value, request);
	}
	return resolved;
}

/** A number typed (or mapped) into a text field is sent as text, where the routing put it. */
function sendNumbersAsText(
	property: INodeProperties,
	value: unknown,
	request: IHttpRequestOptions,
): void {
	const fields: Array<[INodeProperties, unknown]> =
		property.type === 'collection' && value && typeof value === 'object'
			? Object.entries(value as IDataObject).map(([name, entry]) => [
					(property.options as INodeProperties[]).find((option) => option.name === name)!,
					entry,
				])
			: [[property, value]];
	for (const [field, entry] of fields) {
		const target = field && sentAt(field);
		if (field?.type !== 'string' || typeof entry !== 'number' || !target) continue;
		setPath(
			(target.type === 'body' ? request.body : request.qs) as IDataObject,
			target.property,
			String(entry),
		);
	}
}

/** The values `checkParameters` resolved for an item, by parameter name. */
export type ResolvedParameters = ReadonlyMap<string, unknown>;

/** A step after the check, given the values it resolved (expressions evaluate once per item). */
export type CheckedStep = (
	context: IExecuteSingleFunctions,
	request: IHttpRequestOptions,
	resolved: ResolvedParameters,
) => void;

/**
 * preSend of every operation: `checkParameters` for the node's properties, then `steps` in order,
 * each given the resolved values.
 */
export function checkParametersBeforeSending(
	properties: () => INodeProperties[],
	...steps: CheckedStep[]
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, requestOptions: IHttpRequestOptions) {
		const resolved = checkParameters(this, properties(), this.getItemIndex(), requestOptions);
		for (const step of steps) step(this, requestOptions, resolved);
		return requestOptions;
	};
}
