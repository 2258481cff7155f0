import type { INodeProperties } from 'n8n-workflow';

import type { ActedOnIdentifier } from '../actions/output';
import { outputActedOn, outputDeleted, outputEachOf, outputResource } from '../actions/output';
import { ESET_LISTS } from '../transport';
import { commentNamesIncident } from '../actions/request-body';
import { requireText } from '../actions/validation';
import { returnAllAndLimit } from '../../shared/descriptions';
import { commentUuidField } from './commentFields';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['comment'], operation } });

const commentsPath = '/v2/incidents/{commentIncidentUuid}/comments';
const commentPath = `${commentsPath}/{commentUuid}`;

/** The comment's incident, output as `incidentUuid` as everywhere else. */
const COMMENT_INCIDENT: ActedOnIdentifier = ['incidentUuid', 'commentIncidentUuid'];

export const commentOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['comment'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Add a comment to an incident',
				action: 'Create comment',
				routing: {
					// ESET wants the comment wrapped and naming its incident.
					request: { method: 'POST', url: commentsPath },
					send: { preSend: [commentNamesIncident] },
					output: { postReceive: [outputResource('comment')] },
				},
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a comment of an incident',
				action: 'Delete comment',
				routing: {
					request: { method: 'DELETE', url: commentPath },
					output: { postReceive: [outputDeleted([COMMENT_INCIDENT, 'commentUuid'])] },
				},
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one comment of an incident',
				action: 'Get comment',
				routing: {
					request: { method: 'GET', url: commentPath },
					output: { postReceive: [outputResource('comment')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the comments of an incident, oldest first, one item per comment',
				action: 'Get many comments',
				routing: {
					request: { method: 'GET', url: commentsPath },
					output: { postReceive: [outputEachOf(ESET_LISTS.comments)] },
				},
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Replace the text of a comment',
				action: 'Update comment',
				routing: {
					request: { method: 'POST', url: `${commentPath}/text:update` },
					output: { postReceive: [outputActedOn('updateText', [COMMENT_INCIDENT, 'commentUuid'])] },
				},
			},
		],
		default: 'create',
	},
];

export const commentFields: INodeProperties[] = [
	esetLocator({
		displayName: 'Incident',
		name: 'commentIncidentUuid',
		searchListMethod: 'searchIncidents',
		description: 'The incident the comments belong to',
		show: { resource: ['comment'] },
	}),
	esetLocator({
		displayName: 'Comment',
		name: 'commentUuid',
		searchListMethod: 'searchComments',
		description: "The comment, picked from the incident's comments or entered by its UUID",
		show: showFor(['delete', 'get', 'update']).show,
	}),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'Text of the comment',
		displayOptions: showFor(['create']),
		routing: {
			send: { type: 'body', property: 'comment.text', preSend: [requireText('text', 'Text')] },
		},
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: showFor(['create']),
		options: [commentUuidField('comment')],
	},
	{
		displayName: 'Text',
		name: 'newText',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'New text of the comment',
		displayOptions: showFor(['update']),
		routing: {
			send: { type: 'body', property: 'text', preSend: [requireText('newText', 'Text')] },
		},
	},
	...returnAllAndLimit('comment'),
];
