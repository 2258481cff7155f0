import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { esetIncidentProperties } from './descriptions';
import { incidentHints } from './descriptions/IncidentDescription';
import { esetListSearch } from './actions/list-search';

export class EsetIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident',
		name: 'esetIncident',
		icon: { light: 'file:eset.svg', dark: 'file:eset.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Work with incidents, detections, EDR rules and devices in ESET Connect',
		defaults: { name: 'ESET Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esetConnectApi', required: true }],
		// The transport sets the base URL from the credential's region.
		requestDefaults: {
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			json: true,
		},
		properties: esetIncidentProperties,
		hints: incidentHints,
	};

	methods = {
		listSearch: esetListSearch,
	};
}
