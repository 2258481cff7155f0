import type { INodeProperties } from 'n8n-workflow';

import { listDetectionGroups, setSearchFilter } from '../actions/detection-groups';
import { outputActedOn, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit } from '../../shared/descriptions';

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
				description:
					'Get one detection group: repeated occurrences of the same detection, with the UUIDs of its detections (detectionOccurenceUuids), how many there are and how many are resolved, and the evidence of the oldest one',
				action: 'Get a detection group',
				routing: {
					request: { method: 'GET', url: detectionGroupPath },
					output: { postReceive: [outputResource('detectionGroup')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List detection groups, optionally only those of a time window, a device or a cloud office tenant, or the group that contains a given detection; one item per group',
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
				description:
					'Mark every detection of a detection group as resolved, with an optional note saying why. This changes the detections in ESET, and the API has no operation to undo it.',
				action: 'Resolve a detection group',
				routing: {
					// `:resolve` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${detectionGroupPath}:resolve` },
					output: { postReceive: [outputActedOn('resolve', ['detectionGroupUuid'])] },
				},
			},
			{
				name: 'Search',
				value: 'search',
				description:
					"Find detection groups with ESET's search filter (an OData-style expression such as resolved eq 0, not the incident list's filter): unresolved only, by severity, by device, or your own expression; one item per group. Reads only.",
				action: 'Search detection groups',
				routing: {
					request: { method: 'POST', url: '/v2/detection-groups:search' },
					send: { preSend: [setSearchFilter] },
					output: { postReceive: [outputEachOf(ESET_LISTS.foundDetectionGroups)] },
				},
			},
		],
		default: 'get',
	},
];

export const detectionGroupFields: INodeProperties[] = [
	{
		displayName: 'Detection Group UUID',
		name: 'detectionGroupUuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123e4567-e89b-12d3-a456-426614174000',
		description:
			'Identifier of the detection group (opaque; usually a UUID), e.g. from Get Many or Search',
		displayOptions: showFor(['get', 'resolve']),
	},
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
					"Only the group whose detectionOccurenceUuids lists this detection, e.g. an incident's detection. ESET has no such parameter: the node reads the pages and keeps the matching group, so narrow the list with Device UUID too.",
			},
			{
				displayName: 'Device UUID',
				name: 'deviceUuid',
				type: 'string',
				default: '',
				description: 'Only the groups of detections on this device. Leave empty for every device.',
			},
			{
				displayName: 'Occurred After',
				name: 'startTime',
				type: 'dateTime',
				default: '',
				description:
					"Only groups whose detections occurred at or after this time (without a zone: in the workflow's time zone)",
			},
			{
				displayName: 'Occurred Before',
				name: 'endTime',
				type: 'dateTime',
				default: '',
				description:
					"Only groups whose detections occurred before this time, exclusive (without a zone: in the workflow's time zone)",
			},
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
					'Only groups of detections on this device (device.uuid eq "…"). A value with a double quote or a backslash is refused: ESET documents no way to escape them.',
			},
			{
				displayName: 'Raw Filter',
				name: 'rawFilter',
				type: 'string',
				default: '',
				placeholder: 'objectTypeName eq "File" or objectTypeName eq "Process"',
				description:
					"Your own expression in ESET's search syntax: eq, ne, gt, ge, lt, le, and, or, parentheses, nested fields in dot notation, strings in double quotes. Added in parentheses, so the other conditions still apply.",
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
