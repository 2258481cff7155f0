/**
 * Trustworthy off the happy path, 5: errors name the step that failed. The token endpoint refused or
 * unreachable, a token answer that is no token, the API host down, a host the credential's Allowed
 * HTTP Request Domains do not list: each error says which step and which host, and gives the advice
 * that fits (no "check your password" when the password is not the problem).
 */
import { behaviours, refusingUrl } from './support/hostile-server';
import { expectNoSecrets, useDoubleAndEngine, useHostileServer } from './support/setup';

const t = useDoubleAndEngine();
const vendor = useHostileServer('vendor');

jest.setTimeout(20_000);

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const PASSWORD_ADVICE = /check (the|your)\b.*password|Check the API user name, the password/i;

function credentials(change: {
	esetApi?: string;
	esetToken?: string;
	aegister?: string;
	allowedDomains?: string;
}) {
	const { esetConnectApi, aegisterApi } = t.api.credentials();
	const restriction =
		change.allowedDomains === undefined
			? {}
			: { allowedHttpRequestDomains: 'domains', allowedDomains: change.allowedDomains };
	t.engine.setCredentials({
		esetConnectApi: {
			...esetConnectApi,
			...(change.esetApi ? { incidentManagementUrl: change.esetApi } : {}),
			...(change.esetToken ? { tokenUrl: change.esetToken } : {}),
			...restriction,
		},
		aegisterApi: {
			...aegisterApi,
			...(change.aegister ? { baseUrl: change.aegister } : {}),
			...restriction,
		},
	});
}

const esetGet = (options: Record<string, unknown> = {}) =>
	t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'get', incidentUuid: INCIDENT, options },
	});
const aegisterUpdate = (options: Record<string, unknown> = {}) =>
	t.engine.run({
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization: { __rl: true, mode: 'id', value: '1' },
			incidentId: '101',
			updateFields: { title: 'x' },
			options,
		},
	});

describe('the token step', () => {
	test('a refused token URL: "token endpoint", its host and the refusal', async () => {
		const refusing = await refusingUrl();
		credentials({ esetToken: `${refusing.url}/oauth/token` });
		const result = await esetGet();

		expect(result.error.message).toBe(
			`the ESET token endpoint (${refusing.host}) could not be reached: the connection was refused`,
		);
		expect(result.error.description).toContain(
			'Check the region (or the Token URL of a Custom region)',
		);
		expect(result.error.description).not.toMatch(PASSWORD_ADVICE);
		expect(t.api.requestsTo('incidents')).toEqual([]);
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('a token host that does not resolve: "token endpoint" and its host, within the Timeout', async () => {
		credentials({ esetToken: 'http://token-host.invalid/oauth/token' });
		const started = Date.now();
		const result = await esetGet({ timeoutSeconds: 2 });

		expect(Date.now() - started).toBeLessThan(4000);
		expect(result.error.message).toMatch(
			/^the ESET token endpoint \(token-host\.invalid\) (could not be reached: the host name (does not resolve|could not be resolved)|did not answer completely within 2 s)/,
		);
		expect(result.error.description).not.toMatch(PASSWORD_ADVICE);
		expect(t.api.requestsTo('incidents')).toEqual([]);
	});

	test.each([
		['{}', {}],
		['a number', { access_token: 12345, token_type: 'Bearer', expires_in: 3600 }],
		['an empty string', { access_token: '', token_type: 'Bearer' }],
		['null', { access_token: null }],
		['another name', { token: 'abc', token_type: 'Bearer' }],
	])(
		'a 200 token answer whose access_token is %s: the token answer is malformed, not the password',
		async (_what, body) => {
			credentials({ esetToken: `${vendor.url}/oauth/token` });
			vendor.on((r) => r.path === '/oauth/token', behaviours.json(200, body));
			const result = await esetGet();

			expect(result.error.message).toBe(
				`the ESET token endpoint (${vendor.host}) answered 200, but the token answer is malformed: it has no access_token string`,
			);
			expect(result.error.message).not.toMatch(PASSWORD_ADVICE);
			expect(result.error.description).not.toMatch(PASSWORD_ADVICE);
			expect(result.error.description).toContain('Check the Token URL of the credential');
			expect(t.api.requestsTo('incidents')).toEqual([]);
		},
	);

	test.each([
		[
			200,
			'text/html',
			'<html><body>Corporate proxy: sign in</body></html>',
			`answered 200 with an HTML page (HTTP 200, text/html), not an ESET token answer — a proxy or login page?`,
		],
		[
			200,
			'application/json',
			'[]',
			'answered 200 with a JSON array (HTTP 200, application/json), not an ESET token answer',
		],
		[
			502,
			'text/html',
			'<html>Bad gateway</html>',
			'answered 502 with an HTML page (HTTP 502, text/html), not an ESET answer',
		],
	])(
		'a token answer of HTTP %i %s that is not ESET: says what arrived, no password advice',
		async (status, type, body, what) => {
			credentials({ esetToken: `${vendor.url}/oauth/token` });
			vendor.on(
				(r) => r.path === '/oauth/token',
				behaviours.raw(status, body, { 'content-type': type }),
			);
			const result = await esetGet();

			expect(result.error.message).toContain(`the ESET token endpoint (${vendor.host}) ${what}`);
			expect(result.error.description).not.toMatch(PASSWORD_ADVICE);
		},
	);

	test.each([
		['a line break', 'eset-token\r\nX-Injected: 1'],
		['200 kB', 'x'.repeat(200_000)],
	])(
		'a 200 token answer whose access_token holds %s: malformed, never sent, never kept',
		async (_what, accessToken) => {
			credentials({ esetToken: `${vendor.url}/oauth/token` });
			vendor.on(
				(r) => r.path === '/oauth/token',
				behaviours.json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 }),
			);
			const first = await esetGet();
			const second = await esetGet();

			for (const result of [first, second]) {
				expect(result.error.message).toBe(
					`the ESET token endpoint (${vendor.host}) answered 200, but the token answer is malformed: its access_token cannot go into an HTTP header (it holds a control character or line break, or is longer than 8192 characters)`,
				);
				expect(result.error.description).not.toMatch(PASSWORD_ADVICE);
			}
			// asked again the second time: the malformed token was not kept for its hour
			expect(vendor.requests.filter((r) => r.path === '/oauth/token')).toHaveLength(2);
			expect(t.api.requestsTo('incidents')).toEqual([]);
		},
	);

	test('ESET refusing the user (invalid_grant): here the advice is the user name and password', async () => {
		credentials({ esetToken: `${vendor.url}/oauth/token` });
		vendor.on(
			(r) => r.path === '/oauth/token',
			behaviours.json(400, {
				error: 'invalid_grant',
				error_description: 'Invalid user credentials',
			}),
		);
		const result = await esetGet();

		expect(result.error.message).toBe(
			`ESET did not issue an access token: the ESET token endpoint (${vendor.host}) answered 400 (invalid_grant: Invalid user credentials)`,
		);
		expect(result.error.description).toBe(
			'Check the API user name, the password and the region of the ESET Connect API credential.',
		);
	});
});

