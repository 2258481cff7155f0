import { ESET_PASSWORD } from './support/api-double';
import { expectNoSecrets, useDoubleAndEngine, actedOn } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const CLOSURE_REASONS = [
	'INCIDENT_RESOLVE_REASON_UNSPECIFIED',
	'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
	'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
	'INCIDENT_RESOLVE_REASON_SUSPICIOUS',
];

function close(
	parameters: Record<string, unknown> = {},
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'close', incidentUuid: INCIDENT, ...parameters },
		...extra,
	});
}

const closeCalls = () => t.api.requestsTo('incidents');

describe('ESET Incident → Close', () => {
	test('sends every property of the close body, with the literal :close suffix and the bearer token', async () => {
		const result = await close({
			closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
			finalComment: 'Contained: host isolated and re-imaged.',
			finalCommentOptions: { uuid: 'comment-1' },
		});

		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		const [token] = t.api.requestsTo('token');
		expect(token.method).toBe('POST');
		expect(token.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(token.body).toEqual({
			grant_type: 'password',
			username: t.api.eset.user,
			password: ESET_PASSWORD,
		});

		const [call] = closeCalls();
		expect(call.method).toBe('POST');
		expect(call.rawPath).toBe(`/eset/v2/incidents/${INCIDENT}:close`);
		expect(call.query).toEqual({});
		expect(call.headers.authorization).toBe(`Bearer ${t.api.eset.tokens[0]}`);
		expect(call.headers['content-type']).toBe('application/json');
		expect(call.headers['3rd-integration']).toMatch(/^n8n-nodes-security-incidents\/\d+\.\d+\.\d+/);
		expect(call.body).toEqual({
			closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
			finalComment: {
				text: 'Contained: host isolated and re-imaged.',
				uuid: 'comment-1',
				incidentUuid: INCIDENT,
				isFinalComment: true,
			},
		});
	});

	test.each(CLOSURE_REASONS)('sends closure reason %s as is', async (closureReason) => {
		await close({ closureReason });
		expect(closeCalls()[0].body).toEqual({ closureReason });
	});

	test('offers exactly the four closure reasons of the spec, UNSPECIFIED by default', () => {
		const property = t.engine
			.nodeType('esetIncident')
			.description.properties.find((p) => p.name === 'closureReason')!;
		expect(property.default).toBe('INCIDENT_RESOLVE_REASON_UNSPECIFIED');
		expect((property.options as Array<{ value: string }>).map((o) => o.value)).toEqual(
			CLOSURE_REASONS,
		);
	});

	test('sends nothing the user left empty: no comment text, no blank comment fields', async () => {
		await close({ finalComment: '', finalCommentOptions: { uuid: '' } });
		expect(closeCalls()[0].body).toEqual({ closureReason: 'INCIDENT_RESOLVE_REASON_UNSPECIFIED' });
	});

	test("a final comment is marked as one (isFinalComment: true, as ESET's example sends it) and names its incident", async () => {
		await close({ finalComment: 'Contained.' });
		expect(closeCalls()[0].body.finalComment).toEqual({
			text: 'Contained.',
			incidentUuid: INCIDENT,
			isFinalComment: true,
		});
	});

	test('sends isFinalComment false when the user turned "Record as Final Comment" off', async () => {
		await close({ finalComment: 'note', finalCommentOptions: { isFinalComment: false } });
		expect(closeCalls()[0].body.finalComment).toEqual({
			text: 'note',
			incidentUuid: INCIDENT,
			isFinalComment: false,
		});
	});

	test('a Comment UUID without comment text is an error, nothing sent', async () => {
		const result = await close({ finalComment: '', finalCommentOptions: { uuid: 'c-1' } });
		expect(result.error.message).toBe('The comment has a Comment UUID but no text');
		expect(t.api.requests).toEqual([]);
	});

	test('takes the incident UUID from each input item (expressions)', async () => {
		const result = await close(
			{ incidentUuid: '={{ $json.uuid }}', finalComment: '={{ "closed " + $json.uuid }}' },
			{
				items: [
					{ uuid: '00000000-0000-4000-8000-000000000002' },
					{ uuid: '00000000-0000-4000-8000-000000000003' },
				],
			},
		);
		expect(result.json).toEqual([
			actedOn('close', { incidentUuid: '00000000-0000-4000-8000-000000000002' }),
			actedOn('close', { incidentUuid: '00000000-0000-4000-8000-000000000003' }),
		]);
		expect(
			closeCalls()
				.map((c) => [c.rawPath, c.body.finalComment.text])
				.sort(),
		).toEqual([
			[
				'/eset/v2/incidents/00000000-0000-4000-8000-000000000002:close',
				'closed 00000000-0000-4000-8000-000000000002',
			],
			[
				'/eset/v2/incidents/00000000-0000-4000-8000-000000000003:close',
				'closed 00000000-0000-4000-8000-000000000003',
			],
		]);
	});

	test.each([
		['../', '..%2F'],
		['a/b', 'a%2Fb'],
		['what?x=1', 'what%3Fx%3D1'],
		['frag#ment', 'frag%23ment'],
		['with space', 'with%20space'],
		['../../admin', '..%2F..%2Fadmin'],
	])('URL-encodes the incident UUID %j into the path, keeping :close', async (hostile, encoded) => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), { status: 200, body: {} });
		await close({ incidentUuid: hostile });
		expect(closeCalls()[0].rawPath).toBe(`/eset/v2/incidents/${encoded}:close`);
	});

	test.each(['', '   ', '.', '..', 'x'.repeat(101)])(
		'rejects the incident UUID %j without sending anything',
		async (bad) => {
			// A literally empty required field already stops n8n; an expression can still resolve to one.
			const result = await close({ incidentUuid: '={{ $json.id }}' }, { items: [{ id: bad }] });
			expect(result.error?.message).toMatch(
				/^Incident (is empty|is "\.\.?"|is longer than 100 characters)$/,
			);
			expect(t.api.requests).toEqual([]);
		},
	);

	test('outputs the response ID when ESET only accepted the request (202) and the user chose not to wait', async () => {
		t.api.eset.slowResponses = 1;
		const result = await close({ options: { waitForSlowResponses: false } });
		expect(result.json).toEqual([
			{
				pending: true,
				responseId: expect.stringMatching(/^[0-9a-f-]{36}$/),
				requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
			},
		]);
		expect(closeCalls()).toHaveLength(1);
	});
});

