// @ts-check
'use strict';
/**
 * The package's nodes as tools of n8n's AI Agent and of n8n's MCP Server Trigger, in a running n8n
 * (server scenarios): the examples ai-agent-eset-aegister.json and mcp-server-eset-aegister.json,
 * with the tools' credentials at the API double, the agent's OpenAI Chat Model at the model double
 * (openai-double.js, through the credential's Base URL), and the MCP trigger called by the official
 * MCP client (@modelcontextprotocol/sdk).
 *
 * Checked: what each tool call sent to ESET and Aegister; the tools the model or the MCP client is
 * offered and what it gets back; that a change through a read-only credential is refused with a
 * message the model can act on, and nothing is sent; that no secret reaches the model or the client.
 */
const fs = require('node:fs');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const {
	StreamableHTTPClientTransport,
} = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const { OpenAiDouble } = require('./openai-double');
const {
	readExample,
	forHeadlessRun,
	packageNodeName,
	PACKAGE_NAME,
	PACKAGE_VERSION,
	MANUAL_TRIGGER,
} = require('./workflows');
const {
	expectCalls,
	expectEsetHeaders,
	expectAegisterHeaders,
	apiCalls,
	describeRequest,
	stable,
} = require('./scenarios');

const AGENT_EXAMPLE = 'ai-agent-eset-aegister.json';
const MCP_EXAMPLE = 'mcp-server-eset-aegister.json';
const CHAT_TRIGGER = '@n8n/n8n-nodes-langchain.chatTrigger';
const CHAT_MODEL = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
const MCP_TRIGGER = '@n8n/n8n-nodes-langchain.mcpTrigger';

const ESET_INCIDENT_1 = '00000000-0000-4000-8000-000000000001';
const ESET_INCIDENT_2 = '00000000-0000-4000-8000-000000000002';
const AEGISTER_INCIDENT_101 = '/aegister/api/v1/V-Ciso/incidents/1/101';
const AEGISTER_THREAT_INTEL = '/aegister/api/v1/V-Ciso/incidents/1/threat-intel';
const INDICATOR = { type: 'ip', value: '198.51.100.23' };
const CLOSE = {
	incidentUuid: ESET_INCIDENT_2,
	closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
	finalComment: 'Scanner noise on host-2, closed by the AI agent',
};

/** The tool nodes of both examples, by node name. */
const TOOL = {
	getIncident: 'ESET Get Incident',
	getDetections: 'ESET Get Many Detections',
	close: 'ESET Close Incident',
	enrich: 'Aegister Enrich Indicator',
	update: 'Aegister Update Incident',
};

/** The most a tool's answer in these runs may hand the model, in characters (about 500 tokens). */
const MAX_TOOL_RESULT = 2000;

/** The refusals of a read-only credential, as the model or the MCP client reads them. */
const REFUSED = {
	[TOOL.close]:
		/credential is read-only \(\\?"Allow Changes\\?" is off\): Incident → Close would change data in ESET, so nothing was sent/,
	[TOOL.update]:
		/credential is read-only \(\\?"Allow Changes\\?" is off\): Incident → Update would change data in Aegister, so nothing was sent/,
};

/** The tool name the model and MCP clients see for a node (n8n's nodeNameToToolName). @param {string} node */
const toolName = (node) => node.replace(/[^a-zA-Z0-9_-]+/g, '_');

/** @param {string} node @param {Record<string, unknown>} args */
const toolCall = (node, args) => ({ name: toolName(node), args });

/** The final answer of the model double: what each tool returned, and how long it was. */
function summary(/** @type {import('./openai-double').ToolResult[]} */ results) {
	return `Done. ${results.map((r) => `${r.name}: ${r.output.length} characters`).join('; ')}`;
}

/** @type {Record<string, import('./openai-double').Turn[]>} */
const MODEL_SCRIPTS = {
	triage: [
		{ toolCalls: [toolCall(TOOL.getIncident, { incidentUuid: ESET_INCIDENT_1 })] },
		{ toolCalls: [toolCall(TOOL.getDetections, { limit: 2 })] },
		{
			toolCalls: [
				toolCall(TOOL.enrich, { indicatorType: INDICATOR.type, indicatorValue: INDICATOR.value }),
			],
		},
		// two calls in one turn: n8n runs both tools before it asks the model again
		{
			toolCalls: [
				toolCall(TOOL.close, CLOSE),
				toolCall(TOOL.update, { incidentId: '101', status: 'submitted' }),
			],
		},
		{ text: summary },
	],
	readOnly: [
		{ toolCalls: [toolCall(TOOL.getIncident, { incidentUuid: ESET_INCIDENT_1 })] },
		{
			toolCalls: [
				toolCall(TOOL.close, CLOSE),
				toolCall(TOOL.update, { incidentId: '101', status: 'submitted' }),
			],
		},
		{ text: summary },
	],
};

