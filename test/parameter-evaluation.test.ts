import { Expression } from 'n8n-workflow';

import { useDoubleAndEngine } from './support/setup';

const t = useDoubleAndEngine();

/** A different seeded incident at each evaluation: shows how often, and what, was evaluated. */
const ANY_INCIDENT =
	'={{ "00000000-0000-4000-8000-00000000000" + (Math.floor(Math.random() * 5) + 1) }}';
const ITEMS = Array.from({ length: 8 }, (_, index) => ({ index }));

function closeEach(incidentUuid: string) {
	return t.engine.run({
		node: 'esetIncident',
		parameters: {
			resource: 'incident',
			operation: 'close',
			incidentUuid,
			finalComment: 'Closed by the playbook',
		},
		items: ITEMS,
	});
}

/** How many times n8n evaluated `expression` while `run` ran. */
async function evaluationsOf(expression: string, run: () => Promise<unknown>): Promise<number> {
	const evaluate = jest.spyOn(Expression.prototype, 'resolveSimpleParameterValue');
	try {
		await run();
		return evaluate.mock.calls.filter(([value]) => value === expression).length;
	} finally {
		evaluate.mockRestore();
	}
}

describe('An expression is evaluated once per item by the package', () => {
	test('the path, the final comment and the output name the same incident', async () => {
		const result = await closeEach(ANY_INCIDENT);

		expect(result.error).toBeUndefined();
		const sent = t.api.requestsTo('incidents').map((call) => ({
			inPath: /incidents\/([^:]+):close$/.exec(call.rawPath)?.[1],
			inComment: call.body.finalComment.incidentUuid,
		}));
		const output = result.json.map((json) => json.incidentUuid);
		expect(sent).toHaveLength(ITEMS.length);
		for (const { inPath, inComment } of sent) expect(inComment).toBe(inPath);
		expect(output.slice().sort()).toEqual(sent.map(({ inPath }) => inPath).sort());
	});

	test('each field that names an incident is one property of its own name', () => {
		const names = t.engine
			.nodeType('esetIncident')
			.description.properties.map((property) => property.name)
			.filter((name) => /incidentUuid$/i.test(name));
		expect(names.sort()).toEqual(['commentIncidentUuid', 'incidentUuid', 'targetIncidentUuid']);
	});

	test("however many steps read it: n8n's routing aside, one evaluation per item", async () => {
		const definitions = t.engine
			.nodeType('esetIncident')
			.description.properties.filter((property) => property.name === 'incidentUuid').length;

		const evaluations = await evaluationsOf(ANY_INCIDENT, () => closeEach(ANY_INCIDENT));

		// n8n's routing evaluates a parameter once for each property of its name, shown or not
		expect(evaluations).toBe(ITEMS.length * (definitions + 1));
	});
});
