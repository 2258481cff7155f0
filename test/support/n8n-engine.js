// @ts-check
'use strict';
/**
 * Runs this package's nodes through n8n's own execution engine: the built package is loaded with
 * n8n-core's PackageDirectoryLoader (as n8n loads a community package), each run is a real
 * Workflow executed by n8n-core's WorkflowExecute, and credentials come from a small
 * credentials helper that behaves like n8n's (generic `authenticate`, `preAuthentication` with the
 * expirable token field, credentials re-read on every request and updated when renewed).
 *
 * Nothing of n8n's request machinery is replaced: requests leave through n8n-core's HTTP helpers.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const get = require('lodash/get');

// n8n-core writes its instance settings into the user folder on first use (jest makes one for
// the whole run: test/support/user-folder.js; a script gets its own, removed when it exits).
if (!process.env.N8N_USER_FOLDER) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-security-incidents-'));
	process.env.N8N_USER_FOLDER = userFolder;
	process.on('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
}
process.env.N8N_ENCRYPTION_KEY ??= 'test-encryption-key';
process.env.N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS ??= 'false';

const { Container } = require('@n8n/di');
const {
	PackageDirectoryLoader,
	WorkflowExecute,
	ExecutionLifecycleHooks,
	RoutingNode,
	ExecuteContext,
	LoadOptionsContext,
	PollContext,
} = require('n8n-core');
// Not exported from n8n-core's index.
const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
const {
	ICredentialsHelper,
	Workflow,
	NodeHelpers,
	NodeConnectionTypes,
	createDeferredPromise,
} = require('n8n-workflow');

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A start node that emits the items a test gives it (n8n's Manual Trigger emits one empty item). */
class TestItems {
	constructor() {
		/** @type {import('n8n-workflow').INodeTypeDescription} */
		this.description = {
			displayName: 'Test Items',
			name: 'testItems',
			group: ['trigger'],
			version: 1,
			description: 'Emits the items of the test',
			defaults: { name: 'Test Items' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
		};
	}

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = JSON.parse(String(this.getNodeParameter('items', 0)));
		return [items.map((/** @type {any} */ json) => ({ json }))];
	}
}

/**
 * Sends one request per item with a predefined credential through n8n-core's helpers, as n8n's
 * HTTP Request node does (`requestWithAuthentication`, the legacy helper of its "Predefined
 * Credential Type") and its AI tool does (`httpRequestWithAuthentication`).
 */
class AuthenticatedRequest {
	constructor() {
		/** @type {import('n8n-workflow').INodeTypeDescription} */
		this.description = {
			displayName: 'Authenticated Request',
			name: 'authenticatedRequest',
			group: ['transform'],
			version: 1,
			description: 'A request with a predefined credential, as the HTTP Request node sends it',
			defaults: { name: 'Authenticated Request' },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [
				{ name: 'esetConnectApi', required: false },
				{ name: 'aegisterApi', required: false },
			],
			properties: [
				{ displayName: 'Credential Type', name: 'credentialType', type: 'string', default: '' },
				{ displayName: 'Helper', name: 'helper', type: 'string', default: 'request' },
				{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			],
		};
	}

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const output = [];
		for (let index = 0; index < this.getInputData().length; index++) {
			const type = String(this.getNodeParameter('credentialType', index));
			const method = /** @type {any} */ (this.getNodeParameter('method', index));
			const url = String(this.getNodeParameter('url', index));
			const rawBody = String(this.getNodeParameter('body', index) || '');
			const body = rawBody ? JSON.parse(rawBody) : undefined;
			const json =
				this.getNodeParameter('helper', index) === 'request'
					? await this.helpers.requestWithAuthentication.call(
							this,
							type,
							{ method, uri: url, body, json: true },
							undefined,
							index,
						)
					: await this.helpers.httpRequestWithAuthentication.call(this, type, {
							method,
							url,
							body,
							json: true,
						});
			output.push({ json: json ?? {} });
		}
		return [output];
	}
}

