// @ts-check
'use strict';
/**
 * A small OpenAI-compatible server on 127.0.0.1 for n8n's OpenAI Chat Model node (its credential's
 * Base URL points here), answering with scripted tool calls. It serves both APIs the node calls:
 *
 *   POST <base>/responses          typeVersion 1.3 with "Use Responses API" on (its default)
 *   POST <base>/chat/completions   typeVersion 1.2 and older, or 1.3 with it off
 *   GET  <base>/models             the credential test and the editor's model list
 *
 * A conversation is chosen by a marker `[[script:NAME]]` in the request (put it in the prompt).
 * A script is a list of turns, each `{ toolCalls: [{ name, args }] }` (parallel calls when several)
 * or `{ text }`, the final answer (a function builds it from the tool results). The turn to play
 * follows from the number of tool results in the request: n8n re-sends the whole history, and
 * splits a turn of parallel calls into one call/result pair each. Streaming is not served.
 *
 * Every request is recorded: the tools offered, the tool results sent back, the body as received.
 */
const http = require('node:http');

const SCRIPT_MARKER = /\[\[script:([\w-]+)\]\]/;

/**
 * @typedef {{ name: string, args: Record<string, unknown> }} ScriptedToolCall
 * @typedef {{ callId: string, name?: string, output: string }} ToolResult
 * @typedef {{ toolCalls: ScriptedToolCall[] } | { text: string | ((results: ToolResult[]) => string) }} Turn
 * @typedef {object} ModelRequest
 * @property {'chat' | 'responses' | 'models' | 'other'} api
 * @property {string} path
 * @property {string | undefined} authorization
 * @property {Array<{ name: string, description?: string, parameters?: any }>} tools
 * @property {ToolResult[]} toolResults
 * @property {string} raw   the body as received
 * @property {any} answered
 * @property {string} [problem]  why the double could not follow its script
 */

class OpenAiDouble {
	constructor() {
		/** @type {Map<string, Turn[]>} */
		this.scripts = new Map();
		/** @type {ModelRequest[]} */
		this.requests = [];
		/** @type {http.Server | undefined} */
		this.server = undefined;
	}

	/** @param {string} name @param {Turn[]} turns */
	setScript(name, turns) {
		this.scripts.set(name, turns);
	}

