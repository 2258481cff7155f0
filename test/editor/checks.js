// @ts-check
'use strict';
/**
 * The named checks of the editor walk-through (test/editor/walkthrough.js): each item of the
 * issue checked in the real editor, on a workflow of nodes set up for it, with ok/FAIL, what the
 * editor showed and a screenshot. Where the editor hides something, n8n's REST API is read as the
 * editor reads it.
 */
const { PACKAGE_NAME } = require('../e2e/workflows');

const INCIDENT = (/** @type {number} */ n) =>
	`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const byId = (/** @type {string} */ value) => ({ __rl: true, mode: 'id', value });
const VALID_RULE =
	'<rule><definition><process><operator type="AND"><condition component="FileItem" property="FileNameWithoutExtension" condition="is" value="walk" /></operator></process></definition><description><name>Walk-through rule</name></description></rule>';
/** Line 3 does not close what it opened: the node must quote it. */
const MALFORMED_LINES = [
	'<rule>',
	'<definition>',
	'<process><oops></process>',
	'</definition>',
	'</rule>',
];
const ONE_SCOPE = { scope: [{ type: 'device', uuid: 'device-1' }] };
/** Acronyms an operation text may spell in capitals. */
const ACRONYMS = new Set([
	'ESET',
	'EDR',
	'UUID',
	'UUIDS',
	'NIS2',
	'XML',
	'JSON',
	'IOC',
	'IOCS',
	'URL',
	'URLS',
	'API',
	'CSIRT',
	'ACN',
	'IP',
	'ID',
	'XDR',
	'PROTECT',
	'SOC',
	'V-CISO',
	'CISO',
	'HTTP',
	'DNS',
]);

/**
 * @typedef {object} Check
 * @property {string} id
 * @property {string} name
 * @property {boolean} ok
 * @property {string} detail
 * @property {string} [screenshot]
 */

/**
 * The workflow of the checks: one node per situation, parameters as a user would have set them.
 * @param {Record<string, { id: string, name: string }>} credentials  by type, with `readOnly`
 */
function checksWorkflow(credentials) {
	const eset = { esetConnectApi: credentials.esetConnectApi };
	/** @type {Array<[string, string, Record<string, any>, Record<string, any>?]>} */
	const specs = [
		[
			'C Incident Get',
			'esetIncident',
			{
				resource: 'incident',
				operation: 'get',
				incidentUuid: byId(INCIDENT(1)),
				include: ['detections'],
			},
		],
		[
			'C Incident Close',
			'esetIncident',
			{
				resource: 'incident',
				operation: 'close',
				incidentUuid: byId(INCIDENT(2)),
				closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
				finalComment: 'Closed by the walk-through',
			},
		],
		[
			'C Read-only Close',
			'esetIncident',
			{
				resource: 'incident',
				operation: 'close',
				incidentUuid: byId(INCIDENT(4)),
				closureReason: 'INCIDENT_RESOLVE_REASON_TRUE_POSITIVE',
			},
			{ esetConnectApi: credentials.readOnly },
		],
		[
			'C Incident Filters',
			'esetIncident',
			{
				resource: 'incident',
				operation: 'getAll',
				filters: {
					status: ['INCIDENT_STATUS_OPEN'],
					severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'],
					createdAfter: '2026-11-01T00:00:00',
					createdBefore: '2026-11-30T00:00:00',
				},
			},
		],
		[
			'C Rule Delete',
			'esetIncident',
			{ resource: 'edrRule', operation: 'delete', ruleUuid: byId('edr-rule-a0201') },
		],
		[
			'C Rule Root',
			'esetIncident',
			{
				resource: 'edrRule',
				operation: 'create',
				xmlDefinition: VALID_RULE.replace(/<(\/?)rule>/g, '<$1detection>'),
				scopes: ONE_SCOPE,
			},
		],
		[
			'C Rule Malformed',
			'esetIncident',
			{
				resource: 'edrRule',
				operation: 'create',
				xmlDefinition: MALFORMED_LINES.join('\n'),
				scopes: ONE_SCOPE,
			},
		],
		[
			'C Rule No Scope',
			'esetIncident',
			{ resource: 'edrRule', operation: 'create', xmlDefinition: VALID_RULE },
		],
		[
			'C Group Search',
			'esetIncident',
			{
				resource: 'detectionGroup',
				operation: 'search',
				searchConditions: { rawFilter: 'objectTypeName eq' },
			},
		],
		[
			'C From Detection',
			'esetIncident',
			{ resource: 'edrRuleExclusion', operation: 'createFromDetection' },
		],
		[
			'C Detections',
			'esetIncident',
			{
				resource: 'detection',
				operation: 'getAll',
				detectionFilters: { startTime: '2026-11-01T00:00:00', endTime: '2026-11-30T00:00:00' },
			},
		],
		[
			'C Trigger Closed',
			'esetIncidentTrigger',
			{ event: 'incidentStatusChanged', toStatuses: ['INCIDENT_STATUS_CLOSED'] },
		],
		[
			'C Trigger Filters',
			'esetIncidentTrigger',
			{
				event: 'incidentStatusChanged',
				toStatuses: [],
				filters: { status: ['INCIDENT_STATUS_OPEN'], severity: ['INCIDENT_SEVERITY_LEVEL_HIGH'] },
			},
		],
		[
			'C Aegister Update',
			'aegisterIncident',
			{
				resource: 'incident',
				operation: 'update',
				organization: byId('1'),
				incidentId: '101',
				updateFields: {
					title: 'Walk-through',
					classification: '{}',
					metadata: '{}',
					'24h_notification': '{}',
					'72h_notification': '{}',
					full_report: '{}',
				},
				fieldsToClear: ['title'],
			},
			{ aegisterApi: credentials.aegisterApi },
		],
	];
	const nodes = specs.map(([name, type, parameters, credential], index) => ({
		parameters,
		id: `check-${index}`,
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [(index % 5) * 260, Math.floor(index / 5) * 200],
		credentials: credential ?? eset,
	}));
	return {
		name: 'Editor walk-through: issue checks',
		nodes,
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/** @param {string} text */
const exactly = (text) =>
	new RegExp(
		`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?\\s*(Fixed\\s*Expression[\\s\\S]*)?$`,
	);
/** A pattern of `text` with its angle brackets shown as such or as ‹ ›. @param {string} text */
const quoted = (text) =>
	new RegExp(
		text
			.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
			.replace(/</g, '[<‹]')
			.replace(/>/g, '[>›]'),
	);
/** @param {string} text */
const squash = (text) => (text ?? '').replace(/\s+/g, ' ').trim();
/** A parameter label without the Fixed / Expression switch n8n 2.x puts beside it. @param {string} text */
const label = (text) => squash(text).replace(/\s*Fixed\s*Expression[\s\S]*$/, '');

/**
 * The innermost parameter of the open panel with this label.
 * @param {import('playwright-core').Page} page @param {string} label
 */
function parameter(page, label) {
	return page
		.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"]')
		.filter({ has: page.locator('[data-test-id="input-label"]', { hasText: exactly(label) }) })
		.last();
}

/** Opens a node of the checks workflow (closing any panel first). @param {import('playwright-core').Page} page @param {string} name @param {Tools} tools */
async function openNode(page, name, tools) {
	await tools.closePanel(page);
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`)
		.dblclick({ timeout: 15_000 });
	await page.locator('[data-test-id="node-parameters"]').waitFor({ timeout: 15_000 });
	await page.waitForTimeout(800);
}

