// The detection targets: on the library corpus the original ones (overall precision and recall
// ≥ 0.90, every category ≥ 0.80 on both); on the held-out application set the same, for every
// category that has required labels. The tuning set has no target: rules are developed on it.
import { CATEGORIES } from './common.mjs';

export const TARGETS = {
	library: { overallPrecision: 0.9, overallRecall: 0.9, categoryMin: 0.8, categories: 'all' },
	'held-out': { overallPrecision: 0.9, overallRecall: 0.9, categoryMin: 0.8, categories: 'labelled' },
};

const check = (name, value, min) => ({ name, value, min, met: value !== null && value >= min });

/** One set's target checks; a set without files is not checked (and does not fail). */
export function checkSet(name, r, t) {
	if (r.corpus.files === 0) return { set: name, checked: false, met: true, checks: [] };
	const checks = [
		check('overall precision', r.overall.precision, t.overallPrecision),
		check('overall recall', r.overall.recall, t.overallRecall),
	];
	for (const c of CATEGORIES) {
		const s = r.categories[c];
		if (t.categories === 'labelled' && s.required === 0) continue;
		checks.push(check(`${c} precision`, s.precision, t.categoryMin), check(`${c} recall`, s.recall, t.categoryMin));
	}
	return { set: name, checked: true, met: checks.every((x) => x.met), checks };
}

/** Every target's checks, and whether all are met. */
export function checkTargets(sets) {
	const results = Object.entries(TARGETS).map(([name, t]) => checkSet(name, sets[name], t));
	return { targets: results, meetsTargets: results.every((x) => x.met) };
}

/** The thresholds a table row of a set is marked against (✓/✗), or null for no mark. */
export function rowTarget(set, kind, row) {
	const t = TARGETS[set] ?? TARGETS['held-out'];
	if (kind === 'category') {
		if (t.categories === 'labelled' && row.required === 0) return null;
		return { p: t.categoryMin, r: t.categoryMin };
	}
	return { p: t.overallPrecision, r: t.overallRecall };
}
