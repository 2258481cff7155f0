import type {
	IDataObject,
	IHttpRequestOptions,
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
	EsetOutOfTime,
	listIn,
	MAX_PAGE_SIZE,
	resourceIn,
	transportSettings,
} from '../EsetIncident/transport';
import { toUtcString } from '../shared/date-time';
import { checkedNumber } from '../shared/options';
import { checkParameters } from '../shared/parameter-check';
import type { PollDeadline } from './budget';
import { pollError } from './budget';
import type { EventItem, TriggerEvent, TriggerState } from './events';
import { detectEvents, storedState, timeFieldOf } from './events';
import { nodeParameter } from '../shared/node-parameter';

/** A poll reads at most this many pages (and what its budget allows); the rest, the next polls. */
export const MAX_PAGES_PER_POLL = 50;

/** Keys are kept this much longer than the next window can reach back. */
const KEEP_MARGIN_MS = 60_000;

/** However far behind ESET the local clock is, a window reaches this far past the cursor. */
const MIN_WINDOW_AHEAD_MS = 60_000;

const STATE_KEY = 'incidents';

/** Where a first activation's baseline is also kept: workflow static data (docs/trigger.md). */
const baselineKey = (context: IPollFunctions) =>
	`esetIncidentTriggerBaseline:${context.getNode().id}`;

const shifted = (timestamp: string, ms: number) =>
	toUtcString(new Date(Date.parse(timestamp) + ms));

interface PollSetup {
	context: EsetContext;
	connection: EsetConnection;
	/** the user's transport options, every request over by the poll's deadline */
	settings: TransportSettings;
	deadline: PollDeadline;
	event: TriggerEvent;
	/** the user's filter-builder conditions */
	conditions: Condition[];
	/** Incident Status Changed: the statuses it reports changes to (none: every status) */
	toStatuses: string[];
	overlapMs: number;
}

/** The entries of a list's pages, while the budget and `maxPages` allow; whether they were all. */
async function readPages(setup: PollSetup, request: IHttpRequestOptions, maxPages: number) {
	const listed: IDataObject[] = [];
	let pages = 0;
	const { context, connection, settings, deadline } = setup;
	let askedAt = Date.now();
	try {
		for await (const answer of esetPages(context, connection, request, settings)) {
			listed.push(...listIn(context, answer, ESET_LISTS.incidents));
			deadline.took(Date.now() - askedAt);
			const token = answer.body.nextPageToken;
			const more = typeof token === 'string' && token !== '';
			if (more && (++pages >= maxPages || !deadline.allowsRequest()))
				return { listed, complete: false };
			askedAt = Date.now();
		}
	} catch (error) {
		// out of time after some pages: those are the poll's; with none, the poll failed
		if (error instanceof EsetOutOfTime && pages > 0) return { listed, complete: false };
		throw pollError(context.getNode(), error, deadline);
	}
	return { listed, complete: true };
}

/**
 * A query's incidents in `window`, oldest first, as far as the poll may read (`lastRead`: the last
 * one's time if cut short); `passes`: conditions applied after the state has seen them.
 */
async function listIncidents(
	setup: PollSetup,
	window: Condition[],
	orderBy: string,
	maxPages = MAX_PAGES_PER_POLL,
) {
	const { server, local, details } = splitFilter([...window, ...setup.conditions]);
	const qs = { pageSize: MAX_PAGE_SIZE, orderBy, ...(server ? { filter: server } : {}) };
	const read = await readPages(setup, { method: 'GET', url: '/v2/incidents', qs }, maxPages);
	const inWindow = read.listed.filter(passesLocally(window));
	const passes = passesLocally(local.filter((condition) => !window.includes(condition)));
	const checked = await passingOnDetails(setup, inWindow, details);
	const complete = read.complete && checked.examined === inWindow.length;
	const last = inWindow[checked.examined - 1]?.[timeFieldOf(setup.event).property];
	const lastRead = typeof last === 'string' && instant(last) ? last : undefined;
	return { incidents: checked.kept, passes, complete, lastRead };
}

