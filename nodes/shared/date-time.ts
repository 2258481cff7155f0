/**
 * Parses an ISO 8601 date or date-time as n8n's date-time fields and expressions give it; a
 * date-time without a zone is taken as UTC. Returns undefined for anything else.
 */
export function parseDateTime(value: unknown): Date | undefined {
	const text = String(value ?? '').trim();
	if (!text) return undefined;
	const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
	const date = new Date(hasZone || !text.includes('T') ? text : `${text}Z`);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2026-11-21T09:30:00Z`: ISO 8601 in UTC, without milliseconds when there are none. */
export function toUtcString(date: Date): string {
	return date.toISOString().replace(/\.000Z$/, 'Z');
}
