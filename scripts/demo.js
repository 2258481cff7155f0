#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: runs both nodes through n8n's execution engine (n8n-core) against the bundled
 * local API double, and prints what each node sent and what it output.
 */
const { ApiDouble } = require('../test/support/api-double');
const { createEngine, shutdownEngine } = require('../test/support/n8n-engine');

const organization = { __rl: true, mode: 'id', value: '1' };

const scenarios = [
	{
		title: 'ESET Incident → Get Many (open incidents whose name starts with "FP:", newest first)',
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'getAll',
			limit: 10,
			filters: {
				status: ['INCIDENT_STATUS_OPEN', 'INCIDENT_STATUS_IN_PROGRESS'],
				displayNameContains: 'FP:',
			},
			sort: { rules: [{ field: 'create_time', direction: 'desc' }] },
		},
	},
	{
		title:
			'ESET Incident → Get, Include: Indicators (the detections fetched with one batchGet; indicators ready for Aegister)',
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'get',
			incidentUuid: '00000000-0000-4000-8000-000000000003',
			include: ['indicators'],
		},
	},
	{
		title: 'ESET Incident → Close (false positive, with a final comment)',
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'close',
			incidentUuid: '00000000-0000-4000-8000-000000000002',
			closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
			finalComment: 'Scanner noise from the vulnerability assessment; closed by n8n.',
		},
	},
	{
		title:
			'Aegister Incident → Update (title, status, the 24 h early warning; NIS2 deadlines from the awareness time)',
		node: 'aegisterIncident',
		parameters: {
			resource: 'incident',
			operation: 'update',
			organization,
			incidentId: 101,
			updateFields: {
				title: 'Ransomware on file server FS01',
				status: 'submitted',
				'24h_notification': JSON.stringify({
					suspected_malicious: true,
					cross_border_impact: false,
				}),
			},
			options: { awarenessTime: '2026-11-20T08:15:00Z' },
		},
	},
	{
		title: 'Aegister Incident → Threat Intelligence → Enrich Indicators',
		node: 'aegisterIncident',
		parameters: {
			resource: 'threatIntel',
			operation: 'enrich',
			organization,
			indicators: {
				indicator: [
					{ type: 'ip', value: '203.0.113.7' },
					{ type: 'domain', value: 'evil.example' },
				],
			},
		},
	},
];

function show(request) {
	const query = new URLSearchParams(request.query).toString();
	const body = request.rawBody
		? `\n      body: ${request.path.endsWith('/oauth/token') ? '(form-encoded password grant, not shown)' : request.rawBody}`
		: '';
	return `    → ${request.method} ${request.rawPath}${query ? `?${query}` : ''}${body}`;
}

async function main() {
	const api = new ApiDouble();
	await api.start();
	const engine = await createEngine();
	engine.setCredentials(api.credentials());
	let failed = false;
	try {
		for (const scenario of scenarios) {
			const before = api.requests.length;
			const result = await engine.run({ node: scenario.node, parameters: scenario.parameters });
			console.log(`\n${scenario.title}`);
			console.log('  sent:');
			for (const request of api.requests.slice(before)) console.log(show(request));
			if (result.error) {
				failed = true;
				console.log(`  error: ${result.error.message}`);
			} else {
				console.log('  output:');
				for (const json of result.json) console.log(`    ${JSON.stringify(json)}`);
			}
		}
	} finally {
		await api.stop();
		shutdownEngine();
	}
	console.log(
		failed
			? '\nDemo failed.'
			: '\nDemo finished: both nodes ran in n8n-core against the local API double.',
	);
	process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