// ------------------------------------------------------------------ shared

/**
 * @typedef {{ id: string, name: string }} CredentialRef
 * @typedef {{ eset: CredentialRef, aegister: CredentialRef }} ToolCredentials
 * @typedef {{ label: string, value: string }} Secret
 */

/**
 * ESET and Aegister credentials at the API double, created through the REST API: writable, and
 * read-only ("Allow Changes" off); with the secrets they hold.
 * @param {import('./scenarios').ServerContext} context @param {string} label
 */
async function createToolCredentials({ server, double }, label) {
	const data = await double('GET', 'credentials');
	/** @param {string} name @param {string} type @param {any} body @returns {Promise<CredentialRef>} */
	const create = async (name, type, body) => {
		const created = await server.createCredential(`${name} (${label})`, type, body);
		return { id: created.id, name: created.name };
	};
	const eset = data.esetConnectApi;
	const aegister = data.aegisterApi;
	return {
		writable: {
			eset: await create('ESET Connect', 'esetConnectApi', { ...eset, allowChanges: true }),
			aegister: await create('Aegister', 'aegisterApi', { ...aegister, allowChanges: true }),
		},
		readOnly: {
			eset: await create('ESET Connect, read-only', 'esetConnectApi', {
				...eset,
				allowChanges: false,
			}),
			aegister: await create('Aegister, read-only', 'aegisterApi', {
				...aegister,
				allowChanges: false,
			}),
		},
		/** @type {Secret[]} */
		secrets: [
			{ label: 'the ESET password', value: String(eset.password) },
			{ label: 'the Aegister API token', value: String(aegister.apiToken) },
		],
	};
}

/** Gives each of this package's (tool) nodes its credential. @param {any} workflow @param {ToolCredentials} credentials */
function useToolCredentials(workflow, credentials) {
	for (const node of workflow.nodes) {
		if (!node.type.startsWith(`${PACKAGE_NAME}.`)) continue;
		node.credentials =
			packageNodeName(node.type) === 'aegisterIncident'
				? { aegisterApi: credentials.aegister }
				: { esetConnectApi: credentials.eset };
	}
}

/**
 * The secrets found in what a model or an MCP client received: the credentials' secrets, and any
 * ESET token (the double issues `eset-access-…` and `eset-refresh-…`).
 * @param {string} received @param {Secret[]} secrets @param {string} where
 */
function leaks(received, secrets, where) {
	const found = secrets.filter((s) => received.includes(s.value)).map((s) => s.label);
	if (/eset-(access|refresh)-/.test(received)) found.push('an ESET token');
	return found.map((label) => `${label} reached ${where}`);
}

/**
 * The tools offered (to the model, or in the MCP tool list) against the example's tool nodes: one
 * per node, named after it, with its description and its `$fromAI()` keys as the arguments.
 * @param {any} example
 * @param {Array<{ name: string, description?: string, parameters?: any }>} offered
 * @param {string} to  who was offered them
 */
