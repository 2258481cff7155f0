// n8n's community-node rules, set up as @n8n/node-cli sets them up for a new node package
// (@n8n/node-cli itself does not install on Node 20).
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores([
		'node_modules',
		'coverage',
		'test',
		'scripts',
		'bench',
		'examples',
		'*.config.js',
		'gulpfile.js',
	]),
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodesRecommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		// n8n's package scanner also lints the compiled JavaScript that is published.
		files: ['dist/**/*.js'],
		extends: [communityNodesRecommended],
		rules: { 'no-console': 'error' },
	},
	{
		files: ['index.js'],
		extends: [js.configs.recommended, communityNodesRecommended],
		languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBase.configs.community.rules,
			// No public repository exists yet: homepage, repository and author are set before the
			// first publish, and these two rules turned on again (docs/releasing.md).
			'@n8n/community-nodes/require-homepage': 'off',
			'@n8n/community-nodes/valid-author': 'off',
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// Functions short enough to read at once (docs/development.md)
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: { 'max-lines-per-function': ['error', { max: 60 }] },
	},
	{
		// An expression is evaluated once per item: parameters are read through nodeParameter
		files: ['nodes/**/*.ts'],
		ignores: ['nodes/shared/node-parameter.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.property.name='getNodeParameter']",
					message: 'Read parameters with nodeParameter (nodes/shared/node-parameter.ts).',
				},
			],
		},
	},
	{
		// The update fields of an incident notification follow the NIS2 process (title, status, …,
		// the 24-hour, 72-hour and final-report phases), which the editor keeps, not the alphabet.
		files: ['nodes/AegisterIncident/descriptions/IncidentDescription.ts'],
		rules: { 'n8n-nodes-base/node-param-collection-type-unsorted-items': 'off' },
	},
);
