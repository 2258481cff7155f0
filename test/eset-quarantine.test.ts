import { zipArchive } from './support/eset-containment-double';
import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

const byId = (value: unknown) => ({ __rl: true, mode: 'id', value });
const POWERSHELL_OBJECT = 'quarantined-powershell-a0103';
const ZIP_OBJECT = 'quarantined-invoice-zip';

function quarantine(
	operation: string,
	parameters: Record<string, unknown> = {},
	extra: { timezone?: string } = {},
) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: { resource: 'quarantine', operation, ...parameters },
		...extra,
	});
}

const calls = () => t.api.requestsTo('quarantine');

describe('ESET Incident → Quarantine', () => {
	test('Get Many lists the objects from the quarantine-management host, paging', async () => {
		const all = await quarantine('getAll', { returnAll: true });
		expect(all.json.map((o) => o.uuid)).toEqual([
			POWERSHELL_OBJECT,
			'quarantined-invoice-exe',
			ZIP_OBJECT,
		]);
		const limited = await quarantine('getAll', { limit: 1 });
		expect(limited.json).toHaveLength(1);
		expect(calls().map((r) => [r.rawPath, r.query])).toEqual([
			['/eset-quarantine/v1/quarantined-objects', { pageSize: '1000' }],
			['/eset-quarantine/v1/quarantined-objects', { pageSize: '1' }],
		]);
	});

	test("Get Many sends each filter as ESET's dotted filter query; times as UTC", async () => {
		const result = await quarantine(
			'getAll',
			{
				returnAll: true,
				quarantineFilters: {
					fileName: ' powershell.exe ',
					quarantineReason: 'QUARANTINE_REASON_RULE',
					objectOrigin: 'OBJECT_ORIGIN_DEVICE',
					objectType: 'QUARANTINED_OBJECT_TYPE_FILE_ON_DRIVE',
					quarantinedFrom: '2026-11-02T10:00:00',
					quarantinedBefore: '2026-11-03T00:00:00Z',
				},
			},
			{ timezone: 'Europe/Rome' },
		);
		expect(calls()[0].query).toEqual({
			pageSize: '1000',
			'filter.fileName': 'powershell.exe',
			'filter.quarantineReason': 'QUARANTINE_REASON_RULE',
			'filter.objectOrigin': 'OBJECT_ORIGIN_DEVICE',
			'filter.objectType': 'QUARANTINED_OBJECT_TYPE_FILE_ON_DRIVE',
			'filter.quarantineTime.startTime': '2026-11-02T09:00:00Z',
			'filter.quarantineTime.endTime': '2026-11-03T00:00:00Z',
		});
		expect(result.json.map((o) => o.uuid)).toEqual([POWERSHELL_OBJECT]);
	});

	test('e-mail and owner filters; a window that ends before it starts is refused before sending', async () => {
		await quarantine('getAll', {
			returnAll: true,
			quarantineFilters: {
				emailSender: 'billing@invoice-portal.example',
				emailRecipient: 'anna@acme.example',
				emailSubject: 'Invoice',
				userUuid: 'user-anna',
				cloudOfficeTenantUuid: 'tenant-acme-m365',
			},
		});
		expect(calls()[0].query).toMatchObject({
			'filter.emailSender': 'billing@invoice-portal.example',
			'filter.userUuid': 'user-anna',
			'filter.cloudOfficeTenantUuid': 'tenant-acme-m365',
		});
		const backwards = await quarantine('getAll', {
			quarantineFilters: {
				quarantinedFrom: '2026-11-03T00:00:00Z',
				quarantinedBefore: '2026-11-02T00:00:00Z',
			},
		});
		expect(backwards.error.message).toBe(
			'Filters → Quarantined From must be before Filters → Quarantined Before',
		);
		expect(calls()).toHaveLength(1);
	});

	test('Get outputs the object', async () => {
		const result = await quarantine('get', { objectUuid: byId(ZIP_OBJECT) });
		expect(calls().map((r) => `${r.method} ${r.rawPath}`)).toEqual([
			`GET /eset-quarantine/v1/quarantined-objects/${ZIP_OBJECT}`,
		]);
		expect(result.json).toEqual([t.api.eset.quarantine[2]]);
	});

	test('Restore sends the UUIDs to :batchRestore and outputs what was restored', async () => {
		const result = await quarantine('restore', {
			objectUuids: `${POWERSHELL_OBJECT}, ${ZIP_OBJECT}`,
			addToExclusions: true,
		});
		expect(calls().map((r) => [r.method, r.rawPath, r.body])).toEqual([
			[
				'POST',
				'/eset-quarantine/v1/quarantined-objects:batchRestore',
				{ objectUuids: [POWERSHELL_OBJECT, ZIP_OBJECT], addToExclusions: true },
			],
		]);
		expect(result.json).toEqual(
			[POWERSHELL_OBJECT, ZIP_OBJECT].map((objectUuid) => ({
				restored: true,
				addedToExclusions: true,
				objectUuid,
				requestId: expect.any(String),
			})),
		);
		expect(t.api.eset.quarantine.map((o) => o.uuid)).toEqual(['quarantined-invoice-exe']);
	});

	test("Restore of an object ESET cannot restore is ESET's refusal, nothing reported restored", async () => {
		const result = await quarantine('restore', { objectUuids: 'quarantined-invoice-exe' });
		expect(result.error.message).toBe(
			'ESET Connect answered 400: the object is not in a state that allows this',
		);
	});

	test('Delete sends the UUIDs to :batchDelete and outputs {deleted, objectUuid} per object', async () => {
		const result = await quarantine('delete', { objectUuids: `={{ ["${ZIP_OBJECT}"] }}` });
		expect(calls().map((r) => [r.method, r.rawPath, r.body])).toEqual([
			[
				'POST',
				'/eset-quarantine/v1/quarantined-objects:batchDelete',
				{ objectUuids: [ZIP_OBJECT] },
			],
		]);
		expect(result.json).toEqual([
			{ deleted: true, objectUuid: ZIP_OBJECT, requestId: expect.any(String) },
		]);
	});

	test('Download outputs ESET\'s ZIP archive as binary data "data", byte for byte', async () => {
		const result = await quarantine('download', { objectUuids: ZIP_OBJECT });
		expect(result.error).toBeUndefined();
		expect(calls().map((r) => [r.method, r.rawPath, r.body])).toEqual([
			[
				'POST',
				'/eset-quarantine/v1/quarantined-objects:batchDownload',
				{ objectUuids: [ZIP_OBJECT] },
			],
		]);
		const [item] = result.items;
		expect(item.json).toEqual({
			objectUuids: [ZIP_OBJECT],
			fileName: `quarantine-${ZIP_OBJECT}.zip`,
			mimeType: 'application/zip',
			fileSize: expect.any(Number),
			requestId: expect.any(String),
		});
		const binary = item.binary!.data;
		expect([binary.fileName, binary.mimeType, binary.fileExtension]).toEqual([
			`quarantine-${ZIP_OBJECT}.zip`,
			'application/zip',
			'zip',
		]);
		const expected = zipArchive([
			{ name: 'Invoice_2026-11.zip', data: Buffer.from(`quarantined ${ZIP_OBJECT}\n`) },
		]);
		expect(Buffer.from(binary.data, 'base64')).toEqual(expected);
		expect(item.json.fileSize).toBe(expected.length);
	});

	test('a download of several objects is named by the time', async () => {
		const result = await quarantine('download', {
			objectUuids: `${POWERSHELL_OBJECT},${ZIP_OBJECT}`,
		});
		expect(result.json[0].fileName).toMatch(/^quarantine-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.zip$/);
	});

	test('a download answered with a page or with JSON is not the archive: an error, no binary', async () => {
		t.api.script((r) => r.path.endsWith(':batchDownload'), {
			status: 200,
			headers: { 'content-type': 'text/html' },
			body: '<html><body>Sign in</body></html>',
		});
		const page = await quarantine('download', { objectUuids: ZIP_OBJECT });
		expect(page.error.message).toBe(
			'ESET Connect answered 200 with an HTML page (HTTP 200, text/html), not the ZIP archive ESET documents — a proxy or login page?',
		);
		t.api.script((r) => r.path.endsWith(':batchDownload'), { status: 200, body: { data: 'x' } });
		const json = await quarantine('download', { objectUuids: ZIP_OBJECT });
		expect(json.error.message).toContain('with JSON of another shape');
	});

	test('the archive is the only answer taken as bytes: a Get answered with a ZIP is refused', async () => {
		t.api.script((r) => r.path.includes('/quarantined-objects/'), {
			status: 200,
			headers: { 'content-type': 'application/zip' },
			body: zipArchive([{ name: 'x', data: Buffer.from('x') }]),
		});
		const result = await quarantine('get', { objectUuid: byId(ZIP_OBJECT) });
		expect(result.error.message).toMatch(/^ESET Connect answered 200 with text that is not JSON/);
	});

	test('a 202 on a download is collected: the archive arrives with the identical request', async () => {
		t.api.eset.slowResponses = 1;
		const result = await quarantine('download', { objectUuids: ZIP_OBJECT });
		expect(result.error).toBeUndefined();
		expect(calls().map((r) => r.headers['response-id'] ?? '')).toEqual([
			'',
			[...t.api.eset.pending.keys()][0],
		]);
		expect(result.items[0].binary!.data.mimeType).toBe('application/zip');
	});

	test('the object picker lists quarantined objects whose name contains the search', async () => {
		const found = await t.engine.listSearch(
			'esetIncident',
			'searchQuarantinedObjects',
			{ resource: 'quarantine', operation: 'get' },
			'POWERSHELL',
		);
		expect(found.results).toEqual([
			{
				name: 'powershell.exe',
				value: POWERSHELL_OBJECT,
				description: 'QUARANTINE_REASON_RULE, 2026-11-02T09:57:05Z',
			},
		]);
	});
});