class CredentialsHelper extends ICredentialsHelper {
	/** @param {Record<string, import('n8n-workflow').ICredentialType>} credentialTypes */
	constructor(credentialTypes) {
		super();
		this.credentialTypes = credentialTypes;
		/** @type {Record<string, Record<string, any>>} stored credentials by type, as n8n's database would hold them */
		this.store = {};
		/** how many times each type's preAuthentication ran */
		this.preAuthenticationCalls = /** @type {Record<string, number>} */ ({});
	}

	/** @param {string} type */
	type(type) {
		const credentialType = this.credentialTypes[type];
		if (!credentialType) throw new Error(`Unknown credential type ${type}`);
		return credentialType;
	}

	getParentTypes() {
		return [];
	}

	/** @param {string} type */
	getCredentialsProperties(type) {
		return this.type(type).properties;
	}

	/** @param {any} nodeCredentials @param {string} type */
	async getCredentials(nodeCredentials, type) {
		const data = await this.getDecrypted(/** @type {any} */ ({}), nodeCredentials, type);
		return /** @type {any} */ ({
			id: nodeCredentials.id,
			name: nodeCredentials.name,
			type,
			getData: () => data,
		});
	}

	/** Every call reads the stored credential afresh, like n8n reading its database. @param {any} _additionalData @param {any} _nodeCredentials @param {string} type */
	async getDecrypted(_additionalData, _nodeCredentials, type) {
		if (!this.store[type]) throw new Error(`No test credentials of type ${type}`);
		return structuredClone(this.store[type]);
	}

	/** @param {any} _nodeCredentials @param {string} type @param {any} data */
	async updateCredentials(_nodeCredentials, type, data) {
		this.store[type] = structuredClone(data);
	}