/** One incident's details (`GET /v2/incidents/{uuid}`): what lists leave out (its device UUIDs). */
async function readIncident(setup: PollSetup, uuid: string): Promise<IDataObject> {
	const request = { method: 'GET' as const, url: `/v2/incidents/${encodeURIComponent(uuid)}` };
	const answer = await esetRequest(setup.context, setup.connection, request, setup.settings);
	return resourceIn(setup.context, answer, 'incident');
}

/**
 * The incidents, less those whose details fail the conditions lists cannot answer (device UUIDs):
 * their details are read only then, one request each, while the budget allows (`examined`).
 */
async function passingOnDetails(
	setup: PollSetup,
	incidents: IDataObject[],
	details: Condition[],
): Promise<{ kept: IDataObject[]; examined: number }> {
	if (!details.length) return { kept: incidents, examined: incidents.length };
	const passes = passesOnDetails(details);
	const kept: IDataObject[] = [];
	let examined = 0;
	for (const incident of incidents) {
		if (!setup.deadline.allowsRequest()) break;
		const askedAt = Date.now();
		try {
			if (passes(await readIncident(setup, String(incident.uuid ?? '')))) kept.push(incident);
			setup.deadline.took(Date.now() - askedAt);
		} catch (error) {
			if (error instanceof EsetOutOfTime) break;
			throw pollError(setup.context.getNode(), error, setup.deadline);
		}
		examined++;
	}
	return { kept, examined };
}

/**
 * The window [from, to) on the event's timestamp: ESET gets the start in whole seconds, the node
 * applies both exact bounds (docs/filters.md#the-triggers-window).
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

/**
 * "Fetch Test Event": the newest incident that matches the settings (for a status change: one in
 * To Statuses, its previous status unknown), as the event would carry it; no state is touched.
 */
async function testEvent(setup: PollSetup): Promise<INodeExecutionData[][] | null> {
	const { eset } = timeFieldOf(setup.event);
	const toStatuses =
		setup.event === 'incidentStatusChanged' && setup.toStatuses.length
			? builderConditions(setup.context.getNode(), { status: setup.toStatuses }, 'UTC')
			: [];
	const { incidents, passes } = await listIncidents(setup, toStatuses, `${eset} desc`, 1);
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

/** The newest timestamp ESET holds (a first activation's cursor), or the local time if none. */
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
	const event = nodeParameter(context, 'event', '') as TriggerEvent;
	return !!storedState(context.getWorkflowStaticData('node')[STATE_KEY], event);
}

/** The trigger's parameters, checked, and its connection to ESET. */
async function pollSetup(
	context: IPollFunctions,
	properties: INodeProperties[],
	deadline: PollDeadline,
): Promise<PollSetup & { lookbackMs: number }> {
	const node = context.getNode();
	checkParameters(context, properties);
	const options = nodeParameter(context, 'options', {}) as IDataObject;
	const number = (value: unknown, displayName: string, max: number) =>
		checkedNumber(node, value, { displayName, min: 0, max });
	const overlapMinutes = number(options.overlapMinutes ?? 5, 'Options → Overlap (Minutes)', 60);
	const lookbackHours = number(
		options.initialLookbackHours ?? 0,
		'Options → Initial Lookback (Hours)',
		720,
	);
	const esetContext = context as unknown as EsetContext;
	const filters = nodeParameter(context, 'filters', {}) as IDataObject;
	const settings = transportSettings(node, options);
	return {
		context: esetContext,
		connection: await esetConnection(esetContext),
		settings: { ...settings, waitForSlowResponses: true, endsBy: deadline.endsAt },
		deadline,
		event: nodeParameter(context, 'event') as TriggerEvent,
		conditions: builderConditions(node, filters, context.getTimezone()),
		toStatuses: (nodeParameter(context, 'toStatuses', []) as string[]) ?? [],
		overlapMs: overlapMinutes * 60_000,
		lookbackMs: lookbackHours * 3_600_000,
	};
}

