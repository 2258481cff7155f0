// @ts-check
'use strict';
/**
 * One n8n user folder for the whole test run (n8n-core writes its instance settings there on
 * first use), made before jest starts its workers and removed when the run ends.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports.setup = () => {
	if (process.env.N8N_USER_FOLDER) return;
	process.env.N8N_USER_FOLDER = fs.mkdtempSync(
		path.join(os.tmpdir(), 'n8n-nodes-security-incidents-'),
	);
	process.env.N8N_TEST_USER_FOLDER_MADE = '1';
};

module.exports.teardown = () => {
	if (process.env.N8N_TEST_USER_FOLDER_MADE !== '1' || !process.env.N8N_USER_FOLDER) return;
	fs.rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
};
