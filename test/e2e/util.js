// @ts-check
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

/** Process groups still running: stopped if this process exits first. */
const running = new Set();
process.on('exit', () => {
	for (const pid of running) killGroup(pid, 'SIGKILL');
});

/**
 * @typedef {object} RunResult
 * @property {number | null} code
 * @property {string | null} signal
 * @property {string} stdout
 * @property {string} stderr
 * @property {boolean} timedOut
 * @property {number} ms
 * @property {string} log   path of the log file holding the command, stdout and stderr
 */

/**
 * Runs a command to completion without a shell, writing everything it prints to `log` (and to the
 * terminal when `echo` is set). Never rejects for a non-zero exit: callers decide.
 *
 * With `stdoutFile`, the command writes its standard output straight into that file instead of a
 * pipe: a Node program that calls process.exit() right after printing a large result (as
 * `n8n execute --rawOutput` does) loses the end of it on a pipe, never on a file.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, log: string, timeoutMs?: number, echo?: boolean, stdoutFile?: string }} options
 * @returns {Promise<RunResult>}
 */
function run(command, args, options) {
	const started = Date.now();
	fs.mkdirSync(path.dirname(options.log), { recursive: true });
	const log = fs.createWriteStream(options.log, { flags: 'a' });
	log.write(
		`\n$ (cd ${options.cwd ?? process.cwd()}) ${[command, ...args].join(' ')}${options.stdoutFile ? ` > ${options.stdoutFile}` : ''}\n`,
	);
	const stdoutFd = options.stdoutFile ? fs.openSync(options.stdoutFile, 'w') : undefined;
	return new Promise((resolve) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
			// own process group, so that a timeout can stop everything it started
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		child.stdout?.on('data', (chunk) => {
			stdout += chunk;
			log.write(chunk);
			if (options.echo) process.stdout.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			log.write(chunk);
			if (options.echo) process.stderr.write(chunk);
		});
		const timer = options.timeoutMs
			? setTimeout(() => {
					timedOut = true;
					killGroup(child.pid, 'SIGTERM');
					setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000).unref();
				}, options.timeoutMs)
			: undefined;
		if (child.pid) running.add(child.pid);
		child.on('error', (error) => {
			stderr += String(error);
			log.write(`\n[spawn error] ${error}\n`);
		});
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			if (child.pid) running.delete(child.pid);
			if (stdoutFd !== undefined && options.stdoutFile) {
				fs.closeSync(stdoutFd);
				stdout = fs.readFileSync(options.stdoutFile, 'utf8');
				log.write(
					stdout.length > 200_000
						? `[${stdout.length} characters of output in ${options.stdoutFile}]\n`
						: stdout,
				);
			}
			const ms = Date.now() - started;
			log.end(
				`\n[exit ${code}${signal ? ` signal ${signal}` : ''}${timedOut ? ' TIMED OUT' : ''} after ${(ms / 1000).toFixed(1)} s]\n`,
			);
			resolve({ code, signal, stdout, stderr, timedOut, ms, log: options.log });
		});
	});
}

/** @param {number | undefined} pid @param {NodeJS.Signals} signal */
function killGroup(pid, signal) {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/**
 * Last `lines` lines of a file (for failure reports).
 * @param {string} file
 */
function tail(file, lines = 40) {
	try {
		const text = fs.readFileSync(file, 'utf8');
		return text.split('\n').slice(-lines).join('\n');
	} catch {
		return `(no log at ${file})`;
	}
}

/** A TCP port that was free a moment ago. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(address.port));
		});
	});
}

/** @param {number} ms */
function seconds(ms) {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** Locates npm's CLI script, so that npm can run under another Node binary. */
function npmCliPath() {
	const candidates = [
		process.env.npm_execpath,
		path.join(
			path.dirname(process.execPath),
			'..',
			'lib',
			'node_modules',
			'npm',
			'bin',
			'npm-cli.js',
		),
	];
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const npm = path.join(dir, 'npm');
		if (fs.existsSync(npm))
			candidates.push(path.join(path.dirname(fs.realpathSync(npm)), 'npm-cli.js'));
	}
	const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && fs.existsSync(c));
	if (!found) throw new Error('cannot find npm-cli.js (is npm installed?)');
	return found;
}

/** npm settings that describe the machine (where to download from, through which proxy, which cache). */
const MACHINE_NPM_SETTINGS =
	/^npm_config_(cache|registry|cafile|ca|proxy|https_proxy|noproxy|userconfig|globalconfig|strict_ssl|fetch_retries|fetch_retry_\w+|fetch_timeout|maxsockets|prefer_offline|offline)$/i;

/**
 * The environment without what `npm run` adds (npm_lifecycle_*, npm_package_*, and the
 * repository's own npm settings such as legacy-peer-deps as npm_config_*), so that they do not leak
 * into installs elsewhere; npm settings about the machine (registry, proxy, cache) are kept.
 */
function cleanEnv() {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(key) && !MACHINE_NPM_SETTINGS.test(key)) continue;
		if (key === 'NODE_OPTIONS' || key === 'INIT_CWD') continue;
		env[key] = value;
	}
	return env;
}

module.exports = { run, tail, freePort, seconds, npmCliPath, killGroup, cleanEnv };
