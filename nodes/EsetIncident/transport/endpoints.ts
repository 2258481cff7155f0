import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { PACKAGE_NAME, PACKAGE_VERSION } from '../../shared/package-info';
import type { ReadOnlyPolicy } from '../../shared/read-only';

/** The ESET Connect services the nodes call, each on a host of its own. */
export type EsetService =
	| 'incidentManagement'
	| 'deviceManagement'
	| 'automation'
	| 'quarantineManagement';

/** Per service: its host name part and the credential's URL field for a Custom region. */
export const ESET_SERVICES: Readonly<
	Record<EsetService, { host: string; urlField: string; label: string }>
> = {
	incidentManagement: {
		host: 'incident-management',
		urlField: 'incidentManagementUrl',
		label: 'Incident Management Base URL',
	},
	deviceManagement: {
		host: 'device-management',
		urlField: 'deviceManagementUrl',
		label: 'Device Management Base URL',
	},
	automation: { host: 'automation', urlField: 'automationUrl', label: 'Automation Base URL' },
	quarantineManagement: {
		host: 'quarantine-management',
		urlField: 'quarantineManagementUrl',
		label: 'Quarantine Management Base URL',
	},
};

/** A service's base URL in the credential's region (or its custom URL). */
export function esetServiceUrl(
	credentials: ICredentialDataDecryptedObject,
	service: EsetService,
): string {
	const { host, urlField } = ESET_SERVICES[service];
	if (credentials.region === 'custom')
		return String(credentials[urlField] ?? '')
			.trim()
			.replace(/\/+$/, '');
	return `https://${String(credentials.region)}.${host}.eset.systems`;
}

/** The incident-management base URL of the credential's region (or its custom URL). */
export function esetIncidentManagementUrl(credentials: ICredentialDataDecryptedObject): string {
	return esetServiceUrl(credentials, 'incidentManagement');
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
 * What "Allow Changes" off refuses: every write. ESET's POSTs that only read are `…:batchGet`,
 * `…:search`, the quarantine's `…:batchDownload` and the token request.
 */
export const ESET_READ_ONLY_POLICY: ReadOnlyPolicy = {
	credential: 'ESET Connect API',
	vendor: 'ESET',
	readPosts: [/\/v\d+\/[a-z-]+:(batchGet|search|batchDownload)$/, /\/oauth\/token$/],
};

/** The one ESET answer that is not JSON: the quarantine's ZIP archive of objects. */
export const ESET_BINARY_ANSWERS: RegExp[] = [/^\/v1\/quarantined-objects:batchDownload$/];

/**
 * Sent on every ESET request (API, token, trigger, credential test), as ESET's own integration
 * library does; one published connector calls `3rd-integration` required.
 */
export const ESET_INTEGRATION_HEADERS: Readonly<Record<string, string>> = {
	'3rd-integration': `${PACKAGE_NAME}/${PACKAGE_VERSION}`,
	Version: PACKAGE_VERSION,
};
