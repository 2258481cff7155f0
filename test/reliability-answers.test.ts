/**
 * Trustworthy off the happy path, 2: a 200 that is not the vendor's answer is an error. An HTML
 * page, an empty body, JSON of another shape is never output as a result (no `{"success": true}`,
 * no `{}`): the error says what arrived, with the status and the content type.
 */
import { behaviours } from './support/hostile-server';
import { useDoubleAndEngine, useHostileServer } from './support/setup';

const t = useDoubleAndEngine();
const vendor = useHostileServer('vendor');

beforeEach(() => {
	const { esetConnectApi, aegisterApi } = t.api.credentials();
	t.engine.setCredentials({
		esetConnectApi: { ...esetConnectApi, incidentManagementUrl: `${vendor.url}/eset` },
		aegisterApi: { ...aegisterApi, baseUrl: `${vendor.url}/aegister` },
	});
});

jest.setTimeout(20_000);

const INCIDENT = '00000000-0000-4000-8000-000000000001';
const LOGIN_PAGE =
	'<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>…</form></body></html>';

type Extra = { continueOnFail?: boolean };
const organization = { __rl: true, mode: 'id', value: '1' };
const OPERATIONS = {
	esetGet: {
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'get', incidentUuid: INCIDENT },
	},
	esetClose: {
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'close',
			incidentUuid: INCIDENT,
			finalComment: 'done',
		},
	},
	esetReopen: {
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'reopen', incidentUuid: INCIDENT },
	},
	esetUpdate: {
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			incidentUuid: INCIDENT,
			updateFields: { displayName: 'x' },
		},
	},
	esetGetMany: {
		node: 'esetIncident',
		parameters: { resource: 'incident', operation: 'getAll', returnAll: true },
	},
	esetComments: {
		node: 'esetIncident',
		parameters: {
			resource: 'comment',
			operation: 'getAll',
			commentIncidentUuid: INCIDENT,
			returnAll: true,
		},
	},
	aegisterUpdate: {
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization,
			incidentId: '101',
			updateFields: { title: 'x' },
		},
	},
	aegisterEnrich: {
		node: 'aegisterIncident',
		parameters: {
			resource: 'threatIntel',
			operation: 'enrich',
			organization,
			indicators: { indicator: [{ type: 'ip', value: '203.0.113.7' }] },
		},
	},
	aegisterOrganizations: {
		node: 'aegisterIncident',
		parameters: { resource: 'organization', operation: 'getAll', returnAll: true },
	},
};
type Operation = keyof typeof OPERATIONS;
const run = (operation: Operation, extra: Extra = {}) =>
	t.engine.run({ ...OPERATIONS[operation], ...extra });

/** Nothing looks like a result: no output item, and with Continue On Fail only the error. */
async function expectNoResult(operation: Operation) {
	const result = await run(operation);
	expect(result.error).toBeDefined();
	expect(result.json).toEqual([]);
	const tolerant = await run(operation, { continueOnFail: true });
	expect(tolerant.json).toEqual([{ error: result.error.message }]);
	expect(JSON.stringify(tolerant.json)).not.toContain('success');
	return result.error as { message: string; description?: string; httpCode?: string };
}

