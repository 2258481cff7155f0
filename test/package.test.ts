import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, PACKAGE_VERSION } from '../nodes/shared/package-info';
import { useDoubleAndEngine } from './support/setup';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const t = useDoubleAndEngine();

describe('the package', () => {
	test('is an n8n community node package without runtime dependencies', () => {
		expect(pkg.name).toBe(PACKAGE_NAME);
		expect(pkg.version).toBe(PACKAGE_VERSION);
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
		expect(pkg.license).toBe('MIT');
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
	});

	test('every operation says what it does in one short sentence, without shouting', () => {
		for (const name of ['esetIncident', 'aegisterIncident']) {
			const operations = t.engine
				.nodeType(name)
				.description.properties.filter((p) => p.name === 'operation')
				.flatMap((p) => p.options as Array<{ value: string; description: string; action: string }>);
			for (const { value, description, action } of operations) {
				expect([value, description]).toEqual([value, expect.stringMatching(/^[A-Z][^.]{10,80}$/)]);
				expect([value, action]).toEqual([value, expect.any(String)]);
				const shouted = description
					.split(/\W+/)
					.filter((word) => /^[A-Z]{4,}$/.test(word) && !['ESET', 'NIS2'].includes(word));
				expect([value, shouted]).toEqual([value, []]);
			}
			expect(t.engine.nodeType(name).description.description.length).toBeLessThanOrEqual(80);
		}
	});

	test('pins every devDependency to an exact version', () => {
		for (const [name, version] of Object.entries(pkg.devDependencies as Record<string, string>)) {
			expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
		}
	});

	test('lists built files that exist, and n8n loads exactly its three nodes and two credentials', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(existsSync(join(root, file))).toBe(true);
		expect(Object.keys(t.engine.loader.nodeTypes).sort()).toEqual([
			'aegisterIncident',
			'esetIncident',
			'esetIncidentTrigger',
		]);
		expect(Object.keys(t.engine.loader.credentialTypes).sort()).toEqual([
			'aegisterApi',
			'esetConnectApi',
		]);
	});

	test.each(['esetIncident', 'aegisterIncident'])(
		'%s has light and dark icons in dist, a codex and is usable as an AI tool',
		(name) => {
			const description = t.engine.nodeType(name).description as unknown as {
				iconUrl: { light: string; dark: string };
				usableAsTool: boolean;
				codex: { categories: string[]; resources: { primaryDocumentation: unknown[] } };
			};
			const folder = name.charAt(0).toUpperCase() + name.slice(1);
			for (const icon of Object.values(description.iconUrl)) {
				expect(existsSync(join(root, 'dist', 'nodes', folder, icon.split('/').pop()!))).toBe(true);
			}
			expect(description.usableAsTool).toBe(true);
			expect(description.codex.categories.length).toBeGreaterThan(0);
			expect(description.codex.resources.primaryDocumentation.length).toBeGreaterThan(0);
		},
	);

	test('the ESET Incident Trigger is a polling trigger with the ESET icons and codex, not an AI tool', () => {
		const description = t.engine.nodeType('esetIncidentTrigger').description as unknown as {
			iconUrl: { light: string; dark: string };
			polling: boolean;
			usableAsTool: unknown;
			credentials: Array<{ name: string }>;
			codex: { categories: string[] };
			properties: Array<{ name: string }>;
		};
		expect(description.polling).toBe(true);
		expect(description.usableAsTool).toBeUndefined();
		expect(description.credentials.map((c) => c.name)).toEqual(['esetConnectApi']);
		for (const icon of Object.values(description.iconUrl))
			expect(existsSync(join(root, 'dist', 'nodes', 'EsetIncident', icon.split('/').pop()!))).toBe(
				true,
			);
		expect(description.codex.categories.length).toBeGreaterThan(0);
		// n8n adds its Poll Times itself
		expect(description.properties.filter((p) => p.name === 'pollTimes')).toHaveLength(1);
	});

	describe("n8n's lazy-loading manifests (dist/known, dist/types)", () => {
		const read = (file: string) => JSON.parse(readFileSync(join(root, 'dist', file), 'utf8'));

		test('name exactly the nodes and credentials of package.json, with their classes', () => {
			const nodes = read('known/nodes.json') as Record<
				string,
				{ className: string; sourcePath: string }
			>;
			const credentials = read('known/credentials.json') as Record<
				string,
				{ className: string; sourcePath: string; supportedNodes: string[] }
			>;
			expect(
				Object.values(nodes)
					.map((n) => n.sourcePath)
					.sort(),
			).toEqual([...pkg.n8n.nodes].sort());
			expect(
				Object.values(credentials)
					.map((c) => c.sourcePath)
					.sort(),
			).toEqual([...pkg.n8n.credentials].sort());
			for (const [name, { className, sourcePath }] of Object.entries(nodes)) {
				expect(sourcePath.endsWith(`/${className}.node.js`)).toBe(true);
				expect(Object.keys(t.engine.loader.nodeTypes)).toContain(name);
			}
			expect(credentials.esetConnectApi.supportedNodes).toEqual([
				'esetIncident',
				'esetIncidentTrigger',
			]);
			expect(credentials.aegisterApi.supportedNodes).toEqual(['aegisterIncident']);
		});

		test('describe the nodes and credentials as this build does (never stale)', () => {
			const descriptions = read('types/nodes.json') as Array<{
				name: string;
				communityNodePackageVersion: string;
			}>;
			const described = descriptions.map((d) => [d.name, d]);
			expect(Object.fromEntries(described)).toEqual(
				Object.fromEntries(
					Object.keys(t.engine.loader.nodeTypes).map((name) => [
						name,
						JSON.parse(
							JSON.stringify({
								...t.engine.nodeType(name).description,
								__loadOptionsMethods: undefined,
							}),
						),
					]),
				),
			);
			for (const description of descriptions)
				expect(description.communityNodePackageVersion).toBe(pkg.version);
			const credentials = (
				read('types/credentials.json') as Array<{
					name: string;
					displayName: string;
					properties: Array<{ name: string }>;
				}>
			).map((c) => [
				c.name,
				{ displayName: c.displayName, properties: c.properties.map((p) => p.name) },
			]);
			expect(Object.fromEntries(credentials)).toEqual(
				Object.fromEntries(
					Object.entries(t.engine.loader.credentialTypes).map(([name, { type }]) => [
						name,
						{ displayName: type.displayName, properties: type.properties.map((p) => p.name) },
					]),
				),
			);
		});

		test('are all four in the packed tarball', () => {
			const [{ files }] = JSON.parse(
				execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
					cwd: root,
					encoding: 'utf8',
					stdio: ['ignore', 'pipe', 'ignore'],
				}),
			);
			const packed = (files as Array<{ path: string }>).map((f) => f.path);
			for (const file of [
				'dist/known/nodes.json',
				'dist/known/credentials.json',
				'dist/types/nodes.json',
				'dist/types/credentials.json',
			]) {
				expect(packed).toContain(file);
			}
		});
	});
});
