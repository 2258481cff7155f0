// @ts-check
'use strict';
/**
 * One real n8n installation driven from the command line with a fresh user folder: installing this
 * package as a community package, importing credentials and workflows, executing workflows and
 * reading what they printed. Every command's output goes to a log file in the work folder.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ENCRYPTION_KEY } = require('./config');
const { run, freePort, npmCliPath, cleanEnv } = require('./util');

/**
 * @typedef {object} ExecuteResult
 * @property {boolean} ok              `n8n execute` exited 0
 * @property {number | null} exitCode
 * @property {boolean} timedOut
 * @property {any} runData             the run as printed by `--rawOutput` (or in the failure log), if found
 * @property {any[] | undefined} items json of the last node's first output, if the run finished
 * @property {{ message?: string, description?: string } | undefined} error  the run's error, if any
 * @property {string} text             everything the command printed
 * @property {string} log
 * @property {number} ms
 */

class N8nInstance {
	/**
	 * @param {{ target: import('./config').Target, n8nBin: string, nodeBin: string, nodePackageDir: string, n8nDir: string, workDir: string }} options
	 */
	constructor(options) {
		this.target = options.target;
		this.n8nBin = options.n8nBin;
		this.nodeBin = options.nodeBin;
		this.nodePackageDir = options.nodePackageDir;
		this.n8nDir = options.n8nDir;
		this.workDir = options.workDir;
		this.userFolder = path.join(this.workDir, 'user');
		this.n8nFolder = path.join(this.userFolder, '.n8n');
		this.nodesFolder = path.join(this.n8nFolder, 'nodes');
		this.logDir = path.join(this.workDir, 'logs');
		this.commandCount = 0;
	}

	/** Fresh user folder with a settings file n8n 2.x accepts (mode 0600). */
	async prepare() {
		fs.rmSync(this.workDir, { recursive: true, force: true });
		fs.mkdirSync(this.n8nFolder, { recursive: true });
		fs.mkdirSync(this.logDir, { recursive: true });
		const config = path.join(this.n8nFolder, 'config');
		fs.writeFileSync(config, `${JSON.stringify({ encryptionKey: ENCRYPTION_KEY }, null, '\t')}`, {
			mode: 0o600,
		});
		fs.chmodSync(config, 0o600);
		this.brokerPort = await freePort();
		this.port = await freePort();
	}

	/** Environment for every n8n command: no telemetry, own broker port, the run's user folder. */
	env() {
		/** @type {NodeJS.ProcessEnv} */
		const env = {};
		// npm's script environment is not n8n's business, nor are N8N_* / DB_* settings of the caller
		for (const [key, value] of Object.entries(cleanEnv())) {
			if (!key.startsWith('N8N_') && !key.startsWith('DB_')) env[key] = value;
		}
		return {
			...env,
			PATH: [path.dirname(this.nodeBin), process.env.PATH].join(path.delimiter),
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_PORT: String(this.port),
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			DB_TYPE: 'sqlite',
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
		};
	}

	/** @param {string} label */
	logFile(label) {
		this.commandCount++;
		return path.join(
			this.logDir,
			`${String(this.commandCount).padStart(2, '0')}-${label.replace(/[^\w.-]+/g, '_')}.log`,
		);
	}

	/**
	 * @param {string[]} args  arguments to the n8n CLI
	 * @param {string} label
	 * @param {number} [timeoutMs]
	 * @param {NodeJS.ProcessEnv} [extraEnv]  settings on top of env() (e.g. N8N_LOG_LEVEL)
	 * @returns {Promise<import('./util').RunResult>}
	 */
	n8n(args, label, timeoutMs = 5 * 60_000, extraEnv = {}) {
		const log = this.logFile(label);
		return run(this.nodeBin, [this.n8nBin, ...args], {
			cwd: this.workDir,
			env: { ...this.env(), ...extraEnv },
			log,
			timeoutMs,
			stdoutFile: log.replace(/\.log$/, '.stdout'),
		});
	}