describe('ESET: a 200 that is not ESET answer', () => {
	test.each([
		[
			'esetGet',
			LOGIN_PAGE,
			{ 'content-type': 'text/html; charset=utf-8' },
			'an HTML page (HTTP 200, text/html; charset=utf-8)',
		],
		[
			'esetClose',
			LOGIN_PAGE,
			{ 'content-type': 'text/html' },
			'an HTML page (HTTP 200, text/html)',
		],
		[
			'esetGetMany',
			LOGIN_PAGE,
			{ 'content-type': 'text/html' },
			'an HTML page (HTTP 200, text/html)',
		],
		// the content type lies: the body is what counts
		[
			'esetReopen',
			LOGIN_PAGE,
			{ 'content-type': 'application/json' },
			'an HTML page (HTTP 200, application/json)',
		],
		['esetClose', '', {}, 'an empty answer (HTTP 200, no content type)'],
		[
			'esetGet',
			'   \n',
			{ 'content-type': 'application/json' },
			'an empty answer (HTTP 200, application/json)',
		],
		[
			'esetClose',
			'OK',
			{ 'content-type': 'text/plain' },
			'text that is not JSON (HTTP 200, text/plain)',
		],
		[
			'esetUpdate',
			'<?xml version="1.0"?><error/>',
			{ 'content-type': 'application/xml' },
			'an XML or HTML document (HTTP 200, application/xml)',
		],
	] as Array<[Operation, string, Record<string, string>, string]>)(
		'%s answered %j (%j): an error saying so',
		async (operation, body, headers, what) => {
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.raw(200, body, headers));
			const error = await expectNoResult(operation);
			expect(error.message).toBe(
				`ESET Connect answered 200 with ${what}, not an ESET Connect answer — a proxy or login page?`,
			);
			expect(error.httpCode).toBe('200');
			expect(error.description).toContain('Nothing is output for this item');
		},
	);

	test.each([
		['esetGet', [{ uuid: INCIDENT }]],
		['esetClose', []],
		['esetGetMany', [{ incidents: [] }]],
	] as Array<[Operation, unknown]>)(
		'%s answered the JSON array %j: the error says a JSON array arrived, with status and content type',
		async (operation, body) => {
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.json(200, body));
			const error = await expectNoResult(operation);
			expect(error.message).toMatch(/^ESET Connect answered 200 with /);
			expect(error.message).toContain('HTTP 200, application/json');
			expect(error.message).toMatch(/JSON (array|list)/i);
			// It is JSON, only not an object: the message must not claim otherwise.
			expect(error.message).not.toMatch(/not JSON/);
		},
	);

	test.each([
		['esetGetMany', { incidents: 'x' }, 'its incidents is not a list of objects'],
		['esetGetMany', { incidents: [1, 2] }, 'its incidents is not a list of objects'],
		['esetGetMany', { incidents: {}, nextPageToken: '' }, 'its incidents is not a list of objects'],
		['esetComments', { comments: 'none' }, 'its comments is not a list of objects'],
		[
			'esetGetMany',
			{ status: 'ok', message: 'maintenance' },
			'the answer holds no incidents list and no nextPageToken, only "status", "message"',
		],
		['esetComments', { note: 'maintenance' }, 'the answer holds no comments list, only "note"'],
		[
			'esetGet',
			{ uuid: INCIDENT, displayName: 'not wrapped' },
			'the answer holds no incident object',
		],
		['esetGet', { incident: 'x' }, 'the answer holds no incident object'],
		['esetGet', {}, 'the answer holds no incident object'],
		['esetUpdate', {}, 'the answer holds no incident object'],
	] as Array<[Operation, unknown, string]>)(
		'%s answered %j: not the documented answer',
		async (operation, body, what) => {
			vendor.on(
				(r) => r.path.startsWith('/eset/v2/'),
				behaviours.json(200, body, { 'request-id': 'rid-shape' }),
			);
			const error = await expectNoResult(operation);
			expect(error.message).toBe(
				`ESET Connect answered 200, but ${what}: not the documented answer`,
			);
			expect(error.httpCode).toBe('200');
			expect(error.description).toContain('request-id: rid-shape');
		},
	);

	test('a nextPageToken that is not a string is not an ESET list answer', async () => {
		vendor.on(
			(r) => r.path.startsWith('/eset/v2/'),
			behaviours.json(200, { incidents: [], nextPageToken: 42 }),
		);
		const error = await expectNoResult('esetGetMany');
		expect(error.message).toBe(
			'ESET Connect answered a page whose nextPageToken is not a string: not an ESET Connect list answer',
		);
	});
});

