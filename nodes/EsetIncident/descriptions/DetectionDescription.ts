import type { INodeProperties } from 'n8n-workflow';

import { listDetections } from '../actions/detections';
import { sendEsetRequestWith } from '../actions/run-operation';
import { simplifyDetection } from '../actions/simplify';
import { outputActedOn, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { esetLocator } from './locators';
import { timeWindowFields } from './timeWindowFields';

const showFor = (operation: string[]) => ({ show: { resource: ['detection'], operation } });

const detectionPath = '/v2/detections/{detectionUuid}';

export const detectionOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['detection'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a detection with its evidence',
				action: 'Get detection',
				routing: {
					request: { method: 'GET', url: detectionPath },
					operations: { pagination: sendEsetRequestWith({ simplify: simplifyDetection }) },
					output: { postReceive: [outputResource('detection')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the detections of devices or of ESET Cloud Office Security',
				action: 'Get many detections',
				routing: {
					request: {
						method: 'GET',
						// devices: v1, as production clients use; v2 lists Cloud Office only
						url: "={{ $parameter.source === 'cloudOffice' ? '/v2/detections' : '/v1/detections' }}",
						qs: { pageSize: MAX_PAGE_SIZE },
					},
					operations: { pagination: listDetections },
					output: { postReceive: [outputEachOf(ESET_LISTS.detections)] },
				},
			},
			{
				name: 'Resolve',
				value: 'resolve',
				description: 'Mark a detection as resolved; it cannot be undone',
				action: 'Resolve detection',
				routing: {
					// `:resolve` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${detectionPath}:resolve` },
					output: { postReceive: [outputActedOn('resolve', ['detectionUuid'])] },
				},
			},
		],
		default: 'get',
	},
];

export const detectionFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Detection',
		name: 'detectionUuid',
		searchListMethod: 'searchDetections',
		description: 'The detection, picked by name or entered by its UUID',
		show: showFor(['get', 'resolve']).show,
	}),
	{
		displayName: 'Note',
		name: 'note',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description:
			'Why the detection is resolved, e.g. "False positive: signed in-house tool" (optional)',
		displayOptions: showFor(['resolve']),
		routing: { send: { type: 'body', property: 'note' } },
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Devices (ESET PROTECT / ESET Inspect)',
				value: 'devices',
				description: 'Detections on managed devices (GET /v1/detections)',
			},
			{
				name: 'Cloud Office (ESET Cloud Office Security)',
				value: 'cloudOffice',
				description:
					'Detections in Microsoft 365 and Google Workspace tenants (GET /v2/detections)',
			},
		],
		default: 'devices',
		displayOptions: showFor(['getAll']),
	},
	...returnAllAndLimit('detection'),
	simplifyField('detection', ['get', 'getAll']),
	{
		displayName: 'Filters',
		name: 'detectionFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Without filters, every detection of the source is listed',
		displayOptions: { show: { ...showFor(['getAll']).show, source: ['devices'] } },
		options: [
			{
				displayName: 'Device UUID',
				name: 'deviceUuid',
				type: 'string',
				default: '',
				description: 'Only detections on this device',
			},
			...occurredWindow(),
		],
	},
	{
		displayName: 'Filters',
		name: 'detectionFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Without filters, every Cloud Office detection is listed',
		displayOptions: { show: { ...showFor(['getAll']).show, source: ['cloudOffice'] } },
		options: [
			{
				displayName: 'Cloud Office Tenant UUID',
				name: 'cloudOfficeTenantUuid',
				type: 'string',
				default: '',
				description: 'Only detections of this ESET Cloud Office Security tenant',
			},
			...occurredWindow(),
		],
	},
];

/** The time window of a detection list, on the detection's occur time. */
function occurredWindow(): INodeProperties[] {
	return timeWindowFields(
		{ displayName: 'Occurred After', name: 'startTime' },
		{ displayName: 'Occurred Before', name: 'endTime' },
		'detections that occurred',
	);
}
