/**
 * Trustworthy off the happy path, 1: a credential never leaves its host. Redirects from ESET's API,
 * ESET's token endpoint and Aegister are never followed, and the secrets a vendor echoes back in its
 * error texts (raw, URL-encoded, form-encoded, JSON-escaped) are nowhere in what the node reports.
 */
import { inspect } from 'node:util';

import { AEGISTER_TOKEN, ESET_PASSWORD } from './support/api-double';
import { behaviours, echoForms, unicodeEscaped } from './support/hostile-server';
import { expectNoSecrets, useDoubleAndEngine, useHostileServer } from './support/setup';

const t = useDoubleAndEngine();
/** the vendor's host, misbehaving */
const vendor = useHostileServer('vendor');
/** the host a redirect points to: it must never hear from the node */
const other = useHostileServer('other host');

jest.setTimeout(20_000);

const INCIDENT = '00000000-0000-4000-8000-000000000001';
/**
 * Secrets whose raw, URL-encoded, form-encoded and JSON-escaped forms all differ, and whose base64
 * (the token's also as "Bearer …") has padding and a + or /: so do its base64 spellings.
 */
const ODD_PASSWORD = 'Pw "quoted" back\\slash/plus+amp&eq=Z9???';
const ODD_ESET_TOKEN = 'tok "quoted" back\\slash/plus+amp&eq=Q7?????';
const ODD_AEGISTER_TOKEN = 'aeg "quoted" back\\slash/plus+amp&eq=K3??';

/** What the redirect points to; neither its path nor its query may show up anywhere. */
const stolenAt = () => `${other.url}/collect/secret-path-marker?leak=query-marker`;

type Form = keyof ReturnType<typeof echoForms>;
const FORMS: Form[] = [
	'raw',
	'urlEncoded',
	'formEncoded',
	'jsonEscaped',
	'urlEncodedLowerHex',
	'base64',
	'base64Unpadded',
	'base64url',
];

function credentials(change: {
	esetApi?: string;
	esetToken?: string;
	password?: string;
	aegister?: string;
	aegisterToken?: string;
}) {
	const { esetConnectApi, aegisterApi } = t.api.credentials();
	t.engine.setCredentials({
		esetConnectApi: {
			...esetConnectApi,
			...(change.esetApi ? { incidentManagementUrl: change.esetApi } : {}),
			...(change.esetToken ? { tokenUrl: change.esetToken } : {}),
			...(change.password ? { password: change.password } : {}),
		},
		aegisterApi: {
			...aegisterApi,
			...(change.aegister ? { baseUrl: change.aegister } : {}),
			...(change.aegisterToken ? { apiToken: change.aegisterToken } : {}),
		},
	});
}

const esetGet = (extra: { continueOnFail?: boolean } = {}) =>
	t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'get', incidentUuid: INCIDENT, simplify: false },
		...extra,
	});
const esetClose = () =>
	t.engine.run({
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'close',
			incidentUuid: INCIDENT,
			closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
			finalComment: 'done',
		},
	});
const aegisterUpdate = (extra: { continueOnFail?: boolean } = {}) =>
	t.engine.run({
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization: { __rl: true, mode: 'id', value: '1' },
			incidentId: '101',
			updateFields: { title: 'x' },
		},
		...extra,
	});
const aegisterOrganizations = () =>
	t.engine.run({
		node: 'aegisterIncident',
		parameters: { resource: 'organization', operation: 'getAll', returnAll: true },
	});

/** None of `strings` in any of `values`: deeply, hidden properties, getters and the stack included. */
function expectNowhere(strings: string[], ...values: unknown[]) {
	for (const value of values) {
		const text =
			inspect(value, { depth: Infinity, showHidden: true, getters: true }) + safeJson(value);
		for (const secret of strings) expect(text).not.toContain(secret);
	}
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return '';
	}
}

/** The error of a run, as the user sees it: message, description and stack. */
function shown(error: { message?: string; description?: string; stack?: string }) {
	return [error.message ?? '', error.description ?? '', error.stack ?? ''];
}

