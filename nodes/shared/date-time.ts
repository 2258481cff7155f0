/**
 * Strict ISO 8601 or a date-time object; no zone means the workflow's time zone. Anything else
 * ("1", "03/04/2026", "2025-02-30") is a `DateTimeError`, never a guess.
 */
export class DateTimeError extends Error {}

const ISO_8601 =
	/^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function newFormatter(timeZone: string): Intl.DateTimeFormat | undefined {
	try {
		return new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			era: 'short',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
	} catch {
		return undefined;
	}
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = newFormatter(timeZone);
		if (!formatter)
			throw new DateTimeError(
				`the workflow's time zone "${timeZone}" is not a valid IANA time zone`,
			);
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** `Date.UTC` reads the years 0–99 as 1900–1999; this keeps every year as it is. */
function utcTimestamp(
	year: number,
	monthIndex: number,
	day: number,
	hour = 0,
	minute = 0,
	second = 0,
	ms = 0,
): number {
	const date = new Date(0);
	date.setUTCFullYear(year, monthIndex, day);
	date.setUTCHours(hour, minute, second, ms);
	return date.getTime();
}

/** How far the zone's wall clock is ahead of UTC at the instant `utcMs`. */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
	const parts = Object.fromEntries(
		formatterFor(timeZone)
			.formatToParts(new Date(utcMs))
			.map((p) => [p.type, p.value]),
	);
	// Intl counts years before 1 as 1 BC, 2 BC, …: 1 BC is year 0.
	const year = parts.era === 'BC' ? 1 - +parts.year : +parts.year;
	const wall = utcTimestamp(
		year,
		+parts.month - 1,
		+parts.day,
		+parts.hour,
		+parts.minute,
		+parts.second,
	);
	return wall - Math.floor(utcMs / 1000) * 1000;
}

/** The instant at which the zone's wall clock shows `wallMs` (read as if it were UTC). */
function wallTimeInZone(wallMs: number, timeZone: string): number {
	const first = wallMs - zoneOffsetMs(wallMs, timeZone);
	const second = wallMs - zoneOffsetMs(first, timeZone);
	return first === second ? first : Math.min(first, second);
}

function daysInMonth(year: number, month: number): number {
	return new Date(utcTimestamp(year, month, 0)).getUTCDate();
}

function fromText(text: string, timeZone: string): Date {
	const match = ISO_8601.exec(text);
	if (!match) {
		throw new DateTimeError(
			`"${text.length > 40 ? `${text.slice(0, 40)}…` : text}" is not an ISO 8601 date and time (for example 2026-11-20T08:15:00Z, or 2026-11-20)`,
		);
	}
	const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
	const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
		throw new DateTimeError(`"${text}" is not a date that exists`);
	}
	if (hour > 23 || minute > 59 || second > 59)
		throw new DateTimeError(`"${text}" is not a time that exists`);
	const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
	const wall = utcTimestamp(year, month - 1, day, hour, minute, second, ms);
	if (!zone) return new Date(wallTimeInZone(wall, timeZone));
	if (zone.toUpperCase() === 'Z') return new Date(wall);
	const [, sign, offsetHours, offsetMinutes = '00'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
	if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)
		throw new DateTimeError(`"${text}" has an invalid zone offset`);
	const offset =
		(Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
	return new Date(wall - offset);
}

interface DateTimeLike {
	toMillis(): number;
	isValid?: boolean;
}

function isDateTimeLike(value: unknown): value is DateTimeLike {
	return (
		!!value && typeof value === 'object' && typeof (value as DateTimeLike).toMillis === 'function'
	);
}

/**
 * Parses `value` strictly; `undefined` for an empty value (the field was left blank). `timeZone`
 * is the workflow's (`this.getTimezone()`).
 */
export function parseDateTime(value: unknown, timeZone: string): Date | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return undefined;
	let date: Date;
	if (value instanceof Date) date = value;
	else if (isDateTimeLike(value)) {
		if (value.isValid === false) throw new DateTimeError('the date-time object is invalid');
		date = new Date(value.toMillis());
	} else if (typeof value === 'string') date = fromText(value.trim(), timeZone);
	else
		throw new DateTimeError(
			`${typeof value === 'number' ? 'a number' : 'an object'} is not an ISO 8601 date and time`,
		);
	if (Number.isNaN(date.getTime())) throw new DateTimeError('the date is invalid');
	const year = date.getUTCFullYear();
	if (year < 0 || year > 9999) {
		throw new DateTimeError(
			`${toUtcString(date)} (in UTC) is outside the years 0000–9999 that an ISO 8601 date and time can hold`,
		);
	}
	return date;
}

/** `2026-11-21T09:30:00Z`: ISO 8601 in UTC, without milliseconds when there are none. */
export function toUtcString(date: Date): string {
	return date.toISOString().replace(/\.000Z$/, 'Z');
}

/** `parseDateTime` without throwing: the date, or what is wrong with the value. */
export function dateTimeOrProblem(
	value: unknown,
	timeZone: string,
): { date?: Date; problem?: string } {
	try {
		return { date: parseDateTime(value, timeZone) };
	} catch (error) {
		return { problem: (error as Error).message };
	}
}
