import type { IGetNodeParameterOptions } from 'n8n-workflow';

/** What reading a parameter needs of an n8n context (an item's, a poll's, a list search's). */
export interface ParameterReader {
	getNodeParameter(name: string, fallback?: unknown, options?: IGetNodeParameterOptions): unknown;
}

/** A parameter's value per context, for those set by an expression (docs/development.md). */
const evaluated = new WeakMap<object, Map<string, unknown>>();

const MISSING = Symbol('missing');

function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(holdsExpression);
	if (raw && typeof raw === 'object') return Object.values(raw).some(holdsExpression);
	return false;
}

/** A copy of the plain objects and arrays in a value, so that no reader changes another's. */
function copyOf<T>(value: T): T {
	if (Array.isArray(value)) return value.map(copyOf) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyOf(v)])) as T;
	}
	return value;
}

/** The values of an item's context; a context n8n derives from it (pagination) shares them. */
function valuesOf(context: object): Map<string, unknown> {
	const own = evaluated.get(context) ?? evaluated.get(Object.getPrototypeOf(context) as object);
	if (own) return own;
	const values = new Map<string, unknown>();
	evaluated.set(context, values);
	return values;
}

/**
 * A node parameter as `getNodeParameter` gives it, with an expression evaluated once per item
 * however many steps read it.
 */
export function nodeParameter<T = unknown>(
	context: ParameterReader,
	name: string,
	fallback?: unknown,
	options?: IGetNodeParameterOptions,
): T {
	const raw = context.getNodeParameter(name, MISSING, { rawExpressions: true });
	if (raw === MISSING || !holdsExpression(raw)) {
		return context.getNodeParameter(name, fallback, options) as T;
	}
	const values = valuesOf(context);
	const key = `${name}\n${JSON.stringify(options ?? {})}`;
	if (!values.has(key)) values.set(key, context.getNodeParameter(name, fallback, options));
	return copyOf(values.get(key)) as T;
}
