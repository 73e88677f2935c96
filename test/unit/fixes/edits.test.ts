import * as assert from 'node:assert/strict';
import { createControlIdResolver } from '../../../src/core/annotations/controlIds';
import { addAnnotationEdit, addAnnotationFix, addIgnoreEdit, applyEdits, fixAllEdits, rewriteLegacyEdit } from '../../../src/core/fixes';
import { toScanJson } from '../../../src/core/scan/json';
import type { Finding, Problem, ScanResult } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';
import { analyse, findingOf, src } from './helpers';

/** A finding as the analysis hands it to the editor, anchored at `line` with `indent`. */
const finding = (line: number, indent = '', over: Partial<Finding> = {}): Finding => ({
	file: 'a.ts', line: line + 1, column: 3, category: 'crypto', message: 'm', api: 'crypto.createHash', suggestedControls: ['A.8.24'],
	mapped: false, coveredBy: [], ignored: false, ignoreReason: null, rule: 'test.crypto', confidence: 'high', anchor: { line, indent }, ...over,
});

const ids = (): ReturnType<typeof createControlIdResolver> => {
	const { c2022, c2013 } = builtInCatalogs();
	return createControlIdResolver(c2022, [c2013]);
};

describe('fixes: where the rationale of a new annotation goes', () => {
	it('just after the IDs of a new comment, before a block comment\'s close', () => {
		for (const [languageId, text, line] of [
			['typescript', src('import x from "y";', '\tfunction f() {}'), 2],
			['html', src('<p>', '<form action="/login">'), 2],
		] as const) {
			const fix = addAnnotationFix(text, languageId, finding(line, languageId === 'typescript' ? '\t' : ''))!;
			const after = applyEdits(text, [fix.edit]).split('\n');
			const at = fix.rationale!;
			assert.equal(after[at.line - 1].slice(0, at.column - 1).trimStart(), languageId === 'html' ? '<!-- @iso27001 A.8.24' : '// @iso27001 A.8.24', text);
			assert.equal(after[at.line - 1].slice(at.column - 1), languageId === 'html' ? ' -->' : '');
		}
	});

	it('nowhere when the ID is appended to an annotation that has its own', () => {
		const text = src('// @iso27001 A.8.5 — password check', 'export function verify() {}');
		assert.equal(addAnnotationFix(text, 'typescript', finding(2))?.rationale, null);
	});
});