function expectTools(example, offered, to) {
	/** @type {any[]} */
	const nodes = example.nodes.filter((/** @type {any} */ n) =>
		n.type.startsWith(`${PACKAGE_NAME}.`),
	);
	const problems = [];
	const names = offered.map((t) => t.name);
	if (stable([...names].sort()) !== stable(nodes.map((n) => toolName(n.name)).sort()))
		problems.push(`${to} was offered the tools ${names.join(', ')}`);
	for (const node of nodes) {
		const tool = offered.find((t) => t.name === toolName(node.name));
		if (!tool) continue;
		if (tool.description !== node.parameters.toolDescription)
			problems.push(`${to} got ${tool.name} described as ${JSON.stringify(tool.description)}`);
		const keys = [...JSON.stringify(node.parameters).matchAll(/\$fromAI\('(\w+)'/g)].map(
			(m) => m[1],
		);
		const properties = Object.keys(tool.parameters?.properties ?? {});
		if (stable(properties.sort()) !== stable(keys.sort()))
			problems.push(`${to} got ${tool.name} with the arguments ${properties.join(', ')}`);
	}
	return problems;
}

/**
 * Writes what a run saw (model requests, MCP answers, API requests) into the logs of the release.
 * @param {import('./server').N8nServer} server @param {string} name @param {any} seen
 */
function record(server, name, seen) {
	fs.writeFileSync(
		path.join(server.instance.logDir, `${name}.json`),
		JSON.stringify(seen, null, 2),
	);
}

/** Simplify's form, what a model should get: at most 10 fields. @param {any} item */
const simplified = (item) => Object.keys(item ?? {}).length <= 10;

/**
 * What a tool returned, as JSON: n8n hands over the tool node's output items as a JSON array.
 * @param {string | undefined} text
 */
function parsed(text) {
	try {
		return JSON.parse(text ?? '');
	} catch {
		return undefined;
	}
}

// ------------------------------------------------------------------ AI Agent

/**
 * @typedef {object} AgentRun
 * @property {string} id
 * @property {string} prompt         the chat message; names the model double's script
 * @property {boolean} responsesApi  the OpenAI Chat Model's "Use Responses API"
 * @property {boolean} readOnly      the tools use the read-only credentials
 * @property {(observed: AgentObserved) => string[]} check
 */

/**
 * @typedef {object} AgentObserved
 * @property {any} run          the execution (server.runWorkflow)
 * @property {any[]} requests   what the API double received
 * @property {import('./openai-double').ModelRequest[]} model  what the model double received
 */

/**
 * The agent example as an e2e run: its Chat Trigger becomes a Manual Trigger that hands the agent
 * `prompt` as the chat message; the chat model's credential points at the model double.
 * @param {any} example @param {AgentRun} agentRun @param {ToolCredentials & { openAi: CredentialRef }} credentials
 */
function agentWorkflow(example, agentRun, credentials) {
	const chat = example.nodes.find((/** @type {any} */ n) => n.type === CHAT_TRIGGER);
	const message = {
		sessionId: `e2e-${agentRun.id}`,
		action: 'sendMessage',
		chatInput: agentRun.prompt,
	};
	const workflow = forHeadlessRun(
		{ ...example, pinData: { [chat.name]: [{ json: message }] } },
		'e2eAiAgent',
	);
	useToolCredentials(workflow, credentials);
	const model = workflow.nodes.find((/** @type {any} */ n) => n.type === CHAT_MODEL);
	model.credentials = { openAiApi: credentials.openAi };
	model.parameters.responsesApiEnabled = agentRun.responsesApi;
	// no retries: a wrong answer of the double fails the run at once
	model.parameters.options = { ...model.parameters.options, maxRetries: 0 };
	const trigger = workflow.nodes.find((/** @type {any} */ n) => n.type === MANUAL_TRIGGER);
	return { workflow, trigger: trigger.name };
}

/** The run finished, and the agent answered with the model's final text. @param {AgentObserved} observed */
function expectAnswer({ run, model }) {
	const problems = model
		.filter((r) => r.problem)
		.map((r) => `the model double could not follow its script: ${r.problem}`);
	if (run.status !== 'success')
		problems.push(`the execution ended ${run.status}: ${run.error?.message ?? ''}`);
	const answer = run.runData?.['AI Agent']?.at(-1)?.data?.main?.[0]?.[0]?.json?.output;
	if (answer !== summary(model.at(-1)?.toolResults ?? []))
		problems.push(`the agent answered ${JSON.stringify(answer)?.slice(0, 300)}`);
	return problems;
}

/**
 * What the model got back from each tool (the last request holds every result), checked by tool.
 * @param {AgentObserved} observed
 * @param {Record<string, (output: string) => boolean>} expected  by tool node name
 */
function expectToolResults({ model }, expected) {
	const results = model.at(-1)?.toolResults ?? [];
	const problems = [];
	for (const [node, ok] of Object.entries(expected)) {
		const result = results.find((r) => r.name === toolName(node));
		if (!result) problems.push(`the model got no result from ${toolName(node)}`);
		else if (!ok(result.output))
			problems.push(`the model got from ${result.name}: ${result.output.slice(0, 400)}`);
		else if (result.output.length > MAX_TOOL_RESULT)
			problems.push(`${result.name} handed the model ${result.output.length} characters`);
	}
	if (results.length !== Object.keys(expected).length)
		problems.push(`the model got ${results.length} tool results: ${results.map((r) => r.name)}`);
	return problems;
}

/** @param {AgentObserved} observed */
function checkTriage(observed) {
	const isItem = (/** @type {(item: any) => boolean} */ ok) => (/** @type {string} */ text) => {
		const items = parsed(text);
		return Array.isArray(items) && items.length === 1 && ok(items[0]);
	};
	return [
		...expectAnswer(observed),
		...expectCalls(observed.requests, [
			{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_1}`, status: 200 },
			{ method: 'GET', path: '/eset/v1/detections', status: 200, query: (q) => q.pageSize === '2' },
			{
				method: 'POST',
				path: AEGISTER_THREAT_INTEL,
				status: 200,
				body: { indicators: [INDICATOR] },
			},
			{
				method: 'POST',
				path: `/eset/v2/incidents/${ESET_INCIDENT_2}:close`,
				status: 200,
				body: {
					closureReason: CLOSE.closureReason,
					finalComment: {
						text: CLOSE.finalComment,
						incidentUuid: ESET_INCIDENT_2,
						isFinalComment: true,
					},
				},
			},
			{ method: 'PATCH', path: AEGISTER_INCIDENT_101, status: 200, body: { status: 'submitted' } },
		]),
		...expectEsetHeaders(observed.requests),
		...expectAegisterHeaders(observed.requests),
		...expectToolResults(observed, {
			[TOOL.getIncident]: isItem((i) => i.uuid === ESET_INCIDENT_1 && simplified(i)),
			[TOOL.getDetections]: (text) => parsed(text)?.length === 2 && parsed(text).every(simplified),
			[TOOL.enrich]: isItem(
				(i) => i.value === INDICATOR.value && i.threat_intel?.is_malicious === true,
			),
			[TOOL.close]: isItem((i) => i.success === true),
			[TOOL.update]: isItem((i) => i.id === 101 && i.status === 'submitted'),
		}),
	];
}

/** @param {AgentObserved} observed */
function checkReadOnly(observed) {
	return [
		...expectAnswer(observed),
		// the read goes through, the two changes are never sent
		...expectCalls(observed.requests, [
			{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_1}`, status: 200 },
		]),
		...expectToolResults(observed, {
			[TOOL.getIncident]: (text) => parsed(text)?.[0]?.uuid === ESET_INCIDENT_1,
			[TOOL.close]: (text) => REFUSED[TOOL.close].test(text),
			[TOOL.update]: (text) => REFUSED[TOOL.update].test(text),
		}),
	];
}

