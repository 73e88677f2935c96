import { strict as assert } from 'node:assert';
import { escapeMarkdown, toMarkdown } from '../../../src/core/export/markdown';
import { buildMatrix, EXCEPTION_COLUMNS, MATRIX_COLUMNS } from '../../../src/core/export/matrix';
import { fixtureInput, HOSTILE } from './fixture';

/** Splits a GFM table row into raw cells, honouring backslash escapes (as GitHub does). */
function splitRow(line: string): string[] {
	assert.ok(line.startsWith('| ') && line.endsWith(' |'), `table row: ${line}`);
	const cells: string[] = [];
	let cell = '';
	for (let i = 1; i < line.length - 1; i++) {
		const c = line[i];
		if (c === '\\') {
			cell += c + line[i + 1];
			i++;
		} else if (c === '|') {
			cells.push(cell.trim());
			cell = '';
		} else {
			cell += c;
		}
	}
	cells.push(cell.trim());
	return cells;
}

/** The lines of the table that follows `heading`. */
function tableAfter(text: string, heading: string): string[] {
	const lines = text.split('\n');
	const start = lines.indexOf(heading);
	assert.ok(start >= 0, `missing ${heading}`);
	const table: string[] = [];
	for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {table.push(lines[i]);}
	return table;
}

describe('export/markdown', () => {
	const matrix = buildMatrix(fixtureInput());
	const text = toMarkdown(matrix);

	it('has a title, the header bullets and the sections', () => {
		assert.ok(text.startsWith('# Traceability matrix — ISO/IEC 27001:2022 Annex A\n'));
		assert.ok(text.includes('- **Tool:** iso27001 0.1.0'));
		assert.ok(text.includes('- **Commit:** 0123456789abcdef0123456789abcdef01234567'));
		assert.ok(text.includes('- **Generated:** 2024-05-01T12:00:00.000Z'));
		assert.ok(text.includes('- **Coverage:** 60 % — 3 covered, 2 uncovered of 5 applicable controls; 2 excluded'));
		for (const h of ['## Coverage by theme', '## Matrix', '## Accepted exceptions']) {assert.ok(text.includes(`\n${h}\n`));}
	});

	it('has the right column count on every matrix row, even with pipes and newlines', () => {
		const table = tableAfter(text, '## Matrix');
		assert.equal(table.length, 2 + matrix.rows.length);
		assert.deepEqual(splitRow(table[0]), [...MATRIX_COLUMNS]);
		assert.match(table[1], /^\| --- (\| --- )+\|$/);
		for (const line of table) {assert.equal(splitRow(line).length, MATRIX_COLUMNS.length, line);}
	});

	it('renders coverage by theme and the exceptions as tables', () => {
		const themes = tableAfter(text, '## Coverage by theme');
		assert.deepEqual(themes.slice(2).map(splitRow), [
			['A.5', 'Organizational', '1', '2', '50 %'],
			['A.7', 'Physical', '0', '0', 'n/a'],
			['A.8', 'Technological', '2', '3', '66.7 %'],
		]);
		const exceptions = tableAfter(text, '## Accepted exceptions');
		assert.equal(exceptions.length, 4);
		for (const line of exceptions) {assert.equal(splitRow(line).length, EXCEPTION_COLUMNS.length);}
		assert.deepEqual(splitRow(exceptions[3]), [
			'crypto', 'src/cache.ts', '10', '', '-2 md5, "not security"<br>only cache keys',
		]);
	});

	it('lets no raw HTML in and escapes pipes, backticks and newlines', () => {
		assert.equal(text.includes('<script'), false);
		assert.equal(text.includes('<b>'), false);
		assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
		assert.ok(text.includes('split \\| here \\| and \\`code\\` &amp; &lt;b&gt;bold&lt;/b&gt;'));
		assert.ok(text.includes('AES-256-GCM, "authenticated"<br>encryption'));
		assert.ok(text.includes('src/log\\|pipe.ts'));
		// The only tag written is <br>.
		assert.deepEqual([...new Set(text.match(/<[^>]*>/g))], ['<br>']);
	});

	it('escapeMarkdown escapes markup, HTML and line breaks', () => {
		assert.equal(escapeMarkdown('a|b'), 'a\\|b');
		assert.equal(escapeMarkdown('a\\|b'), 'a\\\\\\|b');
		assert.equal(escapeMarkdown('*x* _y_ [l](u) ~s~'), '\\*x\\* \\_y\\_ \\[l\\](u) \\~s\\~');
		assert.equal(escapeMarkdown('a\r\nb\nc\rd'), 'a<br>b<br>c<br>d');
		assert.equal(escapeMarkdown('<&>'), '&lt;&amp;&gt;');
		assert.equal(escapeMarkdown(HOSTILE.tab), '\tTabbed value');
	});

	it('says None when there is no exception', () => {
		const md = toMarkdown(buildMatrix(fixtureInput({ exceptions: [] })));
		assert.ok(md.includes('## Accepted exceptions\n\nNone.\n'));
	});
});