describe('redirects are never followed with a credential', () => {
	test.each([301, 302, 307, 308])(
		'ESET API answers %i: an error naming the status and the target host only; the other host hears nothing',
		async (status) => {
			credentials({ esetApi: `${vendor.url}/eset` });
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.redirect(status, stolenAt()));
			const result = await esetGet();

			expect(result.error.message).toBe(
				`ESET Connect answered ${status}, a redirect to ${other.host}; requests that carry the ESET token never follow redirects`,
			);
			expect(result.error.httpCode).toBe(String(status));
			expect(result.json).toEqual([]);
			expect(other.requests).toEqual([]);
			expect(vendor.requestsTo('/eset/v2/')).toHaveLength(1);
			expectNowhere(['secret-path-marker', 'query-marker'], result.error, result.run);
			expectNoSecrets(t.api, result.error, result.run);
		},
	);

	test.each([307, 308])(
		'ESET API answers %i to a Close (a POST): the body and the token are not re-sent elsewhere',
		async (status) => {
			credentials({ esetApi: `${vendor.url}/eset` });
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.redirect(status, stolenAt()));
			const result = await esetClose();

			expect(result.error.message).toMatch(
				new RegExp(`^ESET Connect answered ${status}, a redirect to ${other.host};`),
			);
			expect(result.json).toEqual([]);
			expect(other.requests).toEqual([]);
			expectNowhere(['secret-path-marker', 'query-marker'], result.error, result.run);
		},
	);

	test.each([301, 302, 307, 308])(
		'ESET token endpoint answers %i: the password is not posted to the other host',
		async (status) => {
			credentials({ esetApi: `${vendor.url}/eset`, esetToken: `${vendor.url}/oauth/token` });
			vendor.on((r) => r.path === '/oauth/token', behaviours.redirect(status, stolenAt()));
			const result = await esetGet();

			expect(result.error.message).toBe(
				`the ESET token endpoint (${vendor.host}) answered ${status}, a redirect to ${other.host}; the password is never sent on to another host`,
			);
			expect(other.requests).toEqual([]);
			expect(other.credentialsSeen(ESET_PASSWORD)).toEqual([]);
			// the token request only: no API call without a token
			expect(vendor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /oauth/token']);
			expectNowhere(['secret-path-marker', 'query-marker'], result.error, result.run);
			expectNoSecrets(t.api, result.error, result.run);
		},
	);

	test.each([
		[301, 'update'],
		[302, 'update'],
		[307, 'update'],
		[308, 'update'],
		[302, 'organizations'],
		[307, 'organizations'],
	])(
		'Aegister answers %i (%s): the X-Aegister-Token is not sent to the other host',
		async (status, operation) => {
			credentials({ aegister: `${vendor.url}/aegister` });
			vendor.always(behaviours.redirect(status, stolenAt()));
			const result =
				operation === 'update' ? await aegisterUpdate() : await aegisterOrganizations();

			expect(result.error.message).toBe(
				`Aegister answered ${status}, a redirect to ${other.host}; requests that carry the API token never follow redirects`,
			);
			expect(result.error.httpCode).toBe(String(status));
			expect(result.json).toEqual([]);
			expect(other.requests).toEqual([]);
			expect(vendor.requests).toHaveLength(1);
			expectNowhere(['secret-path-marker', 'query-marker'], result.error, result.run);
			expectNoSecrets(t.api, result.error, result.run);
		},
	);
});

describe("the credential test (n8n's Test button) never follows a redirect either", () => {
	test.each([302, 307])(
		'ESET API answers %i to the test: the token is not sent to the other host',
		async (status) => {
			credentials({ esetApi: `${vendor.url}/eset` });
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.redirect(status, stolenAt()));
			const result = await t.engine.testCredential('esetConnectApi');

			// n8n's credentials tester words it (it applies no rule to a redirect)
			expect(result).toEqual({
				status: 'Error',
				message: `Request failed with status code ${status}`,
			});
			expect(other.requests).toEqual([]);
			expect(vendor.requestsTo('/eset/v2/')).toHaveLength(1);
		},
	);

	test.each([302, 307])(
		'Aegister answers %i to the test: the X-Aegister-Token is not sent to the other host',
		async (status) => {
			credentials({ aegister: `${vendor.url}/aegister` });
			vendor.always(behaviours.redirect(status, stolenAt()));
			const result = await t.engine.testCredential('aegisterApi');

			expect(result).toEqual({
				status: 'Error',
				message: `Request failed with status code ${status}`,
			});
			expect(other.requests).toEqual([]);
			expect(vendor.requests).toHaveLength(1);
		},
	);
});

