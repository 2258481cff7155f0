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

/** Return All / Limit of a Get Many operation; the transport stops fetching once Limit is reached. */
export function returnAllAndLimit(resource: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { resource: [resource], operation: ['getAll'] } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { resource: [resource], operation: ['getAll'], returnAll: [false] } },
			routing: { output: { maxResults: '={{ $value }}' } },
		},
	];
}
