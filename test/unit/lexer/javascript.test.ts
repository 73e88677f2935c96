import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { check, commentTexts, contents, stringTexts } from './util';

describe('lexer: JavaScript and TypeScript', () => {
	it('finds line, block and JSDoc comments', () => {
		const text = [
			'// YES line',
			'/* YES block */ const CODE = 1; // YES trailing',
			'/**',
			' * YES jsdoc @iso27001 A.8.24',
			' */',
			'function CODE() {}',
		].join('\n');
		const r = check('typescript', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine, c.trailing]), [
			['line', 1, 1, false], ['block', 2, 2, false], ['line', 2, 2, true], ['block', 3, 5, false],
		]);
		assert.equal(text.slice(r.comments[3].contentStart, r.comments[3].contentStart + 3), '\n *');
	});

	it('skips strings with escapes, and comment starters inside them', () => {
		check('javascript', `const a = 'STR // STR /* STR \\' STR'; // YES\nconst b = "STR \\" // STR"; /* YES */`);
		check('typescript', `const a = "STR @iso27001 A.8.24"; CODE(); // YES`);
	});

	it('continues a string over a backslash line break but ends an unterminated one at the line end', () => {
		check('javascript', `const a = 'STR \\\nSTR'; // YES\nconst b = 'STR\nCODE; // YES`);
	});

	it('handles template literals with nested holes, templates and braces', () => {
		const text = 'const t = `STR ${ CODE ? `STR ${CODE} STR // STR` : \'}\' } STR /* STR */`; // YES';
		const r = check('typescript', text);
		assert.deepEqual(r.strings.map((s) => text.slice(s.start, s.end)), [
			'`STR ${', '`STR ${', '} STR // STR`', '\'}\'', '} STR /* STR */`',
		]);
	});

	it('treats code inside template holes as code, comments included', () => {
		check('javascript', 'x = `STR ${ { a: CODE }[k] /* YES */ } STR`; // YES');
		check('javascript', 'x = `STR\nSTR ${CODE}\nSTR`; CODE; // YES');
		check('javascript', 'x = `STR \\${ STR } STR`; // YES');
	});

	it('tells regex literals from division by the previous token', () => {
		check('javascript', 'const r = /STR\\/\\*STR/g; // YES');
		check('javascript', 'const r = /[/]STR/; CODE; // YES');
		check('javascript', 'if (/STR/.test(s)) return /STR/; // YES');
		check('javascript', 'x = a / CODE / b; // YES');
		check('javascript', 'x = f(a) / CODE / 2; // YES');
		check('javascript', 'x = arr[0] / CODE / 2; y = 10 / CODE / 2; // YES');
		check('javascript', 'x = typeof /STR/; y = cond ? /STR/ : /STR/; z = [/STR/, /STR/]; // YES');
		check('javascript', 'x = a.return / CODE / 2; // YES');
		check('javascript', 'x /= CODE; y = a++ / CODE / 2; // YES');
		check('javascript', 'x = /STR [/*] STR/; // YES');
	});

	it('ends an unterminated regex at the line end', () => {
		check('javascript', 'x = /STR\nCODE; // YES');
	});

	it('treats {/* */} in JSX as a comment and JSX text and attributes as non-code', () => {
		const text = [
			'const el = (',
			'  <div className="STR // STR" data-x=\'STR\' onClick={() => CODE(\'STR\')}>',
			'    {/* YES jsx comment */}',
			"    STR don't // STR `STR",
			'    <Child {...CODE} />',
			'    {CODE ? <b>STR</b> : null}',
			'  </div>',
			');',
			'const CODE2 = `STR`; // YES',
		].join('\n');
		check('typescriptreact', text);
		check('javascriptreact', text);
		check('javascript', text);
	});

	it('handles fragments, nested elements, comments in tags and member tag names', () => {
		check('typescriptreact', 'return <><A.B x={1} /* YES */ y="STR"><c-d>STR</c-d></A.B></>; // YES');
	});

	it('does not take generic arrow functions or comparisons for JSX', () => {
		check('typescriptreact', 'const f = <T,>(x: T) => CODE; // YES');
		check('typescriptreact', 'const f = <T extends object>(x: T) => CODE; // YES');
		check('typescriptreact', 'if (a < CODE && b > c) { CODE(); } // YES');
		check('typescript', 'const x = <Foo>CODE; // YES');
		check('typescript', 'let v = a<b>(CODE); // YES');
		check('javascript', 'x = a<<CODE|1<<CODE; y = <b>STR</b>; // YES');
	});

	it('reports a shebang as a comment', () => {
		assert.deepEqual(commentTexts('#!/usr/bin/env node\nconst a = 1;', 'javascript'), ['#!/usr/bin/env node']);
	});

	it('gives /// and /** content without the third character', () => {
		assert.deepEqual(contents('/// <reference path="x" />\n/** YES */', 'typescript'), [' <reference path="x" />', ' YES ']);
	});

	it('marks trailing comments', () => {
		const r = lex('a(); /* x */ /* y */\n/* z */ // w\n  // v', 'typescript');
		assert.deepEqual(r.comments.map((c) => c.trailing), [true, true, false, false, false]);
	});

	it('handles CRLF line ends', () => {
		const text = '// YES\r\nconst a = "STR";\r\n';
		check('javascript', text);
		assert.deepEqual(commentTexts(text, 'javascript'), ['// YES']);
	});

	it('handles private names, spread and numbers', () => {
		check('javascript', 'class A { #x = 1; m() { return this.#x / CODE / 2 } } // YES');
		check('javascript', 'x = 1.5e-3 / CODE / .5; y = [...a] // YES');
	});

	it('lexes unterminated templates and comments to the end of the file', () => {
		assert.deepEqual(stringTexts('x = `a ${ "b" ', 'javascript'), ['`a ${', '"b"']);
		assert.deepEqual(commentTexts('x; /* never closed', 'javascript'), ['/* never closed']);
	});
});
