import type { ControlMatch } from './search';

/** What makes a control likely for the annotation being written, besides the typed text. */
export interface Relevance {
	/** Controls suggested by the unmapped findings the annotation would cover, best first. */
	readonly suggested: readonly string[];
	/** How many annotations of the workspace already name each control. */
	readonly used: ReadonlyMap<string, number>;
	/** Controls the Statement of Applicability excludes: always last. */
	readonly excluded: (id: string) => boolean;
}

/**
 * Completion order: applicable before excluded; then the search's score (an ID prefix or title
 * words typed decide first); among equals, the controls the covered code calls for, then those the
 * workspace already uses (most used first), then the catalog's order.
 */
export function byRelevance(matches: readonly ControlMatch[], r: Relevance): ControlMatch[] {
	const suggestedRank = (id: string): number => {
		const i = r.suggested.indexOf(id);
		return i < 0 ? r.suggested.length : i;
	};
	return matches
		.map((m, order) => ({ m, order, excluded: r.excluded(m.control.id) ? 1 : 0, suggested: suggestedRank(m.control.id), used: r.used.get(m.control.id) ?? 0 }))
		.sort((a, b) => a.excluded - b.excluded || b.m.score - a.m.score || a.suggested - b.suggested || b.used - a.used || a.order - b.order)
		.map((x) => x.m);
}