/** "Execute step" (or "Fetch Test Event"); resolves with the output panel's text once it settled. @param {import('playwright-core').Page} page */
async function executeStep(page) {
	await page.locator('[data-test-id="node-execute-button"]').first().click({ timeout: 10_000 });
	const output = page.locator('[data-test-id="output-panel"]');
	let text = '';
	for (const until = Date.now() + 30_000; Date.now() < until; ) {
		await page.waitForTimeout(700);
		text = squash(await output.innerText({ timeout: 2000 }).catch(() => ''));
		if (text && !/Executing|Running|Fetching/i.test(text) && !/No output data/i.test(text)) break;
	}
	// the JSON view: every key and value as text (the schema view may not have rendered yet)
	await page
		.locator('[data-test-id="output-panel"] [data-test-id="ndv-run-data-display-mode"]')
		.getByText('JSON', { exact: true })
		.first()
		.click({ timeout: 3000 })
		.catch(() => undefined);
	await page.waitForTimeout(500);
	// an error's details may be folded away
	for (const more of await page
		.locator('[data-test-id="output-panel"] :text-matches("^(Show|More) details$", "i")')
		.all())
		await more.click({ timeout: 2000 }).catch(() => undefined);
	await page.waitForTimeout(300);
	return squash(await output.innerText({ timeout: 2000 }).catch(() => text)) || text;
}

