import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const TRIGGER = 'esetIncidentTrigger';
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
let serial = 0;

/** An incident as ESET holds it, created (and last updated) `createdAgoMs` ago. */
function addIncident(createdAgoMs: number, overrides: Record<string, unknown> = {}) {
	const at = iso(-createdAgoMs);
	const incident = {
		uuid: `10000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
		displayName: `Incident ${serial}`,
		description: '',
		severity: 'INCIDENT_SEVERITY_LEVEL_HIGH',
		status: 'INCIDENT_STATUS_OPEN',
		tags: [],
		assigneeUuid: '',
		createTime: at,
		updateTime: at,
		resolveReason: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
		...overrides,
	};
	t.api.eset.incidents.push(incident as never);
	return incident;
}

/** A change to an incident `agoMs` ago (its update time moves). */
function update(
	incident: Record<string, unknown>,
	agoMs: number,
	changes: Record<string, unknown> = {},
) {
	Object.assign(incident, changes, { updateTime: iso(-agoMs) });
}

const lists = () =>
	t.api
		.requestsTo('incidents')
		.filter((r) => r.method === 'GET' && r.path === '/eset/v2/incidents');
const summary = (items: Array<Record<string, any>> | null) =>
	(items ?? []).map((item) => [item.event, item.incident.uuid]);

function activate(
	parameters: Record<string, unknown> = {},
	staticData?: Record<string, unknown>,
	pollBudgetMs?: number | (() => number),
) {
	return t.engine.activateTrigger({
		node: TRIGGER,
		parameters: { event: 'incidentCreated', ...parameters },
		staticData,
		pollBudgetMs,
	});
}

beforeEach(() => {
	t.api.eset.incidents = [];
});

describe('ESET Incident Trigger: exactly once, never skipping', () => {
	test('first activation is a baseline: what is there is not reported; each incident created later once', async () => {
		addIncident(3_600_000);
		addIncident(60_000);
		const trigger = activate();
		expect(await trigger.poll()).toBeNull();

		const created = addIncident(1_000);
		const items = await trigger.poll();
		expect(summary(items)).toEqual([['incidentCreated', created.uuid]]);
		expect(items![0]).toEqual({
			event: 'incidentCreated',
			eventId: `incidentCreated:${created.uuid}`,
			incident: expect.objectContaining({ uuid: created.uuid }),
		});

		// the next polls see it again in the overlap: never reported twice
		expect(await trigger.poll()).toBeNull();
		update(created, 500, { description: 'changed' });
		expect(await trigger.poll()).toBeNull();
	});

	test("asks ESET for the window from cursor − overlap (whole seconds, as ESET's help writes it), oldest first; the node ends it", async () => {
		const newest = addIncident(120_000);
		const trigger = activate({ options: { overlapMinutes: 5 } });
		await trigger.poll();
		const [, baselineWindow] = lists();
		const from = new Date(Math.floor((Date.parse(newest.createTime) - 300_000) / 1000) * 1000)
			.toISOString()
			.replace('.000Z', 'Z');
		expect(baselineWindow.query.orderBy).toBe('create_time');
		expect(baselineWindow.query.filter).toBe(`incident.create_time >= timestamp("${from}")`);
	});

	test("an incident after the window's end (a clock ahead of n8n's) waits for a later window: never skipped", async () => {
		const trigger = activate();
		await trigger.poll();
		const ahead = addIncident(-120_000);
		expect(await trigger.poll()).toBeNull();
		const now = addIncident(1_000);
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', now.uuid]]);
		ahead.createTime = ahead.updateTime = iso(-1_000);
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', ahead.uuid]]);
	});

	test('Created or Updated: a creation once (as created, also when changed in the same window), then each update once', async () => {
		const trigger = activate({ event: 'incidentCreatedOrUpdated' });
		await trigger.poll();
		const incident = addIncident(3_000);
		update(incident, 1_000, { severity: 'INCIDENT_SEVERITY_LEVEL_MEDIUM' });
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', incident.uuid]]);

		update(incident, 500, { assigneeUuid: 'analyst-1' });
		const items = await trigger.poll();
		expect(summary(items)).toEqual([['incidentUpdated', incident.uuid]]);
		expect(items![0].eventId).toBe(`incidentUpdated:${incident.uuid}@${incident.updateTime}`);
		expect(await trigger.poll()).toBeNull();
	});

	test('Updated: changes of existing incidents only, new incidents are not updates', async () => {
		const old = addIncident(86_400_000);
		const trigger = activate({ event: 'incidentUpdated' });
		await trigger.poll();
		addIncident(1_000);
		update(old, 1_000, { status: 'INCIDENT_STATUS_IN_PROGRESS' });
		expect(summary(await trigger.poll())).toEqual([['incidentUpdated', old.uuid]]);
	});

	test('an error in the middle of paging emits nothing and keeps the cursor: the next poll has every event once', async () => {
		const trigger = activate({ options: { maxRetries: 0 } });
		await trigger.poll();
		const created = Array.from({ length: 1500 }, (_, i) => addIncident(10_000 - i));
		t.api.script(
			(r) => r.path === '/eset/v2/incidents' && r.query.pageToken === '1000',
			{ status: 503 },
			1,
		);
		const before = JSON.stringify(trigger.staticData);
		await expect(trigger.poll()).rejects.toThrow('ESET Connect answered 503');
		expect(JSON.stringify(trigger.staticData)).toBe(before);

		const items = await trigger.poll();
		expect(items!.map((item) => item.incident.uuid)).toEqual(
			created.map((incident) => incident.uuid),
		);
		expect(await trigger.poll()).toBeNull();
	});

	test('a restart (static data reloaded from the database) brings no duplicate and no gap', async () => {
		const trigger = activate();
		await trigger.poll();
		const first = addIncident(2_000);
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', first.uuid]]);

		const restarted = activate({}, JSON.parse(JSON.stringify(trigger.staticData)));
		expect(await restarted.poll()).toBeNull();
		const second = addIncident(1_000);
		expect(summary(await restarted.poll())).toEqual([['incidentCreated', second.uuid]]);
	});

	test('a slow answer (202) inside a poll is collected', async () => {
		const trigger = activate();
		await trigger.poll();
		const created = addIncident(1_000);
		t.api.eset.slowResponses = 1;
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', created.uuid]]);
		expect(lists().some((r) => r.headers['response-id'])).toBe(true);
	});

	test('many pages: every new incident once, in the order ESET created them', async () => {
		const trigger = activate();
		await trigger.poll();
		const created = Array.from({ length: 2300 }, (_, i) => addIncident(20_000 - i));
		const items = await trigger.poll();
		expect(items).toHaveLength(2300);
		expect(items!.map((item) => item.incident.uuid)).toEqual(
			created.map((incident) => incident.uuid),
		);
		expect(
			lists()
				.slice(-3)
				.map((r) => r.query.pageToken),
		).toEqual([undefined, '1000', '2000']);
	});

	test('Initial Lookback reports the incidents of the last hours on first activation', async () => {
		const recent = addIncident(1_800_000);
		addIncident(10_800_000);
		const trigger = activate({ options: { initialLookbackHours: 1 } });
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', recent.uuid]]);
	});

	test('Fetch Test Event (manual mode) returns the newest matching incident and touches no state', async () => {
		addIncident(60_000, { severity: 'INCIDENT_SEVERITY_LEVEL_LOW' });
		const newestHigh = addIncident(120_000);
		addIncident(180_000);
		const trigger = t.engine.activateTrigger({
			node: TRIGGER,
			parameters: {
				event: 'incidentCreated',
				filters: { severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'] },
			},
			mode: 'manual',
		});
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', newestHigh.uuid]]);
		expect(trigger.staticData).toEqual({});
	});

	test('Fetch Test Event of a status change to Closed: the newest closed incident, asked of ESET by status', async () => {
		const closed = addIncident(120_000, { status: 'INCIDENT_STATUS_CLOSED' });
		addIncident(60_000); // newer, but open
		const trigger = t.engine.activateTrigger({
			node: TRIGGER,
			parameters: { event: 'incidentStatusChanged', toStatuses: ['INCIDENT_STATUS_CLOSED'] },
			mode: 'manual',
		});
		const items = (await trigger.poll())!;
		expect(items.map((item) => [item.event, item.incident.uuid, item.previousStatus])).toEqual([
			['incidentStatusChanged', closed.uuid, null],
		]);
		expect(lists().at(-1)!.query.filter).toContain('incident.status == INCIDENT_STATUS_CLOSED');
		expect(trigger.staticData).toEqual({});
	});
});

describe('ESET Incident Trigger: filters and status changes', () => {
	test("the filter builder's conditions narrow what fires (sent to ESET with the window, or applied by the node)", async () => {
		const device = 'dddddddd-0000-4000-8000-000000000001';
		const trigger = activate({
			filters: { severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'], tag: 'edr', deviceUuid: device },
		});
		await trigger.poll();
		const wanted = addIncident(2_000, { tags: ['edr'], deviceUuids: [device] });
		addIncident(2_000, {
			tags: ['edr'],
			severity: 'INCIDENT_SEVERITY_LEVEL_LOW',
			deviceUuids: [device],
		});
		addIncident(2_000, { tags: [], deviceUuids: [device] });
		addIncident(2_000, { tags: ['edr'], deviceUuids: ['another'] });
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', wanted.uuid]]);
		expect(lists().at(-1)!.query.filter).toMatch(
			/^incident\.create_time >= timestamp\("[^"]+"\) && incident\.severity == INCIDENT_SEVERITY_LEVEL_HIGH$/,
		);
	});

	test('filters longer than ESET accepts are split as in Get Many: the same events', async () => {
		const long = 'Ransomware detected on a production file server';
		const trigger = activate({
			filters: {
				displayNameContains: long,
				status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS'],
				severity: ['INCIDENT_SEVERITY_LEVEL_MEDIUM', 'INCIDENT_SEVERITY_LEVEL_HIGH'],
			},
		});
		await trigger.poll();
		const wanted = addIncident(2_000, { displayName: `${long} FS01` });
		addIncident(2_000, { displayName: `${long} FS02`, severity: 'INCIDENT_SEVERITY_LEVEL_LOW' });
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', wanted.uuid]]);
		expect(lists().at(-1)!.query.filter.length).toBeLessThanOrEqual(200);
	});

	test('Status Changed: to the chosen statuses only, with the previous status when the trigger has seen it', async () => {
		const seen = addIncident(60_000);
		const trigger = activate({
			event: 'incidentStatusChanged',
			toStatuses: ['INCIDENT_STATUS_CLOSED'],
		});
		await trigger.poll();
		update(seen, 2_000, { status: 'INCIDENT_STATUS_IN_PROGRESS' });
		expect(await trigger.poll()).toBeNull();
		update(seen, 1_000, { status: 'INCIDENT_STATUS_CLOSED' });
		const items = await trigger.poll();
		expect(items).toEqual([
			{
				event: 'incidentStatusChanged',
				eventId: `incidentStatusChanged:${seen.uuid}@${seen.updateTime}`,
				incident: expect.objectContaining({ status: 'INCIDENT_STATUS_CLOSED' }),
				previousStatus: 'INCIDENT_STATUS_IN_PROGRESS',
			},
		]);
		// a change that is no status change
		update(seen, 500, { description: 'notes' });
		expect(await trigger.poll()).toBeNull();
	});

	test('Status Changed of an incident the trigger has never seen: reported with previousStatus null', async () => {
		const old = addIncident(86_400_000, { status: 'INCIDENT_STATUS_CLOSED' });
		t.api.eset.incidents = [];
		const trigger = activate({ event: 'incidentStatusChanged' });
		await trigger.poll();
		t.api.eset.incidents.push(old as never);
		update(old, 1_000, { status: 'INCIDENT_STATUS_OPEN' });
		expect((await trigger.poll())![0]).toEqual(
			expect.objectContaining({ event: 'incidentStatusChanged', previousStatus: null }),
		);
	});
});

describe('ESET Incident Trigger: activation and errors', () => {
	test('a failing first poll of a trigger that has a cursor is repeated at the next poll, not fatal', async () => {
		const trigger = activate();
		await trigger.poll();
		const created = addIncident(1_000);
		const restarted = activate({}, JSON.parse(JSON.stringify(trigger.staticData)));
		t.api.script((r) => r.path === '/eset/v2/incidents', { status: 500 }, 1);
		expect(await restarted.poll()).toBeNull();
		expect(summary(await restarted.poll())).toEqual([['incidentCreated', created.uuid]]);
	});

	test('later failures are errors (n8n records a failed execution), and the state stays where it was', async () => {
		const trigger = activate();
		await trigger.poll();
		addIncident(1_000);
		t.api.script((r) => r.path === '/eset/v2/incidents', { status: 500 }, 1);
		await expect(trigger.poll()).rejects.toThrow('ESET Connect answered 500');
		expect(await trigger.poll()).toHaveLength(1);
	});

	test('a first activation that cannot reach ESET fails loudly (no cursor yet)', async () => {
		t.engine.setCredentials({
			esetConnectApi: { ...t.api.credentials().esetConnectApi, password: 'wrong-password-1' },
		});
		await expect(activate().poll()).rejects.toThrow('ESET did not issue an access token');
	});

	test('an answer holding none of what ESET documents for the incident list is an error saying what arrived, never “no events”', async () => {
		const maintenance = { status: 200, body: { status: 'ok', message: 'maintenance' } };
		const message =
			'ESET Connect answered 200, but the answer holds no incidents list and no nextPageToken, only "status", "message": not the documented answer';
		const trigger = activate();
		await trigger.poll();
		addIncident(1_000);
		const before = JSON.stringify(trigger.staticData);
		t.api.script((r) => r.path === '/eset/v2/incidents', maintenance, 1);
		await expect(trigger.poll()).rejects.toThrow(message);
		expect(JSON.stringify(trigger.staticData)).toBe(before);
		expect(await trigger.poll()).toHaveLength(1);

		t.api.script((r) => r.path === '/eset/v2/incidents', maintenance, Infinity);
		await expect(
			t.engine
				.activateTrigger({
					node: TRIGGER,
					parameters: { event: 'incidentCreated' },
					mode: 'manual',
				})
				.poll(),
		).rejects.toThrow(message);
		// the first activation's cursor is not taken from the local clock instead
		await expect(activate().poll()).rejects.toThrow(message);
	});

	test('an empty answer (`{}`, ESET leaves empty lists out) is no incident: no event, no error', async () => {
		const trigger = activate();
		await trigger.poll();
		t.api.script((r) => r.path === '/eset/v2/incidents', { status: 200, body: {} }, Infinity);
		addIncident(1_000);
		expect(await trigger.poll()).toBeNull();
		expect(
			await t.engine
				.activateTrigger({
					node: TRIGGER,
					parameters: { event: 'incidentCreated' },
					mode: 'manual',
				})
				.poll(),
		).toBeNull();
	});

	test('options are checked: an overlap of 90 minutes is an error naming it', async () => {
		await expect(activate({ options: { overlapMinutes: 90 } }).poll()).rejects.toThrow(
			'Options → Overlap (Minutes) must be',
		);
	});
});

/** Incidents created one after the other, the last `count` ms before the newest at 1 s ago. */
function backlog(count: number) {
	return Array.from({ length: count }, (_, i) => addIncident(1_000 + count - i));
}

const uuids = (items: Array<Record<string, any>> | null) =>
	(items ?? []).map((item) => item.incident.uuid as string);

/** Polls until `count` events arrived (at most `maxPolls` polls); each poll's time and events. */
async function pollUntil(
	poll: () => Promise<{ items: Array<Record<string, any>> | null; ms: number }>,
	count: number,
	maxPolls = 8,
) {
	const delivered: string[] = [];
	const polls: Array<{ events: number; ms: number }> = [];
	while (delivered.length < count && polls.length < maxPolls) {
		const { items, ms } = await poll();
		// a page is asked for only when there is time for its answer: none is left half-way
		expect(t.api.eset.inFlight).toBe(0);
		delivered.push(...uuids(items));
		polls.push({ events: items?.length ?? 0, ms });
	}
	return { delivered, polls };
}

/** A trigger under n8n's durable scheduler whose polls have `budgetMs` (n8n: the poll timeout less its margin). */
function scheduled(budgetMs: number, parameters: Record<string, unknown> = {}) {
	return t.engine.scheduledTrigger({
		node: TRIGGER,
		parameters: { event: 'incidentCreated', ...parameters },
		pollTimeoutMs: 2 * budgetMs,
	});
}

describe("ESET Incident Trigger: a poll's budget (n8n's getPollBudgetMs)", () => {
	test('slow pages: a poll stops within its budget, emits what it read, and the next polls read on from there, each event once', async () => {
		const trigger = scheduled(3_000);
		expect(await trigger.poll()).toBeNull();
		const created = backlog(4500);
		t.api.eset.latencyMs = 800;
		const { delivered, polls } = await pollUntil(() => trigger.timedPoll(), created.length);
		expect(delivered).toEqual(created.map((incident) => incident.uuid));
		expect(polls[0].events).toBeGreaterThan(0);
		expect(polls[0].events).toBeLessThan(created.length);
		for (const { ms } of polls) expect(ms).toBeLessThan(3_000);
		// the overlap of 4500 incidents takes more than one budget too: nothing again, in time
		for (let i = 0; i < 2; i++) {
			const { items, ms } = await trigger.timedPoll();
			expect(items).toBeNull();
			expect(ms).toBeLessThan(3_000);
		}
	});

	test('a next page is asked for only when there is time for one as slow as the slowest so far', async () => {
		const trigger = scheduled(3_000);
		await trigger.poll();
		const created = backlog(2500);
		// pages of 1.4 s: after the first, 1.1 s of the 2.5 s are left, too little for another
		t.api.eset.latencyMs = 1_400;
		const { delivered, polls } = await pollUntil(() => trigger.timedPoll(), created.length);
		expect(delivered).toEqual(created.map((incident) => incident.uuid));
		expect(polls[0].events).toBe(1000);
	});

	test('a 202 that would last past the budget: the poll returns in time with the pages before it; the next poll reads on', async () => {
		const trigger = scheduled(4_000);
		await trigger.poll();
		const created = backlog(2500);
		// the third page answers 202, and ESET keeps working on it for longer than a poll has
		t.api.script(
			(r) => r.query.pageToken === '2000' && !r.headers['response-id'],
			() => {
				Object.assign(t.api.eset, { slowResponses: 1, pollsUntilReady: 1000 });
				return undefined;
			},
		);
		const first = await trigger.timedPoll();
		expect(first.ms).toBeLessThan(4_000);
		expect(uuids(first.items)).toEqual(created.slice(0, 2000).map((incident) => incident.uuid));
		expect(lists().some((r) => r.query.pageToken === '2000' && r.headers['response-id'])).toBe(
			true,
		);
		expect(uuids(await trigger.poll())).toEqual(created.slice(2000).map((i) => i.uuid));
		expect(await trigger.poll()).toBeNull();
	});

	test('a 429 pause past the budget: the poll returns at once with what it read; one within the pause fails saying until when; the rest comes after it', async () => {
		const trigger = scheduled(4_000);
		await trigger.poll();
		const created = backlog(2500);
		const pageThree = (r: { path: string; query: Record<string, string> }) =>
			r.path === '/eset/v2/incidents' && r.query.pageToken === '2000';
		t.api.script(pageThree, { status: 429, headers: { 'retry-after': '5' } });
		const first = await trigger.timedPoll();
		const pausedAt = Date.now();
		expect(first.ms).toBeLessThan(4_000);
		expect(uuids(first.items)).toEqual(created.slice(0, 2000).map((incident) => incident.uuid));

		const during = trigger.timedPoll();
		await expect(during).rejects.toThrow(
			/^The poll's time \(4 s\) ran out: ESET Connect rate-limited this API user \(429\) until /,
		);
		await new Promise((resolve) => setTimeout(resolve, 5_000 - (Date.now() - pausedAt) + 100));
		expect(uuids(await trigger.poll())).toEqual(created.slice(2000).map((i) => i.uuid));
		expect(await trigger.poll()).toBeNull();
	});

	test('a first activation whose window takes more than one poll reports none of what was there, and each later incident once', async () => {
		const existing = backlog(3000);
		const trigger = activate({}, undefined, 3_000);
		t.api.eset.latencyMs = 800;
		expect(await trigger.poll()).toBeNull();
		const created = [addIncident(500), addIncident(400)];
		const delivered: string[] = [];
		for (let i = 0; i < 4; i++) delivered.push(...uuids(await trigger.poll()));
		expect(delivered).toEqual(created.map((incident) => incident.uuid));
		expect(delivered).not.toContain(existing[2999].uuid);
	});

	test('without getPollBudgetMs (n8n 1.x, or a function that throws): a budget of its own, 30 s', async () => {
		t.api.script((r) => r.path === '/eset/v2/incidents', {
			status: 429,
			headers: { 'retry-after': '40' },
		});
		const started = Date.now();
		await expect(activate().poll()).rejects.toThrow(
			/^The poll's time \(30 s\) ran out: ESET Connect rate-limited this API user \(429\)/,
		);
		expect(Date.now() - started).toBeLessThan(2_000);

		const throwing = () => {
			throw new TypeError('this.getPollBudgetMs is not a function');
		};
		await expect(activate({}, undefined, throwing).poll()).rejects.toThrow(
			"The poll's time (30 s) ran out",
		);
	});

	test("with getPollBudgetMs: n8n's budget, whether shorter or longer than its own", async () => {
		t.api.script((r) => r.path === '/eset/v2/incidents', {
			status: 429,
			headers: { 'retry-after': '2' },
		});
		await expect(activate({}, undefined, 2_000).poll()).rejects.toThrow(
			/^The poll's time \(2 s\) ran out: ESET Connect rate-limited this API user \(429\)/,
		);
		// n8n's nominal 5 minutes outside its scheduler: the pause (2 s) is waited out
		const trigger = activate({}, undefined, 300_000);
		expect(await trigger.poll()).toBeNull();
		expect(lists().at(-1)!.answered?.status).toBe(200);
	});
});

describe("ESET Incident Trigger: under n8n 2.x's durable scheduler", () => {
	test.each([true, false])(
		"the activation's baseline survives (durable cursors %s): the first incident after activation is delivered, once",
		async (durableCursors) => {
			const before = addIncident(3_600_000);
			const trigger = t.engine.scheduledTrigger({
				node: TRIGGER,
				parameters: { event: 'incidentCreated' },
				durableCursors,
			});
			expect(await trigger.poll()).toBeNull();
			const created = addIncident(1_000);
			expect(summary(await trigger.poll())).toEqual([['incidentCreated', created.uuid]]);
			expect(await trigger.poll()).toBeNull();
			const later = addIncident(500);
			expect(summary(await trigger.poll())).toEqual([['incidentCreated', later.uuid]]);
			expect(JSON.stringify(trigger.saved)).not.toContain(`incidentCreated:${before.uuid}`);
		},
	);

	test('Updated: the first update of an existing incident after activation is delivered', async () => {
		const existing = addIncident(86_400_000);
		const trigger = t.engine.scheduledTrigger({
			node: TRIGGER,
			parameters: { event: 'incidentUpdated' },
		});
		expect(await trigger.poll()).toBeNull();
		update(existing, 1_000, { status: 'INCIDENT_STATUS_IN_PROGRESS' });
		expect(summary(await trigger.poll())).toEqual([['incidentUpdated', existing.uuid]]);
		expect(await trigger.poll()).toBeNull();
	});

	test('a failing scheduled poll is an error (n8n records it and backs off), the cursor unmoved', async () => {
		const trigger = t.engine.scheduledTrigger({
			node: TRIGGER,
			parameters: { event: 'incidentCreated' },
		});
		await trigger.poll();
		expect(await trigger.poll()).toBeNull();
		const created = addIncident(1_000);
		t.api.script((r) => r.path === '/eset/v2/incidents', { status: 500 }, 1);
		await expect(trigger.poll()).rejects.toThrow('ESET Connect answered 500');
		expect(summary(await trigger.poll())).toEqual([['incidentCreated', created.uuid]]);
	});
});
