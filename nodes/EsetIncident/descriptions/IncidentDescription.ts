import type { INodeProperties } from 'n8n-workflow';

import { outputSuccess } from '../output';
import { requireIdentifier } from '../validation';

const showFor = (operation: string[]) => ({ show: { resource: ['incident'], operation } });

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
				action: 'Close an incident',
				routing: {
					request: {
						method: 'POST',
						// `:close` is a literal custom-method suffix, not a path parameter.
						url: '=/v2/incidents/{{ encodeURIComponent($parameter.incidentUuid) }}:close',
					},
					output: { postReceive: [outputSuccess] },
				},
			},
		],
		default: 'close',
	},
];

export const incidentFields: INodeProperties[] = [
	{
		displayName: 'Incident UUID',
		name: 'incidentUuid',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123e4567-e89b-12d3-a456-426614174000',
		description: 'Identifier of the incident (opaque; usually a UUID)',
		displayOptions: showFor(['close']),
		routing: { send: { preSend: [requireIdentifier('incidentUuid', 'Incident UUID')] } },
	},

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
				description: 'Fallback: no reason given',
			},
			{
				name: 'True Positive',
				value: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
				description: 'The incident was a genuine security threat',
			},
			{
				name: 'False Positive',
				value: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
				description: 'First thought to be a threat, later found to be a false alarm',
			},
			{
				name: 'Suspicious',
				value: 'INCIDENT_RESOLVE_REASON_SUSPICIOUS',
				description:
					'Not a confirmed threat, but investigating it gives insight into user behaviour and helps mitigate attacks',
			},
		],
		default: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
		description: 'Why the incident is resolved',
		displayOptions: showFor(['close']),
		routing: { send: { type: 'body', property: 'closureReason' } },
	},
	{
		displayName: 'Final Comment',
		name: 'finalComment',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		description: 'Why and how the incident was resolved; recorded as the closing comment',
		displayOptions: showFor(['close']),
		routing: { send: { type: 'body', property: 'finalComment.text' } },
	},
	{
		displayName: 'Final Comment Fields',
		name: 'finalCommentFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(['close']),
		options: [
			{
				displayName: 'Comment UUID',
				name: 'uuid',
				type: 'string',
				default: '',
				description: 'Identifier for the comment (opaque; collision-free)',
				routing: { send: { type: 'body', property: 'finalComment.uuid' } },
			},
			{
				displayName: 'Incident UUID of Comment',
				name: 'incidentUuid',
				type: 'string',
				default: '',
				description: 'The incident the comment belongs to (usually the incident being closed)',
				routing: { send: { type: 'body', property: 'finalComment.incidentUuid' } },
			},
			{
				displayName: 'Is Final Comment',
				name: 'isFinalComment',
				type: 'boolean',
				default: true,
				description:
					'Whether the comment says why and how the incident was resolved (true) or is a standard comment (false)',
				routing: { send: { type: 'body', property: 'finalComment.isFinalComment' } },
			},
		],
	},
];
