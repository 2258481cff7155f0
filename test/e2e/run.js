#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * End-to-end run of this package in real n8n releases (`npm run test:e2e`):
 *
 *  1. installs the pinned n8n releases, each with its own Node from the npm registry, into a cache
 *     folder (reused once complete);
 *  2. builds and packs this package and installs the tarball as a community package into a fresh
 *     n8n user folder per release;
 *  3. starts the API double (test/e2e/double-server.js) and imports credentials pointing at it;
 *  4. imports the example workflows (triggers swapped for a Manual Trigger) and harness workflows,
 *     runs each with `n8n execute`, and checks the requests the double received and n8n's output,
 *     including one failing scenario per node;
 *  5. prints a compatibility table (also written to the work folder) and exits non-zero on any
 *     failure.
 *
 * Environment:
 *   E2E_CACHE_DIR          cache folder (default ${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-security-incidents/e2e)
 *   E2E_WORK_DIR           work folder for this run (default $E2E_CACHE_DIR/work; wiped at start)
 *   E2E_N8N_VERSIONS       only these n8n versions, comma-separated prefixes (e.g. "1.123" or "2.")
 *   E2E_SCENARIOS          only scenarios whose id contains one of these comma-separated strings
 *   E2E_INSTALL_PARALLEL   "0" installs one release after the other (default: in parallel)
 *   E2E_SKIP_BUILD         "1" packs the existing dist/ without `npm run build`
 *   E2E_TARBALL            test this package tarball instead of building and packing the repository
 *                          (e.g. one fetched with `npm pack n8n-nodes-security-incidents@<version>`)
 *   E2E_SELF_CHECK         "routing" (or "1"): test a copy of the package with wrong request paths;
 *                          "install": install the package where n8n does not look for it.
 *                          Either way the run succeeds only if the harness reports the breakage.
 */
const fs = require('node:fs');
const path = require('node:path');

const { REPO_ROOT, TARGETS, CACHE_DIR, WORK_DIR } = require('./config');
const { buildAndPack, startDouble } = require('./setup');
const { ensureNode, ensureN8n, n8nDir } = require('./install');
const { N8nInstance } = require('./n8n');
const { N8nServer, n8nFlatted } = require('./server');
const { SCENARIOS: BASE_SCENARIOS, missingInBuild, unknownBuiltInNodes } = require('./scenarios');
const { AI_SCENARIOS } = require('./ai-scenarios');
const { credentialsFile, readExample, PACKAGE_NAME } = require('./workflows');
const { run, tail, seconds } = require('./util');

const started = Date.now();
const say = (/** @type {string} */ line) =>
	console.log(`[e2e ${seconds(Date.now() - started).padStart(6)}] ${line}`);

const SELF_CHECK = (process.env.E2E_SELF_CHECK ?? '').trim().toLowerCase();
if (SELF_CHECK && !['routing', 'install', '1'].includes(SELF_CHECK)) {
	console.error(`E2E_SELF_CHECK must be "routing" or "install", not ${JSON.stringify(SELF_CHECK)}`);
	process.exit(2);
}
const selfCheck = SELF_CHECK === '1' ? 'routing' : SELF_CHECK;

const versionFilter = (process.env.E2E_N8N_VERSIONS ?? '')
	.split(',')
	.map((v) => v.trim())
	.filter(Boolean);
const targets = TARGETS.filter(
	(t) => !versionFilter.length || versionFilter.some((v) => t.n8n.startsWith(v)),
);
const scenarioFilter = (process.env.E2E_SCENARIOS ?? '')
	.split(',')
	.map((v) => v.trim())
	.filter(Boolean);
const SCENARIOS = [...BASE_SCENARIOS, ...AI_SCENARIOS];
const scenarios = SCENARIOS.filter(
	(s) => !scenarioFilter.length || scenarioFilter.some((f) => s.id.includes(f)),
);

/** A row of the table that is a check of the package, not a workflow run. */
const IMPORTS_ROW = {
	id: 'package/n8n-workflow-imports',
	title: 'package: n8n-workflow exports it uses',
	expectFailure: false,
};
/**
 * n8n loads the package lazily (from dist/known and dist/types, without requiring the node files
 * at start-up) and the nodes still run: the first scenario that expects success runs once more with
 * debug logging, which names the loader n8n used.
 */
const LAZY_ROW = {
	id: 'package/lazy-loading',
	title: 'package: loaded lazily from dist/known + dist/types',
	expectFailure: false,
};
const LAZY_MANIFESTS = [
	'dist/known/nodes.json',
	'dist/known/credentials.json',
	'dist/types/nodes.json',
	'dist/types/credentials.json',
];
const ROWS = [IMPORTS_ROW, LAZY_ROW, ...scenarios];

/**
 * @typedef {object} Outcome
 * @property {'pass' | 'fail' | 'skip'} status
 * @property {string} [detail]
 * @property {string[]} [problems]
 * @property {string} [log]
 * @property {number} [ms]
 */

/** @param {import('./config').Target} target */
const columnOf = (target) => `n8n ${target.n8n} (Node ${target.node})`;

/**
 * A copy of the package whose request paths are wrong (ESET `/v2/incidents` → `/v2/incidentz`,
 * Aegister `V-Ciso` → `V-Cisco`), repacked: every scenario that expects a successful run must fail.
 * @param {string} tarball
 */
async function breakRouting(tarball) {
	const dir = path.join(WORK_DIR, 'broken-routing');
	const log = path.join(WORK_DIR, 'logs', 'broken-routing.log');
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const untar = await run('tar', ['-xzf', tarball, '-C', dir], { log });
	if (untar.code !== 0) throw new Error(`cannot unpack ${tarball}`);
	const packageDir = path.join(dir, 'package');
	const edits = { eset: 0, aegister: 0 };
	/** @param {string} folder */
	const walk = (folder) => {
		for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
			const file = path.join(folder, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (entry.name.endsWith('.js')) {
				const text = fs.readFileSync(file, 'utf8');
				const broken = text
					.replace(/\/v2\/incidents/g, () => (edits.eset++, '/v2/incidentz'))
					.replace(/V-Ciso/g, () => (edits.aegister++, 'V-Cisco'));
				if (broken !== text) fs.writeFileSync(file, broken);
			}
		}
	};
	walk(path.join(packageDir, 'dist', 'nodes'));
	if (!edits.eset || !edits.aegister)
		throw new Error(`self-check: found no request paths to break (${JSON.stringify(edits)})`);
	const pack = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', `--pack-destination=${dir}`],
		{ cwd: packageDir, log },
	);
	if (pack.code !== 0) throw new Error(`self-check: repacking failed (log: ${log})`);
	const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
	say(
		`self-check: broke ${edits.eset} ESET and ${edits.aegister} Aegister request paths in a copy of the package`,
	);
	return path.join(dir, path.basename(filename));
}

