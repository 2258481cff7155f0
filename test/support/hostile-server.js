// @ts-check
'use strict';
/**
 * A programmable, badly behaved HTTP server on 127.0.0.1 for the fault-injection suites
 * (`test/reliability-*.test.ts`): it plays a vendor endpoint (ESET's token endpoint or incident
 * management, Aegister) that redirects elsewhere, never answers, stalls or trickles its body,
 * answers with HTML, nothing or JSON of the wrong shape, echoes the secrets it was sent back in
 * its error messages, asks to retry in 27 hours, or pages forever.
 *
 * Every request is recorded as it arrived, with when its connection closed and whether the server
 * finished its answer (a client that gave up closes the connection first). Every connection is
 * tracked, so that `stop()` ends hung exchanges too.
 *
 *   const server = new HostileServer('eset');
 *   await server.start();
 *   server.on((r) => r.path.startsWith('/eset/v2/'), behaviours.hang());
 *
 * Unmatched requests: a POST to a path ending in `/oauth/token` gets a token (recorded in
 * `server.tokens`); anything else 404.
 */
const http = require('node:http');
const net = require('node:net');
const { randomUUID } = require('node:crypto');

/**
 * @typedef {object} HostileRequest
 * @property {string} method
 * @property {string} path         decoded path
 * @property {string} rawUrl       path and query as sent
 * @property {Record<string, string>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} rawBody
 * @property {number} at           when the request had fully arrived
 * @property {number | undefined} closedAt   when its connection closed (or the answer ended)
 * @property {boolean} answered   whether the server finished its answer
 */

/**
 * @callback Behaviour
 * @param {HostileRequest} request
 * @param {import('node:http').ServerResponse} res
 * @param {HostileServer} server
 * @returns {void}
 */

/** @param {import('node:http').ServerResponse} res @param {number} status @param {Record<string, string>} headers @param {string} body */
function send(res, status, headers, body) {
	res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
	res.end(body);
}

/** Ready-made behaviours. */
const behaviours = {
	/** @param {number} status @param {unknown} body @param {Record<string, string>} [headers] @returns {Behaviour} */
	json(status, body, headers = {}) {
		return (_r, res) =>
			send(res, status, { 'content-type': 'application/json', ...headers }, JSON.stringify(body));
	},

	/** A body exactly as given (HTML, empty, not JSON). @param {number} status @param {string} body @param {Record<string, string>} [headers] @returns {Behaviour} */
	raw(status, body, headers = {}) {
		return (_r, res) => send(res, status, headers, body);
	},

	/** @param {number} status @param {string} location @returns {Behaviour} */
	redirect(status, location) {
		return (_r, res) =>
			send(
				res,
				status,
				{ location, 'content-type': 'text/html' },
				`<a href="${location}">moved</a>`,
			);
	},

	/** Reads the request, then never answers. @returns {Behaviour} */
	hang() {
		return () => undefined;
	},

	/**
	 * Sends the status line, the headers and the first part of the body, then nothing more.
	 * @param {string} [firstPart] @param {Record<string, string>} [headers] @returns {Behaviour}
	 */
	stallBody(
		firstPart = '{"incident": {"uuid": "',
		headers = { 'content-type': 'application/json', 'content-length': '100000' },
	) {
		return (_r, res) => {
			res.writeHead(200, headers);
			res.write(firstPart);
		};
	},

	/**
	 * Sends the headers, then one byte of a JSON body every `intervalMs`, forever: no pause long
	 * enough for an idle timeout, only a deadline for the whole answer ends it.
	 * @param {number} [intervalMs] @returns {Behaviour}
	 */
	trickle(intervalMs = 2000) {
		return (_r, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"data": "');
			const timer = setInterval(() => res.write('x'), intervalMs);
			res.on('close', () => clearInterval(timer));
		};
	},

	/**
	 * An answer built from the request (to echo what it carried).
	 * @param {(request: HostileRequest) => { status: number, body: unknown, headers?: Record<string, string> }} build
	 * @returns {Behaviour}
	 */
	echo(build) {
		return (request, res) => {
			const { status, body, headers = {} } = build(request);
			const text = typeof body === 'string' ? body : JSON.stringify(body);
			send(res, status, { 'content-type': 'application/json', ...headers }, text);
		};
	},

	/** A password grant that always succeeds, with `token` (or a fresh one). @param {string} [token] @returns {Behaviour} */
	tokenGrant(token) {
		return (_r, res, server) => {
			const accessToken = token ?? `hostile-access-${randomUUID()}`;
			server.tokens.push(accessToken);
			send(
				res,
				200,
				{ 'content-type': 'application/json' },
				JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 3600 }),
			);
		};
	},

	/** ESET list pages that always name the same next page. @param {string} [pageToken] @returns {Behaviour} */
	esetRepeatingPages(pageToken = 'page-2') {
		let n = 0;
		return (_r, res) => {
			n++;
			const incidents = [
				{
					uuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
					displayName: `Incident ${n}`,
				},
			];
			send(
				res,
				200,
				{ 'content-type': 'application/json' },
				JSON.stringify({ incidents, nextPageToken: pageToken }),
			);
		};
	},

	/** Aegister organizations, ignoring `offset`: always the first page, of a total that never ends. @param {number} [total] @returns {Behaviour} */
	aegisterIgnoringOffset(total = 1_000_000) {
		return (request, res) => {
			const limit = Number(request.query.limit ?? 50);
			const data = Array.from({ length: limit }, (_, i) => ({
				id: i + 1,
				name: `Organization ${i + 1}`,
			}));
			send(
				res,
				200,
				{ 'content-type': 'application/json' },
				JSON.stringify({ error: 0, messages: [], total, data }),
			);
		};
	},
};

