#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * A walk through n8n's real editor with this package, in a headless Chromium driven by
 * playwright-core (not part of CI): for each n8n release of the end-to-end run it
 *
 *  1. installs the packed package as a community package into a fresh user folder, starts the API
 *     double and `n8n start`, sets up the owner and creates an ESET and an Aegister credential
 *     pointing at the double (REST API, as in test/e2e/server.js);
 *  2. logs in through the sign-in page, opens a workflow holding one node per operation of ESET
 *     Incident and Aegister Incident, and for each node opens its panel, reads every "Add …"
 *     dropdown of its collections (order and truncated option labels), adds every option, runs
 *     "Execute step" and records what the output panel says;
 *  3. checks for labels the panel truncates (text-overflow: ellipsis with scrollWidth >
 *     clientWidth), the order of Aegister Incident → Update → Update Fields, the node icons at
 *     their small sizes in the node creator and on the canvas, and the credential modal (a wrong
 *     password saved: what the editor sends and what it shows);
 *  4. runs the named checks of test/editor/checks.js (each ok or FAIL, with a screenshot) on a
 *     second workflow of nodes set up for them;
 *  5. saves a screenshot of every step (PNG) and a report (report.md, report.json) in the work
 *     folder.
 *
 * Environment:
 *   EDITOR_WORK_DIR     work folder (default <os tmpdir>/n8n-editor-walkthrough; wiped at start)
 *   E2E_N8N_VERSIONS    only these n8n versions (prefixes, comma-separated), as for test:e2e
 *   E2E_CACHE_DIR       the end-to-end run's cache of n8n installs (installed there if missing)
 *   CHROMIUM_PATH       the Chromium binary (default: chromium, chromium-browser or google-chrome
 *                       on the PATH); a browser is never downloaded
 *   EDITOR_NODES        only nodes whose name contains one of these (comma-separated)
 *
 * Every wait is bounded; the browser, n8n and the double are stopped at the end, also on failure.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { TARGETS, CACHE_DIR } = require('../e2e/config');
const { buildAndPack, startDouble } = require('../e2e/setup');
const { ensureNode, ensureN8n } = require('../e2e/install');
const { N8nInstance } = require('../e2e/n8n');
const { N8nServer, OWNER } = require('../e2e/server');
const { PACKAGE_NAME } = require('../e2e/workflows');
const { run, seconds } = require('../e2e/util');
const { checksWorkflow, closeDropdown, runChecks } = require('./checks');

const WORK_DIR = process.env.EDITOR_WORK_DIR || path.join(os.tmpdir(), 'n8n-editor-walkthrough');
const started = Date.now();
const say = (/** @type {string} */ line) =>
	console.log(`[editor ${seconds(Date.now() - started).padStart(6)}] ${line}`);

/** Aegister Incident → Update → Update Fields, in the order the node defines (NIS2 phases last). */
const AEGISTER_UPDATE_FIELDS_ORDER = [
	'Title',
	'Status',
	'Reference Code',
	'Subject Type',
	'Classification',
	'Metadata',
	'24-Hour Early Warning',
	'72-Hour Notification',
	'Final Report',
];

const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** The Chromium to drive: CHROMIUM_PATH, or the first of the usual names on the PATH. */
function chromiumPath() {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
			const file = path.join(dir, name);
			if (fs.existsSync(file)) return file;
		}
	}
	throw new Error(
		'no Chromium found: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH',
	);
}

/**
 * @typedef {object} Finding
 * @property {string} n8n
 * @property {string} where       node (resource → operation) or editor area
 * @property {string} what
 * @property {string} [screenshot]
 */

// ------------------------------------------------------------------ the workflow to walk through

/**
 * One node per operation of each node of the package, in a grid, with the credentials set.
 * @param {Record<string, any>} nodes  describe-nodes.js output
 * @param {Record<string, { id: string, name: string }>} credentials  by credential type
 */