/** @type {AgentRun[]} */
const AGENT_RUNS = [
	{
		id: 'triage',
		prompt: `[[script:triage]] Triage ESET incident ${ESET_INCIDENT_1}, close ${ESET_INCIDENT_2} as a false positive and mark Aegister notification 101 submitted.`,
		responsesApi: true,
		readOnly: false,
		check: checkTriage,
	},
	{
		id: 'read-only',
		prompt: `[[script:readOnly]] Close ESET incident ${ESET_INCIDENT_2} as a false positive and mark Aegister notification 101 submitted.`,
		responsesApi: false,
		readOnly: true,
		check: checkReadOnly,
	},
];

/**
 * The agent example, run once with writable credentials (over the Responses API, the chat
 * model's default) and once with read-only ones (over Chat Completions).
 * @param {import('./scenarios').ServerContext} context @param {any} example
 */
async function agentTools(context, example) {
	const { server, say } = context;
	const model = new OpenAiDouble();
	for (const [name, turns] of Object.entries(MODEL_SCRIPTS)) model.setScript(name, turns);
	const modelUrl = await model.start();
	try {
		const credentials = await createToolCredentials(context, 'AI Agent');
		const openAi = await server.createCredential('OpenAI (model double)', 'openAiApi', {
			apiKey: 'sk-model-double',
			url: modelUrl,
		});
		/** @type {string[]} */
		const problems = [];
		for (const agentRun of AGENT_RUNS) {
			const tools = agentRun.readOnly ? credentials.readOnly : credentials.writable;
			const found = await runAgent(context, example, model, agentRun, {
				...tools,
				openAi: { id: openAi.id, name: openAi.name },
			});
			problems.push(
				...found.map((p) => `${agentRun.id}: ${p}`),
				...leaks(
					model.requests.map((r) => r.raw).join('\n'),
					credentials.secrets,
					`the model (${agentRun.id})`,
				),
			);
			say(
				`    ${agentRun.id}: ${model.requests.length} model calls; the model got back ${(model.requests.at(-1)?.toolResults ?? []).map((r) => `${r.name} ${r.output.length} characters`).join(', ')}`,
			);
		}
		return problems;
	} finally {
		await model.stop();
	}
}

