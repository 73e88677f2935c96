/**
 * JSON export: the matrix (header, rows, exceptions, gaps) with two-space indentation. Keys are written
 * in a fixed order (the order of the `Matrix` interfaces) whatever order the given objects have,
 * so the same matrix always gives the same bytes.
 */

import type { Matrix, MatrixException, MatrixHeader, MatrixRow, ThemeCoverage } from './matrix';

/** The header with its keys in canonical order. */
function orderHeader(h: MatrixHeader): MatrixHeader {
	const c = h.coverage;
	return {
		title: h.title,
		tool: { name: h.tool.name, version: h.tool.version },
		catalog: { id: h.catalog.id, framework: h.catalog.framework, title: h.catalog.title, version: h.catalog.version },
		generatedAt: h.generatedAt,
		commit: h.commit,
		root: h.root,
		coverage: {
			percent: c.percent,
			covered: c.covered,
			uncovered: c.uncovered,
			excluded: c.excluded,
			applicable: c.applicable,
			unmapped: c.unmapped,
		},
		themes: h.themes.map(
			(t): ThemeCoverage => ({
				id: t.id,
				name: t.name,
				covered: t.covered,
				applicable: t.applicable,
				percent: t.percent,
			}),
		),
	};
}

/** A row with its keys in canonical order. */
function orderRow(r: MatrixRow): MatrixRow {
	return {
		controlId: r.controlId,
		controlTitle: r.controlTitle,
		themeId: r.themeId,
		themeName: r.themeName,
		applicable: r.applicable,
		justification: r.justification,
		status: r.status,
		file: r.file,
		line: r.line,
		startLine: r.startLine,
		endLine: r.endLine,
		symbol: r.symbol,
		rationale: r.rationale,
		legacyIds: [...r.legacyIds],
		evidenceKind: r.evidenceKind,
	};
}

/** An exception with its keys in canonical order. */
function orderException(e: MatrixException): MatrixException {
	return {
		category: e.category,
		file: e.file,
		line: e.line,
		startLine: e.startLine,
		endLine: e.endLine,
		symbol: e.symbol,
		reason: e.reason,
	};
}

/** Renders the matrix as JSON (2-space indent, stable key order, trailing newline). */
export function toJson(matrix: Matrix): string {
	const ordered: Matrix = {
		header: orderHeader(matrix.header),
		rows: matrix.rows.map(orderRow),
		exceptions: matrix.exceptions.map(orderException),
		gaps: matrix.gaps.map((g) => ({
			category: g.category, file: g.file, line: g.line, column: g.column, api: g.api, message: g.message,
			suggestedControls: [...g.suggestedControls],
		})),
	};
	return JSON.stringify(ordered, null, 2) + '\n';
}
