import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/**
 * The credential's "Allowed HTTP Request Domains" when restricted to specific ones (`''`: none
 * listed, nothing allowed), otherwise undefined.
 */
export function allowedDomainsOf(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (credentials.allowedHttpRequestDomains !== 'domains') return undefined;
	return typeof credentials.allowedDomains === 'string' ? credentials.allowedDomains.trim() : '';
}

function hostnameOf(url: string): string | undefined {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
	} catch {
		return undefined;
	}
}

/** n8n's matching: exact host names, `*.example.com` for any subdomain of example.com. */
export function isHostAllowed(url: string, allowedDomains: string): boolean {
	const host = hostnameOf(url);
	if (!host) return false;
	return allowedDomains
		.split(',')
		.map((domain) => domain.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean)
		.some((domain) => (domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain));
}
