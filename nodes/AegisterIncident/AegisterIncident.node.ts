import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { incidentFields, incidentOperations } from './descriptions/IncidentDescription';

export class AegisterIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aegister Incident',
		name: 'aegisterIncident',
		icon: { light: 'file:aegister.svg', dark: 'file:aegister.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Update NIS2 / ACN incident notifications in Aegister's V-CISO module: fields, status and the 24 h, 72 h and final-report phases",
		defaults: { name: 'Aegister Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aegisterApi', required: true }],
		requestDefaults: {
			baseURL: '={{ $credentials.baseUrl.replace(/\\/+$/, "") }}',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
			// Aegister's envelope says whether a request failed, whatever the HTTP status: every
			// response goes to `outputEnvelopeData`, which checks it.
			ignoreHttpStatusErrors: true,
		},
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Incident', value: 'incident' }],
				default: 'incident',
			},
			...incidentOperations,
			...incidentFields,
		],
	};
}
