import type { INodeProperties } from 'n8n-workflow';

/** The optional properties of an ESET comment object sent under `property` (text is asked for separately). */
export function commentFieldsOf(property: string): INodeProperties[] {
	return [
		{
			displayName: 'Comment UUID',
			name: 'uuid',
			type: 'string',
			default: '',
			description: 'Identifier for the comment (opaque; collision-free)',
			routing: { send: { type: 'body', property: `${property}.uuid` } },
		},
		{
			displayName: 'Incident UUID of Comment',
			name: 'incidentUuid',
			type: 'string',
			default: '',
			description: 'The incident the comment belongs to (usually the incident of this operation)',
			routing: { send: { type: 'body', property: `${property}.incidentUuid` } },
		},
	];
}
