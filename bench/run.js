#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * `npm run bench`: what the nodes cost in real n8n, next to n8n's own HTTP Request node, and how
 * fast a big ESET batch runs at ESET's rate limit. Reuses the end-to-end setup (test/e2e): the
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
 * BENCH_RATE_ITEMS (300), BENCH_PROFILE ("1": run the overhead workflow once more under V8's CPU profiler
 * and print where the time goes), E2E_CACHE_DIR and E2E_WORK_DIR (as for test:e2e).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT, TARGETS, CACHE_DIR } = require('../test/e2e/config');
const { ensureNode, ensureN8n } = require('../test/e2e/install');
const { N8nInstance } = require('../test/e2e/n8n');
const { buildAndPack, startDouble } = require('../test/e2e/setup');
const { run, seconds, tail } = require('../test/e2e/util');
const { PACKAGE_NAME } = require('../test/e2e/workflows');
const {
	credentials,
	overheadWorkflow,
	rateLimitWorkflow,
	httpRateLimitWorkflow,
	ESET_STATIC_TOKEN,
} = require('./workflows');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RATE_ITEMS = Number(process.env.BENCH_RATE_ITEMS ?? 300);
const ESET_LIMIT_PER_SECOND = 10;
// E2E_WORK_DIR keeps concurrent runs apart (as for test:e2e)
const WORK_DIR = process.env.E2E_WORK_DIR
	? path.join(process.env.E2E_WORK_DIR, 'bench')
	: path.join(CACHE_DIR, 'bench');
const RESULTS = path.join(__dirname, 'results.md');

const started = Date.now();
const say = (/** @type {string} */ line) =>
	console.log(`[bench ${seconds(Date.now() - started).padStart(6)}] ${line}`);

/** @param {number[]} values */
const median = (values) => quantile(values, 0.5);
/** linear interpolation between order statistics @param {number[]} values @param {number} q */
const quantile = (values, q) => {
	const sorted = [...values].sort((a, b) => a - b);
	const at = (sorted.length - 1) * q;
	const low = Math.floor(at);
	return sorted[low] + (sorted[Math.min(low + 1, sorted.length - 1)] - sorted[low]) * (at - low);
};
const ms = (/** @type {number} */ value) => `${value.toFixed(2)} ms`;
const kB = (/** @type {number} */ bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * Runs a workflow and returns each node's execution time (n8n's own measure) and output items.
 * @param {N8nInstance} instance @param {string} id @param {NodeJS.ProcessEnv} [extraEnv]
 */