function walkthroughWorkflow(nodes, credentials) {
	const credentialOf = { esetIncident: 'esetConnectApi', aegisterIncident: 'aegisterApi' };
	/** @type {any[]} */
	const workflowNodes = [
		{
			parameters: {},
			id: 'walk-trigger',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
		},
	];
	/** @type {Array<{ name: string, node: string, resource: string, operation: string }>} */
	const walked = [];
	let index = 0;
	for (const [nodeName, description] of Object.entries(nodes)) {
		const credentialType = /** @type {Record<string, string>} */ (credentialOf)[nodeName];
		for (const resource of description.resources) {
			for (const operation of description.operations[resource] ?? []) {
				// as short as a user's own names, so that the panel's title is not what gets cut
				const name = `${description.displayName.split(' ')[0]} ${resource} ${operation}`;
				workflowNodes.push({
					parameters: { resource, operation },
					id: `walk-${index}`,
					name,
					type: `${PACKAGE_NAME}.${nodeName}`,
					typeVersion: 1,
					position: [300 + (index % 5) * 260, Math.floor(index / 5) * 200],
					credentials: credentialType
						? { [credentialType]: credentials[credentialType] }
						: undefined,
				});
				walked.push({ name, node: description.displayName, resource, operation });
				index++;
			}
		}
	}
	return {
		workflow: {
			name: 'Editor walk-through: every operation',
			nodes: workflowNodes,
			connections: {},
			settings: { executionOrder: 'v1' },
		},
		walked,
	};
}

// ------------------------------------------------------------------ in the page

/**
 * Runs in the page: every visible element inside `rootSelector` whose text the browser cuts with an
 * ellipsis (text-overflow: ellipsis and content wider than the box), with its text and widths.
 * @param {string} rootSelector
 */
function truncatedIn(rootSelector) {
	/** @type {Array<{ text: string, scrollWidth: number, clientWidth: number, testId: string | null }>} */
	const found = [];
	const roots = [...document.querySelectorAll(rootSelector)];
	for (const root of roots) {
		for (const element of root.querySelectorAll('*')) {
			const box = element.getBoundingClientRect();
			if (!box.width || !box.height) continue;
			const style = getComputedStyle(element);
			if (style.textOverflow !== 'ellipsis' || style.visibility === 'hidden') continue;
			if (element.scrollWidth > element.clientWidth + 1) {
				const text = /** @type {HTMLElement} */ (element).innerText.replace(/\s+/g, ' ').trim();
				if (text)
					found.push({
						text,
						scrollWidth: element.scrollWidth,
						clientWidth: element.clientWidth,
						testId: element.closest('[data-test-id]')?.getAttribute('data-test-id') ?? null,
					});
			}
		}
	}
	return found;
}

/** Runs in the page: the items of the dropdown that is open now, in order, each with truncation. */
function openDropdownItems() {
	const visible = (/** @type {Element} */ e) => {
		const box = e.getBoundingClientRect();
		return box.width > 0 && box.height > 0 && getComputedStyle(e).visibility !== 'hidden';
	};
	const lists = [
		...document.querySelectorAll('.el-select-dropdown__list, .el-dropdown-menu, [role="listbox"]'),
	].filter(visible);
	const list = lists[lists.length - 1];
	if (!list) return [];
	return [...list.querySelectorAll('li, [role="option"]')].filter(visible).map((item) => {
		const cut = [item, ...item.querySelectorAll('*')].filter(
			(e) => getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1,
		);
		return {
			text: /** @type {HTMLElement} */ (item).innerText.replace(/\s+/g, ' ').trim(),
			truncated: cut.length > 0,
			disabled: item.classList.contains('is-disabled'),
		};
	});
}

// ------------------------------------------------------------------ the walk

/**
 * @param {import('playwright-core').Page} page
 * @param {{ server: N8nServer, label: string, shots: string, workflowId: string, checksWorkflowId: string, walked: Array<{ name: string, node: string, resource: string, operation: string }>, credentials: Record<string, { id: string, name: string }>, findings: Finding[], notes: string[], checks: import('./checks').Check[] }} context
 */
