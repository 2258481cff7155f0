import type { INode } from 'n8n-workflow';
import { operationError } from './errors';

export interface NumberSpec {
	/** the field as the panel shows it, e.g. "Options → Max Wait (Seconds)" */
	displayName: string;
	min: number;
	max: number;
	/** whole numbers only */
	integer?: boolean;
}

/**
 * A number read at run time: NaN, a non-number, a fraction where a whole number is required or a
 * value outside [min, max] is an error naming the field, never clamped.
 */
export function checkedNumber(
	node: INode,
	value: unknown,
	spec: NumberSpec,
	itemIndex?: number,
): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const valid =
		typeof number === 'number' &&
		Number.isFinite(number) &&
		number >= spec.min &&
		number <= spec.max &&
		(!spec.integer || Number.isInteger(number));
	if (valid) return number;
	const kind = spec.integer ? 'a whole number' : 'a number';
	throw operationError(
		node,
		`${spec.displayName} must be ${kind} from ${spec.min} to ${spec.max}`,
		{
			description: `Got ${describeValue(value)}.`,
			itemIndex,
		},
	);
}

/** A value as an error may show it: short, and never an object's full contents. */
export function describeValue(value: unknown): string {
	if (value === undefined) return 'nothing';
	if (value === null) return 'null';
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'number') return String(value);
	const text = JSON.stringify(String(value));
	return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}