/** The open dropdown of the parameter `label` (clicked open), then closed again. @param {import('playwright-core').Page} page @param {string} label @param {Tools} tools */
async function dropdownOf(page, label, tools) {
	const item = parameter(page, label);
	await item.scrollIntoViewIfNeeded({ timeout: 5000 });
	await item.locator('.el-select, [role="combobox"], input').first().click({ timeout: 5000 });
	await page.waitForTimeout(600);
	const items = await page.evaluate(tools.openDropdownItems);
	const shot = await tools.screenshot(`check-dropdown-${label}`);
	await closeDropdown(page);
	return { items, shot };
}

/** Closes a dropdown without closing the panel (Escape would, in n8n 1.x). @param {import('playwright-core').Page} page */
async function closeDropdown(page) {
	await page
		.locator('[data-test-id="tab-params"]')
		.first()
		.click({ timeout: 3000 })
		.catch(() => undefined);
	await page.waitForTimeout(200);
}

/** The visible parameter labels of the open panel. @param {import('playwright-core').Page} page */
async function panelLabels(page) {
	return (
		await page
			.locator('[data-test-id="node-parameters"] [data-test-id="input-label"]')
			.allInnerTexts()
	)
		.map(label)
		.filter(Boolean);
}

/**
 * @typedef {object} Tools
 * @property {(name: string, locator?: import('playwright-core').Locator) => Promise<string>} screenshot
 * @property {string[]} notes
 * @property {(page: import('playwright-core').Page) => Promise<void>} closePanel
 * @property {() => any[]} openDropdownItems  runs in the page
 * @property {(root: string) => any[]} truncatedIn  runs in the page
 */

/**
 * Runs a node and checks the error the panel shows.
 * @param {import('playwright-core').Page} page @param {string} node @param {Array<string | RegExp>} expected @param {Tools} tools
 */
async function errorShows(page, node, expected, tools) {
	await openNode(page, node, tools);
	const text = await executeStep(page);
	const screenshot = await tools.screenshot(`check-${node}-error`);
	const missing = expected.filter((e) =>
		typeof e === 'string' ? !text.includes(e) : !e.test(text),
	);
	return {
		ok: !missing.length,
		detail: `${missing.length ? `missing ${missing.map(String).join(', ')} in` : 'shows'}: ${text.slice(0, 500)}`,
		screenshot,
	};
}

// ------------------------------------------------------------------ the checks

