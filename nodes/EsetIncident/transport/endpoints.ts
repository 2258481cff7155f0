import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PACKAGE_NAME, PACKAGE_VERSION } from '../../shared/package-info';
import type { ReadOnlyPolicy } from '../../shared/read-only';

/** The incident-management base URL of the credential's region (or its custom URL). */
export function esetIncidentManagementUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === 'custom')
		return String(credentials.incidentManagementUrl ?? '')
			.trim()
			.replace(/\/+$/, '');
	return `https://${String(credentials.region)}.incident-management.eset.systems`;
}

/** The same, as an n8n expression (for the credential test, which n8n runs declaratively). */
export const ESET_INCIDENT_MANAGEMENT_URL =
	'={{ $credentials.region === "custom" ? $credentials.incidentManagementUrl.trim().replace(/\\/+$/, "") : "https://" + $credentials.region + ".incident-management.eset.systems" }}';

/** ESET's OAuth token endpoint for the credential's region (or its custom URL). */
export function esetTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	if (credentials.region === 'custom') return String(credentials.tokenUrl ?? '').trim();
	return `https://${String(credentials.region)}.business-account.iam.eset.systems/oauth/token`;
}

/** What is wrong with a custom URL of the credential, if anything. */
export function urlProblem(url: string): string | undefined {
	try {
		const { protocol } = new URL(url);
		return protocol === 'https:' || protocol === 'http:' ? undefined : 'is not an http(s) URL';
	} catch {
		return url ? 'is not a valid URL' : 'is empty';
	}
}

/**
 * What "Allow Changes" off refuses: every request that writes. ESET's POSTs that only read are its
 * batch reads and searches (`…:batchGet`, `…:search`) and the token request.
 */
export const ESET_READ_ONLY_POLICY: ReadOnlyPolicy = {
	credential: 'ESET Connect API',
	vendor: 'ESET',
	readPosts: [/\/v\d+\/[a-z-]+:(batchGet|search)$/, /\/oauth\/token$/],
};

/**
 * Sent on every ESET request (API, token, trigger, credential test), as ESET's own integration
 * library does; one published connector calls `3rd-integration` required.
 */
export const ESET_INTEGRATION_HEADERS: Readonly<Record<string, string>> = {
	'3rd-integration': `${PACKAGE_NAME}/${PACKAGE_VERSION}`,
	Version: PACKAGE_VERSION,
};
