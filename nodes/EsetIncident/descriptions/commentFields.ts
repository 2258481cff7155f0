import type { INodeProperties } from 'n8n-workflow';

/** The optional UUID of an ESET comment sent under `property` (its text is a field of its own). */
export function commentUuidField(property: string): INodeProperties {
	return {
		displayName: 'Comment UUID',
		name: 'uuid',
		type: 'string',
		default: '',
		description:
			'Your own identifier for the comment (opaque; collision-free). ESET assigns one when left empty.',
		routing: { send: { type: 'body', property: `${property}.uuid` } },
	};
}
