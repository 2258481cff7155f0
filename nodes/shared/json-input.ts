/** Deeper JSON is not a vendor payload; it would also overflow the stack of JSON.stringify. */
export const MAX_JSON_DEPTH = 64;

/** Larger JSON is not a vendor payload either. */
export const MAX_JSON_CHARACTERS = 1_000_000;

export class JsonInputError extends Error {}

/** Nesting depth of JSON text, counted without parsing (strings skipped), so it cannot overflow. */
function textDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
		} else if (c === '"') inString = true;
		else if (c === '{' || c === '[') deepest = Math.max(deepest, ++depth);
		else if (c === '}' || c === ']') depth--;
	}
	return deepest;
}

/** Depth and size of a value an expression produced, walked without recursion. */
function checkValue(root: unknown): void {
	const stack: Array<[unknown, number]> = [[root, 0]];
	let values = 0;
	while (stack.length) {
		const [value, depth] = stack.pop()!;
		if (++values > MAX_JSON_CHARACTERS / 2) throw new JsonInputError('is too large');
		if (!value || typeof value !== 'object') {
			if (typeof value === 'string' && value.length > MAX_JSON_CHARACTERS)
				throw new JsonInputError('is too large');
			continue;
		}
		if (depth >= MAX_JSON_DEPTH)
			throw new JsonInputError(`is nested more than ${MAX_JSON_DEPTH} levels deep`);
		for (const child of Object.values(value)) stack.push([child, depth + 1]);
	}
}

/**
 * A JSON parameter as a value (text parsed); over 64 levels or a million characters is a
 * `JsonInputError`, whose message continues the field's name ("is not valid JSON: …").
 */
export function jsonInput(value: unknown): unknown {
	if (typeof value !== 'string') {
		checkValue(value);
		return value;
	}
	if (value.length > MAX_JSON_CHARACTERS)
		throw new JsonInputError(`is longer than ${MAX_JSON_CHARACTERS} characters`);
	if (textDepth(value) > MAX_JSON_DEPTH)
		throw new JsonInputError(`is nested more than ${MAX_JSON_DEPTH} levels deep`);
	const parsed = parsedOrSyntaxError(value);
	if (parsed.syntaxError) throw new JsonInputError(`is not valid JSON: ${parsed.syntaxError}`);
	return parsed.value;
}

function parsedOrSyntaxError(text: string): { value?: unknown; syntaxError?: string } {
	try {
		return { value: JSON.parse(text) as unknown };
	} catch (error) {
		return { syntaxError: (error as Error).message };
	}
}

/** `jsonInput` without throwing: the value, or what is wrong (continuing the field's name). */
export function jsonOrProblem(value: unknown): { value?: unknown; problem?: string } {
	try {
		return { value: jsonInput(value) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}
