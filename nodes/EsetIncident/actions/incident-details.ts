import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { indicatorsOf } from './indicators';
import type { ItemContext } from '../transport';
import { ESET_LISTS, listIn, malformed, resourceIn } from '../transport';
import type { EsetSession } from './run-operation';
import { runEsetOperation } from './run-operation';
import { simplifyIncident } from './simplify';
import type { EsetAnswer, EsetConnection, EsetContext, TransportSettings } from '../transport';
import { esetPages, esetRequest } from '../transport';
import { readDevices } from './devices';
import { nodeParameter } from '../../shared/node-parameter';

/**
 * How many detection UUIDs one batchGet asks for. ESET's OpenAPI (v2BatchGetDetectionsRequest)
 * rejects more than 1000 and recommends at most 100: "higher values can lead to a timeout".
 */
export const DETECTIONS_PER_BATCH = 100;

/** What Incident → Get adds to the incident, as its Include says. */
interface Included {
	detections: boolean;
	comments: boolean;
	indicators: boolean;
	devices: boolean;
}

function included(context: IExecutePaginationFunctions): Included {
	const include = nodeParameter(context, 'include', []) as string[];
	const chosen = (name: string) => Array.isArray(include) && include.includes(name);
	return {
		detections: chosen('detections'),
		comments: chosen('comments'),
		indicators: chosen('indicators'),
		devices: chosen('devices'),
	};
}

/** A further request of the item: its headers and JSON setting, none of its query or body. */
function furtherRequest(
	session: EsetSession,
	request: Pick<IHttpRequestOptions, 'method' | 'url' | 'body'>,
): IHttpRequestOptions {
	return { ...session.request, qs: {}, body: undefined, ...request };
}

/** A further request's answer, or an error while it is pending (202): the item is not whole. */
function notPending(context: ItemContext, answer: EsetAnswer, what: string): EsetAnswer {
	if (answer.statusCode !== 202) return answer;
	const message = `ESET Connect is still preparing the incident's ${what} (202, response-id ${answer.headers['response-id'] ?? 'none'})`;
	throw new NodeApiError(
		context.getNode(),
		{ message, httpCode: '202' },
		{
			message,
			httpCode: '202',
			description:
				'The incident is output only with everything its options include. Turn on "Wait for Slow Responses", or try again later.',
			itemIndex: context.getItemIndex?.(),
		},
	);
}

/** One incident's details (`GET /v2/incidents/{uuid}`), with what lists leave out. */
export async function readIncident(
	context: EsetContext & ItemContext,
	connection: EsetConnection,
	settings: TransportSettings,
	uuid: string,
): Promise<IDataObject> {
	const request: IHttpRequestOptions = {
		method: 'GET',
		url: `/v2/incidents/${encodeURIComponent(uuid)}`,
		json: true,
	};
	const answer = await esetRequest(
		context,
		connection,
		request,
		settings,
		context.getItemIndex?.(),
	);
	return resourceIn(context, notPending(context, answer, 'details'), 'incident');
}

/** The incident's `detectionUuids` or `deviceUuids`, each once. */
export function uuidsOf(
	context: ItemContext,
	incident: IDataObject,
	answer: EsetAnswer,
	property: 'detectionUuids' | 'deviceUuids',
): string[] {
	const uuids = incident[property];
	if (uuids === undefined || uuids === null) return [];
	if (!Array.isArray(uuids) || !uuids.every((uuid) => typeof uuid === 'string')) {
		throw malformed(context, answer, `the incident's ${property} is not a list of texts`);
	}
	return [...new Set(uuids as string[])];
}

/**
 * One batch of detections by `POST /v2/detections:batchGet`, all of them, or undefined where ESET
 * answers 404 or 501 (docs/transport.md).
 */
async function batchGet(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	detectionUuids: string[],
): Promise<IDataObject[] | undefined> {
	const request = furtherRequest(session, {
		method: 'POST',
		url: '/v2/detections:batchGet',
		body: { detectionUuids },
	});
	let answer: EsetAnswer;
	try {
		answer = await esetRequest(
			context,
			session.connection,
			request,
			session.settings,
			session.itemIndex,
		);
	} catch (error) {
		if (error instanceof NodeApiError && ['404', '501'].includes(String(error.httpCode)))
			return undefined;
		throw error instanceof NodeOperationError || error instanceof NodeApiError
			? error
			: new NodeOperationError(context.getNode(), error as Error);
	}
	const batch = listIn(
		context,
		notPending(context, answer, 'detections'),
		ESET_LISTS.batchOfDetections,
	);
	if (batch.length !== detectionUuids.length) {
		const what = `the answer holds ${batch.length} of the ${detectionUuids.length} detections asked for, and a batchGet answers all or nothing`;
		throw malformed(context, answer, what);
	}
	return batch;
}