async function walk(page, context) {
	const { server, label, shots, workflowId, walked, findings, notes } = context;
	// n8n 2.x marks the control; n8n 1.x's CollectionParameter has a select (or, for a single
	// option, a button) under .param-options
	const addControl =
		server.major >= 2
			? '[data-test-id="collection-parameter-add"]'
			: '.param-options > .add-option, .param-options > button';
	let shot = 0;
	const screenshot = async (
		/** @type {string} */ name,
		/** @type {import('playwright-core').Locator | undefined} */ locator = undefined,
	) => {
		const file = path.join(
			shots,
			`${String(++shot).padStart(3, '0')}-${name.replace(/[^\w.-]+/g, '_').slice(0, 80)}.png`,
		);
		if (locator) await locator.screenshot({ path: file, timeout: 10_000 });
		else await page.screenshot({ path: file, timeout: 10_000 });
		return file;
	};
	const finding = (
		/** @type {string} */ where,
		/** @type {string} */ what,
		/** @type {string | undefined} */ file = undefined,
	) => {
		findings.push({ n8n: label, where, what, screenshot: file });
		say(`${label}: FINDING ${where}: ${what}${file ? ` (${file})` : ''}`);
	};

	// sign in as a user does
	await page.goto(`${server.url}/signin`, { timeout: 60_000 });
	await page
		.locator('input[name="emailOrLdapLoginId"], input[name="email"]')
		.first()
		.fill(OWNER.email, { timeout: 30_000 });
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30_000 });
	notes.push(`signed in through ${server.url}/signin`);

	// the canvas with every operation
	await page.goto(`${server.url}/workflow/${workflowId}`, { timeout: 60_000 });
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
	await page.waitForTimeout(1500);
	const canvasShot = await screenshot('canvas');
	notes.push(`canvas: ${canvasShot}`);
	const canvasCut = await page.evaluate(truncatedIn, '[data-test-id="canvas-node"]');
	for (const cut of canvasCut)
		finding(
			'canvas',
			`node label truncated: "${cut.text}" (${cut.scrollWidth} px in ${cut.clientWidth} px)`,
			canvasShot,
		);
	const subtitles = await page.evaluate(() =>
		[...document.querySelectorAll('[data-test-id="canvas-node"]')].map((n) =>
			/** @type {HTMLElement} */ (n).innerText.replace(/\s+/g, ' ').trim(),
		),
	);
	notes.push(`canvas node texts: ${subtitles.join(' | ')}`);
	// the icons at the canvas size
	for (const type of ['esetIncident', 'aegisterIncident']) {
		const node = page
			.locator(`[data-test-id="canvas-node"][data-node-type="${PACKAGE_NAME}.${type}"]`)
			.first();
		if ((await node.count()) === 0) continue;
		const icon = node
			.locator(`img[src*="${type === 'esetIncident' ? 'eset' : 'aegister'}"]`)
			.first();
		const box = await icon.boundingBox().catch(() => null);
		const file = await screenshot(`canvas-icon-${type}`, icon).catch(() => undefined);
		const large = file ? await magnify(page, file) : undefined;
		notes.push(
			`canvas icon ${type}: ${box ? `${Math.round(box.width)}×${Math.round(box.height)} px` : 'no box'} (${file}; ×8: ${large})`,
		);
	}

	for (const item of walked) {
		if (
			process.env.EDITOR_NODES &&
			!process.env.EDITOR_NODES.split(',').some((f) => item.name.includes(f.trim()))
		)
			continue;
		const where = `${item.node} → ${item.resource} → ${item.operation}`;
		try {
			await walkNode(page, item, where, { screenshot, finding, notes, addControl });
		} catch (error) {
			finding(
				where,
				`the walk-through could not finish this node: ${String(/** @type {Error} */ (error).message).split('\n')[0]}`,
				await screenshot(`error-${item.name}`).catch(() => undefined),
			);
			await page.keyboard.press('Escape').catch(() => undefined);
		}
		await closePanel(page);
	}

	const tools = { screenshot, notes, closePanel, openDropdownItems, truncatedIn };
	context.checks.push(
		...(await runChecks(page, { server, workflowId: context.checksWorkflowId }, tools)),
	);
	await nodeCreator(page, { screenshot, finding, notes });
	await credentialModal(page, context, { screenshot, finding, notes });
	await communityNodesSettings(page, context, { screenshot, finding, notes });
}

/**
 * Settings → Community Nodes with the package installed by hand (as the README's manual
 * installation does): what n8n lists there, through the REST API and on the page.
 * @param {import('playwright-core').Page} page
 * @param {{ server: N8nServer }} context
 * @param {Tools} tools
 */
async function communityNodesSettings(page, { server }, { screenshot, notes }) {
	const listed = await server
		.rest('GET', '/community-packages')
		.catch((/** @type {Error} */ error) => `error: ${error.message}`);
	notes.push(
		`GET /rest/community-packages with the package installed by hand (loaded: its nodes are on the canvas): ${JSON.stringify(listed).slice(0, 300)}`,
	);
	await page.goto(`${server.url}/settings/community-nodes`, { timeout: 60_000 });
	await page.waitForTimeout(2500);
	const text = (
		(await page
			.locator('main, #app')
			.first()
			.innerText({ timeout: 5000 })
			.catch(() => '')) || ''
	).replace(/\s+/g, ' ');
	notes.push(
		`Settings → Community Nodes shows: ${text.slice(0, 400)} (${await screenshot('settings-community-nodes')})`,
	);
}

