import type { INodeProperties } from 'n8n-workflow';

import { INCIDENT_STATUSES, incidentFilterOptions } from '../EsetIncident/filter';
import { transportOptionFields } from '../EsetIncident/transport';

const EVENT: INodeProperties = {
	displayName: 'Trigger On',
	name: 'event',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Incident Created',
			value: 'incidentCreated',
			description: 'A new incident appeared in ESET (by its create time)',
		},
		{
			name: 'Incident Created or Updated',
			value: 'incidentCreatedOrUpdated',
			description:
				'Either; an incident created and changed between two polls is reported once, as created',
		},
		{
			name: 'Incident Status Changed',
			value: 'incidentStatusChanged',
			description: 'The status of an incident changed, optionally only to the statuses chosen',
		},
		{
			name: 'Incident Updated',
			value: 'incidentUpdated',
			description:
				'An existing incident changed (by its update time); new incidents are not reported',
		},
	],
	default: 'incidentCreated',
};

const TO_STATUSES: INodeProperties = {
	displayName: 'To Statuses',
	name: 'toStatuses',
	type: 'multiOptions',
	options: INCIDENT_STATUSES,
	default: [],
	description:
		'Only changes to these statuses; none chosen: every change. Fetch Test Event shows the newest incident in them, its previousStatus null (unknown).',
	displayOptions: { show: { event: ['incidentStatusChanged'] } },
};

const POLL_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Initial Lookback (Hours)',
		name: 'initialLookbackHours',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 720 },
		default: 0,
		description:
			'On first activation, also report the incidents of the last hours. 0: only what happens after activation.',
	},
	{
		displayName: 'Overlap (Minutes)',
		name: 'overlapMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60 },
		default: 5,
		description:
			'How far each poll reaches back, for changes ESET makes visible late. Repeats are dropped.',
	},
];

/** The trigger's options, sorted by label: its own and the transport's (no 202 wait in a poll). */
const TRIGGER_OPTIONS: INodeProperties[] = [
	...POLL_OPTIONS,
	...transportOptionFields.filter((option) => option.name !== 'waitForSlowResponses'),
].sort((a, b) => a.displayName.localeCompare(b.displayName));

/** The trigger's properties: a fresh array per instance (n8n adds its poll times in place). */
export function triggerProperties(): INodeProperties[] {
	const filters: INodeProperties = {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only incidents matching all the conditions added here start the workflow',
		options: incidentFilterOptions(),
	};
	const options: INodeProperties = {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: TRIGGER_OPTIONS,
	};
	return structuredClone([EVENT, TO_STATUSES, filters, options]);
}
