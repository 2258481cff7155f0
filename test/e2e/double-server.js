// @ts-check
'use strict';
/**
 * The API double of the test suite (test/support/api-double.js) as a server of its own, for n8n
 * processes to call, plus a control plane under /__control/ for the end-to-end runner:
 *
 *   GET  /__control/health                 → { ok: true }
 *   GET  /__control/credentials            → credential data for esetConnectApi and aegisterApi
 *   POST /__control/reset  {keepTokens?}   → forget requests and scripts, reseed the data
 *                                            (keepTokens, default true: ESET tokens already issued
 *                                            stay valid, since n8n keeps the token it stored)
 *   GET  /__control/requests[?since=n]     → recorded requests (with the status and body answered)
 *   POST /__control/script {method?, path?, pathEndsWith?, status, body?, headers?, times?}
 *                                          → answer matching requests with that response
 *   POST /__control/eset   {…}             → set ESET behaviour switches (slowResponses, latencyMs,
 *                                            taskRunOutcomes: how a device's task runs end, e.g.
 *                                            {"device-6": "TASK_RUN_STATUS_FAILED"}, …)
 *   GET  /__control/eset                   → ESET counters: { tokens, tooManyRequestsSent, maxInFlight }
 *   POST /__control/incidents {upsert: [incident, …]}
 *                                          → add ESET incidents, or change those with that uuid
 *   POST /__control/seed {esetIncidents?, aegisterIncidents?, esetToken?}
 *                                          → bulk data (and a bearer token that stays valid) for the benchmark
 *   POST /__control/stop                   → stop the server and exit
 *
 * Run alone: `node test/e2e/double-server.js [port]` prints {"url": …} once listening.
 */
const { ApiDouble } = require('../support/api-double');

/** Switches of `ApiDouble.eset` that may be set over the control plane. */
const ESET_SWITCHES = [
	'keepOldTokensValid',
	'requestsPerSecondLimit',
	'slowResponses',
	'pollsUntilReady',
	'latencyMs',
	'batchGetUnsupported',
	'taskRunOutcomes',
	'taskRunPollsUntilDone',
];

class ControlledApiDouble extends ApiDouble {
	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	receive(req, res) {
		if (!(req.url ?? '').startsWith('/__control/')) {
			super.receive(req, res);
			return;
		}
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const send = (/** @type {number} */ status, /** @type {any} */ body) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			try {
				const raw = Buffer.concat(chunks).toString('utf8');
				const url = new URL(req.url ?? '/', 'http://control');
				const answer = this.control(
					`${req.method} ${url.pathname}`,
					raw ? JSON.parse(raw) : {},
					url,
				);
				if (answer) send(answer.status, answer.body);
			} catch (error) {
				send(500, { error: String(error) });
			}
		});
	}

	/**
	 * One control-plane call: `route` is "METHOD /__control/…". Returns the answer, or undefined
	 * when it answered itself (stop). Subclasses add routes and hand the others on.
	 * @param {string} route @param {any} body @param {URL} url
	 * @returns {{ status: number, body: any } | undefined}
	 */
	control(route, body, url) {
		const ok = (/** @type {any} */ answer = { ok: true }) => ({ status: 200, body: answer });
		if (route === 'GET /__control/health') return ok({ ok: true, url: this.url });
		if (route === 'GET /__control/credentials') return ok(this.credentials());
		if (route === 'GET /__control/requests')
			return ok(this.requests.slice(Number(url.searchParams.get('since') ?? 0)));
		if (route === 'POST /__control/reset') {
			const tokens = this.eset.tokens;
			this.reset();
			if (body.keepTokens !== false) this.eset.tokens = tokens;
			return ok();
		}
		if (route === 'POST /__control/script') {
			const { method, path, pathEndsWith, status, headers, times = 1 } = body;
			if (typeof status !== 'number')
				return { status: 400, body: { error: 'status (a number) is required' } };
			this.script(
				(r) =>
					(!method || r.method === String(method).toUpperCase()) &&
					(!path || r.path === path) &&
					(!pathEndsWith || r.path.endsWith(pathEndsWith)),
				{ status, headers, body: body.body },
				times,
			);
			return ok();
		}
		if (route === 'POST /__control/eset') {
			for (const [key, value] of Object.entries(body)) {
				if (!ESET_SWITCHES.includes(key))
					return { status: 400, body: { error: `unknown ESET switch ${key}` } };
				/** @type {any} */ (this.eset)[key] = value;
			}
			return ok();
		}
		if (route === 'GET /__control/eset') {
			const { tokens, tooManyRequestsSent, maxInFlight } = this.eset;
			return ok({ tokens: tokens.length, tooManyRequestsSent, maxInFlight });
		}
		if (route === 'POST /__control/incidents') {
			for (const incident of body.upsert ?? []) {
				const existing = this.eset.incidents.find((i) => i.uuid === incident.uuid);
				if (existing) Object.assign(existing, incident);
				else this.eset.incidents.push(incident);
			}
			return ok();
		}
		if (route === 'POST /__control/seed') {
			if (body.esetIncidents) this.seedEsetIncidents(Number(body.esetIncidents));
			if (body.aegisterIncidents) this.seedAegisterIncidents(Number(body.aegisterIncidents));
			if (body.esetToken) this.eset.tokens.push(String(body.esetToken));
			return ok();
		}
		if (route === 'POST /__control/stop') {
			setImmediate(() => this.stop().then(() => process.exit(0)));
			return ok();
		}
		return { status: 404, body: { error: `no control route ${route}` } };
	}

	/**
	 * Records the status and body each request was answered with, so that the runner can tell an
	 * accepted call from one the double refused, and knows what a list call returned.
	 * @param {import('../support/api-double').RecordedRequest & { status?: number, responseBody?: any }} request
	 */
	answer(request) {
		const response = super.answer(request);
		request.status = response.status;
		request.responseBody = response.body;
		return response;
	}
}

async function startDoubleServer(port = 0) {
	const double = new ControlledApiDouble();
	const url = await double.start(port);
	return { double, url };
}

module.exports = { ControlledApiDouble, startDoubleServer };

if (require.main === module) {
	startDoubleServer(Number(process.argv[2] ?? 0)).then(({ double, url }) => {
		process.stdout.write(`${JSON.stringify({ url })}\n`);
		const stop = () => double.stop().then(() => process.exit(0));
		process.on('SIGTERM', stop);
		process.on('SIGINT', stop);
	});
}
