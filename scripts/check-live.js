#!/usr/bin/env node
'use strict';
/**
 * `npm run check:live`: runs every read of the built nodes in n8n's engine against your own ESET
 * tenant (and Aegister, when configured), prints one row per check and exits non-zero when any
 * failed. Configured by environment variables only (docs/live-check.md); writes nothing unless
 * `--writes --incident <uuid>` is given.
 */
const diagnostics = require('node:diagnostics_channel');

const { createEngine, shutdownEngine } = require('../test/support/n8n-engine');
const { redact } = require('../dist/nodes/shared/secrets');

const REGIONS = ['eu', 'de', 'us', 'ca', 'jpn', 'custom'];

/** The configuration from the environment and the command line, or the reason it is incomplete. */
function configuration(env = process.env, argv = process.argv.slice(2)) {
	const writes = argv.includes('--writes');
	const incidentAt = argv.indexOf('--incident');
	const incident = incidentAt >= 0 ? argv[incidentAt + 1] : undefined;
	const problems = [];
	if (!REGIONS.includes(env.ESET_REGION ?? ''))
		problems.push(`ESET_REGION must be one of ${REGIONS.join(', ')}`);
	if (!env.ESET_USERNAME || !env.ESET_PASSWORD)
		problems.push('ESET_USERNAME and ESET_PASSWORD are required');
	if (env.ESET_REGION === 'custom' && (!env.ESET_INCIDENT_MANAGEMENT_URL || !env.ESET_TOKEN_URL)) {
		problems.push('ESET_REGION=custom needs ESET_INCIDENT_MANAGEMENT_URL and ESET_TOKEN_URL');
	}
	if (writes && !incident)
		problems.push('--writes needs --incident <uuid>: the incident the comment checks write to');
	return { env, writes, incident, problems };
}

/** The credentials of the check: read-only unless writes were asked for. */
function credentials({ env, writes }) {
	return {
		esetConnectApi: {
			region: env.ESET_REGION,
			incidentManagementUrl: env.ESET_INCIDENT_MANAGEMENT_URL ?? '',
			deviceManagementUrl: env.ESET_DEVICE_MANAGEMENT_URL ?? '',
			automationUrl: env.ESET_AUTOMATION_URL ?? '',
			quarantineManagementUrl: env.ESET_QUARANTINE_MANAGEMENT_URL ?? '',
			tokenUrl: env.ESET_TOKEN_URL ?? '',
			username: env.ESET_USERNAME,
			password: env.ESET_PASSWORD,
			allowChanges: writes,
			accessToken: '',
		},
		...(env.AEGISTER_TOKEN
			? {
					aegisterApi: {
						apiToken: env.AEGISTER_TOKEN,
						baseUrl: env.AEGISTER_BASE_URL || 'https://app.aegister.com',
						allowChanges: false,
					},
				}
			: {}),
	};
}

/** A path with its query decoded, as a person reads a filter. */
function readable(path) {
	try {
		return decodeURIComponent(path);
	} catch {
		return path;
	}
}

/** Every HTTP request of this process, as Node's http client reports it: method, host, path, status. */
function recordRequests() {
	const requests = [];
	diagnostics.subscribe('http.client.request.start', ({ request }) => {
		requests.push({
			request,
			line: `${request.method} ${request.host}${readable(request.path)}`,
			status: undefined,
		});
	});
	diagnostics.subscribe('http.client.response.finish', ({ request, response }) => {
		const recorded = requests.find((r) => r.request === request);
		if (recorded) recorded.status = response.statusCode;
	});
	return requests;
}

/** What ESET said, from an error's description: its own sentence, short. */
function vendorText(error) {
	const description = String(error?.description ?? '');
	const said = /(?:ESET|Aegister) says: (.*?)(?:\. [A-Z]|$)/.exec(description)?.[1];
	return (said ?? error?.message ?? '').slice(0, 160);
}

class LiveCheck {
	constructor(engine, requests, secrets) {
		this.engine = engine;
		this.requests = requests;
		this.secrets = secrets;
		this.rows = [];
	}