/**
 * One run of the agent example; its problems.
 * @param {import('./scenarios').ServerContext} context @param {any} example
 * @param {OpenAiDouble} model @param {AgentRun} agentRun
 * @param {ToolCredentials & { openAi: CredentialRef }} credentials
 */
async function runAgent(context, example, model, agentRun, credentials) {
	const { server, double, flatted } = context;
	await double('POST', 'reset', { keepTokens: true });
	model.requests = [];
	const { workflow, trigger } = agentWorkflow(example, agentRun, credentials);
	const saved = await server.createWorkflow({ ...workflow, name: `E2E AI Agent (${agentRun.id})` });
	const problems = [];
	// the credential the Close tool runs with says what it may do
	const close = saved.nodes.find((/** @type {any} */ n) => n.name === TOOL.close);
	const closeCredential = await server.credentialForEditor(close.credentials.esetConnectApi.id);
	if (closeCredential.data?.allowChanges !== !agentRun.readOnly)
		problems.push(
			`the Close tool's credential has Allow Changes ${closeCredential.data?.allowChanges}`,
		);
	const run = await server.runWorkflow(saved, trigger, { flatted, timeoutMs: 120_000 });
	const requests = await double('GET', 'requests');
	record(server, `ai-agent-${agentRun.id}`, { model: model.requests, requests, run });
	return [
		...problems,
		...expectTools(example, model.requests[0]?.tools ?? [], 'the model'),
		...agentRun.check({ run, requests, model: model.requests }),
	];
}

// ------------------------------------------------------------------ MCP Server Trigger

/**
 * Waits until n8n serves the production webhook at `url`: n8n 2.x registers an activated
 * workflow's webhooks a moment after the activation answered. A PUT is refused either way, but
 * once the path is registered the refusal names the methods it serves.
 * @param {string} url
 */
