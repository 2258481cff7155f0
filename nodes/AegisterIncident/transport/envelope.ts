import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';
import { describeBody, hostOf, isRedirect, parseJson, redirectTarget } from '../../shared/http';
import { redact } from '../../shared/secrets';
import { withoutMarkup } from '../../shared/errors';
import { sentence } from '../../shared/text';

export const SERVICE = 'Aegister';

/** Every Aegister response: `error` 0 on success, otherwise `messages` say why. */
export interface AegisterEnvelope {
	error: number;
	messages?: unknown[];
	/** lists: how many items match the filter (not the length of `data`) */
	total?: number;
	data?: unknown;
}

const STATUS_MEANINGS: Record<number, string> = {
	400: 'the request failed validation',
	401: 'the API token is invalid or was revoked',
	403: "the token's user lacks the role for this (reading needs viewer, writing needs security_officer, owner or super_admin) or the organization lacks the v_ciso licence",
	404: 'the organization or incident was not found, or the token cannot see it',
	429: 'too many requests; try again later',
	500: 'internal server failure; try again later',
	502: 'bad gateway; try again later',
	503: 'service unavailable; try again later',
	504: 'gateway timeout; try again later',
};

const HINTS: Record<number, string> = {
	401: 'Create a new token in the Aegister app under Settings → Profile → API Tokens (it is shown once) and put it into the Aegister API credential.',
	403: 'Ask an owner of the organization for the security_officer role, or check its v_ciso licence.',
};

function describe(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The validation errors of a 400 (`data.errors`), one per field. */
function validationErrors(data: unknown): string[] {
	const errors = (data as IDataObject | undefined)?.errors;
	if (!errors || typeof errors !== 'object') return [];
	if (Array.isArray(errors)) return errors.map(describe);
	return Object.entries(errors).map(([field, problem]) => `${field}: ${describe(problem)}`);
}

function isEnvelope(body: unknown): body is AegisterEnvelope {
	return (
		!!body &&
		typeof body === 'object' &&
		!Array.isArray(body) &&
		typeof (body as IDataObject).error === 'number'
	);
}

export interface ErrorContext {
	node: INode;
	token: string;
	itemIndex?: number;
}

export function aegisterError(
	context: ErrorContext,
	message: string,
	details: string[],
	httpCode?: number,
): NodeApiError {
	const clean = (text: string) => withoutMarkup(redact(text, [context.token]));
	const cleanMessage = clean(message);
	const description =
		details
			.filter(Boolean)
			.map((detail) => sentence(clean(detail)))
			.join(' ') || undefined;
	const code = httpCode === undefined ? undefined : String(httpCode);
	return new NodeApiError(
		context.node,
		{ message: cleanMessage, httpCode: code ?? null } as JsonObject,
		{
			message: cleanMessage,
			description,
			httpCode: code,
			itemIndex: context.itemIndex,
		},
	);
}

/**
 * The one check of Aegister's answer, whatever the HTTP status: its envelope with `error` 0, or an
 * error saying what arrived (docs/transport.md).
 */
export function checkEnvelope(
	context: ErrorContext,
	answer: HttpAnswer,
	url: string,
): AegisterEnvelope {
	const { statusCode } = answer;
	if (isRedirect(statusCode)) {
		throw aegisterError(
			context,
			`${SERVICE} answered ${statusCode}, ${redirectTarget(answer, url)}; requests that carry the API token never follow redirects`,
			['Check the Base URL of the Aegister API credential, and any proxy in between'],
			statusCode,
		);
	}
	const body = parseJson(answer);
	if (!isEnvelope(body)) {
		const what =
			body === undefined
				? describeBody(answer)
				: `JSON without Aegister's envelope (HTTP ${statusCode})`;
		if (statusCode >= 400) {
			throw aegisterError(
				context,
				`${SERVICE} answered ${statusCode}: ${STATUS_MEANINGS[statusCode] ?? 'unexpected response'}`,
				[`The answer was ${what}, not Aegister's envelope`, HINTS[statusCode] ?? ''],
				statusCode,
			);
		}
		throw aegisterError(
			context,
			`${SERVICE} answered ${statusCode} with ${what}, not an Aegister answer — a proxy or login page?`,
			[
				statusCode < 400 &&
					'Nothing is output for this item, because it is not known whether Aegister did what was asked',
				`Check the Base URL of the credential (${hostOf(url)})`,
			].filter((part): part is string => !!part),
			statusCode,
		);
	}
	if (statusCode < 400 && body.error === 0) return body;
	const messages = (Array.isArray(body.messages) ? body.messages : [])
		.map(describe)
		.filter(Boolean);
	const meaning =
		statusCode < 400
			? `${SERVICE} reported an error`
			: `${SERVICE} answered ${statusCode}: ${STATUS_MEANINGS[statusCode] ?? 'unexpected response'}`;
	throw aegisterError(
		context,
		messages.length ? `${meaning} — ${messages.join('; ')}` : meaning,
		[
			statusCode < 400
				? `HTTP status ${statusCode}, but the response says error ${body.error}`
				: '',
			...validationErrors(body.data),
			HINTS[statusCode] ?? '',
		],
		statusCode,
	);
}
