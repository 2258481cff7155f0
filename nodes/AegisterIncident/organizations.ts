import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
} from 'n8n-workflow';

import { aegisterRequest, itemsOf } from './transport';

const ORGANIZATIONS_PATH = '/api/v1/organizations';

/** Aegister's default page of organizations. */
export const ORGANIZATIONS_PAGE_SIZE = 50;

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
	const organizations = (Array.isArray(envelope.data) ? envelope.data : []) as IDataObject[];
	const nextOffset = offset + ORGANIZATIONS_PAGE_SIZE;
	return {
		results: organizations.map((organization) => ({
			name: String(organization.name ?? organization.id),
			value: String(organization.id),
			description: organization.description ? String(organization.description) : undefined,
		})),
		paginationToken: organizations.length && nextOffset < Number(envelope.total ?? 0) ? String(nextOffset) : undefined,
	};
}

/**
 * Get Many organizations: pages through `limit` / `offset` until `total` is reached, or until
 * Limit is, asking each page for no more than is still needed.
 */
export async function getAllOrganizations(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const maxResults = requestData.maxResults ? Number(requestData.maxResults) : Infinity;
	const items: INodeExecutionData[] = [];
	let total = Infinity;
	while (items.length < Math.min(total, maxResults)) {
		const limit = Math.min(ORGANIZATIONS_PAGE_SIZE, maxResults - items.length);
		const envelope = await aegisterRequest(this, {
			method: 'GET',
			url: ORGANIZATIONS_PATH,
			qs: { ...requestData.options.qs, limit, offset: items.length },
		});
		const page = itemsOf(Array.isArray(envelope.data) ? envelope.data : [], this.getItemIndex());
		items.push(...page);
		total = Number(envelope.total ?? 0);
		if (page.length === 0) break;
	}
	return items;
}
