import type {
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { INCIDENT_STATUSES, incidentFilterOptions } from '../EsetIncident/filter';
import { transportOptionFields } from '../EsetIncident/transport';
import { hasCursor, pollIncidentEvents } from './poll';

/** The node's properties: a fresh array for every instance (n8n adds its poll times in place). */
function triggerProperties(): INodeProperties[] {
	return [
		{
			displayName: 'Event',
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
					description:
						'The status of an incident changed (optionally only to chosen statuses, e.g. Closed, or Open for reopened)',
				},
				{
					name: 'Incident Updated',
					value: 'incidentUpdated',
					description:
						'An existing incident changed (by its update time); new incidents are not reported',
				},
			],
			default: 'incidentCreated',
		},
		{
			displayName: 'To Statuses',
			name: 'toStatuses',
			type: 'multiOptions',
			options: INCIDENT_STATUSES,
			default: [],
			description: 'Only changes to these statuses; none chosen: every change',
			displayOptions: { show: { event: ['incidentStatusChanged'] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description:
				"Only incidents matching all the conditions added here start the workflow. What does not fit ESET's 200-character filter, the node applies itself.",
			options: incidentFilterOptions(),
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Initial Lookback (Hours)',
					name: 'initialLookbackHours',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 720 },
					default: 0,
					description:
						'On first activation, also report the incidents of the last hours. 0: start from now and report only what happens after activation.',
				},
				{
					displayName: 'Overlap (Minutes)',
					name: 'overlapMinutes',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 60 },
					default: 5,
					description:
						'How far each poll reaches back before the newest time already seen, for changes ESET makes visible late. Repeats are dropped, so nothing is reported twice.',
				},
				...transportOptionFields.filter((option) => option.name !== 'waitForSlowResponses'),
			],
		},
	];
}

/** n8n keeps one poll context per activated trigger: the first poll of each is the activation's. */
const polledContexts = new WeakSet<object>();

export class EsetIncidentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident Trigger',
		name: 'esetIncidentTrigger',
		icon: { light: 'file:../EsetIncident/eset.svg', dark: 'file:../EsetIncident/eset.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow when an ESET Connect incident is created, updated or changes status — each event once',
		defaults: { name: 'ESET Incident Trigger' },
		polling: true,
		// Not a tool for AI agents: a trigger starts workflows (n8n-workflow 1.x types only `true` here).
		usableAsTool: false as unknown as undefined,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esetConnectApi', required: true }],
		properties: triggerProperties(),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const firstPoll = !polledContexts.has(this);
		polledContexts.add(this);
		try {
			return await pollIncidentEvents.call(this, triggerProperties());
		} catch (error) {
			// n8n runs the first poll while it activates the workflow (also at every start of n8n);
			// a failure there makes n8n 2.x give up polling for good. A trigger that already has a
			// cursor logs it instead: nothing moved, so the next poll repeats the same window.
			if (firstPoll && this.getMode() !== 'manual' && hasCursor(this)) {
				this.logger.warn(
					`ESET Incident Trigger: the first poll failed and is repeated at the next poll: ${(error as Error).message}`,
				);
				return null;
			}
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error);
		}
	}
}