/**
 * A copy of a small screenshot at eight times its size, pixels kept square (to look at an icon as
 * rendered, not as re-drawn larger): `<file>-x8.png`.
 * @param {import('playwright-core').Page} page  any page of the browser
 * @param {string} file
 */
async function magnify(page, file) {
	const viewer = await page.context().newPage();
	try {
		const data = fs.readFileSync(file).toString('base64');
		await viewer.setContent(
			`<body style="margin:0;background:#fff"><img id="i" src="data:image/png;base64,${data}" style="image-rendering:pixelated"></body>`,
		);
		const image = viewer.locator('#i');
		await image.evaluate((/** @type {HTMLImageElement} */ img) =>
			img
				.decode()
				.then(
					() => (
						(img.style.width = `${img.naturalWidth * 8}px`),
						(img.style.height = `${img.naturalHeight * 8}px`)
					),
				),
		);
		const large = file.replace(/\.png$/, '-x8.png');
		await image.screenshot({ path: large, timeout: 10_000 });
		return large;
	} finally {
		await viewer.close();
	}
}

/** @param {import('playwright-core').Page} page */
async function closePanel(page) {
	const ndv = page.locator('[data-test-id="ndv"]');
	for (let i = 0; i < 3 && (await ndv.isVisible().catch(() => false)); i++) {
		const close = page
			.locator('[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]')
			.first();
		if (await close.isVisible().catch(() => false))
			await close.click({ timeout: 5000 }).catch(() => undefined);
		else await page.keyboard.press('Escape');
		await page.waitForTimeout(300);
	}
}

/**
 * @typedef {object} Tools
 * @property {(name: string, locator?: import('playwright-core').Locator) => Promise<string>} screenshot
 * @property {(where: string, what: string, file?: string) => void} finding
 * @property {string[]} notes
 * @property {string} [addControl]  the selector of a collection's "Add …" control in this editor
 */

/**
 * One node's panel: screenshot, truncated labels, every collection's "Add …" dropdown (order,
 * truncation; every option added), "Execute step" and what the output says.
 * @param {import('playwright-core').Page} page
 * @param {{ name: string, node: string, resource: string, operation: string }} item
 * @param {string} where
 * @param {Tools} tools
 */