	/** Runs one check; `unavailable(error)` says when an error means "not in this tenant". */
	async check(name, run, unavailable = () => false) {
		const from = this.requests.length;
		let result;
		try {
			result = await run();
		} catch (error) {
			result = { error };
		}
		const error = result?.error;
		const sent = this.requests.slice(from).filter((r) => !/\/oauth\/token$/.test(r.request.path));
		const last = sent.at(-1);
		const verdict = !error ? 'pass' : unavailable(error) ? 'n/a' : 'FAIL';
		this.rows.push({
			name,
			request: last?.line ?? '(none)',
			status: last?.status ?? error?.httpCode ?? '',
			says: error ? vendorText(error) : '',
			verdict,
		});
		return result;
	}

	eset(parameters) {
		return this.engine.run({ node: 'esetIncident', parameters });
	}

	/** The rows as a table, every secret redacted. */
	report() {
		const header = ['check', 'request', 'status', 'ESET says', 'verdict'];
		const lines = [
			header,
			...this.rows.map((r) => [r.name, r.request, String(r.status), r.says, r.verdict]),
		];
		return lines.map((cells) => redact(cells.join(' | '), this.secrets())).join('\n');
	}
}

const FIRST = { limit: 1 };

/** The token request and the credential test n8n runs. */
async function credentialChecks(live) {
	await live.check('credential test (token request + one incident)', async () => {
		const outcome = await live.engine.testCredential('esetConnectApi');
		return outcome.status === 'OK' ? {} : { error: { message: outcome.message } };
	});
}

/** Incident → Get Many with each filter-builder condition on its own, then Get. */
async function incidentChecks(live) {
	const listed = await live.check('incident: Get Many', () =>
		live.eset({ resource: 'incident', operation: 'getAll', ...FIRST }),
	);
	const first = listed?.json?.[0];
	if (!first) return undefined;
	const detail = await live.check('incident: Get (with detections, comments, indicators)', () =>
		live.eset({
			resource: 'incident',
			operation: 'get',
			incidentUuid: first.uuid,
			include: ['detections', 'comments', 'indicators'],
		}),
	);
	const incident = detail?.json?.[0] ?? first;
	const conditions = {
		status: [first.status ?? 'INCIDENT_STATUS_OPEN'],
		severity: [first.severity ?? 'INCIDENT_SEVERITY_LEVEL_HIGH'],
		createdAfter: first.createTime,
		createdBefore: first.createTime,
		updatedAfter: first.updateTime,
		updatedBefore: first.updateTime,
		assigneeUuid: first.assigneeUuid || '00000000-0000-0000-0000-000000000000',
		displayNameContains: String(first.displayName ?? 'a').slice(0, 12) || 'a',
		tag: first.tags?.[0] ?? 'n8n-live-check',
		deviceUuid: incident.deviceUuids?.[0] ?? '00000000-0000-0000-0000-000000000000',
	};
	for (const [name, value] of Object.entries(conditions)) {
		if (value === undefined) continue;
		await live.check(`incident: Get Many, filter ${name}`, () =>
			live.eset({
				resource: 'incident',
				operation: 'getAll',
				...FIRST,
				filters: { [name]: value },
			}),
		);
	}
	await live.check('incident: Get Many, sort', () =>
		live.eset({
			resource: 'incident',
			operation: 'getAll',
			...FIRST,
			sort: { rules: [{ field: 'update_time', direction: 'desc' }] },
		}),
	);
	await live.check('comment: Get Many', () =>
		live.eset({
			resource: 'comment',
			operation: 'getAll',
			commentIncidentUuid: first.uuid,
			returnAll: true,
		}),
	);
	const comment = incident.comments?.[0];
	if (comment)
		await live.check('comment: Get', () =>
			live.eset({
				resource: 'comment',
				operation: 'get',
				commentIncidentUuid: first.uuid,
				commentUuid: comment.uuid,
			}),
		);
	return first;
}

