// @ts-check
'use strict';
/**
 * What the end-to-end run executes in each n8n version, and what it expects: the requests the API
 * double received (method, path, body, the status it answered) and what n8n output — items for a
 * successful run, the error the user sees for a failing one.
 *
 * A scenario whose workflow uses an operation or a parameter the built package does not have is
 * reported as skipped (naming what is missing), not failed: the examples are written against the
 * nodes' planned operations and switch on as those land.
 */
const http = require('node:http');

const {
	readExample,
	forHeadlessRun,
	singleNodeWorkflow,
	packageNodeName,
	PACKAGE_NAME,
	PACKAGE_VERSION,
	READ_ONLY_CREDENTIALS,
	MANUAL_TRIGGER,
} = require('./workflows');
const { CREDENTIAL_BLANKING_VALUE } = require('./server');
const { scheduledTrigger, SCHEDULER_ENV } = require('./scheduled-trigger');

const ESET_INCIDENT_1 = '00000000-0000-4000-8000-000000000001';
/** open, high severity, tagged aegister:101, with two detections full of evidence (the API double) */
const ESET_INCIDENT_3 = '00000000-0000-4000-8000-000000000003';

/**
 * @typedef {object} Observed
 * @property {import('./n8n').ExecuteResult} result
 * @property {any[]} requests  requests the double received during the run (token calls included)
 */

/**
 * @typedef {object} Scenario
 * @property {string} id
 * @property {string} title
 * @property {string} workflowId           at most 21 characters
 * @property {string} [example]            file in examples/ the workflow comes from
 * @property {(nodes: Record<string, any>, context: { doubleUrl: string }) => any} workflow  builds the headless workflow
 * @property {Array<{ method?: string, path?: string, pathEndsWith?: string, status: number, body?: any, times?: number }>} [script]
 * @property {Record<string, any>} [eset]  ESET behaviour switches of the double for this run
 * @property {boolean} expectFailure
 * @property {(observed: Observed, workflow: any) => string[]} [check]  problems found (empty: pass)
 * @property {(context: ServerContext, workflow: any) => Promise<string[]>} [serve]
 *   instead of `n8n execute` + `check`: runs against a started `n8n start` through its REST API
 *   (the runner starts one server per n8n release and `serverEnv` for all such scenarios, and stops it)
 * @property {Record<string, string>} [serverEnv]  settings of that `n8n start` (default: none)
 * @property {number} [n8nMajor]           only in this major version of n8n (skipped in others)
 */

/**
 * @typedef {object} ServerContext
 * @property {import('./server').N8nServer} server   started, owner set up and logged in
 * @property {(method: string, route: string, body?: any) => Promise<any>} double  the double's control plane
 * @property {{ parse: (text: string) => any }} flatted  n8n's own flatted (execution data)
 * @property {(line: string) => void} say
 * @property {(whileStopped?: () => Promise<void>) => Promise<number>} restart
 *   stops n8n, runs `whileStopped`, starts it again with the same settings and logs in; the ms the start took
 */

// ------------------------------------------------------------------ assertion helpers

function stable(/** @type {any} */ value) {
	return JSON.stringify(value, (_key, v) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
			: v,
	);
}

/** The calls to the vendor APIs, without ESET's token requests. */
function apiCalls(/** @type {any[]} */ requests) {
	return requests.filter((r) => r.path !== '/eset/oauth/token');
}

function describeRequest(/** @type {any} */ r) {
	return `${r.method} ${r.path} → ${r.status ?? '?'} ${r.rawBody ? r.rawBody.slice(0, 300) : ''}`.trim();
}

/**
 * Compares the API calls with the expected ones (in any order: n8n sends the requests of several
 * items at once). `body` is compared exactly; a function `body` is a predicate.
 * @param {any[]} requests
 * @param {Array<{ method: string, path: string, status: number, body?: any, query?: (q: any) => boolean }>} expected
 */
function expectCalls(requests, expected) {
	const problems = [];
	const calls = apiCalls(requests);
	const unmatched = [...calls];
	for (const want of expected) {
		const index = unmatched.findIndex(
			(r) =>
				r.method === want.method &&
				r.path === want.path &&
				r.status === want.status &&
				(want.body === undefined ||
					(typeof want.body === 'function'
						? want.body(r.body)
						: stable(r.body) === stable(want.body))) &&
				(!want.query || want.query(r.query)),
		);
		if (index === -1) {
			const samePath = calls.filter((r) => r.method === want.method && r.path === want.path);
			problems.push(
				`expected ${want.method} ${want.path} → ${want.status}${typeof want.body === 'object' ? ` with body ${stable(want.body)}` : ''}; ` +
					(samePath.length
						? `got ${samePath.map(describeRequest).join(' | ')}`
						: 'no such request'),
			);
		} else {
			unmatched.splice(index, 1);
		}
	}
	if (unmatched.length)
		problems.push(`unexpected requests: ${unmatched.map(describeRequest).join(' | ')}`);
	return problems;
}

/** @param {Observed} observed @param {any[]} expected */
function expectItems(observed, expected) {
	const { result } = observed;
	if (!result.ok)
		return [
			`n8n execute failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${errorText(result) || 'see log'}`,
		];
	if (!result.items) return ['no output items found in `n8n execute --rawOutput`'];
	if (stable(result.items) !== stable(expected))
		return [`output ${stable(result.items)}, expected ${stable(expected)}`];
	return [];
}

/**
 * The output of ESET actions: one item per entry of `identifiers`, each saying the action worked,
 * naming what it acted on and carrying ESET's request-id.
 * @param {Observed} observed @param {string} action @param {Array<Record<string, string>>} identifiers
 */
function expectActedOn(observed, action, identifiers) {
	const expected = identifiers.map((ids) => ({ success: true, action, ...ids }));
	const items = (observed.result.items ?? []).map((/** @type {any} */ item) => {
		const { requestId, ...rest } = item;
		return typeof requestId === 'string' && requestId ? rest : item;
	});
	return expectItems({ result: { ...observed.result, items } }, expected);
}

function errorText(/** @type {import('./n8n').ExecuteResult} */ result) {
	const { error } = result;
	if (error) return [error.message, error.description].filter(Boolean).join(' / ');
	const line = result.text.split('\n').find((l) => /error/i.test(l));
	return line?.trim().slice(0, 300) ?? '';
}

/**
 * A failed run whose error (as n8n shows it to the user) says what the node says.
 * @param {Observed} observed
 * @param {{ message: string, description?: RegExp }} expected
 */
function expectUserError(observed, expected) {
	const { result } = observed;
	if (result.ok)
		return [`expected the run to fail, but n8n execute exited 0 with ${stable(result.items)}`];
	const problems = [];
	const message = result.error?.message ?? '';
	if (!message.includes(expected.message) && !result.text.includes(expected.message)) {
		problems.push(
			`error message ${JSON.stringify(message || errorText(result))} does not contain ${JSON.stringify(expected.message)}`,
		);
	}
	if (expected.description) {
		const description = result.error?.description ?? '';
		if (!expected.description.test(description))
			problems.push(
				`error description ${JSON.stringify(description)} does not match ${expected.description}`,
			);
	}
	return problems;
}

