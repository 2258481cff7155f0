import type { INodeProperties } from 'n8n-workflow';

import { createDeviceTask, listTaskRuns } from '../actions/device-tasks';
import { outputDeleted, outputEachOf, outputResource } from '../actions/output';
import { sendEsetRequestWith } from '../actions/run-operation';
import { ESET_LISTS, MAX_PAGE_SIZE } from '../transport';
import { returnAllAndLimit } from '../../shared/descriptions';
import { esetLocator } from './locators';

const showFor = (operation: string[]) => ({ show: { resource: ['deviceTask'], operation } });

const TASK_CREATING = ['endIsolation', 'isolate', 'scan'];

const toAutomation = sendEsetRequestWith({ service: 'automation' });

const createTask = {
	request: { method: 'POST' as const, url: '/v1/device_tasks' },
	operations: { pagination: createDeviceTask },
};

export const deviceTaskOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deviceTask'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a device task and the tasks of its template; its runs stay',
				action: 'Delete device task',
				routing: {
					request: { method: 'DELETE', url: '/v1/device_tasks/{taskUuid}' },
					operations: { pagination: toAutomation },
					output: { postReceive: [outputDeleted(['taskUuid'])] },
				},
			},
			{
				name: 'End Network Isolation',
				value: 'endIsolation',
				description: 'Reconnect isolated devices to the network with an ESET device task',
				action: 'End network isolation of devices',
				routing: createTask,
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device task: its action, targets and triggers',
				action: 'Get device task',
				routing: {
					request: { method: 'GET', url: '/v1/device_tasks/{taskUuid}' },
					operations: { pagination: toAutomation },
					output: { postReceive: [outputResource('task')] },
				},
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List device tasks, one item per task',
				action: 'Get many device tasks',
				routing: {
					request: { method: 'GET', url: '/v1/device_tasks', qs: { pageSize: MAX_PAGE_SIZE } },
					operations: { pagination: toAutomation },
					output: { postReceive: [outputEachOf(ESET_LISTS.deviceTasks)] },
				},
			},
			{
				name: 'Get Runs',
				value: 'getRuns',
				description: 'List the runs of a device task: its status on each device',
				action: 'Get device task runs',
				routing: {
					request: {
						method: 'GET',
						url: '/v1/device_tasks/{taskUuid}/runs',
						qs: { pageSize: MAX_PAGE_SIZE },
					},
					operations: { pagination: listTaskRuns },
					output: { postReceive: [outputEachOf(ESET_LISTS.taskRuns)] },
				},
			},
			{
				name: 'Isolate From Network',
				value: 'isolate',
				description: 'Cut devices off the network, except from ESET, until isolation ends',
				action: 'Isolate devices from network',
				routing: createTask,
			},
			{
				name: 'Scan',
				value: 'scan',
				description: 'Run an on-demand scan on devices with a scan profile',
				action: 'Scan devices',
				routing: createTask,
			},
		],
		default: 'isolate',
	},
];

export const deviceTaskFields: INodeProperties[] = [
	{
		displayName: 'Target',
		name: 'targetType',
		type: 'options',
		options: [
			{ name: 'Devices', value: 'devices', description: 'The devices whose UUIDs are given' },
			{
				name: 'Devices of an Incident',
				value: 'incident',
				description: 'Every device ESET lists for the incident',
			},
		],
		default: 'devices',
		displayOptions: showFor(TASK_CREATING),
	},
	{
		displayName: 'Device UUIDs',
		name: 'deviceUuids',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
		description:
			"UUIDs separated by commas, or an expression giving a list such as an incident's deviceUuids",
		displayOptions: { show: { ...showFor(TASK_CREATING).show, targetType: ['devices'] } },
	},
	esetLocator({
		displayName: 'Incident',
		name: 'targetIncidentUuid',
		searchListMethod: 'searchIncidents',
		description: 'The incident whose devices the task targets, all of them',
		show: { ...showFor(TASK_CREATING).show, targetType: ['incident'] },
	}),
	{
		displayName: 'Scan Profile',
		name: 'scanProfile',
		type: 'options',
		options: [
			{ name: 'Context Menu', value: 'ContextMenu' },
			{ name: 'Custom', value: 'Custom', description: 'A profile of yours, by its name' },
			{ name: 'In-Depth', value: 'InDepth', description: 'Every file, slower' },
			{ name: 'My Profile', value: 'MyProfile' },
			{ name: 'Smart', value: 'Smart', description: 'Skips files that did not change' },
		],
		default: 'InDepth',
		description: "ESET's on-demand scan profile",
		displayOptions: showFor(['scan']),
	},
	{
		displayName: 'Custom Profile Name',
		name: 'customProfileName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Servers weekly',
		displayOptions: { show: { ...showFor(['scan']).show, scanProfile: ['Custom'] } },
	},
	{
		displayName: 'Clean Detected Threats',
		name: 'cleaningEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether the scan cleans or deletes what it detects; off, it only reports',
		displayOptions: showFor(['scan']),
	},
	{
		displayName: 'Shut Down After Scan',
		name: 'shutdownEnabled',
		type: 'boolean',
		default: false,
		description: 'Whether each device shuts down when its scan has finished',
		displayOptions: showFor(['scan']),
	},
	esetLocator({
		displayName: 'Device Task',
		name: 'taskUuid',
		searchListMethod: 'searchDeviceTasks',
		description: 'The device task, picked by name or entered by its UUID',
		show: { resource: ['deviceTask'], operation: ['delete', 'get', 'getRuns'] },
	}),
	{
		displayName: 'Filters',
		name: 'taskRunFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor(['getRuns']),
		options: [
			{
				displayName: 'Device UUID',
				name: 'deviceUuid',
				type: 'string',
				default: '',
				placeholder: 'e.g. 123e4567-e89b-12d3-a456-426614174000',
				description: 'Only the runs on this device',
			},
			{
				displayName: 'Latest Run per Device Only',
				name: 'latestOnly',
				type: 'boolean',
				default: true,
				description: 'Whether to list only the latest run on each device (off: every run)',
			},
		],
	},
	...returnAllAndLimit('deviceTask'),
];

/** Options of the task-creating operations, in the node's Options collection. */
export const deviceTaskOptionFields: INodeProperties[] = [
	{
		displayName: 'Wait for Completion',
		name: 'waitForCompletion',
		type: 'boolean',
		default: false,
		description:
			"Whether to poll the task's runs until each device finished, failed or was suppressed, within Max Wait; then one item per device. Only finished counts as done.",
		displayOptions: { show: { '/resource': ['deviceTask'], '/operation': TASK_CREATING } },
	},
];
