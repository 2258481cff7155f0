import { randomUUID } from 'crypto';
import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { identifierValue } from '../../shared/path-parameters';
import type { EsetAnswer } from '../transport';
import { esetRequest, resourceIn } from '../transport';
import { readIncident, uuidsOf } from './incident-details';
import { operationError } from '../../shared/errors';
import type { EsetSession } from './run-operation';
import { pendingItem, runEsetOperation } from './run-operation';
import { esetIdentifier, esetIdentifierList, esetIdentifierParameter } from './validation';
import { waitForRuns } from './task-runs';
import { nodeParameter } from '../../shared/node-parameter';

/**
 * The device task each operation creates, by the short names ESET's help documents and Sekoia's
 * production client sends (docs/containment.md).
 */
export const TASK_ACTIONS: Record<string, { name: string; label: string }> = {
	isolate: { name: 'StartNetworkIsolation', label: 'Isolate From Network' },
	endIsolation: { name: 'EndNetworkIsolation', label: 'End Network Isolation' },
	scan: { name: 'OnDemandScan', label: 'Scan' },
};

/** The `@type` of OnDemandScan's params, as ESET's help gives it. */
export const ON_DEMAND_SCAN_TYPE =
	'type.googleapis.com/Era.Common.DataDefinition.Task.ESS.OnDemandScan';

/** Now, in whole seconds UTC, as Sekoia's client sends a manual trigger's createTime. */
function wholeSecondNow(): string {
	return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** The devices a task targets: the UUIDs given, or every device of the incident given. */
async function targetDevices(
	context: IExecutePaginationFunctions,
	session: EsetSession,
): Promise<{ deviceUuids: string[]; incidentUuid?: string }> {
	if (nodeParameter(context, 'targetType', 'devices') !== 'incident')
		return { deviceUuids: esetIdentifierList(context, 'deviceUuids', 'Device UUIDs') };
	const incidentUuid = esetIdentifier(context, 'targetIncidentUuid');
	const { connection, settings } = session;
	const incident = await readIncident(context, connection, settings, incidentUuid);
	const answer: EsetAnswer = { statusCode: 200, headers: {}, body: { incident } };
	const deviceUuids = uuidsOf(context, incident, answer, 'deviceUuids');
	if (deviceUuids.length === 0) {
		throw operationError(context.getNode(), `Incident ${incidentUuid} has no devices`, {
			description: 'ESET lists no device UUIDs for this incident, so there is nothing to act on.',
			itemIndex: context.getItemIndex(),
		});
	}
	return { deviceUuids, incidentUuid };
}

/** OnDemandScan's params as ESET's help documents them: profile, cleaning, shutdown. */
function scanParams(context: IExecutePaginationFunctions): IDataObject {
	const scanProfile = String(nodeParameter(context, 'scanProfile', 'InDepth'));
	const params: IDataObject = {
		'@type': ON_DEMAND_SCAN_TYPE,
		scanProfile,
		cleaningEnabled: nodeParameter(context, 'cleaningEnabled', false) === true,
		shutdownEnabled: nodeParameter(context, 'shutdownEnabled', false) === true,
	};
	if (scanProfile !== 'Custom') return params;
	const customProfileName = String(nodeParameter(context, 'customProfileName', '')).trim();
	if (!customProfileName) {
		throw operationError(context.getNode(), 'Custom Profile Name is empty', {
			description: 'Enter the name of the scan profile defined in ESET PROTECT.',
			itemIndex: context.getItemIndex(),
		});
	}
	return { ...params, customProfileName };
}

/**
 * The task ESET creates: one manual trigger (now), the devices as targets. ESET merges tasks of the
 * same name, description and action into one template, so each description is unique.
 */
function taskBody(
	context: IExecutePaginationFunctions,
	operation: string,
	targets: { deviceUuids: string[]; incidentUuid?: string },
): IDataObject {
	const { name, label } = TASK_ACTIONS[operation];
	const now = wholeSecondNow();
	const scope = targets.incidentUuid ? ` of ESET incident ${targets.incidentUuid}` : '';
	const description = `${label}: ${targets.deviceUuids.length} device(s)${scope}, requested by n8n at ${now} (${randomUUID()})`;
	return {
		task: {
			action: operation === 'scan' ? { name, params: scanParams(context) } : { name },
			displayName: `n8n: ${label}`,
			description,
			triggers: [{ manual: { createTime: now } }],
			targets: { devicesUuids: targets.deviceUuids },
		},
	};
}

/** What a created task output records: the task, its action, the devices and ESET's request-id. */
function createdItem(
	answer: EsetAnswer,
	task: IDataObject,
	targets: { deviceUuids: string[]; incidentUuid?: string },
): IDataObject {
	const action = (task.action as IDataObject | undefined)?.name;
	return {
		taskUuid: task.uuid,
		action: action ?? null,
		deviceUuids: targets.deviceUuids,
		...(targets.incidentUuid ? { incidentUuid: targets.incidentUuid } : {}),
		displayName: task.displayName,
		description: task.description,
		requestId: answer.headers['request-id'] ?? null,
	};
}

/**
 * Isolate from Network, End Network Isolation, Scan: the targets (read from the incident when it
 * names them), the task created, and with Wait for Completion its runs until each device ended.
 */
export async function createDeviceTask(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const operation = String(nodeParameter(this, 'operation'));
	const waitForCompletion = nodeParameter(this, 'options.waitForCompletion', false) === true;
	return await runEsetOperation(this, requestData, {
		service: 'automation',
		composed: async (session) => {
			const startedAt = Date.now();
			const targets = await targetDevices(this, session);
			const request = { ...session.request, body: taskBody(this, operation, targets) };
			const { connection, settings, itemIndex } = session;
			const answer = await esetRequest(this, connection, request, settings, itemIndex, {
				service: 'automation',
			});
			if (answer.statusCode === 202) return [pendingItem(answer)];
			const task = resourceIn(this, answer, 'task');
			const created = createdItem(answer, task, targets);
			if (!waitForCompletion) return [{ json: created }];
			const what = TASK_ACTIONS[operation].label;
			return await waitForRuns(this, session, created, { startedAt, what });
		},
	});
}

/** Device Task → Get Runs: the runs of a task, of one device when its UUID is given. */
export async function listTaskRuns(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const filters = nodeParameter(this, 'taskRunFilters', {}) as IDataObject;
	const qs: IDataObject = {
		...requestData.options.qs,
		listOnlyLastRuns: filters.latestOnly !== false,
	};
	if (filters.deviceUuid !== undefined && String(filters.deviceUuid).trim() !== '') {
		const parameter = esetIdentifierParameter('Filters → Device UUID');
		qs.deviceUuid = identifierValue(
			this.getNode(),
			filters.deviceUuid,
			parameter,
			this.getItemIndex(),
		);
	}
	requestData.options.qs = qs;
	return await runEsetOperation(this, requestData, { service: 'automation' });
}