describe('Aegister: a 200 that is not Aegister answer', () => {
	test.each([
		[
			'aegisterUpdate',
			LOGIN_PAGE,
			{ 'content-type': 'text/html' },
			'an HTML page (HTTP 200, text/html)',
		],
		[
			'aegisterOrganizations',
			LOGIN_PAGE,
			{ 'content-type': 'text/html; charset=UTF-8' },
			'an HTML page (HTTP 200, text/html; charset=UTF-8)',
		],
		['aegisterEnrich', '', {}, 'an empty answer (HTTP 200, no content type)'],
		[
			'aegisterUpdate',
			'OK',
			{ 'content-type': 'text/plain' },
			'text that is not JSON (HTTP 200, text/plain)',
		],
	] as Array<[Operation, string, Record<string, string>, string]>)(
		'%s answered %j (%j): an error saying so',
		async (operation, body, headers, what) => {
			vendor.always(behaviours.raw(200, body, headers));
			const error = await expectNoResult(operation);
			expect(error.message).toBe(
				`Aegister answered 200 with ${what}, not an Aegister answer — a proxy or login page?`,
			);
			expect(error.httpCode).toBe('200');
			expect(error.description).toContain(`Check the Base URL of the credential (${vendor.host})`);
		},
	);

	test.each([
		['aegisterUpdate', { id: 101, title: 'x' }],
		['aegisterUpdate', [{ id: 101 }]],
		['aegisterUpdate', { error: 'Token expired', messages: ['Token expired'] }],
		['aegisterUpdate', { error: null, data: {} }],
		['aegisterEnrich', { error: '0', data: [] }],
		['aegisterOrganizations', { success: true, organizations: [] }],
	] as Array<[Operation, unknown]>)(
		"%s answered %j: JSON without Aegister's envelope",
		async (operation, body) => {
			vendor.always(behaviours.json(200, body));
			const error = await expectNoResult(operation);
			expect(error.message).toBe(
				"Aegister answered 200 with JSON without Aegister's envelope (HTTP 200), not an Aegister answer — a proxy or login page?",
			);
			expect(`${error.message} ${error.description}`).not.toMatch(/undefined|null/);
		},
	);

	test.each([
		[
			200,
			{ error: 1 },
			'Aegister reported an error',
			'HTTP status 200, but the response says error 1.',
		],
		[
			200,
			{ error: 2, messages: [] },
			'Aegister reported an error',
			'HTTP status 200, but the response says error 2.',
		],
		[
			200,
			{ error: 1, messages: [{ code: 'locked' }] },
			'Aegister reported an error — {"code":"locked"}',
			'HTTP status 200, but the response says error 1.',
		],
		[
			401,
			{ error: 'Unauthorized' },
			'Aegister answered 401: the API token is invalid or was revoked',
			"The answer was JSON without Aegister's envelope (HTTP 401), not Aegister's envelope.",
		],
		[
			403,
			{ detail: 'Forbidden' },
			"Aegister answered 403: the token's user lacks the role",
			"The answer was JSON without Aegister's envelope (HTTP 403), not Aegister's envelope.",
		],
	])(
		'HTTP %i with %j: the error says what is known, never "error undefined"',
		async (status, body, message, description) => {
			vendor.always(behaviours.json(status, body));
			const error = await expectNoResult('aegisterUpdate');
			expect(error.message).toContain(message);
			expect(error.description).toContain(description);
			expect(`${error.message} ${error.description}`).not.toMatch(
				/error undefined|undefined|\[object Object\]/,
			);
		},
	);

	test.each([
		['aegisterUpdate', { error: 0, messages: [], data: null }, 'the object'],
		['aegisterUpdate', { error: 0, messages: [] }, 'the object'],
		['aegisterUpdate', { error: 0, data: [{ id: 101 }] }, 'the object'],
		['aegisterEnrich', { error: 0, data: { type: 'ip' } }, 'the list'],
		['aegisterEnrich', { error: 0, data: ['x'] }, 'the list'],
	] as Array<[Operation, unknown, string]>)(
		'%s answered the envelope %j: not the documented data',
		async (operation, body, what) => {
			vendor.always(behaviours.json(200, body));
			const error = await expectNoResult(operation);
			expect(error.message).toBe(
				`Aegister answered without ${what} in data: not the documented answer`,
			);
		},
	);

	test('Get Many organizations: data that is not a list of objects is an error, not an empty list', async () => {
		vendor.always(behaviours.json(200, { error: 0, messages: [], total: 3, data: 'x' }));
		const error = await expectNoResult('aegisterOrganizations');
		expect(error.message).toBe(
			'Aegister answered a page of organizations whose data is not a list of objects',
		);
	});
});

describe("the credential test (n8n's Test button) passes only on the vendor's answer", () => {
	const NOT_AN_ANSWER: Array<[string, string, Record<string, string>]> = [
		['a login page', LOGIN_PAGE, { 'content-type': 'text/html' }],
		['a login page sent as JSON', LOGIN_PAGE, { 'content-type': 'application/json' }],
		['an empty body', '', {}],
		['plain text', 'OK', { 'content-type': 'text/plain' }],
	];

	test.each(NOT_AN_ANSWER)(
		'ESET answers 200 with %s: not "Connection successful"',
		async (_what, body, headers) => {
			vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.raw(200, body, headers));
			const result = await t.engine.testCredential('esetConnectApi');
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringContaining('not an ESET Connect answer'),
			});
		},
	);

	test('an empty JSON array: the test fails inside n8n (it has no item to read), not "Connection successful"', async () => {
		vendor.always(behaviours.raw(200, '[]', { 'content-type': 'application/json' }));
		await expect(t.engine.testCredential('esetConnectApi')).rejects.toThrow(TypeError);
		await expect(t.engine.testCredential('aegisterApi')).rejects.toThrow(TypeError);
	});

	test.each([
		...NOT_AN_ANSWER,
		['JSON without the envelope', '{"data": []}', { 'content-type': 'application/json' }],
		['a JSON array of objects', '[{"id": 1}]', { 'content-type': 'application/json' }],
	] as Array<[string, string, Record<string, string>]>)(
		'Aegister answers 200 with %s: not "Connection successful"',
		async (_what, body, headers) => {
			vendor.always(behaviours.raw(200, body, headers));
			const result = await t.engine.testCredential('aegisterApi');
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringContaining('not an Aegister answer'),
			});
		},
	);

	test("the vendors' own answers still pass, an empty ESET list included", async () => {
		vendor.on((r) => r.path.startsWith('/eset/v2/'), behaviours.json(200, {}));
		expect((await t.engine.testCredential('esetConnectApi')).status).toBe('OK');
		vendor.always(behaviours.json(200, { error: 0, messages: [], total: 0, data: [] }));
		expect((await t.engine.testCredential('aegisterApi')).status).toBe('OK');
	});
});
