/**
 * HTML export: one self-contained, printable page. No external resource of any kind (inline CSS,
 * inline script, inline SVG chart); a Content-Security-Policy allows only that stylesheet and that
 * script, by hash. Every value is escaped with {@link escapeHtml}, in text and in attributes; the
 * script embeds no data (it reads the DOM), so nothing can break out of it. The page is complete
 * without JavaScript: the script only adds filters.
 */

import { createHash } from 'node:crypto';
import { GAP_COLUMNS, gapCells, type MatrixGap } from './gaps';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets';
import {
	EXCEPTION_COLUMNS,
	exceptionCells,
	MATRIX_COLUMNS,
	matrixRowCells,
	themeLabel,
	type Matrix,
	type MatrixHeader,
	type MatrixRow,
	type ThemeCoverage,
} from './matrix';

/** Characters escaped in HTML text and attribute values, and their references. */
const HTML_ESCAPES: Readonly<Record<string, string>> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;',
	'\0': '\uFFFD',
};

/** Escapes `&`, `<`, `>`, `"`, `'` (and replaces NUL), safe in text and quoted attributes. */
export function escapeHtml(value: string): string {
	return value.replace(/[&<>"'\0]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The statuses a row can have, in filter order. */
const STATUSES = ['covered', 'uncovered', 'excluded'] as const;

/** `sha256-…` CSP source for an inline element's exact text. */
export function cspHash(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy: nothing external, only this page's own style and script. */
function contentSecurityPolicy(): string {
	return [
		`default-src 'none'`,
		`style-src ${cspHash(HTML_STYLE)}`,
		`script-src ${cspHash(HTML_SCRIPT)}`,
		`img-src 'none'`,
		`base-uri 'none'`,
		`form-action 'none'`,
	].join('; ');
}

/** `12.5 %`, or `n/a`. */
function percentText(percent: number | null): string {
	return percent === null ? 'n/a' : `${percent} %`;
}

/** The provenance block. */
function renderHeader(h: MatrixHeader): string {
	const items: [string, string][] = [
		['Tool', `${h.tool.name} ${h.tool.version}`],
		['Catalog', `${h.catalog.title} (${h.catalog.id}, ${h.catalog.framework} ${h.catalog.version})`],
		['Generated', h.generatedAt],
		['Commit', h.commit ?? 'not a git repository'],
		['Root', h.root],
	];
	const rows = items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('\n');
	return `<header>\n<h1>${escapeHtml(h.title)}</h1>\n<dl class="meta">\n${rows}\n</dl>\n</header>`;
}

/** Summary counts as cards. */
function renderSummary(h: MatrixHeader): string {
	const c = h.coverage;
	const cards: [string, string][] = [
		[percentText(c.percent), 'coverage of applicable controls'],
		[String(c.covered), 'covered'],
		[String(c.uncovered), 'uncovered'],
		[String(c.applicable), 'applicable'],
		[String(c.excluded), 'excluded by the Statement of Applicability'],
		[String(c.unmapped), 'unmapped sensitive-code findings'],
	];
	const items = cards.map(([n, label]) => `<li><strong>${escapeHtml(n)}</strong>${escapeHtml(label)}</li>`);
	return `<section aria-labelledby="summary-h">\n<h2 id="summary-h">Summary</h2>\n<ul class="summary">\n${items.join('\n')}\n</ul>\n</section>`;
}

/** Accessible description of one theme's coverage. */
function themeSentence(t: ThemeCoverage): string {
	const label = `${t.id} ${t.name}`;
	return t.percent === null
		? `${label}: no applicable control`
		: `${label}: ${t.percent} % (${t.covered} of ${t.applicable} applicable controls covered)`;
}

/** Horizontal bar chart of coverage per theme, as inline SVG with a title and description. */
export function renderChart(themes: readonly ThemeCoverage[]): string {
	const barWidth = 480;
	const rowHeight = 40;
	const width = barWidth + 170;
	const height = Math.max(1, themes.length) * rowHeight + 4;
	const bars = themes.map((t, i) => {
		const y = i * rowHeight;
		const fill = t.percent === null ? 0 : Math.round((Math.min(100, Math.max(0, t.percent)) / 100) * barWidth);
		const value = t.percent === null ? 'n/a' : `${t.percent} % (${t.covered}/${t.applicable})`;
		return [
			`<g><title>${escapeHtml(themeSentence(t))}</title>`,
			`<text x="0" y="${y + 13}">${escapeHtml(`${t.id} ${t.name}`)}</text>`,
			`<rect class="track" x="0" y="${y + 18}" width="${barWidth}" height="16" rx="3"/>`,
			`<rect class="bar" x="0" y="${y + 18}" width="${fill}" height="16" rx="3"/>`,
			`<text x="${barWidth + 8}" y="${y + 31}">${escapeHtml(value)}</text></g>`,
		].join('');
	});
	const desc = themes.length === 0 ? 'No themes.' : themes.map(themeSentence).join('; ') + '.';
	return [
		`<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}"`,
		` height="${height}" role="img" aria-labelledby="chart-title chart-desc">`,
		`<title id="chart-title">Coverage by theme</title>`,
		`<desc id="chart-desc">${escapeHtml(desc)}</desc>`,
		...bars,
		'</svg>',
	].join('\n');
}

/** A `<thead>` with one column header per title. */
function renderHead(columns: readonly string[]): string {
	const cells = columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
	return `<thead><tr>${cells}</tr></thead>`;
}

/** CSS classes of the matrix cells, by column index (see MATRIX_COLUMNS). */
const MATRIX_CELL_CLASSES = ['nowrap mono', '', '', '', '', 'path', 'nowrap', 'mono', 'text', 'nowrap mono', 'nowrap'];

/**
 * A repository path, escaped, that a narrow column breaks after a `/` (`<wbr>`), never inside a
 * folder or file name (`td.path` does not break words anywhere else unless one alone is too wide).
 */
function pathHtml(value: string): string {
	return escapeHtml(value).replace(/\//g, '/<wbr>');
}

/** One matrix row, carrying its status and theme for the filters. */
function renderRow(row: MatrixRow): string {
	const cells = matrixRowCells(row).map((value, i) => {
		if (i === 4) {
			const status = escapeHtml(row.status);
			return `<td class="nowrap"><span class="status status-${status}">${status}</span></td>`;
		}
		const classes = i === 3 && !row.applicable ? 'text na' : i === 3 ? 'text' : MATRIX_CELL_CLASSES[i];
		const attr = classes ? ` class="${classes}"` : '';
		return `<td${attr}>${i === 5 ? pathHtml(value) : escapeHtml(value)}</td>`;
	});
	return `<tr data-status="${escapeHtml(row.status)}" data-theme="${escapeHtml(row.themeId)}">${cells.join('')}</tr>`;
}

/** The filter form; hidden until the script reveals it (so no dead controls without JS). */
function renderFilters(h: MatrixHeader): string {
	const boxes = STATUSES.map(
		(s) => `<label><input type="checkbox" name="status" value="${s}" checked> ${s}</label>`,
	).join('\n');
	const options = h.themes
		.map((t) => `<option value="${escapeHtml(t.id)}">${escapeHtml(themeLabel({ themeId: t.id, themeName: t.name }))}</option>`)
		.join('\n');
	return [
		'<form id="filters" class="filters" role="search" aria-label="Filter the matrix" hidden>',
		'<label for="filter-text">Text</label>',
		'<input type="search" id="filter-text" placeholder="Control, file, symbol, rationale…" autocomplete="off">',
		`<fieldset><legend>Status</legend>\n${boxes}\n</fieldset>`,
		`<label for="filter-theme">Theme</label>\n<select id="filter-theme">\n<option value="">All themes</option>\n${options}\n</select>`,
		'<button type="reset">Clear filters</button>',
		'</form>',
		'<p id="filter-count" class="filter-count" aria-live="polite"></p>',
	].join('\n');
}

/** The matrix section: filters and table. */
function renderMatrixSection(matrix: Matrix): string {
	const body = matrix.rows.map(renderRow).join('\n');
	return [
		'<section aria-labelledby="matrix-h">',
		'<h2 id="matrix-h">Traceability matrix</h2>',
		renderFilters(matrix.header),
		'<table id="matrix">',
		`<caption class="no-print">One row per control and code location; controls without location show as gaps.</caption>`,
		renderHead(MATRIX_COLUMNS),
		`<tbody>\n${body}\n</tbody>`,
		'</table>',
		'</section>',
	].join('\n');
}

/** The accepted-exceptions section. */
function renderExceptions(matrix: Matrix): string {
	const heading = '<h2 id="exceptions-h">Accepted exceptions</h2>';
	if (matrix.exceptions.length === 0) {
		return `<section aria-labelledby="exceptions-h">\n${heading}\n<p>None.</p>\n</section>`;
	}
	const classes = ['nowrap', 'path', 'nowrap', 'mono', 'text'];
	const rows = matrix.exceptions.map((e) => {
		const cells = exceptionCells(e).map((v, i) => `<td class="${classes[i]}">${i === 1 ? pathHtml(v) : escapeHtml(v)}</td>`);
		return `<tr>${cells.join('')}</tr>`;
	});
	return [
		'<section aria-labelledby="exceptions-h">',
		heading,
		'<table id="exceptions">',
		renderHead(EXCEPTION_COLUMNS),
		`<tbody>\n${rows.join('\n')}\n</tbody>`,
		'</table>',
		'</section>',
	].join('\n');
}

/** The gaps section: unmapped sensitive code by category. */
function renderGaps(gaps: readonly MatrixGap[]): string {
	const heading = '<h2 id="gaps-h">Unmapped sensitive code</h2>';
	if (gaps.length === 0) {
		return `<section aria-labelledby="gaps-h">\n${heading}\n<p>None.</p>\n</section>`;
	}
	const classes = ['nowrap', 'path', 'nowrap', 'mono', 'nowrap mono'];
	const rows = gaps.map((g) => `<tr>${gapCells(g).map((v, i) => `<td class="${classes[i]}">${i === 1 ? pathHtml(v) : escapeHtml(v)}</td>`).join('')}</tr>`);
	return [
		'<section aria-labelledby="gaps-h">', heading, '<table id="gaps">', renderHead(GAP_COLUMNS),
		`<tbody>\n${rows.join('\n')}\n</tbody>`, '</table>', '</section>',
	].join('\n');
}

/** Renders the matrix as one self-contained HTML page. */
export function toHtml(matrix: Matrix): string {
	const h = matrix.header;
	return [
		'<!DOCTYPE html>',
		'<html lang="en">',
		'<head>',
		'<meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy())}">`,
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		'<meta name="color-scheme" content="light dark">',
		`<meta name="generator" content="${escapeHtml(`${h.tool.name} ${h.tool.version}`)}">`,
		`<title>${escapeHtml(h.title)}</title>`,
		`<style>${HTML_STYLE}</style>`,
		'</head>',
		'<body>',
		renderHeader(h),
		'<main>',
		renderSummary(h),
		`<section aria-labelledby="themes-h">\n<h2 id="themes-h">Coverage by theme</h2>\n${renderChart(h.themes)}\n</section>`,
		renderMatrixSection(matrix),
		renderExceptions(matrix),
		renderGaps(matrix.gaps),
		'</main>',
		`<footer>${escapeHtml(`Generated by ${h.tool.name} ${h.tool.version} on ${h.generatedAt}.`)}</footer>`,
		`<script>${HTML_SCRIPT}</script>`,
		'</body>',
		'</html>',
		'',
	].join('\n');
}
