import type { INodeProperties } from 'n8n-workflow';

/** The statuses an incident can have (ESET's fallback UNSPECIFIED is none to filter or set). */
export const INCIDENT_STATUSES = [
	{
		name: 'Open',
		value: 'INCIDENT_STATUS_OPEN',
		description: 'Reported or detected (also known as New)',
	},
	{
		name: 'In Progress',
		value: 'INCIDENT_STATUS_IN_PROGRESS',
		description: 'Being actively addressed',
	},
	{
		name: 'Closed',
		value: 'INCIDENT_STATUS_CLOSED',
		description: 'Closed; the necessary actions have been taken',
	},
	{
		name: 'Waiting for Input',
		value: 'INCIDENT_STATUS_WAITING_FOR_INPUT',
		description: 'Awaiting input from the customer',
	},
];

/** The severities an incident can have (ESET's fallback UNSPECIFIED is none to filter or set). */
export const INCIDENT_SEVERITIES = [
	{ name: 'Low', value: 'INCIDENT_SEVERITY_LEVEL_LOW', description: 'In some consoles: Warning' },
	{
		name: 'Medium',
		value: 'INCIDENT_SEVERITY_LEVEL_MEDIUM',
		description: 'In some consoles: Error or Threat',
	},
	{
		name: 'High',
		value: 'INCIDENT_SEVERITY_LEVEL_HIGH',
		description: 'In some consoles: Critical',
	},
];

/** The incident filter builder's conditions (see conditions.ts), for Get Many and the trigger. */
const INCIDENT_FILTER_FIELDS: INodeProperties[] = [
	{
		displayName: 'Assignee UUID',
		name: 'assigneeUuid',
		type: 'string',
		default: '',
		description: 'Only incidents assigned to this user',
	},
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description:
			"Only incidents created at or after this time (without a zone: in the workflow's time zone)",
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description:
			"Only incidents created at or before this time (without a zone: in the workflow's time zone)",
	},
	{
		displayName: 'Device UUID',
		name: 'deviceUuid',
		type: 'string',
		default: '',
		description:
			"Only incidents that involve this device. The node checks each listed incident's details (one request each).",
	},
	{
		displayName: 'Display Name Contains',
		name: 'displayNameContains',
		type: 'string',
		default: '',
		description: 'Only incidents whose name contains this text',
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'multiOptions',
		options: INCIDENT_SEVERITIES,
		default: [],
		description: 'Only incidents of these severities',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		options: INCIDENT_STATUSES,
		default: [],
		description: 'Only incidents in these statuses',
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		description: 'Only incidents with this tag. The node checks the listed incidents.',
	},
	{
		displayName: 'Updated After',
		name: 'updatedAfter',
		type: 'dateTime',
		default: '',
		description:
			"Only incidents last updated at or after this time (without a zone: in the workflow's time zone)",
	},
	{
		displayName: 'Updated Before',
		name: 'updatedBefore',
		type: 'dateTime',
		default: '',
		description:
			"Only incidents last updated at or before this time (without a zone: in the workflow's time zone)",
	},
];

/** The filter builder's fields, a fresh copy per node: n8n changes node properties in place. */
export function incidentFilterOptions(): INodeProperties[] {
	return structuredClone(INCIDENT_FILTER_FIELDS);
}
