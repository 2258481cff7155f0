/**
 * `npm run check:live` against the API double (a Custom region), as CI runs it: so that the check a
 * user runs against a real tenant cannot rot.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ApiDouble } from './support/api-double';

const api = new ApiDouble();
beforeAll(async () => await api.start());
beforeEach(() => {
	api.reset({ newApiUser: true });
	// a task made earlier in the tenant, for the device-task reads (the check never creates one)
	api.eset.tasks.push({
		uuid: 'task-earlier',
		displayName: 'Scan',
		description: 'weekly',
		action: { name: 'OnDemandScan' },
	});
	api.eset.taskRuns.set('task-earlier', []);
});
afterAll(async () => await api.stop());

jest.setTimeout(120_000);

function environment(extra: Record<string, string> = {}): Record<string, string> {
	const { esetConnectApi, aegisterApi } = api.credentials();
	return {
		PATH: process.env.PATH ?? '',
		ESET_REGION: 'custom',
		ESET_INCIDENT_MANAGEMENT_URL: esetConnectApi.incidentManagementUrl,
		ESET_DEVICE_MANAGEMENT_URL: esetConnectApi.deviceManagementUrl,
		ESET_AUTOMATION_URL: esetConnectApi.automationUrl,
		ESET_QUARANTINE_MANAGEMENT_URL: esetConnectApi.quarantineManagementUrl,
		ESET_TOKEN_URL: esetConnectApi.tokenUrl,
		ESET_USERNAME: esetConnectApi.username,
		ESET_PASSWORD: esetConnectApi.password,
		AEGISTER_TOKEN: aegisterApi.apiToken,
		AEGISTER_BASE_URL: aegisterApi.baseUrl,
		AEGISTER_ORGANIZATION_ID: '1',
		...extra,
	};
}

function checkLive(
	env: Record<string, string>,
	args: string[] = [],
): Promise<{ code: number | null; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[join(__dirname, '..', 'scripts', 'check-live.js'), ...args],
			{ env },
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolve({ code, output }));
	});
}

const secretsIn = (output: string) =>
	[
		api.credentials().esetConnectApi.password,
		api.credentials().aegisterApi.apiToken,
		'eset-access-',
		'eset-refresh-',
	].filter((s) => output.includes(s));

describe('npm run check:live, against the API double', () => {
	test('every read passes, one row each; nothing is written; no secret is printed', async () => {
		const { code, output } = await checkLive(environment());
		expect(code).toBe(0);
		expect(output).toMatch(/\n\d+ passed, 0 failed, 1 not available for this tenant/);
		for (const row of [
			'incident: Get Many, filter deviceUuid',
			'detection: Get Many (devices, v1)',
			'trigger incidentUpdated: next poll',
			'aegister: organization Get Many',
			'device: Get Many by UUIDs',
			'incident: Get (with devices)',
			'device task: Get Runs',
			'quarantine: Get',
		]) {
			expect(output).toContain(`${row} |`);
		}
		expect(output).toContain(
			'GET 127.0.0.1/eset/v2/incidents?pageSize=1&filter=incident.status == ',
		);
		expect(
			api.requests.filter(
				(r) =>
					r.method !== 'GET' && !/:(search|batchGet)$|oauth\/token$|threat-intel$/.test(r.path),
			),
		).toEqual([]);
		expect(secretsIn(output)).toEqual([]);
	});

	test('--writes --incident: a comment is created, updated and deleted on that incident', async () => {
		const incident = '00000000-0000-4000-8000-000000000001';
		const { code, output } = await checkLive(environment(), ['--writes', '--incident', incident]);
		expect(code).toBe(0);
		expect(
			api.requests
				.filter((r) => r.path.includes('/comments') && r.method !== 'GET')
				.map((r) => r.method),
		).toEqual(['POST', 'POST', 'DELETE']);
		expect(api.eset.comments.get(incident) ?? []).toEqual([]);
		expect(output).toContain('comment: Delete (--writes) |');
	});

	test('a check ESET refuses is a failed row with what ESET said, and the exit code says so', async () => {
		api.script(
			(r) => r.path === '/eset/v1/detections',
			{ status: 403, body: { code: 7, message: 'missing permission detections.read' } },
			Infinity,
		);
		const { code, output } = await checkLive(environment());
		expect(code).toBe(1);
		expect(output).toMatch(
			/detection: Get Many \(devices, v1\) \| GET 127\.0\.0\.1\/eset\/v1\/detections\?pageSize=1 \| 403 \| missing permission detections\.read \| FAIL/,
		);
		expect(secretsIn(output)).toEqual([]);
	});

	test.each([
		[{ ESET_REGION: 'mars' }, [], 'ESET_REGION must be one of'],
		[{ ESET_PASSWORD: '' }, [], 'ESET_USERNAME and ESET_PASSWORD are required'],
		[{}, ['--writes'], '--writes needs --incident'],
	])(
		'an incomplete configuration (%j %j) is refused before any request',
		async (extra, args, message) => {
			const { code, output } = await checkLive(environment(extra), args);
			expect([code, output]).toEqual([2, expect.stringContaining(message)]);
			expect(api.requests).toEqual([]);
		},
	);
});
