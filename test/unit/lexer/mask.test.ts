import { strict as assert } from 'node:assert';
import { lex, maskNonCode } from '../../../src/core/lexer';
import type { LexResult } from '../../../src/core/types';

describe('lexer: maskNonCode and comment positions', () => {
	it('blanks comments and strings, keeping length and line breaks', () => {
		const text = 'const a = "x // y"; // note\r\n/* a\nb */ f(`t${b}u`);';
		const masked = maskNonCode(text, lex(text, 'typescript'));
		assert.equal(masked.length, text.length);
		assert.equal(masked, 'const a =         ;        \r\n    \n     f(    b   );');
	});

	it('returns the text unchanged when there is nothing to blank', () => {
		const text = 'let a = 1;\n';
		assert.equal(maskNonCode(text, lex(text, 'typescript')), text);
	});

	it('masks docstrings and keeps f-string holes', () => {
		const text = 'def f():\n    """doc"""\n    return f"{x}"';
		assert.equal(maskNonCode(text, lex(text, 'python')), 'def f():\n             \n    return    x  ');
	});

	it('tolerates overlapping or out-of-range spans', () => {
		const masked = maskNonCode('abcdef', {
			comments: [{ kind: 'line', start: 1, end: 4, contentStart: 1, contentEnd: 4, line: 1, endLine: 1, trailing: true }],
			strings: [{ start: 2, end: 5 }, { start: 4, end: 99 }],
		});
		assert.equal(masked, 'a     ');
	});

	it('gives 1-based lines, end lines and trailing flags', () => {
		const text = 'a\n\n  /* x\n y */ b(); // z\n\t// w';
		const r = lex(text, 'c');
		assert.deepEqual(r.comments.map((c) => [c.line, c.endLine, c.trailing]), [[3, 4, false], [4, 4, true], [5, 5, false]]);
		assert.deepEqual(r.comments.map((c) => text.slice(c.contentStart, c.contentEnd)), [' x\n y ', ' z', ' w']);
	});

	it('counts a comment after only another comment as not trailing', () => {
		const r = lex('/* a */ // b\n/* c\n */ /* d */ x; // e', 'java');
		assert.deepEqual(r.comments.map((c) => c.trailing), [false, false, false, false, true]);
	});
});

/** The reference: every character of a comment or string but line breaks becomes a space. */
function reference(text: string, r: LexResult): string {
	const chars = [...text.split('')];
	for (const span of [...r.comments, ...r.strings]) {
		for (let k = span.start; k < span.end; k++) {
			if (chars[k] !== '\n' && chars[k] !== '\r') {
				chars[k] = ' ';
			}
		}
	}
	return chars.join('');
}

describe('maskNonCode on large texts (masked in one buffer)', () => {
	const block = (i: number, extra: string): string => [
		`// π ≈ 3.14159 — comment ${i}`,
		`const s${i} = "naïve ✓ 🎉 ${i}"; /* ∑ ${i} */`,
		`function f${i}(x) { return x + ${i}${extra}; }`,
	].join('\r\n');
	const big = (extra: (i: number) => string): string => Array.from({ length: 3000 }, (_, i) => block(i, extra(i))).join('\n');

	it('masks a big text whose characters past Latin-1 are all in strings and comments', () => {
		const text = big(() => '');
		assert.ok(text.length > 1 << 16 && /[\u0100-\uffff]/.test(text));
		const r = lex(text, 'javascript');
		const masked = maskNonCode(text, r);
		assert.equal(masked, reference(text, r));
		assert.ok(!/[\u0100-\uffff]/.test(masked));
	});

	it('keeps characters past Latin-1 that are code', () => {
		const text = big((i) => (i === 2999 ? ' * ℯ' : ''));
		const r = lex(text, 'javascript');
		const masked = maskNonCode(text, r);
		assert.equal(masked, reference(text, r));
		assert.ok(masked.includes('ℯ'));
	});
});