	/** @param {any} nodeCredentials @param {string} type @param {any} data */
	async updateCredentialsOauthTokenData(nodeCredentials, type, data) {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	/**
	 * Like n8n's CredentialsHelper.preAuthentication: runs the type's preAuthentication when the
	 * expirable field is empty or the credential was reported expired, and stores the result.
	 * @param {import('n8n-workflow').IHttpRequestHelper} helpers @param {any} credentials @param {string} typeName @param {import('n8n-workflow').INode} node @param {boolean} credentialsExpired
	 */
	async preAuthentication(helpers, credentials, typeName, node, credentialsExpired) {
		const credentialType = this.type(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		this.preAuthenticationCalls[typeName] = (this.preAuthenticationCalls[typeName] ?? 0) + 1;
		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const updated = Object.assign(credentials, output);
		if (node.credentials)
			await this.updateCredentials(node.credentials[typeName], typeName, updated);
		return updated;
	}

	/**
	 * Like n8n's CredentialsHelper.authenticate for generic and function `authenticate` blocks.
	 * @param {any} credentials @param {string} typeName @param {any} requestOptions @param {import('n8n-workflow').Workflow} workflow @param {import('n8n-workflow').INode} node
	 */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.type(typeName);
		if (!authenticate) return requestOptions;
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		const resolve = (/** @type {any} */ value) =>
			typeof value === 'string' && value.startsWith('=')
				? workflow.expression.getSimpleParameterValue(
						node,
						value,
						'internal',
						{ $credentials: credentials },
						undefined,
						'',
					)
				: value;
		for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
			requestOptions[outerKey] = requestOptions[outerKey] ?? {};
			for (const [key, value] of Object.entries(/** @type {Record<string, unknown>} */ (entries))) {
				requestOptions[outerKey][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions;
	}
}

/**
 * @typedef {object} RunOptions
 * @property {string} node                        node type name without package prefix, e.g. 'esetIncident'
 * @property {Record<string, any>} parameters     the node's parameters, as n8n saves them in a workflow
 * @property {Array<Record<string, any>>} [items] input items (default: one empty item)
 * @property {boolean} [continueOnFail]
 * @property {string} [timezone]                  the workflow's time zone (its settings; default UTC)
 * @property {AbortSignal} [signal]               stops the run when it aborts, as n8n's Stop button does
 * @property {number} [cancelAfterMs]             stops the run after this many milliseconds (Stop, or a test's safety net)
 */

/**
 * @typedef {object} RunResult
 * @property {Array<Record<string, any>>} json        the node's output items' json
 * @property {import('n8n-workflow').INodeExecutionData[]} items  the node's output items
 * @property {any} error                               the node's error, if it failed
 * @property {import('n8n-workflow').IRun} run
 */

class Engine {
	/** @param {PackageDirectoryLoader} loader */
	constructor(loader) {
		this.loader = loader;
		const credentialTypes = Object.fromEntries(
			Object.entries(loader.credentialTypes).map(([name, { type }]) => [name, type]),
		);
		this.credentialsHelper = new CredentialsHelper(credentialTypes);
		this.packageName = loader.packageName;
		const testItems = new TestItems();
		/** @type {Record<string, any>} node types of the tests themselves, by type name */
		this.testNodeTypes = {
			'test.testItems': testItems,
			'test.authenticatedRequest': new AuthenticatedRequest(),
		};
		/** @type {import('n8n-workflow').INodeTypes} */
		this.nodeTypes = {
			getByName: (type) => this.nodeType(type),
			getByNameAndVersion: (type) => this.nodeType(type),
			getKnownTypes: () => ({}),
		};
		this.testItems = testItems;
		this.runCount = 0;
		/** @type {WeakMap<object, import('n8n-workflow').INodeType>} */
		this.executableTypes = new WeakMap();
		/**
		 * The node types as n8n's own NodeTypes hands them out: a declarative node gets an `execute`
		 * that runs n8n-core's RoutingNode in the node's ExecuteContext, the context that carries the
		 * execution's cancel signal (WorkflowExecute alone runs such a node in a context without it).
		 * Runs that can be stopped use these.
		 * @type {import('n8n-workflow').INodeTypes}
		 */
		this.stoppableNodeTypes = {
			getByName: (type) => this.executable(this.nodeType(type)),
			getByNameAndVersion: (type) => this.executable(this.nodeType(type)),
			getKnownTypes: () => ({}),
		};
	}

	/** @param {import('n8n-workflow').INodeType} nodeType @returns {import('n8n-workflow').INodeType} */
	executable(nodeType) {
		if (
			nodeType.execute ||
			nodeType.poll ||
			nodeType.trigger ||
			!nodeType.description.requestDefaults
		)
			return nodeType;
		let executable = this.executableTypes.get(nodeType);
		if (!executable) {
			const declarative = /** @type {import('n8n-workflow').INodeType} */ (Object.create(nodeType));
			declarative.execute = async function () {
				const data = await new RoutingNode(/** @type {any} */ (this), declarative).runNode();
				return data ?? [];
			};
			executable = declarative;
			this.executableTypes.set(nodeType, executable);
		}
		return executable;
	}

	/** @param {string} type @returns {import('n8n-workflow').INodeType} */
	nodeType(type) {
		if (this.testNodeTypes[type]) return this.testNodeTypes[type];
		const name = type.startsWith(`${this.packageName}.`)
			? type.slice(this.packageName.length + 1)
			: type;
		const loaded = this.loader.nodeTypes[name];
		if (!loaded) throw new Error(`Unknown node type ${type}`);
		return /** @type {import('n8n-workflow').INodeType} */ (loaded.type);
	}

	/**
	 * The node under test, as a workflow holds it, with a credential of each type it uses.
	 * @param {string} nodeName @param {Record<string, any>} parameters @param {boolean} [continueOnFail]
	 * @returns {import('n8n-workflow').INode}
	 */
	nodeUnderTest(nodeName, parameters, continueOnFail = false) {
		const credentialNames = (this.nodeType(nodeName).description.credentials ?? []).map(
			(c) => c.name,
		);
		return {
			id: 'target',
			name: 'Node Under Test',
			type: nodeName.startsWith('test.') ? nodeName : `${this.packageName}.${nodeName}`,
			typeVersion: 1,
			position: [200, 0],
			parameters,
			continueOnFail,
			credentials: Object.fromEntries(
				credentialNames.map((name) => [name, { id: name, name: `${name} (test)` }]),
			),
		};
	}

	/** Store credentials (as if created in n8n). @param {Record<string, Record<string, any>>} credentialsByType */
	setCredentials(credentialsByType) {
		for (const [type, data] of Object.entries(credentialsByType))
			this.credentialsHelper.store[type] = structuredClone(data);
	}

	/** @param {string} type */
	storedCredentials(type) {
		return this.credentialsHelper.store[type];
	}

	/**
	 * Runs one workflow "Test Items → the node" and returns what the node output.
	 * @param {RunOptions} options
	 * @returns {Promise<RunResult>}
	 */
	async run(options) {
		const target = this.nodeUnderTest(options.node, options.parameters, options.continueOnFail);
		const start = {
			id: 'start',
			name: 'Test Items',
			type: 'test.testItems',
			typeVersion: 1,
			position: /** @type {[number, number]} */ ([0, 0]),
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		};
		const workflowData = {
			id: `test-${++this.runCount}`,
			name: 'test',
			active: false,
			nodes: [start, target],
			connections: {
				'Test Items': {
					main: [[{ node: 'Node Under Test', type: /** @type {any} */ ('main'), index: 0 }]],
				},
			},
			settings: { timezone: options.timezone ?? 'UTC' },
			createdAt: new Date(),
			updatedAt: new Date(),
		};
		const workflow = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: workflowData.nodes,
			connections: workflowData.connections,
			active: false,
			nodeTypes:
				options.signal || options.cancelAfterMs !== undefined
					? this.stoppableNodeTypes
					: this.nodeTypes,
			settings: workflowData.settings,
		});
		const additionalData = /** @type {import('n8n-workflow').IWorkflowExecuteAdditionalData} */ (
			/** @type {unknown} */ ({
				credentialsHelper: this.credentialsHelper,
				executionId: `execution-${this.runCount}`,
				hooks: new ExecutionLifecycleHooks(
					'manual',
					`execution-${this.runCount}`,
					/** @type {any} */ (workflowData),
				),
				executeWorkflow: async () => {
					throw new Error('sub-workflows are not part of these tests');
				},
				getRunExecutionData: async () => undefined,
				restApiUrl: 'http://localhost:5678/rest',
				instanceBaseUrl: 'http://localhost:5678/',
				formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
				webhookBaseUrl: 'http://localhost:5678/webhook',
				webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
				webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
				currentNodeExecutionIndex: 0,
				variables: {},
				logAiEvent: () => {},
				startRunnerTask: async () => {
					throw new Error('task runners are not part of these tests');
				},
			})
		);
		const execution = new WorkflowExecute(additionalData, 'manual').run(
			workflow,
			/** @type {any} */ (workflow.getNode('Test Items')),
		);
		// Stop: n8n cancels the execution's PCancelable, which aborts its cancel signal.
		const cancel = () => execution.cancel();
		const timer =
			options.cancelAfterMs === undefined ? undefined : setTimeout(cancel, options.cancelAfterMs);
		if (options.signal?.aborted) cancel();
		else options.signal?.addEventListener('abort', cancel, { once: true });
		/** @type {import('n8n-workflow').IRun} */
		let run;
		try {
			run = await execution;
		} finally {
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', cancel);
		}
		const taskData = run.data.resultData.runData['Node Under Test']?.[0];
		const items = taskData?.data?.main?.[0] ?? [];
		return {
			items,
			json: items.map((item) => item.json),
			error: taskData?.error ?? run.data.resultData.error,
			run,
		};
	}

	/**
	 * A polling trigger as n8n's active-workflow manager runs it: one activation keeps one
	 * n8n-core PollContext and one Workflow (with its static data) for all its polls, and every
	 * `poll()` calls the node's `poll()` in that context. To play a restart of n8n, activate again
	 * with a JSON copy of the static data (what n8n reloads from its database). `pollBudgetMs`
	 * gives the context `getPollBudgetMs()` (n8n 2.38 and later; a function may throw).
	 * @param {{ node: string, parameters: Record<string, any>, staticData?: Record<string, any>, mode?: 'trigger' | 'manual', timezone?: string, pollBudgetMs?: number | (() => number) }} options
	 */
	activateTrigger(options) {
		const { nodeType, node } = this.triggerUnderTest(options.node, options.parameters);
		const workflow = this.triggerWorkflow(node, options.staticData ?? {}, options.timezone);
		const context = this.pollContext(workflow, node, options.mode ?? 'trigger', 'activate');
		if (options.pollBudgetMs !== undefined) withPollBudget(context, options.pollBudgetMs);
		const poll = /** @type {NonNullable<typeof nodeType.poll>} */ (nodeType.poll);
		return {
			/** @returns {Promise<Array<Record<string, any>> | null>} the json of the items emitted, or null */
			async poll() {
				const result = await poll.call(context);
				return result ? result[0].map((item) => item.json) : null;
			},
			/** the workflow's static data as it is now (what n8n would save with an emit) */
			get staticData() {
				return workflow.staticData;
			},
		};
	}

	/**
	 * A polling trigger under n8n 2.x's durable scheduler, as the poll node meets it (n8n 2.41.1,
	 * docs/trigger.md). The first `poll()` is the activation's: mode `activate`, n8n's nominal
	 * budget of 5 minutes. Every later one runs in a fresh PollContext (`update`, with the budget
	 * n8n derives from the poll timeout) on a Workflow loaded from the saved static data. With
	 * durable cursors (the default) the node's static data is a copy of the stored cursor, committed
	 * after a poll that emits or returns null; the activation poll's is dropped unless it emits.
	 * Without, it is saved only with an emit and after the activation. A poll that outlasts the
	 * timeout is abandoned: it rejects and nothing is saved. There is no restart to play: the jobs
	 * and the saved state survive it, and no activation poll runs at start.
	 * @param {{ node: string, parameters: Record<string, any>, timezone?: string } & SchedulerOptions} options
	 */
	scheduledTrigger(options) {
		const { nodeType, node } = this.triggerUnderTest(options.node, options.parameters);
		const { pollTimeoutMs = 45_000, durableCursors = true } = options;
		const marginMs = Math.min(Math.max(0.2 * pollTimeoutMs, 5_000), pollTimeoutMs / 2);
		const saved = {
			/** workflow_entity.staticData @type {Record<string, any>} */
			staticData: {},
			/** poller_state.cursor @type {Record<string, any> | undefined} */
			cursor: undefined,
		};
		const nodeKey = `node:${node.name}`;
		const poll = /** @type {NonNullable<typeof nodeType.poll>} */ (nodeType.poll);
		let polls = 0;
		const run = async () => {
			const activation = polls++ === 0;
			const workflow = this.triggerWorkflow(node, json(saved.staticData), options.timezone);
			const context = this.pollContext(
				workflow,
				node,
				'trigger',
				activation ? 'activate' : 'update',
			);
			withPollBudget(context, activation ? 300_000 : pollTimeoutMs - marginMs);
			const seed = saved.cursor ?? json(saved.staticData[nodeKey] ?? {});
			const snapshot = json(seed);
			if (durableCursors) {
				const own = context.getWorkflowStaticData.bind(context);
				context.getWorkflowStaticData = (type) => (type === 'node' ? snapshot : own(type));
			}
			const started = Date.now();
			const result = await poll.call(context);
			const ms = Date.now() - started;
			if (!activation && ms > pollTimeoutMs)
				throw new Error(`the poll took ${ms} ms, over the poll timeout of ${pollTimeoutMs} ms`);
			if (durableCursors) saved.cursor = activation && !result ? seed : snapshot;
			if (activation || result) saved.staticData = json(workflow.staticData);
			return { result, ms };
		};
		return {
			/** @returns {Promise<Array<Record<string, any>> | null>} the json of the items emitted, or null */
			async poll() {
				const { result } = await run();
				return result ? result[0].map((item) => item.json) : null;
			},
			/** what n8n's database holds: the workflow's static data and the node's stored cursor */
			get saved() {
				return json(saved);
			},
			/** @returns {Promise<{ items: Array<Record<string, any>> | null, ms: number }>} */
			async timedPoll() {
				const { result, ms } = await run();
				return { items: result ? result[0].map((item) => item.json) : null, ms };
			},
		};
	}

	/** @param {string} name @param {Record<string, any>} parameters */
	triggerUnderTest(name, parameters) {
		const nodeType = this.nodeType(name);
		if (!nodeType.poll) throw new Error(`${name} is no polling trigger`);
		const node = { ...this.nodeUnderTest(name, parameters), name: 'Trigger Under Test' };
		return { nodeType, node };
	}

	/** @param {import('n8n-workflow').INode} node @param {Record<string, any>} staticData @param {string} [timezone] */
	triggerWorkflow(node, staticData, timezone) {
		return new Workflow({
			id: 'poll-test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: this.nodeTypes,
			staticData,
			settings: { timezone: timezone ?? 'UTC' },
		});
	}

	/**
	 * @param {import('n8n-workflow').Workflow} workflow @param {import('n8n-workflow').INode} node
	 * @param {'trigger' | 'manual'} mode @param {'activate' | 'update'} activation
	 */
	pollContext(workflow, node, mode, activation) {
		const additionalData = /** @type {any} */ ({
			credentialsHelper: this.credentialsHelper,
			variables: {},
			currentNodeExecutionIndex: 0,
			restApiUrl: '',
			instanceBaseUrl: '',
		});
		return new PollContext(
			workflow,
			/** @type {any} */ (workflow.getNode(node.name)),
			additionalData,
			mode,
			activation,
		);
	}

	/**
	 * Calls a node's list-search method (a resource locator's "From list") the way n8n's editor
	 * does: in n8n-core's LoadOptionsContext, with the node's credentials.
	 * @param {string} nodeName @param {string} method @param {Record<string, any>} parameters @param {string} [filter] @param {string} [paginationToken]
	 * @returns {Promise<import('n8n-workflow').INodeListSearchResult>}
	 */
	async listSearch(nodeName, method, parameters, filter, paginationToken) {
		const nodeType = this.nodeType(nodeName);
		const node = this.nodeUnderTest(nodeName, parameters);
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
			settings: {},
		});
		const additionalData = /** @type {any} */ ({
			credentialsHelper: this.credentialsHelper,
			variables: {},
			currentNodeExecutionIndex: 0,
			restApiUrl: '',
			instanceBaseUrl: '',
			// what the editor sends: the node's parameters as set in the panel
			currentNodeParameters: node.parameters,
		});
		const context = new LoadOptionsContext(
			workflow,
			node,
			additionalData,
			'parameters.organization',
		);
		const search = /** @type {any} */ (nodeType.methods?.listSearch)?.[method];
		if (!search) throw new Error(`${nodeName} has no list search ${method}`);
		return await search.call(context, filter, paginationToken);
	}

	/**
	 * Evaluates an n8n expression (as the credential and routing blocks use them) with n8n's own
	 * expression engine.
	 * @param {string} expression @param {Record<string, unknown>} additionalKeys @param {Record<string, any>} [parameters] the node's parameters ($parameter)
	 */
	evaluate(expression, additionalKeys, parameters = {}) {
		const node = {
			id: 'n',
			name: 'n',
			type: 'test.testItems',
			typeVersion: 1,
			position: /** @type {[number, number]} */ ([0, 0]),
			parameters,
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
			settings: {},
		});
		return workflow.expression.getSimpleParameterValue(
			node,
			expression,
			'internal',
			/** @type {any} */ (additionalKeys),
			undefined,
			'',
		);
	}

	/**
	 * Runs a credential's `test` request the way n8n's credential tester does: a declarative request
	 * through n8n-core's RoutingNode, then the test's rules on the response.
	 * @param {string} type
	 * @returns {Promise<{ status: 'OK' | 'Error', message: string }>}
	 */
	async testCredential(type) {
		const credentialType = this.credentialsHelper.type(type);
		const test = credentialType.test;
		if (!test) throw new Error(`${type} has no test`);
		const mockNodeType = /** @type {import('n8n-workflow').INodeType} */ ({
			description: {
				displayName: 'Credential test',
				name: 'credentialTest',
				group: ['transform'],
				version: 1,
				description: '',
				defaults: {},
				inputs: [NodeConnectionTypes.Main],
				outputs: [NodeConnectionTypes.Main],
				credentials: [{ name: type, required: true }],
				requestDefaults: test.request,
				properties: [],
			},
		});
		const node = {
			id: 'credential-test',
			name: 'Temp-Node',
			type: 'credential.test',
			typeVersion: 1,
			position: /** @type {[number, number]} */ ([0, 0]),
			parameters: { temp_node_parameters: {} },
			credentials: { [type]: { id: type, name: type } },
		};
		const nodeTypes = {
			getByName: () => mockNodeType,
			getByNameAndVersion: () => mockNodeType,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
			settings: {},
		});
		const credentialsDecrypted = {
			id: type,
			name: type,
			type,
			data: this.credentialsHelper.store[type],
		};
		const additionalData = /** @type {any} */ ({
			credentialsHelper: this.credentialsHelper,
			variables: {},
			currentNodeExecutionIndex: 0,
			restApiUrl: '',
			instanceBaseUrl: '',
		});
		const runExecutionData = { resultData: { runData: {} } };
		const inputData = { main: [[{ json: {} }]] };
		const executeData = { data: inputData, node, source: null };
		const context = new ExecuteContext(
			workflow,
			node,
			additionalData,
			'internal',
			/** @type {any} */ (runExecutionData),
			0,
			[],
			inputData,
			executeData,
			[],
		);
		let response;
		try {
			const routingNode = new RoutingNode(context, mockNodeType, credentialsDecrypted);
			response = await routingNode.runNode();
		} catch (error) {
			// as n8n's credentials tester: a rule for the status code, else the error's message
			const status = /** @type {any} */ (error).cause?.response?.status;
			for (const rule of test.rules ?? []) {
				if (
					rule.type === 'responseCode' &&
					status !== undefined &&
					rule.properties.value === status
				) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			return { status: 'Error', message: /** @type {Error} */ (error).message };
		}
		// as n8n's credentials tester, outside its try: the first item's json, a rule's key read with
		// lodash's get (an answer that makes no item throws here, as there)
		for (const rule of test.rules ?? []) {
			if (
				rule.type === 'responseSuccessBody' &&
				get(/** @type {any} */ (response)[0][0].json, rule.properties.key) === rule.properties.value
			) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}
}

