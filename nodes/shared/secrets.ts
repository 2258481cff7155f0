/** Shorter strings are not redacted: replacing them would shred ordinary words of a message. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/** Every form in which a secret can come back inside a vendor's text. */
function spellings(secret: string): string[] {
	const base64 = Buffer.from(secret).toString('base64');
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
		JSON.stringify(JSON.stringify(secret))
			.slice(1, -1)
			.replace(/^\\"|\\"$/g, ''),
		base64,
		base64.replace(/=+$/, ''),
		Buffer.from(secret).toString('base64url'),
	]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

const escapedForRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every secret the node holds in vendor or network text, in any encoding and letter case
 * docs/transport.md#redaction lists, before it reaches an output, error or log.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
	const lowerText = text.toLowerCase();
	const found = secrets
		.filter(
			(secret): secret is string =>
				typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH,
		)
		.flatMap(spellings)
		.filter((form) => lowerText.includes(form.toLowerCase()))
		.sort((a, b) => b.length - a.length);
	if (!found.length) return text;
	return text.replace(new RegExp(found.map(escapedForRegExp).join('|'), 'gi'), REDACTED);
}
