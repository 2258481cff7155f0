// @ts-check
'use strict';
/**
 * A real `n8n start` of one installation, driven through n8n's own REST API the way the editor
 * drives it: owner setup, login (cookie `n8n-auth` bound to a `browser-id` header), credentials,
 * credential tests, workflows and manual runs. Used by the scenarios that need a running server
 * (the credential fingerprint) and by the editor walk-through (test/editor/walkthrough.js).
 *
 * Endpoints, as read in the dist code of n8n 1.123.81 and 2.41.1 (both the same unless noted):
 *   POST  /rest/owner/setup            {email, firstName, lastName, password}   (skipAuth)
 *   POST  /rest/login                  {emailOrLdapLoginId, password}           (skipAuth)
 *   POST  /rest/credentials            {name, type, data}
 *   GET   /rest/credentials/:id?includeData=true   data with secrets replaced by n8n's sentinels
 *   PATCH /rest/credentials/:id        {id, name, type, data, …}; sentinels are "unredacted"
 *   POST  /rest/credentials/test       {credentials: {id, name, type, data}} → {status, message}
 *   POST  /rest/workflows              {name, nodes, connections, settings}
 *   POST  /rest/workflows/:id/run      1.x: {workflowData, triggerToStartFrom}; 2.x: the
 *                                      workflow comes from the database, {triggerToStartFrom}
 *   GET   /rest/executions/:id         {status, finished, data (flatted JSON of the run)}
 * Every answer is wrapped in {data: …}.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');

const { killGroup } = require('./util');

/** The owner every server run sets up (test-only; the password meets n8n's rules). */
const OWNER = {
	email: 'e2e-owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-owner-Passw0rd',
};

/** n8n's sentinels for a redacted secret (n8n-workflow constants; the same in 1.x and 2.x). */
const CREDENTIAL_BLANKING_VALUE = '__n8n_BLANK_VALUE_e5362baf-c777-4d57-a609-6eaf1f9e87f6';
const CREDENTIAL_EMPTY_VALUE = '__n8n_EMPTY_VALUE_7b1af746-3729-4c60-9b9b-e08eb29e58da';

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

class RestError extends Error {
	/** @param {string} message @param {number} status @param {any} body */
	constructor(message, status, body) {
		super(message);
		this.status = status;
		this.body = body;
	}
}

class N8nServer {
	/**
	 * @param {import('./n8n').N8nInstance} instance  a prepared instance (user folder, ports, env)
	 * @param {{ label?: string, env?: NodeJS.ProcessEnv }} [options]
	 */
	constructor(instance, options = {}) {
		this.instance = instance;
		this.label = options.label ?? 'server';
		this.extraEnv = options.env ?? {};
		this.url = `http://127.0.0.1:${instance.port}`;
		this.log = instance.logFile(`n8n-start-${this.label}`);
		/** @type {import('node:child_process').ChildProcess | undefined} */
		this.child = undefined;
		this.cookie = '';
		this.browserId = randomUUID();
		/** @type {(() => void) | undefined} */
		this.onExit = undefined;
		this.exited = false;
		this.startedMs = 0;
	}

	/** The major version line: 1 or 2. */
	get major() {
		return Number(this.instance.target.n8n.split('.')[0]);
	}

