import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import type { EsetConnection, EsetContext } from './connection';
import type { EsetService } from './endpoints';
import { esetApiError } from './errors';
import type { EsetAnswer } from './request';
import { esetRequest } from './request';
import type { TransportSettings } from './settings';

/** Page loops end: ESET's largest result would take far fewer pages than this. */
export const MAX_PAGES = 10_000;
/** Pages in a row without an entry, each with a new token, after which paging stops. */
export const MAX_EMPTY_PAGES_IN_A_ROW = 20;

export interface PageOptions {
	itemIndex?: number;
	/** the ESET service the list is on (incident management unless named) */
	service?: EsetService;
	/** how many entries are still wanted: the next page asks for no more */
	pageSizeFor?: () => number;
}

/** Why paging must stop after this page, if it must: a repeated token, too many or empty pages. */
function endlessPaging(
	token: string,
	seen: Set<string>,
	page: number,
	empty: number,
): string | undefined {
	if (seen.has(token)) {
		return `ESET Connect sent page token "${token.slice(0, 40)}" a second time: paging stopped, or it would never end`;
	}
	if (page >= MAX_PAGES)
		return `ESET Connect kept sending pages after ${MAX_PAGES}: paging stopped`;
	if (empty < MAX_EMPTY_PAGES_IN_A_ROW) return undefined;
	return `ESET Connect sent ${MAX_EMPTY_PAGES_IN_A_ROW} pages in a row without an entry, each with a new page token: paging stopped, or it might never end`;
}

/** The next page token of an answer: `''` on the last page. */
function nextPageToken(
	context: EsetContext,
	request: IHttpRequestOptions,
	answer: EsetAnswer,
	itemIndex?: number,
): string {
	const next = answer.body.nextPageToken;
	if (next === undefined || next === null || typeof next === 'string') return next ?? '';
	throw esetApiError(
		{ node: context.getNode(), request, secrets: [], itemIndex },
		{ statusCode: answer.statusCode, headers: answer.headers, text: '' },
		'ESET Connect answered a page whose nextPageToken is not a string: not an ESET Connect list answer',
	);
}

/**
 * The pages of an ESET list request along `nextPageToken`, each `pageSize` cut to what
 * `pageSizeFor` still needs; a repeated token, too many pages or empty pages is an error.
 */
export async function* esetPages(
	context: EsetContext,
	connection: EsetConnection,
	request: IHttpRequestOptions,
	settings: TransportSettings,
	options: PageOptions = {},
): AsyncGenerator<EsetAnswer> {
	const seenTokens = new Set<string>();
	let pageToken = '';
	let emptyInARow = 0;
	for (let page = 1; ; page++) {
		const qs: IDataObject = { ...request.qs, ...(pageToken ? { pageToken } : {}) };
		if (options.pageSizeFor && qs.pageSize !== undefined) {
			qs.pageSize = Math.max(1, Math.min(Number(qs.pageSize), options.pageSizeFor()));
		}
		const answer = await esetRequest(
			context,
			connection,
			{ ...request, qs },
			settings,
			options.itemIndex,
			{ service: options.service },
		);
		yield answer;
		if (answer.statusCode === 202) return;
		pageToken = nextPageToken(context, request, answer, options.itemIndex);
		if (!pageToken) return;
		const empty = !Object.values(answer.body).some((value) => Array.isArray(value) && value.length);
		emptyInARow = empty ? emptyInARow + 1 : 0;
		const endless = endlessPaging(pageToken, seenTokens, page, emptyInARow);
		if (endless) {
			const errorContext = {
				node: context.getNode(),
				request,
				secrets: [],
				itemIndex: options.itemIndex,
			};
			const answered = { statusCode: answer.statusCode, headers: answer.headers, text: '' };
			throw esetApiError(errorContext, answered, endless, 'Narrow the filter, or set a Limit');
		}
		seenTokens.add(pageToken);
	}
}