// ------------------------------------------------------------------ one n8n release

/** @type {Map<string, Map<string, Set<number>>>} */
const builtInNodesByInstall = new Map();

/** The packages of n8n's own nodes (AI nodes included) whose node types an example may use. */
const BUILT_IN_PACKAGES = ['n8n-nodes-base', '@n8n/n8n-nodes-langchain'];

/**
 * The node types and versions n8n's own node packages ship in an n8n install (their
 * dist/types/nodes.json).
 * @param {string} n8nInstallDir
 */
function builtInNodes(n8nInstallDir) {
	let known = builtInNodesByInstall.get(n8nInstallDir);
	if (!known) {
		known = new Map();
		for (const packageName of BUILT_IN_PACKAGES) {
			const file = path.join(
				n8nInstallDir,
				'node_modules',
				packageName,
				'dist',
				'types',
				'nodes.json',
			);
			for (const description of JSON.parse(fs.readFileSync(file, 'utf8'))) {
				const type = `${packageName}.${description.name}`;
				const versions = known.get(type) ?? new Set();
				for (const version of [description.version].flat()) versions.add(Number(version));
				known.set(type, versions);
			}
		}
		builtInNodesByInstall.set(n8nInstallDir, known);
	}
	return known;
}

/**
 * @param {import('./config').Target} target
 * @param {Promise<{ node: { bin: string, packageDir: string }, n8n: { bin: string, dir: string } }>} installed
 * @param {string} tarball
 * @returns {Promise<Map<string, Outcome>>}
 */
