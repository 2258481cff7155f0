import type { IDataObject } from 'n8n-workflow';

import { compareInstants, instant } from '../EsetIncident/filter';

export type TriggerEvent =
	| 'incidentCreated'
	| 'incidentUpdated'
	| 'incidentCreatedOrUpdated'
	| 'incidentStatusChanged';

/** What the trigger remembers between polls (the node's static data). */
export interface TriggerState {
	version: 1;
	/** the event the cursor belongs to: another event starts afresh */
	event: TriggerEvent;
	/** the newest ESET timestamp seen (create_time or update_time): never the local clock */
	cursor: string;
	/** what was reported (or, at the baseline, already there), with its ESET timestamp */
	seen: Record<string, string>;
	/** the last status seen of each incident, for Status Changed */
	statuses: Record<string, string>;
	/** the last poll stopped before its window's end: the next reads on in that window from `from` */
	readOn?: { from: string; windowStart: string };
	/** a first activation's newest timestamp: what is not newer existed before, is not reported */
	baselineUntil?: string;
}

/** At most this many keys and statuses are kept; the oldest go first. */
export const MAX_SEEN = 20_000;
export const MAX_STATUSES = 20_000;

/** The incident timestamp a window and the cursor use: ESET's filter name and the property. */
export function timeFieldOf(event: TriggerEvent): {
	eset: 'create_time' | 'update_time';
	property: 'createTime' | 'updateTime';
} {
	return event === 'incidentCreated'
		? { eset: 'create_time', property: 'createTime' }
		: { eset: 'update_time', property: 'updateTime' };
}

export interface EventItem {
	event: 'incidentCreated' | 'incidentUpdated' | 'incidentStatusChanged';
	/** the same event always has the same id, across polls and restarts: dedupe downstream with it */
	eventId: string;
	incident: IDataObject;
	previousStatus?: string | null;
}

function later(a: string, b: string): string {
	const [x, y] = [instant(a), instant(b)];
	if (!x) return b;
	if (!y) return a;
	return compareInstants(x, y) >= 0 ? a : b;
}

function notBefore(value: unknown, bound: string): boolean {
	const [x, y] = [instant(value), instant(bound)];
	return !!x && !!y && compareInstants(x, y) >= 0;
}

/** Keeps what a later window can still hold, newest first within the cap. */
function pruned(
	entries: Record<string, string>,
	keepFrom: string,
	max: number,
): Record<string, string> {
	const kept = Object.entries(entries)
		.map(([key, at]) => ({ key, at, instant: instant(at) }))
		.filter((entry) => notBefore(entry.at, keepFrom));
	kept.sort((a, b) => compareInstants(b.instant ?? [0, ''], a.instant ?? [0, '']));
	return Object.fromEntries(kept.slice(0, max).map(({ key, at }) => [key, at]));
}

const UNSPECIFIED_STATUS = 'INCIDENT_STATUS_UNSPECIFIED';

export interface DetectOptions {
	event: TriggerEvent;
	/** the window of this poll starts here (the cursor less the overlap) */
	windowStart: string;
	/** the poll stopped before its window's end: the timestamp of the last incident it read */
	readOnFrom?: string;
	/** Status Changed: only changes to these statuses (empty: any) */
	toStatuses: string[];
	/** whether an incident passes the conditions the node applies itself (those ESET could not) */
	passes: (incident: IDataObject) => boolean;
	/** keep keys down to this timestamp (the next window's start, less a margin) */
	keepFrom: (cursor: string) => string;
}

/** What is known of one incident in a poll, for its event. */
interface Observed {
	incident: IDataObject;
	uuid: string;
	updateTime: string;
	status: string;
	/** the status the trigger saw last, if it saw the incident before */
	previousStatus?: string;
	/** created within this poll's window, and not reported as created before */
	isNew: boolean;
}

