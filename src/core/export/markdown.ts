/**
 * Markdown export, for GitHub (GFM tables): a title, the header as a bullet list, coverage by
 * theme, the matrix, the accepted exceptions, then the gaps (unmapped sensitive code).
 *
 * Every value goes through {@link escapeMarkdown}: `&`, `<`, `>` become entities (no raw HTML
 * gets in), Markdown punctuation that could start emphasis, code, links or strike-through is
 * backslash-escaped, `|` becomes `\|` (so cells never split) and line breaks become `<br>`
 * (the only HTML this module writes).
 */

import { GAP_COLUMNS, gapCells } from './gaps';
import {
	EXCEPTION_COLUMNS,
	exceptionCells,
	MATRIX_COLUMNS,
	matrixRowCells,
	type Matrix,
	type MatrixHeader,
} from './matrix';

/** Markdown punctuation escaped with a backslash (one pass, so a backslash is escaped once). */
const MD_PUNCTUATION = /[\\`*_[\]~|#!]/g;

/** HTML-significant characters and their entities. */
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes a value for a GFM table cell or inline text (one line, no raw HTML, no markup). */
export function escapeMarkdown(value: string): string {
	return value
		.replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
		.replace(MD_PUNCTUATION, (c) => `\\${c}`)
		.replace(/\r\n|\r|\n|\u2028|\u2029/g, '<br>');
}

/** One GFM table row from already escaped cells. */
function tableRow(cells: readonly string[]): string {
	return `| ${cells.join(' | ')} |`;
}

/** A GFM table: header row, delimiter row, body rows; every value escaped. */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string[] {
	const lines = [tableRow(columns.map(escapeMarkdown)), tableRow(columns.map(() => '---'))];
	for (const row of rows) {lines.push(tableRow(row.map((v) => escapeMarkdown(v))));}
	return lines;
}

/** `12.5 %`, or `n/a` for null. */
function percentText(percent: number | null): string {
	return percent === null ? 'n/a' : `${percent} %`;
}

/** The header as a bullet list. */
function headerLines(h: MatrixHeader): string[] {
	const c = h.coverage;
	return [
		`- **Tool:** ${escapeMarkdown(`${h.tool.name} ${h.tool.version}`)}`,
		`- **Catalog:** ${escapeMarkdown(`${h.catalog.title} (${h.catalog.id}, ${h.catalog.framework} ${h.catalog.version})`)}`,
		`- **Generated:** ${escapeMarkdown(h.generatedAt)}`,
		`- **Commit:** ${h.commit === null ? 'not a git repository' : escapeMarkdown(h.commit)}`,
		`- **Root:** ${escapeMarkdown(h.root)}`,
		`- **Coverage:** ${percentText(c.percent)} — ${c.covered} covered, ${c.uncovered} uncovered of ` +
			`${c.applicable} applicable controls; ${c.excluded} excluded by the Statement of Applicability; ` +
			`${c.unmapped} unmapped sensitive-code finding${c.unmapped === 1 ? '' : 's'}`,
	];
}

/** Renders the matrix as GitHub-flavoured Markdown. */
export function toMarkdown(matrix: Matrix): string {
	const h = matrix.header;
	const themeRows = h.themes.map((t) => [
		t.id,
		t.name,
		String(t.covered),
		String(t.applicable),
		percentText(t.percent),
	]);
	const lines: string[] = [
		`# ${escapeMarkdown(h.title)}`,
		'',
		...headerLines(h),
		'',
		'## Coverage by theme',
		'',
		...markdownTable(['Theme', 'Name', 'Covered', 'Applicable', 'Coverage'], themeRows),
		'',
		'## Matrix',
		'',
		...markdownTable(MATRIX_COLUMNS, matrix.rows.map(matrixRowCells)),
		'',
		'## Accepted exceptions',
		'',
	];
	if (matrix.exceptions.length === 0) {
		lines.push('None.');
	} else {
		lines.push(...markdownTable(EXCEPTION_COLUMNS, matrix.exceptions.map(exceptionCells)));
	}
	lines.push('', '## Unmapped sensitive code', '');
	lines.push(...(matrix.gaps.length === 0 ? ['None.'] : markdownTable(GAP_COLUMNS, matrix.gaps.map(gapCells))));
	return lines.join('\n') + '\n';
}
