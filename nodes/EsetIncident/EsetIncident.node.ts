import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { commentFields, commentOperations } from './descriptions/CommentDescription';
import { detectionFields, detectionOperations } from './descriptions/DetectionDescription';
import { detectionGroupFields, detectionGroupOperations } from './descriptions/DetectionGroupDescription';
import { edrRuleFields, edrRuleOperations } from './descriptions/EdrRuleDescription';
import { edrRuleExclusionFields, edrRuleExclusionOperations } from './descriptions/EdrRuleExclusionDescription';
import { incidentFields, incidentHints, incidentOperations, incidentOptionFields } from './descriptions/IncidentDescription';
import { esetTransportProperty, transportOptionFields, transportOptions } from './descriptions/TransportDescription';
import { ESET_INTEGRATION_HEADERS } from './transport';

const properties: INodeProperties[] = [
	esetTransportProperty(() => properties),
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Comment', value: 'comment', description: 'Comments of an incident' },
			{ name: 'Detection', value: 'detection', description: 'Detections: the evidence an incident groups' },
			{ name: 'Detection Group', value: 'detectionGroup', description: 'Repeated occurrences of the same detection, resolved together' },
			{ name: 'EDR Rule', value: 'edrRule', description: "ESET Inspect's detection rules, in its XML rule language" },
			{ name: 'EDR Rule Exclusion', value: 'edrRuleExclusion', description: 'Exceptions that stop EDR rules from acting on false positives' },
			{ name: 'Incident', value: 'incident' },
		],
		default: 'incident',
	},
	...incidentOperations,
	...incidentFields,
	...commentOperations,
	...commentFields,
	...detectionOperations,
	...detectionFields,
	...detectionGroupOperations,
	...detectionGroupFields,
	...edrRuleOperations,
	...edrRuleFields,
	...edrRuleExclusionOperations,
	...edrRuleExclusionFields,
	{ ...transportOptions, options: [...incidentOptionFields, ...transportOptionFields] },
];

export class EsetIncident implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ESET Incident',
		name: 'esetIncident',
		icon: { light: 'file:eset.svg', dark: 'file:eset.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage incidents in ESET Connect (ESET PROTECT / ESET Inspect XDR): list, get, update, close and reopen them, comment on them, read and resolve their detections and detection groups, and manage EDR rules and their exclusions',
		defaults: { name: 'ESET Incident' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'esetConnectApi', required: true }],
		// The transport sets the base URL from the credential's region.
		requestDefaults: {
			headers: {
				Accept: 'application/json',
				'Content-Type': 'application/json',
				...ESET_INTEGRATION_HEADERS,
			},
			json: true,
		},
		properties,
		hints: incidentHints,
	};
}
