import type { INodeProperties } from 'n8n-workflow';

/** Fields EDR rules and their exclusions share. */

export function xmlDefinitionField(
	resource: string,
	operations: string[],
	what: string,
): INodeProperties {
	return {
		displayName: 'XML Definition',
		name: 'xmlDefinition',
		type: 'string',
		typeOptions: { rows: 10 },
		required: true,
		default: '',
		placeholder:
			'<rule><definition><process>…</process></definition><description><name>…</name></description></rule>',
		description: `The ${what} in ESET Inspect's XML rule language (https://help.eset.com/ei_rules/latest/en-US/). Its description/name becomes the display name.`,
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}

export function scopesField(resource: string, what: string, required = false): INodeProperties {
	return {
		displayName: 'Scopes',
		name: 'scopes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Scope',
		default: {},
		description: required
			? `The devices and device groups the ${what} applies to; add at least one`
			: `The devices and device groups the ${what} applies to`,
		displayOptions: { show: { resource: [resource], operation: ['create'] } },
		options: [
			{
				displayName: 'Scope',
				name: 'scope',
				values: [
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Device', value: 'device', description: 'Sent as deviceUuid' },
							{
								name: 'Device Group',
								value: 'deviceGroup',
								description: 'Sent as deviceGroupUuid',
							},
						],
						default: 'device',
					},
					{
						displayName: 'UUID',
						name: 'uuid',
						type: 'string',
						default: '',
						description:
							"The device's or device group's UUID in ESET PROTECT, e.g. a detection's device.uuid",
					},
				],
			},
		],
	};
}

export function enabledField(
	resource: string,
	operations: string[],
	what: string,
): INodeProperties {
	return {
		displayName: 'Enabled',
		name: 'enabled',
		type: 'boolean',
		default: true,
		description: `Whether ESET applies the ${what} as soon as it is created`,
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}

export function includeTotalSizeField(resource: string): INodeProperties {
	return {
		displayName: 'Include Total Size',
		name: 'includeTotalSize',
		type: 'boolean',
		default: false,
		description:
			'Whether ESET should count the whole list; every item then carries it as totalSize',
		displayOptions: { show: { resource: [resource], operation: ['getAll'] } },
	};
}
