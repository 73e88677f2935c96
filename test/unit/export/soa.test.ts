import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import { buildSoaReport, renderSoa, SOA_COLUMNS } from '../../../src/core/export';
import { escapeHtml } from '../../../src/core/export/html';
import { soaToCsv, soaToJson, soaToMarkdown } from '../../../src/core/export/soa';
import { soaToHtml } from '../../../src/core/export/soaHtml';
import type { Soa } from '../../../src/core/types';
import { CATALOG, fixtureInput, fixtureResult, HOSTILE, SOA } from './fixture';

/** The fixture's SoA plus implementation and evidence (hostile values included) for two controls. */
const SOA_WITH_EVIDENCE: Soa = {
	...SOA,
	'A.5.17': {
		applicable: true, justification: '', implementation: HOSTILE.hyperlink,
		evidence: ['docs/auth <policy>.md', 'https://wiki.example.com/auth?a=1&b="2"'],
	},
	'A.8.15': { applicable: true, justification: HOSTILE.quoted, implementation: HOSTILE.script, evidence: ['https://x.example/l'] },
};

function input() {
	const result = fixtureResult();
	const controls = result.coverage.controls.map((c) => (SOA_WITH_EVIDENCE[c.id]?.evidence ? { ...c, status: 'covered' as const } : c));
	return fixtureInput({ soa: SOA_WITH_EVIDENCE, result: { ...result, coverage: { ...result.coverage, controls } } });
}

describe('export/soa: the Statement of Applicability', () => {
	const report = buildSoaReport(input());

	it('has every control of the catalog once, with applicability, justification, implementation and evidence', () => {
		assert.deepEqual(report.controls.map((c) => c.id), CATALOG.controls.map((c) => c.id));
		assert.ok(report.header.title.startsWith('Statement of Applicability — '));
		const byId = new Map(report.controls.map((c) => [c.id, c]));
		assert.deepEqual(byId.get('A.5.17')?.evidence.map((e) => [e.kind, e.ref]), [
			['document', 'docs/auth <policy>.md'], ['link', 'https://wiki.example.com/auth?a=1&b="2"'],
		]);
		assert.equal(byId.get('A.5.17')?.implementation, HOSTILE.hyperlink);
		assert.deepEqual(byId.get('A.8.5')?.evidence.map((e) => [e.kind, e.ref, e.lines, e.symbol]), [
			['code', 'src/auth/login.ts', '13–40', 'AuthService.login'],
		]);
		const excluded = byId.get('A.7.1');
		assert.deepEqual([excluded?.applicable, excluded?.justification, excluded?.status, excluded?.evidence.length], [
			false, 'Cloud hosted; provider secures premises', 'excluded', 0,
		]);
		assert.equal(byId.get('A.5.15')?.evidence.length, 6);
	});

	it('CSV parses back: one row per control, formula-safe, quotes and newlines intact', () => {
		const text = soaToCsv(report);
		assert.ok(text.startsWith('\uFEFF') && text.endsWith('\r\n'));
		const records: string[][] = parse(text, { bom: true });
		assert.deepEqual(records[0].slice(0, SOA_COLUMNS.length), [...SOA_COLUMNS]);
		assert.equal(records.length, 1 + CATALOG.controls.length);
		const row = (id: string) => records.find((r) => r[0] === id)!;
		assert.equal(row('A.5.17')[5], `'${HOSTILE.hyperlink}`, 'a formula becomes text');
		assert.equal(row('A.5.17')[7], 'document: docs/auth <policy>.md\nlink: https://wiki.example.com/auth?a=1&b="2"');
		assert.equal(row('A.8.15')[4], HOSTILE.quoted);
		assert.equal(row('A.7.1')[3], 'No');
		for (const r of records.slice(1)) {
			assert.ok(r.every((cell) => !/^\s*[=+\-@]/.test(cell) || cell.startsWith("'")), r.join(' | '));
		}
	});

	it('Markdown escapes every value and keeps one table row per control', () => {
		const text = soaToMarkdown(report);
		const rows = text.split('\n').filter((l) => l.startsWith('| A.'));
		assert.equal(rows.length, CATALOG.controls.length);
		assert.ok(!text.includes('<script>') && text.includes('&lt;script&gt;'));
		assert.ok(text.includes('docs/auth &lt;policy&gt;.md<br>link: https://wiki.example.com/auth?a=1&amp;b="2"'));
	});

	it('HTML escapes every value, has no script, and links only http(s) evidence', () => {
		const html = soaToHtml(report);
		assert.ok(!html.includes('<script'), 'no script element');
		assert.ok(!html.includes(HOSTILE.script));
		assert.ok(html.includes(escapeHtml(HOSTILE.script)));
		assert.ok(html.includes(`<a href="${escapeHtml('https://wiki.example.com/auth?a=1&b="2"')}" rel="noopener noreferrer">`));
		assert.ok(html.includes(escapeHtml('docs/auth <policy>.md')) && !html.includes('href="docs/'));
		assert.equal((html.match(/<a href=/g) ?? []).length, 2);
		assert.match(html, /Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-[^"]+; script-src &#39;none&#39;/);
	});

	it('HTML never links evidence that is not an http(s) URL, even if it reaches the report', () => {
		const hostile: Soa = { 'A.5.17': { applicable: true, justification: '', evidence: ['javascript:alert(1)', 'file:///etc/passwd'] } };
		const html = soaToHtml(buildSoaReport(fixtureInput({ soa: hostile })));
		assert.equal((html.match(/<a href=/g) ?? []).length, 0);
	});

	it('JSON lists the controls with their evidence in a fixed key order', () => {
		const json = JSON.parse(soaToJson(report)) as { header: { title: string }; controls: { id: string; evidence: object[] }[] };
		assert.equal(json.controls.length, CATALOG.controls.length);
		assert.deepEqual(Object.keys(json.controls[0]), ['id', 'title', 'themeId', 'themeName', 'applicable', 'justification', 'implementation', 'status', 'evidence']);
		assert.deepEqual(json.controls.find((c) => c.id === 'A.8.15')?.evidence, [{ kind: 'link', ref: 'https://x.example/l', lines: '', symbol: '', note: '' }]);
		assert.equal(renderSoa('json', report), soaToJson(report));
	});
});
