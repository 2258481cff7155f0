import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { getAllOrganizations } from '../organizations';

const showFor = (operation: string[]) => ({ show: { resource: ['organization'], operation } });

export const organizationOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['organization'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the organizations the API token can see, one item per organization',
				action: 'Get many organizations',
				routing: {
					request: { method: 'GET', url: '/api/v1/organizations' },
					send: { paginate: true },
					operations: { pagination: getAllOrganizations },
				},
			},
		],
		default: 'getAll',
	},
];

export const organizationFields: INodeProperties[] = [
	...returnAllAndLimit('organization'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(['getAll']),
		options: [
			{
				displayName: 'Editable Only',
				name: 'editable',
				type: 'boolean',
				default: true,
				description: 'Whether to list only organizations the token may change (true) or only those it may not (false)',
				routing: { send: { type: 'query', property: 'editable' } },
			},
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only organizations whose name contains this text (case-insensitive)',
				routing: { send: { type: 'query', property: 'name' } },
			},
			{
				displayName: 'Order',
				name: 'order',
				type: 'string',
				default: '-id',
				description: 'Field to sort by; a leading minus sorts descending',
				routing: { send: { type: 'query', property: 'order' } },
			},
			{
				displayName: 'Owned Only',
				name: 'owned',
				type: 'boolean',
				default: true,
				description: 'Whether to list only organizations the token owns (true) or only those it does not (false)',
				routing: { send: { type: 'query', property: 'owned' } },
			},
		],
	},
];
