import type { INodeProperties } from 'n8n-workflow';

import {
	listEdrObjects,
	MAX_EXCLUSION_NOTE_LENGTH,
	setEdrRuleExclusionBody,
	setXmlDefinitionBody,
} from '../actions/edr-definitions';
import { createExclusionFromDetection } from '../actions/exclusion-from-detection';
import { outputDeleted, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit } from '../../shared/descriptions';
import { enabledField, includeTotalSizeField, scopesField, xmlDefinitionField } from './edrFields';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['edrRuleExclusion'], operation } });

const exclusionPath = '/v2/edr-rule-exclusions/{exclusionUuid}';

export const edrRuleExclusionOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['edrRuleExclusion'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create an exclusion that stops EDR rules acting on what it matches',
				action: 'Create EDR rule exclusion',
				routing: {
					request: { method: 'POST', url: '/v2/edr-rule-exclusions' },
					send: { preSend: [setEdrRuleExclusionBody] },
					output: { postReceive: [outputResource('exclusion')] },
				},
			},
			{
				name: 'Create From Detection',
				value: 'createFromDetection',
				description: "Exclude a false-positive detection's process from the rule that raised it",
				action: 'Create EDR rule exclusion from detection',
				routing: {
					request: { method: 'GET', url: '/v2/detections/{detectionUuid}' },
					operations: { pagination: createExclusionFromDetection },
					output: { postReceive: [outputResource('detection')] },
				},
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete an exclusion for good; it cannot be undone',
				action: 'Delete EDR rule exclusion',
				routing: {
					request: { method: 'DELETE', url: exclusionPath },
					output: { postReceive: [outputDeleted(['exclusionUuid'])] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an exclusion with its rules, scopes and XML definition',
				action: 'Get EDR rule exclusion',
				routing: {
					request: { method: 'GET', url: exclusionPath },
					output: { postReceive: [outputResource('exclusion')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List EDR rule exclusions, one item per exclusion',
				action: 'Get many EDR rule exclusions',
				routing: {
					request: {
						method: 'GET',
						url: '/v2/edr-rule-exclusions',
						qs: { pageSize: MAX_PAGE_SIZE },
					},
					operations: { pagination: listEdrObjects },
					output: { postReceive: [outputEachOf(ESET_LISTS.edrRuleExclusions)] },
				},
			},
			{
				name: 'Update Definition',
				value: 'updateDefinition',
				description: 'Replace the XML definition of an exclusion',
				action: 'Update EDR rule exclusion definition',
				routing: {
					// `:updateDefinition` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${exclusionPath}:updateDefinition` },
					send: { preSend: [setXmlDefinitionBody] },
					output: { postReceive: [outputResource('exclusion')] },
				},
			},
		],
		default: 'get',
	},
];

export const edrRuleExclusionFields: INodeProperties[] = [
	esetLocator({
		displayName: 'EDR Rule Exclusion',
		name: 'exclusionUuid',
		searchListMethod: 'searchEdrRuleExclusions',
		description: 'The exclusion, picked by name or entered by its UUID',
		show: showFor(['delete', 'get', 'updateDefinition']).show,
	}),
	esetLocator({
		displayName: 'Detection',
		name: 'detectionUuid',
		searchListMethod: 'searchDetections',
		description: 'The false-positive detection: raised by an EDR rule, naming its process',
		show: showFor(['createFromDetection']).show,
	}),
	{
		displayName:
			"The exclusion matches the detection's process by its exact path (FileItem FullPath)",
		name: 'exclusionConditionsNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(['createFromDetection']),
	},
	{
		displayName: 'Scope',
		name: 'exclusionScope',
		type: 'options',
		options: [
			{
				name: "This Detection's Device",
				value: 'device',
				description: "Only on the detection's device: scopes [{deviceUuid}]",
			},
			{
				name: 'All Devices',
				value: 'allDevices',
				description: 'Sent without scopes: wherever the rule applies',
			},
		],
		default: 'device',
		displayOptions: showFor(['createFromDetection']),
	},
	{
		displayName: 'Exclusion Name',
		name: 'exclusionName',
		type: 'string',
		default: '',
		placeholder: 'e.g. False positive: backup-agent.exe',
		description:
			'The display name (description/name in the XML). Empty: "False positive: &lt;process file&gt; in &lt;detection&gt;".',
		displayOptions: showFor(['createFromDetection']),
	},
	xmlDefinitionField(
		'edrRuleExclusion',
		['create', 'updateDefinition'],
		'exclusion (actions are ignored)',
	),
	{
		displayName: 'Rule UUIDs',
		name: 'ruleUuids',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. edr-rule-uuid-1, edr-rule-uuid-2',
		description:
			"The EDR rules the exclusion patches, comma-separated, e.g. a detection's edrRuleUuid",
		displayOptions: showFor(['create']),
	},
	enabledField('edrRuleExclusion', ['create', 'createFromDetection'], 'exclusion'),
	{
		displayName: 'Note',
		name: 'exclusionNote',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: `Why the exclusion exists, e.g. the analyst's verdict (at most ${MAX_EXCLUSION_NOTE_LENGTH} characters)`,
		displayOptions: showFor(['create', 'createFromDetection']),
	},
	scopesField('edrRuleExclusion', 'exclusion'),
	...returnAllAndLimit('edrRuleExclusion'),
	includeTotalSizeField('edrRuleExclusion'),
];
