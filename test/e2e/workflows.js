// @ts-check
'use strict';
/**
 * Turns the example workflows (and a few harness-only ones) into workflows that `n8n execute`
 * can run headlessly:
 *
 * - a trigger that cannot fire from the command line (Schedule, Webhook, …) becomes a Manual
 *   Trigger under the same name; when the example pins sample data on it, the Manual Trigger gets a
 *   new name and an "Edit Fields" node under the trigger's name emits the pinned item, so that
 *   expressions such as `$('Webhook').item.json.body` see what the webhook would have delivered;
 * - the workflow gets a fixed id (at most 21 characters) and a versionId (n8n 1.123 wants one);
 * - every node of this package gets the credentials imported for the run;
 * - pinned data is dropped (the run must use the nodes, not pinned results).
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const { REPO_ROOT } = require('./config');

const { name: PACKAGE_NAME, version: PACKAGE_VERSION } = JSON.parse(
	fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'),
);

/** Credentials imported for every run, by credential type. Ids are n8n-style (16 characters). */
const CREDENTIALS = {
	esetConnectApi: { id: 'e2eEsetConnect01', name: 'E2E ESET Connect (API double)' },
	aegisterApi: { id: 'e2eAegisterApi01', name: 'E2E Aegister (API double)' },
};

/** The same credentials with "Allow Changes" off, for the read-only scenarios. */
const READ_ONLY_CREDENTIALS = {
	esetConnectApi: { id: 'e2eEsetReadOnly01', name: 'E2E ESET Connect, read-only (API double)' },
	aegisterApi: { id: 'e2eAegisterRO01', name: 'E2E Aegister, read-only (API double)' },
};

/** Which credential each node of this package uses. */
const NODE_CREDENTIALS = {
	esetIncident: 'esetConnectApi',
	esetIncidentTrigger: 'esetConnectApi',
	aegisterIncident: 'aegisterApi',
};

const MANUAL_TRIGGER = 'n8n-nodes-base.manualTrigger';

/** @param {any} node */
function isTrigger(node) {
	return (
		/trigger$/i.test(node.type) ||
		node.type === 'n8n-nodes-base.webhook' ||
		node.type === 'n8n-nodes-base.start'
	);
}

/**
 * The name of this package's node a workflow node runs: `esetIncident` for both
 * `<package>.esetIncident` and its tool twin `<package>.esetIncidentTool` (which n8n's loader makes
 * of every node that is `usableAsTool`).
 * @param {string} type
 */
function packageNodeName(type) {
	return type.slice(PACKAGE_NAME.length + 1).replace(/Tool$/, '');
}

/** @param {string} file */
function readExample(file) {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'));
}

/**
 * @param {any} source  a workflow as exported by n8n
 * @param {string} id   fixed id for `n8n execute --id`
 */
function forHeadlessRun(source, id) {
	if (id.length > 21) throw new Error(`workflow id ${id} is longer than 21 characters`);
	const workflow = JSON.parse(JSON.stringify(source));
	const pinData = workflow.pinData ?? {};
	/** @type {any[]} */
	const nodes = [];
	for (const node of workflow.nodes) {
		if (node.type.startsWith(`${PACKAGE_NAME}.`)) {
			const credentialType = /** @type {Record<string,string>} */ (NODE_CREDENTIALS)[
				packageNodeName(node.type)
			];
			if (credentialType)
				node.credentials = { [credentialType]: /** @type {any} */ (CREDENTIALS)[credentialType] };
		}
		if (!isTrigger(node) || node.type === MANUAL_TRIGGER) {
			nodes.push(node);
			continue;
		}
		const pinned = pinData[node.name];
		if (!pinned) {
			nodes.push({
				parameters: {},
				id: node.id,
				name: node.name,
				type: MANUAL_TRIGGER,
				typeVersion: 1,
				position: node.position,
			});
			continue;
		}
		if (pinned.length !== 1)
			throw new Error(
				`${node.name}: the e2e run replays exactly one pinned item, found ${pinned.length}`,
			);
		const triggerName = `E2E Manual Trigger for ${node.name}`;
		nodes.push({
			parameters: {},
			id: randomUUID(),
			name: triggerName,
			type: MANUAL_TRIGGER,
			typeVersion: 1,
			position: [node.position[0] - 220, node.position[1]],
		});
		nodes.push({
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify(pinned[0].json ?? pinned[0], null, 2),
				options: {},
			},
			id: node.id,
			name: node.name,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: node.position,
		});
		workflow.connections[triggerName] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	}
	return {
		...workflow,
		id,
		versionId: randomUUID(),
		active: false,
		nodes,
		pinData: {},
		settings: { executionOrder: 'v1', ...(workflow.settings ?? {}) },
	};
}

/**
 * A workflow of a Manual Trigger and one node of this package (for scenarios that are not
 * examples).
 * @param {string} id
 * @param {string} name
 * @param {string} nodeName   e.g. aegisterIncident
 * @param {Record<string, any>} parameters
 */
function singleNodeWorkflow(id, name, nodeName, parameters) {
	const trigger = "When clicking 'Execute workflow'";
	const displayName = nodeName === 'esetIncident' ? 'ESET Incident' : 'Aegister Incident';
	return forHeadlessRun(
		{
			name,
			nodes: [
				{
					parameters: {},
					id: randomUUID(),
					name: trigger,
					type: MANUAL_TRIGGER,
					typeVersion: 1,
					position: [0, 0],
				},
				{
					parameters,
					id: randomUUID(),
					name: displayName,
					type: `${PACKAGE_NAME}.${nodeName}`,
					typeVersion: 1,
					position: [220, 0],
				},
			],
			connections: { [trigger]: { main: [[{ node: displayName, type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
		id,
	);
}

/** Credentials file for `n8n import:credentials`, pointing at the double. */
function credentialsFile(/** @type {Record<string, any>} */ data) {
	return [
		...Object.entries(CREDENTIALS).map(([type, { id, name }]) => ({
			id,
			name,
			type,
			data: data[type],
		})),
		...Object.entries(READ_ONLY_CREDENTIALS).map(([type, { id, name }]) => ({
			id,
			name,
			type,
			data: { ...data[type], allowChanges: false },
		})),
	];
}

module.exports = {
	PACKAGE_NAME,
	PACKAGE_VERSION,
	CREDENTIALS,
	READ_ONLY_CREDENTIALS,
	MANUAL_TRIGGER,
	packageNodeName,
	readExample,
	forHeadlessRun,
	singleNodeWorkflow,
	credentialsFile,
};
