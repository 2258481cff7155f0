import type { INodeProperties } from 'n8n-workflow';

import { listDetectionGroups, setSearchFilter } from '../actions/detection-groups';
import { outputActedOn, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { sendEsetRequestWith } from '../actions/run-operation';
import { simplifyDetectionGroup } from '../actions/simplify';
import { esetLocator } from './locators';
import { timeWindowFields } from './timeWindowFields';

const showFor = (operation: string[]) => ({ show: { resource: ['detectionGroup'], operation } });

const detectionGroupPath = '/v2/detection-groups/{detectionGroupUuid}';

export const detectionGroupOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['detectionGroup'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a group of repeated detections',
				action: 'Get detection group',
				routing: {
					request: { method: 'GET', url: detectionGroupPath },
					operations: { pagination: sendEsetRequestWith({ simplify: simplifyDetectionGroup }) },
					output: { postReceive: [outputResource('detectionGroup')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List detection groups, or find the group of one detection',
				action: 'Get many detection groups',
				routing: {
					request: { method: 'GET', url: '/v2/detection-groups', qs: { pageSize: MAX_PAGE_SIZE } },
					operations: { pagination: listDetectionGroups },
					output: { postReceive: [outputEachOf(ESET_LISTS.detectionGroups)] },
				},
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description: 'Mark every detection of a group as resolved; it cannot be undone',
				action: 'Resolve detection group',
				routing: {
					// `:resolve` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${detectionGroupPath}:resolve` },
					output: { postReceive: [outputActedOn('resolve', ['detectionGroupUuid'])] },
				},
			},
			{
				name: 'Search',
				value: 'search',
				description: "Find detection groups with ESET's search filter",
				action: 'Search detection groups',
				routing: {
					request: { method: 'POST', url: '/v2/detection-groups:search' },
					send: { preSend: [setSearchFilter] },
					operations: { pagination: sendEsetRequestWith({ simplify: simplifyDetectionGroup }) },
					output: { postReceive: [outputEachOf(ESET_LISTS.foundDetectionGroups)] },
				},
			},
		],
		default: 'get',
	},
];

export const detectionGroupFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Detection Group',
		name: 'detectionGroupUuid',
		searchListMethod: 'searchDetectionGroups',
		description: 'The group of repeated detections, picked by name or entered by its UUID',
		show: showFor(['get', 'resolve']).show,
	}),
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Why the detections are resolved, e.g. "False positive: signed in-house tool" (optional)',
		displayOptions: showFor(['resolve']),
		routing: { send: { type: 'body', property: 'note' } },
	},
	...returnAllAndLimit('detectionGroup'),
	simplifyField('detectionGroup', ['get', 'getAll', 'search']),
	{
		displayName: 'Filters',
		name: 'detectionGroupFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Without filters, every detection group ESET holds is listed',
		displayOptions: showFor(['getAll']),
		options: [
			{
				displayName: 'Cloud Office Tenant UUID',
				name: 'cloudOfficeTenantUuid',
				type: 'string',
				default: '',
				description:
					'Only the groups of this ESET Cloud Office Security tenant. Leave empty for every tenant and the devices.',
			},
			{
				displayName: 'Contains Detection (UUID)',
				name: 'detectionUuid',
				type: 'string',
				default: '',
				description:
					"Only the group that lists this detection, e.g. an incident's. The node finds it in the pages ESET lists: narrow them with Device UUID.",
			},
			{
				displayName: 'Device UUID',
				name: 'deviceUuid',
				type: 'string',
				default: '',
				description: 'Only the groups of detections on this device. Leave empty for every device.',
			},
			...timeWindowFields(
				{ displayName: 'Occurred After', name: 'startTime' },
				{ displayName: 'Occurred Before', name: 'endTime' },
				'groups whose detections occurred',
			),
		],
	},
	{
		displayName: 'Conditions',
		name: 'searchConditions',
		type: 'collection',
		placeholder: 'Add Condition',
		default: {},
		description: 'Joined with "and". Without conditions, every detection group is returned.',
		displayOptions: showFor(['search']),
		options: [
			{
				displayName: 'Device UUID',
				name: 'deviceUuid',
				type: 'string',
				default: '',
				description:
					'Only groups of detections on this device. A double quote or a backslash is refused: ESET documents no escape for them.',
			},
			{
				displayName: 'Raw Filter',
				name: 'rawFilter',
				type: 'string',
				default: '',
				placeholder: 'e.g. objectTypeName eq "File" or objectTypeName eq "Process"',
				description:
					'Your own expression in ESET\'s search syntax, e.g. resolved eq 0 and device.uuid eq "…". It is added in parentheses to the other conditions.',
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'multiOptions',
				options: [
					{ name: 'Low (Score 1–49)', value: 'LOW' },
					{ name: 'Medium (Score 50–59)', value: 'MEDIUM' },
					{ name: 'High (Score 60–100)', value: 'HIGH' },
				],
				default: [],
				description: "Only groups of these severities, by ESET's severity score bands",
			},
			{
				displayName: 'Unresolved Only',
				name: 'unresolvedOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to return only groups that are not resolved (resolved eq 0)',
			},
		],
	},
];
