import { expectNoSecrets, useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const organization = {
	__rl: true,
	mode: 'list',
	value: '1',
	cachedResultName: 'ACME Energia S.p.A.',
};

function enrich(
	parameters: Record<string, unknown>,
	extra: { items?: Array<Record<string, unknown>>; continueOnFail?: boolean } = {},
) {
	return t.engine.run({
		node: 'aegisterIncident',
		parameters: { resource: 'threatIntel', operation: 'enrich', organization, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('aegister');

describe('Aegister Incident → Threat Intelligence → Enrich Indicators', () => {
	test('rows of type + value become {"indicators": [...]}; one output item per indicator with its threat_intel', async () => {
		const result = await enrich({
			indicators: {
				indicator: [
					{ type: 'ip', value: '203.0.113.7' },
					{ type: 'domain', value: ' evil.example ' },
					{ type: 'url', value: 'https://evil.example/login' },
					{ type: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' },
				],
			},
		});
		const [call] = calls();
		expect([call.method, call.rawPath]).toEqual([
			'POST',
			'/aegister/api/v1/V-Ciso/incidents/1/threat-intel',
		]);
		expect(call.body).toEqual({
			indicators: [
				{ type: 'ip', value: '203.0.113.7' },
				{ type: 'domain', value: 'evil.example' },
				{ type: 'url', value: 'https://evil.example/login' },
				{ type: 'hash', value: '44d88612fea8a8f36de82e1278abb02f' },
			],
		});
		expect(result.json).toHaveLength(4);
		expect(result.json[0]).toEqual({
			type: 'ip',
			value: '203.0.113.7',
			threat_intel: {
				crime_score: 87,
				country: 'NL',
				organization: 'Bulletproof Hosting BV',
				is_malicious: true,
				threat_types: ['c2', 'botnet'],
			},
		});
		expect(result.json.map((i) => [i.type, i.threat_intel.is_malicious])).toEqual([
			['ip', true],
			['domain', true],
			['url', false],
			['hash', true],
		]);
		expectNoSecrets(t.api, result.run);
	});

	test('takes the indicators from a JSON array, e.g. from a previous node', async () => {
		const result = await enrich(
			{ indicatorSource: 'json', indicatorsJson: '={{ $json.iocs }}' },
			{
				items: [
					{
						iocs: [
							{ type: 'ip', value: '198.51.100.1' },
							{ type: 'hash', value: 'abc' },
						],
					},
				],
			},
		);
		expect(calls()[0].body).toEqual({
			indicators: [
				{ type: 'ip', value: '198.51.100.1' },
				{ type: 'hash', value: 'abc' },
			],
		});
		expect(result.json.map((i) => i.value)).toEqual(['198.51.100.1', 'abc']);
	});

	test('takes the indicators from JSON text', async () => {
		await enrich({
			indicatorSource: 'json',
			indicatorsJson: '[{"type": "domain", "value": "example.org"}]',
		});
		expect(calls()[0].body).toEqual({ indicators: [{ type: 'domain', value: 'example.org' }] });
	});

	test.each([
		[
			[{ type: 'email', value: 'a@b.c' }],
			'Indicator 1 has the unknown type "email" (use ip, domain, url, hash)',
		],
		[
			[
				{ type: 'ip', value: '1.2.3.4' },
				{ type: 'ip', value: '  ' },
			],
			'Indicator 2 has an empty value',
		],
		[[{ type: 'ip' }], 'Indicator 1 has an empty value'],
		[[{ value: '1.2.3.4' }], 'Indicator 1 has the unknown type null (use ip, domain, url, hash)'],
		[['1.2.3.4'], 'Indicator 1 is not an object with a type and a value'],
		[
			[{ type: ['ip'], value: '1.2.3.4' }],
			'Indicator 1 has a type that is not text: got a list of 1',
		],
		[
			[{ type: { toString: 'ip' }, value: '1.2.3.4' }],
			'Indicator 1 has a type that is not text: got an object',
		],
		[
			[
				{ type: 'ip', value: '1.2.3.4' },
				{ type: 'ip', value: ['1.2.3.4'] },
			],
			'Indicator 2 has a value that is not text: got a list of 1',
		],
		[[{ type: 'hash', value: 1234 }], 'Indicator 1 has a value that is not text: got 1234'],
		[
			[{ type: 'ip', value: { toString: '1.2.3.4' } }],
			'Indicator 1 has a value that is not text: got an object',
		],
		[[], 'No indicators to enrich'],
		[{ type: 'ip', value: '1.2.3.4' }, 'Indicators (JSON) must be a JSON array'],
	])('%j is rejected before any request', async (iocs, message) => {
		const result = await enrich(
			{ indicatorSource: 'json', indicatorsJson: '={{ $json.iocs }}' },
			{ items: [{ iocs }] },
		);
		expect(result.error.message).toBe(message);
		expect(t.api.requests).toEqual([]);
	});

	test('JSON text that does not parse is rejected before any request', async () => {
		const result = await enrich({ indicatorSource: 'json', indicatorsJson: '[{"type": "ip",' });
		expect(result.error.message).toMatch(/^Indicators \(JSON\) is not valid JSON: /);
		expect(t.api.requests).toEqual([]);
	});

	test('a type given as a list in JSON text is rejected before any request', async () => {
		const result = await enrich({
			indicatorSource: 'json',
			indicatorsJson: '[{"type":["ip"],"value":"1.2.3.4"}]',
		});
		expect(result.error.message).toBe('Indicator 1 has a type that is not text: got a list of 1');
		expect(result.error.description).toBe(
			'Got {"type":["ip"],"value":"1.2.3.4"}. Each indicator needs a type (ip, domain, url, hash) and a non-empty value, both text.',
		);
		expect(t.api.requests).toEqual([]);
	});

	test('an empty row is rejected before any request', async () => {
		const result = await enrich({ indicators: { indicator: [{ type: 'url', value: '' }] } });
		expect(result.error.message).toBe('Indicator 1 has an empty value');
		expect(t.api.requests).toEqual([]);
	});

	test('offers exactly the four indicator types', () => {
		const indicators = t.engine
			.nodeType('aegisterIncident')
			.description.properties.find((p) => p.name === 'indicators')!;
		const type = (
			indicators.options as Array<{
				values: Array<{ name: string; options: Array<{ value: string }> }>;
			}>
		)[0].values.find((v) => v.name === 'type')!;
		expect(type.options.map((o) => o.value)).toEqual(['ip', 'domain', 'url', 'hash']);
	});

	test('HTTP 200 with error 1 is a node error', async () => {
		t.api.script(() => true, {
			status: 200,
			body: { error: 1, messages: ['Threat-intel quota exhausted.'] },
		});
		const result = await enrich({ indicators: { indicator: [{ type: 'ip', value: '1.2.3.4' }] } });
		expect(result.error.message).toBe('Aegister reported an error — Threat-intel quota exhausted.');
	});

	test('HTTP 400 with data.errors lists them', async () => {
		t.api.script(() => true, {
			status: 400,
			body: {
				error: 1,
				messages: ['Validation failed.'],
				data: { errors: { 'indicators.0.value': ['Not a valid IP address.'] } },
			},
		});
		const result = await enrich({
			indicators: { indicator: [{ type: 'ip', value: '999.1.1.1' }] },
		});
		expect(result.error.message).toBe(
			'Aegister answered 400: the request failed validation — Validation failed.',
		);
		expect(result.error.description).toBe('indicators.0.value: ["Not a valid IP address."].');
	});

	test('HTTP 403 explains roles and the v_ciso licence', async () => {
		t.api.script(() => true, { status: 403, body: { error: 1, messages: ['Forbidden.'] } });
		const result = await enrich({ indicators: { indicator: [{ type: 'ip', value: '1.2.3.4' }] } });
		expect(result.error.message).toContain('v_ciso licence');
		expect(result.error.message).toContain('security_officer, owner or super_admin');
	});
});

describe('Item linking', () => {
	test("each indicator's item is paired with the input item it came from", async () => {
		const result = await enrich(
			{ indicatorSource: 'json', indicatorsJson: '={{ $json.iocs }}' },
			{
				items: [
					{
						iocs: [
							{ type: 'ip', value: '198.51.100.1' },
							{ type: 'ip', value: '198.51.100.2' },
						],
					},
					{
						iocs: [
							{ type: 'domain', value: 'a.example' },
							{ type: 'domain', value: 'b.example' },
							{ type: 'hash', value: 'ff' },
						],
					},
				],
			},
		);
		expect(result.items.map((i) => [i.json.value, i.pairedItem])).toEqual([
			['198.51.100.1', { item: 0 }],
			['198.51.100.2', { item: 0 }],
			['a.example', { item: 1 }],
			['b.example', { item: 1 }],
			['ff', { item: 1 }],
		]);
	});
});
