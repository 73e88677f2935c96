import { strict as assert } from 'node:assert';
import { createControlIdResolver } from '../../../src/core/annotations/controlIds';
import { findDirectives } from '../../../src/core/annotations/directives';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { builtInCatalogs, lineComment } from '../helpers';

function parse(text: string) {
	const { c2022, c2013 } = builtInCatalogs();
	const ids = createControlIdResolver(c2022, [c2013]);
	return findDirectives(text, lineComment(text), ids.looksLikeId, new LineIndex(text));
}

describe('annotation directives', () => {
	it('reads IDs separated by commas and spaces, then the rationale after an em dash', () => {
		const [d] = parse('// @iso27001 A.8.24, A.5.17 A.8.5 — AES-256-GCM for stored credentials');
		assert.equal(d.kind, 'controls');
		assert.deepEqual(d.ids.map((t) => t.text), ['A.8.24', 'A.5.17', 'A.8.5']);
		assert.equal(d.rationale, 'AES-256-GCM for stored credentials');
		assert.equal(d.line, 1);
		assert.equal(d.column, 4);
		assert.deepEqual(d.ids.map((t) => t.column), [14, 22, 29]);
	});

	for (const sep of ['-', '--', '—', '–', ':']) {
		it(`drops a leading '${sep}' separator from the rationale`, () => {
			const [d] = parse(`// @iso27001 A.8.24 ${sep} hashing passwords`);
			assert.equal(d.rationale, 'hashing passwords');
		});
	}

	it('takes the first word that is not an ID as the start of the rationale, with no separator', () => {
		const [d] = parse('// @iso27001 A.8.24 AES256 keys rotate yearly');
		assert.deepEqual(d.ids.map((t) => t.text), ['A.8.24']);
		assert.equal(d.rationale, 'AES256 keys rotate yearly');
	});

	it('splits an ID glued to a separator', () => {
		const [d] = parse('// @iso27001 A.8.24: envelope encryption');
		assert.deepEqual(d.ids.map((t) => t.text), ['A.8.24']);
		assert.equal(d.rationale, 'envelope encryption');
	});

	it('reads @iso27001-file and @iso27001-ignore', () => {
		const [f] = parse('// @iso27001-file A.8.15 — audit log module');
		assert.equal(f.kind, 'file');
		assert.deepEqual(f.ids.map((t) => t.text), ['A.8.15']);
		const [i] = parse('// @iso27001-ignore crypto — md5 used for cache keys only');
		assert.equal(i.kind, 'ignore');
		assert.deepEqual(i.ids.map((t) => t.text), ['crypto']);
		assert.equal(i.rationale, 'md5 used for cache keys only');
	});

	it('flags unknown directives and directives without IDs as malformed', () => {
		assert.match(parse('// @iso27001-foo A.8.24')[0].malformed ?? '', /unknown directive/);
		assert.match(parse('// @iso27001 — nothing here')[0].malformed ?? '', /at least one control ID/);
		assert.match(parse('// @iso27001-ignore')[0].malformed ?? '', /needs a category/);
	});

	it('ignores e-mail addresses and longer words', () => {
		assert.equal(parse('// contact sec@iso27001 or @iso270011').length, 0);
	});

	it('treats mistyped Annex A IDs as IDs so they are reported, not swallowed by the rationale', () => {
		const [d] = parse('// @iso27001 A8.24 a.8.24 A.8 — x');
		assert.deepEqual(d.ids.map((t) => t.text), ['A8.24', 'a.8.24', 'A.8']);
	});

	it('stops at the end of the comment line and at a second directive on the same line', () => {
		const text = '/* @iso27001 A.8.24 — first\n   @iso27001-ignore tls — second */';
		const comment = { kind: 'block' as const, start: 0, end: text.length, contentStart: 2, contentEnd: text.length - 2, line: 1, endLine: 2, trailing: false };
		const { c2022, c2013 } = builtInCatalogs();
		const ds = findDirectives(text, [comment], createControlIdResolver(c2022, [c2013]).looksLikeId, new LineIndex(text));
		assert.equal(ds.length, 2);
		assert.equal(ds[0].rationale, 'first');
		assert.equal(ds[1].kind, 'ignore');
		assert.equal(ds[1].rationale, 'second');
		assert.equal(ds[1].line, 2);
		const two = parse('// @iso27001 A.8.24 — a @iso27001 A.5.15 — b');
		assert.deepEqual(two.map((d) => [d.ids[0].text, d.rationale]), [['A.8.24', 'a'], ['A.5.15', 'b']]);
	});

	it('handles CRLF line endings', () => {
		const text = '// @iso27001 A.8.24 — why\r\nconst x = 1;\r\n';
		const { c2022 } = builtInCatalogs();
		const [d] = findDirectives(text, lineComment(text.replace(/\r/g, ' ')), createControlIdResolver(c2022).looksLikeId, new LineIndex(text));
		assert.equal(d.rationale, 'why');
		assert.deepEqual(d.ids.map((t) => t.text), ['A.8.24']);
	});

	it('maps offsets to lines and columns', () => {
		const idx = new LineIndex('ab\ncd\n\nef');
		assert.deepEqual(idx.position(0), { line: 1, column: 1 });
		assert.deepEqual(idx.position(4), { line: 2, column: 2 });
		assert.deepEqual(idx.position(7), { line: 4, column: 1 });
		assert.equal(idx.lineCount, 4);
	});
});
