import type { INodeProperties } from 'n8n-workflow';

import { getDevicesByUuids, listDevices } from '../actions/devices';
import { sendEsetRequestWith } from '../actions/run-operation';
import { simplifyDevice } from '../actions/simplify';
import { outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS, MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['device'], operation } });

export const deviceOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a managed device: name, IP addresses, operating system, group, status',
				action: 'Get device',
				routing: {
					request: { method: 'GET', url: '/v1/devices/{deviceUuid}' },
					operations: {
						pagination: sendEsetRequestWith({
							service: 'deviceManagement',
							simplify: simplifyDevice,
						}),
					},
					output: { postReceive: [outputResource('device')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List managed devices by exact name, functionality status or muted',
				action: 'Get many devices',
				routing: {
					// each exact name repeats the key (`style: form, explode: true`)
					request: {
						method: 'GET',
						url: '/v1/devices',
						qs: { pageSize: MAX_PAGE_SIZE },
						arrayFormat: 'repeat',
					},
					operations: { pagination: listDevices },
					output: { postReceive: [outputEachOf(ESET_LISTS.devices)] },
				},
			},
			{
				name: 'Get Many by UUIDs',
				value: 'getManyByUuids',
				description: 'Get devices by their UUIDs, such as those of an incident, in that order',
				action: 'Get many devices by identifiers',
				routing: {
					request: { method: 'GET', url: '/v1/devices:batchGet' },
					operations: { pagination: getDevicesByUuids },
				},
			},
		],
		default: 'get',
	},
];

export const deviceFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Device',
		name: 'deviceUuid',
		searchListMethod: 'searchDevices',
		description: 'The managed device, picked by name or entered by its UUID',
		show: { resource: ['device'], operation: ['get'] },
	}),
	{
		displayName: 'Device UUIDs',
		name: 'deviceUuids',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000, 0f8fad5b-d9cb-469f-a165-70867728950e',
		description:
			"UUIDs separated by commas, or an expression giving a list such as an incident's deviceUuids. ESET is asked for 100 at a time.",
		displayOptions: showFor(['getManyByUuids']),
	},
	...returnAllAndLimit('device'),
	{
		displayName: 'Filters',
		name: 'deviceFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Devices must match all the filters added here',
		displayOptions: showFor(['getAll']),
		options: [
			{
				displayName: 'Display Names',
				name: 'displayNames',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				placeholder: 'e.g. host-1',
				description:
					'Exact device names, one per line: ESET matches whole names only, never part of one',
			},
			{
				displayName: 'Functionality Status',
				name: 'functionalityStatus',
				type: 'options',
				options: [
					{
						name: 'Attention Recommended',
						value: 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_RECOMMENDED',
					},
					{ name: 'Attention Required', value: 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED' },
					{ name: 'OK', value: 'DEVICE_FUNCTIONALITY_STATUS_OK' },
				],
				default: 'DEVICE_FUNCTIONALITY_STATUS_ATTENTION_REQUIRED',
				description: "The device's protection status, set by the worst problem it reports",
			},
			{
				displayName: 'Muted',
				name: 'muted',
				type: 'options',
				options: [
					{ name: 'Muted Only', value: 'muted' },
					{ name: 'Not Muted Only', value: 'notMuted' },
				],
				default: 'notMuted',
				description: 'Muted devices report no problems in the console',
			},
		],
	},
	simplifyField('device', ['get', 'getAll', 'getManyByUuids']),
];
