/** The OData-style filter of `POST /v2/detection-groups:search` (docs/filters.md). */

export interface DetectionGroupConditions {
	unresolvedOnly?: boolean;
	/** LOW, MEDIUM, HIGH */
	severity?: string[];
	deviceUuid?: string;
	rawFilter?: string;
}

/** A value the filter cannot take, and the field it came from. */
export interface SearchFilterProblem {
	field: string;
	problem: string;
}

export type SearchFilter = { filter: string } | SearchFilterProblem;

/** The severity-score bands ESET documents for `severityScore` (v2DetectionGroup). */
export const SEVERITY_SCORE_BANDS: Record<string, [number, number]> = {
	LOW: [1, 49],
	MEDIUM: [50, 59],
	HIGH: [60, 100],
};

/**
 * A string literal of the search filter, in double quotes; a value that would need an escape (ESET
 * documents none) or holds a control character is refused (docs/filters.md).
 */
export function searchFilterString(
	value: string,
	field: string,
): { literal: string } | SearchFilterProblem {
	for (const char of value) {
		const code = char.codePointAt(0)!;
		if (char === '"' || char === '\\') {
			return {
				field,
				problem: `contains ${char === '"' ? 'a double quote' : 'a backslash'}, which ESET's search filter has no documented way to escape`,
			};
		}
		if (code < 0x20 || code === 0x7f) return { field, problem: 'contains a control character' };
		if (code >= 0xd800 && code <= 0xdfff)
			return { field, problem: 'contains a broken Unicode character (a lone surrogate)' };
	}
	return { literal: `"${value}"` };
}

function severityCondition(levels: string[]): string {
	const bands = levels.map(
		(level) =>
			`(severityScore ge ${SEVERITY_SCORE_BANDS[level][0]} and severityScore le ${SEVERITY_SCORE_BANDS[level][1]})`,
	);
	return bands.length === 1 ? bands[0] : `(${bands.join(' or ')})`;
}

/**
 * What keeps a raw filter from leaving the parentheses it is put in: its own parentheses balance
 * (outside string literals) and its strings end.
 */
function unbalanced(raw: string): string | undefined {
	let depth = 0;
	let inString = false;
	for (const char of raw) {
		if (char === '"') inString = !inString;
		else if (inString) continue;
		else if (char === '(') depth++;
		else if (char === ')' && --depth < 0) return 'closes a parenthesis it did not open';
	}
	if (inString) return 'has a string that does not end';
	return depth > 0 ? 'leaves a parenthesis open' : undefined;
}

/**
 * The builder's conditions and the raw filter, joined with `and`. The raw filter is put in
 * parentheses, so that an `or` in it cannot widen the builder's conditions. Empty: no filter.
 */
export function detectionGroupFilter(conditions: DetectionGroupConditions): SearchFilter {
	const parts: string[] = [];
	const raw = conditions.rawFilter?.trim();
	if (raw) {
		const problem = unbalanced(raw);
		if (problem) return { field: 'Raw Filter', problem };
		parts.push(`(${raw})`);
	}
	if (conditions.unresolvedOnly) parts.push('resolved eq 0');
	const unknown = (conditions.severity ?? []).find((level) => !SEVERITY_SCORE_BANDS[level]);
	if (unknown !== undefined)
		return { field: 'Severity', problem: `has the unknown severity ${JSON.stringify(unknown)}` };
	if (conditions.severity?.length) parts.push(severityCondition([...new Set(conditions.severity)]));
	const device = conditions.deviceUuid?.trim();
	if (device) {
		const quoted = searchFilterString(device, 'Device UUID');
		if ('problem' in quoted) return quoted;
		parts.push(`device.uuid eq ${quoted.literal}`);
	}
	return { filter: parts.join(' and ') };
}