/** Every ESET API call carried a bearer token the double issued; every ESET request, the token request too, the integration headers. */
function expectEsetHeaders(/** @type {any[]} */ requests) {
	const problems = [];
	for (const r of apiCalls(requests).filter((c) => /^\/eset(-[a-z]+)?\//.test(c.path))) {
		if (!/^Bearer eset-access-/.test(String(r.headers.authorization ?? '')))
			problems.push(`${r.method} ${r.path} without an ESET bearer token`);
	}
	for (const r of requests.filter((c) => /^\/eset(-[a-z]+)?\//.test(c.path))) {
		if (
			r.headers['3rd-integration'] !== `${PACKAGE_NAME}/${PACKAGE_VERSION}` ||
			r.headers.version !== PACKAGE_VERSION
		) {
			problems.push(`${r.method} ${r.path} without the 3rd-integration and Version headers`);
		}
	}
	return problems;
}

function expectAegisterHeaders(/** @type {any[]} */ requests) {
	return apiCalls(requests)
		.filter(
			(r) =>
				r.path.startsWith('/aegister/') &&
				r.headers['x-aegister-token'] !== 'aegister-test-token-Q7x',
		)
		.map((r) => `${r.method} ${r.path} without the X-Aegister-Token header`);
}

/** A node's parameters by node name, resource locators as their values. @param {any} workflow @param {string} name */
function parametersOf(workflow, name) {
	const node = workflow.nodes.find((/** @type {any} */ n) => n.name === name);
	if (!node) throw new Error(`no node ${name} in ${workflow.name}`);
	return Object.fromEntries(
		Object.entries(node.parameters).map(([key, value]) => [key, locatorValue(value)]),
	);
}

/** The value of a resource locator parameter (`{ __rl, mode, value }`); other values as they are. */
function locatorValue(/** @type {any} */ value) {
	return value && typeof value === 'object' && value.__rl ? value.value : value;
}

// ------------------------------------------------------------------ read-only credentials

/**
 * Requests n8n's HTTP Request node sends with a read-only credential ("Predefined Credential
 * Type"): the writes must be refused before they are sent, the reads (a GET, ESET's POST
 * batchGet, Aegister's POST threat-intel lookup) must pass.
 */
const READ_ONLY_REQUESTS = [
	{
		name: 'ESET close',
		type: 'esetConnectApi',
		method: 'POST',
		path: `/eset/v2/incidents/${ESET_INCIDENT_1}:close`,
		body: {},
		writes: true,
	},
	{
		name: 'ESET delete comment',
		type: 'esetConnectApi',
		method: 'DELETE',
		path: `/eset/v2/incidents/${ESET_INCIDENT_1}/comments/c-1`,
		writes: true,
	},
	{
		name: 'ESET get incident',
		type: 'esetConnectApi',
		method: 'GET',
		path: `/eset/v2/incidents/${ESET_INCIDENT_1}`,
		writes: false,
	},
	{
		name: 'ESET batchGet detections',
		type: 'esetConnectApi',
		method: 'POST',
		path: '/eset/v2/detections:batchGet',
		body: { detectionUuids: ['00000000-0000-4000-9000-000001000001'] },
		writes: false,
	},
	{
		name: 'Aegister update',
		type: 'aegisterApi',
		method: 'PATCH',
		path: '/aegister/api/v1/V-Ciso/incidents/1/101',
		body: { title: 'x' },
		writes: true,
	},
	{
		name: 'Aegister threat intel',
		type: 'aegisterApi',
		method: 'POST',
		path: '/aegister/api/v1/V-Ciso/incidents/1/threat-intel',
		body: { indicators: [{ type: 'ip', value: '198.51.100.23' }] },
		writes: false,
	},
];

/**
 * A Manual Trigger and one HTTP Request node per request of READ_ONLY_REQUESTS, in a row, each
 * going on after an error (so that one run shows every node's outcome).
 * @param {string} doubleUrl
 */
function readOnlyHttpRequestWorkflow(doubleUrl) {
	const trigger = "When clicking 'Execute workflow'";
	const nodes = [
		{
			parameters: {},
			id: 'ro-trigger',
			name: trigger,
			type: MANUAL_TRIGGER,
			typeVersion: 1,
			position: [0, 0],
		},
	];
	/** @type {Record<string, any>} */
	const connections = {};
	let previous = trigger;
	READ_ONLY_REQUESTS.forEach((request, index) => {
		nodes.push({
			parameters: {
				method: request.method,
				url: `${doubleUrl}${request.path}`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: request.type,
				...(request.body
					? { sendBody: true, specifyBody: 'json', jsonBody: JSON.stringify(request.body) }
					: {}),
				options: {},
			},
			id: `ro-request-${index}`,
			name: request.name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [220 * (index + 1), 0],
			onError: 'continueRegularOutput',
			credentials: { [request.type]: /** @type {any} */ (READ_ONLY_CREDENTIALS)[request.type] },
		});
		connections[previous] = { main: [[{ node: request.name, type: 'main', index: 0 }]] };
		previous = request.name;
	});
	return forHeadlessRun(
		{
			name: 'E2E read-only credentials in the HTTP Request node',
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
		},
		'e2eReadOnlyHttp',
	);
}

/**
 * Each write refused with the credential's message and never sent; each read sent and answered.
 * @param {Observed} observed
 */
function checkReadOnlyHttpRequests(observed) {
	const runData =
		observed.result.runData?.data?.resultData?.runData ??
		observed.result.runData?.resultData?.runData;
	if (!runData) return [`no run data: ${errorText(observed.result)}`];
	/** @type {string[]} */
	const problems = [];
	for (const request of READ_ONLY_REQUESTS) {
		const run = runData[request.name]?.[0];
		const output = JSON.stringify([
			run?.error ?? null,
			run?.data?.main?.[0]?.map((/** @type {any} */ item) => item.json) ?? null,
		]);
		const sent = apiCalls(observed.requests).filter(
			(r) => r.method === request.method && r.path === request.path,
		);
		const vendor = request.type === 'esetConnectApi' ? 'ESET' : 'Aegister';
		const refusal = `read-only (\\"Allow Changes\\" is off): ${request.method} ${request.path} would change data in ${vendor}, so nothing was sent`;
		if (request.writes) {
			if (sent.length)
				problems.push(
					`${request.name}: the write reached the double (${sent.map(describeRequest).join(' | ')})`,
				);
			if (!output.includes(refusal))
				problems.push(`${request.name}: no refusal naming the request in ${output.slice(0, 400)}`);
		} else {
			if (sent.length !== 1 || sent[0].status !== 200)
				problems.push(
					`${request.name}: expected one answered read, got ${sent.map(describeRequest).join(' | ') || 'none'}`,
				);
			if (output.includes('read-only'))
				problems.push(`${request.name}: a read was refused: ${output.slice(0, 400)}`);
		}
	}
	const unexpected = apiCalls(observed.requests).filter(
		(r) => !READ_ONLY_REQUESTS.some((q) => q.method === r.method && q.path === r.path),
	);
	if (unexpected.length)
		problems.push(`unexpected requests: ${unexpected.map(describeRequest).join(' | ')}`);
	return problems;
}

// ------------------------------------------------------------------ containment

/** The devices of incident 3 in the double, by UUID: their display names. */
const INCIDENT_3_DEVICES = { 'device-3': 'host-3', 'device-6': 'fileserver-6' };

/**
 * examples/eset-contain-incident.json against the double: incident 3 (high severity, tagged
 * aegister:101, created 2026-11-04T10:00:00Z) has devices device-3 and device-6; both are
 * isolated, or (`failing`) device-6's run ends FAILED. Every request of the chain is asserted:
 * the incident, its devices, the task, its runs until each device ended, the comment, the early
 * warning; the workflow reports the device that was not isolated and still warns the authority.
 * @param {Observed} observed @param {boolean} failing
 */
function checkContainment(observed, failing) {
	const created = observed.requests.find(
		(r) => r.method === 'POST' && r.path === '/eset-automation/v1/device_tasks' && r.status === 200,
	);
	const taskUuid = created?.responseBody?.task?.uuid;
	if (!taskUuid) return ['the double created no device task', ...expectItems(observed, [])];
	const runsPath = `/eset-automation/v1/device_tasks/${taskUuid}/runs`;
	const polls = observed.requests.filter((r) => r.path === runsPath && r.status === 200);
	/** @type {any[]} */
	const lastRuns = polls.at(-1)?.responseBody?.taskRuns ?? [];
	const endOf = (/** @type {string} */ device) =>
		lastRuns.find((r) => r.deviceUuid === device)?.endTime;
	const devices = Object.keys(INCIDENT_3_DEVICES);
	const isolated = failing ? ['device-3'] : devices;
	const failure = 'Isolate From Network failed on device device-6';
	const text =
		`Contained by n8n: isolated from the network ${isolated.map((d) => `${/** @type {any} */ (INCIDENT_3_DEVICES)[d]} (${d}) at ${endOf(d)}`).join(', ')}.` +
		(failing ? ` NOT isolated: ${failure}. Isolate these devices by hand.` : '');
	/** @param {any} body */
	const earlyWarning = (body) => {
		const warning = body?.['24h_notification'];
		return (
			body?.status === 'submitted' &&
			Object.keys(body).sort().join() === '24h_notification,status' &&
			warning?.eset_incident?.uuid === ESET_INCIDENT_3 &&
			stable(warning?.affected_devices?.map((/** @type {any} */ d) => d.uuid)) ===
				stable(devices) &&
			stable(warning?.containment?.isolated) ===
				stable(isolated.map((device) => ({ device, at: endOf(device), task: taskUuid }))) &&
			stable(warning?.containment?.not_isolated) === stable(failing ? [failure] : []) &&
			stable(warning?.nis2_deadlines) ===
				stable({
					early_warning_due: '2026-11-05T10:00:00Z',
					incident_notification_due: '2026-11-07T10:00:00Z',
				})
		);
	};
	/** @param {any} body */
	const isolation = (body) =>
		body?.task?.action?.name === 'StartNetworkIsolation' &&
		stable(body.task.targets) === stable({ devicesUuids: devices }) &&
		/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(body.task.triggers?.[0]?.manual?.createTime) &&
		String(body.task.description).startsWith(
			'Isolate From Network: 2 device(s), requested by n8n at ',
		);
	const problems = [
		...expectCalls(observed.requests, [
			{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_3}`, status: 200 },
			{
				method: 'GET',
				path: '/eset-devices/v1/devices:batchGet',
				status: 200,
				query: () => true,
			},
			{ method: 'POST', path: '/eset-automation/v1/device_tasks', status: 200, body: isolation },
			// the double's runs: RUNNING on the first poll, ended on the second
			{ method: 'GET', path: runsPath, status: 200, query: (q) => q.listOnlyLastRuns === 'true' },
			{ method: 'GET', path: runsPath, status: 200, query: (q) => q.listOnlyLastRuns === 'true' },
			{
				method: 'POST',
				path: `/eset/v2/incidents/${ESET_INCIDENT_3}/comments`,
				status: 200,
				body: { comment: { incidentUuid: ESET_INCIDENT_3, text } },
			},
			{
				method: 'PATCH',
				path: '/aegister/api/v1/V-Ciso/incidents/1/101',
				status: 200,
				body: earlyWarning,
			},
		]),
		...expectEsetHeaders(observed.requests),
		...expectAegisterHeaders(observed.requests),
	];
	const batchGet = observed.requests.find((r) => r.path === '/eset-devices/v1/devices:batchGet');
	if (stable(batchGet?.queryAll?.devicesUuids) !== stable(devices))
		problems.push(`the devices were read as ${stable(batchGet?.queryAll)}, not each UUID a key`);
	const { result } = observed;
	if (!result.ok) return [...problems, ...expectItems(observed, [])];
	const [notification] = result.items ?? [];
	if (
		result.items?.length !== 1 ||
		notification.id !== 101 ||
		notification.nis2Deadlines?.earlyWarningDue !== '2026-11-05T10:00:00Z'
	)
		problems.push(
			`output ${stable(result.items)}: expected Aegister incident 101 with its deadlines`,
		);
	return problems;
}

// ------------------------------------------------------------------ scenarios

/** @type {Scenario[]} */
const SCENARIOS = [
	{
		id: 'read-only/http-request-node',
		title: "read-only: HTTP Request node can't write through the credentials",
		workflowId: 'e2eReadOnlyHttp',
		workflow: (_nodes, { doubleUrl }) => readOnlyHttpRequestWorkflow(doubleUrl),
		expectFailure: false,
		check: checkReadOnlyHttpRequests,
	},
	{
		id: 'example/eset-close-with-comment',
		title: 'example: eset-close-with-comment.json',
		example: 'eset-close-with-comment.json',
		workflowId: 'e2eEsetCloseComment',
		workflow: () =>
			forHeadlessRun(readExample('eset-close-with-comment.json'), 'e2eEsetCloseComment'),
		expectFailure: false,
		check(observed, workflow) {
			const close = parametersOf(workflow, 'Close Incident');
			return [
				...expectCalls(observed.requests, [
					{
						method: 'POST',
						path: `/eset/v2/incidents/${close.incidentUuid}:close`,
						status: 200,
						body: {
							closureReason: close.closureReason,
							finalComment: {
								text: close.finalComment,
								incidentUuid: close.incidentUuid,
								isFinalComment: true,
							},
						},
					},
				]),
				...expectEsetHeaders(observed.requests),
				...expectActedOn(observed, 'close', [{ incidentUuid: close.incidentUuid }]),
			];
		},
	},
	{
		id: 'example/eset-scheduled-triage',
		title: 'example: eset-scheduled-triage.json',
		example: 'eset-scheduled-triage.json',
		workflowId: 'e2eEsetTriage',
		workflow: () => forHeadlessRun(readExample('eset-scheduled-triage.json'), 'e2eEsetTriage'),
		expectFailure: false,
		check(observed) {
			// The false-positive candidates are the listed incidents whose display name starts with
			// "FP:" or that carry the tag false-positive-candidate (the example's filter).
			const list = observed.requests.find(
				(r) => r.method === 'GET' && r.path === '/eset/v2/incidents' && r.status === 200,
			);
			/** @type {any[]} */
			const listed = list?.responseBody?.incidents ?? [];
			const candidates = listed.filter(
				(i) =>
					String(i.displayName).startsWith('FP:') ||
					(i.tags ?? []).includes('false-positive-candidate'),
			);
			if (list && candidates.length === 0)
				return ['the double listed no false-positive candidates: the scenario would prove nothing'];
			return [
				...expectCalls(observed.requests, [
					{
						method: 'GET',
						path: '/eset/v2/incidents',
						status: 200,
						// limit 100 → one page of at most 100; the filter builder's status condition
						query: (q) =>
							Number(q.pageSize) <= 100 && String(q.filter ?? '').includes('INCIDENT_STATUS_OPEN'),
					},
					...candidates.map((incident) => ({
						method: 'POST',
						path: `/eset/v2/incidents/${incident.uuid}:close`,
						status: 200,
						body: (/** @type {any} */ body) =>
							body?.closureReason === 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE' &&
							String(body?.finalComment?.text ?? '').includes(`"${incident.displayName}"`),
					})),
				]),
				...expectEsetHeaders(observed.requests),
				...expectActedOn(
					observed,
					'close',
					candidates.map((incident) => ({ incidentUuid: incident.uuid })),
				),
			];
		},
	},
	{
		id: 'example/aegister-webhook-nis2-update',
		title: 'example: aegister-webhook-nis2-update.json',
		example: 'aegister-webhook-nis2-update.json',
		workflowId: 'e2eAegisterNis2',
		workflow: () =>
			forHeadlessRun(readExample('aegister-webhook-nis2-update.json'), 'e2eAegisterNis2'),
		expectFailure: false,
		check(observed) {
			const payload = readExample('aegister-webhook-nis2-update.json').pinData.Webhook[0].json.body;
			return [
				...expectCalls(observed.requests, [
					{
						method: 'PATCH',
						path: `/aegister/api/v1/V-Ciso/incidents/${payload.organizationId}/${payload.incidentId}`,
						status: 200,
						body: {
							title: payload.title,
							status: payload.status,
							'24h_notification': payload.earlyWarning,
						},
					},
					{
						method: 'POST',
						path: `/aegister/api/v1/V-Ciso/incidents/${payload.organizationId}/threat-intel`,
						status: 200,
						body: { indicators: payload.indicators },
					},
				]),
				...expectAegisterHeaders(observed.requests),
				...expectItems(
					observed,
					payload.indicators.map((/** @type {any} */ i) => ({
						type: i.type,
						value: i.value,
						threat_intel: THREAT_INTEL[/** @type {'ip'|'domain'} */ (i.type)],
					})),
				),
			];
		},
	},
	{
		id: 'example/eset-to-aegister-nis2',
		title: 'example: eset-to-aegister-nis2.json',
		example: 'eset-to-aegister-nis2.json',
		workflowId: 'e2eEsetToAegisterNis2',
		workflow: () =>
			forHeadlessRun(readExample('eset-to-aegister-nis2.json'), 'e2eEsetToAegisterNis2'),
		expectFailure: false,
		check(observed) {
			// What the chain must carry from ESET to Aegister and back: the incident's detections as the
			// double answers them, their indicators, Aegister's enrichment of exactly those.
			const batchGet = observed.requests.find(
				(r) => r.path === '/eset/v2/detections:batchGet' && r.status === 200,
			);
			/** @type {any[]} */
			const detections = batchGet?.responseBody?.detections ?? [];
			if (detections.length !== 2)
				return [`the batchGet answered ${detections.length} detections, expected incident 3's two`];
			const indicators = [
				{ type: 'hash', value: 'b7e23ec29af22b0b4e41da31e868d57226121c84' },
				{ type: 'hash', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
				{ type: 'hash', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
				{ type: 'hash', value: '2fd4e1c67a2d28fced849ee1bb76e7391b93eb12' },
				{ type: 'url', value: 'https://login.invoice-portal.example/acme/signin' },
				{ type: 'domain', value: 'login.invoice-portal.example' },
				{ type: 'ip', value: '198.51.100.23' },
				{ type: 'ip', value: '2001:db8::7' },
			];
			const enrichment = indicators.map((i) => ({
				...i,
				threat_intel: /** @type {any} */ (THREAT_INTEL)[i.type],
			}));
			const text =
				'Reported to the CSIRT as Aegister incident 101: 72 h notification submitted with 8 indicators of compromise. NIS2 deadlines: incident notification 2026-11-07T10:00:00Z, final report 2026-12-07T10:00:00Z.';
			/** @param {any} body */
			const notification = (body) => {
				const filed = body?.['72h_notification'];
				return (
					body?.status === 'submitted' &&
					Object.keys(body).sort().join() === '72h_notification,status' &&
					filed?.source === 'ESET Connect' &&
					filed?.eset_incident?.uuid === ESET_INCIDENT_3 &&
					stable(filed?.indicators_of_compromise) === stable(enrichment) &&
					stable(filed?.detections?.map((/** @type {any} */ d) => d.uuid)) ===
						stable(detections.map((d) => d.uuid))
				);
			};
			const problems = [
				...expectCalls(observed.requests, [
					{
						method: 'GET',
						path: '/eset/v2/incidents',
						status: 200,
						query: (q) =>
							q.filter ===
								'incident.status == INCIDENT_STATUS_OPEN && incident.severity == INCIDENT_SEVERITY_LEVEL_HIGH' &&
							q.orderBy === 'create_time' &&
							q.pageSize === '100',
					},
					{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_3}`, status: 200 },
					{
						method: 'POST',
						path: '/eset/v2/detections:batchGet',
						status: 200,
						body: {
							detectionUuids: [
								'00000000-0000-4000-9000-000003000001',
								'00000000-0000-4000-9000-000003000002',
							],
						},
					},
					{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_3}/comments`, status: 200 },
					{
						method: 'POST',
						path: '/aegister/api/v1/V-Ciso/incidents/1/threat-intel',
						status: 200,
						body: { indicators },
					},
					{
						method: 'PATCH',
						path: '/aegister/api/v1/V-Ciso/incidents/1/101',
						status: 200,
						body: notification,
					},
					{
						method: 'POST',
						path: `/eset/v2/incidents/${ESET_INCIDENT_3}/comments`,
						status: 200,
						body: { comment: { incidentUuid: ESET_INCIDENT_3, text } },
					},
				]),
				...expectEsetHeaders(observed.requests),
				...expectAegisterHeaders(observed.requests),
			];
			const { result } = observed;
			if (!result.ok) return [...problems, ...expectItems(observed, [])];
			const [comment] = result.items ?? [];
			if (
				result.items?.length !== 1 ||
				comment.incidentUuid !== ESET_INCIDENT_3 ||
				comment.text !== text ||
				typeof comment.uuid !== 'string'
			) {
				problems.push(
					`output ${stable(result.items)}: expected the one comment created on ${ESET_INCIDENT_3}`,
				);
			}
			return problems;
		},
	},
	{
		id: 'example/eset-to-aegister-nis2-reported',
		title: 'example: eset-to-aegister-nis2.json, already reported',
		example: 'eset-to-aegister-nis2.json',
		workflowId: 'e2eEsetToAegisterNis2',
		workflow: () =>
			forHeadlessRun(readExample('eset-to-aegister-nis2.json'), 'e2eEsetToAegisterNis2'),
		// the comment a previous run wrote: the incident must not be reported twice
		script: [
			{
				method: 'GET',
				pathEndsWith: `/incidents/${ESET_INCIDENT_3}/comments`,
				status: 200,
				body: {
					comments: [
						{
							uuid: 'c-1',
							incidentUuid: ESET_INCIDENT_3,
							text: 'Reported to the CSIRT as Aegister incident 101: 72 h notification submitted …',
						},
					],
				},
			},
		],
		expectFailure: false,
		check(observed) {
			return [
				...expectCalls(observed.requests, [
					{ method: 'GET', path: '/eset/v2/incidents', status: 200 },
					{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_3}`, status: 200 },
					{ method: 'POST', path: '/eset/v2/detections:batchGet', status: 200 },
					{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_3}/comments`, status: 200 },
				]),
				...expectItems(observed, []),
			];
		},
	},
	{
		id: 'example/eset-false-positive-loop',
		title: 'example: eset-false-positive-loop.json',
		example: 'eset-false-positive-loop.json',
		workflowId: 'e2eEsetFalsePositive',
		workflow: () =>
			forHeadlessRun(readExample('eset-false-positive-loop.json'), 'e2eEsetFalsePositive'),
		expectFailure: false,
		check(observed) {
			// The verdict (the example's pinned webhook body) closes incident 1; of its three detections
			// only the third was raised by an EDR rule (A0103, powershell.exe on device-1): it gets the
			// exclusion, its group is resolved, the comment lists the exclusion, and last the process's
			// file quarantined by the rule is restored.
			const { body: verdict } = readExample('eset-false-positive-loop.json').pinData.Webhook[0]
				.json;
			const detection = '00000000-0000-4000-9000-000001000003';
			const group = '00000000-0000-4000-a000-000001000003';
			// the file ESET quarantined when rule A0103 fired (the API double's quarantine)
			const quarantined = 'quarantined-powershell-a0103';
			const powershell = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
			const name = `False positive: powershell.exe in Suspicious PowerShell command line [A0103] (detection ${detection})`;
			const xmlDefinition = [
				'<?xml version="1.0" encoding="utf-8"?>',
				'<rule>',
				'  <definition>',
				'    <process>',
				'      <operator type="AND">',
				`        <condition component="FileItem" property="FullPath" condition="is" value="${powershell}" />`,
				'      </operator>',
				'    </process>',
				'  </definition>',
				'  <description>',
				`    <name>${name}</name>`,
				'  </description>',
				'</rule>',
			].join('\n');
			const created = observed.requests.find(
				(r) => r.method === 'POST' && r.path === '/eset/v2/edr-rule-exclusions' && r.status === 200,
			);
			const exclusionUuid = created?.responseBody?.exclusion?.uuid;
			const text = `EDR exclusions for this false positive: "${name}" (exclusion ${exclusionUuid}) excludes ${powershell} from rule edr-rule-a0103 on device device-1. Detection groups resolved: 1.`;
			const problems = [
				...expectCalls(observed.requests, [
					{
						method: 'POST',
						path: `/eset/v2/incidents/${verdict.incidentUuid}:close`,
						status: 200,
						body: {
							closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
							finalComment: {
								text: `False positive (${verdict.analyst}): ${verdict.reason}. The detections raised by EDR rules get exclusions on their devices.`,
								incidentUuid: verdict.incidentUuid,
								isFinalComment: true,
							},
						},
					},
					{ method: 'GET', path: `/eset/v2/incidents/${verdict.incidentUuid}`, status: 200 },
					{
						method: 'POST',
						path: '/eset/v2/detections:batchGet',
						status: 200,
						body: {
							detectionUuids: [
								'00000000-0000-4000-9000-000001000001',
								'00000000-0000-4000-9000-000001000002',
								detection,
							],
						},
					},
					{ method: 'GET', path: `/eset/v2/detections/${detection}`, status: 200 },
					{
						method: 'POST',
						path: '/eset/v2/edr-rule-exclusions',
						status: 200,
						body: {
							exclusion: {
								xmlDefinition,
								enabled: true,
								note: `False positive in ESET incident ${verdict.incidentUuid} (${verdict.analyst}): ${verdict.reason}`,
								ruleUuids: ['edr-rule-a0103'],
								scopes: [{ deviceUuid: 'device-1' }],
							},
						},
					},
					{
						method: 'GET',
						path: '/eset/v2/detection-groups',
						status: 200,
						query: (q) =>
							q.deviceUuid === 'device-1' && q.pageSize === '1000' && q.pageToken === undefined,
					},
					{
						method: 'POST',
						path: `/eset/v2/detection-groups/${group}:resolve`,
						status: 200,
						body: { note: `False positive, excluded by ${name}` },
					},
					{
						method: 'POST',
						path: `/eset/v2/incidents/${verdict.incidentUuid}/comments`,
						status: 200,
						body: { comment: { incidentUuid: verdict.incidentUuid, text } },
					},
					// last: the excluded process's file, found in the quarantine and restored
					{
						method: 'GET',
						path: '/eset-quarantine/v1/quarantined-objects',
						status: 200,
						query: (q) =>
							q['filter.fileName'] === powershell &&
							q['filter.objectOrigin'] === 'OBJECT_ORIGIN_DEVICE' &&
							q['filter.objectType'] === 'QUARANTINED_OBJECT_TYPE_FILE_ON_DRIVE',
					},
					{
						method: 'POST',
						path: '/eset-quarantine/v1/quarantined-objects:batchRestore',
						status: 200,
						body: { objectUuids: [quarantined], addToExclusions: true },
					},
				]),
				...expectEsetHeaders(observed.requests),
			];
			if (typeof exclusionUuid !== 'string') problems.push('the double created no exclusion');
			const { result } = observed;
			if (!result.ok) return [...problems, ...expectItems(observed, [])];
			const [restored] = result.items ?? [];
			if (
				result.items?.length !== 1 ||
				stable({ ...restored, requestId: typeof restored.requestId }) !==
					stable({
						restored: true,
						addedToExclusions: true,
						objectUuid: quarantined,
						requestId: 'string',
					})
			)
				problems.push(`output ${stable(result.items)}: expected the one restored file`);
			return problems;
		},
	},
	{
		id: 'example/eset-contain-incident',
		title: 'example: eset-contain-incident.json, both devices isolated',
		example: 'eset-contain-incident.json',
		workflowId: 'e2eEsetContain',
		workflow: () => forHeadlessRun(readExample('eset-contain-incident.json'), 'e2eEsetContain'),
		expectFailure: false,
		check: (observed) => checkContainment(observed, false),
	},
	{
		id: 'example/eset-contain-incident-failing',
		title: 'example: eset-contain-incident.json, the isolation of one device fails',
		example: 'eset-contain-incident.json',
		workflowId: 'e2eEsetContain',
		workflow: () => forHeadlessRun(readExample('eset-contain-incident.json'), 'e2eEsetContain'),
		eset: { taskRunOutcomes: { 'device-6': 'TASK_RUN_STATUS_FAILED' } },
		expectFailure: false,
		check: (observed) => checkContainment(observed, true),
	},
	{
		id: 'aegister/update',
		title: 'aegister: incident update (PATCH)',
		workflowId: 'e2eAegisterUpdate',
		// the organization as picked "From list" (the example enters it "By ID")
		workflow: () =>
			singleNodeWorkflow('e2eAegisterUpdate', 'E2E Aegister update', 'aegisterIncident', {
				resource: 'incident',
				operation: 'update',
				organization: {
					__rl: true,
					mode: 'list',
					value: '1',
					cachedResultName: 'ACME Energia S.p.A.',
				},
				incidentId: 101,
				updateFields: {
					title: 'Ransomware on file server (contained)',
					status: 'submitted',
					reference_code: 'CSIRT-2026-001',
				},
			}),
		expectFailure: false,
		check(observed) {
			const body = {
				title: 'Ransomware on file server (contained)',
				status: 'submitted',
				reference_code: 'CSIRT-2026-001',
			};
			const problems = [
				...expectCalls(observed.requests, [
					{ method: 'PATCH', path: '/aegister/api/v1/V-Ciso/incidents/1/101', status: 200, body },
				]),
				...expectAegisterHeaders(observed.requests),
			];
			const { result } = observed;
			if (!result.ok) return [...problems, ...expectItems(observed, [])];
			const item = result.items?.[0] ?? {};
			if (
				result.items?.length !== 1 ||
				item.id !== 101 ||
				item.title !== body.title ||
				item.status !== 'submitted'
			) {
				problems.push(`output ${stable(result.items)}: expected the updated incident 101`);
			}
			return problems;
		},
	},
	{
		id: 'eset/slow-response-202',
		title: 'eset: 202 + response-id collected',
		workflowId: 'e2eEsetCloseComment',
		workflow: () =>
			forHeadlessRun(readExample('eset-close-with-comment.json'), 'e2eEsetCloseComment'),
		// ESET answers the close with 202 and a response-id; the node waits and collects the result.
		eset: { slowResponses: 1, pollsUntilReady: 1 },
		expectFailure: false,
		check(observed) {
			const path = `/eset/v2/incidents/${ESET_INCIDENT_1}:close`;
			const calls = apiCalls(observed.requests);
			const problems = expectCalls(observed.requests, [
				{ method: 'POST', path, status: 202 },
				{ method: 'POST', path, status: 200 },
			]);
			const [first, second] = calls;
			if (first && second) {
				if (first.headers['response-id'])
					problems.push('the first close call already carried a response-id');
				if (!second.headers['response-id'])
					problems.push('the second close call did not send the response-id of the 202');
				if (first.rawBody !== second.rawBody)
					problems.push('the collecting call did not repeat the request body');
			}
			return [
				...problems,
				...expectActedOn(observed, 'close', [{ incidentUuid: ESET_INCIDENT_1 }]),
			];
		},
	},
	{
		id: 'error/eset-close-403',
		title: 'error: ESET answers 403 to close',
		workflowId: 'e2eEsetCloseComment',
		workflow: () =>
			forHeadlessRun(readExample('eset-close-with-comment.json'), 'e2eEsetCloseComment'),
		script: [
			{
				method: 'POST',
				pathEndsWith: ':close',
				status: 403,
				body: { code: 7, message: 'permission denied' },
				times: 10,
			},
		],
		expectFailure: true,
		check(observed) {
			return [
				...expectCalls(observed.requests, [
					{ method: 'POST', path: `/eset/v2/incidents/${ESET_INCIDENT_1}:close`, status: 403 },
				]),
				...expectUserError(observed, {
					message: 'ESET Connect answered 403: access denied; check permissions',
					description: /request-id: [0-9a-f-]{36}/,
				}),
			];
		},
	},
	{
		id: 'error/aegister-envelope',
		title: 'error: Aegister HTTP 200 with error 1',
		workflowId: 'e2eAegisterUpdate',
		workflow: (nodes, context) =>
			SCENARIOS.find((s) => s.id === 'aegister/update')?.workflow(nodes, context),
		script: [
			{
				method: 'PATCH',
				pathEndsWith: '/V-Ciso/incidents/1/101',
				status: 200,
				body: {
					error: 1,
					messages: ['Incident 101 is locked: a submission to ACN is in progress.'],
					data: {},
				},
			},
		],
		expectFailure: true,
		check(observed) {
			return [
				...expectCalls(observed.requests, [
					{ method: 'PATCH', path: '/aegister/api/v1/V-Ciso/incidents/1/101', status: 200 },
				]),
				...expectUserError(observed, {
					message:
						'Aegister reported an error — Incident 101 is locked: a submission to ACN is in progress.',
					description: /HTTP status 200, but the response says error 1/,
				}),
			];
		},
	},
	{
		id: 'server/eset-credential-fingerprint',
		title: 'server: ESET credential changed → fresh token (Test + run); Test off the happy path',
		workflowId: 'e2eEsetFingerprint',
		workflow: () =>
			forHeadlessRun(readExample('eset-close-with-comment.json'), 'e2eEsetFingerprint'),
		expectFailure: false,
		serve: async (context, workflow) => [
			...(await credentialFingerprint(context, workflow)),
			...(await credentialTestOffThePath(context)),
		],
	},
	{
		id: 'server/eset-trigger-activated',
		title: 'server: ESET Incident Trigger, activated: each event once',
		workflowId: 'e2eEsetTriggerActive',
		example: 'eset-new-incident-comment.json',
		workflow: () => readExample('eset-new-incident-comment.json'),
		expectFailure: false,
		serve: activatedTrigger,
	},
	{
		id: 'server/eset-trigger-scheduled',
		title:
			"server: ESET Incident Trigger under n8n's durable scheduler: each event once, across a backlog and a restart",
		workflowId: 'e2eEsetTriggerSched',
		example: 'eset-new-incident-comment.json',
		workflow: () => readExample('eset-new-incident-comment.json'),
		expectFailure: false,
		n8nMajor: 2,
		serverEnv: SCHEDULER_ENV,
		serve: scheduledTrigger,
	},
];

// ------------------------------------------------------------------ n8n start + REST API

/** n8n polls every minute at a random second: a poll cycle is at most this long, with margin. */
const POLL_CYCLE_MS = 75_000;

/**
 * The example "new high-severity incident → comment on it and notify", activated in a running n8n
 * (the trigger really polls, every minute), while the double gains and changes incidents between
 * polls: each new high-severity incident starts exactly one execution (one comment on it, one
 * notification), an update is no new incident, low-severity incidents start nothing, and the
 * polls after that start nothing again.
 * @param {ServerContext} context
 * @param {any} workflow  the example, with its real trigger
 * @returns {Promise<string[]>}
 */
async function activatedTrigger(context, workflow) {
	const { server, double, say } = context;
	/** @type {string[]} */
	const problems = [];
	const data = await double('GET', 'credentials');
	const credential = await server.createCredential(
		'ESET Connect (API double, trigger)',
		'esetConnectApi',
		data.esetConnectApi,
	);
	const doubleUrl = String(data.esetConnectApi.incidentManagementUrl).replace(/\/eset$/, '');
	for (const node of workflow.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`))
			node.credentials = { esetConnectApi: { id: credential.id, name: credential.name } };
		if (node.type === 'n8n-nodes-base.httpRequest') node.parameters.url = `${doubleUrl}/notify`;
	}
	let serial = 0;
	const incident = (/** @type {string} */ severity, /** @type {number} */ agoMs) => {
		const at = new Date(Date.now() - agoMs).toISOString();
		serial++;
		return {
			uuid: `20000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
			displayName: `E2E trigger incident ${serial}`,
			severity: `INCIDENT_SEVERITY_LEVEL_${severity}`,
			status: 'INCIDENT_STATUS_OPEN',
			tags: [],
			createTime: at,
			updateTime: at,
		};
	};
	const upsert = async (/** @type {any[]} */ incidents) =>
		await double('POST', 'incidents', { upsert: incidents });
	const requests = async () => /** @type {any[]} */ (await double('GET', 'requests'));
	const commentsOn = (/** @type {any[]} */ all, /** @type {string} */ uuid) =>
		all.filter(
			(r) =>
				r.method === 'POST' && r.path === `/eset/v2/incidents/${uuid}/comments` && r.status === 200,
		);
	const notifications = (/** @type {any[]} */ all) =>
		all.filter((r) => r.method === 'POST' && r.path === '/notify');
	const polls = (/** @type {any[]} */ all) =>
		all.filter((r) => r.method === 'GET' && r.path === '/eset/v2/incidents').length;
	/** Waits (bounded) until `done(requests)`; returns the requests then. @param {(all: any[]) => boolean} done @param {number} timeoutMs */
	const waitFor = async (done, timeoutMs) => {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const all = await requests();
			if (done(all) || Date.now() > until) return all;
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	};

	const before = incident('HIGH', 3_600_000);
	await upsert([before]);
	const saved = await server.createWorkflow({ ...workflow, name: 'E2E ESET Incident Trigger' });
	const started = Date.now();
	try {
		await server.activateWorkflow(saved);
		// the activation's first poll is the baseline
		let all = await waitFor((r) => polls(r) >= 2, 30_000);
		if (polls(all) < 2)
			problems.push(`no baseline poll after activation (${polls(all)} list requests)`);

		const high = incident('HIGH', 1000);
		const low = incident('LOW', 1000);
		await upsert([high, low]);
		all = await waitFor(
			(r) => commentsOn(r, high.uuid).length >= 1 && notifications(r).length >= 1,
			POLL_CYCLE_MS,
		);
		say(
			`    new high-severity incident handled after ${Math.round((Date.now() - started) / 1000)} s`,
		);
		if (commentsOn(all, high.uuid).length !== 1)
			problems.push(
				`comments on the new high-severity incident: ${commentsOn(all, high.uuid).length}, expected 1`,
			);
		if (commentsOn(all, low.uuid).length) problems.push('a comment on the low-severity incident');
		if (commentsOn(all, before.uuid).length)
			problems.push('a comment on the incident that existed before activation');
		const comment = commentsOn(all, high.uuid)[0];
		if (
			comment &&
			!String(comment.body?.comment?.text ?? '').includes(`incidentCreated:${high.uuid}`)
		) {
			problems.push(`the comment does not carry the event id: ${JSON.stringify(comment.body)}`);
		}

		Object.assign(high, {
			description: 'changed by the analyst',
			updateTime: new Date().toISOString(),
		});
		const second = incident('HIGH', 1000);
		await upsert([high, second]);
		all = await waitFor((r) => commentsOn(r, second.uuid).length >= 1, POLL_CYCLE_MS);
		if (commentsOn(all, second.uuid).length !== 1)
			problems.push(
				`comments on the second new incident: ${commentsOn(all, second.uuid).length}, expected 1`,
			);

		// one more poll cycle: nothing new, nothing again
		const pollsSoFar = polls(all);
		all = await waitFor((r) => polls(r) > pollsSoFar + 1, POLL_CYCLE_MS);
		if (polls(all) <= pollsSoFar) problems.push('the trigger stopped polling');
		if (commentsOn(all, high.uuid).length !== 1)
			problems.push(
				`the first incident was handled ${commentsOn(all, high.uuid).length} times (its update or the overlap repeated it)`,
			);
		if (commentsOn(all, second.uuid).length !== 1)
			problems.push(`the second incident was handled ${commentsOn(all, second.uuid).length} times`);
		if (notifications(all).length !== 2)
			problems.push(
				`${notifications(all).length} notifications, expected 2 (one per new high-severity incident)`,
			);
		say(
			`    ${polls(all)} polls, ${notifications(all).length} executions in ${Math.round((Date.now() - started) / 1000)} s`,
		);
	} finally {
		await server.deactivateWorkflow(saved).catch(() => undefined);
	}
	return problems;
}

const TOKEN_PATH = '/eset/oauth/token';

/** The password grants the double received: `{ password, status }` each. @param {any[]} requests */
function grantsOf(requests) {
	return requests
		.filter((r) => r.path === TOKEN_PATH)
		.map((r) => ({ password: String(r.body?.password ?? ''), status: r.status }));
}

/**
 * The credential fingerprint as a user meets it in the editor: a credential tested (token stored),
 * its password changed in the credential modal (the editor sends the untouched secrets back as
 * n8n's sentinels, so the stored token survives the save), tested again, used in a run; then the
 * right password typed in again. n8n's credential test and the next workflow run must both make a
 * fresh password grant once the password changed — never re-use the token issued to the old one.
 * @param {ServerContext} context
 * @param {any} workflow  the example's close workflow (credentials are set here)
 * @returns {Promise<string[]>}
 */
async function credentialFingerprint(context, workflow) {
	const { server, double, flatted, say } = context;
	/** @type {string[]} */
	const problems = [];
	const step = (/** @type {string} */ name, /** @type {string[]} */ found) => {
		say(`    ${found.length ? 'FAIL' : 'ok  '} ${name}`);
		problems.push(...found.map((p) => `${name}: ${p}`));
	};
	const requestsSince = async (/** @type {number} */ since) =>
		await double('GET', `requests?since=${since}`);
	let seen = 0;
	const next = async () => {
		const requests = /** @type {any[]} */ (await requestsSince(seen));
		seen += requests.length;
		return requests;
	};

	const data = (await double('GET', 'credentials')).esetConnectApi;
	const rightPassword = data.password;
	const wrongPassword = 'not-the-password-of-the-api-user';
	const credential = await server.createCredential(
		'ESET Connect (API double, fingerprint)',
		'esetConnectApi',
		data,
	);
	const close = workflow.nodes.find((/** @type {any} */ n) => n.type.endsWith('.esetIncident'));
	const trigger = workflow.nodes.find(
		(/** @type {any} */ n) => n.type === 'n8n-nodes-base.manualTrigger',
	);
	close.credentials = { esetConnectApi: { id: credential.id, name: credential.name } };
	const saved = await server.createWorkflow({ ...workflow, name: 'E2E credential fingerprint' });
	const closePath = `/eset/v2/incidents/${locatorValue(close.parameters.incidentUuid)}:close`;
	const storedToken = async () => (await server.credentialForEditor(credential.id)).data ?? {};

	/**
	 * The credential test passed: an accepted incidents call, no grant with another password, and
	 * (`freshGrant`) a password grant of its own. Back at the right password, the token stored by the
	 * first test matches again (it was issued to this very user, password and token URL) and may be
	 * re-used.
	 */
	const testPasses = async (
		/** @type {string} */ password,
		/** @type {{ freshGrant: boolean }} */ { freshGrant },
	) => {
		const result = await server.testCredentialAsEditor(credential.id);
		const requests = await next();
		const found = [];
		if (result?.status !== 'OK') found.push(`Test answered ${JSON.stringify(result)}`);
		const grants = grantsOf(requests);
		if (freshGrant && !grants.some((g) => g.password === password && g.status === 200))
			found.push(
				`no successful password grant (grants: ${JSON.stringify(grants.map((g) => g.status))})`,
			);
		if (grants.some((g) => g.password !== password)) found.push('a grant with another password');
		if (!requests.some((r) => r.path === '/eset/v2/incidents' && r.status === 200))
			found.push(
				`no accepted incident list (got ${requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ')})`,
			);
		const stored = await storedToken();
		if (
			stored.accessToken !== CREDENTIAL_BLANKING_VALUE ||
			stored.tokenFingerprint !== CREDENTIAL_BLANKING_VALUE
		) {
			found.push(
				`no token stored in the credential after the test (accessToken ${JSON.stringify(stored.accessToken)}, tokenFingerprint ${JSON.stringify(stored.tokenFingerprint)})`,
			);
		}
		return found;
	};

	/** A run of the close workflow; `expect` says what the double and the run must show. */
	const runClose = async (
		/** @type {'pass' | 'wrong-password'} */ expect,
		/** @type {{ grant?: boolean }} */ options = {},
	) => {
		const run = await server.runWorkflow(saved, trigger.name, { flatted, timeoutMs: 120_000 });
		const requests = await next();
		const grants = grantsOf(requests);
		const closes = requests.filter((r) => r.path === closePath);
		const found = [];
		if (expect === 'pass') {
			const items = (run.runData?.[close.name]?.[0]?.data?.main?.[0] ?? []).map(
				(/** @type {any} */ i) => i.json,
			);
			if (run.status !== 'success')
				found.push(`the run ended ${run.status}: ${run.error?.message ?? ''}`);
			if (items.length !== 1 || items[0].success !== true || items[0].action !== 'close') {
				found.push(
					`output ${JSON.stringify(items)}, expected the close (execution ${run.executionId}: ${JSON.stringify(run.raw).slice(0, 1500)})`,
				);
			}
			if (closes.length !== 1 || closes[0].status !== 200)
				found.push(`close requests: ${closes.map((r) => r.status).join(', ') || 'none'}`);
			if (grants.some((g) => g.password !== rightPassword))
				found.push('a password grant with the wrong password');
			if (options.grant === false && grants.length)
				found.push(
					`${grants.length} password grant(s), though the stored token matches the credential`,
				);
		} else {
			const message = [run.error?.message, run.error?.description].filter(Boolean).join(' / ');
			if (run.status === 'success') found.push('the run succeeded with the wrong password');
			if (!/ESET did not issue an access token/.test(message) || !/answered 400/.test(message))
				found.push(`the run's error ${JSON.stringify(message)} is not the token endpoint's`);
			if (!grants.some((g) => g.password === wrongPassword && g.status === 400))
				found.push(
					`no fresh password grant with the changed password (grants: ${JSON.stringify(grants)})`,
				);
			if (grants.some((g) => g.password === rightPassword))
				found.push('a grant with the old password');
			if (closes.length)
				found.push(
					`the close was sent (${closes.map((r) => `${r.status} with ${r.headers.authorization}`).join(', ')})`,
				);
		}
		return { found, ms: run.ms };
	};

	step(
		'Test with the right password: OK, token stored',
		await testPasses(rightPassword, { freshGrant: true }),
	);
	const firstRun = await runClose('pass', { grant: false });
	step(`run with the stored token: close sent, no new grant (${firstRun.ms} ms)`, firstRun.found);

	await server.saveCredentialAsEditor(credential.id, { password: wrongPassword });
	await next();
	const afterSave = await storedToken();
	step(
		'save with a wrong password (untouched secrets sent back redacted): the stored token survives',
		afterSave.accessToken === CREDENTIAL_BLANKING_VALUE &&
			afterSave.password === CREDENTIAL_BLANKING_VALUE
			? []
			: [
					`after the save: accessToken ${JSON.stringify(afterSave.accessToken)}, password ${JSON.stringify(afterSave.password)}`,
				],
	);

	const failedTest = await server.testCredentialAsEditor(credential.id);
	const testRequests = await next();
	const testGrants = grantsOf(testRequests);
	const testIncidents = testRequests.filter((r) => r.path === '/eset/v2/incidents');
	step('Test with the wrong password: fails with the error of the token endpoint', [
		...(failedTest?.status === 'Error'
			? []
			: [`Test answered ${JSON.stringify(failedTest)}: the stored token was re-used`]),
		...(/ESET did not issue an access token/.test(failedTest?.message ?? '') &&
		/answered 400/.test(failedTest?.message ?? '')
			? []
			: [`message ${JSON.stringify(failedTest?.message)}`]),
		...(testGrants.some((g) => g.password === wrongPassword && g.status === 400)
			? []
			: [
					`no fresh password grant with the changed password (grants: ${JSON.stringify(testGrants)})`,
				]),
		...(testIncidents.some((r) => r.status === 200)
			? ['an incident list was accepted: the old token was sent']
			: []),
	]);

	const failedRun = await runClose('wrong-password');
	step(
		`run with the wrong password: fresh grant refused, no close (${failedRun.ms} ms)`,
		failedRun.found,
	);

	await server.saveCredentialAsEditor(credential.id, { password: rightPassword });
	await next();
	step('the right password again: Test OK', await testPasses(rightPassword, { freshGrant: false }));
	const lastRun = await runClose('pass');
	step(`the right password again: run passes (${lastRun.ms} ms)`, lastRun.found);
	return problems;
}

/**
 * n8n's Test button against what is not the vendor: a proxy's login page answering 200, and a
 * redirect to another host. Neither credential may test OK, and the other host hears nothing (the
 * test request carries the ESET bearer or the X-Aegister-Token).
 * @param {ServerContext} context
 * @returns {Promise<string[]>}
 */
async function credentialTestOffThePath(context) {
	const { server, double, say } = context;
	/** @type {string[]} */
	const problems = [];
	/** @type {string[]} */
	const otherHostHeard = [];
	const other = http.createServer((req, res) => {
		otherHostHeard.push(
			`${req.method} ${req.url} ${req.headers.authorization ? 'with Authorization' : ''} ${req.headers['x-aegister-token'] ? 'with X-Aegister-Token' : ''}`,
		);
		res.writeHead(200, { 'content-type': 'application/json' }).end('{"error": 0, "incidents": []}');
	});
	const proxy = http.createServer((req, res) => {
		if (req.url?.startsWith('/redirect/')) {
			res
				.writeHead(302, {
					location: `http://127.0.0.1:${/** @type {any} */ (other.address()).port}/stolen`,
				})
				.end();
		} else {
			res
				.writeHead(200, { 'content-type': 'text/html' })
				.end('<!DOCTYPE html><html><title>Sign in</title><form></form></html>');
		}
	});
	await Promise.all(
		[other, proxy].map(
			(s) => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(undefined))),
		),
	);
	try {
		const proxyUrl = `http://127.0.0.1:${/** @type {any} */ (proxy.address()).port}`;
		const { esetConnectApi, aegisterApi } = await double('GET', 'credentials');
		// n8n 2.x applies the credentials' redirect rules; 1.x sees no response and names the status
		const REDIRECT_MESSAGE =
			/^(ESET Connect|Aegister) answered 302, a redirect; the credential is never sent on|^Request failed with status code 302$/;
		const cases = [
			{
				name: 'ESET, a login page',
				type: 'esetConnectApi',
				data: { ...esetConnectApi, incidentManagementUrl: `${proxyUrl}/page` },
				message: /not an ESET Connect answer/,
			},
			{
				name: 'ESET, a redirect',
				type: 'esetConnectApi',
				data: { ...esetConnectApi, incidentManagementUrl: `${proxyUrl}/redirect` },
				message: REDIRECT_MESSAGE,
			},
			{
				name: 'Aegister, a login page',
				type: 'aegisterApi',
				data: { ...aegisterApi, baseUrl: `${proxyUrl}/page` },
				message: /not an Aegister answer/,
			},
			{
				name: 'Aegister, a redirect',
				type: 'aegisterApi',
				data: { ...aegisterApi, baseUrl: `${proxyUrl}/redirect` },
				message: REDIRECT_MESSAGE,
			},
		];
		for (const { name, type, data, message } of cases) {
			const credential = await server.createCredential(`${name} (off the happy path)`, type, data);
			const result = await server.testCredentialAsEditor(credential.id);
			const found =
				result?.status === 'Error' && message.test(result.message ?? '')
					? []
					: [`Test answered ${JSON.stringify(result)}`];
			say(
				`    ${found.length ? 'FAIL' : 'ok  '} Test with ${name}: ${JSON.stringify(result?.message)}`,
			);
			problems.push(...found.map((p) => `Test with ${name}: ${p}`));
		}
		if (otherHostHeard.length)
			problems.push(`the host a redirect pointed to heard: ${otherHostHeard.join('; ')}`);
		say(
			`    ${otherHostHeard.length ? 'FAIL' : 'ok  '} the host the redirects pointed to heard nothing`,
		);
	} finally {
		await Promise.all(
			[other, proxy].map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))),
		);
	}
	return problems;
}

