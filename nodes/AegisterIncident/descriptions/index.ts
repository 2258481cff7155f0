import type { INodeProperties } from 'n8n-workflow';

import { incidentFields, incidentOperations, incidentOptionFields } from './IncidentDescription';
import { organizationFields, organizationOperations } from './OrganizationDescription';
import { threatIntelFields, threatIntelOperations } from './ThreatIntelDescription';
import { aegisterTransportProperty, timeoutOption } from './TransportDescription';

/** The Aegister Incident node's properties, as the editor shows them. */
export const aegisterIncidentProperties: INodeProperties[] = [
	aegisterTransportProperty(() => aegisterIncidentProperties),
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Incident',
				value: 'incident',
				description: 'V-CISO incident notifications (NIS2 / ACN)',
			},
			{
				name: 'Organization',
				value: 'organization',
				description: 'Organizations the API token can see',
			},
			{
				name: 'Threat Intelligence',
				value: 'threatIntel',
				description: 'Enrichment of indicators of compromise',
			},
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