/** @type {Record<string, { name: string, run: (page: import('playwright-core').Page, context: any, tools: Tools) => Promise<Omit<Check, 'id' | 'name'>> }>} */
const CHECKS = {
	1: {
		name: 'Error markup: angle-bracket text of an XML error is shown, nothing lost',
		async run(page, _context, tools) {
			const root = await errorShows(
				page,
				'C Rule Root',
				[quoted('<detection>'), quoted('<rule>')],
				tools,
			);
			const malformed = await errorShows(
				page,
				'C Rule Malformed',
				[/line 3/, quoted(`Line 3 reads: "${MALFORMED_LINES[2]}"`)],
				tools,
			);
			return {
				ok: root.ok && malformed.ok,
				detail: `root <detection>: ${root.ok ? 'ok' : 'FAIL'} (${root.detail}) || malformed XML: ${malformed.ok ? 'ok' : 'FAIL'} (${malformed.detail}; other shot ${root.screenshot})`,
				screenshot: malformed.screenshot,
			};
		},
	},
	2: {
		name: 'Detection Group → Search, a filter ESET answers 400 to: the error shows "Filter sent: …"',
		run: (page, _context, tools) =>
			errorShows(page, 'C Group Search', [/Filter sent: \(?objectTypeName eq\)?/], tools),
	},
	3: {
		name: 'Error messages name editor labels: set-and-cleared "Title"; read-only "Incident → Close"',
		async run(page, _context, tools) {
			const cleared = await errorShows(page, 'C Aegister Update', ['Title is both set'], tools);
			const readOnly = await errorShows(page, 'C Read-only Close', ['Incident → Close'], tools);
			const internal = /\btitle\b|\bclose\b:|POST \/v2/.test(
				`${cleared.detail} ${readOnly.detail}`,
			);
			return {
				ok: cleared.ok && readOnly.ok && !internal,
				detail: `set and cleared: ${cleared.ok ? 'ok' : 'FAIL'} (${cleared.detail}) || read-only: ${readOnly.ok ? 'ok' : 'FAIL'} (${readOnly.detail}; other shot ${cleared.screenshot})${internal ? ' || an internal name shows' : ''}`,
				screenshot: readOnly.screenshot,
			};
		},
	},
	4: {
		name: 'Incident → Get: its own "Include" field outside Options; Detections yields detections',
		async run(page, _context, tools) {
			await openNode(page, 'C Incident Get', tools);
			const nested = await page.evaluate(() =>
				[
					...document.querySelectorAll(
						'[data-test-id="node-parameters"] [data-test-id="input-label"]',
					),
				]
					.filter((l) =>
						/^\s*Include\s*(Fixed\s*Expression[\s\S]*)?$/.test(
							/** @type {HTMLElement} */ (l).innerText,
						),
					)
					.map(
						(l) =>
							!!l
								.closest('[data-test-id="parameter-item"]')
								?.parentElement?.closest('[data-test-id="parameter-item"]'),
					),
			);
			const { items } = await dropdownOf(page, 'Include', tools);
			const options = items.map((i) => i.text);
			const wanted = ['Comments', 'Detections', 'Devices', 'Indicators'].filter(
				(w) => !options.some((o) => o.startsWith(w)),
			);
			const text = await executeStep(page);
			const screenshot = await tools.screenshot('check-incident-get-include');
			const detections =
				/detections/i.test(text) &&
				/00000000-0000-4000-9000|edr|detection/i.test(text.replace(/detections/gi, ''));
			return {
				ok: nested.length === 1 && !nested[0] && !wanted.length && detections,
				detail: `Include fields: ${JSON.stringify(nested)} (true: inside a collection); options: ${options.join(' | ')}${wanted.length ? `; missing ${wanted}` : ''}; output ${detections ? 'has' : 'LACKS'} detections: ${text.slice(0, 400)}`,
				screenshot,
			};
		},
	},
	7: {
		name: 'Write operations name what was acted on (Close: incidentUuid, action, success); deletes: deleted true',
		async run(page, _context, tools) {
			await openNode(page, 'C Incident Close', tools);
			const closed = await executeStep(page);
			const closeShot = await tools.screenshot('check-incident-close-output');
			const closeOk =
				['incidentUuid', 'action', 'success'].every((k) => closed.includes(k)) &&
				closed.includes(INCIDENT(2));
			await openNode(page, 'C Rule Delete', tools);
			const deleted = await executeStep(page);
			const screenshot = await tools.screenshot('check-rule-delete-output');
			const deleteOk =
				/deleted/.test(deleted) && /true/.test(deleted) && deleted.includes('edr-rule-a0201');
			return {
				ok: closeOk && deleteOk,
				detail: `Incident → Close ${closeOk ? 'ok' : 'FAIL'}: ${closed.slice(0, 300)} (${closeShot}) || EDR Rule → Delete ${deleteOk ? 'ok' : 'FAIL'}: ${deleted.slice(0, 300)}`,
				screenshot,
			};
		},
	},
	5: {
		name: 'Trigger → Fetch Test Event, Status Changed to Closed: a closed incident',
		async run(page, _context, tools) {
			await openNode(page, 'C Trigger Closed', tools);
			const text = await executeStep(page);
			const screenshot = await tools.screenshot('check-trigger-closed');
			const ok =
				/INCIDENT_STATUS_CLOSED|\bClosed\b/.test(text) &&
				!/error|problem/i.test(text.slice(0, 200));
			return {
				ok,
				detail: `(after check 7 closed ${INCIDENT(2)}) ${text.slice(0, 500)}`,
				screenshot,
			};
		},
	},
	6: {
		name: '"Unspecified" is offered in no status/severity filter or trigger option',
		async run(page, _context, tools) {
			const where = [
				['C Incident Filters', ['Status', 'Severity']],
				['C Trigger Filters', ['Trigger On', 'To Statuses', 'Status', 'Severity']],
			];
			const lines = [];
			let ok = true;
			let screenshot;
			for (const [node, labels] of /** @type {Array<[string, string[]]>} */ (where)) {
				await openNode(page, node, tools);
				for (const label of labels) {
					const { items, shot } = await dropdownOf(page, label, tools);
					screenshot = shot;
					const bad = items.filter((i) => /unspecified/i.test(i.text));
					if (bad.length || !items.length) ok = false;
					lines.push(
						`${node} → ${label}: ${items.map((i) => i.text.split(' ')[0]).join(', ') || '(no dropdown)'}${bad.length ? ' ← Unspecified' : ''} (${shot})`,
					);
				}
			}
			return { ok, detail: lines.join(' || '), screenshot };
		},
	},
	8: {
		name: 'EDR Rule → Create asks for a scope',
		async run(page, _context, tools) {
			await openNode(page, 'C Rule No Scope', tools);
			const hint = squash(
				await parameter(page, 'Scopes')
					.innerText({ timeout: 5000 })
					.catch(() => ''),
			);
			const text = await executeStep(page);
			const screenshot = await tools.screenshot('check-rule-no-scope');
			const refused =
				/scope/i.test(text) &&
				/Nothing was sent|scope/i.test(text) &&
				!/"uuid"|ruleUuid/.test(text);
			return {
				ok: refused,
				detail: `Scopes parameter: ${hint.slice(0, 200)} || run without a scope: ${text.slice(0, 400)}`,
				screenshot,
			};
		},
	},
	9: {
		name: 'Create From Detection conditions; detection time filters labelled like incident filters',
		async run(page, _context, tools) {
			await openNode(page, 'C From Detection', tools);
			const fromDetection = await panelLabels(page);
			const notice = squash(
				await page
					.locator(
						'[data-test-id="node-parameters"] .notice, [data-test-id="node-parameters"] [role="alert"], [data-test-id="node-parameters"] [class*="notice"]',
					)
					.first()
					.innerText({ timeout: 3000 })
					.catch(() => ''),
			);
			const fromShot = await tools.screenshot('check-create-from-detection');
			await openNode(page, 'C Detections', tools);
			const detection = await panelLabels(page);
			await tools.screenshot('check-detection-filters');
			await openNode(page, 'C Incident Filters', tools);
			const incident = await panelLabels(page);
			const screenshot = await tools.screenshot('check-incident-filters');
			const times = (/** @type {string[]} */ l) =>
				l.filter((x) => /After|Before|Time|From|Until/.test(x));
			const pattern = /^\w+ (After|Before)$/;
			const ok =
				times(detection).length > 0 &&
				[...times(detection), ...times(incident)].every((l) => pattern.test(l)) &&
				/condition|match/i.test(notice + fromDetection.join(' '));
			return {
				ok,
				detail: `Create From Detection: ${fromDetection.join(' | ')}; notice: "${notice}" (${fromShot}) || detection time filters: ${times(detection).join(', ')} || incident time filters: ${times(incident).join(', ')}`,
				screenshot,
			};
		},
	},
	10: {
		name: 'Aegister Update: NIS2 JSON fields show example keys (hint under the field)',
		async run(page, _context, tools) {
			await openNode(page, 'C Aegister Update', tools);
			const fields = [
				'24-Hour Early Warning',
				'72-Hour Notification',
				'Final Report',
				'Classification',
				'Metadata',
			];
			const lines = [];
			let ok = true;
			for (const label of fields) {
				const item = parameter(page, label);
				await item.scrollIntoViewIfNeeded({ timeout: 5000 }).catch(() => undefined);
				// n8n's JSON editor shows no placeholder: the example is the hint under the field
				const text = await item
					.evaluate((e) => /** @type {HTMLElement} */ (e).innerText)
					.catch(() => '');
				const example = /Example: (\{"\w+"[^\n]*)/.exec(text)?.[1] ?? '';
				if (!example) ok = false;
				lines.push(`${label}: ${example ? example.slice(0, 120) : '(no example shown)'}`);
			}
			const screenshot = await tools.screenshot('check-aegister-update-examples');
			return { ok, detail: lines.join(' || '), screenshot };
		},
	},
	11: {
		name: 'Action lists: operation texts not truncated, no all-caps words; Aegister description fits',
		async run(page, context, tools) {
			// n8n 1.x lists a community node in the node creator without its description
			const describes = context.server.major >= 2;
			const lines = [];
			let ok = true;
			let screenshot;
			for (const [term, item] of [
				['ESET Incident', 'ESET Incident'],
				['Aegister', 'Aegister Incident'],
			]) {
				const found = await actionList(page, term, item, tools);
				screenshot = found.screenshot;
				const caps = found.actions.flatMap((a) =>
					(a.match(/\b[A-Z][A-Z0-9-]{2,}\b/g) ?? []).filter((w) => !ACRONYMS.has(w)),
				);
				if (found.cut.length || caps.length || !found.actions.length) ok = false;
				if ((describes && !found.description) || (found.descriptionLines ?? 0) > 2) ok = false;
				lines.push(
					`${item}: description "${found.description}" in ${found.descriptionLines ?? '?'} line(s)${found.descriptionCut ? ' (CUT)' : ''}; ${found.actions.length} actions${found.cut.length ? `; truncated: ${found.cut.join(', ')}` : ''}${caps.length ? `; all-caps: ${caps.join(', ')}` : ''}: ${found.actions.join(' | ')} (${found.screenshot}; search ${found.searchShot})`,
				);
			}
			const operations = await operationDropdown(page, tools);
			if (!operations.ok) ok = false;
			lines.push(operations.detail);
			return { ok, detail: lines.join(' || '), screenshot };
		},
	},
	12: {
		name: "Docs links point to the package's documentation, not ESET's API page",
		async run(page, _context, tools) {
			const lines = [];
			let ok = true;
			let screenshot;
			for (const node of ['C Incident Get', 'C Trigger Closed', 'C Aegister Update']) {
				await openNode(page, node, tools);
				const links = await docsLinks(page);
				screenshot = await tools.screenshot(`check-docs-${node}`);
				const docs = links.filter(
					(l) => /doc/i.test(l.text) || /npmjs|github|eset\.com|aegister\.com/.test(l.href),
				);
				const own = docs.some((l) => /n8n-nodes-security-incidents/.test(l.href));
				const eset = docs.filter((l) => /eset\.com/.test(l.href) && /doc/i.test(l.text));
				if (!own || eset.length) ok = false;
				lines.push(
					`${node}: ${docs.map((l) => `"${l.text}" → ${l.href}`).join(', ') || `(no docs link; every link: ${links.map((l) => l.href).join(', ')})`} (${screenshot})`,
				);
			}
			return { ok, detail: lines.join(' || '), screenshot };
		},
	},
	13: {
		name: "The trigger's output schema is served where the editor asks for it",
		async run(page, context, tools) {
			const url = `${context.server.url}/schemas/${PACKAGE_NAME}.esetIncidentTrigger/1.0.0.json`;
			const response = await page.request.get(url, { timeout: 15_000 });
			const body = await response.text();
			let json = false;
			try {
				json = typeof JSON.parse(body) === 'object';
			} catch {
				// not JSON
			}
			const viewer = await page.context().newPage();
			await viewer.goto(url, { timeout: 15_000 }).catch(() => undefined);
			const screenshot = await tools
				.screenshot('check-trigger-schema', viewer.locator('body'))
				.catch(() => undefined);
			await viewer.close();
			const seen = [...(context.schemaRequests ?? [])];
			return {
				ok: response.status() === 200 && json,
				detail: `GET ${url} → ${response.status()} ${response.headers()['content-type'] ?? ''}, ${json ? 'JSON' : 'not JSON'}: ${body.slice(0, 200)} || schema URLs the editor requested during the checks: ${seen.join(', ') || 'none'}`,
				screenshot,
			};
		},
	},
	14: {
		name: 'Resource locator: Incident offers "From List" and "By ID"; From List lists the incidents',
		async run(page, _context, tools) {
			await openNode(page, 'C Incident Close', tools);
			const item = parameter(page, 'Incident');
			await item.locator('[data-test-id="rlc-mode-selector"]').first().click({ timeout: 5000 });
			await page.waitForTimeout(500);
			const modes = (await page.evaluate(tools.openDropdownItems)).map((i) => i.text);
			const modeShot = await tools.screenshot('check-rlc-modes');
			const fromList = page
				.locator('.el-select-dropdown__item:visible, [role="option"]:visible')
				.filter({ hasText: /From List/i })
				.first();
			await fromList.click({ timeout: 5000 });
			await page.waitForTimeout(500);
			await item.locator('[data-test-id="rlc-input"]').first().click({ timeout: 5000 });
			const rows = page.locator('[data-test-id="rlc-item"]');
			await rows
				.first()
				.waitFor({ timeout: 15_000 })
				.catch(() => undefined);
			const listed = (await rows.allInnerTexts()).map(squash);
			const screenshot = await tools.screenshot('check-rlc-list');
			await page.keyboard.press('Escape').catch(() => undefined);
			const ok =
				modes.some((m) => /From List/i.test(m)) &&
				modes.some((m) => /By ID/i.test(m)) &&
				listed.some((l) => /host-1\b/.test(l));
			return {
				ok,
				detail: `modes: ${modes.join(' | ')} (${modeShot}) || From List: ${listed.slice(0, 6).join(' | ') || '(nothing listed)'}`,
				screenshot,
			};
		},
	},
};

/** Every link of the open panel, its text and address. @param {import('playwright-core').Page} page */
async function docsLinks(page) {
	return await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="ndv"] a[href]')].map((a) => ({
			text: /** @type {HTMLElement} */ (a).innerText.replace(/\s+/g, ' ').trim(),
			href: /** @type {HTMLAnchorElement} */ (a).href,
		})),
	);
}

