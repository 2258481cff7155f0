import type { INodeProperties } from 'n8n-workflow';

import { transportOptionFields } from '../transport';

import { commentFields, commentOperations } from './CommentDescription';
import { detectionFields, detectionOperations } from './DetectionDescription';
import { detectionGroupFields, detectionGroupOperations } from './DetectionGroupDescription';
import { deviceFields, deviceOperations } from './DeviceDescription';
import {
	deviceTaskFields,
	deviceTaskOperations,
	deviceTaskOptionFields,
} from './DeviceTaskDescription';
import { edrRuleFields, edrRuleOperations } from './EdrRuleDescription';
import { edrRuleExclusionFields, edrRuleExclusionOperations } from './EdrRuleExclusionDescription';
import { incidentFields, incidentOperations } from './IncidentDescription';
import { quarantineFields, quarantineOperations } from './QuarantineDescription';
import { esetTransportProperty, transportOptions } from './TransportDescription';

/** Options in alphabetical order, as n8n's guidelines want them. */
function byDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The ESET Incident node's properties, as the editor shows them. */
export const esetIncidentProperties: INodeProperties[] = [
	esetTransportProperty(() => esetIncidentProperties),
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Comment', value: 'comment', description: 'Comments of an incident' },
			{
				name: 'Detection',
				value: 'detection',
				description: 'Detections: the evidence an incident groups',
			},
			{
				name: 'Detection Group',
				value: 'detectionGroup',
				description: 'Repeated occurrences of the same detection, resolved together',
			},
			{
				name: 'Device',
				value: 'device',
				description: 'Managed computers and servers: name, IP addresses, operating system, status',
			},
			{
				name: 'Device Task',
				value: 'deviceTask',
				description: 'Actions on devices: isolate from the network, end isolation, scan',
			},
			{
				name: 'EDR Rule',
				value: 'edrRule',
				description: "ESET Inspect's detection rules, in its XML rule language",
			},
			{
				name: 'EDR Rule Exclusion',
				value: 'edrRuleExclusion',
				description: 'Exceptions that stop EDR rules from acting on false positives',
			},
			{ name: 'Incident', value: 'incident' },
			{
				name: 'Quarantine',
				value: 'quarantine',
				description: 'Files and e-mails ESET quarantined: find, restore, delete, download',
			},
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
	...deviceOperations,
	...deviceFields,
	...deviceTaskOperations,
	...deviceTaskFields,
	...quarantineOperations,
	...quarantineFields,
	{
		...transportOptions,
		options: byDisplayName([...deviceTaskOptionFields, ...transportOptionFields]),
	},
];
