import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Text for n8n's editor, which shows messages as HTML: tags become ‹tag›, so no word vanishes. */
export function withoutMarkup(text: string): string {
	return text.replace(/<([^<>]*)>/g, '‹$1›').replace(/</g, '‹');
}

export interface ErrorOptions {
	description?: string;
	itemIndex?: number;
}

/** A NodeOperationError whose message and description hold no markup. */
export function operationError(node: INode, message: string, options: ErrorOptions = {}) {
	const description = options.description && withoutMarkup(options.description);
	return new NodeOperationError(node, withoutMarkup(message), { ...options, description });
}

/** A field given a value under Update Fields and also chosen under Fields to Clear. */
export function setAndClearedError(node: INode, label: string, itemIndex: number) {
	const message = `${label} is both set under Update Fields and chosen under Fields to Clear`;
	const description = 'Either give the field a new value or clear it, not both.';
	return operationError(node, message, { description, itemIndex });
}