	/**
	 * `n8n start` in its own process group, logging into `this.log`; resolves once
	 * /healthz/readiness answers 200, rejects after `timeoutMs` or when n8n exits first.
	 */
	async start(timeoutMs = 180_000) {
		const started = Date.now();
		const out = fs.openSync(this.log, 'a');
		fs.writeSync(
			out,
			`$ ${this.instance.nodeBin} ${this.instance.n8nBin} start  (port ${this.instance.port}, broker ${this.instance.brokerPort})\n`,
		);
		const child = spawn(this.instance.nodeBin, [this.instance.n8nBin, 'start'], {
			cwd: this.instance.workDir,
			env: {
				...this.instance.env(),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_SECURE_COOKIE: 'false',
				N8N_EDITOR_BASE_URL: this.url,
				...this.extraEnv,
			},
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		this.child = child;
		this.exited = false;
		const kill = () => killGroup(child.pid, 'SIGKILL');
		this.onExit = kill;
		process.on('exit', kill);
		child.on('exit', () => (this.exited = true));
		for (;;) {
			if (this.exited) throw new Error(`n8n start exited before it was ready (log: ${this.log})`);
			if (Date.now() - started > timeoutMs) {
				await this.stop();
				throw new Error(`n8n start was not ready within ${timeoutMs / 1000} s (log: ${this.log})`);
			}
			try {
				// Ready: the database is up (readiness), and the REST controllers are registered (n8n 1.x
				// answers readiness before them): an unauthenticated call is refused, not unknown.
				const response = await fetch(`${this.url}/healthz/readiness`, {
					signal: AbortSignal.timeout(2000),
				});
				if (response.status === 200) {
					const probe = await fetch(`${this.url}/rest/workflows`, {
						signal: AbortSignal.timeout(2000),
					});
					if (probe.status === 401) break;
				}
			} catch {
				// not listening yet
			}
			await sleep(500);
		}
		this.startedMs = Date.now() - started;
		return this.startedMs;
	}

	/** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when n8n has exited. */
	async stop(graceMs = 15_000) {
		const child = this.child;
		if (!child || !child.pid) return;
		if (!this.exited) {
			const exited = new Promise((resolve) => child.once('exit', resolve));
			killGroup(child.pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
			await Promise.race([exited, sleep(graceMs + 5000)]);
			clearTimeout(timer);
		}
		// whatever n8n started in its group (task runners) goes too
		killGroup(child.pid, 'SIGKILL');
		if (this.onExit) process.off('exit', this.onExit);
		this.child = undefined;
	}

	/**
	 * One REST call as the editor makes it (cookie, browser-id); resolves with the unwrapped
	 * `data`, throws a RestError for a non-2xx answer.
	 * @param {string} method @param {string} route  below /rest @param {any} [body]
	 * @param {{ timeoutMs?: number }} [options]
	 */
	async rest(method, route, body, options = {}) {
		const response = await fetch(`${this.url}/rest${route}`, {
			method,
			headers: {
				'content-type': 'application/json',
				accept: 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await response.text();
		/** @type {any} */
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		if (!response.ok) {
			throw new RestError(
				`${method} /rest${route} answered ${response.status}: ${typeof json === 'string' ? json.slice(0, 300) : JSON.stringify(json)?.slice(0, 300)}`,
				response.status,
				json,
			);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Owner setup (once per user folder: a later start only logs in), then login. */
	async setupOwnerAndLogin() {
		try {
			await this.rest('POST', '/owner/setup', OWNER);
		} catch (error) {
			// another `n8n start` of this user folder set the owner up already
			if (!(error instanceof RestError) || !/already setup/i.test(error.message)) throw error;
		}
		await this.login();
	}

	/** Login as the owner: the cookie is kept for every later call. */
	async login() {
		this.cookie = '';
		await this.rest('POST', '/login', {
			emailOrLdapLoginId: OWNER.email,
			password: OWNER.password,
		});
		if (!this.cookie) throw new Error('n8n answered the login without an n8n-auth cookie');
	}

	/** @param {string} name @param {string} type @param {Record<string, any>} data */
	async createCredential(name, type, data) {
		return await this.rest('POST', '/credentials', { name, type, data });
	}

	/** The credential as the editor loads it: secrets replaced by n8n's sentinels. @param {string} id */
	async credentialForEditor(id) {
		return await this.rest('GET', `/credentials/${id}?includeData=true`);
	}

	/**
	 * The form data the editor holds for a stored credential (useCredentialForm in n8n's editor:
	 * the redacted data without empty values), with `changes` typed in by the user. Fields the
	 * user did not touch keep n8n's sentinels, which the server replaces with the stored values.
	 * @param {string} id @param {Record<string, any>} [changes]
	 */
	async editorForm(id, changes = {}) {
		const credential = await this.credentialForEditor(id);
		const data = Object.fromEntries(
			Object.entries(credential.data ?? {}).filter(([, v]) => v !== ''),
		);
		return { credential, data: { ...data, ...changes } };
	}

	/**
	 * Saves a credential as the editor's credential modal does: PATCH with the whole form.
	 * @param {string} id @param {Record<string, any>} changes
	 */
	async saveCredentialAsEditor(id, changes) {
		const { credential, data } = await this.editorForm(id, changes);
		return await this.rest('PATCH', `/credentials/${id}`, {
			id,
			name: credential.name,
			type: credential.type,
			data,
			isGlobal: false,
		});
	}

	/**
	 * The editor's credential test (the modal runs it after each save, and on "Retry"):
	 * `{status: 'OK' | 'Error', message}`.
	 * @param {string} id
	 */
	async testCredentialAsEditor(id) {
		const { credential, data } = await this.editorForm(id);
		return await this.rest(
			'POST',
			'/credentials/test',
			{ credentials: { id, name: credential.name, type: credential.type, data } },
			{ timeoutMs: 90_000 },
		);
	}

	/** @param {any} workflow  nodes, connections, settings, name */
	async createWorkflow(workflow) {
		const {
			id: _id,
			versionId: _versionId,
			active: _active,
			pinData: _pinData,
			...rest
		} = workflow;
		return await this.rest('POST', '/workflows', { ...rest, active: false });
	}

	/** Activates a saved workflow (its triggers start polling or listening), as the editor's toggle does. @param {any} workflow  as returned by createWorkflow */
	async activateWorkflow(workflow) {
		return await this.rest('POST', `/workflows/${workflow.id}/activate`, {
			versionId: workflow.versionId,
		});
	}

	/** @param {any} workflow  as returned by createWorkflow */
	async deactivateWorkflow(workflow) {
		return await this.rest('POST', `/workflows/${workflow.id}/deactivate`, {});
	}

	/**
	 * Runs a saved workflow from its trigger as the editor's "Execute workflow" does, and waits
	 * (bounded) for the execution to finish.
	 * @param {any} workflow  as returned by createWorkflow
	 * @param {string} triggerName
	 * @param {{ timeoutMs?: number, flatted: { parse: (s: string) => any } }} options
	 * @returns {Promise<{ executionId: string, status: string, runData: any, error: any, lastNodeExecuted?: string, ms: number, raw: any }>}
	 */
	async runWorkflow(workflow, triggerName, options) {
		const started = Date.now();
		const timeoutMs = options.timeoutMs ?? 120_000;
		const body =
			this.major >= 2
				? { triggerToStartFrom: { name: triggerName } }
				: { workflowData: workflow, triggerToStartFrom: { name: triggerName } };
		const answer = await this.rest('POST', `/workflows/${workflow.id}/run`, body);
		const executionId = answer?.executionId;
		if (!executionId)
			throw new Error(
				`POST /rest/workflows/${workflow.id}/run answered ${JSON.stringify(answer)}, not an execution id`,
			);
		for (;;) {
			/** @type {any} */
			let execution;
			try {
				execution = await this.rest('GET', `/executions/${executionId}`);
			} catch (error) {
				// not saved yet
				if (!(error instanceof RestError) || error.status !== 404) throw error;
			}
			const status = execution?.status;
			const run =
				execution && typeof execution.data === 'string'
					? options.flatted.parse(execution.data)
					: execution?.data;
			const resultData = run?.resultData ?? {};
			// With sqlite (pool size 0) n8n 1.x saves an execution's status and its data in two updates
			// (ExecutionRepository.updateExistingExecution): a finished status can come with the data
			// of the start for a moment. The final data names the last node executed.
			const complete = !!resultData.lastNodeExecuted || !!resultData.error;
			if (execution && ['success', 'error', 'crashed', 'canceled'].includes(status) && complete) {
				return {
					executionId,
					status,
					runData: resultData.runData,
					error: resultData.error,
					lastNodeExecuted: resultData.lastNodeExecuted,
					ms: Date.now() - started,
					raw: { ...execution, data: run },
				};
			}
			if (Date.now() - started > timeoutMs)
				throw new Error(
					`execution ${executionId} did not finish within ${timeoutMs / 1000} s (status ${status})`,
				);
			await sleep(300);
		}
	}
}

/**
 * n8n's own copy of `flatted` (the format of an execution's data), from the n8n installation.
 * @param {string} n8nDir  the folder holding node_modules/n8n
 */
function n8nFlatted(n8nDir) {
	const { createRequire } = require('node:module');
	const requireFromN8n = createRequire(path.join(n8nDir, 'node_modules', 'n8n', 'package.json'));
	return requireFromN8n('flatted');
}

module.exports = {
	N8nServer,
	RestError,
	n8nFlatted,
	OWNER,
	CREDENTIAL_BLANKING_VALUE,
	CREDENTIAL_EMPTY_VALUE,
};