/**
 * The forms in which a vendor may echo a secret back inside its text.
 * @param {string} secret
 */
function echoForms(secret) {
	const base64 = Buffer.from(secret).toString('base64');
	return {
		raw: secret,
		urlEncoded: encodeURIComponent(secret),
		formEncoded: new URLSearchParams({ s: secret }).toString().slice(2),
		jsonEscaped: JSON.stringify(secret).slice(1, -1),
		// as .NET's UrlEncode writes it
		urlEncodedLowerHex: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hex) =>
			hex.toLowerCase(),
		),
		base64,
		base64Unpadded: base64.replace(/=+$/, ''),
		base64url: Buffer.from(secret).toString('base64url'),
	};
}

/**
 * Every character of `secret` as a JSON \\u escape: what JSON.parse decodes into the secret
 * although the text shows none of it (Go writes &, < and > so, Python every non-ASCII letter).
 * @param {string} secret
 */
function unicodeEscaped(secret) {
	return Array.from({ length: secret.length }, (_unit, i) => secret.charCodeAt(i))
		.map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`)
		.join('');
}

class HostileServer {
	/** @param {string} [name] for messages only */
	constructor(name = 'hostile') {
		this.name = name;
		/** @type {HostileRequest[]} */
		this.requests = [];
		/** tokens the default token endpoint issued @type {string[]} */
		this.tokens = [];
		/** @type {Array<{ match: (r: HostileRequest) => boolean, behaviour: Behaviour, times: number }>} */
		this.rules = [];
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		/** @type {import('node:http').Server | undefined} */
		this.server = undefined;
		this.url = '';
		this.host = '';
		this.port = 0;
	}

	async start() {
		const server = http.createServer((req, res) => this.receive(req, res));
		server.keepAliveTimeout = 500;
		server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server = server;
		await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
		this.port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
		this.host = `127.0.0.1:${this.port}`;
		this.url = `http://${this.host}`;
		return this.url;
	}

	/** Forget requests, tokens and rules; end every open connection. */
	reset() {
		this.requests = [];
		this.tokens = [];
		this.rules = [];
		for (const socket of this.sockets) socket.destroy();
	}

	/**
	 * Answer requests that `match` with `behaviour` (the first matching rule wins), `times` times.
	 * @param {(r: HostileRequest) => boolean} match @param {Behaviour} behaviour
	 */
	on(match, behaviour, times = Infinity) {
		this.rules.push({ match, behaviour, times });
		return this;
	}

	/** @param {Behaviour} behaviour */
	always(behaviour) {
		return this.on(() => true, behaviour);
	}

	/** Requests whose path starts with `prefix`. @param {string} prefix */
	requestsTo(prefix) {
		return this.requests.filter((r) => r.path.startsWith(prefix));
	}

	/**
	 * What of a credential reached this server: the headers that carry one, and whether a body
	 * or URL held `password`.
	 * @param {string} [password]
	 */
	credentialsSeen(password) {
		return this.requests.flatMap((r) => [
			...(r.headers.authorization ? [`Authorization: ${r.headers.authorization}`] : []),
			...(r.headers['x-aegister-token']
				? [`X-Aegister-Token: ${r.headers['x-aegister-token']}`]
				: []),
			...(password &&
			(r.rawBody.includes(encodeURIComponent(password)) ||
				r.rawBody.includes(password) ||
				r.rawUrl.includes(encodeURIComponent(password)))
				? [`password in ${r.method} ${r.path}`]
				: []),
		]);
	}

	async stop() {
		const server = this.server;
		if (!server) return;
		for (const socket of this.sockets) socket.destroy();
		server.closeAllConnections?.();
		await new Promise((resolve) => server.close(() => resolve(undefined)));
		this.server = undefined;
	}

	/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
	receive(req, res) {
		const chunks = /** @type {Buffer[]} */ ([]);
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://hostile');
			/** @type {HostileRequest} */
			const request = {
				method: req.method ?? 'GET',
				path: decodeURIComponent(url.pathname),
				rawUrl: req.url ?? '/',
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				rawBody: Buffer.concat(chunks).toString('utf8'),
				at: Date.now(),
				closedAt: undefined,
				answered: false,
			};
			this.requests.push(request);
			res.on('finish', () => (request.answered = true));
			res.on('close', () => (request.closedAt ??= Date.now()));
			const rule = this.rules.find((r) => r.times > 0 && r.match(request));
			if (rule) {
				rule.times--;
				rule.behaviour(request, res, this);
			} else if (request.method === 'POST' && request.path.endsWith('/oauth/token')) {
				behaviours.tokenGrant()(request, res, this);
			} else {
				behaviours.json(404, {
					message: `no behaviour for ${request.method} ${request.path} in ${this.name}`,
				})(request, res, this);
			}
		});
	}
}

/**
 * A TCP listener that accepts connections and never answers a byte (a black hole behind a load
 * balancer). It reads and discards what arrives, so that it notices when the client hangs up:
 * `connections` counts the connections it accepted, `open` those still open.
 */
class SilentTcpServer {
	constructor() {
		/** @type {Set<import('node:net').Socket>} */
		this.sockets = new Set();
		this.connections = 0;
		this.server = net.createServer((socket) => {
			this.connections++;
			this.sockets.add(socket);
			socket.on('error', () => undefined);
			socket.resume();
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.url = '';
		this.host = '';
	}

	get open() {
		return this.sockets.size;
	}

	async start() {
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(undefined)));
		this.host = `127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (this.server.address()).port}`;
		this.url = `http://${this.host}`;
		return this.url;
	}

	async stop() {
		for (const socket of this.sockets) socket.destroy();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}
}

/** A 127.0.0.1 URL on which nothing listens (connections are refused). */
async function refusingUrl() {
	const server = net.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` };
}

module.exports = {
	HostileServer,
	SilentTcpServer,
	behaviours,
	echoForms,
	refusingUrl,
	unicodeEscaped,
};
