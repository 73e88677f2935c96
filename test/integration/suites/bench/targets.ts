// The editor benchmark's targets (docs/benchmarks.md), and the comparison of measured figures with
// them that `npm run bench:editor` prints. Plain data: no VS Code API, so a unit test checks it.

export interface Target {
	readonly key: string;
	/** What is measured, as the comparison names it. */
	readonly what: string;
	/** The figure must stay below this many milliseconds. */
	readonly below: number;
}

export const TARGETS: readonly Target[] = [
	{ key: 'activation', what: 'activate()', below: 50 },
	{ key: 'eventLoopP99', what: 'extension-host event-loop delay p99 while indexing', below: 50 },
	{ key: 'reanalysisP95', what: 're-analysis of an edited declaration p95 (worker time)', below: 10 },
];

/**
 * One line per target: the measured figure, the target and whether it is met (`MISSED` stands
 * out), `not measured` when the run did not produce it; then how many were met.
 */
export function compareWithTargets(measured: Readonly<Record<string, number | undefined>>, targets: readonly Target[] = TARGETS): string[] {
	let met = 0;
	let seen = 0;
	const lines = targets.map((t) => {
		const value = measured[t.key];
		if (value === undefined || !Number.isFinite(value)) {
			return `${t.what}: not measured (target < ${t.below} ms)`;
		}
		seen++;
		const ok = value < t.below;
		met += ok ? 1 : 0;
		return `${t.what}: ${value.toFixed(1)} ms, target < ${t.below} ms: ${ok ? 'met' : `MISSED by ${(value - t.below).toFixed(1)} ms`}`;
	});
	return [...lines, `targets met: ${met} of ${targets.length}${seen < targets.length ? ` (${targets.length - seen} not measured)` : ''}`];
}
