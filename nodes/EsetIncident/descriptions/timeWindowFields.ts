import type { INodeProperties } from 'n8n-workflow';

/** A filter field's editor label and parameter name. */
type Field = { displayName: string; name: string };

/** The two dateTime filters of a list's time window (from inclusive, before exclusive), sorted. */
export function timeWindowFields(from: Field, before: Field, only: string): INodeProperties[] {
	const zone = "(without a zone: in the workflow's time zone)";
	const fields: INodeProperties[] = [
		{
			...from,
			type: 'dateTime',
			default: '',
			description: `Only ${only} at or after this time ${zone}`,
		},
		{
			...before,
			type: 'dateTime',
			default: '',
			description: `Only ${only} before this time, exclusive ${zone}`,
		},
	];
	return fields.sort((a, b) => a.displayName.localeCompare(b.displayName));
}