/**
 * Loads the built package (run `npm run build` first) the way n8n loads a community package.
 * @param {string} [packageDir]
 */
async function createEngine(packageDir = REPO_ROOT) {
	const loader = new PackageDirectoryLoader(packageDir);
	await loader.loadAll();
	return new Engine(loader);
}

/** n8n-core keeps an interval for SSH tunnels once a node runs; stop it so that the process can exit. */
function shutdownEngine() {
	Container.get(SSHClientsManager).onShutdown();
}

/**
 * @typedef {object} SchedulerOptions
 * @property {number} [pollTimeoutMs]     N8N_SCHEDULER_POLL_TIMEOUT (default 45 s): the budget is what n8n derives from it
 * @property {boolean} [durableCursors]   N8N_POLLER_DURABLE_CURSORS_ENABLED (default true)
 */

/** A JSON copy, as n8n's database would give it back. @param {any} value */
function json(value) {
	return JSON.parse(JSON.stringify(value));
}

/**
 * Gives a PollContext of n8n-core 1.x the `getPollBudgetMs()` of n8n 2.38 and later.
 * @param {any} context @param {number | (() => number)} budget
 */
function withPollBudget(context, budget) {
	context.getPollBudgetMs = typeof budget === 'function' ? budget : () => budget;
}

module.exports = { createEngine, shutdownEngine, Engine, NodeHelpers, createDeferredPromise };
