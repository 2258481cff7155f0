import type { IDataObject, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { withoutMarkup } from '../../shared/errors';

/** What a shape check needs for its error: the node and the item (a trigger has none). */
export interface ItemContext {
	getNode(): INode;
	getItemIndex?(): number;
}

/** An ESET answer as far as the shape checks need it. */
export type EsetResponse = Pick<IN8nHttpFullResponse, 'statusCode' | 'headers' | 'body'>;

/** The transport hands on only JSON objects; these check the documented shape inside them. */
function bodyOf(response: EsetResponse): IDataObject {
	return response.body as IDataObject;
}

function isObject(value: unknown): value is IDataObject {
	return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** An error for an answer that is not what ESET documents (`what` says how). */
export function malformed(
	context: ItemContext,
	response: EsetResponse,
	what: string,
): NodeApiError {
	const message = withoutMarkup(
		`ESET Connect answered ${response.statusCode}, but ${what}: not the documented answer`,
	);
	const requestId = response.headers?.['request-id'];
	return new NodeApiError(
		context.getNode(),
		{ message, httpCode: String(response.statusCode) } as JsonObject,
		{
			message,
			httpCode: String(response.statusCode),
			description: requestId
				? `request-id: ${String(requestId)} (include it in support requests).`
				: undefined,
			itemIndex: context.getItemIndex?.(),
		},
	);
}

/** The resource of an answer that wraps it in its name (`{"incident": {…}}`). */
export function resourceIn(
	context: ItemContext,
	response: EsetResponse,
	property: string,
): IDataObject {
	const resource = bodyOf(response)[property];
	if (!isObject(resource))
		throw malformed(context, response, `the answer holds no ${property} object`);
	return resource;
}

/** An ESET list answer as its OpenAPI documents it: the list's property and those beside it. */
export interface EsetList {
	property: string;
	besides: ReadonlyArray<'nextPageToken' | 'totalSize'>;
}

/** Every list ESET answers with, as `…Response` in its OpenAPI. */
export const ESET_LISTS = {
	incidents: { property: 'incidents', besides: ['nextPageToken'] },
	comments: { property: 'comments', besides: [] },
	detections: { property: 'detections', besides: ['nextPageToken'] },
	batchOfDetections: { property: 'detections', besides: [] },
	detectionGroups: { property: 'detectionGroups', besides: ['nextPageToken'] },
	foundDetectionGroups: { property: 'detectionGroups', besides: [] },
	edrRules: { property: 'rules', besides: ['nextPageToken', 'totalSize'] },
	edrRuleExclusions: { property: 'exclusions', besides: ['nextPageToken', 'totalSize'] },
	devices: { property: 'devices', besides: ['nextPageToken'] },
	batchOfDevices: { property: 'devices', besides: [] },
	deviceTasks: { property: 'tasks', besides: ['nextPageToken'] },
	taskRuns: { property: 'taskRuns', besides: ['nextPageToken'] },
	quarantinedObjects: { property: 'objects', besides: ['nextPageToken'] },
} as const satisfies Record<string, EsetList>;

/** `"status", "message"`: the names of what an answer holds, short. */
function namesOf(body: IDataObject): string {
	const names = Object.keys(body);
	const shown = names
		.slice(0, 5)
		.map((name) => JSON.stringify(name.length > 40 ? `${name.slice(0, 39)}…` : name));
	return names.length > shown.length
		? `${shown.join(', ')} and ${names.length - shown.length} more`
		: shown.join(', ');
}

/**
 * The list of an ESET list answer; ESET leaves an empty one out (`{}`), but an answer holding none
 * of the list's documented fields (a proxy's `{"status": "ok"}`) is an error.
 */
export function listIn(
	context: ItemContext,
	response: EsetResponse,
	list: EsetList,
): IDataObject[] {
	const body = bodyOf(response);
	const documented = [list.property, ...list.besides];
	if (Object.keys(body).length > 0 && !documented.some((name) => name in body)) {
		const expected = list.besides.length
			? `no ${list.property} list and no ${list.besides.join(' or ')}`
			: `no ${list.property} list`;
		throw malformed(context, response, `the answer holds ${expected}, only ${namesOf(body)}`);
	}
	const entries = body[list.property];
	if (entries === undefined || entries === null) return [];
	if (!Array.isArray(entries) || !entries.every(isObject)) {
		throw malformed(context, response, `its ${list.property} is not a list of objects`);
	}
	return entries as IDataObject[];
}