/**
 * The node creator searched for `term`: the item `itemName` (description, its lines), then its
 * action list (texts, truncated ones).
 * @param {import('playwright-core').Page} page @param {string} term @param {string} itemName @param {Tools} tools
 */
async function actionList(page, term, itemName, tools) {
	await tools.closePanel(page);
	await page
		.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]')
		.first()
		.click({ timeout: 10_000 });
	const search = page
		.locator(
			'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]',
		)
		.first();
	await search.fill(term, { timeout: 10_000 });
	await page.waitForTimeout(1000);
	const item = page
		.locator('[data-test-id="item-iterator-item"]:visible')
		.filter({ hasText: new RegExp(`^\\s*${itemName}(?! Trigger)`) })
		.first();
	const described = await item
		.locator('[data-test-id="node-creator-item-description"], [class*="description"]')
		.first()
		.evaluate((e) => {
			const lineHeight = parseFloat(getComputedStyle(e).lineHeight) || 16;
			return {
				text: /** @type {HTMLElement} */ (e).innerText.trim(),
				lines: Math.round(e.getBoundingClientRect().height / lineHeight),
				cut: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1,
			};
		})
		.catch(() => undefined);
	const searchShot = await tools.screenshot(`check-creator-${term}`);
	await item.click({ timeout: 5000 }).catch(() => search.press('Enter'));
	await page.waitForTimeout(1000);
	const actions = (
		await page.locator('[data-test-id="item-iterator-item"]:visible').allTextContents()
	)
		.map(squash)
		.filter(Boolean);
	const cut = (
		await page.evaluate(tools.truncatedIn, '[data-test-id="node-creator"], [class*="nodeCreator"]')
	).map((c) => c.text);
	const screenshot = await tools.screenshot(`check-actions-${term}`);
	await page.keyboard.press('Escape');
	await page.waitForTimeout(500);
	return {
		description: described?.text ?? '',
		descriptionLines: described?.lines,
		descriptionCut: described?.cut,
		actions,
		cut,
		screenshot,
		searchShot,
	};
}

