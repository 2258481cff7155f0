import type { INodeProperties } from 'n8n-workflow';

import { listEdrObjects, setEdrRuleBody, setXmlDefinitionBody } from '../actions/edr-definitions';
import { outputActedOn, outputDeleted, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit } from '../../shared/descriptions';
import { enabledField, includeTotalSizeField, scopesField, xmlDefinitionField } from './edrFields';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['edrRule'], operation } });

const rulePath = '/v2/edr-rules/{ruleUuid}';

export const edrRuleOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['edrRule'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an EDR rule from its XML definition',
				action: 'Create EDR rule',
				routing: {
					request: { method: 'POST', url: '/v2/edr-rules' },
					send: { preSend: [setEdrRuleBody] },
					output: { postReceive: [outputResource('rule')] },
				},
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an EDR rule for good; it cannot be undone',
				action: 'Delete EDR rule',
				routing: {
					request: { method: 'DELETE', url: rulePath },
					output: { postReceive: [outputDeleted(['ruleUuid'])] },
				},
			},
			{
				name: 'Disable',
				value: 'disable',
				description: 'Stop an EDR rule from raising detections until it is enabled',
				action: 'Disable EDR rule',
				routing: {
					// `:disable` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${rulePath}:disable` },
					output: { postReceive: [outputActedOn('disable', ['ruleUuid'])] },
				},
			},
			{
				name: 'Enable',
				value: 'enable',
				description: 'Let an EDR rule raise detections again',
				action: 'Enable EDR rule',
				routing: {
					request: { method: 'POST', url: `${rulePath}:enable` },
					output: { postReceive: [outputActedOn('enable', ['ruleUuid'])] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an EDR rule with its scopes and XML definition',
				action: 'Get EDR rule',
				routing: {
					request: { method: 'GET', url: rulePath },
					output: { postReceive: [outputResource('rule')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List EDR rules, optionally of one severity level, one item per rule',
				action: 'Get many EDR rules',
				routing: {
					request: { method: 'GET', url: '/v2/edr-rules', qs: { pageSize: MAX_PAGE_SIZE } },
					operations: { pagination: listEdrObjects },
					output: { postReceive: [outputEachOf(ESET_LISTS.edrRules)] },
				},
			},
			{
				name: 'Update Definition',
				value: 'updateDefinition',
				description: 'Replace the XML definition of an EDR rule',
				action: 'Update EDR rule definition',
				routing: {
					request: { method: 'POST', url: `${rulePath}:updateDefinition` },
					send: { preSend: [setXmlDefinitionBody] },
					output: { postReceive: [outputResource('rule')] },
				},
			},
		],
		default: 'get',
	},
];

export const edrRuleFields: INodeProperties[] = [
	esetLocator({
		displayName: 'EDR Rule',
		name: 'ruleUuid',
		searchListMethod: 'searchEdrRules',
		description: "The EDR rule, picked by name or entered by its UUID (a detection's edrRuleUuid)",
		show: showFor(['delete', 'disable', 'enable', 'get', 'updateDefinition']).show,
	}),
	xmlDefinitionField('edrRule', ['create', 'updateDefinition'], 'rule'),
	enabledField('edrRule', ['create'], 'rule'),
	scopesField('edrRule', 'rule', true),
	...returnAllAndLimit('edrRule'),
	includeTotalSizeField('edrRule'),
	{
		displayName: 'Filters',
		name: 'edrRuleFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(['getAll']),
		options: [
			{
				displayName: 'Severity Level',
				name: 'severityLevel',
				type: 'options',
				options: [
					{
						name: 'Diagnostic',
						value: 'SEVERITY_LEVEL_DIAGNOSTIC',
						description: 'In some GUIs: Debug',
					},
					{ name: 'High', value: 'SEVERITY_LEVEL_HIGH', description: 'In some GUIs: Critical' },
					{
						name: 'Informational',
						value: 'SEVERITY_LEVEL_INFORMATIONAL',
						description: 'In some GUIs: Info',
					},
					{ name: 'Low', value: 'SEVERITY_LEVEL_LOW', description: 'In some GUIs: Warning' },
					{
						name: 'Medium',
						value: 'SEVERITY_LEVEL_MEDIUM',
						description: 'In some GUIs: Error or Threat',
					},
				],
				default: 'SEVERITY_LEVEL_HIGH',
				description: 'Only the rules of this severity level',
			},
		],
	},
];
