// @ts-check
'use strict';
/**
 * A seeded source of numbers in [0, 1) (xorshift32), so that the simulator's
 * runs repeat exactly.
 * @param {number} seed
 * @returns {() => number}
 */
function seededRandom(seed) {
	let s = seed >>> 0 || 1;
	return () => {
		s ^= s << 13;
		s ^= s >>> 17;
		s ^= s << 5;
		return (s >>> 0) / 2 ** 32;
	};
}

module.exports = { seededRandom };
