import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { runInNewContext } from 'node:vm';
import { escapeHtml, toHtml } from '../../../src/core/export/html';
import { buildMatrix } from '../../../src/core/export/matrix';
import { CATALOG, fixtureInput, HOSTILE } from './fixture';

/** The text between the first `<tag …>` and its `</tag>`. */
function inner(html: string, tag: string): string {
	const m = new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`).exec(html);
	assert.ok(m, `no <${tag}>`);
	return m[1];
}

/** Decodes the references escapeHtml writes. */
function decode(text: string): string {
	return text
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/&amp;/g, '&');
}

/** A fake table row for the filter script. */
interface FakeRow {
	readonly status: string;
	readonly theme: string;
	readonly textContent: string;
	hidden: boolean;
	getAttribute(name: string): string | null;
}

/** Runs the page's script against a minimal fake DOM built from the page's matrix rows. */
function runFilters(html: string) {
	const body = inner(html, 'tbody');
	const rows: FakeRow[] = [...body.matchAll(/<tr data-status="([^"]*)" data-theme="([^"]*)">([\s\S]*?)<\/tr>/g)].map((m) => ({
		status: decode(m[1]),
		theme: decode(m[2]),
		textContent: decode(m[3].replace(/<[^>]*>/g, '')),
		hidden: false,
		getAttribute(name: string) {
			return name === 'data-status' ? this.status : name === 'data-theme' ? this.theme : null;
		},
	}));
	const listeners: Record<string, () => void> = {};
	const boxes = ['covered', 'uncovered', 'excluded'].map((value) => ({ value, checked: true }));
	const form = {
		hidden: true,
		querySelectorAll: () => boxes,
		addEventListener: (type: string, fn: () => void) => (listeners[type] = fn),
	};
	const elements: Record<string, unknown> = {
		filters: form,
		matrix: { tBodies: [{ rows }] },
		'filter-count': { textContent: '', className: '' },
		'filter-text': { value: '' },
		'filter-theme': { value: '' },
	};
	const document = { getElementById: (id: string) => elements[id] ?? null };
	runInNewContext(inner(html, 'script'), { document, setTimeout });
	const visible = () => rows.filter((r) => !r.hidden).length;
	return { rows, form, boxes, elements, visible, fire: (type: string) => listeners[type]() };
}

describe('export/html', () => {
	const matrix = buildMatrix(fixtureInput());
	const html = toHtml(matrix);

	it('is one complete page with title, header and summary', () => {
		assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
		assert.ok(html.trimEnd().endsWith('</html>'));
		assert.equal(inner(html, 'title'), 'Traceability matrix — ISO/IEC 27001:2022 Annex A');
		assert.ok(html.includes('<dt>Commit</dt><dd>0123456789abcdef0123456789abcdef01234567</dd>'));
		assert.ok(html.includes('<dt>Generated</dt><dd>2024-05-01T12:00:00.000Z</dd>'));
		assert.ok(html.includes('<li><strong>60 %</strong>coverage of applicable controls</li>'));
		assert.ok(html.includes('<li><strong>2</strong>excluded by the Statement of Applicability</li>'));
	});

	it('lets no injected markup in: every hostile value appears escaped', () => {
		assert.equal(html.includes('<script>alert'), false);
		assert.equal((html.match(/<script/g) ?? []).length, 1);
		assert.equal(html.includes('<b>bold'), false);
		for (const value of Object.values(HOSTILE)) {
			assert.ok(html.includes(escapeHtml(value)), `escaped ${JSON.stringify(value)}`);
		}
		assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
		assert.ok(html.includes('O&#39;Brien&#39;s &quot;key&quot;'));
		assert.ok(html.includes('=HYPERLINK(&quot;http://x&quot;)'));
	});

	it('escapes values inside attributes', () => {
		const hostile = 'X" onmouseover="alert(1)';
		const input = fixtureInput();
		const catalog = {
			...CATALOG,
			themes: [...CATALOG.themes, { id: hostile, name: '<i>' }],
			controls: [...CATALOG.controls, { id: 'X.1', title: 'x', theme: hostile, description: 'x' }],
		};
		const page = toHtml(buildMatrix({ ...input, catalog }));
		assert.equal(page.includes('" onmouseover="'), false);
		assert.ok(page.includes('data-theme="X&quot; onmouseover=&quot;alert(1)"'));
		assert.ok(page.includes('<option value="X&quot; onmouseover=&quot;alert(1)">'));
		assert.equal(page.includes('<i>'), false);
	});

	it('references no external resource', () => {
		assert.equal(/\b(?:src|href|srcset|action|poster|xlink:href)\s*=/i.test(html), false);
		assert.equal(/url\s*\(|@import/i.test(html), false);
		assert.equal(/<(?:link|img|iframe|object|embed|base)\b/i.test(html), false);
		const outsideText = html.replace(/=HYPERLINK\(&quot;http:\/\/x&quot;\)/g, '');
		assert.equal(/https?:\/\//.test(outsideText), false);
	});

	it('has a Content-Security-Policy allowing only its own style and script', () => {
		const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
		assert.ok(m);
		const csp = decode(m[1]);
		assert.match(csp, /default-src 'none'/);
		const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
		assert.ok(csp.includes(`script-src ${hash(inner(html, 'script'))}`));
		assert.ok(csp.includes(`style-src ${hash(inner(html, 'style'))}`));
		assert.equal(/ style=/.test(html), false, 'no style attributes (the CSP would block them)');
	});

	it('draws the coverage-by-theme chart as accessible inline SVG', () => {
		const svg = inner(html, 'svg');
		assert.ok(html.includes('role="img" aria-labelledby="chart-title chart-desc"'));
		assert.ok(svg.includes('<title id="chart-title">Coverage by theme</title>'));
		assert.ok(svg.includes('A.5 Organizational: 50 % (1 of 2 applicable controls covered)'));
		assert.ok(svg.includes('A.7 Physical: no applicable control'));
		assert.deepEqual([...svg.matchAll(/<rect class="bar"[^>]* width="(\d+)"/g)].map((x) => x[1]), ['240', '0', '320']);
		assert.ok(svg.includes('>66.7 % (2/3)</text>'));
	});

	it('renders the matrix with applicability and status as colour and text', () => {
		const rows = inner(html, 'tbody').match(/<tr data-status=/g) ?? [];
		assert.equal(rows.length, matrix.rows.length);
		assert.ok(html.includes('<span class="status status-excluded">excluded</span>'));
		assert.ok(html.includes('<span class="status status-uncovered">uncovered</span>'));
		assert.ok(html.includes('Not applicable — Cloud hosted; provider monitors premises'));
		assert.ok(html.includes('<td class="nowrap">13–40</td>'));
		const head = inner(html, 'thead');
		assert.equal((head.match(/<th scope="col">/g) ?? []).length, 11);
	});

	it('breaks file paths only after a slash, never inside a name', () => {
		const body = inner(html, 'tbody');
		const paths = [...body.matchAll(/<td class="path">([^<]*(?:<wbr>[^<]*)*)<\/td>/g)].map((m) => m[1]).filter((p) => p !== '');
		assert.ok(paths.length > 0, 'the matrix has file cells');
		for (const p of paths) {
			assert.ok(!p.includes('/') || p.includes('/<wbr>'), p);
			assert.equal(p.split('/<wbr>').join('/').includes('<'), false, `${p}: a break only after a slash`);
		}
		assert.match(inner(html, 'style'), /td\.path \{[^}]*word-break: normal/);
		assert.doesNotMatch(inner(html, 'style'), /td\.path[^{]*\{[^}]*anywhere/);
	});

	it('lists the accepted exceptions', () => {
		const ex = html.slice(html.indexOf('<table id="exceptions">'));
		assert.ok(ex.includes('<th scope="col">Reason</th>'));
		assert.ok(ex.includes('<td class="nowrap">logging</td><td class="path">src/<wbr>audit.ts</td>'));
		const none = toHtml(buildMatrix(fixtureInput({ exceptions: [] })));
		assert.ok(none.includes('<h2 id="exceptions-h">Accepted exceptions</h2>\n<p>None.</p>'));
	});

	it('has filters, hidden without JavaScript, and print rules', () => {
		assert.ok(html.includes('<form id="filters" class="filters" role="search" aria-label="Filter the matrix" hidden>'));
		assert.ok(html.includes('<input type="search" id="filter-text"'));
		for (const s of ['covered', 'uncovered', 'excluded']) {
			assert.ok(html.includes(`<input type="checkbox" name="status" value="${s}" checked>`));
		}
		assert.ok(html.includes('<option value="A.8">A.8 Technological</option>'));
		const css = inner(html, 'style');
		assert.match(css, /@media print \{[\s\S]*\.filters[^{]*\{ display: none !important; \}/);
		assert.match(css, /thead \{ display: table-header-group; \}/);
		assert.match(css, /break-inside: avoid/);
		assert.match(css, /prefers-color-scheme: dark/);
	});

	it('filters rows by text, status and theme with its script', () => {
		const page = runFilters(html);
		assert.equal(page.form.hidden, false);
		assert.equal(page.visible(), matrix.rows.length);
		const text = page.elements['filter-text'] as { value: string };
		text.value = 'ALERT(1)';
		page.fire('input');
		assert.equal(page.visible(), 2);
		text.value = '';
		page.boxes[0].checked = false;
		page.fire('change');
		assert.equal(page.visible(), matrix.rows.filter((r) => r.status !== 'covered').length);
		page.boxes[0].checked = true;
		(page.elements['filter-theme'] as { value: string }).value = 'A.7';
		page.fire('change');
		assert.equal(page.visible(), 2);
		const count = page.elements['filter-count'] as { textContent: string; className: string };
		assert.equal(count.textContent, `Filtered view: showing 2 of ${matrix.rows.length} rows.`);
		assert.equal(count.className, 'filter-count filtered');
	});

	it('escapeHtml escapes the five significant characters', () => {
		assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
		assert.equal(escapeHtml('plain — text'), 'plain — text');
	});
});
