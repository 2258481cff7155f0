import type { INodeProperties } from 'n8n-workflow';

/** The organization of an operation: picked from Aegister's list, or entered by its ID. */
export function organizationLocator(resource: string, operations: string[]): INodeProperties {
	return {
		displayName: 'Organization',
		name: 'organization',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The organization that owns the incident (it needs the v_ciso licence)',
		displayOptions: { show: { resource: [resource], operation: operations } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select an organization...',
				typeOptions: { searchListMethod: 'searchOrganizations', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 42',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[1-9][0-9]*\\s*$',
							errorMessage: 'Organization ID must be a positive whole number',
						},
					},
				],
			},
		],
	};
}
