import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit } from '../../shared/descriptions';
import { getAllOrganizations, omitUnsetOrganizationFilters } from '../actions/organizations';

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
		routing: { send: { preSend: [omitUnsetOrganizationFilters] } },
		options: [
			{
				displayName: 'Editable Only',
				name: 'editable',
				type: 'boolean',
				default: true,
				description: 'Whether to list only organizations the token may change. Off: no filter.',
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
				type: 'options',
				options: [
					{ name: 'ID, Newest First', value: '-id' },
					{ name: 'ID, Oldest First', value: 'id' },
					{ name: 'Name, A to Z', value: 'name' },
					{ name: 'Name, Z to A', value: '-name' },
				],
				default: '-id',
				description: 'How Aegister sorts the organizations',
				routing: { send: { type: 'query', property: 'order' } },
			},
			{
				displayName: 'Owned Only',
				name: 'owned',
				type: 'boolean',
				default: true,
				description: 'Whether to list only organizations the token owns. Off: no filter.',
				routing: { send: { type: 'query', property: 'owned' } },
			},
		],
	},
];
