import type { IDataObject, IExecuteSingleFunctions, IHttpRequestOptions } from 'n8n-workflow';

import type { HttpAnswer } from '../../shared/http';
import { exchange, targetUrl } from '../../shared/http';
import { checkedNumber } from '../../shared/options';
import { changesData, pathOf, READ_ONLY_HINT, readOnlyMessage } from '../../shared/read-only';
import type { AegisterConnection, AegisterContext } from './connection';
import { aegisterConnection } from './connection';
import { AEGISTER_READ_ONLY_POLICY } from './endpoints';
import type { AegisterEnvelope, ErrorContext } from './envelope';
import { aegisterError, checkEnvelope, SERVICE } from './envelope';
import { operationError } from '../../shared/errors';
import { nodeParameter } from '../../shared/node-parameter';

export const DEFAULT_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 300;

export interface AegisterRequestOptions {
	itemIndex?: number;
	timeoutMs?: number;
	/** n8n's Request Options of the node (proxy, certificate checks) */
	requestOptions?: IDataObject;
	/** the operation as the editor shows it, for a read-only refusal */
	what?: string;
}

/** Stops a write when the credential is read-only ("Allow Changes" off). */
function refuseIfReadOnly(
	context: AegisterContext,
	connection: AegisterConnection,
	request: IHttpRequestOptions,
	options: AegisterRequestOptions,
): void {
	if (connection.allowChanges || !changesData(request, AEGISTER_READ_ONLY_POLICY.readPosts)) return;
	const line = `${String(request.method ?? 'GET').toUpperCase()} ${pathOf(request)}`;
	const message = readOnlyMessage(AEGISTER_READ_ONLY_POLICY, options.what ?? line);
	throw operationError(context.getNode(), message, {
		description: READ_ONLY_HINT,
		itemIndex: options.itemIndex,
	});
}

/** The request as it leaves: the token in its header, a JSON body as text. */
function attempt(
	request: IHttpRequestOptions,
	connection: AegisterConnection,
	options: AegisterRequestOptions,
): IHttpRequestOptions {
	const method = String(request.method ?? 'GET').toUpperCase();
	const hasBody = request.body !== undefined && !['GET', 'DELETE'].includes(method);
	return {
		...(options.requestOptions ?? {}),
		...request,
		baseURL: connection.baseURL,
		headers: {
			Accept: 'application/json',
			...(hasBody ? { 'Content-Type': 'application/json' } : {}),
			...request.headers,
			'X-Aegister-Token': connection.token,
		},
		body: hasBody && typeof request.body === 'object' ? JSON.stringify(request.body) : request.body,
	};
}

/**
 * Sends one Aegister request (token in the `X-Aegister-Token` header, no redirect, within the
 * timeout) and resolves with its checked envelope.
 */
export async function aegisterRequest(
	context: AegisterContext,
	request: IHttpRequestOptions,
	options: AegisterRequestOptions = {},
): Promise<AegisterEnvelope> {
	const connection = await aegisterConnection(context);
	refuseIfReadOnly(context, connection, request, options);
	const { token, allowedDomains } = connection;
	const errorContext: ErrorContext = {
		node: context.getNode(),
		token,
		itemIndex: options.itemIndex,
	};
	let answer: HttpAnswer;
	try {
		answer = await exchange(context, attempt(request, connection, options), {
			service: SERVICE,
			timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_SECONDS * 1000,
			signal: context.getExecutionCancelSignal?.() ?? undefined,
			allowedDomains,
			secrets: () => [token],
		});
	} catch (error) {
		const hint = 'Check the Base URL of the Aegister API credential and the network in between';
		throw aegisterError(errorContext, (error as Error).message, [hint]);
	}
	return checkEnvelope(
		errorContext,
		answer,
		targetUrl({ ...request, baseURL: connection.baseURL }),
	);
}

/** The Timeout option of an operation, checked, in milliseconds. */
export function timeoutOf(context: IExecuteSingleFunctions): number {
	const value = nodeParameter(context, 'options.timeoutSeconds', DEFAULT_TIMEOUT_SECONDS);
	const bounds = { displayName: 'Options → Timeout (Seconds)', min: 1, max: MAX_TIMEOUT_SECONDS };
	return checkedNumber(context.getNode(), value, bounds, context.getItemIndex()) * 1000;
}
