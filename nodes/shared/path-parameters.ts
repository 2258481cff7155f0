import type { IExecuteSingleFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';

import { describeValue } from './options';
import { operationError } from './errors';
import { nodeParameter } from './node-parameter';

export interface PathParameter {
	/** the field's name in the node, for errors */
	displayName: string;
	/** what is wrong with a value (already trimmed), if anything ("is empty") */
	problemWith: (value: string) => string | undefined;
	/** how to fix it, shown under the error */
	hint: string;
}

/**
 * An identifier as the user gave it, trimmed and checked: text or a number only (an object would
 * become "[object Object]"). What is checked is exactly what is sent.
 */
export function identifierValue(
	node: INode,
	raw: unknown,
	parameter: PathParameter,
	itemIndex?: number,
): string {
	const fail = (problem: string): never => {
		throw operationError(node, `${parameter.displayName} ${problem}`, {
			description: `Got ${describeValue(raw)}. ${parameter.hint}`,
			itemIndex,
		});
	};
	if (typeof raw === 'number' && !Number.isFinite(raw)) fail('is not a finite number');
	if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number') {
		fail('must be text or a number');
	}
	const value = String(raw ?? '').trim();
	const problem = parameter.problemWith(value);
	if (problem) fail(problem);
	return value;
}

/**
 * Fills a path's `{name}` placeholders (as in `/v2/incidents/{incidentUuid}:close`) with the
 * URL-encoded, checked values of the parameters of those names.
 */
export function fillPath(
	context: IExecuteSingleFunctions,
	request: IHttpRequestOptions,
	parameters: Record<string, PathParameter>,
	resolved: ReadonlyMap<string, unknown>,
): void {
	request.url = request.url.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
		const parameter = parameters[name];
		if (!parameter) throw operationError(context.getNode(), `No path parameter ${name} is defined`);
		const raw = resolved.has(name)
			? (resolved.get(name) ?? '')
			: nodeParameter(context, name, '', { extractValue: true });
		const value = identifierValue(context.getNode(), raw, parameter, context.getItemIndex());
		return encodeURIComponent(value);
	});
}
