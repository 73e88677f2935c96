import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, toCsv } from '../../../src/core/export/csv';
import { GAP_COLUMNS } from '../../../src/core/export/gaps';
import { escapeHtml, toHtml } from '../../../src/core/export/html';
import { toJson } from '../../../src/core/export/json';
import { toMarkdown } from '../../../src/core/export/markdown';
import { buildMatrix, type Matrix } from '../../../src/core/export/matrix';
import type { Category, Finding } from '../../../src/core/types';
import { fixtureInput, fixtureResult, HOSTILE } from './fixture';

function finding(file: string, line: number, category: Category, api: string, state: 'mapped' | 'ignored' | 'open'): Finding {
	// A rule id and confidence as findings carry them (SPEC); the gaps section does not need them.
	const f = {
		file, line, column: 3, category, api, message: `${api} call`, suggestedControls: category === 'crypto' ? ['A.8.24'] : ['A.8.5', 'A.5.17'],
		mapped: state === 'mapped', coveredBy: state === 'mapped' ? ['A.8.24'] : [], ignored: state === 'ignored',
		ignoreReason: state === 'ignored' ? 'cache keys' : null, rule: `test.${category}`, confidence: 'high' as const,
	};
	return f;
}

const FINDINGS: Finding[] = [
	finding('src/z.ts', 9, 'crypto', 'createHash', 'open'),
	finding('src/a.ts', 4, 'auth', HOSTILE.hyperlink, 'open'),
	finding('src/a.ts', 2, 'crypto', HOSTILE.script, 'open'),
	finding('src/b.ts', 1, 'crypto', 'createCipheriv', 'mapped'),
	finding('src/c.ts', 1, 'crypto', 'md5', 'ignored'),
];

describe('export: the gaps section (unmapped sensitive code)', () => {
	const matrix: Matrix = buildMatrix(fixtureInput({ result: { ...fixtureResult(), findings: FINDINGS } }));

	it('lists unmapped findings only, by category in SPEC order, then file and line; counts them in the header', () => {
		assert.deepEqual(matrix.gaps.map((g) => [g.category, g.file, g.line, g.api]), [
			['crypto', 'src/a.ts', 2, HOSTILE.script], ['crypto', 'src/z.ts', 9, 'createHash'], ['auth', 'src/a.ts', 4, HOSTILE.hyperlink],
		]);
		assert.equal(matrix.header.coverage.unmapped, 3);
		assert.equal(buildMatrix(fixtureInput()).header.coverage.unmapped, 0);
	});

	it('CSV: one row per gap with its status, category and API, formula-safe', () => {
		const records: string[][] = parse(toCsv(matrix), { bom: true });
		const col = (name: string) => CSV_COLUMNS.indexOf(name);
		const gaps = records.filter((r) => r[col('Status')] === 'unmapped sensitive code');
		assert.deepEqual(gaps.map((r) => [r[col('Category')], r[col('File')], r[col('Lines')], r[col('API')], r[col('Evidence kind')]]), [
			['crypto', 'src/a.ts', '2', HOSTILE.script, 'code'], ['crypto', 'src/z.ts', '9', 'createHash', 'code'],
			['auth', 'src/a.ts', '4', `'${HOSTILE.hyperlink}`, 'code'],
		]);
		assert.match(gaps[2][col('Rationale')], /\(suggested: A\.8\.5, A\.5\.17\)$/);
		assert.ok(records.every((r) => r.length === CSV_COLUMNS.length));
	});

	it('Markdown: a section with the count in the header, values escaped', () => {
		const text = toMarkdown(matrix);
		assert.ok(text.includes('; 3 unmapped sensitive-code findings'));
		const section = text.slice(text.indexOf('## Unmapped sensitive code'));
		assert.ok(section.includes(`| ${GAP_COLUMNS.join(' | ')} |`));
		assert.ok(section.includes('| crypto | src/a.ts | 2 | &lt;script&gt;alert(1)&lt;/script&gt; | A.8.24 |'));
		assert.ok(toMarkdown(buildMatrix(fixtureInput())).endsWith('## Unmapped sensitive code\n\nNone.\n'));
	});

	it('HTML: a section and a summary card, values escaped', () => {
		const html = toHtml(matrix);
		assert.ok(html.includes('<h2 id="gaps-h">Unmapped sensitive code</h2>'));
		assert.ok(html.includes('<li><strong>3</strong>unmapped sensitive-code findings</li>'));
		assert.ok(html.includes(escapeHtml(HOSTILE.script)) && !html.includes(HOSTILE.script));
	});

	it('JSON: the gaps and the unmapped count', () => {
		const json = JSON.parse(toJson(matrix)) as { header: { coverage: { unmapped: number } }; gaps: { api: string; suggestedControls: string[] }[] };
		assert.equal(json.header.coverage.unmapped, 3);
		assert.deepEqual(json.gaps.map((g) => g.api), [HOSTILE.script, 'createHash', HOSTILE.hyperlink]);
		assert.deepEqual(json.gaps[2].suggestedControls, ['A.8.5', 'A.5.17']);
	});
});
