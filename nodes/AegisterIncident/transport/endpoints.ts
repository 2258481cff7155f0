import type { ReadOnlyPolicy } from '../../shared/read-only';

/**
 * What "Allow Changes" off refuses: every request that writes. Aegister's one POST that only reads
 * is the threat-intelligence lookup.
 */
export const AEGISTER_READ_ONLY_POLICY: ReadOnlyPolicy = {
	credential: 'Aegister API',
	vendor: 'Aegister',
	readPosts: [/\/V-Ciso\/incidents\/[^/]+\/threat-intel$/],
};
