import { useDoubleAndEngine, actedOn, deletedOutput } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT = '00000000-0000-4000-8000-000000000001';

function comment(
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: { items?: Array<Record<string, unknown>> } = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'comment', operation, commentIncidentUuid: INCIDENT, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('incidents');

async function seedComments(...texts: string[]) {
	for (const text of texts) await comment('create', { text });
	const created = t.api.eset.comments.get(INCIDENT)!;
	t.api.reset({ newApiUser: true });
	t.api.eset.comments.set(INCIDENT, created);
	t.engine.setCredentials(t.api.credentials());
	return created;
}

describe('ESET Incident → Comment', () => {
	test('Create wraps the comment and names its incident: {"comment": {"incidentUuid", "text"}}', async () => {
		const result = await comment('create', {
			text: 'Isolated the host',
			additionalFields: { uuid: 'c-42' },
		});
		const [call] = calls();
		expect([call.method, call.rawPath]).toEqual([
			'POST',
			`/eset/v2/incidents/${INCIDENT}/comments`,
		]);
		expect(call.body).toEqual({
			comment: { incidentUuid: INCIDENT, text: 'Isolated the host', uuid: 'c-42' },
		});
		expect(result.json).toEqual([
			expect.objectContaining({
				incidentUuid: INCIDENT,
				text: 'Isolated the host',
				uuid: expect.any(String),
			}),
		]);
	});

	test('Create with a blank text is an error, nothing sent', async () => {
		const result = await comment('create', { text: '={{ "  " }}' });
		expect(result.error.message).toBe('Text is empty');
		expect(t.api.requests).toEqual([]);
	});

	test('Get outputs the comment', async () => {
		const [first] = await seedComments('one');
		const result = await comment('get', { commentUuid: first.uuid });
		expect(calls().map((c) => [c.method, c.rawPath])).toEqual([
			['GET', `/eset/v2/incidents/${INCIDENT}/comments/${first.uuid}`],
		]);
		expect(result.json).toEqual([expect.objectContaining({ uuid: first.uuid, text: 'one' })]);
	});

	test('Get Many: one item per comment; Limit keeps the first ones', async () => {
		await seedComments('one', 'two', 'three');
		const all = await comment('getAll', { returnAll: true });
		expect(all.json.map((c) => c.text)).toEqual(['one', 'two', 'three']);
		const limited = await comment('getAll', { returnAll: false, limit: 2 });
		expect(limited.json.map((c) => c.text)).toEqual(['one', 'two']);
		expect(calls().map((c) => [c.method, c.rawPath, c.query])).toEqual([
			['GET', `/eset/v2/incidents/${INCIDENT}/comments`, {}],
			['GET', `/eset/v2/incidents/${INCIDENT}/comments`, {}],
		]);
	});

	test('Update replaces the text through .../text:update', async () => {
		const [first] = await seedComments('typo');
		const result = await comment('update', { commentUuid: first.uuid, newText: 'fixed' });
		const [call] = calls();
		expect([call.method, call.rawPath, call.body]).toEqual([
			'POST',
			`/eset/v2/incidents/${INCIDENT}/comments/${first.uuid}/text:update`,
			{ text: 'fixed' },
		]);
		expect(result.json).toEqual([
			actedOn('updateText', { incidentUuid: INCIDENT, commentUuid: first.uuid }),
		]);
		expect(t.api.eset.comments.get(INCIDENT)![0].text).toBe('fixed');
	});

	test('Delete', async () => {
		const [first] = await seedComments('obsolete');
		const result = await comment('delete', { commentUuid: first.uuid });
		expect(calls().map((c) => [c.method, c.rawPath, c.rawBody])).toEqual([
			['DELETE', `/eset/v2/incidents/${INCIDENT}/comments/${first.uuid}`, ''],
		]);
		expect(result.json).toEqual([
			deletedOutput({ incidentUuid: INCIDENT, commentUuid: first.uuid }),
		]);
		expect(t.api.eset.comments.get(INCIDENT)).toEqual([]);
	});

	test('both ids are URL-encoded; dot segments are rejected', async () => {
		t.api.script((r) => r.path.startsWith('/eset/v2/'), { status: 200, body: { comment: {} } });
		await comment('get', { commentIncidentUuid: 'a/b', commentUuid: 'c?d#e f' });
		expect(calls()[0].rawPath).toBe('/eset/v2/incidents/a%2Fb/comments/c%3Fd%23e%20f');

		const result = await comment('delete', { commentUuid: '={{ ".." }}' });
		expect(result.error.message).toBe('Comment is ".."');
		expect(calls()).toHaveLength(1);
	});
});
