// @ts-check
'use strict';
/**
 * Long-running processes of the queue run (Redis, n8n main and workers, the API double) and what
 * stops them: every start registers a stop, `cleanup()` runs them all (newest first, each bounded),
 * and a last synchronous sweep on exit kills whatever is left — after a failure, on SIGINT and on
 * SIGTERM too.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');

const { killGroup } = require('../e2e/util');

/** @type {Array<{ name: string, stop: () => Promise<void>, kill: () => void }>} */
const registry = [];

/**
 * Registers something to stop. `stop` is asynchronous and may take its time (bounded by cleanup),
 * `kill` must be synchronous: it runs in the exit handler.
 * @param {string} name @param {() => Promise<void>} stop @param {() => void} kill
 */
function onCleanup(name, stop, kill) {
	const entry = { name, stop, kill };
	registry.push(entry);
	return () => {
		const index = registry.indexOf(entry);
		if (index >= 0) registry.splice(index, 1);
	};
}

/** @param {number} ms */
const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @template T
 * @param {Promise<T>} promise @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
async function within(promise, ms, what) {
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	try {
		return await Promise.race([
			promise,
			new Promise((_, reject) => {
				timer = setTimeout(
					() => reject(new Error(`${what}: no result within ${Math.round(ms / 1000)} s`)),
					ms,
				);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}

/** Stops everything registered, newest first, each within `eachMs`. */
async function cleanup(eachMs = 30_000) {
	while (registry.length) {
		const entry = /** @type {(typeof registry)[number]} */ (registry.pop());
		try {
			await within(entry.stop(), eachMs, `stopping ${entry.name}`);
		} catch (error) {
			console.error(`cleanup: ${error.message}; killing it`);
			entry.kill();
		}
	}
}

process.on('exit', () => {
	for (const entry of registry.splice(0).reverse()) {
		try {
			entry.kill();
		} catch {
			// best effort
		}
	}
});

/**
 * @typedef {object} Daemon
 * @property {string} name
 * @property {number} pid
 * @property {string} log
 * @property {Promise<{ code: number | null, signal: string | null }>} exited
 * @property {() => boolean} running
 * @property {() => string} output     everything it printed so far
 * @property {(pattern: RegExp, ms: number) => Promise<void>} waitFor  until its output matches
 * @property {() => Promise<void>} stop  SIGTERM to its process group, SIGKILL after 20 s
 */

/**
 * Starts a long-running command in its own process group, its output to `log`.
 * @param {string} name @param {string} command @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, log: string, stopSignal?: NodeJS.Signals }} options
 * @returns {Daemon}
 */
function startDaemon(name, command, args, options) {
	fs.mkdirSync(path.dirname(options.log), { recursive: true });
	const out = fs.openSync(options.log, 'a');
	fs.writeSync(out, `\n$ ${[command, ...args].join(' ')}\n`);
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		stdio: ['ignore', out, out],
		detached: true,
	});
	fs.closeSync(out);
	if (!child.pid) throw new Error(`${name}: could not start ${command}`);
	const pid = child.pid;
	let alive = true;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			alive = false;
			resolve({ code, signal });
		});
		child.on('error', () => {
			alive = false;
			resolve({ code: null, signal: null });
		});
	});
	const output = () => {
		try {
			return fs.readFileSync(options.log, 'utf8');
		} catch {
			return '';
		}
	};
	/** @type {Daemon} */
	const daemon = {
		name,
		pid,
		log: options.log,
		exited: /** @type {any} */ (exited),
		running: () => alive,
		output,
		async waitFor(pattern, ms) {
			const deadline = Date.now() + ms;
			while (!pattern.test(output())) {
				if (!alive) throw new Error(`${name} exited before it was ready (log: ${options.log})`);
				if (Date.now() > deadline)
					throw new Error(
						`${name} was not ready within ${Math.round(ms / 1000)} s (log: ${options.log})`,
					);
				await delay(250);
			}
		},
		async stop() {
			if (!alive) return;
			killGroup(pid, options.stopSignal ?? 'SIGTERM');
			const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 20_000);
			await exited;
			clearTimeout(timer);
			killGroup(pid, 'SIGKILL'); // anything it left behind in its group
		},
	};
	const unregister = onCleanup(name, daemon.stop, () => killGroup(pid, 'SIGKILL'));
	exited.then(unregister);
	return daemon;
}

/**
 * Polls `url` until it answers 200, within `ms`.
 * @param {string} url @param {number} ms @param {Daemon} [daemon]  fail early if it exits
 */
async function waitForHttp(url, ms, daemon) {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
			if (response.status === 200) return;
		} catch {
			// not yet
		}
		if (daemon && !daemon.running())
			throw new Error(`${daemon.name} exited before ${url} answered (log: ${daemon.log})`);
		if (Date.now() > deadline)
			throw new Error(`${url} did not answer 200 within ${Math.round(ms / 1000)} s`);
		await delay(500);
	}
}

/** Runs cleanup on SIGINT / SIGTERM, then exits 130. */
function stopOnSignals() {
	let stopping = false;
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) {
		process.on(signal, () => {
			if (stopping) process.exit(130);
			stopping = true;
			console.error(`\n${signal}: stopping everything this run started`);
			within(cleanup(15_000), 60_000, 'cleanup')
				.catch((error) => console.error(error.message))
				.finally(() => process.exit(130));
		});
	}
}

module.exports = { onCleanup, cleanup, startDaemon, waitForHttp, within, delay, stopOnSignals };