describe('fixes: appending to the annotation right above', () => {
	it('appends after the last ID, before the rationale, instead of stacking a second comment', () => {
		const text = src('// @iso27001 A.8.5, A.5.17 — password check', 'export function verify() {', '  return 1;', '}');
		const edit = addAnnotationEdit(text, 'typescript', finding(2));
		assert.deepEqual(edit, { line: 1, column: 27, endLine: 1, endColumn: 27, newText: ', A.8.24' });
		assert.equal(applyEdits(text, [edit]).split('\n')[0], '// @iso27001 A.8.5, A.5.17, A.8.24 — password check');
	});

	it('appends inside a JSDoc block ending right above, and to a glued rationale', () => {
		const jsdoc = src('/**', ' * Verifies.', ' * @iso27001 A.8.5 — login', ' */', 'function f() {}');
		assert.equal(applyEdits(jsdoc, [addAnnotationEdit(jsdoc, 'typescript', finding(5))!]).split('\n')[2], ' * @iso27001 A.8.5, A.8.24 — login');
		const glued = src('# @iso27001 A.8.5—login', 'def f():', '    pass');
		assert.equal(applyEdits(glued, [addAnnotationEdit(glued, 'python', finding(2))!]).split('\n')[0], '# @iso27001 A.8.5, A.8.24—login');
	});

	it('returns null when the annotation above already lists the control', () => {
		const text = src('  // @iso27001 A.8.24', '  hash() {}');
		assert.equal(addAnnotationEdit(text, 'typescript', finding(2, '  ')), null);
		assert.equal(addAnnotationEdit(text, 'typescript', finding(2, '  '), 'A.5.17')?.newText, ', A.5.17');
	});

	it('does not append to an ignore, a file-level annotation, a trailing comment, or a deeper-indented Python comment', () => {
		const cases: [string, string][] = [
			['typescript', src('// @iso27001-ignore crypto — cache keys', 'function f() {}')],
			['typescript', src('// @iso27001-file A.8.15', 'function f() {}')],
			['typescript', src('const x = 1; // @iso27001 A.8.5', 'function f() {}')],
			['typescript', src('/* @iso27001 A.8.5 */ const y = 2;', 'function f() {}')],
			['python', src('def a():', '    x()', '    # @iso27001 A.8.5', 'def f():', '    pass')],
		];
		for (const [languageId, text] of cases) {
			const lines = text.split('\n');
			const line = lines.findIndex((l) => /^(?:function|def) f/.test(l)) + 1;
			const edit = addAnnotationEdit(text, languageId, finding(line));
			assert.equal(edit?.column, 1, text);
			assert.equal(edit?.line, line, text);
			assert.match(edit.newText, /^(?:\/\/|#) @iso27001 A\.8\.24\n$/);
		}
	});

	it('maps the finding after the edit when the annotation above only had an unknown ID', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'// @iso27001 A.99.1 — hashing',
			'export function h(b: string) {',
			"  return createHash('sha256').update(b).digest('hex');",
			'}',
		);
		const before = findingOf(await analyse('a.ts', 'typescript', text), 'crypto.createHash');
		assert.equal(before.mapped, false);
		const next = applyEdits(text, [addAnnotationEdit(text, 'typescript', before)!]);
		assert.equal(next.split('\n')[1], '// @iso27001 A.99.1, A.8.24 — hashing');
		assert.equal(findingOf(await analyse('a.ts', 'typescript', next), 'crypto.createHash').mapped, true);
	});
});

describe('fixes: the anchor set by the analysis', () => {
	it('is set on unmapped findings only, and never reaches the CLI JSON', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'// @iso27001 A.8.24',
			"export const a = createHash('sha256');",
			"export const b = createHash('md5');",
		);
		const analysis = await analyse('a.ts', 'typescript', text);
		assert.deepEqual(analysis.findings.map((f) => [f.line, f.mapped, f.anchor]), [[3, true, undefined], [4, false, { line: 4, indent: '' }]]);
		const result: ScanResult = {
			tool: { name: 't', version: '1' }, root: '/', catalog: { id: 'c', framework: 'f', version: '1' }, files: 1,
			annotations: [], findings: analysis.findings, problems: [], coverage: { percent: 0, controls: [] },
		};
		const json = JSON.stringify(toScanJson(result));
		assert.ok(!json.includes('anchor') && !json.includes('indent'), json);
		assert.ok(json.includes('"mapped":false'));
	});

	it('falls back to the lexical resolver on code that does not parse (mid-edit)', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'export function digest(p: string) {',
			"  const h = createHash('sha256');",
			'  return h.update(p).digest(',
			'}',
		);
		const f = findingOf(await analyse('a.ts', 'typescript', text), 'crypto.createHash');
		assert.deepEqual(f.anchor, { line: 2, indent: '' });
		const next = applyEdits(text, [addAnnotationEdit(text, 'typescript', f)!]);
		assert.equal(findingOf(await analyse('a.ts', 'typescript', next), 'crypto.createHash').mapped, true);
	});

	it('uses the def header in Python code that does not parse', async () => {
		const text = src('import hashlib', '', 'class A:', '    def h(self, b):', '        x = hashlib.sha256(b).hexdigest(', '        return x');
		const f = findingOf(await analyse('a.py', 'python', text), 'hashlib.sha256');
		assert.deepEqual(f.anchor, { line: 4, indent: '    ' });
		const next = applyEdits(text, [addAnnotationEdit(text, 'python', f)!]);
		assert.equal(findingOf(await analyse('a.py', 'python', next), 'hashlib.sha256').mapped, true);
	});

	it('never puts the comment inside a string spanning lines, parsed or not', async () => {
		for (const tail of ['  return q;', '  return q.']) {
			const text = src(
				"import { createHash } from 'node:crypto';",
				'export function f(p: string) {',
				'  const q = `',
				"${createHash('md5').update(p).digest('hex')}`;",
				tail,
				'}',
			);
			const f = findingOf(await analyse('a.ts', 'typescript', text), 'crypto.createHash');
			assert.equal(f.line, 4);
			// Parsed: the statement's own line would do, but the function is the innermost declaration.
			assert.deepEqual(f.anchor, { line: 2, indent: '' }, tail);
			const next = applyEdits(text, [addAnnotationEdit(text, 'typescript', f)!]);
			assert.equal(findingOf(await analyse('a.ts', 'typescript', next), 'crypto.createHash').mapped, true, tail);
		}
		const top = src("import { createHash } from 'node:crypto';", 'export const q = `', "${createHash('md5').digest('hex')}`;");
		assert.deepEqual(findingOf(await analyse('a.ts', 'typescript', top), 'crypto.createHash').anchor, { line: 2, indent: '' });
	});

	it('without an anchor (a finding from elsewhere), uses the finding line and its indentation', () => {
		const text = src('function f() {', '\t  x();', '}');
		const edit = addAnnotationEdit(text, 'typescript', { line: 2, category: 'crypto', suggestedControls: ['A.8.24'] });
		assert.deepEqual(edit, { line: 2, column: 1, endLine: 2, endColumn: 1, newText: '\t  // @iso27001 A.8.24\n' });
	});
});

