import type { Annotation, Catalog, ControlCoverage, Coverage, Soa } from '../types';

/**
 * Coverage of every control of the catalog, in catalog order: `excluded` when the SoA marks it not
 * applicable, else `covered` when at least one annotation names it or the SoA gives it evidence,
 * else `uncovered`. `percent` is covered over applicable controls, with one decimal (100 when
 * nothing is applicable).
 */
export function computeCoverage(catalog: Catalog, annotations: readonly Annotation[], soa: Soa): Coverage {
	const counts = new Map<string, number>();
	for (const a of annotations) {
		for (const id of a.controls) {
			counts.set(id, (counts.get(id) ?? 0) + 1);
		}
	}
	const themeNames = new Map(catalog.themes.map((t) => [t.id, t.name]));
	let applicable = 0;
	let covered = 0;
	const controls: ControlCoverage[] = catalog.controls.map((c) => {
		const locations = counts.get(c.id) ?? 0;
		const excluded = soa[c.id]?.applicable === false;
		// The SoA's evidence (documents, links) covers a control as an annotation does.
		const evidence = soa[c.id]?.evidence ?? [];
		const evidenced = locations > 0 || evidence.length > 0;
		if (!excluded) {
			applicable++;
			if (evidenced) {
				covered++;
			}
		}
		return {
			id: c.id, title: c.title, theme: themeNames.get(c.theme) ?? c.theme,
			status: excluded ? 'excluded' : evidenced ? 'covered' : 'uncovered', locations,
			...(evidence.length > 0 ? { evidence } : {}),
		};
	});
	return { percent: percentOf(covered, applicable), controls };
}

/** `part / whole` as a percentage with one decimal; 100 when `whole` is 0. */
export function percentOf(part: number, whole: number): number {
	return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/** Coverage of one theme (by theme name, as in `ControlCoverage.theme`). */
export interface ThemeCoverage {
	readonly theme: string;
	readonly covered: number;
	readonly applicable: number;
	readonly excluded: number;
	readonly percent: number;
}

/** Coverage per theme, in the order themes first appear. */
export function coverageByTheme(coverage: Coverage): ThemeCoverage[] {
	const byTheme = new Map<string, { covered: number; applicable: number; excluded: number }>();
	for (const c of coverage.controls) {
		const t = byTheme.get(c.theme) ?? { covered: 0, applicable: 0, excluded: 0 };
		if (c.status === 'excluded') {
			t.excluded++;
		} else {
			t.applicable++;
			if (c.status === 'covered') {
				t.covered++;
			}
		}
		byTheme.set(c.theme, t);
	}
	return [...byTheme].map(([theme, t]) => ({ theme, ...t, percent: percentOf(t.covered, t.applicable) }));
}
