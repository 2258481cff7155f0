// @ts-check
'use strict';
/**
 * Steps shared by the end-to-end run and the benchmark: build and pack this package, and start the
 * API double (test/e2e/double-server.js) as a process of its own with a client for its control
 * plane.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { REPO_ROOT } = require('./config');
const { run, tail, killGroup } = require('./util');

/**
 * Builds the package (unless E2E_SKIP_BUILD=1) and packs it into `<workDir>/package`.
 * @param {string} workDir @param {(line: string) => void} say
 */
async function buildAndPack(workDir, say) {
	const logDir = path.join(workDir, 'logs');
	const log = path.join(logDir, 'build-and-pack.log');
	if (!fs.existsSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsc'))) {
		throw new Error(`${REPO_ROOT}/node_modules is missing: run \`npm ci\` in ${REPO_ROOT} first`);
	}
	if (process.env.E2E_SKIP_BUILD !== '1') {
		say(`building the package (npm run build in ${REPO_ROOT})`);
		const build = await run('npm', ['run', 'build'], {
			cwd: REPO_ROOT,
			log,
			timeoutMs: 10 * 60_000,
		});
		if (build.code !== 0) throw new Error(`npm run build failed (log: ${log})\n${tail(log)}`);
	}
	const destination = path.join(workDir, 'package');
	fs.mkdirSync(destination, { recursive: true });
	// the build ran just now: skip the prepack script, which would build again
	const pack = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', `--pack-destination=${destination}`],
		{ cwd: REPO_ROOT, log, timeoutMs: 5 * 60_000 },
	);
	if (pack.code !== 0) throw new Error(`npm pack failed (log: ${log})\n${tail(log)}`);
	const [{ filename, files }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
	const tarball = path.join(destination, path.basename(filename));
	say(`packed ${path.basename(tarball)} (${files.length} files)`);
	return tarball;
}

/**
 * @param {string} logFile
 * @param {string} [script]  the double's server script (default: test/e2e/double-server.js)
 */
async function startDouble(logFile, script = path.join(__dirname, 'double-server.js')) {
	fs.mkdirSync(path.dirname(logFile), { recursive: true });
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [script, '0'], {
		stdio: ['ignore', 'pipe', out],
		detached: true,
	});
	const url = await new Promise((resolve, reject) => {
		let buffer = '';
		const timer = setTimeout(() => reject(new Error('the API double did not start')), 15_000);
		child.stdout?.on('data', (chunk) => {
			buffer += chunk;
			const newline = buffer.indexOf('\n');
			if (newline >= 0) {
				clearTimeout(timer);
				resolve(JSON.parse(buffer.slice(0, newline)).url);
			}
		});
		child.on('exit', (code) =>
			reject(new Error(`the API double exited (${code}); log: ${logFile}`)),
		);
	});
	/** @param {string} method @param {string} route @param {any} [body] @returns {Promise<any>} */
	const control = async (method, route, body) => {
		const response = await fetch(`${url}/__control/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await response.json();
		if (!response.ok)
			throw new Error(
				`double control ${method} ${route}: ${response.status} ${JSON.stringify(json)}`,
			);
		return json;
	};
	const kill = () => killGroup(child.pid, 'SIGTERM');
	process.on('exit', kill);
	const stop = () => {
		process.off('exit', kill);
		child.stdout?.destroy();
		kill();
		fs.closeSync(out);
	};
	return { url, control, stop };
}

module.exports = { buildAndPack, startDouble };
