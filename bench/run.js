#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench`: what the nodes cost in real n8n, next to n8n's own HTTP Request node, and how
 * fast a big ESET batch runs at ESET's rate limit. Reuses the end-to-end setup (scripts/e2e): the
 * cached n8n install, the packed package installed as a community package, the API double in a
 * process of its own. Prints a report and writes it to bench/results.md.
 *
 *  1. Overhead: N items (default 1000) through ESET Incident → Close, Aegister Incident → Update
 *     and HTTP Request nodes sending the same requests, all in one workflow (one n8n process),
 *     alternating which goes first, several rounds after a warm-up; the double has no rate limit.
 *     n8n's own execution time of each node, per item; plus a plain `fetch` loop (the floor).
 *  2. At the rate limit: the double answers 429 above 10 requests/s per token; ESET Close on 300
 *     items with default node settings. Wall time against the ideal, 429s sent, failed items.
 *  3. Footprint: packed and unpacked size, file count, cold `require` of each node and credential.
 *
 * Environment: BENCH_N8N (n8n version prefix, default "2."), BENCH_ITEMS (1000), BENCH_ROUNDS (7),
 * BENCH_RATE_ITEMS (300), E2E_CACHE_DIR (as for test:e2e).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT, TARGETS, CACHE_DIR } = require('../scripts/e2e/config');
const { ensureNode, ensureN8n } = require('../scripts/e2e/install');
const { N8nInstance } = require('../scripts/e2e/n8n');
const { buildAndPack, startDouble } = require('../scripts/e2e/setup');
const { run, seconds, tail } = require('../scripts/e2e/util');
const { PACKAGE_NAME } = require('../scripts/e2e/workflows');
const { credentials, overheadWorkflow, rateLimitWorkflow, ESET_STATIC_TOKEN } = require('./workflows');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RATE_ITEMS = Number(process.env.BENCH_RATE_ITEMS ?? 300);
const ESET_LIMIT_PER_SECOND = 10;
const WORK_DIR = path.join(CACHE_DIR, 'bench');
const RESULTS = path.join(__dirname, 'results.md');

const started = Date.now();
const say = (/** @type {string} */ line) => console.log(`[bench ${seconds(Date.now() - started).padStart(6)}] ${line}`);

/** @param {number[]} values */
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const ms = (/** @type {number} */ value) => `${value.toFixed(2)} ms`;
const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * Runs a workflow and returns each node's execution time (n8n's own measure) and output items.
 * @param {N8nInstance} instance @param {string} id
 */
async function execute(instance, id) {
	const result = await instance.execute(id, id);
	const resultData = result.runData?.data?.resultData ?? result.runData?.resultData;
	if (!result.ok || !resultData?.runData) {
		throw new Error(`${id} failed: ${result.error?.message ?? `exit ${result.exitCode}`} (log: ${result.log})\n${tail(result.log)}`);
	}
	/** @type {Record<string, { ms: number, items: any[] }>} */
	const nodes = {};
	for (const [name, [task]] of Object.entries(/** @type {Record<string, any[]>} */ (resultData.runData))) {
		nodes[name] = { ms: task.executionTime, items: (task.data?.main?.[0] ?? []).map((/** @type {any} */ i) => i.json) };
	}
	return nodes;
}

/** @param {Record<string, { ms: number, items: any[] }>} nodes */
function overheadByKind(nodes) {
	/** @type {Record<string, number[]>} */
	const perItem = {};
	for (const [name, { ms: time, items }] of Object.entries(nodes)) {
		const match = name.match(/^round \d+: (.+)$/);
		if (!match) continue;
		if (items.length !== ITEMS) throw new Error(`${name} output ${items.length} items, expected ${ITEMS}`);
		(perItem[match[1]] ??= []).push(time / ITEMS);
	}
	return perItem;
}

/**
 * Cold `require` of each node and credential file of the installed package, each in a fresh
 * process of the Node that runs n8n (n8n-workflow, which n8n has loaded anyway, is required first
 * and timed apart).
 * @param {string} nodeBin @param {string} packageDir @param {string} n8nDir
 */