/** The event an incident makes for the trigger's event type, if any. */
function eventFor(observed: Observed, options: DetectOptions): EventItem | undefined {
	const { incident, uuid, updateTime, status, previousStatus, isNew } = observed;
	const createdEvent = {
		event: 'incidentCreated' as const,
		eventId: `incidentCreated:${uuid}`,
		incident,
	};
	if (options.event === 'incidentCreated') return createdEvent;
	if (options.event === 'incidentCreatedOrUpdated' && isNew) return createdEvent;
	if (isNew) return undefined;
	if (options.event !== 'incidentStatusChanged') {
		return { event: 'incidentUpdated', eventId: `incidentUpdated:${uuid}@${updateTime}`, incident };
	}
	const changed = previousStatus === undefined || previousStatus !== status;
	const wanted = options.toStatuses.length === 0 || options.toStatuses.includes(status);
	if (!changed || !wanted) return undefined;
	const eventId = `incidentStatusChanged:${uuid}@${updateTime}`;
	return {
		event: 'incidentStatusChanged',
		eventId,
		incident,
		previousStatus: previousStatus ?? null,
	};
}

/**
 * The events in one poll's incidents (oldest first), each once, and the state after them. Pure:
 * the caller stores the state only together with what it emits.
 */
export function detectEvents(
	state: TriggerState,
	incidents: IDataObject[],
	options: DetectOptions,
): { events: EventItem[]; next: TriggerState } {
	const field = timeFieldOf(options.event);
	const seen = { ...state.seen };
	// the status seen last of each incident, the incident seen last at the end
	const statuses = new Map(Object.entries(state.statuses));
	let { cursor } = state;
	const events: EventItem[] = [];
	for (const incident of incidents) {
		const uuid = String(incident.uuid ?? '');
		const at = incident[field.property];
		if (!uuid || typeof at !== 'string' || !instant(at)) continue;
		cursor = later(cursor, at);
		const updateTime = String(incident.updateTime ?? '');
		const createTime = String(incident.createTime ?? '');
		const status =
			typeof incident.status === 'string' && incident.status ? incident.status : UNSPECIFIED_STATUS;
		const previousStatus = statuses.get(uuid);
		statuses.delete(uuid);
		statuses.set(uuid, status);
		const createdKey = `created:${uuid}`;
		const updatedKey = `updated:${uuid}@${updateTime}`;
		const isNew = !(createdKey in seen) && notBefore(createTime, options.windowStart);
		if (updatedKey in seen || (options.event === 'incidentCreated' && createdKey in seen)) continue;
		seen[updatedKey] = updateTime || createTime;
		if (isNew || options.event === 'incidentCreated') seen[createdKey] = createTime;
		const existed = !!state.baselineUntil && notBefore(state.baselineUntil, at);
		if (existed || !options.passes(incident)) continue;
		const event = eventFor({ incident, uuid, updateTime, status, previousStatus, isNew }, options);
		if (event) events.push(event);
	}
	const next: TriggerState = {
		version: 1,
		event: options.event,
		cursor,
		seen: pruned(seen, options.keepFrom(cursor), MAX_SEEN),
		statuses: Object.fromEntries([...statuses].slice(-MAX_STATUSES)),
		...(options.readOnFrom === undefined
			? {}
			: {
					readOn: { from: options.readOnFrom, windowStart: options.windowStart },
					baselineUntil: state.baselineUntil,
				}),
	};
	if (next.baselineUntil === undefined) delete next.baselineUntil;
	return { events, next };
}

/** The stored state, if it is one this version wrote for this event. */
export function storedState(value: unknown, event: TriggerEvent): TriggerState | undefined {
	const state = value as TriggerState | undefined;
	if (
		!state ||
		state.version !== 1 ||
		state.event !== event ||
		typeof state.cursor !== 'string' ||
		!instant(state.cursor)
	)
		return undefined;
	if (
		!state.seen ||
		typeof state.seen !== 'object' ||
		!state.statuses ||
		typeof state.statuses !== 'object'
	)
		return undefined;
	const { readOn } = state;
	if (readOn && !(instant(readOn.from) && instant(readOn.windowStart))) return undefined;
	return state;
}
