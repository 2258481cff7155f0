const { src, dest } = require('gulp');

// tsc compiles the TypeScript. n8n also reads files that tsc does not emit: each node's codex
// (<Name>.node.json, next to <Name>.node.js) and the SVG icons. Copy them into dist/ with the same
// folder layout.
function copyNodeAssets() {
	return src(['nodes/**/*.{svg,json}', 'credentials/**/*.svg'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyNodeAssets;