async function requireTimes(nodeBin, packageDir, n8nDir) {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const files = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	const script = `
		let t = process.hrtime.bigint();
		require('n8n-workflow');
		const workflow = Number(process.hrtime.bigint() - t) / 1e6;
		t = process.hrtime.bigint();
		require(process.argv[1]);
		console.log(JSON.stringify({ workflow, file: Number(process.hrtime.bigint() - t) / 1e6 }));`;
	/** @type {Record<string, number>} */
	const times = {};
	let workflowMs = 0;
	for (const file of files) {
		const samples = [];
		for (let i = 0; i < 5; i++) {
			// outside the repository, so that n8n-workflow resolves to n8n's own copy as in n8n
			const result = await run(nodeBin, ['-e', script, path.join(packageDir, file)], {
				cwd: WORK_DIR,
				env: { ...process.env, NODE_PATH: path.join(n8nDir, 'node_modules') },
				log: path.join(WORK_DIR, 'logs', 'require-times.log'),
				timeoutMs: 60_000,
			});
			if (result.code !== 0) throw new Error(`require ${file} failed: ${result.stderr}`);
			samples.push(JSON.parse(result.stdout));
		}
		times[file] = median(samples.map((s) => s.file));
		workflowMs = median(samples.map((s) => s.workflow));
	}
	return { times, workflowMs };
}

function machine() {
	const cpus = os.cpus();
	return {
		cpu: `${cpus[0]?.model ?? 'unknown CPU'} × ${cpus.length}`,
		memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
		os: `${os.type()} ${os.release()}`,
	};
}

async function main() {
	const target = TARGETS.find((t) => t.n8n.startsWith(process.env.BENCH_N8N ?? '2.')) ?? TARGETS[TARGETS.length - 1];
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	fs.mkdirSync(path.join(WORK_DIR, 'logs'), { recursive: true });
	const logDir = path.join(CACHE_DIR, 'install-logs');
	const node = await ensureNode(CACHE_DIR, target.node, logDir);
	const n8n = await ensureN8n(CACHE_DIR, target, node, logDir, say);
	say(`n8n ${target.n8n} on Node ${target.node}`);
	const tarball = await buildAndPack(WORK_DIR, say);

	const instance = new N8nInstance({ target, n8nBin: n8n.bin, nodeBin: node.bin, nodePackageDir: node.packageDir, n8nDir: n8n.dir, workDir: path.join(WORK_DIR, 'n8n') });
	await instance.prepare();
	const installed = await instance.installCommunityPackage(tarball, PACKAGE_NAME);
	if (!installed.ok) throw new Error(`installing the package failed (log: ${installed.log})`);

	const double = await startDouble(path.join(WORK_DIR, 'logs', 'api-double.log'));
	try {
		const data = await double.control('GET', 'credentials');
		await double.control('POST', 'seed', { esetIncidents: Math.max(ITEMS, RATE_ITEMS), aegisterIncidents: ITEMS, esetToken: ESET_STATIC_TOKEN });
		const imported = await instance.importCredentials(credentials(data, data.aegisterApi.apiToken));
		if (imported.code !== 0) throw new Error(`import:credentials failed (log: ${imported.log})`);
		const workflows = [overheadWorkflow(double.url, ITEMS, ROUNDS), rateLimitWorkflow(RATE_ITEMS)];
		const importedWorkflows = await instance.importWorkflows(workflows);
		if (importedWorkflows.code !== 0) throw new Error(`import:workflow failed (log: ${importedWorkflows.log})`);

		// 1. overhead
		say(`overhead: ${ITEMS} items × 4 node kinds × ${ROUNDS} rounds (+ warm-up), in one n8n process`);
		const perItem = overheadByKind(await execute(instance, 'benchOverhead'));
		say('overhead: the plain fetch floor');
		const floorRun = await run(node.bin, [path.join(__dirname, 'fetch-floor.js'), double.url, String(ITEMS), String(ROUNDS), ESET_STATIC_TOKEN, data.aegisterApi.apiToken], {
			log: path.join(WORK_DIR, 'logs', 'fetch-floor.log'),
			timeoutMs: 10 * 60_000,
		});
		if (floorRun.code !== 0) throw new Error(`fetch floor failed: ${floorRun.stderr}`);
		const floor = JSON.parse(floorRun.stdout);

		// 2. at the rate limit
		say(`rate limit: ${RATE_ITEMS} closes, the double allowing ${ESET_LIMIT_PER_SECOND} requests/s per token`);
		await double.control('POST', 'reset', { keepTokens: true });
		await double.control('POST', 'seed', { esetIncidents: RATE_ITEMS });
		await double.control('POST', 'eset', { requestsPerSecondLimit: ESET_LIMIT_PER_SECOND });
		const rateNodes = await execute(instance, 'benchRateLimit');
		const rateNode = rateNodes['ESET Close (default settings)'];
		const { tooManyRequestsSent } = await double.control('GET', 'eset');
		const failedItems = rateNode.items.filter((item) => item.error !== undefined || item.success !== true).length;
		const idealSeconds = RATE_ITEMS / ESET_LIMIT_PER_SECOND;

		// 3. footprint
		say('footprint');
		const pack = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO_ROOT, log: path.join(WORK_DIR, 'logs', 'pack.log'), timeoutMs: 120_000 });
		const [{ size, unpackedSize, entryCount }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
		const requires = await requireTimes(node.bin, installed.dir, n8n.dir);

		const report = renderReport({ target, perItem, floor, rate: { ms: rateNode.ms, idealSeconds, tooManyRequestsSent, failedItems, items: rateNode.items.length }, size, unpackedSize, entryCount, requires });
		fs.writeFileSync(RESULTS, report);
		console.log(`\n${report}`);
		say(`written to ${path.relative(REPO_ROOT, RESULTS)}`);
	} finally {
		double.stop();
	}
}

