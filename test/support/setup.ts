import { inspect } from 'node:util';

import { AEGISTER_TOKEN, ApiDouble, ESET_PASSWORD } from './api-double';
import { HostileServer } from './hostile-server';
import { createEngine, shutdownEngine, type Engine } from './n8n-engine';

export interface TestContext {
	api: ApiDouble;
	engine: Engine;
}

/**
 * One API double and one n8n engine per test file; before each test the double forgets its
 * requests and scripts and the stored credentials start again with an empty token.
 */
export function useDoubleAndEngine(): TestContext {
	const context = {} as TestContext;
	beforeAll(async () => {
		context.api = new ApiDouble();
		await context.api.start();
		context.engine = await createEngine();
	});
	beforeEach(() => {
		context.api.reset({ newApiUser: true });
		context.engine.setCredentials(context.api.credentials());
	});
	afterAll(async () => {
		await context.api?.stop();
		shutdownEngine();
	});
	return context;
}

/** Asserts that no password or token appears anywhere in `values` (deeply, hidden properties too). */
export function expectNoSecrets(api: ApiDouble, ...values: unknown[]): void {
	const secrets = [
		ESET_PASSWORD,
		AEGISTER_TOKEN,
		...api.eset.tokens,
		'eset-access-',
		'eset-refresh-',
	];
	for (const value of values) {
		const text =
			inspect(value, { depth: Infinity, showHidden: true, getters: true }) + safeJson(value);
		for (const secret of secrets) expect(text).not.toContain(secret);
	}
}

function safeJson(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return '';
	}
}

/** A hostile server for the test file: started once, its script forgotten before each test, stopped at the end. */
export function useHostileServer(name: string): HostileServer {
	const server = new HostileServer(name);
	beforeAll(async () => {
		await server.start();
	});
	beforeEach(() => {
		server.reset();
	});
	afterAll(async () => {
		await server.stop();
	});
	return server;
}

/** What an ESET action outputs: that it worked, the action, what it acted on and ESET's request-id. */
export function actedOn(
	action: string,
	identifiers: Record<string, string>,
): Record<string, unknown> {
	return { success: true, action, ...identifiers, requestId: expect.any(String) };
}

/** What an ESET delete outputs: `deleted: true`, what was deleted and ESET's request-id. */
export function deletedOutput(identifiers: Record<string, string>): Record<string, unknown> {
	return { deleted: true, ...identifiers, requestId: expect.any(String) };
}