	/** Listens on 127.0.0.1; resolves with the Base URL for the OpenAI credential (…/v1). */
	async start() {
		const server = http.createServer((req, res) => this.receive(req, res));
		this.server = server;
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve(undefined));
		});
		const address = /** @type {import('node:net').AddressInfo} */ (server.address());
		return `http://127.0.0.1:${address.port}/v1`;
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		server.closeAllConnections?.();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
		this.server = undefined;
	}

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	receive(req, res) {
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const path = new URL(req.url ?? '/', 'http://double').pathname;
			/** @type {ModelRequest} */
			const request = {
				api: 'other',
				path,
				authorization: req.headers.authorization,
				tools: [],
				toolResults: [],
				raw,
				answered: undefined,
			};
			this.requests.push(request);
			let status = 200;
			try {
				const body = raw ? JSON.parse(raw) : {};
				if (body.stream) throw new Error('the model double does not stream');
				if (req.method === 'GET' && path.endsWith('/models')) {
					request.api = 'models';
					request.answered = {
						object: 'list',
						data: [{ id: 'gpt-double', object: 'model', created: 0, owned_by: 'double' }],
					};
				} else if (req.method === 'POST' && path.endsWith('/chat/completions')) {
					request.api = 'chat';
					request.answered = this.chat(request, body);
				} else if (req.method === 'POST' && path.endsWith('/responses')) {
					request.api = 'responses';
					request.answered = this.responses(request, body);
				} else {
					status = 404;
					request.answered = { error: { message: `no route ${req.method} ${path}` } };
				}
			} catch (error) {
				status = 400;
				request.problem = String(error);
				request.answered = { error: { message: String(error), type: 'invalid_request_error' } };
			}
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(request.answered));
		});
	}

	/**
	 * The turn to play: the first one whose tool calls do not all have results yet.
	 * @param {ModelRequest} request @param {any} body
	 * @returns {{ script: string, index: number, turn: Turn }}
	 */
	nextTurn(request, body) {
		const script = JSON.stringify(body).match(SCRIPT_MARKER)?.[1] ?? '';
		const turns = this.scripts.get(script);
		if (!turns) throw new Error(`no script named ${JSON.stringify(script)}`);
		let answered = 0;
		let index = 0;
		for (; index < turns.length - 1; index++) {
			const turn = turns[index];
			if (!('toolCalls' in turn) || answered + turn.toolCalls.length > request.toolResults.length)
				break;
			answered += turn.toolCalls.length;
		}
		const turn = turns[index];
		const offered = request.tools.map((t) => t.name);
		const unknown =
			'toolCalls' in turn ? turn.toolCalls.filter((c) => !offered.includes(c.name)) : [];
		if (unknown.length)
			throw new Error(
				`script ${script} calls ${unknown.map((c) => c.name).join(', ')}; offered: ${offered.join(', ')}`,
			);
		return { script, index, turn };
	}

	/** @param {ModelRequest} request @param {any} body */
	chat(request, body) {
		request.tools = (body.tools ?? []).map((/** @type {any} */ t) => t.function ?? t);
		/** @type {Map<string, string>} */
		const names = new Map();
		for (const message of body.messages ?? [])
			for (const call of message.tool_calls ?? []) names.set(call.id, call.function?.name);
		request.toolResults = (body.messages ?? [])
			.filter((/** @type {any} */ m) => m.role === 'tool')
			.map((/** @type {any} */ m) => ({
				callId: m.tool_call_id,
				name: names.get(m.tool_call_id),
				output: textOf(m.content),
			}));
		const { script, index, turn } = this.nextTurn(request, body);
		const message =
			'toolCalls' in turn
				? {
						role: 'assistant',
						content: null,
						tool_calls: turn.toolCalls.map((call, k) => ({
							id: `call_${script}_${index}_${k}`,
							type: 'function',
							function: { name: call.name, arguments: JSON.stringify(call.args) },
						})),
					}
				: { role: 'assistant', content: finalText(turn, request.toolResults), refusal: null };
		return {
			id: `chatcmpl_${script}_${index}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
			choices: [
				{
					index: 0,
					message,
					logprobs: null,
					finish_reason: 'toolCalls' in turn ? 'tool_calls' : 'stop',
				},
			],
			usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
		};
	}

	/** @param {ModelRequest} request @param {any} body */
	responses(request, body) {
		request.tools = (body.tools ?? []).filter((/** @type {any} */ t) => t.type === 'function');
		const input = Array.isArray(body.input) ? body.input : [];
		/** @type {Map<string, string>} */
		const names = new Map();
		for (const item of input) if (item.type === 'function_call') names.set(item.call_id, item.name);
		request.toolResults = input
			.filter((/** @type {any} */ i) => i.type === 'function_call_output')
			.map((/** @type {any} */ i) => ({
				callId: i.call_id,
				name: names.get(i.call_id),
				output: textOf(i.output),
			}));
		const { script, index, turn } = this.nextTurn(request, body);
		const output =
			'toolCalls' in turn
				? turn.toolCalls.map((call, k) => ({
						type: 'function_call',
						id: `fc_${script}_${index}_${k}`,
						call_id: `call_${script}_${index}_${k}`,
						name: call.name,
						arguments: JSON.stringify(call.args),
						status: 'completed',
					}))
				: [
						{
							type: 'message',
							id: `msg_${script}_${index}`,
							role: 'assistant',
							status: 'completed',
							content: [
								{
									type: 'output_text',
									text: finalText(turn, request.toolResults),
									annotations: [],
								},
							],
						},
					];
		return {
			id: `resp_${script}_${index}`,
			object: 'response',
			created_at: Math.floor(Date.now() / 1000),
			status: 'completed',
			error: null,
			incomplete_details: null,
			model: body.model,
			output,
			parallel_tool_calls: true,
			tool_choice: 'auto',
			tools: body.tools ?? [],
			text: { format: { type: 'text' } },
			usage: {
				input_tokens: 100,
				input_tokens_details: { cached_tokens: 0 },
				output_tokens: 20,
				output_tokens_details: { reasoning_tokens: 0 },
				total_tokens: 120,
			},
		};
	}
}

/** @param {Turn} turn @param {ToolResult[]} results */
function finalText(turn, results) {
	if (!('text' in turn)) return '';
	return typeof turn.text === 'function' ? turn.text(results) : turn.text;
}

/** A message's content as text: a string, or a list of text parts. @param {any} content */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content))
		return content.map((part) => (typeof part === 'string' ? part : (part.text ?? ''))).join('');
	return JSON.stringify(content);
}

module.exports = { OpenAiDouble };
