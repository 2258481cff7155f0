import { AEGISTER_TOKEN } from './support/api-double';
import { expectNoSecrets, useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

function update(
	parameters: Record<string, unknown>,
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	return t.engine.run({
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization: byId(1),
			incidentId: 101,
			...parameters,
		},
		...extra,
	});
}

const patches = () => t.api.requestsTo('aegister');

describe('Aegister Incident → Update', () => {
	test('sends every field, JSON objects as objects, with the token in the X-Aegister-Token header only', async () => {
		const result = await update({
			updateFields: {
				title: 'Ransomware on file server FS01',
				reference_code: 'CSIRT-2026-042',
				classification: '{"category": "ransomware", "severity": "high"}',
				metadata: '{"source": "n8n"}',
				status: 'submitted',
				subject_type: 'essential',
				'24h_notification': '{"suspected_malicious": true, "cross_border": false}',
				'72h_notification': '{"initial_assessment": "contained", "iocs": ["203.0.113.7"]}',
				full_report: '{"root_cause": "phishing", "mitigation": ["MFA"]}',
			},
		});

		expect(result.error).toBeUndefined();
		const [call] = patches();
		expect(call.method).toBe('PATCH');
		expect(call.rawPath).toBe('/aegister/api/v1/V-Ciso/incidents/1/101');
		expect(call.query).toEqual({});
		expect(call.headers['x-aegister-token']).toBe(AEGISTER_TOKEN);
		expect(call.headers['content-type']).toBe('application/json');
		expect(call.body).toEqual({
			title: 'Ransomware on file server FS01',
			reference_code: 'CSIRT-2026-042',
			classification: { category: 'ransomware', severity: 'high' },
			metadata: { source: 'n8n' },
			status: 'submitted',
			subject_type: 'essential',
			'24h_notification': { suspected_malicious: true, cross_border: false },
			'72h_notification': { initial_assessment: 'contained', iocs: ['203.0.113.7'] },
			full_report: { root_cause: 'phishing', mitigation: ['MFA'] },
		});
		// The node outputs `data` of the envelope: the updated incident.
		expect(result.json).toEqual([
			expect.objectContaining({
				id: 101,
				title: 'Ransomware on file server FS01',
				status: 'submitted',
				full_report: { root_cause: 'phishing', mitigation: ['MFA'] },
			}),
		]);
		expectNoSecrets(t.api, result.run);
	});

	test.each(['draft', 'submitted', 'closed'])('sends status %s as is', async (status) => {
		await update({ updateFields: { status } });
		expect(patches()[0].body).toEqual({ status });
	});

	test('offers exactly the statuses of the spec', () => {
		const updateFields = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find((p) => p.name === 'updateFields')!;
		const status = (
			updateFields.options as Array<{ name: string; options?: Array<{ value: string }> }>
		).find((o) => o.name === 'status')!;
		expect(status.options!.map((o) => o.value)).toEqual(['draft', 'submitted', 'closed']);
	});

	test('sends only the fields the user set: blanks and empty JSON objects stay out', async () => {
		await update({
			updateFields: {
				title: 'New title',
				reference_code: '',
				classification: '{}',
				metadata: '  ',
				full_report: '',
			},
		});
		expect(patches()[0].body).toEqual({ title: 'New title' });
	});

	test('Fields to Clear sends text fields as "" and object fields as {}, on purpose only', async () => {
		await update({
			updateFields: { status: 'draft' },
			fieldsToClear: ['reference_code', 'metadata', '72h_notification'],
		});
		expect(patches()[0].body).toEqual({
			status: 'draft',
			reference_code: '',
			metadata: {},
			'72h_notification': {},
		});
	});

	test('setting and clearing the same field is an error, nothing sent', async () => {
		const result = await update({ updateFields: { title: 'x' }, fieldsToClear: ['title'] });
		expect(result.error.message).toBe(
			'Title is both set under Update Fields and chosen under Fields to Clear',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('Update Fields follow the NIS2 process, not the alphabet', () => {
		const updateFields = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find((p) => p.name === 'updateFields')!;
		expect((updateFields.options as Array<{ name: string }>).map((o) => o.name)).toEqual([
			'title',
			'status',
			'reference_code',
			'subject_type',
			'classification',
			'metadata',
			'24h_notification',
			'72h_notification',
			'full_report',
		]);
	});

	test('Incident ID is a text field without a default that could become a real id', () => {
		const incidentId = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find((p) => p.name === 'incidentId')!;
		expect([incidentId.type, incidentId.default]).toEqual(['string', '']);
	});

	test('passes JSON objects through untouched, inner blanks included', async () => {
		await update({ updateFields: { metadata: '{"note": "", "nested": {}, "list": []}' } });
		expect(patches()[0].body).toEqual({ metadata: { note: '', nested: {}, list: [] } });
	});

	test('takes objects from expressions as they are', async () => {
		await update(
			{ updateFields: { '24h_notification': '={{ $json.warning }}' } },
			{ items: [{ warning: { suspected_malicious: true } }] },
		);
		expect(patches()[0].body).toEqual({ '24h_notification': { suspected_malicious: true } });
	});

	test('an update with no field set is an error and sends nothing', async () => {
		const result = await update({ updateFields: {} });
		expect(result.error.message).toBe('Nothing to update: set at least one field');
		expect(t.api.requests).toEqual([]);
	});

	test('an update whose fields are all blank is an error and sends nothing', async () => {
		const result = await update({ updateFields: { title: '', classification: '{}' } });
		expect(result.error.message).toBe('Nothing to update: set at least one field');
		expect(t.api.requests).toEqual([]);
	});

	test.each([
		[
			'24h_notification',
			'{"suspected": tru',
			'Update Fields → 24-Hour Early Warning is not valid JSON: Unexpected end of JSON input',
		],
		['72h_notification', '[1, 2]', 'Update Fields → 72-Hour Notification must be a JSON object'],
		['full_report', '"text"', 'Update Fields → Final Report must be a JSON object'],
		['classification', 'null', 'Update Fields → Classification must be a JSON object'],
		['metadata', '42', 'Update Fields → Metadata must be a JSON object'],
	])(
		'%s that is not a JSON object (%s) is an error naming the field, and sends nothing',
		async (field, value, message) => {
			const result = await update({ updateFields: { title: 'ok', [field]: value } });
			expect(result.error.message).toBe(message);
			expect(t.api.requests).toEqual([]);
		},
	);

	test.each([
		['organizationId', 0],
		['organizationId', -3],
		['organizationId', 1.5],
		['organizationId', 'abc'],
		['organizationId', '1/../2'],
		['incidentId', ''],
		['incidentId', '7 OR 1=1'],
		['incidentId', 1e21],
	])('%s %j is rejected: positive whole numbers only, nothing sent', async (parameter, value) => {
		const fromItem =
			parameter === 'organizationId'
				? { organization: byId('={{ $json.value }}') }
				: { incidentId: '={{ $json.value }}' };
		const result = await update(
			{ ...fromItem, updateFields: { title: 'x' } },
			{ items: [{ value }] },
		);
		const name = parameter === 'organizationId' ? 'Organization ID' : 'Incident ID';
		expect(result.error.message).toBe(`${name} must be a positive whole number`);
		expect(t.api.requests).toEqual([]);
	});
});

describe('Aegister envelope and errors', () => {
	test('error: 1 with HTTP 200 is a node error showing the messages', async () => {
		t.api.script((r) => r.method === 'PATCH', {
			status: 200,
			body: { error: 1, messages: ['Incident is locked: already submitted to ACN.'], data: null },
		});
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe(
			'Aegister reported an error — Incident is locked: already submitted to ACN.',
		);
		expect(result.error.description).toContain('HTTP status 200, but the response says error 1.');
	});

	test('a status the contract does not know is an error before any request', async () => {
		const result = await update({ updateFields: { status: '={{ "archived" }}' } });
		expect(result.error.message).toBe(
			'Update Fields → Status must be one of "draft", "submitted", "closed"; got "archived"',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('HTTP 400 with data.errors lists each failing field', async () => {
		t.api.script((r) => r.method === 'PATCH', {
			status: 400,
			body: {
				error: 1,
				messages: ['Validation failed.'],
				data: { errors: { status: ['"archived" is not a valid choice.'] } },
			},
		});
		const result = await update({ updateFields: { status: 'closed' } });
		expect(result.error.message).toBe(
			'Aegister answered 400: the request failed validation — Validation failed.',
		);
		expect(result.error.description).toContain('status: ["\\"archived\\" is not a valid choice."]');
		expect(result.error.httpCode).toBe('400');
	});

	test.each([
		[401, 'the API token is invalid or was revoked'],
		[403, "the token's user lacks the role for this"],
		[404, 'the organization or incident was not found'],
		[429, 'too many requests; try again later'],
		[500, 'internal server failure; try again later'],
		[502, 'bad gateway; try again later'],
		[503, 'service unavailable; try again later'],
		[504, 'gateway timeout; try again later'],
	])('HTTP %i names the status and what it means', async (status, meaning) => {
		t.api.script((r) => r.method === 'PATCH', {
			status,
			body: { error: 1, messages: [`message ${status}`], data: null },
		});
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toContain(`Aegister answered ${status}: ${meaning}`);
		expect(result.error.message).toContain(`message ${status}`);
		expect(result.error.httpCode).toBe(String(status));
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('a response that is not an envelope (an HTML error page from a proxy) is an error', async () => {
		t.api.script((r) => r.method === 'PATCH', {
			status: 502,
			headers: { 'content-type': 'text/html' },
			body: '<html>Bad gateway</html>',
		});
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe('Aegister answered 502: bad gateway; try again later');
		expect(result.error.description).toContain(
			"The answer was an HTML page (HTTP 502, text/html), not Aegister's envelope.",
		);
	});

	test('a 200 that is not an envelope (a login portal) is an error, not an updated incident', async () => {
		t.api.script((r) => r.method === 'PATCH', {
			status: 200,
			headers: { 'content-type': 'text/html' },
			body: '<!DOCTYPE html><title>Sign in</title>',
		});
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe(
			'Aegister answered 200 with an HTML page (HTTP 200, text/html), not an Aegister answer — a proxy or login page?',
		);
		expect(result.json).toEqual([]);
	});

	test('a wrong token: 401 with a clear message and the token nowhere in the error', async () => {
		t.engine.setCredentials({
			aegisterApi: { ...t.api.credentials().aegisterApi, apiToken: 'not-the-token-987' },
		});
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe(
			'Aegister answered 401: the API token is invalid or was revoked — Invalid token.',
		);
		expect(JSON.stringify(result.run) + String(result.error.description)).not.toContain(
			'not-the-token-987',
		);
	});

	test('with Continue On Fail, a failing item gets its error and the others go on', async () => {
		t.api.script((r) => r.method === 'PATCH' && r.body.title === 'second', {
			status: 200,
			body: { error: 1, messages: ['Locked.'] },
		});
		const result = await update(
			{ incidentId: '={{ $json.id }}', updateFields: { title: '={{ $json.title }}' } },
			{
				continueOnFail: true,
				items: [
					{ id: 101, title: 'first' },
					{ id: 101, title: 'second' },
					{ id: 'x', title: 'third' },
					{ id: 101, title: 'fourth' },
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(expect.objectContaining({ title: 'first' }));
		expect(result.items[1].error?.message).toBe('Aegister reported an error — Locked.');
		expect(result.items[2].error?.message).toBe('Incident ID must be a positive whole number');
		expect(result.json[3]).toEqual(expect.objectContaining({ title: 'fourth' }));
		expect(patches()).toHaveLength(3);
	});
});

describe('Aegister organization (resource locator)', () => {
	test('"From list" sends the picked organization', async () => {
		await update({
			organization: {
				__rl: true,
				mode: 'list',
				value: '1',
				cachedResultName: 'ACME Energia S.p.A.',
			},
			updateFields: { title: 'x' },
		});
		expect(patches()[0].rawPath).toBe('/aegister/api/v1/V-Ciso/incidents/1/101');
	});

	test('"By ID" accepts only positive whole numbers (editor validation too)', () => {
		const organization = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find((p) => p.name === 'organization')!;
		expect(organization.type).toBe('resourceLocator');
		const modes = organization.modes!;
		expect(modes.map((m) => m.name)).toEqual(['list', 'id']);
		expect(modes[0].typeOptions).toEqual({
			searchListMethod: 'searchOrganizations',
			searchable: true,
		});
		const [rule] = modes[1].validation as unknown as Array<{ properties: { regex: string } }>;
		const regex = new RegExp(rule.properties.regex);
		expect(['1', '42', '1000'].every((v) => regex.test(v))).toBe(true);
		expect(['0', '-1', '1.5', 'abc', '01', ''].some((v) => regex.test(v))).toBe(false);
	});

	test('every Aegister operation that works in an organization uses the same picker', () => {
		const pickers = t.engine
			.nodeType('aegisterIncident')
			.description.properties.filter((p) => p.name === 'organization');
		expect(pickers.map((p) => p.displayOptions?.show)).toEqual([
			{ resource: ['incident'], operation: ['update'] },
			{ resource: ['threatIntel'], operation: ['enrich'] },
		]);
	});
});

describe('NIS2 deadlines from the incident awareness time', () => {
	test('the output gains the 24 h, 72 h and one-month deadlines, in UTC', async () => {
		const result = await update({
			updateFields: { status: 'submitted' },
			options: { awarenessTime: '2026-01-28T22:30:00+01:00' },
		});
		expect(result.json[0].nis2Deadlines).toEqual({
			awarenessTime: '2026-01-28T21:30:00Z',
			earlyWarningDue: '2026-01-29T21:30:00Z',
			incidentNotificationDue: '2026-01-31T21:30:00Z',
			// one calendar month after the 72 h notification; February has no 31st
			finalReportDue: '2026-02-28T21:30:00Z',
		});
		expect(result.json[0].status).toBe('submitted');
		expect(patches()[0].body).toEqual({ status: 'submitted' });
	});

	test('an awareness time in the years 0000–0099 keeps its year, and its calendar (the year 0 is a leap year, 1900 is not)', async () => {
		const result = await update({
			updateFields: { status: 'submitted' },
			options: { awarenessTime: '0000-01-28T08:00:00Z' },
		});
		expect(result.json[0].nis2Deadlines).toEqual({
			awarenessTime: '0000-01-28T08:00:00Z',
			earlyWarningDue: '0000-01-29T08:00:00Z',
			incidentNotificationDue: '0000-01-31T08:00:00Z',
			finalReportDue: '0000-02-29T08:00:00Z',
		});
	});

	test("a time without a zone is read in the workflow's time zone", async () => {
		const run = (timezone: string) =>
			t.engine.run({
				node: 'aegisterIncident',
				parameters: {
					resource: 'incident',
					operation: 'update',
					organization: byId(1),
					incidentId: '101',
					updateFields: { title: 'x' },
					options: { awarenessTime: '2026-03-10T08:00:00' },
				},
				timezone,
			});
		expect((await run('UTC')).json[0].nis2Deadlines).toEqual({
			awarenessTime: '2026-03-10T08:00:00Z',
			earlyWarningDue: '2026-03-11T08:00:00Z',
			incidentNotificationDue: '2026-03-13T08:00:00Z',
			finalReportDue: '2026-04-13T08:00:00Z',
		});
		expect((await run('Europe/Rome')).json[0].nis2Deadlines.awarenessTime).toBe(
			'2026-03-10T07:00:00Z',
		);
	});

	test('without an awareness time, no deadlines', async () => {
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.json[0]).not.toHaveProperty('nis2Deadlines');
	});

	test('an awareness time that is not a date is an error before the update is sent', async () => {
		const result = await update({
			updateFields: { title: 'x' },
			options: { awarenessTime: '={{ "soon" }}' },
		});
		expect(result.error.message).toBe(
			'Options → Incident Awareness Time: "soon" is not an ISO 8601 date and time (for example 2026-11-20T08:15:00Z, or 2026-11-20)',
		);
		expect(t.api.requests).toEqual([]);
	});
});
