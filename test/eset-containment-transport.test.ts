/**
 * The one ESET transport on ESET's other hosts: each operation reaches its service's host, the
 * rate limit counts one API user across all of them, Allowed HTTP Request Domains applies to each,
 * and 202, 429 and a custom URL that is missing behave as on incident management.
 */
import type { RecordedRequest } from './support/api-double';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const INCIDENT_3 = '00000000-0000-4000-8000-000000000003';
const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });

function eset(parameters: Record<string, unknown>) {
	return t.engine.run({ node: 'esetIncident', parameters });
}

const apiCalls = () => t.api.requests.filter((r) => r.path !== '/eset/oauth/token');
const gaps = (requests: RecordedRequest[]) =>
	requests.slice(1).map((r, i) => r.at - requests[i].at);

describe('ESET transport on the device-management, automation and quarantine hosts', () => {
	test('one API user, one rate limit across every ESET host', async () => {
		const result = await eset({
			resource: 'incident',
			operation: 'get',
			incidentUuid: INCIDENT_3,
			include: ['comments', 'detections', 'devices'],
			options: { requestsPerSecond: 2 },
		});
		expect(result.error).toBeUndefined();
		const calls = apiCalls();
		expect(calls.map((r) => r.path.split('/')[1])).toEqual([
			'eset',
			'eset',
			'eset',
			'eset-devices',
		]);
		// 2 per second for the API user: the device request waits its turn like the others
		for (const gap of gaps(calls)) expect(gap).toBeGreaterThanOrEqual(450);
	});

	test('Allowed HTTP Request Domains applies to each host: a host not listed is refused, naming it', async () => {
		const { esetConnectApi } = t.api.credentials();
		const port = new URL(t.api.url).port;
		t.engine.setCredentials({
			...t.api.credentials(),
			esetConnectApi: {
				...esetConnectApi,
				deviceManagementUrl: `http://localhost:${port}/eset-devices`,
				allowedHttpRequestDomains: 'domains',
				allowedDomains: '127.0.0.1',
			},
		});
		const incident = await eset({
			resource: 'incident',
			operation: 'get',
			incidentUuid: INCIDENT_3,
		});
		expect(incident.error).toBeUndefined();
		const result = await eset({
			resource: 'device',
			operation: 'get',
			deviceUuid: byId('device-1'),
		});
		expect(result.error.message).toContain(
			`ESET Connect (localhost:${port}) is not among the credential's Allowed HTTP Request Domains`,
		);
		expect(t.api.requestsTo('devices')).toEqual([]);
	});

	test("a Custom region without the service's URL is an error naming the credential's field", async () => {
		const { esetConnectApi } = t.api.credentials();
		t.engine.setCredentials({
			...t.api.credentials(),
			esetConnectApi: { ...esetConnectApi, deviceManagementUrl: '' },
		});
		const result = await eset({ resource: 'device', operation: 'getAll', limit: 1 });
		expect(result.error.message).toBe("The credential's Device Management Base URL is empty");
		expect(result.error.description).toContain('https://eu.device-management.eset.systems');
		expect(apiCalls()).toEqual([]);
	});

	test('a 202 of the device host is collected with its response-id', async () => {
		t.api.eset.slowResponses = 1;
		const result = await eset({
			resource: 'device',
			operation: 'get',
			deviceUuid: byId('device-2'),
		});
		expect(result.json.map((d) => d.uuid)).toEqual(['device-2']);
		const calls = t.api.requestsTo('devices');
		expect(calls.map((r) => [r.rawPath, r.headers['response-id'] ?? ''])).toEqual([
			['/eset-devices/v1/devices/device-2', ''],
			['/eset-devices/v1/devices/device-2', [...t.api.eset.pending.keys()][0]],
		]);
	});

	test('a 429 of the device host is waited out and the request sent again', async () => {
		t.api.script((r) => r.path.startsWith('/eset-devices/'), {
			status: 429,
			headers: { 'retry-after': '1' },
			body: { code: 8, message: 'rate limit reached' },
		});
		const result = await eset({ resource: 'device', operation: 'getAll', limit: 1 });
		expect(result.error).toBeUndefined();
		const calls = t.api.requestsTo('devices');
		expect(calls).toHaveLength(2);
		expect(gaps(calls)[0]).toBeGreaterThanOrEqual(950);
	});
});
