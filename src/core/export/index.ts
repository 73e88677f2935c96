/**
 * Traceability-matrix export: build the {@link Matrix} once with {@link buildMatrix}, then render
 * it with {@link renderMatrix} in any of {@link EXPORT_FORMATS}.
 */

import { toCsv } from './csv';
import { toHtml } from './html';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import type { Matrix } from './matrix';
import { soaToCsv, soaToJson, soaToMarkdown, type SoaReport } from './soa';
import { soaToHtml } from './soaHtml';

export * from './matrix';
export { buildGaps, GAP_COLUMNS, gapCells, type MatrixGap } from './gaps';
export { CSV_COLUMNS, CSV_EXCEPTION_STATUS, CSV_EXTRA_COLUMNS, defuseFormula, quoteField, toCsv } from './csv';
export { escapeMarkdown, toMarkdown } from './markdown';
export { escapeHtml, toHtml } from './html';
export { toJson } from './json';
export { buildSoaReport, SOA_COLUMNS, type SoaControl, type SoaEvidence, type SoaReport } from './soa';

/** What `export --report` writes: the traceability matrix (default) or the Statement of Applicability. */
export const EXPORT_REPORTS = ['matrix', 'soa'] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

/** True when `value` names a report. */
export function isExportReport(value: string): value is ExportReport {
	return (EXPORT_REPORTS as readonly string[]).includes(value);
}

const SOA_RENDERERS: Readonly<Record<ExportFormat, (report: SoaReport) => string>> = {
	csv: soaToCsv,
	markdown: soaToMarkdown,
	html: soaToHtml,
	json: soaToJson,
};

/** Renders the Statement of Applicability in the given format. */
export function renderSoa(format: ExportFormat, report: SoaReport): string {
	return SOA_RENDERERS[format](report);
}

/** The export formats, as `iso27001 export --format` accepts them. */
export const EXPORT_FORMATS = ['csv', 'markdown', 'html', 'json'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** True when `value` names an export format. */
export function isExportFormat(value: string): value is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Renderers by format. */
const RENDERERS: Readonly<Record<ExportFormat, (matrix: Matrix) => string>> = {
	csv: toCsv,
	markdown: toMarkdown,
	html: toHtml,
	json: toJson,
};

/** File extensions by format, without the dot. */
const EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
	csv: 'csv',
	markdown: 'md',
	html: 'html',
	json: 'json',
};

/** Renders the matrix in the given format. */
export function renderMatrix(format: ExportFormat, matrix: Matrix): string {
	return RENDERERS[format](matrix);
}

/** The usual file extension of a format, without the dot: `csv`, `md`, `html`, `json`. */
export function fileExtension(format: ExportFormat): string {
	return EXTENSIONS[format];
}
