// @ts-check
'use strict';
/**
 * The benchmark's workflows. Items are made by a Set node (an array of numbers) split into items,
 * and every request derives its incident from `$itemIndex`, so that each node of a chain gets the
 * same 1 … N incidents whatever the previous node output.
 */
const { randomUUID } = require('node:crypto');

const { CREDENTIALS, PACKAGE_NAME } = require('../test/e2e/workflows');

/** Header-auth credentials for n8n's HTTP Request node (the same tokens our credentials use). */
const HTTP_CREDENTIALS = {
	eset: { id: 'benchHttpEset0001', name: 'Bench: ESET bearer (header auth)' },
	aegister: { id: 'benchHttpAegister1', name: 'Bench: Aegister token (header auth)' },
};

/** A bearer token the double accepts, for the HTTP Request node (ours gets its own from the token endpoint). */
const ESET_STATIC_TOKEN = 'bench-static-bearer-token';

const ESET_UUID = '"00000000-0000-4000-8000-" + String($itemIndex + 1).padStart(12, "0")';
const CLOSE_BODY = {
	closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
	finalComment: { text: 'benchmark' },
};

/** @param {Record<string, any>} data  credential data from the double @param {string} aegisterToken */
function credentials(data, aegisterToken) {
	return [
		{
			...HTTP_CREDENTIALS.eset,
			type: 'httpHeaderAuth',
			data: { name: 'Authorization', value: `Bearer ${ESET_STATIC_TOKEN}` },
		},
		{
			...HTTP_CREDENTIALS.aegister,
			type: 'httpHeaderAuth',
			data: { name: 'X-Aegister-Token', value: aegisterToken },
		},
		...Object.entries(CREDENTIALS).map(([type, { id, name }]) => ({
			id,
			name,
			type,
			data: data[type],
		})),
	];
}

/** What each kind of node under test looks like, by kind. @param {string} doubleUrl */
function nodeKinds(doubleUrl) {
	return {
		'ESET Incident → Close': {
			type: `${PACKAGE_NAME}.esetIncident`,
			typeVersion: 1,
			credentials: { esetConnectApi: CREDENTIALS.esetConnectApi },
			parameters: {
				resource: 'incident',
				operation: 'close',
				incidentUuid: `={{ ${ESET_UUID} }}`,
				closureReason: CLOSE_BODY.closureReason,
				finalComment: CLOSE_BODY.finalComment.text,
				// the double sets no limit here: measure the node, not ESET's 10/s
				options: { requestsPerSecond: 0 },
			},
		},
		'HTTP Request → ESET close': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			credentials: { httpHeaderAuth: HTTP_CREDENTIALS.eset },
			parameters: {
				method: 'POST',
				url: `=${doubleUrl}/eset/v2/incidents/{{ ${ESET_UUID} }}:close`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify(CLOSE_BODY),
				options: {},
			},
		},
		'Aegister Incident → Update': {
			type: `${PACKAGE_NAME}.aegisterIncident`,
			typeVersion: 1,
			credentials: { aegisterApi: CREDENTIALS.aegisterApi },
			parameters: {
				resource: 'incident',
				operation: 'update',
				organization: { __rl: true, mode: 'id', value: '1' },
				incidentId: '={{ $itemIndex + 1 }}',
				updateFields: { title: 'benchmark' },
			},
		},
		'HTTP Request → Aegister update': {
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			credentials: { httpHeaderAuth: HTTP_CREDENTIALS.aegister },
			parameters: {
				method: 'PATCH',
				url: `=${doubleUrl}/aegister/api/v1/V-Ciso/incidents/1/{{ $itemIndex + 1 }}`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpHeaderAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ title: 'benchmark' }),
				options: {},
			},
		},
	};
}

/**
 * Manual Trigger → N items → the given nodes in a chain.
 * @param {string} id @param {string} name @param {number} count
 * @param {Array<{ name: string, node: any }>} chain
 */
function chainWorkflow(id, name, count, chain) {
	const nodes = [
		{
			parameters: {},
			id: randomUUID(),
			name: 'Start',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
		{
			parameters: {
				mode: 'raw',
				jsonOutput: `={{ JSON.stringify({ n: Array.from({ length: ${count} }, (_, i) => i) }) }}`,
				options: {},
			},
			id: randomUUID(),
			name: 'Numbers',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
		},
		{
			parameters: { fieldToSplitOut: 'n', options: {} },
			id: randomUUID(),
			name: 'Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [400, 0],
		},
		...chain.map(({ name: nodeName, node }, i) => ({
			...node,
			id: randomUUID(),
			name: nodeName,
			position: [600 + 200 * i, 0],
		})),
	];
	/** @type {Record<string, any>} */
	const connections = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name,
		versionId: randomUUID(),
		active: false,
		nodes,
		connections,
		pinData: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * One workflow that runs every kind `rounds` times, alternating which goes first (ours, then
 * HTTP Request; then HTTP Request, then ours …), after a warm-up round.
 * @param {string} doubleUrl @param {number} count @param {number} rounds
 */
function overheadWorkflow(doubleUrl, count, rounds) {
	const kinds = nodeKinds(doubleUrl);
	const pairs = [
		['ESET Incident → Close', 'HTTP Request → ESET close'],
		['Aegister Incident → Update', 'HTTP Request → Aegister update'],
	];
	/** @type {Array<{ name: string, node: any }>} */
	const chain = [];
	for (let round = 0; round <= rounds; round++) {
		for (const pair of pairs) {
			for (const kind of round % 2 ? [...pair].reverse() : pair) {
				chain.push({
					name: `${round === 0 ? 'warm-up' : `round ${round}`}: ${kind}`,
					node: /** @type {any} */ (kinds)[kind],
				});
			}
		}
	}
	return chainWorkflow('benchOverhead', 'Benchmark: overhead per item', count, chain);
}

/** ESET Close with the node's default settings (only "On Error: Continue", to count failed items). @param {number} count */
function rateLimitWorkflow(count) {
	const close = nodeKinds('')['ESET Incident → Close'];
	const parameters = { ...close.parameters };
	delete parameters.options;
	return chainWorkflow('benchRateLimit', 'Benchmark: close at the rate limit', count, [
		{
			name: 'ESET Close (default settings)',
			node: { ...close, parameters, onError: 'continueRegularOutput' },
		},
	]);
}

/**
 * The HTTP Request node as n8n's docs suggest for a rate-limited API: Batching 10 items per batch
 * with a 1 s interval, and Retry On Fail (its defaults: 3 tries, 1 s apart); On Error left at Stop,
 * or Retry On Fail would never apply.
 * @param {string} doubleUrl @param {number} count
 */
function httpRateLimitWorkflow(doubleUrl, count) {
	const http = nodeKinds(doubleUrl)['HTTP Request → ESET close'];
	return chainWorkflow(
		'benchHttpRateLimit',
		'Benchmark: HTTP Request node at the rate limit',
		count,
		[
			{
				name: 'HTTP Request (Batching 10 / 1 s, Retry On Fail)',
				node: {
					...http,
					parameters: {
						...http.parameters,
						options: { batching: { batch: { batchSize: 10, batchInterval: 1000 } } },
					},
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 1000,
				},
			},
		],
	);
}

module.exports = {
	credentials,
	overheadWorkflow,
	rateLimitWorkflow,
	httpRateLimitWorkflow,
	ESET_STATIC_TOKEN,
	CLOSE_BODY,
};