/** Detections from both sources, detection groups, EDR rules and exclusions: Get Many, then Get on the first. */
async function evidenceChecks(live) {
	const cloudOfficeMissing = (error) => String(error?.httpCode) === '501';
	const devices = await live.check('detection: Get Many (devices, v1)', () =>
		live.eset({ resource: 'detection', operation: 'getAll', ...FIRST }),
	);
	await live.check(
		'detection: Get Many (Cloud Office, v2)',
		() =>
			live.eset({ resource: 'detection', operation: 'getAll', source: 'cloudOffice', ...FIRST }),
		cloudOfficeMissing,
	);
	const detection = devices?.json?.[0];
	if (detection)
		await live.check('detection: Get', () =>
			live.eset({ resource: 'detection', operation: 'get', detectionUuid: detection.uuid }),
		);
	const groups = await live.check('detection group: Get Many', () =>
		live.eset({ resource: 'detectionGroup', operation: 'getAll', ...FIRST }),
	);
	const group = groups?.json?.[0];
	if (group)
		await live.check('detection group: Get', () =>
			live.eset({ resource: 'detectionGroup', operation: 'get', detectionGroupUuid: group.uuid }),
		);
	const searches = {
		'unresolved only': { unresolvedOnly: true },
		severity: { severity: ['HIGH'] },
		'raw filter': { rawFilter: 'resolved eq 0' },
	};
	if (group?.device?.uuid) searches.device = { deviceUuid: group.device.uuid };
	for (const [name, searchConditions] of Object.entries(searches)) {
		await live.check(`detection group: Search, ${name}`, () =>
			live.eset({ resource: 'detectionGroup', operation: 'search', searchConditions }),
		);
	}
	for (const [resource, idName] of [
		['edrRule', 'ruleUuid'],
		['edrRuleExclusion', 'exclusionUuid'],
	]) {
		const listed = await live.check(`${resource}: Get Many`, () =>
			live.eset({ resource, operation: 'getAll', ...FIRST }),
		);
		const first = listed?.json?.[0];
		if (first)
			await live.check(`${resource}: Get`, () =>
				live.eset({ resource, operation: 'get', [idName]: first.uuid }),
			);
	}
}

/** Devices: Get Many, Get and Get Many by UUIDs on the first; the incident's devices. */
async function deviceChecks(live, incident) {
	const listed = await live.check('device: Get Many', () =>
		live.eset({ resource: 'device', operation: 'getAll', ...FIRST }),
	);
	const device = listed?.json?.[0];
	if (device) {
		await live.check('device: Get', () =>
			live.eset({
				resource: 'device',
				operation: 'get',
				deviceUuid: { __rl: true, mode: 'id', value: device.uuid },
			}),
		);
		await live.check('device: Get Many by UUIDs', () =>
			live.eset({ resource: 'device', operation: 'getManyByUuids', deviceUuids: device.uuid }),
		);
	}
	if (incident)
		await live.check('incident: Get (with devices)', () =>
			live.eset({
				resource: 'incident',
				operation: 'get',
				incidentUuid: incident.uuid,
				include: ['devices'],
			}),
		);
}

/** Device tasks: Get Many, then Get and Get Runs on the first (never a task created: no isolation). */
async function deviceTaskChecks(live) {
	const listed = await live.check('device task: Get Many', () =>
		live.eset({ resource: 'deviceTask', operation: 'getAll', ...FIRST }),
	);
	const task = listed?.json?.[0];
	if (!task) return;
	const taskUuid = { __rl: true, mode: 'id', value: task.uuid };
	await live.check('device task: Get', () =>
		live.eset({ resource: 'deviceTask', operation: 'get', taskUuid }),
	);
	await live.check('device task: Get Runs', () =>
		live.eset({ resource: 'deviceTask', operation: 'getRuns', taskUuid }),
	);
}

/** Quarantine: Get Many, then Get on the first (never a download: its content stays in the tenant). */
async function quarantineChecks(live) {
	const listed = await live.check('quarantine: Get Many', () =>
		live.eset({ resource: 'quarantine', operation: 'getAll', ...FIRST }),
	);
	const object = listed?.json?.[0];
	if (!object) return;
	await live.check('quarantine: Get', () =>
		live.eset({
			resource: 'quarantine',
			operation: 'get',
			objectUuid: { __rl: true, mode: 'id', value: object.uuid },
		}),
	);
}

