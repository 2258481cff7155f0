#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Last build step: n8n's lazy-loading manifests, written by n8n-core's own `bin/generate-metadata`
 * (what n8n-nodes-base runs in its build) from the dist/ the build just produced:
 *
 *   dist/known/nodes.json        node name → { className, sourcePath }
 *   dist/known/credentials.json  credential name → { className, sourcePath, supportedNodes }
 *   dist/types/nodes.json        the node descriptions the editor shows (as n8n post-processes them)
 *   dist/types/credentials.json  the credential descriptions
 *
 * n8n 1.x and 2.x load a community package lazily (LazyPackageDirectoryLoader) only when all four
 * exist; with a subset it lists the nodes twice, and stale files show old descriptions. So they are
 * written from scratch on every build, and the build fails unless all four describe exactly the
 * nodes and credentials package.json lists.
 */
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const FILES = [
	'known/nodes.json',
	'known/credentials.json',
	'types/nodes.json',
	'types/credentials.json',
];

/** @param {string} message */
function fail(message) {
	console.error(`build-manifests: ${message}`);
	process.exit(1);
}

if (!fs.existsSync(dist)) fail('dist/ is missing: run tsc first');
for (const folder of ['known', 'types', 'methods'])
	fs.rmSync(path.join(dist, folder), { recursive: true, force: true });

const generator = path.join(
	path.dirname(require.resolve('n8n-core/package.json', { paths: [root] })),
	'bin',
	'generate-metadata',
);
const result = spawnSync(process.execPath, [generator], {
	cwd: root,
	encoding: 'utf8',
	timeout: 120_000,
});
if (result.status !== 0)
	fail(`${generator} exited ${result.status ?? result.signal}\n${result.stdout}\n${result.stderr}`);

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
/** @type {Record<string, any>} */
const manifests = {};
for (const file of FILES) {
	try {
		manifests[file] = JSON.parse(fs.readFileSync(path.join(dist, file), 'utf8'));
	} catch (error) {
		fail(`dist/${file} was not written or is not JSON: ${error}`);
	}
}
const knownNodes = Object.values(manifests['known/nodes.json'])
	.map((n) => n.sourcePath)
	.sort();
const knownCredentials = Object.values(manifests['known/credentials.json'])
	.map((c) => c.sourcePath)
	.sort();
if (JSON.stringify(knownNodes) !== JSON.stringify([...pkg.n8n.nodes].sort())) {
	fail(
		`dist/known/nodes.json lists ${knownNodes.join(', ')}; package.json lists ${pkg.n8n.nodes.join(', ')}`,
	);
}
if (JSON.stringify(knownCredentials) !== JSON.stringify([...pkg.n8n.credentials].sort())) {
	fail(
		`dist/known/credentials.json lists ${knownCredentials.join(', ')}; package.json lists ${pkg.n8n.credentials.join(', ')}`,
	);
}
const typeNames = manifests['types/nodes.json'].map((/** @type {any} */ d) => d.name).sort();
if (
	JSON.stringify(typeNames) !== JSON.stringify(Object.keys(manifests['known/nodes.json']).sort())
) {
	fail(
		`dist/types/nodes.json describes ${typeNames.join(', ')}, not the nodes of dist/known/nodes.json`,
	);
}
for (const description of manifests['types/nodes.json']) {
	if (description.communityNodePackageVersion !== pkg.version) {
		fail(
			`dist/types/nodes.json: ${description.name} is described for version ${description.communityNodePackageVersion}, the package is ${pkg.version}`,
		);
	}
}
console.log(
	`build-manifests: dist/{${FILES.join(',')}} (${typeNames.length} nodes, ${knownCredentials.length} credentials)`,
);
