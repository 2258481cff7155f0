// @ts-check
'use strict';
/**
 * The floor of the overhead benchmark: the same requests as the nodes send, made with plain
 * `fetch` and nothing else. Run with the Node that runs n8n:
 *   node fetch-floor.js <double url> <count> <rounds> <eset bearer token> <aegister token>
 * Prints {"<request kind>": {"allAtOnce": [ms per item, …], "oneByOne": [...]}}.
 */
const [doubleUrl, countText, roundsText, esetToken, aegisterToken] = process.argv.slice(2);
const count = Number(countText);
const rounds = Number(roundsText);

const requests = {
	'ESET close': (/** @type {number} */ i) =>
		fetch(
			`${doubleUrl}/eset/v2/incidents/00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}:close`,
			{
				method: 'POST',
				headers: {
					Authorization: `Bearer ${esetToken}`,
					'Content-Type': 'application/json',
					Accept: 'application/json',
				},
				body: JSON.stringify({
					closureReason: 'INCIDENT_RESOLVE_REASON_FALSE_POSITIVE',
					finalComment: { text: 'benchmark' },
				}),
			},
		),
	'Aegister update': (/** @type {number} */ i) =>
		fetch(`${doubleUrl}/aegister/api/v1/V-Ciso/incidents/1/${i + 1}`, {
			method: 'PATCH',
			headers: {
				'X-Aegister-Token': aegisterToken,
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			body: JSON.stringify({ title: 'benchmark' }),
		}),
};

/** @param {Response} response */
async function consume(response) {
	if (!response.ok) throw new Error(`HTTP ${response.status}`);
	await response.json();
}

async function main() {
	/** @type {Record<string, { allAtOnce: number[], oneByOne: number[] }>} */
	const result = {};
	for (const [kind, send] of Object.entries(requests)) {
		result[kind] = { allAtOnce: [], oneByOne: [] };
		for (let round = 0; round <= rounds; round++) {
			let started = performance.now();
			await Promise.all(Array.from({ length: count }, (_, i) => send(i).then(consume)));
			const allAtOnce = (performance.now() - started) / count;
			started = performance.now();
			for (let i = 0; i < count; i++) await consume(await send(i));
			const oneByOne = (performance.now() - started) / count;
			if (round === 0) continue; // warm-up
			result[kind].allAtOnce.push(allAtOnce);
			result[kind].oneByOne.push(oneByOne);
		}
	}
	process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
