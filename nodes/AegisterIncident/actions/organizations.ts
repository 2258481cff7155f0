import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
} from 'n8n-workflow';

import { routedRequest } from '../../shared/http';
import { checkedNumber } from '../../shared/options';

import { connectionOptions } from '../../shared/routing';
import { aegisterRequest, timeoutOf } from '../transport';
import { itemsOf } from './output';
import type { AegisterEnvelope } from '../transport';
import { NodeApiError } from 'n8n-workflow';
import type { JsonObject } from 'n8n-workflow';
import { nodeParameter } from '../../shared/node-parameter';

const ORGANIZATIONS_PATH = '/api/v1/organizations';

/** Aegister's default page of organizations. */
export const ORGANIZATIONS_PAGE_SIZE = 50;

/** Page loops end. */
const MAX_PAGES = 10_000;

/**
 * The organization picker ("From list"): one page per call, searched by name; n8n asks for the
 * next page with the returned token (the next offset) until `total` is reached.
 */
export async function searchOrganizations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken ?? 0);
	const qs: IDataObject = { limit: ORGANIZATIONS_PAGE_SIZE, offset };
	if (filter) qs.name = filter;
	const envelope = await aegisterRequest(this, { method: 'GET', url: ORGANIZATIONS_PATH, qs });
	const organizations = listOf(envelope);
	const nextOffset = offset + ORGANIZATIONS_PAGE_SIZE;
	return {
		results: organizations.map((organization) => ({
			name: String(organization.name ?? organization.id),
			value: String(organization.id),
			description: organization.description ? String(organization.description) : undefined,
		})),
		paginationToken:
			organizations.length && nextOffset < Number(envelope.total ?? 0)
				? String(nextOffset)
				: undefined,
	};
}

/** The organizations of a page; `data` that is not a list of objects is not Aegister's answer. */
function listOf(envelope: AegisterEnvelope): IDataObject[] {
	const { data } = envelope;
	if (data === undefined || data === null) return [];
	if (
		!Array.isArray(data) ||
		!data.every((entry) => !!entry && typeof entry === 'object' && !Array.isArray(entry))
	) {
		throw new Error(
			'Aegister answered a page of organizations whose data is not a list of objects',
		);
	}
	return data as IDataObject[];
}

/** A page's identity, to notice a server that ignores `offset` and sends the same page again. */
function signatureOf(page: IDataObject[]): string {
	return JSON.stringify(page.map((organization) => organization.id ?? organization.name ?? null));
}

/** Get Many organizations: the `limit` / `offset` pages up to `total` or Limit, never endless. */
export async function getAllOrganizations(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const maxResults = wantedOrganizations(this, requestData);
	const itemIndex = this.getItemIndex();
	const request = routedRequest(requestData.options as IHttpRequestOptions);
	const items: INodeExecutionData[] = [];
	let total = Infinity;
	let previous = '';
	for (let page = 1; items.length < Math.min(total, maxResults); page++) {
		const limit = Math.min(ORGANIZATIONS_PAGE_SIZE, maxResults - items.length);
		const envelope = await aegisterRequest(
			this,
			{
				method: 'GET',
				url: ORGANIZATIONS_PATH,
				qs: { ...request.qs, limit, offset: items.length },
			},
			{
				itemIndex,
				timeoutMs: timeoutOf(this),
				requestOptions: connectionOptions(request as IHttpRequestOptions),
			},
		);
		let organizations: IDataObject[];
		try {
			organizations = listOf(envelope);
		} catch (error) {
			throw new NodeApiError(this.getNode(), { message: (error as Error).message } as JsonObject, {
				message: (error as Error).message,
				itemIndex,
			});
		}
		const signature = signatureOf(organizations);
		const maxPages = Number.isFinite(Number(envelope.total))
			? Math.ceil(Number(envelope.total) / Math.max(limit, 1)) + 1
			: MAX_PAGES;
		if ((organizations.length && signature === previous) || page > Math.min(maxPages, MAX_PAGES)) {
			const message = `Aegister sent the same page of organizations again at offset ${items.length}: paging stopped, or it would never end`;
			throw new NodeApiError(this.getNode(), { message } as JsonObject, { message, itemIndex });
		}
		previous = signature;
		items.push(...itemsOf(organizations, itemIndex));
		total = Number(envelope.total ?? 0);
		if (organizations.length === 0) break;
	}
	return items;
}

/** Limit (a whole number ≥ 1), or everything with Return All. */
function wantedOrganizations(
	context: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): number {
	if (nodeParameter(context, 'returnAll', false) === true) return Infinity;
	return checkedNumber(
		context.getNode(),
		requestData.maxResults ?? nodeParameter(context, 'limit', 50),
		{ displayName: 'Limit', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
		context.getItemIndex(),
	);
}

/**
 * preSend of Get Many organizations: a switched-off Editable Only / Owned Only means no filter
 * (not "only the others"), and an empty Name Contains is no filter either.
 */
export async function omitUnsetOrganizationFilters(
	this: IExecuteSingleFunctions,
	requestOptions: IHttpRequestOptions,
): Promise<IHttpRequestOptions> {
	const qs = { ...requestOptions.qs };
	for (const flag of ['editable', 'owned']) if (qs[flag] !== true) delete qs[flag];
	if (typeof qs.name !== 'string' || !qs.name.trim()) delete qs.name;
	requestOptions.qs = qs;
	return requestOptions;
}
