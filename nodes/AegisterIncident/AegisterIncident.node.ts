import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { aegisterIncidentProperties } from './descriptions';
import { searchOrganizations } from './actions/organizations';

export class AegisterIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aegister Incident',
		name: 'aegisterIncident',
		icon: { light: 'file:aegister.svg', dark: 'file:aegister.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Update NIS2 incident notifications and enrich indicators in Aegister',
		defaults: { name: 'Aegister Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aegisterApi', required: true }],
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		properties: aegisterIncidentProperties,
	};

	methods = {
		listSearch: { searchOrganizations },
	};
}