describe('fixes: comment syntax', () => {
	it('uses the language\'s insertion syntax: line tokens, block delimiters, markup', () => {
		const at = (languageId: string, text: string): string | undefined => addAnnotationEdit(text, languageId, finding(2, '  '))?.newText;
		assert.equal(at('sql', 'SELECT 1;\n  SELECT 2;\n'), '  -- @iso27001 A.8.24\n');
		assert.equal(at('lua', 'x()\n  y()\n'), '  -- @iso27001 A.8.24\n');
		assert.equal(at('css', 'a {}\n  b {}\n'), '  /* @iso27001 A.8.24 */\n');
		assert.equal(at('html', '<p>\n  <b>\n'), '  <!-- @iso27001 A.8.24 -->\n');
		assert.equal(at('html', '<script>\n  x()\n</script>\n'), '  // @iso27001 A.8.24\n');
		assert.equal(at('vue', '<style>\n  a {}\n</style>\n'), '  /* @iso27001 A.8.24 */\n');
		assert.equal(at('yaml', 'a: 1\n  b: 2\n'), '  # @iso27001 A.8.24\n');
	});

	it('the ignore cursor sits after `— ` and before a block comment\'s end', () => {
		const html = addIgnoreEdit('<p>\n  <b>\n', 'html', finding(2, '  '));
		assert.equal(html.edit.newText, '  <!-- @iso27001-ignore crypto —  -->\n');
		assert.deepEqual(html.cursor, { line: 2, column: 34 });
		assert.equal(html.edit.newText.slice(html.cursor.column - 1), ' -->\n');
		const ts = addIgnoreEdit('x\n\ty\n', 'typescript', finding(2, '\t', { category: 'tls' }));
		assert.equal(ts.edit.newText, '\t// @iso27001-ignore tls — \n');
		assert.deepEqual(ts.cursor, { line: 2, column: 28 });
	});
});

