/** Shorter strings are not redacted: replacing them would shred ordinary words of a message. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/** Every form in which a secret can come back inside a vendor's text. */
function spellingsOf(secret: string): string[] {
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

/** At most this many secrets' spellings are kept; the list starts again when it is full. */
const MAX_KNOWN_SECRETS = 4096;

const knownSpellings = new Map<string, Array<{ form: string; lowerCase: string }>>();

/** A secret's spellings, each with its lower case: worked out once per secret, not per text. */
function spellings(secret: string): Array<{ form: string; lowerCase: string }> {
	let known = knownSpellings.get(secret);
	if (!known) {
		if (knownSpellings.size >= MAX_KNOWN_SECRETS) knownSpellings.clear();
		known = spellingsOf(secret).map((form) => ({ form, lowerCase: form.toLowerCase() }));
		knownSpellings.set(secret, known);
	}
	return known;
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
		.filter(({ lowerCase }) => lowerText.includes(lowerCase))
		.map(({ form }) => form)
		.sort((a, b) => b.length - a.length);
	if (!found.length) return text;
	return text.replace(new RegExp(found.map(escapedForRegExp).join('|'), 'gi'), REDACTED);
}
