import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { esetIncidentProperties } from './descriptions';
import { incidentHints } from './descriptions/IncidentDescription';
import { searchDevices } from './actions/devices';
import { searchDeviceTasks } from './actions/device-tasks';
import { searchQuarantinedObjects } from './actions/quarantine';

export class EsetIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident',
		name: 'esetIncident',
		icon: { light: 'file:eset.svg', dark: 'file:eset.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage incidents in ESET Connect (ESET PROTECT / ESET Inspect XDR): list, get, update, close and reopen them, comment on them, read and resolve their detections and detection groups, manage EDR rules and their exclusions, and contain them: isolate and scan devices, restore or delete quarantined files',
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
		listSearch: { searchDevices, searchDeviceTasks, searchQuarantinedObjects },
	};
}
