import { expectNoSecrets, useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

function seedOrganizations(count: number) {
	t.api.aegister.organizations = Array.from({ length: count }, (_, i) => ({
		id: i + 1,
		name: i % 10 === 0 ? `Energia ${i + 1}` : `Organization ${i + 1}`,
		description: `Org ${i + 1}`,
	}));
}

const search = (filter?: string, token?: string) =>
	t.engine.listSearch(
		'aegisterIncident',
		'searchOrganizations',
		{ resource: 'incident', operation: 'update' },
		filter,
		token,
	);

describe('Aegister organization picker (resource locator, "From list")', () => {
	test('pages with limit/offset, handing n8n the next offset until total is reached', async () => {
		seedOrganizations(120);
		const pages = [];
		let token: string | undefined;
		do {
			const page = await search(undefined, token);
			pages.push(page.results);
			token = page.paginationToken as string | undefined;
		} while (token);

		expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
		expect(pages.flat().map((o) => o.value)).toEqual(
			Array.from({ length: 120 }, (_, i) => String(i + 1)),
		);
		expect(pages[0][0]).toEqual({ name: 'Energia 1', value: '1', description: 'Org 1' });
		expect(t.api.requestsTo('aegister').map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', '/aegister/api/v1/organizations', { limit: '50', offset: '0' }],
			['GET', '/aegister/api/v1/organizations', { limit: '50', offset: '50' }],
			['GET', '/aegister/api/v1/organizations', { limit: '50', offset: '100' }],
		]);
	});

	test('searches by name with the name filter', async () => {
		seedOrganizations(120);
		const page = await search('energia');
		expect(page.results.map((o) => o.name)).toEqual(
			Array.from({ length: 12 }, (_, i) => `Energia ${i * 10 + 1}`),
		);
		expect(page.paginationToken).toBeUndefined();
		expect(t.api.requestsTo('aegister')[0].query).toEqual({
			limit: '50',
			offset: '0',
			name: 'energia',
		});
	});

	test("goes through the envelope check: error 1 shows Aegister's message", async () => {
		t.api.script(() => true, { status: 200, body: { error: 1, messages: ['Licence expired.'] } });
		await expect(search()).rejects.toThrow('Aegister reported an error — Licence expired.');
	});

	test('a wrong token: the 401 explained, the token nowhere', async () => {
		t.engine.setCredentials({
			aegisterApi: { ...t.api.credentials().aegisterApi, apiToken: 'bad-token-555' },
		});
		const error = await search().catch((e: unknown) => e);
		expect((error as Error).message).toBe(
			'Aegister answered 401: the API token is invalid or was revoked — Invalid token.',
		);
		expect(JSON.stringify(error)).not.toContain('bad-token-555');
	});
});

describe('Aegister Incident → Organization → Get Many', () => {
	const getAll = (parameters: Record<string, unknown>) =>
		t.engine.run({
			node: 'aegisterIncident',
			parameters: { resource: 'organization', operation: 'getAll', ...parameters },
		});

	test('Return All follows offset until total', async () => {
		seedOrganizations(120);
		const result = await getAll({ returnAll: true });
		expect(result.json).toHaveLength(120);
		expect(result.json[119]).toEqual({ id: 120, name: 'Organization 120', description: 'Org 120' });
		expect(t.api.requestsTo('aegister').map((r) => r.query)).toEqual([
			{ limit: '50', offset: '0' },
			{ limit: '50', offset: '50' },
			{ limit: '50', offset: '100' },
		]);
	});

	test('Limit asks for no more than needed', async () => {
		seedOrganizations(120);
		const result = await getAll({ returnAll: false, limit: 60 });
		expect(result.json).toHaveLength(60);
		expect(t.api.requestsTo('aegister').map((r) => r.query)).toEqual([
			{ limit: '50', offset: '0' },
			{ limit: '10', offset: '50' },
		]);
	});

	test('sends every filter of the endpoint', async () => {
		seedOrganizations(5);
		await getAll({
			returnAll: true,
			filters: { name: 'Org', editable: true, owned: true, order: 'name' },
		});
		expect(t.api.requestsTo('aegister')[0].query).toEqual({
			limit: '50',
			offset: '0',
			name: 'Org',
			editable: 'true',
			owned: 'true',
			order: 'name',
		});
	});

	test('Editable Only and Owned Only switched off mean no filter, an empty Name Contains too', async () => {
		await getAll({ returnAll: true, filters: { name: '', editable: false, owned: false } });
		expect(t.api.requestsTo('aegister')[0].query).toEqual({ limit: '50', offset: '0' });
	});

	test('Order offers the documented orders; another value from an expression is an error before any request', async () => {
		const filters = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find(
				(p) => p.name === 'filters' && p.displayOptions?.show?.resource?.includes('organization'),
			)!;
		const order = (
			filters.options as Array<{ name: string; type: string; options?: Array<{ value: string }> }>
		).find((o) => o.name === 'order')!;
		expect(order.type).toBe('options');
		expect(order.options!.map((o) => o.value)).toEqual(['-id', 'id', 'name', '-name']);
		const result = await getAll({ returnAll: true, filters: { order: '={{ "colour" }}' } });
		expect(result.error.message).toBe(
			'Filters → Order must be one of "-id", "id", "name", "-name"; got "colour"',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('an empty list is no items, no error', async () => {
		seedOrganizations(0);
		const result = await getAll({ returnAll: true });
		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([]);
		expect(t.api.requestsTo('aegister')).toHaveLength(1);
	});

	test('HTTP 200 with error 1 is a node error', async () => {
		t.api.script(() => true, {
			status: 200,
			body: { error: 1, messages: ['No access.'], data: [] },
		});
		const result = await getAll({ returnAll: true });
		expect(result.error.message).toBe('Aegister reported an error — No access.');
		expectNoSecrets(t.api, result.run);
	});

	test('HTTP 400 with data.errors lists them', async () => {
		t.api.script(() => true, {
			status: 400,
			body: {
				error: 1,
				messages: ['Validation failed.'],
				data: { errors: { order: ['Unknown field "colour".'] } },
			},
		});
		const result = await getAll({ returnAll: true, filters: { order: 'name' } });
		expect(result.error.message).toBe(
			'Aegister answered 400: the request failed validation — Validation failed.',
		);
		expect(result.error.description).toBe('order: ["Unknown field \\"colour\\"."].');
	});
});
