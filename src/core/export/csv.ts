/**
 * CSV export: one RFC 4180 table that a spreadsheet opens safely.
 *
 * Layout (one table, so it sorts and filters as a whole and parses back with any CSV reader):
 * - Row 1: the column titles: the eleven matrix columns ({@link MATRIX_COLUMNS}) in SPEC order, then
 *   six trailing columns {@link CSV_EXTRA_COLUMNS}.
 * - Then one row per matrix row (Status `covered`, `uncovered` or `excluded`).
 * - Then one row per accepted exception: Status `accepted exception`, the `@iso27001-ignore`
 *   category in the `Category` column, its location in File / Lines / Symbol and its
 *   reason in Rationale; the control columns stay empty. Filtering Status on `accepted exception`
 *   lists them.
 * - Then one row per unmapped sensitive-code finding (the gaps): Status `unmapped sensitive code`,
 *   its place in File / Lines, its category and API in the `Category` and `API` columns, the
 *   finding's message and suggested controls in Rationale; the control columns stay empty.
 * - The header metadata (catalog, tool and version, generation time, commit) is repeated in the
 *   trailing columns of every row, so provenance survives sorting, filtering and copy-paste.
 *   Coverage figures are in the Markdown, HTML and JSON exports.
 *
 * Encoding: UTF-8 with a byte-order mark (so Excel detects UTF-8), CRLF after every record, fields
 * quoted when they contain `"`, `,`, CR or LF, quotes doubled. Against formula injection (OWASP
 * "CSV injection") a field that starts with `=`, `+`, `-`, `@`, TAB or CR — possibly after
 * leading whitespace, and including the full-width `＝＋－＠` — gets a leading `'`, which
 * spreadsheets show as text.
 */

import { exceptionCells, MATRIX_COLUMNS, matrixRowCells, type Matrix } from './matrix';

/** The columns after the matrix columns. */
export const CSV_EXTRA_COLUMNS = ['Category', 'API', 'Catalog', 'Tool', 'Generated at', 'Commit'] as const;

/** All CSV column titles, in order. */
export const CSV_COLUMNS: readonly string[] = [...MATRIX_COLUMNS, ...CSV_EXTRA_COLUMNS];

/** The Status value of an accepted-exception row. */
export const CSV_EXCEPTION_STATUS = 'accepted exception';

/** The Status value of a gap row (unmapped sensitive code). */
export const CSV_GAP_STATUS = 'unmapped sensitive code';

/** UTF-8 byte-order mark, as a string. */
const BOM = '\uFEFF';

/** Record separator (RFC 4180). */
const CRLF = '\r\n';

/** A field a spreadsheet could read as a formula: dangerous first character, maybe after blanks. */
const FORMULA_START = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/u;

/** Prefixes `'` to a value a spreadsheet could evaluate as a formula. */
export function defuseFormula(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Quotes a field when RFC 4180 requires it (`"`, `,`, CR, LF), doubling quotes. */
export function quoteField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV record: defused, quoted fields joined by commas, then CRLF. */
function record(fields: readonly string[]): string {
	return fields.map((f) => quoteField(defuseFormula(f))).join(',') + CRLF;
}

/** Renders the matrix as CSV (see the module comment for the layout). */
export function toCsv(matrix: Matrix): string {
	const h = matrix.header;
	const provenance = [
		`${h.catalog.title} (${h.catalog.id})`,
		`${h.tool.name} ${h.tool.version}`,
		h.generatedAt,
		h.commit ?? '',
	];
	let out = BOM + record(CSV_COLUMNS);
	for (const row of matrix.rows) {
		out += record([...matrixRowCells(row), '', '', ...provenance]);
	}
	for (const e of matrix.exceptions) {
		const [category, file, lines, symbol, reason] = exceptionCells(e);
		out += record(['', '', '', '', CSV_EXCEPTION_STATUS, file, lines, symbol, reason, '', '', category, '', ...provenance]);
	}
	for (const g of matrix.gaps) {
		const note = `${g.message} (suggested: ${g.suggestedControls.join(', ')})`;
		out += record(['', '', '', '', CSV_GAP_STATUS, g.file, String(g.line), '', note, '', 'code', g.category, g.api, ...provenance]);
	}
	return out;
}
