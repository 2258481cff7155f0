/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
		// n8n-core reaches the ESM-only p-retry through @langchain/core; jest needs it as CommonJS.
		'/node_modules/(p-retry|is-network-error)/.+\\.js$': [
			'ts-jest',
			{ tsconfig: { allowJs: true } },
		],
	},
	transformIgnorePatterns: ['/node_modules/(?!(p-retry|is-network-error)/)'],
	// The tests drive the built package (dist/) through n8n-core, as n8n does: `npm test` builds first.
	testTimeout: 60_000,
	globalSetup: '<rootDir>/test/support/global-setup.js',
	globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
