import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ESET_INCIDENT_MANAGEMENT_URL } from '../../credentials/EsetConnectApi.credentials';
import { incidentFields, incidentOperations } from './descriptions/IncidentDescription';
import { esetTransportProperty, transportOptions } from './descriptions/TransportDescription';
import { ESET_INTEGRATION_HEADERS } from './transport';

export class EsetIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident',
		name: 'esetIncident',
		icon: { light: 'file:eset.svg', dark: 'file:eset.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Work with incidents in ESET Connect (ESET PROTECT / ESET Inspect XDR): close them with a reason and a final comment',
		defaults: { name: 'ESET Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esetConnectApi', required: true }],
		requestDefaults: {
			baseURL: ESET_INCIDENT_MANAGEMENT_URL,
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				...ESET_INTEGRATION_HEADERS,
			},
			json: true,
		},
		properties: [
			esetTransportProperty,
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
			transportOptions,
		],
	};
}
