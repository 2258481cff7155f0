// @ts-check
'use strict';
/**
 * What n8n's queue mode needs beside n8n: Redis and PostgreSQL from Debian's packages, each started
 * by this run on 127.0.0.1 on a free port with its data in a scratch folder, and stopped by it.
 * No system service is started or touched: the packages are installed with a temporary
 * /usr/sbin/policy-rc.d that forbids starting services (and that is removed afterwards, unless it
 * was there before).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { run, tail, freePort } = require('../e2e/util');
const { onCleanup, startDaemon, delay } = require('./processes');

const POLICY_RC = '/usr/sbin/policy-rc.d';
const POSTGRES_LIB = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, if any. */
function postgresBin() {
	try {
		const versions = fs
			.readdirSync(POSTGRES_LIB)
			.filter((v) => fs.existsSync(path.join(POSTGRES_LIB, v, 'bin', 'initdb')))
			.sort((a, b) => Number(b) - Number(a));
		return versions.length ? path.join(POSTGRES_LIB, versions[0], 'bin') : undefined;
	} catch {
		return undefined;
	}
}

/** @param {string} command */
function onPath(command) {
	return (process.env.PATH ?? '')
		.split(path.delimiter)
		.some((dir) => dir && fs.existsSync(path.join(dir, command)));
}

/**
 * Installs redis-server and postgresql from Debian when missing (root only), with no service
 * started by the install.
 * @param {string} logDir @param {(line: string) => void} say
 */
async function ensureDebianPackages(logDir, say) {
	const missing = [];
	if (!onPath('redis-server') && !fs.existsSync('/usr/bin/redis-server'))
		missing.push('redis-server');
	if (!postgresBin()) missing.push('postgresql');
	if (!missing.length) return { installed: [], ms: 0 };
	if (process.getuid?.() !== 0)
		throw new Error(
			`${missing.join(' and ')} missing: install them (apt-get install ${missing.join(' ')}) or run as root`,
		);
	if (!onPath('apt-get'))
		throw new Error(
			`${missing.join(' and ')} missing and there is no apt-get to install them with`,
		);
	const log = path.join(logDir, 'apt-get.log');
	const started = Date.now();
	const ownPolicy = !fs.existsSync(POLICY_RC);
	if (ownPolicy)
		fs.writeFileSync(
			POLICY_RC,
			'#!/bin/sh\n# written by test/queue: no service starts while packages install\nexit 101\n',
			{ mode: 0o755 },
		);
	say(`installing ${missing.join(', ')} from Debian (log: ${log})`);
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		const install = () =>
			run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
				env,
				log,
				timeoutMs: 20 * 60_000,
			});
		let result = await install();
		if (result.code !== 0) {
			const update = await run('apt-get', ['update'], { env, log, timeoutMs: 10 * 60_000 });
			if (update.code !== 0) throw new Error(`apt-get update failed (log: ${log})\n${tail(log)}`);
			result = await install();
		}
		if (result.code !== 0)
			throw new Error(`apt-get install ${missing.join(' ')} failed (log: ${log})\n${tail(log)}`);
	} finally {
		if (ownPolicy) fs.rmSync(POLICY_RC, { force: true });
	}
	if (!postgresBin() || !(onPath('redis-server') || fs.existsSync('/usr/bin/redis-server')))
		throw new Error(`installed ${missing.join(', ')}, but cannot find them (log: ${log})`);
	return { installed: missing, ms: Date.now() - started };
}

/**
 * A scratch folder under the system's temporary folder, traversable by the postgres user (mode
 * 711: mkdtemp makes 700), removed by cleanup.
 */
function scratchFolder() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-'));
	fs.chmodSync(dir, 0o711);
	onCleanup(
		`scratch folder ${dir}`,
		async () => fs.rmSync(dir, { recursive: true, force: true }),
		() => fs.rmSync(dir, { recursive: true, force: true }),
	);
	return dir;
}

/** @param {string} scratch @param {string} logDir */
async function startRedis(scratch, logDir) {
	const port = await freePort();
	const dir = path.join(scratch, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const bin = onPath('redis-server') ? 'redis-server' : '/usr/bin/redis-server';
	const daemon = startDaemon(
		'redis',
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--protected-mode',
			'yes',
		],
		{
			log: path.join(logDir, 'redis.log'),
		},
	);
	await daemon.waitFor(/Ready to accept connections/, 30_000);
	return { host: '127.0.0.1', port, daemon };
}

/**
 * PostgreSQL as the postgres user (it refuses to run as root), on 127.0.0.1 only, no Unix socket,
 * durability off (a throw-away database), trust authentication.
 * @param {string} scratch @param {string} logDir
 */
async function startPostgres(scratch, logDir) {
	const bin = postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed');
	const port = await freePort();
	const data = path.join(scratch, 'pgdata');
	const serverLogDir = path.join(scratch, 'pglog');
	fs.mkdirSync(data, { mode: 0o700 });
	fs.mkdirSync(serverLogDir, { mode: 0o700 });
	const asPostgres = process.getuid?.() === 0;
	if (asPostgres) {
		const id = await run('id', ['-u', 'postgres'], { log: path.join(logDir, 'postgres.log') });
		const gid = await run('id', ['-g', 'postgres'], { log: path.join(logDir, 'postgres.log') });
		if (id.code !== 0)
			throw new Error('there is no postgres user (is the postgresql package installed?)');
		for (const dir of [data, serverLogDir])
			fs.chownSync(dir, Number(id.stdout.trim()), Number(gid.stdout.trim()));
	}
	const log = path.join(logDir, 'postgres.log');
	const pg = (/** @type {string} */ tool, /** @type {string[]} */ args, timeoutMs = 120_000) =>
		asPostgres
			? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { log, timeoutMs })
			: run(path.join(bin, tool), args, { log, timeoutMs });
	const init = await pg('initdb', [
		'-D',
		data,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-sync',
	]);
	if (init.code !== 0) throw new Error(`initdb failed (log: ${log})\n${tail(log)}`);
	const serverLog = path.join(serverLogDir, 'server.log');
	const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	const stop = async () => {
		await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'], 60_000);
		try {
			fs.copyFileSync(serverLog, path.join(logDir, 'postgres-server.log'));
		} catch {
			// no log
		}
	};
	const kill = () => {
		// synchronous, for the exit handler: the postmaster's PID is the first line of postmaster.pid
		try {
			const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
			if (pid > 0) process.kill(pid, 'SIGQUIT');
		} catch {
			// not running
		}
	};
	onCleanup('postgres', stop, kill);
	const start = await pg(
		'pg_ctl',
		['-D', data, '-l', serverLog, '-o', options, '-w', '-t', '60', 'start'],
		90_000,
	);
	if (start.code !== 0)
		throw new Error(
			`pg_ctl start failed (log: ${log}, ${serverLog})\n${tail(log)}\n${tail(serverLog)}`,
		);
	// ready for connections: pg_ctl -w waited for it; give the catalogue a moment all the same
	await delay(200);
	return { host: '127.0.0.1', port, user: 'postgres', database: 'postgres', data };
}

module.exports = { ensureDebianPackages, scratchFolder, startRedis, startPostgres, postgresBin };
