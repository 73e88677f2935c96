/**
 * The matrix's gaps section: the sensitive code that no annotation maps and no `@iso27001-ignore`
 * accepts, by category, so the auditor sees what is not yet traced.
 */

import { CATEGORIES, type Finding } from '../types';

/** One unmapped sensitive-code finding. */
export interface MatrixGap {
	readonly category: string;
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly api: string;
	readonly message: string;
	readonly suggestedControls: readonly string[];
}

/** Column titles of the gaps table, in order. */
export const GAP_COLUMNS = ['Category', 'File', 'Line', 'API', 'Suggested controls'] as const;

/** The unmapped findings (neither mapped nor ignored), by category (in SPEC's order), then file, line, column. */
export function buildGaps(findings: readonly Finding[]): MatrixGap[] {
	const rank = (c: string): number => {
		const k = (CATEGORIES as readonly string[]).indexOf(c);
		return k < 0 ? CATEGORIES.length : k;
	};
	return findings
		.filter((f) => !f.mapped && !f.ignored)
		.map((f) => ({
			category: f.category, file: f.file, line: f.line, column: f.column, api: f.api, message: f.message,
			suggestedControls: [...f.suggestedControls],
		}))
		.sort((a, b) => rank(a.category) - rank(b.category) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
}

/** The display values of a gap, one per {@link GAP_COLUMNS} entry. */
export function gapCells(g: MatrixGap): string[] {
	return [g.category, g.file, String(g.line), g.api, g.suggestedControls.join(', ')];
}
