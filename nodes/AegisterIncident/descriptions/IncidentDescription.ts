import type { INodeProperties } from 'n8n-workflow';

import { addNis2Deadlines, validateAwarenessTime } from '../actions/deadlines';
import { outputData } from '../actions/output';
import { sendOnlySetFields } from '../actions/validation';

/** preSend of Update: the body from exactly the update fields set (see sendOnlySetFields). */
const sendUpdateFields = sendOnlySetFields(() => updateFieldOptions);
import { organizationLocator } from './organizationLocator';

const showFor = (operation: string[]) => ({ show: { resource: ['incident'], operation } });

/**
 * The fields an update can set. Read by the preSend rather than routed: a routed value is read by
 * n8n before any check, and one nested thousands of levels deep overflows n8n's stack there.
 */
const updateFieldOptions: INodeProperties[] = [
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Draft', value: 'draft' },
			{ name: 'Submitted', value: 'submitted' },
			{ name: 'Closed', value: 'closed' },
		],
		default: 'draft',
		description:
			'Draft while it is being written; Submitted once it went to the CSIRT; Closed after the final report',
	},
	{
		displayName: 'Reference Code',
		name: 'reference_code',
		type: 'string',
		default: '',
		description: 'External reference code, for example the ticket or the CSIRT case number',
	},
	{
		displayName: 'Subject Type',
		name: 'subject_type',
		type: 'string',
		default: '',
		description: 'Type of the notifying subject; Aegister stores it in the metadata',
	},
	{
		displayName: 'Classification',
		name: 'classification',
		type: 'json',
		default: '{}',
		hint: 'Example: {"category": "ransomware", "significant": true}',
		description:
			"A JSON object, passed through as is. Aegister does not publish its keys; the hint's are examples.",
	},
	{
		displayName: 'Metadata',
		name: 'metadata',
		type: 'json',
		default: '{}',
		hint: 'Example: {"source": "ESET Connect", "eset_incident_uuid": "…"}',
		description: 'A JSON object, passed through as is, e.g. where the incident came from',
	},
	{
		displayName: '24-Hour Early Warning',
		name: '24h_notification',
		type: 'json',
		default: '{}',
		hint: 'Example: {"awareness_time": "2026-11-20T08:15:00Z", "suspected_malicious": true, "cross_border_impact": false, "summary": "…"}',
		description:
			'The NIS2 early warning (art. 23(4)(a)): suspected unlawful or malicious, possible cross-border impact. Example keys below; see docs/nis2.md.',
	},
	{
		displayName: '72-Hour Notification',
		name: '72h_notification',
		type: 'json',
		default: '{}',
		hint: 'Example: {"initial_assessment": "…", "severity": "high", "impact": "…", "indicators_of_compromise": [{"type": "ip", "value": "203.0.113.45"}]}',
		description:
			'The NIS2 incident notification (art. 23(4)(b)): initial assessment of severity and impact, indicators of compromise. Example keys below; see docs/nis2.md.',
	},
	{
		displayName: 'Final Report',
		name: 'full_report',
		type: 'json',
		default: '{}',
		hint: 'Example: {"description": "…", "severity_and_impact": "…", "threat_type_or_root_cause": "…", "mitigation_measures": "…", "cross_border_impact": "…"}',
		description:
			'The NIS2 final report (art. 23(4)(d)): description, severity and impact, threat or root cause, mitigation, cross-border impact. Example keys below; see docs/nis2.md.',
	},
];

export const incidentOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['incident'] } },
		options: [
			{
				name: 'Update',
				value: 'update',
				description: "Update an incident notification's fields, status and NIS2 phases",
				action: 'Update incident',
				routing: {
					request: {
						method: 'PATCH',
						// The module is spelled `V-Ciso`, exactly.
						url: '/api/v1/V-Ciso/incidents/{organization}/{incidentId}',
					},
					send: { preSend: [sendUpdateFields] },
					output: { postReceive: [outputData('object')] },
				},
			},
		],
		default: 'update',
	},
];

export const incidentFields: INodeProperties[] = [
	organizationLocator('incident', ['update']),
	{
		displayName: 'Incident ID',
		name: 'incidentId',
		// Text, not a number field: n8n's number input turns a typed 0 into the minimum, 1, and the
		// update would go to another incident.
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 101',
		description: 'Numeric ID of the incident notification (a positive whole number)',
		displayOptions: showFor(['update']),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description:
			'Only the fields added here are sent; everything else on the incident stays as it is',
		displayOptions: showFor(['update']),
		// The order of the NIS2 process, not alphabetical: identify, classify, the three phases.
		options: updateFieldOptions,
	},
	{
		displayName: 'Fields to Clear',
		name: 'fieldsToClear',
		type: 'multiOptions',
		options: [
			{ name: '24-Hour Early Warning (Reset to {})', value: '24h_notification' },
			{ name: '72-Hour Notification (Reset to {})', value: '72h_notification' },
			{ name: 'Classification (Reset to {})', value: 'classification' },
			{ name: 'Final Report (Reset to {})', value: 'full_report' },
			{ name: 'Metadata (Reset to {})', value: 'metadata' },
			{ name: 'Reference Code', value: 'reference_code' },
			{ name: 'Subject Type', value: 'subject_type' },
			{ name: 'Title', value: 'title' },
		],
		default: [],
		description:
			'Fields to empty on purpose: text as "", objects as {}. A field left blank under Update Fields is never sent.',
		displayOptions: showFor(['update']),
	},
];

/** Options of the incident operations, in the node's Options collection. */
export const incidentOptionFields: INodeProperties[] = [
	{
		displayName: 'Incident Awareness Time',
		name: 'awarenessTime',
		type: 'dateTime',
		default: '',
		description:
			"When your organization became aware of the incident (without a zone: in the workflow's time zone). The output then holds the NIS2 deadlines (nis2Deadlines).",
		displayOptions: { show: { '/resource': ['incident'], '/operation': ['update'] } },
		routing: {
			send: { preSend: [validateAwarenessTime] },
			output: { postReceive: [addNis2Deadlines] },
		},
	},
];
