import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	IPollFunctions,
} from 'n8n-workflow';

import type { Condition } from '../EsetIncident/filter';
import {
	builderConditions,
	compareInstants,
	instant,
	passesLocally,
	passesOnDetails,
	splitFilter,
	timeCondition,
} from '../EsetIncident/filter';
import type { EsetConnection, EsetContext, TransportSettings } from '../EsetIncident/transport';
import {
	ESET_LISTS,
	esetConnection,
	esetPages,
	esetRequest,
	listIn,
	MAX_PAGE_SIZE,
	resourceIn,
	transportSettings,
} from '../EsetIncident/transport';
import { toUtcString } from '../shared/date-time';
import { checkedNumber } from '../shared/options';
import { checkParameters } from '../shared/parameter-check';
import type { EventItem, TriggerEvent, TriggerState } from './events';
import { detectEvents, storedState, timeFieldOf } from './events';

/** A poll reads at most this many pages; a bigger backlog is worked off over the next polls. */
export const MAX_PAGES_PER_POLL = 50;

/** Keys are kept this much longer than the next window can reach back. */
const KEEP_MARGIN_MS = 60_000;

/** However far behind ESET the local clock is, a window reaches at least this far past the cursor. */
const MIN_WINDOW_AHEAD_MS = 60_000;

const STATE_KEY = 'incidents';

const shifted = (timestamp: string, ms: number) =>
	toUtcString(new Date(Date.parse(timestamp) + ms));

interface PollSetup {
	context: EsetContext;
	connection: EsetConnection;
	settings: TransportSettings;
	event: TriggerEvent;
	/** the user's filter-builder conditions */
	conditions: Condition[];
	overlapMs: number;
}

/**
 * Every incident of a query, oldest first (at most MAX_PAGES_PER_POLL pages), within `window`; the
 * user's conditions ESET could not apply are `passes`, applied after the state has seen them.
 */
async function listIncidents(
	setup: PollSetup,
	window: Condition[],
	orderBy: string,
	maxPages = MAX_PAGES_PER_POLL,
) {
	const { server, local, details } = splitFilter([...window, ...setup.conditions]);
	const listed: IDataObject[] = [];
	let pages = 0;
	let complete = true;
	for await (const answer of esetPages(
		setup.context,
		setup.connection,
		{
			method: 'GET',
			url: '/v2/incidents',
			qs: { pageSize: MAX_PAGE_SIZE, orderBy, ...(server ? { filter: server } : {}) },
		},
		setup.settings,
	)) {
		listed.push(...listIn(setup.context, answer, ESET_LISTS.incidents));
		if (++pages >= maxPages) {
			complete = false;
			break;
		}
	}
	const inWindow = listed.filter(passesLocally(window));
	const passes = passesLocally(local.filter((condition) => !window.includes(condition)));
	return { incidents: await passingOnDetails(setup, inWindow, details), passes, complete };
}

/** One incident's details (`GET /v2/incidents/{uuid}`): what lists leave out (its device UUIDs). */
async function readIncident(setup: PollSetup, uuid: string): Promise<IDataObject> {
	const request = { method: 'GET' as const, url: `/v2/incidents/${encodeURIComponent(uuid)}` };
	const answer = await esetRequest(setup.context, setup.connection, request, setup.settings);
	return resourceIn(setup.context, answer, 'incident');
}

/**
 * The incidents, less those whose details fail the conditions lists cannot answer (device UUIDs):
 * their details are read only then, one request each.
 */
async function passingOnDetails(
	setup: PollSetup,
	incidents: IDataObject[],
	details: Condition[],
): Promise<IDataObject[]> {
	if (!details.length) return incidents;
	const passes = passesOnDetails(details);
	const kept: IDataObject[] = [];
	for (const incident of incidents) {
		const whole = await readIncident(setup, String(incident.uuid ?? ''));
		if (passes(whole)) kept.push(incident);
	}
	return kept;
}

/**
 * The window on the event's timestamp, from `from` up to just before `to`. ESET gets the start as
 * its help writes a time filter (`>=`, whole seconds, the node applying the exact bound); the node
 * applies the end itself, so that the next window begins exactly where this one ended.
 */
function windowConditions(event: TriggerEvent, from: string, to: string): Condition[] {
	const { eset, property } = timeFieldOf(event);
	const end = instant(to)!;
	const beforeEnd = (incident: IDataObject) => {
		const at = instant(incident[property]);
		return !!at && compareInstants(at, end) < 0;
	};
	return [
		timeCondition('updatedAfter', eset, '>=', new Date(Date.parse(from))),
		{ field: 'updatedBefore', exact: false, matches: beforeEnd },
	];
}

function itemsOf(events: EventItem[]): INodeExecutionData[] {
	return events.map((event) => ({ json: { ...event } as unknown as IDataObject }));
}

