import type { INodeProperties, NodeHint } from 'n8n-workflow';

import { filterHint } from '../filter';
import { getIncident } from '../actions/incident-details';
import { listIncidents } from '../actions/incident-list';
import { outputActedOn, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { completeComment, setUpdateMask } from '../actions/request-body';
import { MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit, simplifyField } from '../../shared/descriptions';
import { commentUuidField } from './commentFields';
import { INCIDENT_SEVERITIES, incidentFilterOptions } from '../filter';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['incident'], operation } });

const incidentPath = '/v2/incidents/{incidentUuid}';

export const incidentOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incident'] } },
		options: [
			{
				name: 'Close',
				value: 'close',
				description: 'Close an incident with a closure reason and a final comment',
				action: 'Close incident',
				routing: {
					// `:close` is a literal custom-method suffix, not a path parameter.
					request: { method: 'POST', url: `${incidentPath}:close` },
					output: { postReceive: [outputActedOn('close', ['incidentUuid'])] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get an incident, with its comments, detections, devices or indicators',
				action: 'Get incident',
				routing: {
					request: { method: 'GET', url: incidentPath },
					operations: { pagination: getIncident },
					output: { postReceive: [outputResource('incident')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List incidents that match a filter, one item per incident',
				action: 'Get many incidents',
				routing: {
					// Full pages; the transport shrinks a page to what is still needed under a Limit.
					request: { method: 'GET', url: '/v2/incidents', qs: { pageSize: MAX_PAGE_SIZE } },
					operations: { pagination: listIncidents },
					output: { postReceive: [outputEachOf(ESET_LISTS.incidents)] },
				},
			},
			{
				name: 'Reopen',
				value: 'reopen',
				description: 'Set a closed incident back to Open, optionally with a comment',
				action: 'Reopen incident',
				routing: {
					request: { method: 'POST', url: `${incidentPath}:reopen` },
					output: { postReceive: [outputActedOn('reopen', ['incidentUuid'])] },
				},
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Change the display name, description, severity or assignee of an incident',
				action: 'Update incident',
				routing: {
					request: { method: 'POST', url: `${incidentPath}/basic-attributes:update` },
					output: { postReceive: [outputResource('incident')] },
				},
			},
		],
		default: 'close',
	},
];

/** What Incident → Get adds to the incident, in the same item: chosen, it is on. */
const includeField: INodeProperties = {
	displayName: 'Include',
	name: 'include',
	type: 'multiOptions',
	options: [
		{ name: 'Comments', value: 'comments', description: "The incident's comments, oldest first" },
		{
			name: 'Detections',
			value: 'detections',
			description: "The incident's detections: the evidence, read 100 at a time",
		},
		{
			name: 'Devices',
			value: 'devices',
			description: "The incident's devices: name, IP addresses, operating system, group, status",
		},
		{
			name: 'Indicators',
			value: 'indicators',
			description: 'File hashes, URLs, domains and IP addresses of the detections, for Aegister',
		},
	],
	default: [],
	description: 'What to add to the incident, in the same item',
	displayOptions: { show: { resource: ['incident'], operation: ['get'] } },
};

export const incidentFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Incident',
		name: 'incidentUuid',
		searchListMethod: 'searchIncidents',
		description: 'The incident, picked by name or entered by its UUID',
		show: showFor(['close', 'get', 'reopen', 'update']).show,
	}),
	includeField,
	simplifyField('incident', ['get', 'getAll']),

	// ----------------------------------
	//         incident: close
	// ----------------------------------
	{
		displayName: 'Closure Reason',
		name: 'closureReason',
		type: 'options',
		options: [
			{
				name: 'Unspecified',
				value: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
				description: "No reason given: the incident counts in none of ESET's per-reason figures",
			},
			{
				name: 'True Positive',
				value: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
				description: 'A genuine security threat: it counts as a confirmed attack in ESET reports',
			},
			{
				name: 'False Positive',
				value: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
				description:
					'First thought a threat, later found a false alarm: it counts towards the false-positive rate (and is worth an exclusion)',
			},
			{
				name: 'Suspicious',
				value: 'INCIDENT_RESOLVE_REASON_SUSPICIOUS',
				description:
					'Not a confirmed threat, but investigating it gives insight into user behaviour and helps mitigate attacks',
			},
		],
		default: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
		description:
			"Why the incident is resolved. ESET's reports group closed incidents by this reason, so pick one rather than leaving Unspecified (the API's default).",
		displayOptions: showFor(['close']),
		routing: { send: { type: 'body', property: 'closureReason' } },
	},
	{
		displayName: 'Final Comment',
		name: 'finalComment',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description:
			'Why and how the incident was resolved; recorded as the final (closing) comment of the incident',
		displayOptions: showFor(['close']),
		routing: {
			send: {
				type: 'body',
				property: 'finalComment.text',
				preSend: [completeComment('finalComment', true)],
			},
		},
	},
	{
		displayName: 'Final Comment Options',
		name: 'finalCommentOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['close']),
		options: [
			commentUuidField('finalComment'),
			{
				displayName: 'Record as Final Comment',
				name: 'isFinalComment',
				type: 'boolean',
				default: true,
				description:
					"Whether ESET records the comment as the incident's final comment (on, as ESET's example sends it) or as a standard one",
			},
		],
	},

	// ----------------------------------
	//         incident: getAll
	// ----------------------------------
	...returnAllAndLimit('incident'),
	{
		displayName: 'Filter By',
		name: 'filterType',
		type: 'options',
		options: [
			{
				name: 'Filter Builder',
				value: 'builder',
				description: 'Pick conditions; the node writes the filter',
			},
			{ name: 'Raw Filter', value: 'raw', description: "Write ESET's filter expression yourself" },
		],
		default: 'builder',
		displayOptions: showFor(['getAll']),
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description:
			"Incidents must match all the conditions added here. What does not fit ESET's 200 characters, the node applies itself.",
		displayOptions: {
			show: { resource: ['incident'], operation: ['getAll'], filterType: ['builder'] },
		},
		options: incidentFilterOptions(),
	},
	{
		displayName: 'Raw Filter',
		name: 'rawFilter',
		type: 'string',
		default: '',
		placeholder:
			'e.g. incident.status == INCIDENT_STATUS_OPEN && incident.display_name.contains("ransom")',
		description:
			"ESET's filter expression, at most 200 characters, sent as typed. docs/filters.md lists the forms ESET's help shows.",
		displayOptions: {
			show: { resource: ['incident'], operation: ['getAll'], filterType: ['raw'] },
		},
	},
	{
		displayName: 'Sort',
		name: 'sort',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Sort Rule',
		default: {},
		description: 'Order of the incidents; the first rule decides first',
		displayOptions: showFor(['getAll']),
		options: [
			{
				displayName: 'Rule',
				name: 'rules',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'options',
						options: [
							{ name: 'Assignee UUID', value: 'assignee_uuid' },
							{ name: 'Create Time', value: 'create_time' },
							{ name: 'Description', value: 'description' },
							{ name: 'Display Name', value: 'display_name' },
							{
								name: 'Other Field or Subfield',
								value: 'other',
								description: 'Enter its name, e.g. metrics.device_count',
							},
							{ name: 'Resolve Reason', value: 'resolve_reason' },
							{ name: 'Response Duration', value: 'response_duration' },
							{ name: 'Severity', value: 'severity' },
							{ name: 'Status', value: 'status' },
							{ name: 'Triage Duration', value: 'triage_duration' },
							{ name: 'Update Time', value: 'update_time' },
							{ name: 'UUID', value: 'uuid' },
						],
						default: 'create_time',
					},
					{
						displayName: 'Field Name',
						name: 'otherField',
						type: 'string',
						default: '',
						placeholder: 'e.g. metrics.device_count',
						description:
							'Any field or subfield of the incident, in lower_case_with_underscores, subfields after a dot',
						displayOptions: { show: { field: ['other'] } },
					},
					{
						displayName: 'Direction',
						name: 'direction',
						type: 'options',
						options: [
							{ name: 'Ascending', value: 'asc' },
							{ name: 'Descending', value: 'desc' },
						],
						default: 'asc',
					},
				],
			},
		],
	},

	// ----------------------------------
	//         incident: reopen
	// ----------------------------------
	{
		displayName: 'Comment',
		name: 'reopenComment',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Optional comment saying why the incident is reopened',
		displayOptions: showFor(['reopen']),
		routing: {
			send: {
				type: 'body',
				property: 'comment.text',
				preSend: [completeComment('comment', false)],
			},
		},
	},
	{
		displayName: 'Comment Options',
		name: 'reopenCommentOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(['reopen']),
		options: [commentUuidField('comment')],
	},

	// ----------------------------------
	//         incident: update
	// ----------------------------------
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only the fields added here change (the node names them in the update mask)',
		displayOptions: showFor(['update']),
		routing: { send: { preSend: [setUpdateMask] } },
		options: [
			{
				displayName: 'Assignee UUID',
				name: 'assigneeUuid',
				type: 'string',
				default: '',
				description: 'The user to assign the incident to',
				routing: { send: { type: 'body', property: 'assigneeUuid' } },
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				routing: { send: { type: 'body', property: 'description' } },
			},
			{
				displayName: 'Display Name',
				name: 'displayName',
				type: 'string',
				default: '',
				description: 'Human-readable name of the incident',
				routing: { send: { type: 'body', property: 'displayName' } },
			},
			{
				displayName: 'Severity',
				name: 'severity',
				type: 'options',
				options: INCIDENT_SEVERITIES,
				default: 'INCIDENT_SEVERITY_LEVEL_MEDIUM',
				routing: { send: { type: 'body', property: 'severity' } },
			},
		],
	},
	{
		displayName: 'Fields to Clear',
		name: 'fieldsToClear',
		type: 'multiOptions',
		options: [
			{ name: 'Assignee (Unassign the Incident)', value: 'assigneeUuid' },
			{ name: 'Description', value: 'description' },
		],
		default: [],
		description:
			'Fields ESET should empty. Only a field chosen here is cleared: one left blank under Update Fields is not sent at all.',
		displayOptions: showFor(['update']),
	},
];

/**
 * Shown after a Get Many whose conditions exceed ESET's 200 characters, so that part of them ran
 * in the node; the expression estimates the compiled length (see filter.ts).
 */
export const incidentHints: NodeHint[] = [
	{
		message:
			"This filter is longer than ESET's 200 characters: ESET filtered by the conditions that fit, and the node applied the rest to the incidents ESET listed. The results are the same; more pages may have been read.",
		type: 'info',
		location: 'outputPane',
		whenToDisplay: 'afterExecution',
		displayCondition: filterHint,
	},
];
