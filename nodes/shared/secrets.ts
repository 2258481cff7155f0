/** Shorter strings are not redacted: replacing them would shred ordinary words of a message. */
const MIN_SECRET_LENGTH = 4;

export const REDACTED = '[redacted]';

/** Every form in which a secret can come back inside a vendor's text. */
function spellings(secret: string): string[] {
	const forms = new Set([
		secret,
		encodeURIComponent(secret),
		new URLSearchParams({ s: secret }).toString().slice(2),
		JSON.stringify(secret).slice(1, -1),
		JSON.stringify(JSON.stringify(secret)).slice(1, -1).replace(/^\\"|\\"$/g, ''),
		Buffer.from(secret).toString('base64'),
	]);
	return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/**
 * Replaces every secret the node holds (password, tokens) in text that came from a vendor or a
 * network error — raw, URL-encoded, form-encoded, JSON-escaped, base64 — before it goes into an
 * error message, a description or a log line.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
	const forms = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH)
		.flatMap(spellings)
		.sort((a, b) => b.length - a.length);
	let result = text;
	for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
	return result;
}
