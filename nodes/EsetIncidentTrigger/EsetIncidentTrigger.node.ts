import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { isScheduledPoll, PollDeadline, pollError } from './budget';
import { triggerProperties } from './description';
import { hasCursor, pollIncidentEvents } from './poll';

/** Outside n8n's scheduler one poll context serves an activation's polls; the first is its own. */
const polledContexts = new WeakSet<object>();

/** Whether this is the poll n8n runs while it activates the trigger (docs/trigger.md). */
function isActivationPoll(context: IPollFunctions): boolean {
	if (polledContexts.has(context)) return false;
	polledContexts.add(context);
	return context.getMode() !== 'manual' && !isScheduledPoll(context);
}

export class EsetIncidentTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident Trigger',
		name: 'esetIncidentTrigger',
		icon: { light: 'file:../EsetIncident/eset.svg', dark: 'file:../EsetIncident/eset.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when an ESET incident is created, updated or changes status',
		defaults: { name: 'ESET Incident Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esetConnectApi', required: true }],
		properties: triggerProperties(),
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const deadline = new PollDeadline(this);
		const activationPoll = isActivationPoll(this);
		try {
			return await pollIncidentEvents.call(this, triggerProperties(), deadline);
		} catch (error) {
			// A failure of the activation's poll can make n8n give up the activation; a trigger that
			// already has a cursor logs it instead: nothing moved, the next poll repeats the window.
			if (activationPoll && hasCursor(this)) {
				this.logger.warn(
					`ESET Incident Trigger: the first poll failed and is repeated at the next poll: ${(error as Error).message}`,
				);
				return null;
			}
			throw pollError(this.getNode(), error, deadline);
		}
	}
}
