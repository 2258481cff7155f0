// @ts-check
'use strict';
/**
 * The ESET Incident Trigger under n8n 2.x's durable poll scheduler (docs/trigger.md), in a running
 * n8n: five activated workflows (Created high, Updated high, Created or Updated high, Status
 * Changed to Closed, Created of any severity) while incidents are created, updated and closed
 * between polls, a backlog of incidents that takes several polls to read arrives at a slow ESET,
 * and n8n restarts in the middle of it. Every event must start exactly one execution for the
 * workflows it is due to, none other, and no poll may outlast n8n's poll timeout.
 */
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');

const { PACKAGE_NAME } = require('./workflows');
const { seconds } = require('./util');

/** The scheduler for poll triggers with durable cursors, and a poll timeout a backlog cannot fit. */
const SCHEDULER_ENV = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
	// n8n gives a poll 5 s of it (its margin is at least 5 s)
	N8N_SCHEDULER_POLL_TIMEOUT: '10',
	// due runs are claimed every second (as in n8n's own tests), so that polls keep their second
	N8N_SCHEDULER_MATERIALIZATION_INTERVAL: '1',
	N8N_SCHEDULER_EXECUTOR_INTERVAL: '1',
};

/** Three poll times, each once a minute (n8n refuses shorter ones): a poll every 20 s. */
const POLL_TIMES = {
	item: ['0', '20', '40'].map((second) => ({
		mode: 'custom',
		cronExpression: `${second} * * * * *`,
	})),
};
const CYCLE_MS = 20_000;

/** While the backlog is read ESET answers each call after 1.5 s: two pages fit in a poll. */
const SLOW_ESET_MS = 1_500;
/** Seven pages: 10.5 s of reading, more than the poll timeout. */
const BACKLOG = 7_000;

