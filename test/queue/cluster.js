// @ts-check
'use strict';
/**
 * n8n processes sharing one PostgreSQL database (and, in queue mode, one Redis): a main process
 * that receives the webhooks and W `n8n worker` processes that execute them. Each process has its
 * own user folder with this package installed as a community package, and its own task-runner
 * broker port; all share one encryption key (N8nInstance sets it).
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const { N8nInstance } = require('../e2e/n8n');
const { tail } = require('../e2e/util');
const { startDaemon, waitForHttp } = require('./processes');

/**
 * @typedef {object} Install
 * @property {import('../e2e/config').Target} target
 * @property {{ bin: string, packageDir: string }} node
 * @property {{ bin: string, dir: string }} n8n
 */

/**
 * One n8n user folder with the package installed in it.
 * @param {Install} install @param {string} workDir @param {string} tarball @param {string} packageName
 */
async function preparedInstance(install, workDir, tarball, packageName) {
	const instance = new N8nInstance({
		target: install.target,
		n8nBin: install.n8n.bin,
		nodeBin: install.node.bin,
		nodePackageDir: install.node.packageDir,
		n8nDir: install.n8n.dir,
		workDir,
	});
	await instance.prepare();
	const installed = await instance.installCommunityPackage(tarball, packageName);
	if (!installed.ok)
		throw new Error(
			`installing the package into ${instance.userFolder} failed (log: ${installed.log})\n${tail(installed.log)}`,
		);
	return instance;
}

/**
 * Settings every process of the cluster shares.
 * @param {{ host: string, port: number, user: string, database: string }} postgres
 * @param {{ host: string, port: number } | undefined} redis  undefined: regular mode (one process)
 * @param {string} prefix  Bull's key prefix, fresh per run
 */
function clusterEnv(postgres, redis, prefix) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: postgres.host,
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: postgres.database,
		EXECUTIONS_MODE: redis ? 'queue' : 'regular',
		...(redis
			? {
					QUEUE_BULL_REDIS_HOST: redis.host,
					QUEUE_BULL_REDIS_PORT: String(redis.port),
					QUEUE_BULL_PREFIX: prefix,
				}
			: {}),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		// the run's own numbers are the measure; n8n's pruning would only add database work
		EXECUTIONS_DATA_PRUNE: 'false',
		// stopping (after the run, on failure, on Ctrl-C) need not wait 30 s for running executions
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	};
}

/**
 * Starts n8n main (`n8n start`) and, in queue mode, `workers` × `n8n worker`, and waits until all
 * are ready.
 * @param {{ main: N8nInstance, workers: N8nInstance[], env: Record<string, string>, concurrency: number, label: string, readyMs: number }} options
 */
async function startCluster(options) {
	const { main, workers, env, label } = options;
	const started = [];
	const mainDaemon = startDaemon(`n8n main (${label})`, main.nodeBin, [main.n8nBin, 'start'], {
		cwd: main.workDir,
		env: { ...main.env(), ...env },
		log: path.join(main.logDir, `main-${label}.log`),
	});
	started.push(mainDaemon);
	const workerDaemons = workers.map((worker, i) => {
		const daemon = startDaemon(
			`n8n worker ${i + 1} (${label})`,
			worker.nodeBin,
			[worker.n8nBin, 'worker', `--concurrency=${options.concurrency}`],
			{
				cwd: worker.workDir,
				env: { ...worker.env(), ...env },
				log: path.join(worker.logDir, `worker-${label}.log`),
			},
		);
		started.push(daemon);
		return daemon;
	});
	await Promise.all([
		waitForHttp(`http://127.0.0.1:${main.port}/healthz/readiness`, options.readyMs, mainDaemon),
		...workerDaemons.map((daemon) => daemon.waitFor(/n8n worker is now ready/i, options.readyMs)),
	]);
	return {
		main: mainDaemon,
		workers: workerDaemons,
		url: `http://127.0.0.1:${main.port}`,
		async stop() {
			await Promise.all(started.map((daemon) => daemon.stop()));
		},
		/** lines about this package's nodes, or a node type a process does not know, in any log */
		problems() {
			return started.flatMap((daemon) =>
				daemon
					.output()
					.split('\n')
					.filter((line) => /Unrecognized node type|NodeApiError|ESET Connect answered/.test(line))
					.slice(0, 5)
					.map((line) => `${daemon.name}: ${line.trim().slice(0, 300)}`),
			);
		},
	};
}

/**
 * Webhook → Code (one item per incident UUID of the body) → ESET Incident Close with the node's
 * default options (or the Requests per Second given). The webhook answers when the last node
 * finished, with every item, so that each call tells how its items ended; "On Error: Continue"
 * keeps a failed item in that answer.
 * @param {string} id @param {string} webhookPath @param {string} packageName @param {{ id: string, name: string }} credential
 * @param {number} [requestsPerSecond]
 */
function closeWorkflow(id, webhookPath, packageName, credential, requestsPerSecond) {
	return {
		id,
		name: 'Queue mode: Webhook → Code (fan-out) → ESET Close',
		versionId: randomUUID(),
		active: false,
		nodes: [
			{
				parameters: {
					httpMethod: 'POST',
					path: webhookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
			},
			{
				parameters: {
					jsCode: 'return $input.first().json.body.incidents.map((uuid) => ({ json: { uuid } }));',
				},
				id: randomUUID(),
				name: 'Fan out',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
			},
			{
				parameters: {
					resource: 'incident',
					operation: 'close',
					incidentUuid: '={{ $json.uuid }}',
					...(requestsPerSecond === undefined ? {} : { options: { requestsPerSecond } }),
				},
				id: randomUUID(),
				name: 'ESET Close',
				type: `${packageName}.esetIncident`,
				typeVersion: 1,
				position: [440, 0],
				credentials: { esetConnectApi: credential },
				onError: 'continueRegularOutput',
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Fan out', type: 'main', index: 0 }]] },
			'Fan out': { main: [[{ node: 'ESET Close', type: 'main', index: 0 }]] },
		},
		pinData: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Imports the credentials and the workflow into the shared database and publishes the workflow
 * (n8n 2.x), before any server runs: main activates it, and registers its webhook, at start.
 * @param {N8nInstance} instance @param {Record<string, string>} env @param {any[]} credentials @param {any} workflow
 */
async function importAndPublish(instance, env, credentials, workflow) {
	const credentialsFile = path.join(instance.workDir, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
	const workflowFile = path.join(instance.workDir, 'workflow.json');
	fs.writeFileSync(workflowFile, JSON.stringify(workflow, null, 2));
	for (const [args, label] of /** @type {Array<[string[], string]>} */ ([
		[['import:credentials', `--input=${credentialsFile}`], 'import-credentials'],
		[['import:workflow', `--input=${workflowFile}`], 'import-workflow'],
		// n8n 1.x activates with update:workflow; 2.x publishes
		instance.target.n8n.startsWith('1.')
			? [['update:workflow', `--id=${workflow.id}`, '--active=true'], 'activate-workflow']
			: [['publish:workflow', `--id=${workflow.id}`], 'publish-workflow'],
	])) {
		const result = await instance.n8n(args, label, 5 * 60_000, env);
		if (result.code !== 0 || result.timedOut)
			throw new Error(`n8n ${args[0]} failed (log: ${result.log})\n${tail(result.log)}`);
	}
}

module.exports = { preparedInstance, clusterEnv, startCluster, closeWorkflow, importAndPublish };
