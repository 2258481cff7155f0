import { AEGISTER_TOKEN } from './support/api-double';
import { expectNoSecrets, useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

function update(parameters: Record<string, unknown>, extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {}) {
	return t.engine.run({
		node: 'aegisterIncident',
		parameters: { resource: 'incident', operation: 'update', organizationId: 1, incidentId: 101, ...parameters },
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
			expect.objectContaining({ id: 101, title: 'Ransomware on file server FS01', status: 'submitted', full_report: { root_cause: 'phishing', mitigation: ['MFA'] } }),
		]);
		expectNoSecrets(t.api, result.run);
	});

	test.each(['draft', 'submitted', 'closed'])('sends status %s as is', async (status) => {
		await update({ updateFields: { status } });
		expect(patches()[0].body).toEqual({ status });
	});

	test('offers exactly the statuses of the spec', () => {
		const updateFields = t.engine.nodeType('aegisterIncident').description.properties.find((p) => p.name === 'updateFields')!;
		const status = (updateFields.options as Array<{ name: string; options?: Array<{ value: string }> }>).find((o) => o.name === 'status')!;
		expect(status.options!.map((o) => o.value)).toEqual(['draft', 'submitted', 'closed']);
	});

	test('sends only the fields the user set: blanks and empty JSON objects stay out', async () => {
		await update({ updateFields: { title: 'New title', reference_code: '', classification: '{}', metadata: '  ', full_report: '' } });
		expect(patches()[0].body).toEqual({ title: 'New title' });
	});

	test('passes JSON objects through untouched, inner blanks included', async () => {
		await update({ updateFields: { metadata: '{"note": "", "nested": {}, "list": []}' } });
		expect(patches()[0].body).toEqual({ metadata: { note: '', nested: {}, list: [] } });
	});

	test('takes objects from expressions as they are', async () => {
		await update({ updateFields: { '24h_notification': '={{ $json.warning }}' } }, { items: [{ warning: { suspected_malicious: true } }] });
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
		['24h_notification', '{"suspected": tru', '24h Notification (Early Warning) is not valid JSON'],
		['72h_notification', '[1, 2]', '72h Notification must be a JSON object'],
		['full_report', '"text"', 'Final Report must be a JSON object'],
		['classification', 'null', 'Classification must be a JSON object'],
		['metadata', '42', 'Metadata must be a JSON object'],
	])('%s that is not a JSON object (%s) is an error naming the field, and sends nothing', async (field, value, message) => {
		const result = await update({ updateFields: { title: 'ok', [field]: value } });
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});

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
		const result = await update({ [parameter]: '={{ $json.value }}', updateFields: { title: 'x' } }, { items: [{ value }] });
		const name = parameter === 'organizationId' ? 'Organization ID' : 'Incident ID';
		expect(result.error.message).toBe(`${name} must be a positive whole number`);
		expect(t.api.requests).toEqual([]);
	});
});

describe('Aegister envelope and errors', () => {
	test('error: 1 with HTTP 200 is a node error showing the messages', async () => {
		t.api.script((r) => r.method === 'PATCH', { status: 200, body: { error: 1, messages: ['Incident is locked: already submitted to ACN.'], data: null } });
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe('Aegister reported an error — Incident is locked: already submitted to ACN.');
		expect(result.error.description).toContain('HTTP status 200, but the response says error 1.');
	});

	test('HTTP 400 with data.errors lists each failing field', async () => {
		const result = await update({ updateFields: { status: '={{ "archived" }}' } });
		expect(result.error.message).toBe('Aegister answered 400: the request failed validation — Validation failed.');
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
		t.api.script((r) => r.method === 'PATCH', { status, body: { error: 1, messages: [`message ${status}`], data: null } });
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toContain(`Aegister answered ${status}: ${meaning}`);
		expect(result.error.message).toContain(`message ${status}`);
		expect(result.error.httpCode).toBe(String(status));
		expectNoSecrets(t.api, result.error, result.run);
	});

	test('a response that is not an envelope (an HTML error page from a proxy) is an error', async () => {
		t.api.script((r) => r.method === 'PATCH', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>Bad gateway</html>' });
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe('Aegister answered 502: bad gateway; try again later');
	});

	test('a wrong token: 401 with a clear message and the token nowhere in the error', async () => {
		t.engine.setCredentials({ aegisterApi: { ...t.api.credentials().aegisterApi, apiToken: 'not-the-token-987' } });
		const result = await update({ updateFields: { title: 'x' } });
		expect(result.error.message).toBe('Aegister answered 401: the API token is invalid or was revoked — Invalid token.');
		expect(JSON.stringify(result.run) + String(result.error.description)).not.toContain('not-the-token-987');
	});

	test('with Continue On Fail, a failing item gets its error and the others go on', async () => {
		t.api.script((r) => r.method === 'PATCH' && r.body.title === 'second', { status: 200, body: { error: 1, messages: ['Locked.'] } });
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