/** The Operation dropdown of every ESET resource shown in the checks (names and descriptions). @param {import('playwright-core').Page} page @param {Tools} tools */
async function operationDropdown(page, tools) {
	const lines = [];
	let ok = true;
	for (const node of ['C Rule Delete', 'C Incident Close', 'C Group Search']) {
		await openNode(page, node, tools);
		const { items, shot } = await dropdownOf(page, 'Operation', tools);
		const caps = items.flatMap((i) =>
			(i.text.match(/\b[A-Z][A-Z0-9-]{2,}\b/g) ?? []).filter(
				(/** @type {string} */ w) => !ACRONYMS.has(w),
			),
		);
		const cut = items.filter((i) => i.truncated).map((i) => i.text);
		if (caps.length || cut.length || !items.length) ok = false;
		lines.push(
			`${node} → Operation: ${items.map((i) => i.text).join(' | ')}${cut.length ? `; truncated: ${cut}` : ''}${caps.length ? `; all-caps: ${caps}` : ''} (${shot})`,
		);
	}
	return { ok, detail: lines.join(' || ') };
}

/**
 * Every check of the issue, in an order where each finds what it needs (7 closes the incident 5
 * fetches); one failing does not stop the others.
 * @param {import('playwright-core').Page} page
 * @param {{ server: any, workflowId: string }} context
 * @param {Tools} tools
 * @returns {Promise<Check[]>}
 */