/** The trigger's exact poll queries: the first activation's, the next poll's window, Fetch Test Event. */
async function triggerChecks(live) {
	for (const event of [
		'incidentCreated',
		'incidentUpdated',
		'incidentCreatedOrUpdated',
		'incidentStatusChanged',
	]) {
		const trigger = live.engine.activateTrigger({
			node: 'esetIncidentTrigger',
			parameters: { event },
		});
		await live.check(`trigger ${event}: first poll`, async () => ({ json: await trigger.poll() }));
		await live.check(`trigger ${event}: next poll`, async () => ({ json: await trigger.poll() }));
		const test = live.engine.activateTrigger({
			node: 'esetIncidentTrigger',
			parameters: { event },
			mode: 'manual',
		});
		await live.check(`trigger ${event}: Fetch Test Event`, async () => ({
			json: await test.poll(),
		}));
	}
}

async function aegisterChecks(live, { env }) {
	if (!env.AEGISTER_TOKEN) return;
	const aegister = (parameters) => live.engine.run({ node: 'aegisterIncident', parameters });
	await live.check('aegister: credential test', async () => {
		const outcome = await live.engine.testCredential('aegisterApi');
		return outcome.status === 'OK' ? {} : { error: { message: outcome.message } };
	});
	await live.check('aegister: organization Get Many', () =>
		aegister({ resource: 'organization', operation: 'getAll', limit: 5 }),
	);
	if (!env.AEGISTER_ORGANIZATION_ID) return;
	const organization = { __rl: true, mode: 'id', value: env.AEGISTER_ORGANIZATION_ID };
	await live.check('aegister: threat intel Enrich (a documentation IP)', () =>
		aegister({
			resource: 'threatIntel',
			operation: 'enrich',
			organization,
			indicators: { indicator: [{ type: 'ip', value: '192.0.2.1' }] },
		}),
	);
}

/** With --writes --incident: a comment created, updated and deleted on that incident. */
async function writeChecks(live, { incident }) {
	const created = await live.check('comment: Create (--writes)', () =>
		live.eset({
			resource: 'comment',
			operation: 'create',
			commentIncidentUuid: incident,
			text: 'n8n-nodes-security-incidents live check: this comment is deleted again.',
		}),
	);
	const comment = created?.json?.[0]?.uuid;
	if (!comment) return;
	await live.check('comment: Update (--writes)', () =>
		live.eset({
			resource: 'comment',
			operation: 'update',
			commentIncidentUuid: incident,
			commentUuid: comment,
			newText: 'n8n live check (updated)',
		}),
	);
	await live.check('comment: Delete (--writes)', () =>
		live.eset({
			resource: 'comment',
			operation: 'delete',
			commentIncidentUuid: incident,
			commentUuid: comment,
		}),
	);
}

async function main() {
	const config = configuration();
	if (config.problems.length) {
		console.error(`check:live: ${config.problems.join('; ')}. See docs/live-check.md.`);
		return 2;
	}
	const requests = recordRequests();
	const engine = await createEngine();
	engine.setCredentials(credentials(config));
	const secrets = () => [
		config.env.ESET_PASSWORD,
		`${config.env.ESET_USERNAME}:${config.env.ESET_PASSWORD}`,
		config.env.AEGISTER_TOKEN,
		engine.storedCredentials('esetConnectApi')?.accessToken,
	];
	const live = new LiveCheck(engine, requests, secrets);
	try {
		await credentialChecks(live);
		const incident = await incidentChecks(live);
		await evidenceChecks(live);
		await deviceChecks(live, incident);
		await deviceTaskChecks(live);
		await quarantineChecks(live);
		await triggerChecks(live);
		await aegisterChecks(live, config);
		if (config.writes) await writeChecks(live, config);
	} finally {
		shutdownEngine();
	}
	console.log(live.report());
	const count = (verdict) => live.rows.filter((r) => r.verdict === verdict).length;
	console.log(
		`\n${count('pass')} passed, ${count('FAIL')} failed, ${count('n/a')} not available for this tenant (${live.rows.length} checks)`,
	);
	if (count('FAIL'))
		console.log(
			'A row failed: send the failing rows (they hold no secret) with your n8n and package versions; see docs/live-check.md.',
		);
	return count('FAIL') ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		const { ESET_PASSWORD, AEGISTER_TOKEN } = process.env;
		console.error(
			redact(`check:live stopped: ${error?.message ?? error}`, [ESET_PASSWORD, AEGISTER_TOKEN]),
		);
		process.exit(1);
	},
);