describe("the organization picker (the editor's From list) never follows a redirect either", () => {
	test.each([302, 307])(
		'Aegister answers %i to the list search: an error, and the token stays with Aegister',
		async (status) => {
			credentials({ aegister: `${vendor.url}/aegister` });
			vendor.always(behaviours.redirect(status, stolenAt()));
			const search = t.engine.listSearch('aegisterIncident', 'searchOrganizations', {
				resource: 'incident',
				operation: 'update',
			});

			await expect(search).rejects.toThrow(
				`Aegister answered ${status}, a redirect to ${other.host}; requests that carry the API token never follow redirects`,
			);
			expect(other.requests).toEqual([]);
			expect(vendor.requests).toHaveLength(1);
		},
	);
});

describe('secrets a vendor echoes back are redacted', () => {
	test.each(FORMS)(
		'ESET API: the Authorization header echoed %s in a 400 message',
		async (form) => {
			credentials({ esetApi: `${vendor.url}/eset`, esetToken: `${vendor.url}/oauth/token` });
			vendor.on((r) => r.path === '/oauth/token', behaviours.tokenGrant(ODD_ESET_TOKEN));
			vendor.on(
				(r) => r.path.startsWith('/eset/v2/'),
				behaviours.echo((r) => ({
					status: 400,
					headers: { 'request-id': 'rid-echo-1' },
					body: {
						code: 3,
						message: `invalid authorization header "${echoForms(String(r.headers.authorization))[form]}"`,
					},
				})),
			);
			const result = await esetGet();

			expect(result.error.message).toBe(
				'ESET Connect answered 400: bad or missing authorization, or a validation error (invalid argument)',
			);
			// ESET's message still reaches the user, with the header cut out
			expect(result.error.description).toContain('ESET says: invalid authorization header "');
			expect(result.error.description).toContain('[redacted]');
			expect(result.error.description).toContain('request-id: rid-echo-1');
			const echoed = [
				...Object.values(echoForms(`Bearer ${ODD_ESET_TOKEN}`)),
				...Object.values(echoForms(ODD_ESET_TOKEN)),
			];
			for (const text of shown(result.error))
				for (const secret of echoed) expect(text).not.toContain(secret);
			expectNowhere(echoed, result.error, result.run);
			expectNoSecrets(t.api, result.error, result.run);
		},
	);

	test('ESET API: a 401 after the token was renewed that echoes the previous token', async () => {
		expect((await esetGet()).error).toBeUndefined();
		t.api.expireEsetTokens();
		let first = '';
		t.api.script(
			(r) => r.path.startsWith('/eset/v2/'),
			(r) => {
				first ||= String(r.headers.authorization);
				return {
					status: 401,
					body: {
						code: 16,
						message: `token expired: ${first}; now ${String(r.headers.authorization)}`,
					},
				};
			},
			2,
		);
		const result = await esetGet();

		expect(t.api.eset.grants).toHaveLength(2);
		expect(result.error.description).toContain(
			'ESET says: token expired: [redacted]; now [redacted]',
		);
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('ESET token endpoint: an error that echoes the tokens it gave before', async () => {
		expect((await esetGet()).error).toBeUndefined();
		const [previous] = t.api.eset.grants;
		t.api.expireEsetTokens();
		t.api.script((r) => r.path === '/eset/oauth/token', {
			status: 400,
			body: {
				error: 'invalid_grant',
				error_description: `${previous.accessToken} and ${previous.refreshToken} were revoked`,
			},
		});
		const result = await esetGet();

		expect(result.error.message).toBe(
			'ESET did not issue an access token: the ESET token endpoint (127.0.0.1:' +
				new URL(t.api.url).port +
				') answered 400 (invalid_grant: [redacted] and [redacted] were revoked)',
		);
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('ESET API: the token echoed in a plain-text error body and in the request-id header', async () => {
		credentials({ esetApi: `${vendor.url}/eset` });
		vendor.on(
			(r) => r.path.startsWith('/eset/v2/'),
			behaviours.echo((r) => ({
				status: 403,
				headers: {
					'content-type': 'text/plain',
					'request-id': `rid for ${String(r.headers.authorization)}`,
				},
				body: `denied for ${String(r.headers.authorization)}`,
			})),
		);
		const result = await esetGet({ continueOnFail: true });

		expect(result.items).toHaveLength(1);
		const error = result.items[0].error ?? result.error;
		expect(error.message).toBe('ESET Connect answered 403: access denied; check permissions');
		expect(error.description).toContain('ESET says: denied for [redacted]');
		expect(error.description).toContain('request-id: rid for [redacted]');
		expect(t.api.eset.tokens).toHaveLength(1);
		expectNoSecrets(t.api, result.items, result.error, result.run);
	});

	test.each([
		...FORMS.map((form) => [form, ODD_PASSWORD] as const),
		['raw', ESET_PASSWORD] as const,
	])(
		'ESET token endpoint: the password echoed %s in error_description (%s)',
		async (form, password) => {
			credentials({
				esetApi: `${vendor.url}/eset`,
				esetToken: `${vendor.url}/oauth/token`,
				password,
			});
			vendor.on(
				(r) => r.path === '/oauth/token',
				behaviours.echo((r) => {
					const posted = new URLSearchParams(r.rawBody).get('password') ?? '';
					return {
						status: 400,
						body: {
							error: 'invalid_grant',
							error_description: `wrong password "${echoForms(posted)[form]}" for this user`,
						},
					};
				}),
			);
			const result = await esetGet();

			expect(result.error.message).toBe(
				`ESET did not issue an access token: the ESET token endpoint (${vendor.host}) answered 400 (invalid_grant: wrong password "[redacted]" for this user)`,
			);
			const echoed = Object.values(echoForms(password));
			for (const text of shown(result.error))
				for (const secret of echoed) expect(text).not.toContain(secret);
			expectNowhere(echoed, result.error, result.run);
			expectNoSecrets(t.api, result.error, result.run);
			expect(vendor.requestsTo('/eset/v2/')).toEqual([]);
		},
	);

	test.each([
		...FORMS.map((form) => [form, 401, ODD_AEGISTER_TOKEN] as const),
		['raw', 200, ODD_AEGISTER_TOKEN] as const,
		['raw', 401, AEGISTER_TOKEN] as const,
	])('Aegister: the token echoed %s in messages (HTTP %i, %s)', async (form, status, token) => {
		credentials({ aegister: `${vendor.url}/aegister`, aegisterToken: token });
		vendor.always(
			behaviours.echo((r) => ({
				status,
				body: {
					error: 1,
					messages: [`Invalid token "${echoForms(String(r.headers['x-aegister-token']))[form]}".`],
					data: null,
				},
			})),
		);
		const result = await aegisterUpdate();

		expect(result.error.message).toBe(
			`${status === 200 ? 'Aegister reported an error' : 'Aegister answered 401: the API token is invalid or was revoked'} — Invalid token "[redacted]".`,
		);
		const echoed = Object.values(echoForms(token));
		for (const text of shown(result.error))
			for (const secret of echoed) expect(text).not.toContain(secret);
		expectNowhere(echoed, result.error, result.run);
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('ESET API: the token and the password spelled with JSON \\u escapes in a 200 answer are not in the output', async () => {
		credentials({
			esetApi: `${vendor.url}/eset`,
			esetToken: `${vendor.url}/oauth/token`,
			password: ODD_PASSWORD,
		});
		vendor.on((r) => r.path === '/oauth/token', behaviours.tokenGrant(ODD_ESET_TOKEN));
		vendor.on(
			(r) => r.path.startsWith('/eset/v2/'),
			behaviours.echo((r) => ({
				status: 200,
				body: `{"incident": {"uuid": "${INCIDENT}", "displayName": "seen", "description": "for ${unicodeEscaped(String(r.headers.authorization))} with ${unicodeEscaped(ODD_PASSWORD)}"}}`,
			})),
		);
		const result = await esetGet();

		expect(result.error).toBeUndefined();
		expect(result.json[0]).toMatchObject({
			uuid: INCIDENT,
			displayName: 'seen',
			description: 'for [redacted] with [redacted]',
		});
		expectNowhere(
			[
				ODD_ESET_TOKEN,
				ODD_PASSWORD,
				...Object.values(echoForms(ODD_ESET_TOKEN)),
				...Object.values(echoForms(ODD_PASSWORD)),
			],
			result.json,
			result.run,
		);
	});

	test('Aegister: the token spelled with JSON \\u escapes in a 200 answer is not in the output', async () => {
		credentials({ aegister: `${vendor.url}/aegister`, aegisterToken: ODD_AEGISTER_TOKEN });
		vendor.always(
			behaviours.echo((r) => ({
				status: 200,
				body: `{"error": 0, "messages": [], "total": 1, "data": [{"type": "ip", "value": "203.0.113.7", "threat_intel": {"note": "${unicodeEscaped(String(r.headers['x-aegister-token']))}"}}]}`,
			})),
		);
		const result = await t.engine.run({
			node: 'aegisterIncident',
			parameters: {
				resource: 'threatIntel',
				operation: 'enrich',
				organization: { __rl: true, mode: 'id', value: '1' },
				indicators: { indicator: [{ type: 'ip', value: '203.0.113.7' }] },
			},
		});

		expect(result.error).toBeUndefined();
		expect(JSON.stringify(result.json)).toContain('[redacted]');
		expectNowhere(
			[ODD_AEGISTER_TOKEN, ...Object.values(echoForms(ODD_AEGISTER_TOKEN))],
			result.json,
			result.run,
		);
	});

	test.each([
		['in upper case', 'HUNTER2HUNTER2'],
		['percent-encoded', 'hunter2hunter%32'],
	])(
		'ESET token endpoint: a redirect whose target host is the password %s, as the credential test and the node report it',
		async (_how, spelled) => {
			const password = 'hunter2hunter2';
			credentials({
				esetApi: `${vendor.url}/eset`,
				esetToken: `${vendor.url}/oauth/token`,
				password,
			});
			vendor.on(
				(r) => r.path === '/oauth/token',
				behaviours.redirect(302, `http://${spelled}.evil.test/collect`),
			);
			const tested = await t.engine.testCredential('esetConnectApi');
			const result = await esetGet();

			expect(tested.status).toBe('Error');
			for (const text of [tested.message, result.error.message])
				expect(text).toMatch(/answered 302, a redirect to /);
			for (const text of [tested.message, ...shown(result.error)])
				expect(text.toLowerCase()).not.toContain(password);
			expectNowhere([password], tested, result.error, result.run);
		},
	);

	test('ESET token endpoint: "user:password" echoed in base64 (as HTTP Basic spells it)', async () => {
		credentials({
			esetApi: `${vendor.url}/eset`,
			esetToken: `${vendor.url}/oauth/token`,
			password: ODD_PASSWORD,
		});
		vendor.on(
			(r) => r.path === '/oauth/token',
			behaviours.echo((r) => {
				const form = new URLSearchParams(r.rawBody);
				const basic = Buffer.from(`${form.get('username')}:${form.get('password')}`).toString(
					'base64',
				);
				return {
					status: 400,
					body: { error: 'invalid_client', error_description: `no client for Basic ${basic}` },
				};
			}),
		);
		const result = await esetGet();

		expect(result.error.message).toMatch(/\(invalid_client: no client for Basic \[redacted\]\)$/);
		const { esetConnectApi } = t.api.credentials();
		expectNowhere(
			[Buffer.from(`${String(esetConnectApi.username)}:${ODD_PASSWORD}`).toString('base64')],
			result.error,
			result.run,
		);
	});

	test('Aegister: the token echoed in the validation errors of a 400 and with Continue On Fail', async () => {
		credentials({ aegister: `${vendor.url}/aegister`, aegisterToken: ODD_AEGISTER_TOKEN });
		vendor.always(
			behaviours.echo((r) => ({
				status: 400,
				body: {
					error: 1,
					messages: ['Validation failed.'],
					data: {
						errors: { title: [`not allowed with token ${String(r.headers['x-aegister-token'])}`] },
					},
				},
			})),
		);
		const result = await aegisterUpdate({ continueOnFail: true });

		const error = result.items[0]?.error ?? result.error;
		expect(error.message).toBe(
			'Aegister answered 400: the request failed validation — Validation failed.',
		);
		expect(error.description).toContain('[redacted]');
		const echoed = Object.values(echoForms(ODD_AEGISTER_TOKEN));
		expectNowhere(echoed, result.items, result.error, result.run);
	});
});
