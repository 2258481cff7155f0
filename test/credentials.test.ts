import {
	ESET_INCIDENT_MANAGEMENT_URL,
	esetIncidentManagementUrl,
	esetServiceUrl,
	esetTokenUrl,
} from '../nodes/EsetIncident/transport/endpoints';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const REGIONS = ['eu', 'de', 'us', 'ca', 'jpn'];

describe('ESET Connect API credential', () => {
	test('offers the five ESET regions (Japan is "jpn") and Custom', () => {
		const region = t.engine.credentialsHelper
			.getCredentialsProperties('esetConnectApi')
			.find((p) => p.name === 'region')!;
		expect((region.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			...REGIONS,
			'custom',
		]);
		expect(region.default).toBe('eu');
	});

	test.each(REGIONS)(
		'region %s points at its own incident-management and token hosts',
		(region) => {
			expect(t.engine.evaluate(ESET_INCIDENT_MANAGEMENT_URL, { $credentials: { region } })).toBe(
				`https://${region}.incident-management.eset.systems`,
			);
			expect(esetIncidentManagementUrl({ region })).toBe(
				`https://${region}.incident-management.eset.systems`,
			);
			expect(esetTokenUrl({ region })).toBe(
				`https://${region}.business-account.iam.eset.systems/oauth/token`,
			);
		},
	);

	test('Custom uses the URLs given (a trailing slash on the base URL is dropped)', () => {
		const credentials = {
			region: 'custom',
			incidentManagementUrl: 'https://proxy.example/eset/',
			tokenUrl: 'https://proxy.example/token',
		};
		expect(t.engine.evaluate(ESET_INCIDENT_MANAGEMENT_URL, { $credentials: credentials })).toBe(
			'https://proxy.example/eset',
		);
		expect(esetIncidentManagementUrl(credentials)).toBe('https://proxy.example/eset');
		expect(esetTokenUrl(credentials)).toBe('https://proxy.example/token');
	});

	test.each(REGIONS)(
		'region %s points at its device-management, automation and quarantine hosts',
		(region) => {
			expect(
				(['deviceManagement', 'automation', 'quarantineManagement'] as const).map((service) =>
					esetServiceUrl({ region }, service),
				),
			).toEqual([
				`https://${region}.device-management.eset.systems`,
				`https://${region}.automation.eset.systems`,
				`https://${region}.quarantine-management.eset.systems`,
			]);
		},
	);

	test('Custom has a base URL for each service, shown only for Custom', () => {
		const properties = t.engine.credentialsHelper.getCredentialsProperties('esetConnectApi');
		const urls = properties.filter((p) => /Url$/.test(p.name));
		expect(urls.map((p) => [p.name, p.displayOptions?.show?.region])).toEqual([
			['incidentManagementUrl', ['custom']],
			['deviceManagementUrl', ['custom']],
			['automationUrl', ['custom']],
			['quarantineManagementUrl', ['custom']],
			['tokenUrl', ['custom']],
		]);
		const credentials = {
			region: 'custom',
			deviceManagementUrl: ' https://proxy.example/devices/ ',
			automationUrl: 'https://proxy.example/automation',
			quarantineManagementUrl: 'https://proxy.example/quarantine//',
		};
		expect(esetServiceUrl(credentials, 'deviceManagement')).toBe('https://proxy.example/devices');
		expect(esetServiceUrl(credentials, 'automation')).toBe('https://proxy.example/automation');
		expect(esetServiceUrl(credentials, 'quarantineManagement')).toBe(
			'https://proxy.example/quarantine',
		);
	});

	test('masks the password and keeps the token in a hidden expirable field', () => {
		const properties = t.engine.credentialsHelper.getCredentialsProperties('esetConnectApi');
		expect(properties.find((p) => p.name === 'password')!.typeOptions?.password).toBe(true);
		expect(properties.find((p) => p.name === 'accessToken')).toMatchObject({
			type: 'hidden',
			typeOptions: { expirable: true },
		});
	});

	test('the credential test gets a token and lists incidents with page size 1', async () => {
		expect(await t.engine.testCredential('esetConnectApi')).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(t.api.requestsTo('token')).toHaveLength(1);
		const [list] = t.api.requestsTo('incidents');
		expect([list.method, list.path, list.query]).toEqual([
			'GET',
			'/eset/v2/incidents',
			{ pageSize: '1' },
		]);
		expect(list.headers.authorization).toBe(`Bearer ${t.api.eset.tokens[0]}`);
	});

	test('the credential test fails with a clear message for a wrong password', async () => {
		t.engine.setCredentials({
			esetConnectApi: { ...t.api.credentials().esetConnectApi, password: 'nope' },
		});
		const result = await t.engine.testCredential('esetConnectApi');
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^ESET did not issue an access token: the ESET token endpoint \(127\.0\.0\.1:\d+\) answered 400 \(invalid_grant: Invalid user credentials\)/,
		);
		expect(t.api.requestsTo('incidents')).toHaveLength(0);
	});
});

describe('Aegister API credential', () => {
	test('masks the token; base URL defaults to https://app.aegister.com', () => {
		const properties = t.engine.credentialsHelper.getCredentialsProperties('aegisterApi');
		expect(properties.find((p) => p.name === 'apiToken')!.typeOptions?.password).toBe(true);
		expect(properties.find((p) => p.name === 'baseUrl')!.default).toBe('https://app.aegister.com');
	});

	test('the credential test lists organizations with limit 1, token in the header', async () => {
		expect(await t.engine.testCredential('aegisterApi')).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const [call] = t.api.requestsTo('aegister');
		expect([call.method, call.path, call.query]).toEqual([
			'GET',
			'/aegister/api/v1/organizations',
			{ limit: '1' },
		]);
		expect(call.headers['x-aegister-token']).toBe(t.api.credentials().aegisterApi.apiToken);
	});

	test('the credential test fails for a wrong token', async () => {
		t.engine.setCredentials({
			aegisterApi: { ...t.api.credentials().aegisterApi, apiToken: 'wrong' },
		});
		expect((await t.engine.testCredential('aegisterApi')).status).toBe('Error');
	});

	test('the credential test fails when Aegister\'s "error" is text', async () => {
		t.api.script(() => true, { status: 200, body: { error: '1', messages: [], data: [] } });
		const result = await t.engine.testCredential('aegisterApi');
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/an "error" that is text, not the Aegister envelope/),
		});
	});

	test('the credential test fails when Aegister answers error: 1 with HTTP 200', async () => {
		t.api.script(() => true, {
			status: 200,
			body: { error: 1, messages: ['Token disabled'], data: [] },
		});
		expect(await t.engine.testCredential('aegisterApi')).toEqual({
			status: 'Error',
			message: 'Aegister rejected the API token',
		});
	});
});
