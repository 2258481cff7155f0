import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { triggerProperties } from './description';
import { hasCursor, pollIncidentEvents } from './poll';

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
		description: 'Starts the workflow when an ESET incident is created, updated or changes status',
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
