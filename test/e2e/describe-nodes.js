// @ts-check
'use strict';
/**
 * Prints, as JSON, what the installed package's nodes offer: for each node its resources, the
 * operations of each resource, its top-level parameters with their displayOptions, and whether n8n
 * gives it a tool twin (`usableAsTool`). Run with the
 * Node of an n8n install and NODE_PATH at that install's node_modules (as n8n resolves
 * n8n-workflow for community packages):
 *
 *   NODE_PATH=<n8n>/node_modules node describe-nodes.js <installed package folder>
 *
 * It also lists the n8n-workflow exports the compiled package uses (`n8n_workflow_1.<name>`) that
 * this n8n's n8n-workflow does not have: such a call fails only when its code path runs (a
 * back-off, a poll), so the scenarios alone may not reach it.
 */
const fs = require('node:fs');
const path = require('node:path');

const packageDir = path.resolve(process.argv[2]);
const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
/** @type {Record<string, any>} */
const nodes = {};
for (const file of manifest.n8n?.nodes ?? []) {
	const exports = require(path.join(packageDir, file));
	for (const NodeClass of Object.values(exports)) {
		if (typeof NodeClass !== 'function') continue;
		const { description } = new /** @type {any} */ (NodeClass)();
		if (!description?.name) continue;
		/** @type {any[]} */
		const properties = description.properties ?? [];
		const resource = properties.find((p) => p.name === 'resource');
		// each list starts with the default: a workflow leaves a parameter at its default out
		const defaultFirst = (/** @type {any[]} */ values, /** @type {unknown} */ fallback) => [
			...values.filter((v) => v === fallback),
			...values.filter((v) => v !== fallback),
		];
		const resources = defaultFirst(
			(resource?.options ?? []).map((/** @type {any} */ o) => o.value),
			resource?.default,
		);
		/** @type {Record<string, string[]>} */
		const operations = {};
		for (const property of properties.filter((p) => p.name === 'operation')) {
			const forResources = property.displayOptions?.show?.resource ?? resources;
			const values = defaultFirst(
				(property.options ?? []).map((/** @type {any} */ o) => o.value),
				property.default,
			);
			for (const r of forResources) operations[r] = [...(operations[r] ?? []), ...values];
		}
		nodes[description.name] = {
			displayName: description.displayName,
			usableAsTool: description.usableAsTool === true,
			resources,
			operations,
			parameters: properties.map((p) => ({
				name: p.name,
				type: p.type,
				displayOptions: p.displayOptions ?? null,
			})),
		};
	}
}
/** @type {Record<string, string[]>} export name → files using it */
const missingWorkflowExports = {};
// n8n-workflow as the installed package resolves it (this script's own folder may hold another)
const workflowEntry = require.resolve('n8n-workflow', { paths: [packageDir] });
/** @type {Record<string, unknown>} */
const workflow = require(workflowEntry);
/** @param {string} folder */
const scan = (folder) => {
	for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
		const file = path.join(folder, entry.name);
		if (entry.isDirectory()) scan(file);
		else if (entry.name.endsWith('.js')) {
			const text = fs.readFileSync(file, 'utf8');
			for (const [, name] of text.matchAll(/\bn8n_workflow_\d+\.(\w+)/g)) {
				if (workflow[name] === undefined) {
					const files = (missingWorkflowExports[name] ??= []);
					const relative = path.relative(packageDir, file);
					if (!files.includes(relative)) files.push(relative);
				}
			}
		}
	}
};
scan(path.join(packageDir, 'dist'));
const workflowPackageJson = require.resolve('n8n-workflow/package.json', { paths: [packageDir] });
const workflowVersion = JSON.parse(fs.readFileSync(workflowPackageJson, 'utf8')).version;
process.stdout.write(
	`${JSON.stringify({ package: manifest.name, version: manifest.version, nodes, workflowVersion, workflowPath: path.dirname(workflowPackageJson), missingWorkflowExports })}\n`,
);