/**
 * @param {{ target: any, perItem: Record<string, number[]>, floor: Record<string, { allAtOnce: number[], oneByOne: number[] }>,
 *   rate: { ms: number, idealSeconds: number, tooManyRequestsSent: number, failedItems: number, items: number },
 *   size: number, unpackedSize: number, entryCount: number, requires: { times: Record<string, number>, workflowMs: number } }} r
 */
function renderReport(r) {
	const m = machine();
	const check = (/** @type {boolean} */ ok) => (ok ? 'met' : '**missed**');
	const pairs = [
		['ESET Incident → Close', 'HTTP Request → ESET close', 'ESET close'],
		['Aegister Incident → Update', 'HTTP Request → Aegister update', 'Aegister update'],
	];
	const overheadRows = pairs.map(([ours, http, floorKind]) => {
		// each round runs both back to back: their ratio cancels most of the machine's drift
		const ratio = median(r.perItem[ours].map((oursMs, round) => oursMs / r.perItem[http][round]));
		return `| ${ours} | ${ms(median(r.perItem[ours]))} | ${ms(median(r.perItem[http]))} | ${ratio.toFixed(2)} (${check(ratio <= 1)}) | ${ms(median(r.floor[floorKind].allAtOnce))} | ${ms(median(r.floor[floorKind].oneByOne))} |`;
	});
	const wall = r.rate.ms / 1000;
	const requireRows = Object.entries(r.requires.times).map(([file, time]) => `| \`${file}\` | ${ms(time)} |`);
	const requireTotal = Object.values(r.requires.times).reduce((a, b) => a + b, 0);
	return `# Benchmark results

Written by \`npm run bench\` (bench/run.js) on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${m.cpu}, ${m.memory} RAM, ${m.os}; n8n ${r.target.n8n} on Node ${r.target.node}, SQLite,
the API double on 127.0.0.1 in its own process. Shared and noisy: read ratios, not absolute times.

## 1. Overhead per item

${ITEMS} items through each node, one workflow in one n8n process, ${ROUNDS} rounds alternating which
node goes first, after a warm-up round; the double answers at once and sets no rate limit (the ESET
node's own limiter is off: *Requests per Second* 0). Time per item is n8n's execution time of the node
divided by ${ITEMS}, median of the rounds; the ratio is the median of the rounds' ratios (both nodes of
a round run back to back). The fetch columns make the same requests with plain \`fetch\` under the
same Node: all at once, and one after the other.

| node | ours | HTTP Request node | ours / HTTP Request (target ≤ 1.0) | plain fetch, all at once | plain fetch, one by one |
| --- | --- | --- | --- | --- | --- |
${overheadRows.join('\n')}

Rounds (ms per item): ${Object.entries(r.perItem).map(([kind, values]) => `${kind}: ${values.map((v) => v.toFixed(2)).join(', ')}`).join('; ')}.

## 2. ESET Close at ESET's rate limit

${r.rate.items} incidents closed with the node's default settings (only *On Error: Continue*, to count
failed items), the double answering 429 above ${ESET_LIMIT_PER_SECOND} requests per second per token.

| | result | target |
| --- | --- | --- |
| wall time (n8n's execution time of the node) | ${wall.toFixed(1)} s = ${(wall / r.rate.idealSeconds).toFixed(2)} × the ideal ${r.rate.idealSeconds} s | ≤ 1.1 × (${check(wall <= 1.1 * r.rate.idealSeconds)}) |
| 429 answers the double sent | ${r.rate.tooManyRequestsSent} | |
| failed items | ${r.rate.failedItems} | 0 (${check(r.rate.failedItems === 0)}) |

## 3. Footprint

| | |
| --- | --- |
| packed tarball | ${kB(r.size)} (target < 150 kB: ${check(r.size < 150_000)}) |
| unpacked | ${kB(r.unpackedSize)} |
| files | ${r.entryCount} |

Cold \`require\` of each file n8n loads, each in a fresh Node process (median of 5), after
\`n8n-workflow\` (${ms(r.requires.workflowMs)}, which n8n has loaded anyway):

| file | require |
| --- | --- |
${requireRows.join('\n')}
| all four | ${ms(requireTotal)} |
`;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