async function waitForWebhook(url, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, { method: 'PUT', signal: AbortSignal.timeout(5000) }).catch(
			() => undefined,
		);
		const text = response ? await response.text() : '';
		if (response && (response.status !== 404 || /not registered for PUT/.test(text))) return;
		if (Date.now() > until)
			throw new Error(`${url} was not registered: ${response?.status} ${text.slice(0, 200)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * An MCP session with the official client over streamable HTTP: the server's tool list and the
 * result of each call.
 * @param {string} url @param {string} bearer
 * @param {Array<{ name: string, arguments: Record<string, unknown> }>} calls
 */
async function mcpSession(url, bearer, calls) {
	const client = new Client({ name: `${PACKAGE_NAME}-e2e`, version: PACKAGE_VERSION });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: { headers: { authorization: `Bearer ${bearer}` } },
	});
	const timeout = 60_000;
	try {
		await client.connect(transport, { timeout });
		const { tools } = await client.listTools(undefined, { timeout });
		/** @type {Array<{ name: string, isError: boolean, text: string }>} */
		const results = [];
		for (const call of calls) {
			const result = /** @type {any} */ (await client.callTool(call, undefined, { timeout }));
			const text = (result.content ?? [])
				.map((/** @type {any} */ c) => (c.type === 'text' ? c.text : JSON.stringify(c)))
				.join('\n');
			results.push({ name: call.name, isError: result.isError === true, text });
		}
		return { server: client.getServerVersion(), tools, results };
	} finally {
		await client.close().catch(() => undefined);
	}
}

/**
 * The MCP example, activated with read-only tool credentials and Bearer Auth: refused without the
 * token; with it, the official MCP client lists the tools, gets an incident, enriches an
 * indicator (a read that uses POST) and is refused a Close.
 * @param {import('./scenarios').ServerContext} context @param {any} example
 */
async function mcpServer(context, example) {
	const { server, double, say } = context;
	const credentials = await createToolCredentials(context, 'MCP');
	const bearer = `mcp-e2e-${randomUUID()}`;
	const auth = await server.createCredential('MCP clients (e2e)', 'httpBearerAuth', {
		token: bearer,
	});
	const workflow = JSON.parse(JSON.stringify(example));
	useToolCredentials(workflow, credentials.readOnly);
	const trigger = workflow.nodes.find((/** @type {any} */ n) => n.type === MCP_TRIGGER);
	trigger.credentials = { httpBearerAuth: { id: auth.id, name: auth.name } };
	const saved = await server.createWorkflow({ ...workflow, name: 'E2E MCP server' });
	await server.activateWorkflow(saved);
	try {
		const url = `${server.url}/mcp/${trigger.parameters.path}`;
		await waitForWebhook(url);
		const problems = await expectAnonymousRefused(url);
		const calls = [
			{ name: toolName(TOOL.getIncident), arguments: { incidentUuid: ESET_INCIDENT_1 } },
			{
				name: toolName(TOOL.enrich),
				arguments: { indicatorType: INDICATOR.type, indicatorValue: INDICATOR.value },
			},
			{ name: toolName(TOOL.close), arguments: CLOSE },
		];
		const session = await mcpSession(url, bearer, calls);
		const requests = await double('GET', 'requests');
		record(server, 'ai-mcp-session', { session, requests });
		say(
			`    MCP: ${session.tools.length} tools; ${session.results.map((r) => `${r.name} ${r.isError ? 'error' : 'ok'}, ${r.text.length} characters`).join('; ')}`,
		);
		return [
			...problems,
			...checkMcpSession(example, session, requests),
			...leaks(
				JSON.stringify(session),
				[...credentials.secrets, { label: 'the MCP bearer token', value: bearer }],
				'the MCP client',
			),
		];
	} finally {
		await server.deactivateWorkflow(saved).catch(() => undefined);
	}
}

/** Without the bearer token, the MCP endpoint refuses. @param {string} url */
async function expectAnonymousRefused(url) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
		signal: AbortSignal.timeout(30_000),
	});
	await response.text();
	return [401, 403].includes(response.status)
		? []
		: [`the MCP endpoint answered ${response.status} to a client without the bearer token`];
}

/**
 * @param {any} example
 * @param {{ tools: any[], results: Array<{ name: string, isError: boolean, text: string }> }} session
 * @param {any[]} requests  what the API double received
 */
function checkMcpSession(example, session, requests) {
	const offered = session.tools.map((t) => ({ ...t, parameters: t.inputSchema }));
	const [get, enrich, close] = session.results;
	const problems = [
		...expectTools(example, offered, 'the MCP client'),
		...expectCalls(requests, [
			{ method: 'GET', path: `/eset/v2/incidents/${ESET_INCIDENT_1}`, status: 200 },
			{
				method: 'POST',
				path: AEGISTER_THREAT_INTEL,
				status: 200,
				body: { indicators: [INDICATOR] },
			},
		]),
	];
	if (get.isError || parsed(get.text)?.[0]?.uuid !== ESET_INCIDENT_1)
		problems.push(`Get Incident over MCP returned ${get.text.slice(0, 300)}`);
	if (enrich.isError || parsed(enrich.text)?.[0]?.value !== INDICATOR.value)
		problems.push(`Enrich Indicator over MCP returned ${enrich.text.slice(0, 300)}`);
	if (!close.isError || !REFUSED[TOOL.close].test(close.text))
		problems.push(
			`Close over MCP with a read-only credential returned ${close.text.slice(0, 300)}`,
		);
	if (apiCalls(requests).some((r) => r.path.endsWith(':close')))
		problems.push(
			`ESET received the close: ${apiCalls(requests).map(describeRequest).join(' | ')}`,
		);
	return problems;
}

/** @type {import('./scenarios').Scenario[]} */
const AI_SCENARIOS = [
	{
		id: 'ai/agent-tools',
		title: `AI Agent with ESET and Aegister tools: ${AGENT_EXAMPLE}`,
		workflowId: 'e2eAiAgent',
		example: AGENT_EXAMPLE,
		workflow: () => readExample(AGENT_EXAMPLE),
		expectFailure: false,
		serve: agentTools,
	},
	{
		id: 'ai/mcp-server',
		title: `MCP Server Trigger with the same tools: ${MCP_EXAMPLE}`,
		workflowId: 'e2eAiMcpServer',
		example: MCP_EXAMPLE,
		workflow: () => readExample(MCP_EXAMPLE),
		expectFailure: false,
		serve: mcpServer,
	},
];

module.exports = { AI_SCENARIOS };
