/**
 * Traceability-matrix export: build the {@link Matrix} once with {@link buildMatrix}, then render
 * it with {@link renderMatrix} in any of {@link EXPORT_FORMATS}.
 */

import { toCsv } from './csv';
import { toHtml } from './html';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import type { Matrix } from './matrix';

export * from './matrix';
export { CSV_COLUMNS, CSV_EXCEPTION_STATUS, CSV_EXTRA_COLUMNS, defuseFormula, quoteField, toCsv } from './csv';
export { escapeMarkdown, toMarkdown } from './markdown';
export { escapeHtml, toHtml } from './html';
export { toJson } from './json';

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