async function walkNode(page, item, where, { screenshot, finding, notes, addControl }) {
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${item.name}"]`)
		.dblclick({ timeout: 15_000 });
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.waitFor({ timeout: 15_000 });
	await page.locator('[data-test-id="node-parameters"]').waitFor({ timeout: 15_000 });
	await page.waitForTimeout(800);
	const panelShot = await screenshot(`${item.name}-panel`);
	const labels = await page.evaluate(() =>
		[
			...document.querySelectorAll('[data-test-id="node-parameters"] [data-test-id="input-label"]'),
		].map((l) => /** @type {HTMLElement} */ (l).innerText.replace(/\s+/g, ' ').trim()),
	);
	notes.push(`${where}: parameters ${labels.filter(Boolean).join(' | ')} (${panelShot})`);
	const reported = new Set();
	const reportCut = async (/** @type {string} */ file) => {
		for (const cut of await page.evaluate(truncatedIn, '[data-test-id="node-parameters"]')) {
			const key = `${cut.text}|${cut.testId}`;
			if (reported.has(key)) continue;
			reported.add(key);
			finding(
				where,
				`text truncated in the panel: "${cut.text}" (${cut.scrollWidth} px in ${cut.clientWidth} px, in ${cut.testId ?? 'an element'})`,
				file,
			);
		}
	};
	await reportCut(panelShot);

	// every "Add …" control of a collection, until nothing is left to add; found by the label of
	// the collection (the controls disappear and move as options are added)
	const titles = await page.evaluate((selector) => {
		const found = [];
		for (const item of document.querySelectorAll(
			'[data-test-id="node-parameters"] [data-test-id="parameter-item"]',
		)) {
			const add = item.querySelector(selector);
			const label = item.querySelector('[data-test-id="input-label"]');
			// the innermost parameter item that holds the control
			if (add && label && add.closest('[data-test-id="parameter-item"]') === item)
				found.push(/** @type {HTMLElement} */ (label).innerText.replace(/\s+/g, ' ').trim());
		}
		// n8n's own "Request Options" of a declarative node (batching, proxy…) is not the package's
		return [...new Set(found)].filter((title) => title !== 'Request Options');
	}, addControl);
	const addOf = (/** @type {string} */ title) =>
		page
			.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"]')
			.filter({
				has: page.locator('[data-test-id="input-label"]', {
					hasText: new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`),
				}),
			})
			.last()
			.locator(addControl)
			.first();
	const collections = titles.length;
	for (const title of titles) {
		try {
			await addEveryOption(title);
		} catch (error) {
			notes.push(
				`${where}: the walk-through could not go through "${title}": ${String(/** @type {Error} */ (error).message).split('\n')[0]}`,
			);
			await closeDropdown(page);
		}
	}
	/** @param {string} title */
	async function addEveryOption(title) {
		const add = addOf(title);
		await add.scrollIntoViewIfNeeded({ timeout: 5000 });
		await add.click({ timeout: 5000 });
		await page.waitForTimeout(500);
		const items = await page.evaluate(openDropdownItems);
		const dropdownShot = await screenshot(`${item.name}-${title}-dropdown`);
		notes.push(
			`${where}: "${title}" dropdown: ${items.map((i) => i.text).join(' | ') || '(no dropdown: the control adds its only option)'} (${dropdownShot})`,
		);
		for (const i of items.filter((x) => x.truncated))
			finding(where, `"${title}" dropdown cuts the option "${i.text}"`, dropdownShot);
		if (
			item.node === 'Aegister Incident' &&
			item.resource === 'incident' &&
			item.operation === 'update' &&
			/update fields/i.test(title)
		) {
			const shown = items.map((i) => i.text);
			const same = JSON.stringify(shown) === JSON.stringify(AEGISTER_UPDATE_FIELDS_ORDER);
			const sorted =
				JSON.stringify(shown) ===
				JSON.stringify([...AEGISTER_UPDATE_FIELDS_ORDER].sort((a, b) => a.localeCompare(b)));
			notes.push(
				`ORDER ${where} → ${title}: ${same ? 'as defined (NIS2 order)' : sorted ? 'sorted alphabetically' : 'neither as defined nor alphabetical'}: ${shown.join(', ')}`,
			);
			if (!same)
				finding(
					where,
					`"${title}" does not keep the NIS2 order: ${shown.join(', ')}`,
					dropdownShot,
				);
		}
		if (items.length) await closeDropdown(page);
		// add every option (the list shrinks as options are added), at most 20
		for (let n = 0; n < 20 && items.length; n++) {
			const again = addOf(title);
			if ((await again.count()) === 0) break;
			await again.scrollIntoViewIfNeeded({ timeout: 5000 }).catch(() => undefined);
			await again.click({ timeout: 5000 });
			await page.waitForTimeout(300);
			const option = page
				.locator(
					'.el-select-dropdown__list:visible li:not(.is-disabled), .el-dropdown-menu:visible li:not(.is-disabled)',
				)
				.first();
			if ((await option.count()) === 0) {
				await closeDropdown(page);
				break;
			}
			await option.click({ timeout: 5000 });
			await page.waitForTimeout(300);
		}
	}
	if (collections) {
		const fullShot = await screenshot(`${item.name}-all-options-added`);
		const full = await ndv.locator('[data-test-id="node-parameters"]').first();
		const tall = await full
			.evaluate((e) => e.scrollHeight > e.clientHeight + 10)
			.catch(() => false);
		await reportCut(fullShot);
		// the parameters panel scrolls: take its lower part too
		if (tall) {
			await full.evaluate((e) => e.scrollTo(0, e.scrollHeight)).catch(() => undefined);
			await page.waitForTimeout(300);
			await reportCut(await screenshot(`${item.name}-all-options-added-bottom`));
		}
		const added = await page.evaluate(() =>
			[
				...document.querySelectorAll(
					'[data-test-id="node-parameters"] [data-test-id="input-label"]',
				),
			].map((l) => /** @type {HTMLElement} */ (l).innerText.replace(/\s+/g, ' ').trim()),
		);
		notes.push(
			`${where}: with every option added: ${added.filter(Boolean).join(' | ')} (${fullShot})`,
		);
	}

	// "Execute step" with what is filled in (nothing but the defaults): what the user reads
	const execute = page.locator('[data-test-id="node-execute-button"]').first();
	if (!(await execute.isVisible().catch(() => false)))
		notes.push(
			`${where}: no "Execute step" button visible (${await screenshot(`${item.name}-no-execute`)})`,
		);
	else {
		await execute.click({ timeout: 5000 });
		const output = page.locator('[data-test-id="output-panel"]');
		let text = '';
		const until = Date.now() + 20_000;
		while (Date.now() < until) {
			await page.waitForTimeout(700);
			text = ((await output.innerText({ timeout: 2000 }).catch(() => '')) || '')
				.replace(/\s+/g, ' ')
				.trim();
			const dialog = await page
				.locator('.el-message-box:visible, [role="dialog"]:visible .el-message-box__message')
				.first()
				.innerText({ timeout: 500 })
				.catch(() => '');
			if (dialog) {
				text = `dialog: ${dialog.replace(/\s+/g, ' ')}`;
				break;
			}
			if (text && !/Executing|Running/i.test(text) && !/No output data/i.test(text)) break;
		}
		const toast = await page
			.locator('.el-notification:visible')
			.allInnerTexts()
			.catch(() => []);
		const runShot = await screenshot(`${item.name}-execute-step`);
		notes.push(
			`${where}: Execute step → ${text.slice(0, 600)}${toast.length ? ` | toast: ${toast.join(' / ').replace(/\s+/g, ' ').slice(0, 300)}` : ''} (${runShot})`,
		);
		for (const close of await page
			.locator('.el-message-box__headerbtn:visible, .el-notification__closeBtn:visible')
			.all())
			await close.click({ timeout: 2000 }).catch(() => undefined);
	}
}

/**
 * The node creator searched for each vendor: the list with the icons at their small size.
 * @param {import('playwright-core').Page} page
 * @param {Tools} tools
 */
async function nodeCreator(page, { screenshot, notes }) {
	for (const term of ['ESET', 'Aegister']) {
		const plus = page
			.locator('[data-test-id="node-creator-plus-button"], [data-test-id="canvas-plus-button"]')
			.first();
		await plus.click({ timeout: 10_000 });
		const search = page
			.locator(
				'[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]',
			)
			.first();
		await search.waitFor({ timeout: 10_000 });
		await search.fill(term);
		await page.waitForTimeout(1000);
		const listShot = await screenshot(`node-creator-${term}`);
		const items = page.locator(
			'[data-test-id="node-creator-node-item"], [data-test-id="node-creator-item-name"]',
		);
		const texts = (await items.allInnerTexts().catch(() => [])).map((t) =>
			t.replace(/\s+/g, ' ').trim(),
		);
		notes.push(`node creator "${term}": ${texts.slice(0, 6).join(' | ')} (${listShot})`);
		const ours = page
			.locator('[data-test-id="item-iterator-item"]')
			.filter({ hasText: new RegExp(`^\\s*${term} Incident`) })
			.first();
		if (await ours.count()) {
			const icon = ours.locator('img').first();
			const box = await icon.boundingBox().catch(() => null);
			const iconShot = await screenshot(`node-creator-icon-${term}`, icon).catch(() => undefined);
			const itemShot = await screenshot(`node-creator-item-${term}`, ours).catch(() => undefined);
			const large = iconShot ? await magnify(page, iconShot) : undefined;
			notes.push(
				`node creator icon "${term}": ${box ? `${Math.round(box.width)}×${Math.round(box.height)} px` : 'no box'} (${iconShot}; ×8: ${large}; item ${itemShot})`,
			);
		} else {
			notes.push(`node creator "${term}": no "${term} Incident" item found`);
		}
		await page.keyboard.press('Escape');
		await page.waitForTimeout(500);
	}
}

/**
 * The ESET credential in the credential modal: as loaded, then a wrong password saved (the request
 * the editor sends is recorded, and what it shows afterwards), then the right password again.
 * @param {import('playwright-core').Page} page
 * @param {{ server: N8nServer, credentials: Record<string, { id: string, name: string }> }} context
 * @param {Tools} tools
 */
async function credentialModal(page, context, { screenshot, notes }) {
	const { server, credentials } = context;
	const eset = credentials.esetConnectApi;
	/** @type {Array<{ method: string, url: string, body: any }>} */
	const sent = [];
	const record = (/** @type {import('playwright-core').Request} */ request) => {
		if (!/\/rest\/credentials/.test(request.url()) || request.method() === 'GET') return;
		let body = request.postData();
		try {
			body = JSON.parse(body ?? '');
		} catch {
			// as sent
		}
		sent.push({ method: request.method(), url: new URL(request.url()).pathname, body });
	};
	page.on('request', record);
	try {
		await page.goto(`${server.url}/home/credentials/${eset.id}`, { timeout: 60_000 });
		const modal = page.locator('[data-test-id="editCredential-modal"], .el-dialog:visible').first();
		await modal.waitFor({ timeout: 30_000 });
		await page.waitForTimeout(1500);
		notes.push(`credential modal as opened: ${await screenshot('credential-modal')}`);
		const password = modal.locator('input[type="password"]').first();
		await password.fill('a-wrong-password', { timeout: 10_000 });
		await modal.locator('[data-test-id="credential-save-button"]').click({ timeout: 10_000 });
		const until = Date.now() + 30_000;
		while (Date.now() < until && !sent.some((s) => s.url.endsWith('/credentials/test')))
			await page.waitForTimeout(500);
		await page.waitForTimeout(2000);
		const details = modal.getByText(/More details/i).first();
		if (await details.isVisible().catch(() => false)) {
			await details.click({ timeout: 5000 }).catch(() => undefined);
			await page.waitForTimeout(500);
		}
		const shown = ((await modal.innerText({ timeout: 5000 }).catch(() => '')) || '').replace(
			/\s+/g,
			' ',
		);
		notes.push(
			`credential modal after saving a wrong password: ${shown.slice(0, 700)} (${await screenshot('credential-modal-wrong-password')})`,
		);
		for (const s of sent) {
			const data = s.body?.data ?? s.body?.credentials?.data;
			notes.push(`the editor sent ${s.method} ${s.url} with data ${JSON.stringify(data)}`);
		}
	} finally {
		page.off('request', record);
		await page.keyboard.press('Escape').catch(() => undefined);
	}
}

// ------------------------------------------------------------------ one release

/**
 * @param {import('../e2e/config').Target} target
 * @param {string} tarball
 * @param {(line: string) => void} log
 * @returns {Promise<{ findings: Finding[], notes: string[], checks: import('./checks').Check[], shots: string, ms: number }>}
 */
async function walkTarget(target, tarball, log) {
	const targetStarted = Date.now();
	const label = `n8n ${target.n8n}`;
	const installLogDir = path.join(CACHE_DIR, 'install-logs');
	const node = await ensureNode(CACHE_DIR, target.node, installLogDir);
	const n8n = await ensureN8n(CACHE_DIR, target, node, installLogDir, log);
	const workDir = path.join(WORK_DIR, `n8n-${target.n8n}`);
	const shots = path.join(workDir, 'screenshots');
	const instance = new N8nInstance({
		target,
		n8nBin: n8n.bin,
		nodeBin: node.bin,
		nodePackageDir: node.packageDir,
		n8nDir: n8n.dir,
		workDir,
	});
	await instance.prepare();
	fs.mkdirSync(shots, { recursive: true });
	/** @type {Finding[]} */
	const findings = [];
	/** @type {string[]} */
	const notes = [];
	/** @type {import('./checks').Check[]} */
	const checks = [];
	const double = await startDouble(path.join(instance.logDir, 'api-double.log'));
	const server = new N8nServer(instance, { label: 'editor' });
	/** @type {import('playwright-core').BrowserContext | undefined} */
	let browser;
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-editor-chromium-'));
	try {
		const installed = await instance.installCommunityPackage(tarball, PACKAGE_NAME);
		if (!installed.ok) throw new Error(`installing the package failed (log: ${installed.log})`);
		const describe = await run(
			node.bin,
			[path.join(__dirname, '..', 'e2e', 'describe-nodes.js'), installed.dir],
			{
				env: { ...process.env, NODE_PATH: path.join(n8n.dir, 'node_modules') },
				log: instance.logFile('describe-nodes'),
				timeoutMs: 60_000,
			},
		);
		if (describe.code !== 0) throw new Error('cannot read the node descriptions');
		const { nodes } = JSON.parse(describe.stdout);
		log(`${label}: starting n8n`);
		await server.start();
		await server.setupOwnerAndLogin();
		log(`${label}: n8n at ${server.url} (log ${server.log})`);
		const data = await double.control('GET', 'credentials');
		const eset = await server.createCredential(
			'ESET Connect account',
			'esetConnectApi',
			data.esetConnectApi,
		);
		const aegister = await server.createCredential(
			'Aegister account',
			'aegisterApi',
			data.aegisterApi,
		);
		const readOnly = await server.createCredential('ESET Connect read-only', 'esetConnectApi', {
			...data.esetConnectApi,
			allowChanges: false,
		});
		const credentials = {
			esetConnectApi: { id: eset.id, name: eset.name },
			aegisterApi: { id: aegister.id, name: aegister.name },
			readOnly: { id: readOnly.id, name: readOnly.name },
		};
		// tested once, as a user does after creating it: the token is stored in the credential
		const tested = await server.testCredentialAsEditor(eset.id);
		notes.push(`ESET credential tested through the REST API: ${JSON.stringify(tested)}`);
		const { workflow, walked } = walkthroughWorkflow(nodes, credentials);
		const saved = await server.createWorkflow(workflow);
		const checksSaved = await server.createWorkflow(checksWorkflow(credentials));

		const { chromium } = require('playwright-core');
		browser = await chromium.launchPersistentContext(profile, {
			executablePath: chromiumPath(),
			headless: true,
			args: CHROMIUM_FLAGS,
			viewport: { width: 1440, height: 900 },
			timeout: 60_000,
		});
		const page = browser.pages()[0] ?? (await browser.newPage());
		page.setDefaultTimeout(15_000);
		await walk(page, {
			server,
			label,
			shots,
			workflowId: saved.id,
			checksWorkflowId: checksSaved.id,
			walked,
			credentials,
			findings,
			notes,
			checks,
		});
	} finally {
		await browser?.close().catch(() => undefined);
		fs.rmSync(profile, { recursive: true, force: true });
		await server.stop();
		double.stop();
	}
	return { findings, notes, checks, shots, ms: Date.now() - targetStarted };
}

async function main() {
	for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM']))
		process.on(signal, () => process.exit(130));
	const filter = (process.env.E2E_N8N_VERSIONS ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	const targets = TARGETS.filter((t) => !filter.length || filter.some((v) => t.n8n.startsWith(v)));
	if (!targets.length)
		throw new Error(`E2E_N8N_VERSIONS=${process.env.E2E_N8N_VERSIONS} matches no release`);
	const marker = path.join(WORK_DIR, '.editor-walkthrough');
	if (fs.existsSync(WORK_DIR) && fs.readdirSync(WORK_DIR).length && !fs.existsSync(marker)) {
		throw new Error(
			`${WORK_DIR} exists and is not a walk-through folder: choose another EDITOR_WORK_DIR or empty it`,
		);
	}
	fs.rmSync(WORK_DIR, { recursive: true, force: true });
	fs.mkdirSync(WORK_DIR, { recursive: true });
	fs.writeFileSync(
		marker,
		'work folder of test/editor/walkthrough.js; wiped at the start of every run\n',
	);
	say(`work ${WORK_DIR}`);
	const tarball = await buildAndPack(WORK_DIR, say);

	/** @type {Record<string, { findings: Finding[], notes: string[], checks: import('./checks').Check[], shots: string, ms: number } | { error: string }>} */
	const results = {};
	for (const target of targets) {
		try {
			const result = await walkTarget(target, tarball, say);
			results[target.n8n] = result;
			const failed = result.checks.filter((c) => !c.ok).length;
			say(
				`n8n ${target.n8n}: ${result.findings.length} finding(s), ${result.checks.length - failed}/${result.checks.length} checks ok in ${seconds(result.ms)}; screenshots in ${result.shots}`,
			);
		} catch (error) {
			results[target.n8n] = { error: String(/** @type {Error} */ (error).stack ?? error) };
			say(`n8n ${target.n8n}: the walk-through failed: ${/** @type {Error} */ (error).message}`);
		}
	}
	const lines = [`# Editor walk-through (${new Date().toISOString()})`, ''];
	for (const [version, result] of Object.entries(results)) {
		lines.push(`## n8n ${version}`, '');
		if ('error' in result) {
			lines.push('The walk-through failed:', '', '```', result.error, '```', '');
			continue;
		}
		lines.push(
			`${result.findings.length} finding(s); ${result.checks.filter((c) => c.ok).length}/${result.checks.length} checks ok; ${seconds(result.ms)}; screenshots in ${result.shots}`,
			'',
			'### Checks',
			'',
		);
		for (const c of result.checks)
			lines.push(
				`- ${c.ok ? 'ok' : '**FAIL**'} ${c.id}. ${c.name}: ${c.detail}${c.screenshot ? ` (${c.screenshot})` : ''}`,
			);
		lines.push('', '### Findings', '');
		for (const f of result.findings)
			lines.push(`- **${f.where}**: ${f.what}${f.screenshot ? ` (${f.screenshot})` : ''}`);
		lines.push('', '### What the editor showed', '');
		for (const note of result.notes) lines.push(`- ${note}`);
		lines.push('');
	}
	fs.writeFileSync(path.join(WORK_DIR, 'report.md'), `${lines.join('\n')}\n`);
	fs.writeFileSync(path.join(WORK_DIR, 'report.json'), JSON.stringify(results, null, 2));
	say(`report: ${path.join(WORK_DIR, 'report.md')}`);
	return Object.values(results).some((r) => 'error' in r) ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(`\nwalk-through aborted: ${error.stack ?? error}`);
		process.exit(1);
	},
);