async function execute(instance, id, extraEnv = {}) {
	const result = await instance.execute(id, id, extraEnv);
	const resultData = result.runData?.data?.resultData ?? result.runData?.resultData;
	if (!result.ok || !resultData?.runData) {
		throw new Error(
			`${id} failed: ${result.error?.message ?? `exit ${result.exitCode}`} (log: ${result.log})\n${tail(result.log)}`,
		);
	}
	/** @type {Record<string, { ms: number, items: any[] }>} */
	const nodes = {};
	for (const [name, [task]] of Object.entries(
		/** @type {Record<string, any[]>} */ (resultData.runData),
	)) {
		nodes[name] = {
			ms: task.executionTime,
			items: (task.data?.main?.[0] ?? []).map((/** @type {any} */ i) => i.json),
		};
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
		if (items.length !== ITEMS)
			throw new Error(`${name} output ${items.length} items, expected ${ITEMS}`);
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

/**
 * Self time of the largest CPU profile in `dir`, by where the code lives: this package's files
 * (by function), n8n-core's routing and execution, the HTTP Request node, n8n's HTTP stack, the rest.
 * @param {string} dir @param {string} packageDir
 */
function profileSummary(dir, packageDir) {
	const files = fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => path.join(dir, f));
	const profile = files
		.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')))
		.sort((a, b) => b.samples.length - a.samples.length)[0];
	if (!profile) return 'no CPU profile was written';
	const interval = (profile.endTime - profile.startTime) / profile.samples.length / 1000;
	/** @type {Map<number, any>} */
	const nodes = new Map(profile.nodes.map((/** @type {any} */ n) => [n.id, n]));
	/** @type {Map<number, number>} */
	const hits = new Map();
	for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
	/** @type {Record<string, number>} */
	const byArea = {};
	/** @type {Record<string, number>} */
	const ours = {};
	for (const [id, count] of hits) {
		const { url, functionName, lineNumber } = nodes.get(id).callFrame;
		const ms = count * interval;
		const area =
			url.startsWith(`file://${packageDir}`) || url.startsWith(packageDir)
				? 'this package'
				: /n8n-core/.test(url)
					? 'n8n-core'
					: /n8n-nodes-base\/dist\/nodes\/HttpRequest/.test(url)
						? 'HTTP Request node'
						: /axios|follow-redirects|form-data|proxy/.test(url)
							? "n8n's HTTP client (axios)"
							: /n8n-workflow/.test(url)
								? 'n8n-workflow'
								: url.startsWith('node:') || !url
									? `Node.js / V8 (${functionName || 'idle'})`
											.replace(/\((program|idle|garbage collector)\)/, '$1')
											.slice(0, 60)
									: 'other';
		byArea[area] = (byArea[area] ?? 0) + ms;
		if (area === 'this package') {
			const key = `${path.relative(packageDir, url.replace(/^file:\/\//, ''))} ${functionName || '(anonymous)'}:${lineNumber + 1}`;
			ours[key] = (ours[key] ?? 0) + ms;
		}
	}
	const top = (/** @type {Record<string, number>} */ o, /** @type {number} */ n) =>
		Object.entries(o)
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([k, v]) => `  ${v.toFixed(0).padStart(7)} ms  ${k}`)
			.join('\n');
	return `CPU profile of the overhead run (self time):\n${top(byArea, 20)}\nthis package, by function:\n${top(ours, 25)}`;
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
	const target =
		TARGETS.find((t) => t.n8n.startsWith(process.env.BENCH_N8N ?? '2.')) ??
		TARGETS[TARGETS.length - 1];
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	fs.mkdirSync(path.join(WORK_DIR, 'logs'), { recursive: true });
	const logDir = path.join(CACHE_DIR, 'install-logs');
	const node = await ensureNode(CACHE_DIR, target.node, logDir);
	const n8n = await ensureN8n(CACHE_DIR, target, node, logDir, say);
	say(`n8n ${target.n8n} on Node ${target.node}`);
	const tarball = await buildAndPack(WORK_DIR, say);

	const instance = new N8nInstance({
		target,
		n8nBin: n8n.bin,
		nodeBin: node.bin,
		nodePackageDir: node.packageDir,
		n8nDir: n8n.dir,
		workDir: path.join(WORK_DIR, 'n8n'),
	});
	await instance.prepare();
	const installed = await instance.installCommunityPackage(tarball, PACKAGE_NAME);
	if (!installed.ok) throw new Error(`installing the package failed (log: ${installed.log})`);

	const double = await startDouble(path.join(WORK_DIR, 'logs', 'api-double.log'));
	try {
		const data = await double.control('GET', 'credentials');
		await double.control('POST', 'seed', {
			esetIncidents: Math.max(ITEMS, RATE_ITEMS),
			aegisterIncidents: ITEMS,
			esetToken: ESET_STATIC_TOKEN,
		});
		const imported = await instance.importCredentials(credentials(data, data.aegisterApi.apiToken));
		if (imported.code !== 0) throw new Error(`import:credentials failed (log: ${imported.log})`);
		const workflows = [
			overheadWorkflow(double.url, ITEMS, ROUNDS),
			rateLimitWorkflow(RATE_ITEMS),
			httpRateLimitWorkflow(double.url, RATE_ITEMS),
		];
		const importedWorkflows = await instance.importWorkflows(workflows);
		if (importedWorkflows.code !== 0)
			throw new Error(`import:workflow failed (log: ${importedWorkflows.log})`);

		// 1. overhead
		say(
			`overhead: ${ITEMS} items × 4 node kinds × ${ROUNDS} rounds (+ warm-up), in one n8n process`,
		);
		const perItem = overheadByKind(await execute(instance, 'benchOverhead'));
		if (process.env.BENCH_PROFILE === '1') {
			// once more under V8's CPU profiler (not measured): where the per-item time goes
			const profileDir = path.join(WORK_DIR, 'profile');
			fs.mkdirSync(profileDir, { recursive: true });
			await execute(instance, 'benchOverhead', {
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
			});
			console.log(profileSummary(profileDir, installed.dir));
		}
		say('overhead: the plain fetch floor');
		const floorRun = await run(
			node.bin,
			[
				path.join(__dirname, 'fetch-floor.js'),
				double.url,
				String(ITEMS),
				String(ROUNDS),
				ESET_STATIC_TOKEN,
				data.aegisterApi.apiToken,
			],
			{
				log: path.join(WORK_DIR, 'logs', 'fetch-floor.log'),
				timeoutMs: 10 * 60_000,
			},
		);
		if (floorRun.code !== 0) throw new Error(`fetch floor failed: ${floorRun.stderr}`);
		const floor = JSON.parse(floorRun.stdout);

		// 2. at the rate limit
		say(
			`rate limit: ${RATE_ITEMS} closes, the double allowing ${ESET_LIMIT_PER_SECOND} requests/s per token`,
		);
		await double.control('POST', 'reset', { keepTokens: true });
		await double.control('POST', 'seed', { esetIncidents: RATE_ITEMS });
		await double.control('POST', 'eset', { requestsPerSecondLimit: ESET_LIMIT_PER_SECOND });
		const rateNodes = await execute(instance, 'benchRateLimit');
		const rateNode = rateNodes['ESET Close (default settings)'];
		const { tooManyRequestsSent } = await double.control('GET', 'eset');
		const failedItems = rateNode.items.filter(
			(item) => item.error !== undefined || item.success !== true,
		).length;
		const idealSeconds = RATE_ITEMS / ESET_LIMIT_PER_SECOND;

		// the same closes with n8n's HTTP Request node set up as n8n's docs suggest for rate limits
		say(
			`rate limit: the same ${RATE_ITEMS} closes with the HTTP Request node (Batching 10 items / 1 s, Retry On Fail)`,
		);
		await double.control('POST', 'reset', { keepTokens: true });
		await double.control('POST', 'seed', {
			esetIncidents: RATE_ITEMS,
			esetToken: ESET_STATIC_TOKEN,
		});
		await double.control('POST', 'eset', { requestsPerSecondLimit: ESET_LIMIT_PER_SECOND });
		// as a user sets it up: On Error left at Stop, so that Retry On Fail applies (it re-runs the
		// whole node, every item, when the node fails); a run that still fails outputs nothing
		const httpResult = await instance.execute('benchHttpRateLimit', 'benchHttpRateLimit');
		const httpData = httpResult.runData?.data?.resultData ?? httpResult.runData?.resultData;
		const httpTasks = httpData?.runData?.['HTTP Request (Batching 10 / 1 s, Retry On Fail)'] ?? [];
		const httpItems = (httpTasks.at(-1)?.data?.main?.[0] ?? []).map(
			(/** @type {any} */ i) => i.json,
		);
		const httpNode = {
			ms:
				httpTasks.reduce(
					(/** @type {number} */ sum, /** @type {any} */ task) => sum + (task.executionTime ?? 0),
					0,
				) || httpResult.ms,
			items: httpItems,
			error: httpResult.ok
				? undefined
				: String(httpResult.error?.message ?? `exit ${httpResult.exitCode}`),
		};
		const httpStats = await double.control('GET', 'eset');
		const httpRequests = (await double.control('GET', 'requests')).filter((/** @type {any} */ q) =>
			q.path.endsWith(':close'),
		).length;
		const httpFailed =
			RATE_ITEMS - httpItems.filter((/** @type {any} */ item) => item.error === undefined).length;

		// 3. footprint
		say('footprint');
		const pack = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: REPO_ROOT,
			log: path.join(WORK_DIR, 'logs', 'pack.log'),
			timeoutMs: 120_000,
		});
		const [{ size, unpackedSize, entryCount }] = JSON.parse(
			pack.stdout.slice(pack.stdout.indexOf('[')),
		);
		const requires = await requireTimes(node.bin, installed.dir, n8n.dir);

		const report = renderReport({
			target,
			perItem,
			floor,
			rate: {
				ms: rateNode.ms,
				idealSeconds,
				tooManyRequestsSent,
				failedItems,
				items: rateNode.items.length,
			},
			httpRate: {
				ms: httpNode.ms,
				tooManyRequestsSent: httpStats.tooManyRequestsSent,
				failedItems: httpFailed,
				items: RATE_ITEMS,
				requests: httpRequests,
				error: httpNode.error,
			},
			size,
			unpackedSize,
			entryCount,
			requires,
		});
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
 *   httpRate: { ms: number, tooManyRequestsSent: number, failedItems: number, items: number, requests: number, error?: string },
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
		const ratios = r.perItem[ours].map((oursMs, round) => oursMs / r.perItem[http][round]);
		const ratio = median(ratios);
		const spread = `${quantile(ratios, 0.25).toFixed(2)} – ${quantile(ratios, 0.75).toFixed(2)}`;
		const slower = ratios.filter((x) => x > 1).length;
		return `| ${ours} | ${ms(median(r.perItem[ours]))} | ${ms(median(r.perItem[http]))} | ${ratio.toFixed(2)} (${check(ratio <= 1)}) | ${spread} | ${slower} of ${ratios.length} | ${ms(median(r.floor[floorKind].allAtOnce))} | ${ms(median(r.floor[floorKind].oneByOne))} |`;
	});
	const ratioRounds = pairs
		.map(
			([ours, http]) =>
				`${ours} / ${http}: ${r.perItem[ours].map((oursMs, round) => (oursMs / r.perItem[http][round]).toFixed(2)).join(', ')}`,
		)
		.join('; ');
	const httpWall = r.httpRate.ms / 1000;
	const wall = r.rate.ms / 1000;
	const requireRows = Object.entries(r.requires.times).map(
		([file, time]) => `| \`${file}\` | ${ms(time)} |`,
	);
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