async function runTarget(target, installed, tarball) {
	/** @type {Map<string, Outcome>} */
	const outcomes = new Map();
	const failAll = (
		/** @type {string} */ detail,
		/** @type {string | undefined} */ log = undefined,
	) => {
		for (const s of ROWS)
			if (!outcomes.has(s.id)) outcomes.set(s.id, { status: 'fail', detail, log });
		return outcomes;
	};
	let install;
	try {
		install = await installed;
	} catch (error) {
		say(`n8n ${target.n8n}: install failed: ${error.message}`);
		return failAll(`n8n install failed: ${String(error.message).split('\n')[0]}`);
	}
	const label = `n8n ${target.n8n}`;
	const instance = new N8nInstance({
		target,
		n8nBin: install.n8n.bin,
		nodeBin: install.node.bin,
		nodePackageDir: install.node.packageDir,
		n8nDir: install.n8n.dir,
		workDir: path.join(WORK_DIR, `n8n-${target.n8n}`),
	});
	await instance.prepare();
	const double = await startDouble(path.join(instance.logDir, 'api-double.log'));
	try {
		say(`${label}: user folder ${instance.userFolder}; API double at ${double.url}`);

		const packageFolder =
			selfCheck === 'install'
				? path.join(instance.n8nFolder, 'nodes-misplaced')
				: instance.nodesFolder;
		const installPackage = await instance.installCommunityPackage(
			tarball,
			PACKAGE_NAME,
			packageFolder,
		);
		const installedDir = installPackage.dir;
		if (!installPackage.ok) {
			say(`${label}: installing the community package failed\n${tail(installPackage.log)}`);
			return failAll('community package install failed', installPackage.log);
		}
		say(`${label}: installed the package as a community package in ${installedDir}`);

		const describeLog = instance.logFile('describe-nodes');
		const describe = await run(
			install.node.bin,
			[path.join(__dirname, 'describe-nodes.js'), installedDir],
			{
				env: { ...process.env, NODE_PATH: path.join(install.n8n.dir, 'node_modules') },
				log: describeLog,
				timeoutMs: 60_000,
			},
		);
		if (describe.code !== 0) {
			say(`${label}: cannot read the package's node descriptions\n${tail(describeLog)}`);
			return failAll('node descriptions unreadable', describeLog);
		}
		const described = JSON.parse(describe.stdout);
		if (path.relative(install.n8n.dir, described.workflowPath).startsWith('..')) {
			say(
				`${label}: the installed package resolves n8n-workflow to ${described.workflowPath}, not to n8n's own copy in ${install.n8n.dir}`,
			);
			return failAll(
				`package resolves the wrong n8n-workflow (${described.workflowPath})`,
				describeLog,
			);
		}
		/** @type {Record<string, any>} */
		const nodes = described.nodes;
		const missingExports = Object.entries(
			/** @type {Record<string, string[]>} */ (described.missingWorkflowExports),
		);
		outcomes.set(
			IMPORTS_ROW.id,
			missingExports.length
				? {
						status: 'fail',
						problems: missingExports.map(
							([name, files]) =>
								`n8n-workflow ${described.workflowVersion} has no export ${name} (used in ${files.join(', ')})`,
						),
					}
				: { status: 'pass' },
		);
		say(
			`${label}: ${IMPORTS_ROW.id}: ${missingExports.length ? `FAIL: ${outcomes.get(IMPORTS_ROW.id)?.problems?.join('; ')}` : `pass (n8n-workflow ${described.workflowVersion})`}`,
		);
		for (const [name, info] of Object.entries(nodes)) {
			say(
				`${label}: ${name}: ${Object.entries(/** @type {any} */ (info).operations)
					.map(([r, ops]) => `${r}: ${ops.join(', ')}`)
					.join('; ')}`,
			);
		}

		const credentials = await instance.importCredentials(
			credentialsFile(await double.control('GET', 'credentials')),
		);
		if (credentials.code !== 0) {
			say(`${label}: n8n import:credentials failed\n${tail(credentials.log)}`);
			return failAll('import:credentials failed', credentials.log);
		}

		/** @type {Map<string, any>} */
		const workflows = new Map();
		/** @type {Map<string, any>} */
		const scenarioWorkflows = new Map();
		for (const scenario of scenarios) {
			const workflow = scenario.workflow(nodes, { doubleUrl: double.url });
			const missing = missingInBuild(workflow, nodes);
			if (missing.length) {
				outcomes.set(scenario.id, {
					status: 'skip',
					detail: `not in this build: ${missing.join(', ')}`,
				});
				continue;
			}
			scenarioWorkflows.set(scenario.id, workflow);
			// a server scenario creates its workflow through the REST API
			if (!scenario.serve) workflows.set(workflow.id, workflow);
		}
		if (workflows.size) {
			const imported = await instance.importWorkflows([...workflows.values()]);
			if (imported.code !== 0) {
				say(`${label}: n8n import:workflow failed\n${tail(imported.log)}`);
				return failAll('import:workflow failed', imported.log);
			}
		}

		for (const scenario of scenarios) {
			const workflow = scenarioWorkflows.get(scenario.id);
			if (!workflow) {
				say(`${label}: ${scenario.id}: skipped (${outcomes.get(scenario.id)?.detail})`);
				continue;
			}
			if (scenario.serve || !scenario.check) continue;
			await double.control('POST', 'reset', { keepTokens: true });
			if (scenario.eset) await double.control('POST', 'eset', scenario.eset);
			for (const script of scenario.script ?? []) await double.control('POST', 'script', script);
			const result = await instance.execute(scenario.workflowId, scenario.id.replace(/\//g, '-'));
			const requests = await double.control('GET', 'requests');
			fs.writeFileSync(
				result.log.replace(/\.log$/, '.requests.json'),
				JSON.stringify(requests, null, 2),
			);
			/** @type {string[]} */
			let problems = [];
			try {
				problems = scenario.check({ result, requests }, workflow);
			} catch (error) {
				problems = [`check threw: ${error.stack ?? error}`];
			}
			if (scenario.example)
				problems.unshift(
					...unknownBuiltInNodes(readExample(scenario.example), builtInNodes(install.n8n.dir)),
				);
			if (/Unrecognized node type/i.test(result.text)) {
				problems.unshift(
					`n8n did not load the community package (Unrecognized node type); installed in ${installedDir}`,
				);
			}
			const outcome = /** @type {Outcome} */ ({
				status: problems.length ? 'fail' : 'pass',
				problems,
				log: result.log,
				ms: result.ms,
			});
			outcomes.set(scenario.id, outcome);
			say(`${label}: ${scenario.id}: ${outcome.status} (${seconds(result.ms)})`);
			if (problems.length) {
				for (const problem of problems) say(`    - ${problem}`);
				if (!selfCheck)
					console.log(
						`    --- last lines of ${result.log} ---\n${tail(result.log, 30).replace(/^/gm, '    | ')}`,
					);
			}
		}
		await runServerScenarios({
			label,
			instance,
			install,
			double,
			scenarioWorkflows,
			outcomes,
			installedDir,
		});
		const lazyScenario = scenarios.find(
			(s) => !s.expectFailure && typeof s.check === 'function' && scenarioWorkflows.has(s.id),
		);
		outcomes.set(
			LAZY_ROW.id,
			await checkLazyLoading(
				instance,
				double,
				installedDir,
				lazyScenario,
				lazyScenario && scenarioWorkflows.get(lazyScenario.id),
			),
		);
		const lazy = /** @type {Outcome} */ (outcomes.get(LAZY_ROW.id));
		say(
			`${label}: ${LAZY_ROW.id}: ${lazy.status}${lazy.detail ? ` (${lazy.detail})` : ''}${lazy.problems?.length ? `: ${lazy.problems.join('; ')}` : ''}`,
		);
		return outcomes;
	} finally {
		double.stop();
	}
}

/**
 * The scenarios that need a running n8n (`serve`): one `n8n start` of this release per set of
 * settings (`serverEnv`) for all of them, owner set up through the REST API, stopped at the end
 * whatever happened. A scenario for another major version of n8n is skipped.
 * @param {{ label: string, instance: N8nInstance, install: any, double: any, scenarioWorkflows: Map<string, any>, outcomes: Map<string, Outcome>, installedDir: string }} options
 */
async function runServerScenarios(options) {
	const { label, instance, scenarioWorkflows, outcomes } = options;
	const major = Number(instance.target.n8n.split('.')[0]);
	/** @type {Map<string, import('./scenarios').Scenario[]>} */
	const groups = new Map();
	for (const scenario of scenarios.filter((s) => s.serve && scenarioWorkflows.has(s.id))) {
		if (scenario.n8nMajor !== undefined && scenario.n8nMajor !== major) {
			outcomes.set(scenario.id, { status: 'skip', detail: `n8n ${scenario.n8nMajor}.x only` });
			say(`${label}: ${scenario.id}: skipped (n8n ${scenario.n8nMajor}.x only)`);
			continue;
		}
		const key = JSON.stringify(scenario.serverEnv ?? {});
		groups.set(key, [...(groups.get(key) ?? []), scenario]);
	}
	for (const [key, group] of groups) {
		const env = JSON.parse(key);
		const name = Object.keys(env).length ? 'server-with-settings' : 'server';
		await runServerGroup({
			...options,
			scenarios: group,
			server: new N8nServer(instance, { label: name, env }),
		});
	}
}

/**
 * One `n8n start` for `scenarios`.
 * @param {{ label: string, instance: N8nInstance, install: any, double: any, scenarioWorkflows: Map<string, any>, outcomes: Map<string, Outcome>, installedDir: string, scenarios: import('./scenarios').Scenario[], server: N8nServer }} options
 */
async function runServerGroup({
	label,
	instance,
	install,
	double,
	scenarioWorkflows,
	outcomes,
	installedDir,
	scenarios: serverScenarios,
	server,
}) {
	const settings = Object.entries(server.extraEnv)
		.map(([name, value]) => `${name}=${value}`)
		.join(' ');
	try {
		try {
			const ms = await server.start();
			say(
				`${label}: n8n start ready at ${server.url} in ${seconds(ms)}${settings ? ` (${settings})` : ''}`,
			);
			await server.setupOwnerAndLogin();
		} catch (error) {
			say(`${label}: n8n start failed: ${error.message}\n${tail(server.log)}`);
			for (const s of serverScenarios)
				outcomes.set(s.id, {
					status: 'fail',
					detail: `n8n start failed: ${String(error.message).split('\n')[0]}`,
					log: server.log,
				});
			return;
		}
		const flatted = n8nFlatted(install.n8n.dir);
		/** @param {() => Promise<void>} [whileStopped] */
		const restart = async (whileStopped) => {
			await server.stop();
			await whileStopped?.();
			const ms = await server.start();
			await server.login();
			return ms;
		};
		for (const scenario of serverScenarios) {
			const started = Date.now();
			await double.control('POST', 'reset', { keepTokens: true });
			say(`${label}: ${scenario.id}:`);
			/** @type {string[]} */
			let problems;
			try {
				problems = await /** @type {NonNullable<typeof scenario.serve>} */ (scenario.serve)(
					{
						server,
						double: double.control,
						flatted,
						say: (line) => say(`${label}: ${line}`),
						restart,
					},
					JSON.parse(JSON.stringify(scenarioWorkflows.get(scenario.id))),
				);
			} catch (error) {
				problems = [`the scenario threw: ${error.stack ?? error}`];
			}
			const requests = await double.control('GET', 'requests');
			fs.writeFileSync(
				path.join(instance.logDir, `${scenario.id.replace(/\//g, '-')}.requests.json`),
				JSON.stringify(requests, null, 2),
			);
			if (/Unrecognized node type|Unknown node type/i.test(fs.readFileSync(server.log, 'utf8'))) {
				problems.unshift(`n8n did not load the community package; installed in ${installedDir}`);
			}
			if (scenario.example)
				problems.unshift(
					...unknownBuiltInNodes(readExample(scenario.example), builtInNodes(install.n8n.dir)),
				);
			const ms = Date.now() - started;
			const outcome = /** @type {Outcome} */ ({
				status: problems.length ? 'fail' : 'pass',
				problems,
				log: server.log,
				ms,
			});
			outcomes.set(scenario.id, outcome);
			say(
				`${label}: ${scenario.id}: ${outcome.status} (${seconds(ms)}, plus ${seconds(server.startedMs)} for n8n start)`,
			);
			for (const problem of problems) say(`    - ${problem}`);
		}
	} finally {
		await server.stop();
		say(`${label}: n8n start stopped`);
	}
}

/**
 * Lazy loading: n8n must load the package from its manifests (dist/known, dist/types) and run a
 * scenario that way, in a debug run that shows how n8n loaded it.
 * @param {N8nInstance} instance
 * @param {{ control: (method: string, route: string, body?: any) => Promise<any> }} double
 * @param {string} installedDir
 * @param {import('./scenarios').Scenario | undefined} scenario
 * @param {any} workflow  the scenario's workflow as imported
 * @returns {Promise<Outcome>}
 */
async function checkLazyLoading(instance, double, installedDir, scenario, workflow) {
	const missing = LAZY_MANIFESTS.filter((file) => !fs.existsSync(path.join(installedDir, file)));
	if (missing.length)
		return { status: 'fail', problems: [`the installed package lacks ${missing.join(', ')}`] };
	if (!scenario?.check) return { status: 'skip', detail: 'no scenario expecting success was run' };
	await double.control('POST', 'reset', { keepTokens: true });
	if (scenario.eset) await double.control('POST', 'eset', scenario.eset);
	for (const script of scenario.script ?? []) await double.control('POST', 'script', script);
	const result = await instance.execute(
		scenario.workflowId,
		`lazy-${scenario.id.replace(/\//g, '-')}`,
		{ N8N_LOG_LEVEL: 'debug' },
	);
	const requests = await double.control('GET', 'requests');
	const problems = [];
	if (!result.text.includes(`Lazy-loading nodes and credentials from ${PACKAGE_NAME}`)) {
		problems.push(
			`n8n did not log "Lazy-loading nodes and credentials from ${PACKAGE_NAME}" (it loaded the package eagerly, or not at all)`,
		);
	}
	try {
		problems.push(
			...scenario
				.check({ result, requests }, workflow)
				.map((p) => `${scenario.id} loaded lazily: ${p}`),
		);
	} catch (error) {
		problems.push(`check threw: ${error.stack ?? error}`);
	}
	return {
		status: problems.length ? 'fail' : 'pass',
		detail: `re-ran ${scenario.id}`,
		problems,
		log: result.log,
		ms: result.ms,
	};
}

// ------------------------------------------------------------------ report

/**
 * @param {Map<import('./config').Target, Map<string, Outcome>>} results
 */
function table(results) {
	const header = ['Scenario', ...targets.map(columnOf)];
	const rows = ROWS.map((s) => [
		s.title,
		...targets.map((t) => {
			const o = results.get(t)?.get(s.id);
			if (!o) return 'not run';
			if (o.status === 'skip') return `skipped: ${o.detail}`;
			if (o.status === 'pass') return 'pass';
			return `FAIL${o.detail ? `: ${o.detail}` : ''}`;
		}),
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (/** @type {string[]} */ cells) =>
		`| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [
		line(header),
		`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
		...rows.map(line),
	].join('\n');
}

async function main() {
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM']))
		process.on(signal, () => process.exit(130));
	say(`cache ${CACHE_DIR}`);
	say(`work  ${WORK_DIR}`);
	say(
		`targets: ${targets.map(columnOf).join(', ')}${selfCheck ? `; SELF-CHECK (${selfCheck}): expecting the harness to catch a broken setup` : ''}`,
	);
	if (!targets.length)
		throw new Error(
			`E2E_N8N_VERSIONS=${process.env.E2E_N8N_VERSIONS} matches none of ${TARGETS.map((t) => t.n8n).join(', ')}`,
		);
	if (!scenarios.length)
		throw new Error(`E2E_SCENARIOS=${process.env.E2E_SCENARIOS} matches no scenario`);
	if (!path.relative(REPO_ROOT, WORK_DIR).startsWith('..')) {
		// a package installed under the repository would resolve the repository's own n8n-workflow
		throw new Error(`the work folder ${WORK_DIR} must be outside the repository ${REPO_ROOT}`);
	}
	// Wipe only a folder this script made (it leaves a marker), never one that happens to be named.
	const marker = path.join(WORK_DIR, '.e2e-work-dir');
	if (fs.existsSync(WORK_DIR) && fs.readdirSync(WORK_DIR).length && !fs.existsSync(marker)) {
		throw new Error(
			`${WORK_DIR} exists and is not an e2e work folder: choose another E2E_WORK_DIR or empty it`,
		);
	}
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	fs.mkdirSync(path.join(WORK_DIR, 'logs'), { recursive: true });
	fs.writeFileSync(marker, 'work folder of test/e2e/run.js; wiped at the start of every run\n');
	const installLogDir = path.join(CACHE_DIR, 'install-logs');

	// Installs start at once (in parallel unless E2E_INSTALL_PARALLEL=0) while the package builds.
	const parallel = process.env.E2E_INSTALL_PARALLEL !== '0';
	/** @type {Promise<any>} */
	let previous = Promise.resolve();
	/** @type {Map<import('./config').Target, Promise<any>>} */
	const installs = new Map();
	for (const target of targets) {
		const install = async () => {
			const node = await ensureNode(CACHE_DIR, target.node, installLogDir);
			if (node.installed) say(`installed Node ${target.node} in ${seconds(node.ms)}`);
			const n8n = await ensureN8n(CACHE_DIR, target, node, installLogDir, say);
			say(
				n8n.installed
					? `installed n8n ${target.n8n} in ${seconds(n8n.ms)}`
					: `n8n ${target.n8n}: using the cached install in ${n8nDir(CACHE_DIR, target)}`,
			);
			return { node, n8n };
		};
		const promise = parallel ? install() : previous.catch(() => undefined).then(install);
		previous = promise;
		promise.catch(() => undefined);
		installs.set(target, promise);
	}

	let tarball = process.env.E2E_TARBALL
		? path.resolve(process.env.E2E_TARBALL)
		: await buildAndPack(WORK_DIR, say);
	if (!fs.existsSync(tarball)) throw new Error(`no package tarball at ${tarball}`);
	if (process.env.E2E_TARBALL) say(`testing the given tarball ${tarball}`);
	if (selfCheck === 'routing') tarball = await breakRouting(tarball);

	// Scenarios run for one release at a time, each as soon as its install is ready.
	/** @type {Map<import('./config').Target, Map<string, Outcome>>} */
	const results = new Map();
	/** @type {Promise<unknown>} */
	let queue = Promise.resolve();
	const runWhenInstalled = async (/** @type {import('./config').Target} */ target) => {
		await installs.get(target)?.catch(() => undefined);
		queue = queue.then(async () => {
			try {
				results.set(
					target,
					await runTarget(target, /** @type {any} */ (installs.get(target)), tarball),
				);
			} catch (error) {
				say(`n8n ${target.n8n}: run aborted: ${error.stack ?? error}`);
				results.set(
					target,
					new Map(
						ROWS.map((s) => [
							s.id,
							/** @type {Outcome} */ ({ status: 'fail', detail: `run aborted: ${error.message}` }),
						]),
					),
				);
			}
		});
		await queue;
	};
	await Promise.all(targets.map(runWhenInstalled));
	await queue;

	const report = table(results);
	const outcomes = [...results.values()].flatMap((m) => [...m.entries()]);
	const failed = outcomes.filter(([, o]) => o.status === 'fail');
	const skipped = outcomes.filter(([, o]) => o.status === 'skip');
	const tableFile = path.join(WORK_DIR, 'compatibility.md');
	const summary = `${outcomes.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped in ${seconds(Date.now() - started)}`;
	const failures = [...results].flatMap(([target, m]) =>
		[...m]
			.filter(([, o]) => o.status === 'fail')
			.map(
				([id, o]) =>
					`### ${id} in n8n ${target.n8n}\n\n${[...(o.problems ?? []), ...(o.detail ? [o.detail] : [])].map((p) => `- ${p.replace(/\n/g, ' ')}`).join('\n')}\n${o.log ? `\nlog: ${o.log}\n` : ''}`,
			),
	);
	fs.writeFileSync(
		tableFile,
		`# ${PACKAGE_NAME}: end-to-end compatibility${selfCheck ? ` (SELF-CHECK: ${selfCheck})` : ''}\n\n${new Date().toISOString()}\n\n${report}\n\n${summary}\n${failures.length ? `\n## Failures\n\n${failures.join('\n')}` : ''}`,
	);
	fs.writeFileSync(
		path.join(WORK_DIR, 'results.json'),
		JSON.stringify(
			Object.fromEntries([...results].map(([t, m]) => [columnOf(t), Object.fromEntries(m)])),
			null,
			2,
		),
	);
	console.log(`\n${report}\n\n${summary}\nTable written to ${tableFile}; logs under ${WORK_DIR}`);

	if (selfCheck) {
		const escaped = [];
		for (const [target, m] of results) {
			for (const s of scenarios.filter((x) => !x.expectFailure)) {
				if (m.get(s.id)?.status === 'pass') escaped.push(`${s.id} in n8n ${target.n8n}`);
			}
		}
		const checked = [...results.values()].flatMap((m) =>
			scenarios.filter((s) => !s.expectFailure && m.get(s.id) && m.get(s.id)?.status !== 'skip'),
		).length;
		if (escaped.length || !checked) {
			console.log(
				`\nSELF-CHECK FAILED: the broken setup (${selfCheck}) was not caught: ${escaped.join(', ') || 'no scenario ran'}`,
			);
			return 1;
		}
		console.log(
			`\nSELF-CHECK PASSED: every scenario expecting success failed against the broken setup (${selfCheck}).`,
		);
		return 0;
	}
	return failed.length ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`\ne2e run aborted: ${error.stack ?? error}`);
		process.exit(1);
	},
);
