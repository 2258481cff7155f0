import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { incidentFields, incidentOperations, incidentOptionFields } from './descriptions/IncidentDescription';
import { organizationFields, organizationOperations } from './descriptions/OrganizationDescription';
import { threatIntelFields, threatIntelOperations } from './descriptions/ThreatIntelDescription';
import { aegisterTransportProperty, timeoutOption } from './descriptions/TransportDescription';
import { searchOrganizations } from './organizations';

const properties: INodeProperties[] = [
	aegisterTransportProperty(() => properties),
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Incident', value: 'incident', description: 'V-CISO incident notifications (NIS2 / ACN)' },
			{ name: 'Threat Intelligence', value: 'threatIntel', description: 'Enrichment of indicators of compromise' },
			{ name: 'Organization', value: 'organization', description: 'Organizations the API token can see' },
		],
		default: 'incident',
	},
	...incidentOperations,
	...incidentFields,
	...threatIntelOperations,
	...threatIntelFields,
	...organizationOperations,
	...organizationFields,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...incidentOptionFields, timeoutOption],
	},
];

export class AegisterIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Aegister Incident',
		name: 'aegisterIncident',
		icon: { light: 'file:aegister.svg', dark: 'file:aegister.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			"Update NIS2 / ACN incident notifications in Aegister's V-CISO module (fields, status, the 24 h / 72 h / final-report phases) and enrich indicators of compromise with Aegister's threat intelligence",
		defaults: { name: 'Aegister Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aegisterApi', required: true }],
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		properties,
	};

	methods = {
		listSearch: { searchOrganizations },
	};
}