/** "Fetch Test Event": the newest matching incident, as the event would carry it; no state is touched. */
async function testEvent(setup: PollSetup): Promise<INodeExecutionData[][] | null> {
	const { eset } = timeFieldOf(setup.event);
	const { incidents, passes } = await listIncidents(setup, [], `${eset} desc`, 1);
	const incident = incidents.find(passes);
	if (!incident) return null;
	const event = setup.event === 'incidentCreatedOrUpdated' ? 'incidentUpdated' : setup.event;
	const eventId =
		event === 'incidentCreated'
			? `incidentCreated:${String(incident.uuid)}`
			: `${event}:${String(incident.uuid)}@${String(incident.updateTime)}`;
	const item: EventItem = {
		event,
		eventId,
		incident,
		...(event === 'incidentStatusChanged' ? { previousStatus: null } : {}),
	};
	return [itemsOf([item])];
}

/** The newest timestamp ESET holds (the cursor of a first activation), or the local time when there is none. */
async function newestTimestamp(setup: PollSetup): Promise<string> {
	const { eset, property } = timeFieldOf(setup.event);
	const answer = await esetRequest(
		setup.context,
		setup.connection,
		{ method: 'GET', url: '/v2/incidents', qs: { pageSize: 1, orderBy: `${eset} desc` } },
		setup.settings,
	);
	const [newest] = listIn(setup.context, answer, ESET_LISTS.incidents);
	const at = newest?.[property];
	return typeof at === 'string' && instant(at) ? at : toUtcString(new Date());
}

/** Whether this trigger already has a cursor (it was activated before). */
export function hasCursor(context: IPollFunctions): boolean {
	const event = context.getNodeParameter('event', '') as TriggerEvent;
	return !!storedState(context.getWorkflowStaticData('node')[STATE_KEY], event);
}

/** The trigger's parameters, checked, and its connection to ESET. */
async function pollSetup(
	context: IPollFunctions,
	properties: INodeProperties[],
): Promise<PollSetup & { lookbackMs: number }> {
	const node = context.getNode();
	checkParameters(context, properties);
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const number = (value: unknown, displayName: string, max: number) =>
		checkedNumber(node, value, { displayName, min: 0, max });
	const overlapMinutes = number(options.overlapMinutes ?? 5, 'Options → Overlap (Minutes)', 60);
	const lookbackHours = number(
		options.initialLookbackHours ?? 0,
		'Options → Initial Lookback (Hours)',
		720,
	);
	const esetContext = context as unknown as EsetContext;
	const filters = context.getNodeParameter('filters', {}) as IDataObject;
	return {
		context: esetContext,
		connection: await esetConnection(esetContext),
		settings: { ...transportSettings(node, options), waitForSlowResponses: true },
		event: context.getNodeParameter('event') as TriggerEvent,
		conditions: builderConditions(node, filters, context.getTimezone()),
		overlapMs: overlapMinutes * 60_000,
		lookbackMs: lookbackHours * 3_600_000,
	};
}

/** The state of a first activation: its cursor is the newest incident, or the lookback's start. */
async function firstState(setup: PollSetup, lookbackMs: number): Promise<TriggerState> {
	const cursor =
		lookbackMs > 0 ? toUtcString(new Date(Date.now() - lookbackMs)) : await newestTimestamp(setup);
	return { version: 1, event: setup.event, cursor, seen: {}, statuses: {} };
}

/** The window of a poll: from the cursor less the overlap (a lookback's start itself) to now. */
function pollWindow(state: TriggerState, fromCursor: boolean, overlapMs: number) {
	const windowStart = fromCursor ? shifted(state.cursor, -overlapMs) : state.cursor;
	const ends = [toUtcString(new Date()), shifted(state.cursor, MIN_WINDOW_AHEAD_MS)];
	const windowEnd = ends.sort((a, b) => compareInstants(instant(b)!, instant(a)!))[0];
	return { windowStart, windowEnd };
}

/**
 * One poll: the incidents whose create or update time lies in [cursor − overlap, now), oldest
 * first, all pages; the events among them (repeats from the overlap dropped); the state after them.
 * Nothing is stored unless the whole poll succeeded; an error leaves the cursor where it was.
 */
export async function pollIncidentEvents(
	this: IPollFunctions,
	properties: INodeProperties[],
): Promise<INodeExecutionData[][] | null> {
	const setup = await pollSetup(this, properties);
	if (this.getMode() === 'manual') return await testEvent(setup);
	const store = this.getWorkflowStaticData('node');
	const stored = storedState(store[STATE_KEY], setup.event);
	const lookback = !stored && setup.lookbackMs > 0;
	const state = stored ?? (await firstState(setup, setup.lookbackMs));
	const { windowStart, windowEnd } = pollWindow(state, !lookback, setup.overlapMs);
	const window = windowConditions(setup.event, windowStart, windowEnd);
	const { incidents, passes } = await listIncidents(setup, window, timeFieldOf(setup.event).eset);
	const { events, next } = detectEvents(state, incidents, {
		event: setup.event,
		windowStart,
		toStatuses: (this.getNodeParameter('toStatuses', []) as string[]) ?? [],
		passes,
		baseline: !stored && !lookback,
		keepFrom: (cursor) => shifted(cursor, -setup.overlapMs - KEEP_MARGIN_MS),
	});
	// Reassigned, not changed in place: n8n notices only assignments to the stored object's keys.
	store[STATE_KEY] = next as unknown as IDataObject;
	return events.length ? [itemsOf(events)] : null;
}