describe('fixes: CRLF files', () => {
	it('keep their line endings, and the annotation maps the finding', async () => {
		const text = [
			"import { createHash } from 'node:crypto';",
			'export class S {',
			'    hash(p: string) {',
			"        return createHash('sha256').update(p).digest('hex');",
			'    }',
			'}',
			'',
		].join('\r\n');
		const f = findingOf(await analyse('a.ts', 'typescript', text), 'crypto.createHash');
		const edit = addAnnotationEdit(text, 'typescript', f)!;
		assert.deepEqual(edit, { line: 3, column: 1, endLine: 3, endColumn: 1, newText: '    // @iso27001 A.8.24\r\n' });
		const next = applyEdits(text, [edit]);
		assert.equal(next.replace(/\r\n/g, '').includes('\n'), false);
		assert.equal(findingOf(await analyse('a.ts', 'typescript', next), 'crypto.createHash').mapped, true);
		const ignore = addIgnoreEdit(text, 'typescript', f);
		assert.equal(ignore.edit.newText, '    // @iso27001-ignore crypto — \r\n');
	});

	it('appending to a CRLF annotation stays on its line', () => {
		const text = '// @iso27001 A.8.5\r\nfunction f() {}\r\n';
		assert.equal(applyEdits(text, [addAnnotationEdit(text, 'typescript', finding(2))!]), '// @iso27001 A.8.5, A.8.24\r\nfunction f() {}\r\n');
	});
});

describe('fixes: rewrite legacy IDs', () => {
	const problemsOf = async (text: string): Promise<Problem[]> => (await analyse('a.ts', 'typescript', text)).problems.filter((p) => p.code === 'legacy-control');

	it('replaces a 2013 ID with its 2022 ID, and the annotation still maps', async () => {
		const text = src("import { createHash } from 'node:crypto';", '// @iso27001 A.10.1.1 — hashing', "export const h = createHash('sha256');");
		const [problem] = await problemsOf(text);
		const edit = rewriteLegacyEdit(text, 'typescript', problem, ids());
		assert.deepEqual(edit, { line: 2, column: 14, endLine: 2, endColumn: 22, newText: 'A.8.24' });
		const next = applyEdits(text, [edit]);
		assert.equal(next.split('\n')[1], '// @iso27001 A.8.24 — hashing');
		const after = await analyse('a.ts', 'typescript', next);
		assert.deepEqual(after.problems, []);
		assert.equal(findingOf(after, 'crypto.createHash').mapped, true);
	});

	it('joins several 2022 IDs with ", " and leaves out those already on the line', async () => {
		const many = src('// @iso27001 A.18.2.3 — review', 'f();');
		assert.equal(applyEdits(many, [rewriteLegacyEdit(many, 'typescript', (await problemsOf(many))[0], ids())!]).split('\n')[0], '// @iso27001 A.5.36, A.8.8 — review');
		const some = src('// @iso27001 A.8.8, A.18.2.3 — review', 'f();');
		assert.equal(applyEdits(some, [rewriteLegacyEdit(some, 'typescript', (await problemsOf(some))[0], ids())!]).split('\n')[0], '// @iso27001 A.8.8, A.5.36 — review');
	});

	it('removes the legacy ID with its separator when its 2022 IDs are all there', async () => {
		const after = src('// @iso27001 A.8.24, A.10.1.1 — hashing', 'f();');
		assert.equal(applyEdits(after, [rewriteLegacyEdit(after, 'typescript', (await problemsOf(after))[0], ids())!]).split('\n')[0], '// @iso27001 A.8.24 — hashing');
		const before = src('/* @iso27001 A.10.1.1 A.8.24: hashing */', 'f();');
		assert.equal(applyEdits(before, [rewriteLegacyEdit(before, 'typescript', (await problemsOf(before))[0], ids())!]).split('\n')[0], '/* @iso27001 A.8.24: hashing */');
	});

	it('returns null for other problems and for IDs that are not legacy', () => {
		const text = src('// @iso27001 A.8.24', 'f();');
		const problem: Problem = { file: 'a.ts', line: 1, column: 14, code: 'legacy-control', severity: 'warning', message: '', endLine: 1, endColumn: 20 };
		assert.equal(rewriteLegacyEdit(text, 'typescript', problem, ids()), null);
		assert.equal(rewriteLegacyEdit(text, 'typescript', { ...problem, code: 'unknown-control' }, ids()), null);
	});
});

