import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { allowedDomainsOf } from '../../shared/allowed-domains';
import { ExecutionCache } from '../../shared/execution-cache';
import type { HttpHelpers } from '../../shared/http';
import type { RequestLine } from '../../shared/read-only';
import { changesData, pathOf, READ_ONLY_HINT, readOnlyMessage } from '../../shared/read-only';
import type { EsetIdentity } from './access-token';
import { esetIdentity } from './access-token';
import type { EsetService } from './endpoints';
import { ESET_READ_ONLY_POLICY, ESET_SERVICES, esetServiceUrl } from './endpoints';
import { operationError } from '../../shared/errors';

export const CREDENTIAL_TYPE = 'esetConnectApi';

/** What the transport needs of an n8n context: an action item, a poll, a list search. */
export interface EsetContext extends HttpHelpers {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	getExecutionId?(): string;
}

/** One ESET API user as the transport talks to it. */
export interface EsetConnection {
	/** the base URL of each ESET service, as the credential's region (or its custom URLs) gives it */
	baseURLs: Record<EsetService, string>;
	identity: EsetIdentity;
	stored: { accessToken?: unknown; tokenFingerprint?: unknown };
	allowedDomains?: string;
	/** what the rate limit counts together: one API user (token URL and user name), on every host */
	limiterKey: string;
	/** n8n's Request Options of the node (proxy, certificate checks), for every request */
	requestOptions: IDataObject;
	/** the credential's "Allow Changes": off, the transport sends no request that writes */
	allowChanges: boolean;
}

/** The credential's connection per execution: read and decrypted once, not for every item. */
const connections = new ExecutionCache<EsetConnection>();

async function readConnection(
	context: EsetContext,
	requestOptions: IDataObject,
): Promise<EsetConnection> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	const services = Object.keys(ESET_SERVICES) as EsetService[];
	const baseURLs = Object.fromEntries(
		services.map((service) => [service, esetServiceUrl(credentials, service)]),
	) as Record<EsetService, string>;
	const identity = esetIdentity(credentials);
	const { accessToken, tokenFingerprint } = credentials;
	return {
		baseURLs,
		identity,
		stored: { accessToken, tokenFingerprint },
		allowedDomains: allowedDomainsOf(credentials),
		limiterKey: `${identity.tokenUrl}\n${identity.username}`,
		requestOptions,
		allowChanges: credentials.allowChanges !== false,
	};
}

/**
 * The connection for this context. `requestOptions` are n8n's Request Options of a declarative
 * node (proxy, certificate checks); they travel with every request, the token request too.
 */
export async function esetConnection(
	context: EsetContext,
	requestOptions: IDataObject = {},
): Promise<EsetConnection> {
	const executionId = context.getExecutionId?.();
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	const key = executionId
		? `${executionId}\n${credentialId}\n${JSON.stringify(requestOptions)}`
		: undefined;
	return await connections.get(key, async () => await readConnection(context, requestOptions));
}

/**
 * Stops a request that would change data when the credential is read-only ("Allow Changes" off),
 * naming the operation (`what`, as the editor shows it) or else the request.
 */
export function refuseIfReadOnly(
	context: EsetContext,
	connection: EsetConnection,
	request: RequestLine,
	itemIndex?: number,
	what?: string,
): void {
	if (connection.allowChanges || !changesData(request, ESET_READ_ONLY_POLICY.readPosts)) return;
	const line = `${String(request.method ?? 'GET').toUpperCase()} ${pathOf(request)}`;
	const message = readOnlyMessage(ESET_READ_ONLY_POLICY, what ?? line);
	throw operationError(context.getNode(), message, {
		description: READ_ONLY_HINT,
		itemIndex,
	});
}
