import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { EsetContext, ItemContext } from '../transport';
import { ESET_LISTS, esetRequest, listIn, malformed } from '../transport';
import type { EsetSession } from './run-operation';
import { runEsetOperation } from './run-operation';
import { simplifyDevice } from './simplify';
import { esetIdentifierList } from './validation';
import { nodeParameter } from '../../shared/node-parameter';

/**
 * How many device UUIDs one batchGet asks for. ESET documents no limit; the UUIDs travel in the
 * URL, so a chunk stays well under common URL limits (docs/containment.md).
 */
export const DEVICES_PER_BATCH = 100;

/** One batchGet of devices, checked: ESET answers all the devices asked for, in order, or none. */
async function batchOfDevices(
	context: EsetContext & ItemContext,
	session: Pick<EsetSession, 'connection' | 'settings' | 'itemIndex'>,
	uuids: string[],
): Promise<IDataObject[]> {
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: '/v1/devices:batchGet',
		qs: { devicesUuids: uuids },
		arrayFormat: 'repeat',
		json: true,
	};
	const { connection, settings, itemIndex } = session;
	const target = { service: 'deviceManagement' } as const;
	const answer = await esetRequest(context, connection, request, settings, itemIndex, target);
	if (answer.statusCode === 202) {
		const message = `ESET Connect is still preparing the devices (202, response-id ${answer.headers['response-id'] ?? 'none'})`;
		const description =
			'The devices are output only when ESET answered. Turn on "Wait for Slow Responses", or try again later.';
		throw new NodeApiError(
			context.getNode(),
			{ message, httpCode: '202' },
			{ message, httpCode: '202', description, itemIndex },
		);
	}
	const devices = listIn(context, answer, ESET_LISTS.batchOfDevices);
	const uuidsAnswered = devices.map((device) => device.uuid);
	if (uuidsAnswered.length !== uuids.length || uuids.some((uuid, i) => uuidsAnswered[i] !== uuid)) {
		const what = `the answer holds ${devices.length} devices, not the ${uuids.length} asked for in their order, and a batchGet answers all or nothing`;
		throw malformed(context, answer, what);
	}
	return devices;
}

/** Devices by UUID, in order: `GET /v1/devices:batchGet`, DEVICES_PER_BATCH UUIDs at a time. */
export async function readDevices(
	context: EsetContext & ItemContext,
	session: Pick<EsetSession, 'connection' | 'settings' | 'itemIndex'>,
	uuids: string[],
): Promise<IDataObject[]> {
	const devices: IDataObject[] = [];
	for (let start = 0; start < uuids.length; start += DEVICES_PER_BATCH) {
		devices.push(
			...(await batchOfDevices(context, session, uuids.slice(start, start + DEVICES_PER_BATCH))),
		);
	}
	return devices;
}

/** Device → Get Many by UUIDs: one item per device, in the order given (repeats once). */
export async function getDevicesByUuids(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const uuids = esetIdentifierList(this, 'deviceUuids', 'Device UUIDs');
	return await runEsetOperation(this, requestData, {
		service: 'deviceManagement',
		simplify: simplifyDevice,
		composed: async (session) =>
			(await readDevices(this, session, uuids)).map((device) => ({ json: device })),
	});
}

/** Device → Get Many's filters as ESET's query: exact names (the key repeated), status, muted. */
export async function listDevices(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const filters = nodeParameter(this, 'deviceFilters', {}) as IDataObject;
	const qs: IDataObject = { ...requestData.options.qs };
	const names = String(filters.displayNames ?? '')
		.split(/\r?\n/)
		.map((name) => name.trim())
		.filter(Boolean);
	if (names.length) qs.displayNames = names;
	if (filters.functionalityStatus) qs.functionalityStatus = filters.functionalityStatus;
	if (filters.muted === 'muted' || filters.muted === 'notMuted')
		qs.isMuted = filters.muted === 'muted';
	requestData.options.qs = qs;
	return await runEsetOperation(this, requestData, {
		service: 'deviceManagement',
		simplify: simplifyDevice,
	});
}