	/**
	 * Installs a package tarball the way n8n's community-package installer does (n8n 1.123 and 2.x,
	 * `CommunityPackagesService.downloadPackage`): unpack it into
	 * `<user folder>/.n8n/nodes/node_modules/<package>`, drop its dev, peer and optional
	 * dependencies from its package.json, `npm install` its own dependencies there with n8n's
	 * flags, and record it in `.n8n/nodes/package.json`. n8n-workflow then comes from n8n itself.
	 * @param {string} tarball
	 * @param {string} packageName
	 * @param {string} [folder]  where to install (default: n8n's community nodes folder)
	 * @returns {Promise<{ ok: boolean, dir: string, log: string }>}
	 */
	async installCommunityPackage(tarball, packageName, folder = this.nodesFolder) {
		const log = this.logFile('install-community-package');
		const dir = path.join(folder, 'node_modules', packageName);
		const manifestPath = path.join(folder, 'package.json');
		fs.mkdirSync(dir, { recursive: true });
		if (!fs.existsSync(manifestPath)) {
			fs.writeFileSync(
				manifestPath,
				JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
			);
		}
		const untar = await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], { log });
		if (untar.code !== 0) return { ok: false, dir, log };
		const packageJsonPath = path.join(dir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
			fs.readFileSync(packageJsonPath, 'utf8'),
		);
		fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2));
		const install = await run(
			this.nodeBin,
			[
				npmCliPath(),
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=warn',
			],
			{
				cwd: dir,
				env: { ...this.env(), npm_config_update_notifier: 'false' },
				log,
				timeoutMs: 10 * 60_000,
			},
		);
		if (install.code !== 0) return { ok: false, dir, log };
		const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
		manifest.dependencies = { ...manifest.dependencies, [packageName]: packageJson.version };
		fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
		return { ok: true, dir, log };
	}

	/** @param {any[]} credentials */
	async importCredentials(credentials) {
		const file = path.join(this.workDir, 'credentials.json');
		fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
		return this.n8n(['import:credentials', `--input=${file}`], 'import-credentials');
	}

	/** @param {any[]} workflows */
	async importWorkflows(workflows) {
		const dir = path.join(this.workDir, 'workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		for (const workflow of workflows)
			fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
		return this.n8n(['import:workflow', '--separate', `--input=${dir}`], 'import-workflows');
	}

	/**
	 * `n8n execute --id=… --rawOutput`; never piped into anything that could close early.
	 * @param {string} workflowId
	 * @param {string} label
	 * @param {NodeJS.ProcessEnv} [extraEnv]
	 * @returns {Promise<ExecuteResult>}
	 */
	async execute(workflowId, label, extraEnv = {}) {
		const result = await this.n8n(
			['execute', `--id=${workflowId}`, '--rawOutput'],
			`execute-${label}`,
			4 * 60_000,
			extraEnv,
		);
		const stdout = plainLogText(result.stdout);
		const text = `${stdout}\n${plainLogText(result.stderr)}`;
		const runData = extractRunJson(stdout) ?? extractRunJson(text);
		const resultData = runData?.data?.resultData ?? runData?.resultData;
		const error = resultData?.error;
		let items;
		const last = resultData?.lastNodeExecuted;
		const runs = last && resultData?.runData?.[last];
		if (runs?.length)
			items = (runs[runs.length - 1].data?.main?.[0] ?? []).map((/** @type {any} */ i) => i.json);
		return {
			ok: result.code === 0 && !result.timedOut,
			exitCode: result.code,
			timedOut: result.timedOut,
			runData,
			items,
			error,
			text,
			log: result.log,
			ms: result.ms,
		};
	}
}

/**
 * At N8N_LOG_LEVEL=debug, n8n prints the run through its logger: coloured, the opening line after
 * a time and level, the closing line followed by the logger's metadata. Undoes that, so that the
 * run reads as at the info level (where the text stays as it is).
 * @param {string} text
 */
function plainLogText(text) {
	return text
		.replace(/\x1b\[[0-9;]*m/g, '')
		.replace(/^\d\d:\d\d:\d\d\.\d+\s+info\s+\{$/gm, '{')
		.replace(/^\}\s+\{ "file": .*\}$/gm, '}');
}

/**
 * `n8n execute --rawOutput` prints log lines, then the run as indented JSON (and, for a failed run,
 * the run inside the log lines). Finds the first line that opens a JSON object and parses from
 * there to the matching closing line.
 * @param {string} text
 */
function extractRunJson(text) {
	const lines = text.split('\n');
	for (let start = 0; start < lines.length; start++) {
		if (lines[start].trimEnd() !== '{') continue;
		const indent = lines[start].length - lines[start].trimStart().length;
		for (let end = start + 1; end < lines.length; end++) {
			const line = lines[end];
			if (line.trimEnd() === `${' '.repeat(indent)}}`) {
				try {
					const parsed = JSON.parse(
						lines
							.slice(start, end + 1)
							.map((l) => l.slice(indent))
							.join('\n'),
					);
					if (parsed && (parsed.data?.resultData || parsed.resultData)) return parsed;
				} catch {
					// not this one
				}
				break;
			}
		}
	}
	return undefined;
}

module.exports = { N8nInstance, extractRunJson };
