import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { allowedDomainsOf } from '../../shared/allowed-domains';
import { ExecutionCache } from '../../shared/execution-cache';
import type { HttpHelpers } from '../../shared/http';

export const CREDENTIAL_TYPE = 'aegisterApi';

/** What the transport needs of an n8n context: an action item, or a list search. */
export interface AegisterContext extends HttpHelpers {
	getNode(): INode;
	getCredentials(type: string): Promise<ICredentialDataDecryptedObject>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	getExecutionId?(): string;
}

export interface AegisterConnection {
	baseURL: string;
	token: string;
	allowedDomains?: string;
	/** the credential's "Allow Changes": off, the transport sends no request that writes */
	allowChanges: boolean;
}

const connections = new ExecutionCache<AegisterConnection>();

export async function aegisterConnection(context: AegisterContext): Promise<AegisterConnection> {
	const executionId = context.getExecutionId?.();
	const credentialId = context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
	return await connections.get(
		executionId ? `${executionId}\n${credentialId}` : undefined,
		async () => {
			const credentials = await context.getCredentials(CREDENTIAL_TYPE);
			return {
				baseURL: String(credentials.baseUrl ?? '')
					.trim()
					.replace(/\/+$/, ''),
				token: String(credentials.apiToken ?? ''),
				allowedDomains: allowedDomainsOf(credentials),
				allowChanges: credentials.allowChanges !== false,
			};
		},
	);
}