/** One detection by `GET /v2/detections/{uuid}`, as production clients read any detection. */
async function getDetection(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	uuid: string,
): Promise<IDataObject> {
	const request = furtherRequest(session, {
		method: 'GET',
		url: `/v2/detections/${encodeURIComponent(uuid)}`,
	});
	const answer = await esetRequest(
		context,
		session.connection,
		request,
		session.settings,
		session.itemIndex,
	);
	return resourceIn(context, notPending(context, answer, 'detections'), 'detection');
}

/**
 * The detections, in order: in batches of DETECTIONS_PER_BATCH by batchGet, or — where ESET
 * answers it 404 or 501 — one by one, through the same transport and rate limit.
 */
async function readDetections(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	uuids: string[],
): Promise<IDataObject[]> {
	const detections: IDataObject[] = [];
	for (let start = 0; start < uuids.length; start += DETECTIONS_PER_BATCH) {
		const chunk = uuids.slice(start, start + DETECTIONS_PER_BATCH);
		const batch = await batchGet(context, session, chunk);
		if (batch) detections.push(...batch);
		else for (const uuid of chunk) detections.push(await getDetection(context, session, uuid));
	}
	return detections;
}

/** The incident's comments, oldest first, every page (ESET documents no paging, but may page). */
async function listComments(
	context: IExecutePaginationFunctions,
	session: EsetSession,
): Promise<IDataObject[]> {
	const comments: IDataObject[] = [];
	// the incident's own path, its UUID checked and encoded
	const request = furtherRequest(session, {
		method: 'GET',
		url: `${session.request.url}/comments`,
	});
	for await (const answer of esetPages(context, session.connection, request, session.settings, {
		itemIndex: session.itemIndex,
	})) {
		comments.push(...listIn(context, notPending(context, answer, 'comments'), ESET_LISTS.comments));
	}
	return comments;
}

/**
 * Incident → Get: the incident and, as Include asks, its `detections`, `comments`,
 * `indicators` and `devices` (with `devicesNotFound`), in one item.
 */
export async function getIncident(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const include = included(this);
	if (!Object.values(include).some(Boolean))
		return await runEsetOperation(this, requestData, { simplify: simplifyIncident });
	return await runEsetOperation(this, requestData, {
		simplify: simplifyIncident,
		completeItems: async ([{ json: incident }], session, answer) => {
			const whole: IDataObject = { ...incident };
			const detections =
				include.detections || include.indicators
					? await readDetections(this, session, uuidsOf(this, incident, answer, 'detectionUuids'))
					: [];
			if (include.detections) whole.detections = detections;
			if (include.comments) whole.comments = await listComments(this, session);
			if (include.indicators)
				whole.indicators = indicatorsOf(detections) as unknown as IDataObject[];
			if (include.devices) {
				const uuids = uuidsOf(this, incident, answer, 'deviceUuids');
				Object.assign(whole, await readIncidentDevices(this, session, uuids));
			}
			return [{ json: whole }];
		},
	});
}

/** One device by `GET /v1/devices/{uuid}`, or undefined when ESET no longer knows it (404). */
async function deviceOrNothing(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	uuid: string,
): Promise<IDataObject | undefined> {
	const request = furtherRequest(session, {
		method: 'GET',
		url: `/v1/devices/${encodeURIComponent(uuid)}`,
	});
	const { connection, settings, itemIndex } = session;
	try {
		const answer = await esetRequest(context, connection, request, settings, itemIndex, {
			service: 'deviceManagement',
		});
		return resourceIn(context, notPending(context, answer, 'devices'), 'device');
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asNodeError(context, error);
	}
}

function isNotFound(error: unknown): boolean {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** An error as the node reports it: n8n's own errors as they are, anything else wrapped. */
function asNodeError(context: ItemContext, error: unknown): NodeApiError | NodeOperationError {
	return error instanceof NodeOperationError || error instanceof NodeApiError
		? error
		: new NodeOperationError(context.getNode(), error as Error);
}

/**
 * The incident's devices, by batchGet. A batchGet is atomic: when one device is gone
 * (404), each is read on its own and those ESET no longer knows are listed in `devicesNotFound`.
 */
async function readIncidentDevices(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	uuids: string[],
): Promise<IDataObject> {
	try {
		return { devices: await readDevices(context, session, uuids) };
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(context, error);
	}
	const devices: IDataObject[] = [];
	const devicesNotFound: string[] = [];
	for (const uuid of uuids) {
		const device = await deviceOrNothing(context, session, uuid);
		if (device) devices.push(device);
		else devicesNotFound.push(uuid);
	}
	return { devices, devicesNotFound };
}