/** The state of a first activation: a baseline at the newest incident, or the lookback's start. */
async function firstState(setup: PollSetup, lookbackMs: number): Promise<TriggerState> {
	const state = { version: 1 as const, event: setup.event, seen: {}, statuses: {} };
	if (lookbackMs > 0) return { ...state, cursor: toUtcString(new Date(Date.now() - lookbackMs)) };
	const newest = await newestTimestamp(setup);
	return { ...state, cursor: newest, baselineUntil: newest };
}

/** Where a poll starts: the stored state, else the activation's baseline, else a first state. */
async function startingState(context: IPollFunctions, setup: PollSetup & { lookbackMs: number }) {
	const stored = storedState(context.getWorkflowStaticData('node')[STATE_KEY], setup.event);
	if (stored) return { state: stored, origin: 'node' as const };
	const kept = storedState(
		context.getWorkflowStaticData('global')[baselineKey(context)],
		setup.event,
	);
	if (kept) return { state: kept, origin: 'activation' as const };
	return { state: await firstState(setup, setup.lookbackMs), origin: 'first' as const };
}

/**
 * Stores the state after a poll; a baseline also where the activation's poll keeps it (n8n's
 * scheduler may drop what that poll stores for the node: docs/trigger.md).
 */
function storeState(
	context: IPollFunctions,
	next: TriggerState,
	origin: string,
	lookback: boolean,
) {
	// Reassigned, not changed in place: n8n notices only assignments to the stored object's keys.
	context.getWorkflowStaticData('node')[STATE_KEY] = next as unknown as IDataObject;
	const global = context.getWorkflowStaticData('global');
	const key = baselineKey(context);
	if (origin === 'first' && !lookback) global[key] = next as unknown as IDataObject;
	// once n8n has stored the node's own state, the baseline kept at activation has served
	else if (origin === 'node' && key in global) delete global[key];
}

/**
 * The window of a poll: from the cursor less the overlap (a lookback's start itself) to now. After
 * a poll that stopped early, the same window's start, read on from where that poll stopped.
 */
function pollWindow(state: TriggerState, overlapMs: number, lookback: boolean) {
	const windowStart =
		state.readOn?.windowStart ?? (lookback ? state.cursor : shifted(state.cursor, -overlapMs));
	const ends = [toUtcString(new Date()), shifted(state.cursor, MIN_WINDOW_AHEAD_MS)];
	const windowEnd = ends.sort((a, b) => compareInstants(instant(b)!, instant(a)!))[0];
	return { windowStart, readFrom: state.readOn?.from ?? windowStart, windowEnd };
}

/**
 * One poll: the events of incidents in [cursor − overlap, now) within the poll's budget, and the
 * state after the last one read. An error stores nothing and leaves the cursor where it was.
 */
export async function pollIncidentEvents(
	this: IPollFunctions,
	properties: INodeProperties[],
	deadline: PollDeadline,
): Promise<INodeExecutionData[][] | null> {
	const setup = await pollSetup(this, properties, deadline);
	if (this.getMode() === 'manual') return await testEvent(setup);
	const { state, origin } = await startingState(this, setup);
	const lookback = origin === 'first' && setup.lookbackMs > 0;
	const { windowStart, readFrom, windowEnd } = pollWindow(state, setup.overlapMs, lookback);
	const window = windowConditions(setup.event, readFrom, windowEnd);
	const listed = await listIncidents(setup, window, timeFieldOf(setup.event).eset);
	const { events, next } = detectEvents(state, listed.incidents, {
		event: setup.event,
		windowStart,
		readOnFrom: listed.complete ? undefined : (listed.lastRead ?? readFrom),
		toStatuses: setup.toStatuses,
		passes: listed.passes,
		keepFrom: (cursor) => shifted(cursor, -setup.overlapMs - KEEP_MARGIN_MS),
	});
	storeState(this, next, origin, lookback);
	return events.length ? [itemsOf(events)] : null;
}