describe('fixes: fix all in file', () => {
	const text = src(
		"import { createHash, createCipheriv, randomBytes } from 'node:crypto';",
		'export class Vault {',
		'  seal(key: Buffer, data: Buffer) {',
		'    const iv = randomBytes(12);',
		"    const c = createCipheriv('aes-256-gcm', key, iv);",
		'    if (!user.roles.includes(\'admin\')) { throw new Error(\'denied\'); }',
		'    return Buffer.concat([iv, c.update(data), c.final()]);',
		'  }',
		'  // @iso27001-ignore crypto — cache keys only',
		'  key(p: string) {',
		"    return createHash('md5').update(p).digest('hex');",
		'  }',
		'  // @iso27001 A.8.5',
		'  login(p: string) {',
		"    return createHash('sha256').update(p).digest('hex');",
		'  }',
		'}',
		"export const token = process.env.API_TOKEN;",
	);

	it('merges the findings of one declaration into one comment, appends above, skips ignored ones', async () => {
		const analysis = await analyse('a.ts', 'typescript', text);
		const open = analysis.findings.filter((f) => !f.mapped && !f.ignored);
		assert.ok(open.length >= 4, JSON.stringify(analysis.findings.map((f) => `${f.line}:${f.category}:${f.mapped}:${f.ignored}`)));
		const edits = fixAllEdits(text, 'typescript', analysis.findings);
		assert.deepEqual(edits.map((e) => `${e.line}:${e.column}|${e.newText}`), [
			'3:1|  // @iso27001 A.8.24, A.8.3\n',
			'18:1|// @iso27001 A.5.17\n',
		]);
		const next = applyEdits(text, edits);
		const after = await analyse('a.ts', 'typescript', next);
		assert.deepEqual(after.findings.filter((f) => !f.mapped && !f.ignored), []);
		// Left as it was: the sha256 of login() is mapped by A.8.5 alone, which is not a crypto control.
		assert.deepEqual(after.problems.map((p) => `${p.line}:${p.code}`), ['16:unrelated-control']);
	});

	it('appends to the annotation above the declaration when there is one', async () => {
		const withUnknown = text.replace('// @iso27001 A.8.5', '// @iso27001 A.99.9');
		const analysis = await analyse('a.ts', 'typescript', withUnknown);
		const edits = fixAllEdits(withUnknown, 'typescript', analysis.findings);
		assert.deepEqual(edits.map((e) => `${e.line}:${e.column}|${e.newText}`), [
			'3:1|  // @iso27001 A.8.24, A.8.3\n',
			'13:22|, A.8.24',
			'18:1|// @iso27001 A.5.17\n',
		]);
		const after = await analyse('a.ts', 'typescript', applyEdits(withUnknown, edits));
		assert.deepEqual(after.findings.filter((f) => !f.mapped && !f.ignored), []);
	});

	it('produces nothing for a file without unmapped findings', () => {
		assert.deepEqual(fixAllEdits(text, 'typescript', []), []);
		assert.deepEqual(fixAllEdits(text, 'typescript', [finding(3, '  ', { mapped: true })]), []);
	});
});

describe('fixes: applyEdits', () => {
	it('applies edits in any order and refuses overlapping ones', () => {
		const text = 'abc\ndef\n';
		assert.equal(applyEdits(text, [
			{ line: 1, column: 1, endLine: 1, endColumn: 1, newText: '>' },
			{ line: 2, column: 2, endLine: 2, endColumn: 3, newText: 'E' },
		]), '>abc\ndEf\n');
		assert.throws(() => applyEdits(text, [
			{ line: 1, column: 1, endLine: 1, endColumn: 3, newText: '' },
			{ line: 1, column: 2, endLine: 1, endColumn: 4, newText: '' },
		]));
	});
});