describe('ESET Connect API credential: the bearer token', () => {
	test('is fetched once for many items, kept by the transport and reused by the next run', async () => {
		const items = Array.from({ length: 5 }, (_, i) => ({
			uuid: `00000000-0000-4000-8000-00000000000${i + 1}`,
		}));
		await close({ incidentUuid: '={{ $json.uuid }}' }, { items });
		expect(t.api.requestsTo('token')).toHaveLength(1);

		await close({ incidentUuid: '={{ $json.uuid }}' }, { items });
		expect(t.api.requestsTo('token')).toHaveLength(1);
		expect(closeCalls()).toHaveLength(10);
		expect(new Set(closeCalls().map((c) => c.headers.authorization))).toEqual(
			new Set([`Bearer ${t.api.eset.tokens[0]}`]),
		);
	});

	test('after a 401 it is renewed first, then the request is sent once more: two calls, not three', async () => {
		await close();
		t.api.expireEsetTokens();

		const result = await close();
		expect(result.json).toEqual([actedOn('close', { incidentUuid: INCIDENT })]);
		expect(t.api.requestsTo('token')).toHaveLength(2);
		const calls = closeCalls();
		expect(calls).toHaveLength(3);
		expect(calls.at(-1)!.headers.authorization).toBe(`Bearer ${t.api.eset.tokens.at(-1)}`);
		expect(calls[1].headers.authorization).toBe(calls[0].headers.authorization);
		// the one rejected call and the one with the new token
		expect(t.api.requestsTo('token')[1].at).toBeGreaterThan(calls[1].at);
	});

	test('is renewed only once when ESET keeps answering 401: no loop, a clear error', async () => {
		t.api.script(
			(r) => r.path.startsWith('/eset/v2/'),
			{ status: 401, body: { message: 'token invalid' } },
			100,
		);
		const result = await close();
		expect(result.error.message).toBe(
			'ESET Connect answered 401: the token has expired or is invalid',
		);
		expect(t.api.requestsTo('token')).toHaveLength(2);
		expect(closeCalls()).toHaveLength(2);
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('a wrong password is a clear error that does not contain the password', async () => {
		t.engine.setCredentials({
			esetConnectApi: { ...t.api.credentials().esetConnectApi, password: 'wrong-password-123' },
		});
		const result = await close();
		expect(result.error.message).toMatch(
			/^ESET did not issue an access token: the ESET token endpoint \(127\.0\.0\.1:\d+\) answered 400 \(invalid_grant: Invalid user credentials\)$/,
		);
		expect(closeCalls()).toHaveLength(0);
		const text =
			JSON.stringify(result.run) + String(result.error.stack) + String(result.error.description);
		expect(text).not.toContain('wrong-password-123');
	});

	test('a token stored by the credential test is used while it was issued to the same user, password and token URL', async () => {
		expect((await t.engine.testCredential('esetConnectApi')).status).toBe('OK');
		const stored = t.engine.storedCredentials('esetConnectApi');
		expect(stored.accessToken).toBe(t.api.eset.tokens[0]);
		expect(stored.tokenFingerprint).toMatch(/^[0-9a-f]{64}$/);

		await close();
		expect(t.api.requestsTo('token')).toHaveLength(1);
		expect(closeCalls()[0].headers.authorization).toBe(`Bearer ${stored.accessToken}`);
	});

	test('after the password changed, the stored token is not used: a fresh password grant, which fails for a wrong password', async () => {
		expect((await t.engine.testCredential('esetConnectApi')).status).toBe('OK');
		t.engine.setCredentials({
			esetConnectApi: {
				...t.engine.storedCredentials('esetConnectApi'),
				password: 'changed-to-wrong',
			},
		});

		const result = await close();
		expect(result.error.message).toContain('ESET did not issue an access token');
		expect(t.api.requestsTo('token')).toHaveLength(2);
		expect(closeCalls()).toHaveLength(1);
		expect(await t.engine.testCredential('esetConnectApi')).toEqual({
			status: 'Error',
			message: expect.stringContaining('ESET did not issue an access token'),
		});
	});
});

describe('ESET errors', () => {
	const documented: Array<[number, string]> = [
		[400, 'bad or missing authorization, or a validation error (invalid argument)'],
		[403, 'access denied; check permissions'],
		[404, 'the requested resource was not found'],
		[429, 'rate limit reached; try again later'],
		[500, 'internal server failure; try again later'],
		[502, 'internal server failure; try again later'],
		[503, 'environment under maintenance; try again later'],
		[504, 'the action took too long; timeout reached'],
	];

	test.each(documented)(
		'%i names the status, its documented meaning and the request-id',
		async (status, meaning) => {
			// a 429 asking for more time than Max Wait leaves fails at once
			t.api.script((r) => r.path.startsWith('/eset/v2/'), {
				status,
				headers: { 'request-id': 'rid-12345', 'retry-after': '5' },
				body: { code: 7, message: `vendor says ${status}` },
			});
			const result = await close({ options: { maxRetries: 0, maxWaitSeconds: 2 } });
			expect(result.error.message).toBe(`ESET Connect answered ${status}: ${meaning}`);
			expect(result.error.description).toContain(`ESET says: vendor says ${status}`);
			expect(result.error.description).toContain('request-id: rid-12345');
			expect(result.error.httpCode).toBe(String(status));
			expect(closeCalls()).toHaveLength(1);
			expectNoSecrets(t.api, result.error, result.run);
		},
	);

	test('403 says what the API user needs', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), { status: 403 });
		const result = await close();
		expect(result.error.description).toContain('Integrations permission');
		expect(result.error.description).toContain('ESET Inspect / XDR subscription');
	});

	test('with Continue On Fail, a failing item gets its error and the others go on', async () => {
		t.api.script((r) => r.rawPath.endsWith('000000000002:close'), {
			status: 404,
			body: { message: 'incident not found' },
		});
		const result = await close(
			{ incidentUuid: '={{ $json.uuid }}' },
			{
				continueOnFail: true,
				items: [
					{ uuid: '00000000-0000-4000-8000-000000000001' },
					{ uuid: '00000000-0000-4000-8000-000000000002' },
					{ uuid: '..' },
					{ uuid: '00000000-0000-4000-8000-000000000003' },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.json[0]).toEqual(actedOn('close', { incidentUuid: expect.any(String) }));
		expect(result.items[1].error?.message).toBe(
			'ESET Connect answered 404: the requested resource was not found',
		);
		expect(result.items[2].error?.message).toBe('Incident is ".."');
		expect(result.json[3]).toEqual(actedOn('close', { incidentUuid: expect.any(String) }));
		expect(closeCalls()).toHaveLength(3);
		expectNoSecrets(t.api, result.run);
	});
});