const HIGH = { severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'] };

/** The workflows besides the example (`created-high`): their trigger's parameters. */
const WORKFLOWS = {
	'updated-high': { event: 'incidentUpdated', filters: HIGH },
	'created-or-updated-high': { event: 'incidentCreatedOrUpdated', filters: HIGH },
	'closed-high': {
		event: 'incidentStatusChanged',
		toStatuses: ['INCIDENT_STATUS_CLOSED'],
		filters: HIGH,
	},
	'created-any': { event: 'incidentCreated' },
};

/**
 * A workflow "trigger → one notification per execution with the event ids it carried".
 * @param {string} name @param {Record<string, any>} parameters @param {any} credentials @param {string} doubleUrl
 */
function notifyingWorkflow(name, parameters, credentials, doubleUrl) {
	return {
		name: `E2E scheduled trigger: ${name}`,
		nodes: [
			{
				id: randomUUID(),
				name: 'Trigger',
				type: `${PACKAGE_NAME}.esetIncidentTrigger`,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: POLL_TIMES, options: {}, ...parameters },
				credentials,
			},
			{
				id: randomUUID(),
				name: 'Notify',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [240, 0],
				executeOnce: true,
				parameters: {
					method: 'POST',
					url: `${doubleUrl}/notify`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: `={{ JSON.stringify({ workflow: '${name}', eventIds: $input.all().map((item) => item.json.eventId) }) }}`,
					options: {},
				},
			},
		],
		connections: { Trigger: { main: [[{ node: 'Notify', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** What the double received, fetched once each and kept without the answers' bodies. */
class Received {
	/** @param {(method: string, route: string, body?: any) => Promise<any>} double */
	constructor(double) {
		this.double = double;
		/** @type {any[]} */
		this.all = [];
	}

	async update() {
		const next = /** @type {any[]} */ (
			await this.double('GET', `requests?since=${this.all.length}`)
		);
		this.all.push(...next.map(({ responseBody: _body, ...request }) => request));
		return this.all;
	}

	/** Each delivery: the workflow and the event id. */
	deliveries() {
		return this.all
			.filter((r) => r.method === 'POST' && r.path === '/notify')
			.flatMap((r) =>
				r.body?.eventIds
					? r.body.eventIds.map((/** @type {string} */ id) => [r.body.workflow, id])
					: [['created-high', r.body?.eventId]],
			);
	}

	/** The first-page list requests of the trigger without a filter (created-any): its polls. */
	pollsOfCreatedAny() {
		return this.all.filter(
			(r) =>
				r.method === 'GET' &&
				r.path === '/eset/v2/incidents' &&
				!r.query.pageToken &&
				/^incident\.create_time >= timestamp\("[^"]+"\)$/.test(r.query.filter ?? ''),
		).length;
	}
}

/**
 * @param {import('./scenarios').ServerContext} context
 * @param {any} example  the example workflow "new high-severity incident → comment and notify"
 * @returns {Promise<string[]>}
 */
async function scheduledTrigger(context, example) {
	const { server, double, say } = context;
	/** @type {string[]} */
	const problems = [];
	const started = Date.now();
	const at = () => seconds(Date.now() - started);
	const received = new Received(double);
	/** @type {Map<string, Set<string>>} */
	const due = new Map(['created-high', ...Object.keys(WORKFLOWS)].map((n) => [n, new Set()]));
	const expect = (/** @type {string} */ workflow, /** @type {string} */ eventId) =>
		/** @type {Set<string>} */ (due.get(workflow)).add(eventId);
	const missing = () =>
		[...due].flatMap(([workflow, ids]) => {
			const delivered = new Set(
				received
					.deliveries()
					.filter(([w]) => w === workflow)
					.map(([, id]) => id),
			);
			return [...ids].filter((id) => !delivered.has(id)).map((id) => `${workflow} ${id}`);
		});
	/** Waits (bounded) until every due event arrived; says what is still missing otherwise. */
	const waitForDue = async (/** @type {string} */ what, /** @type {number} */ timeoutMs) => {
		const until = Date.now() + timeoutMs;
		for (;;) {
			await received.update();
			const left = missing();
			if (!left.length) return say(`    ${what}: delivered at ${at()}`);
			if (Date.now() > until) {
				problems.push(
					`${what}: ${left.length} events not delivered, e.g. ${left.slice(0, 3).join(', ')}`,
				);
				return;
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	};

	const data = await double('GET', 'credentials');
	const credential = await server.createCredential(
		'ESET Connect (API double, scheduled trigger)',
		'esetConnectApi',
		data.esetConnectApi,
	);
	const credentials = { esetConnectApi: { id: credential.id, name: credential.name } };
	const doubleUrl = String(data.esetConnectApi.incidentManagementUrl).replace(/\/eset$/, '');
	for (const node of example.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`)) node.credentials = credentials;
		if (node.type.endsWith('.esetIncidentTrigger')) node.parameters.pollTimes = POLL_TIMES;
		if (node.type === 'n8n-nodes-base.httpRequest') node.parameters.url = `${doubleUrl}/notify`;
	}
	const workflows = [
		{ ...example, name: 'E2E scheduled trigger: created-high (example)' },
		...Object.entries(WORKFLOWS).map(([name, parameters]) =>
			notifyingWorkflow(name, parameters, credentials, doubleUrl),
		),
	];

	let serial = 0;
	const incident = (/** @type {string} */ severity, /** @type {number} */ agoMs) => {
		const time = new Date(Date.now() - agoMs).toISOString();
		serial++;
		return {
			uuid: `30000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
			displayName: `E2E scheduled trigger incident ${serial}`,
			severity: `INCIDENT_SEVERITY_LEVEL_${severity}`,
			status: 'INCIDENT_STATUS_OPEN',
			tags: [],
			createTime: time,
			updateTime: time,
		};
	};
	const upsert = async (/** @type {any[]} */ incidents) =>
		await double('POST', 'incidents', { upsert: incidents });
	const changed = (/** @type {any} */ existing, /** @type {Record<string, any>} */ changes) =>
		Object.assign(existing, changes, { updateTime: new Date().toISOString() });

	const existing = incident('HIGH', 3_600_000);
	await upsert([existing]);
	/** @type {any[]} */
	const saved = [];
	try {
		for (const workflow of workflows) saved.push(await server.createWorkflow(workflow));
		for (const workflow of saved) await server.activateWorkflow(workflow);
		// each activation's poll (newest incident, then its window) is the baseline
		const lists = () => received.all.filter((r) => r.path === '/eset/v2/incidents').length;
		for (const until = Date.now() + 30_000; lists() < 2 * saved.length && Date.now() < until; )
			await new Promise((resolve) => setTimeout(resolve, 500)).then(() => received.update());
		say(`    ${saved.length} workflows published, their baselines made at ${at()}`);

		// before the first scheduled poll: a new incident, and the first update of an existing one
		const first = incident('HIGH', 0);
		changed(existing, { description: 'first update after activation' });
		await upsert([first, existing]);
		for (const w of ['created-high', 'created-or-updated-high', 'created-any'])
			expect(w, `incidentCreated:${first.uuid}`);
		for (const w of ['updated-high', 'created-or-updated-high'])
			expect(w, `incidentUpdated:${existing.uuid}@${existing.updateTime}`);
		await waitForDue('the first incident and update after activation', 3 * CYCLE_MS + 15_000);

		// a backlog at a slow ESET: more than a poll can read, for the trigger without a filter
		await double('POST', 'eset', { latencyMs: SLOW_ESET_MS });
		const backlog = Array.from({ length: BACKLOG }, (_, i) => incident('LOW', BACKLOG + 1000 - i));
		await upsert(backlog);
		for (const item of backlog) expect('created-any', `incidentCreated:${item.uuid}`);
		const backlogFrom = received.pollsOfCreatedAny();
		const backlogIds = new Set(backlog.map((item) => `incidentCreated:${item.uuid}`));
		const backlogDelivered = () =>
			received.deliveries().filter(([w, id]) => w === 'created-any' && backlogIds.has(id)).length;
		const until = Date.now() + 3 * CYCLE_MS;
		while (backlogDelivered() < 2000 && Date.now() < until) {
			await received.update();
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		say(
			`    ${backlogDelivered()} of the backlog of ${BACKLOG} delivered at ${at()}; restarting n8n`,
		);
		if (backlogDelivered() >= BACKLOG)
			problems.push('the whole backlog arrived in one poll: it was not large enough');

		// n8n restarts in the middle of the backlog; meanwhile an incident is created, one closed
		const second = incident('HIGH', 0);
		const ms = await context.restart(async () => {
			changed(first, { status: 'INCIDENT_STATUS_CLOSED' });
			await upsert([second, first]);
		});
		say(`    n8n restarted in ${seconds(ms)}`);
		for (const w of ['created-high', 'created-or-updated-high', 'created-any'])
			expect(w, `incidentCreated:${second.uuid}`);
		for (const w of ['updated-high', 'created-or-updated-high'])
			expect(w, `incidentUpdated:${first.uuid}@${first.updateTime}`);
		expect('closed-high', `incidentStatusChanged:${first.uuid}@${first.updateTime}`);
		await waitForDue('the backlog and the events around the restart', 8 * CYCLE_MS);
		const backlogPolls = received.pollsOfCreatedAny() - backlogFrom;

		// ESET is fast again: more polls bring nothing again
		await double('POST', 'eset', { latencyMs: 0 });
		await new Promise((resolve) => setTimeout(resolve, 2 * CYCLE_MS + 5_000));
		await received.update();
		problems.push(...exactlyOnce(received.deliveries(), due));
		const log = fs.readFileSync(server.log, 'utf8');
		const timedOut = (log.match(/exceeded its timeout/g) ?? []).length;
		if (timedOut)
			problems.push(`${timedOut} polls outlasted n8n's poll timeout (see ${server.log})`);
		say(
			`    ${received.deliveries().length} events delivered (${backlogDelivered()} of the backlog, in ${backlogPolls} polls); ${received.pollsOfCreatedAny()} polls of the unfiltered trigger in ${at()}`,
		);
	} finally {
		for (const workflow of saved) await server.deactivateWorkflow(workflow).catch(() => undefined);
	}
	return problems;
}

/**
 * Problems unless each due event was delivered exactly once to each workflow it is due to, and
 * nothing else.
 * @param {string[][]} deliveries @param {Map<string, Set<string>>} due
 */
function exactlyOnce(deliveries, due) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const [workflow, id] of deliveries) {
		const key = `${workflow} ${id}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const problems = [];
	for (const [workflow, ids] of due) {
		for (const id of ids) {
			const count = counts.get(`${workflow} ${id}`) ?? 0;
			if (count !== 1) problems.push(`${workflow}: ${id} delivered ${count} times`);
		}
	}
	for (const [key, count] of counts) {
		const [workflow, id] = key.split(' ');
		if (!due.get(workflow)?.has(id))
			problems.push(`${workflow}: ${id} delivered ${count} times, not due`);
	}
	return problems.length > 10
		? [...problems.slice(0, 10), `… ${problems.length - 10} more`]
		: problems;
}

module.exports = { scheduledTrigger, SCHEDULER_ENV };