async function runChecks(page, context, tools) {
	/** @type {string[]} */
	const schemaRequests = [];
	page.on('request', (request) => {
		if (request.url().includes('/schemas/')) schemaRequests.push(request.url());
	});
	await page.goto(`${context.server.url}/workflow/${context.workflowId}`, { timeout: 60_000 });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(1500);
	/** @type {Check[]} */
	const checks = [];
	for (const id of ['1', '2', '3', '4', '7', '5', '6', '8', '9', '10', '11', '12', '13', '14']) {
		const check = CHECKS[id];
		try {
			const result = await check.run(page, { ...context, schemaRequests }, tools);
			checks.push({ id, name: check.name, ...result });
		} catch (error) {
			const screenshot = await tools.screenshot(`check-${id}-broke`).catch(() => undefined);
			checks.push({
				id,
				name: check.name,
				ok: false,
				detail: `the check could not finish: ${String(/** @type {Error} */ (error).message).split('\n')[0]}`,
				screenshot,
			});
			await page.keyboard.press('Escape').catch(() => undefined);
		}
		const last = checks[checks.length - 1];
		console.log(
			`  check ${id} ${last.ok ? 'ok' : 'FAIL'}: ${last.name}: ${last.detail.slice(0, 300)}`,
		);
	}
	await tools.closePanel(page);
	return checks.sort((a, b) => Number(a.id) - Number(b.id));
}

module.exports = { CHECKS, checksWorkflow, runChecks, INCIDENT, closeDropdown };
