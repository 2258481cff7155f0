import type { IDataObject } from 'n8n-workflow';

/** An indicator of compromise, exactly as Aegister's Enrich Indicators takes it (JSON mode). */
export interface Indicator {
	type: 'hash' | 'url' | 'domain' | 'ip';
	value: string;
}

const SHA1 = /^[0-9a-f]{40}$/i;
const SHA256 = /^[0-9a-f]{64}$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function objectAt(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

function listAt(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

/** An IPv6 address in its canonical form (as the WHATWG URL parser writes it), if it is one. */
function canonicalIpv6(value: string): string | undefined {
	if (!value.includes(':') || /[[\]/]/.test(value)) return undefined;
	try {
		return new URL(`http://[${value}]/`).hostname.slice(1, -1);
	} catch {
		return undefined;
	}
}

function ipAddress(value: unknown): Indicator | undefined {
	const address = text(value);
	if (!address) return undefined;
	if (IPV4.test(address)) return { type: 'ip', value: address };
	const ipv6 = canonicalIpv6(address);
	return ipv6 ? { type: 'ip', value: ipv6 } : undefined;
}

function hash(value: unknown, format: RegExp): Indicator | undefined {
	const digest = text(value);
	return digest && format.test(digest) ? { type: 'hash', value: digest.toLowerCase() } : undefined;
}

/** The URL as ESET wrote it, and its host: a domain, or an address written as the host. */
function urlAndHost(value: unknown): Indicator[] {
	const url = text(value);
	if (!url) return [];
	let hostname: string;
	try {
		hostname = new URL(url).hostname;
	} catch {
		return [];
	}
	if (!hostname) return [];
	const host: Indicator = hostname.startsWith('[')
		? { type: 'ip', value: hostname.slice(1, -1) }
		: IPV4.test(hostname)
			? { type: 'ip', value: hostname }
			: { type: 'domain', value: hostname.replace(/\.$/, '') };
	return [{ type: 'url', value: url }, host];
}

/** The hashes of a `v1File` and of the files it contains (an archive's), however deep. */
function fileHashes(root: unknown): Indicator[] {
	const found: Indicator[] = [];
	const files = [root];
	while (files.length) {
		const file = objectAt(files.shift());
		if (!file) continue;
		found.push(
			...[hash(file.hashSha1, SHA1), hash(file.hashSha2256, SHA256)].filter(
				(i): i is Indicator => !!i,
			),
		);
		files.push(...listAt(file.containedFiles));
	}
	return found;
}

/**
 * The indicators of one detection, read only from the fields whose meaning ESET documents, never
 * from free text; the fields are listed in docs/detections.md.
 */
function indicatorsOfDetection(detection: IDataObject): Indicator[] {
	const email = objectAt(detection.email) ?? {};
	const candidates = [
		hash(detection.objectHashSha1, SHA1),
		...urlAndHost(detection.objectUrl),
		...fileHashes(detection.file),
		...[...listAt(email.attachments), ...listAt(email.bodyParts)].flatMap(fileHashes),
		...listAt(email.containedUrls).flatMap(urlAndHost),
		ipAddress(email.senderIpAddress),
		ipAddress(objectAt(email.mtaSmtpDetails)?.senderIpAddress),
		ipAddress(objectAt(detection.networkTraffic)?.remoteIpAddress),
	];
	return candidates.filter((indicator): indicator is Indicator => !!indicator);
}

/** The indicators of the detections, each once, in the order they first appear. */
export function indicatorsOf(detections: IDataObject[]): Indicator[] {
	const seen = new Set<string>();
	const indicators: Indicator[] = [];
	for (const indicator of detections.flatMap(indicatorsOfDetection)) {
		const key = `${indicator.type}\n${indicator.value}`;
		if (seen.has(key)) continue;
		seen.add(key);
		indicators.push(indicator);
	}
	return indicators;
}