describe('the API step', () => {
	test('ESET incident management refused (the token worked): "ESET Connect" and its host', async () => {
		const refusing = await refusingUrl();
		credentials({ esetApi: `${refusing.url}/eset` });
		const result = await esetGet();

		expect(result.error.message).toBe(
			`ESET Connect (${refusing.host}) could not be reached: the connection was refused`,
		);
		expect(result.error.message).not.toContain('token');
		expect(t.api.requestsTo('token')).toHaveLength(1);
	});

	test('Aegister refused: "Aegister" and its host', async () => {
		const refusing = await refusingUrl();
		credentials({ aegister: `${refusing.url}/aegister` });
		const result = await aegisterUpdate();

		expect(result.error.message).toBe(
			`Aegister (${refusing.host}) could not be reached: the connection was refused`,
		);
		expect(result.error.description).toContain('Check the Base URL of the Aegister API credential');
		expectNoSecrets(t.api, result.error, result.run);
	});
});

describe("the credential's Allowed HTTP Request Domains", () => {
	test('blocking the ESET token host: says so, sends nothing', async () => {
		credentials({
			esetApi: `${vendor.url}/eset`,
			esetToken: `${vendor.url}/oauth/token`,
			allowedDomains: 'other.example',
		});
		const result = await esetGet();

		expect(result.error.message).toBe(
			`the ESET token endpoint (${vendor.host}) is not among the credential's Allowed HTTP Request Domains (other.example): add its host there`,
		);
		expect(result.error.description).toContain(
			'ESET needs both its token host and its incident-management host',
		);
		expect(vendor.requests).toEqual([]);
		expect(t.api.requests).toEqual([]);
	});

	test('blocking the ESET API host (the token host allowed): says so, and the API host hears nothing', async () => {
		const apiHost = `localhost:${vendor.port}`;
		credentials({ esetApi: `http://${apiHost}/eset`, allowedDomains: '127.0.0.1' });
		const result = await esetGet();

		expect(result.error.message).toBe(
			`ESET Connect (${apiHost}) is not among the credential's Allowed HTTP Request Domains (127.0.0.1): add its host there`,
		);
		expect(result.error.description).toContain(
			'ESET needs its token host and the host of each service it calls (here incident-management) among the Allowed HTTP Request Domains',
		);
		expect(vendor.requests).toEqual([]);
		expect(t.api.requestsTo('incidents')).toEqual([]);
	});

	test('"Specific Domains" with none listed: says so, sends nothing', async () => {
		credentials({ allowedDomains: '' });
		const result = await esetGet();

		expect(result.error.message).toBe(
			`The credential is restricted to "Specific Domains" but lists none, so the ESET token endpoint (${t.api.url.replace('http://', '')}) cannot be reached: add its host under Allowed Domains`,
		);
		expect(t.api.requests).toEqual([]);
	});

	test('blocking the Aegister host: says so, sends nothing', async () => {
		credentials({ aegister: `${vendor.url}/aegister`, allowedDomains: 'app.aegister.com' });
		const result = await aegisterUpdate();

		expect(result.error.message).toBe(
			`Aegister (${vendor.host}) is not among the credential's Allowed HTTP Request Domains (app.aegister.com): add its host there`,
		);
		expect(vendor.requests).toEqual([]);
		expect(t.api.requests).toEqual([]);
	});

	test('listing the hosts lets the requests through', async () => {
		credentials({ allowedDomains: 'eset.example, 127.0.0.1' });
		const eset = await esetGet();
		const aegister = await aegisterUpdate();

		expect(eset.error).toBeUndefined();
		expect(eset.json[0].uuid).toBe(INCIDENT);
		expect(aegister.error).toBeUndefined();
		expect(t.api.requestsTo('incidents')).toHaveLength(1);
	});
});
