import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { EsetAnswer } from '../transport';
import { esetRequest } from '../transport';
import type { EsetSession } from './run-operation';
import { pendingItem, runEsetOperation } from './run-operation';
import { identifierQuery, timeWindowQuery } from './list-query';
import { esetIdentifierList } from './validation';
import { nodeParameter } from '../../shared/node-parameter';

/** The filters of Get Many whose values ESET takes as they are, by their `filter.` query name. */
const TEXT_FILTERS: Record<string, string> = {
	fileName: 'fileName',
	quarantineReason: 'quarantineReason',
	objectOrigin: 'objectOrigin',
	objectType: 'objectType',
	emailSender: 'emailSender',
	emailRecipient: 'emailRecipient',
	emailSubject: 'emailSubject',
};

/** The filters that name an ESET object, checked like every identifier. */
const IDENTIFIER_FILTERS: Record<string, string> = {
	userUuid: 'Filters → User UUID',
	cloudOfficeTenantUuid: 'Filters → Cloud Office Tenant UUID',
};

/** The time window of Get Many, on ESET's `quarantineTime`. */
const QUARANTINE_WINDOW = {
	from: {
		name: 'quarantinedFrom',
		query: 'filter.quarantineTime.startTime',
		label: 'Filters → Quarantined From',
	},
	before: {
		name: 'quarantinedBefore',
		query: 'filter.quarantineTime.endTime',
		label: 'Filters → Quarantined Before',
	},
	noun: 'quarantined object',
};

/** Quarantine → Get Many: ESET's documented filters as its `filter.*` query, then the pages. */
export async function listQuarantine(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const filters = nodeParameter(this, 'quarantineFilters', {}) as IDataObject;
	const qs: IDataObject = {
		...requestData.options.qs,
		...timeWindowQuery(this, filters, QUARANTINE_WINDOW),
	};
	for (const [name, query] of Object.entries(TEXT_FILTERS)) {
		const value = String(filters[name] ?? '').trim();
		if (value) qs[`filter.${query}`] = value;
	}
	requestData.options.qs = {
		...qs,
		...identifierQuery(this, filters, IDENTIFIER_FILTERS, 'filter.'),
	};
	return await runEsetOperation(this, requestData, { service: 'quarantineManagement' });
}

/** One batch request on the objects given, by their UUIDs; a ZIP archive for a download. */
async function batchRequest(
	context: IExecutePaginationFunctions,
	session: EsetSession,
	body: IDataObject,
	binary = false,
): Promise<EsetAnswer> {
	const request: IHttpRequestOptions = { ...session.request, body };
	const { connection, settings, itemIndex } = session;
	return await esetRequest(context, connection, request, settings, itemIndex, {
		service: 'quarantineManagement',
		binary,
	});
}

/** Restore or Delete: one item per object, saying what was done to it, with ESET's request-id. */
export async function changeQuarantinedObjects(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const restore = nodeParameter(this, 'operation') === 'restore';
	const objectUuids = esetIdentifierList(this, 'objectUuids', 'Object UUIDs');
	const addToExclusions = restore && nodeParameter(this, 'addToExclusions', false) === true;
	const body: IDataObject = restore ? { objectUuids, addToExclusions } : { objectUuids };
	return await runEsetOperation(this, requestData, {
		service: 'quarantineManagement',
		composed: async (session) => {
			const answer = await batchRequest(this, session, body);
			if (answer.statusCode === 202) return [pendingItem(answer)];
			const requestId = answer.headers['request-id'] ?? null;
			const done = restore
				? { restored: true, addedToExclusions: addToExclusions }
				: { deleted: true };
			return objectUuids.map((objectUuid) => ({ json: { ...done, objectUuid, requestId } }));
		},
	});
}

/** The archive's file name: the object's UUID for one, the time for several. */
function archiveName(objectUuids: string[]): string {
	if (objectUuids.length === 1) return `quarantine-${objectUuids[0].replace(/[^\w.-]/g, '_')}.zip`;
	return `quarantine-${new Date()
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/:/g, '-')}.zip`;
}

/** Download: ESET's ZIP archive of the objects, as the item's binary data `data`. */
export async function downloadQuarantinedObjects(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const objectUuids = esetIdentifierList(this, 'objectUuids', 'Object UUIDs');
	return await runEsetOperation(this, requestData, {
		service: 'quarantineManagement',
		composed: async (session) => {
			const answer = await batchRequest(this, session, { objectUuids }, true);
			if (answer.statusCode === 202 || !answer.data) return [pendingItem(answer)];
			const fileName = archiveName(objectUuids);
			const mimeType = 'application/zip';
			const data = await this.helpers.prepareBinaryData(answer.data, fileName, mimeType);
			const json = {
				objectUuids,
				fileName,
				mimeType,
				fileSize: answer.data.length,
				requestId: answer.headers['request-id'] ?? null,
			};
			return [{ json, binary: { data } }];
		},
	});
}
