import type { INodeProperties } from 'n8n-workflow';

import { setIndicators } from '../actions/indicators';
import { outputData } from '../actions/output';
import { organizationLocator } from './organizationLocator';

const showFor = (operation: string[]) => ({ show: { resource: ['threatIntel'], operation } });

export const threatIntelOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['threatIntel'] } },
		options: [
			{
				name: 'Enrich Indicators',
				value: 'enrich',
				description: "Look up IPs, domains, URLs and file hashes in Aegister's threat intelligence",
				action: 'Enrich indicators of compromise',
				routing: {
					request: { method: 'POST', url: '/api/v1/V-Ciso/incidents/{organization}/threat-intel' },
					send: { preSend: [setIndicators] },
					output: { postReceive: [outputData('list')] },
				},
			},
		],
		default: 'enrich',
	},
];

export const threatIntelFields: INodeProperties[] = [
	organizationLocator('threatIntel', ['enrich']),
	{
		displayName: 'Indicators From',
		name: 'indicatorSource',
		type: 'options',
		options: [
			{ name: 'List', value: 'list', description: 'Enter each indicator as a type and a value' },
			{
				name: 'JSON',
				value: 'json',
				description: 'An array of {"type", "value"} objects, e.g. from a previous node',
			},
		],
		default: 'list',
		displayOptions: showFor(['enrich']),
	},
	{
		displayName: 'Indicators',
		name: 'indicators',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Indicator',
		default: {},
		displayOptions: {
			show: { resource: ['threatIntel'], operation: ['enrich'], indicatorSource: ['list'] },
		},
		options: [
			{
				displayName: 'Indicator',
				name: 'indicator',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'IP Address', value: 'ip' },
							{ name: 'Domain', value: 'domain' },
							{ name: 'URL', value: 'url' },
							{ name: 'File Hash', value: 'hash' },
						],
						default: 'ip',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'e.g. 203.0.113.7',
						description: 'The IP address, domain, URL or file hash to look up',
					},
				],
			},
		],
	},
	{
		displayName: 'Indicators (JSON)',
		name: 'indicatorsJson',
		type: 'json',
		default: '[]',
		placeholder: '[{"type": "ip", "value": "<IP address>"}, {"type": "hash", "value": "<SHA-1>"}]',
		description:
			'Array of indicators, each an object with a type and a value; the types are IP, domain, URL and hash, written in lowercase',
		displayOptions: {
			show: { resource: ['threatIntel'], operation: ['enrich'], indicatorSource: ['json'] },
		},
	},
];