| node | ours | HTTP Request node | ours / HTTP Request, median (target ≤ 1.0) | interquartile range of the ratio | rounds where ours was slower | plain fetch, all at once | plain fetch, one by one |
| --- | --- | --- | --- | --- | --- | --- | --- |
${overheadRows.join('\n')}

Ratio in each round: ${ratioRounds}.

Rounds (ms per item): ${Object.entries(r.perItem)
		.map(([kind, values]) => `${kind}: ${values.map((v) => v.toFixed(2)).join(', ')}`)
		.join('; ')}.

## 2. ESET Close at ESET's rate limit

${r.rate.items} incidents closed with the node's default settings (only *On Error: Continue*, to count
failed items), the double answering 429 above ${ESET_LIMIT_PER_SECOND} requests per second per token.

| | result | target |
| --- | --- | --- |
| wall time (n8n's execution time of the node) | ${wall.toFixed(1)} s = ${(wall / r.rate.idealSeconds).toFixed(2)} × the ideal ${r.rate.idealSeconds} s | ≤ 1.1 × (${check(wall <= 1.1 * r.rate.idealSeconds)}) |
| 429 answers the double sent | ${r.rate.tooManyRequestsSent} | |
| failed items | ${r.rate.failedItems} | 0 (${check(r.rate.failedItems === 0)}) |

The comparison a user makes at the limit: the same ${r.rate.items} closes with n8n's HTTP Request node
set up as n8n's docs suggest for rate limits — *Batching* 10 items per batch, 1 s interval, and *Retry
On Fail* (3 tries, 1 s apart; *On Error* left at *Stop*, since Retry On Fail re-runs the node only
when it fails, and then with every item) — against ESET Close with its defaults.

| | ESET Close, defaults | HTTP Request, Batching 10 / 1 s + Retry On Fail |
| --- | --- | --- |
| wall time (n8n's execution time of the node) | ${wall.toFixed(1)} s = ${(wall / r.rate.idealSeconds).toFixed(2)} × ideal | ${httpWall.toFixed(1)} s = ${(httpWall / r.rate.idealSeconds).toFixed(2)} × ideal |
| failed items | ${r.rate.failedItems} of ${r.rate.items} | ${r.httpRate.failedItems} of ${r.httpRate.items} |
| 429 answers | ${r.rate.tooManyRequestsSent} | ${r.httpRate.tooManyRequestsSent} (${r.httpRate.requests} close requests sent) |
| the run | ${r.rate.failedItems ? 'some items failed' : 'succeeded'} | ${r.httpRate.error ? `failed: ${r.httpRate.error.replace(/\|/g, '/')}` : 'succeeded'} |

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