/** What the double's threat intelligence says (test/support/api-double.js). */
const THREAT_INTEL = {
	ip: {
		crime_score: 87,
		country: 'NL',
		organization: 'Bulletproof Hosting BV',
		is_malicious: true,
		threat_types: ['c2', 'botnet'],
	},
	domain: {
		crime_score: 64,
		country: 'RU',
		organization: 'Registrar X',
		is_malicious: true,
		threat_types: ['phishing'],
	},
	url: {
		crime_score: 12,
		country: 'US',
		organization: 'CDN Inc',
		is_malicious: false,
		threat_types: [],
	},
	hash: {
		crime_score: 95,
		country: null,
		organization: null,
		is_malicious: true,
		threat_types: ['ransomware'],
	},
};

/**
 * What a workflow needs from this package that the build lacks: resources, operations or
 * parameters. Empty when everything is there.
 * @param {any} workflow
 * @param {Record<string, any>} nodes  descriptions from describe-nodes.js
 */
function missingInBuild(workflow, nodes) {
	const missing = [];
	for (const node of workflow.nodes) {
		if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
		const name = packageNodeName(node.type);
		const description = nodes[name];
		if (!description) {
			missing.push(`node ${name}`);
			continue;
		}
		const asTool = node.type.endsWith('Tool');
		if (asTool && !description.usableAsTool) {
			missing.push(`${name} as a tool (usableAsTool)`);
			continue;
		}
		const parameters = { ...(node.parameters ?? {}) };
		// the description fields n8n's loader adds to every tool twin
		if (asTool) for (const key of ['descriptionType', 'toolDescription']) delete parameters[key];
		if (!description.resources.length) {
			// a node without resources (the trigger): every parameter the workflow sets must exist
			// (pollTimes is n8n's own, added to every polling node when it is loaded)
			for (const key of Object.keys(parameters).filter((k) => k !== 'pollTimes')) {
				if (!description.parameters.some((/** @type {any} */ p) => p.name === key))
					missing.push(`${name} parameter ${key}`);
			}
			continue;
		}
		const resource = parameters.resource ?? description.resources[0];
		if (!description.resources.includes(resource)) {
			missing.push(`${name} resource ${resource}`);
			continue;
		}
		const operation = parameters.operation ?? description.operations[resource]?.[0];
		if (!(description.operations[resource] ?? []).includes(operation)) {
			missing.push(`${name} ${resource}:${operation}`);
			continue;
		}
		for (const key of Object.keys(parameters)) {
			const applies = description.parameters.some(
				(/** @type {any} */ p) =>
					p.name === key &&
					(!p.displayOptions?.show?.resource ||
						p.displayOptions.show.resource.includes(resource)) &&
					(!p.displayOptions?.show?.operation ||
						p.displayOptions.show.operation.includes(operation)),
			);
			if (!applies) missing.push(`${name} ${resource}:${operation} parameter ${key}`);
		}
	}
	return missing;
}

/**
 * The n8n built-in nodes (AI nodes included) an example uses as the user imports it (triggers
 * included, before they are swapped), checked against the node types and versions this n8n release
 * ships.
 * @param {any} workflow  the example as in examples/
 * @param {Map<string, Set<number>>} builtIn  `<package>.<name>` → type versions
 */
function unknownBuiltInNodes(workflow, builtIn) {
	return workflow.nodes
		.filter(
			(/** @type {any} */ n) =>
				/^(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\./.test(n.type) &&
				!builtIn.get(n.type)?.has(Number(n.typeVersion ?? 1)),
		)
		.map(
			(/** @type {any} */ n) =>
				`the example's node "${n.name}" (${n.type} v${n.typeVersion ?? 1}) does not exist in this n8n release`,
		);
}

module.exports = {
	SCENARIOS,
	missingInBuild,
	unknownBuiltInNodes,
	expectCalls,
	expectEsetHeaders,
	expectAegisterHeaders,
	apiCalls,
	describeRequest,
	stable,
};
