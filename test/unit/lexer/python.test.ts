import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { check, contents, stringTexts } from './util';

describe('lexer: Python', () => {
	it('finds # comments, not inside strings', () => {
		const r = check('python', 'x = "STR # STR" # YES\n# YES\ny = \'STR # STR\'  # YES');
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.trailing]), [['line', 1, true], ['line', 2, false], ['line', 3, true]]);
	});

	it('handles every string prefix, in any case', () => {
		for (const p of ['r', 'b', 'u', 'f', 'rb', 'br', 'fr', 'rf', 'R', 'B', 'U', 'F', 'Rb', 'bR', 'fR', 'Rf', 't', 'rt']) {
			check('python', `x = ${p}'STR # STR' # YES\ny = ${p}"STR # STR" # YES`);
			check('python', `x = ${p}'''STR\n# STR''' # YES\ny = ${p}"""STR\n# STR""" # YES`);
		}
	});

	it('does not take identifiers ending in a prefix letter for prefixes', () => {
		check('python', 'CODE = ab"STR"  # YES');
	});

	it('lets a raw string end with an escaped quote inside', () => {
		check('python', 'x = r"STR\\" # STR" # YES');
	});

	it('handles triple-quoted strings with quotes inside', () => {
		check('python', 'x = """STR "" \' # STR\nSTR""" # YES\ny = \'\'\'STR \'\' # STR\'\'\' # YES');
	});

	it('handles f-strings with nested expressions, quotes, format specs and escaped braces', () => {
		check('python', 'x = f"STR {CODE["k"]} STR {{ # STR }} {CODE!r:>{CODE}} STR # STR" # YES');
		check('python', 'x = f"{CODE:#x} {CODE:\'>10} {CODE:%Y-%m-%d}" # YES');
		check('python', 'x = f\'{CODE + f"STR {CODE}"}\' # YES');
		check('python', 'x = f"""STR {CODE(\n  CODE)} STR\n# STR""" # YES');
		check('python', 'x = f"{ {\'a\': 1}[CODE] }" # YES');
	});

	it('drops an f-string hole that runs past the line end', () => {
		check('python', 'x = f"STR {CODE\ny = 1 # YES');
	});

	it('reports a statement string (docstring) as a doc comment', () => {
		const text = [
			'"""YES module docstring."""',
			'def f():',
			'    """YES function',
			'    docstring @iso27001 A.8.24',
			'    """',
			'    x = 1',
			"    r'''YES raw docstring''' # YES",
			'    return x',
		].join('\n');
		const r = check('python', text);
		assert.deepEqual(r.comments.map((c) => [c.kind, c.line, c.endLine, c.trailing]), [
			['doc', 1, 1, false], ['doc', 3, 5, false], ['doc', 7, 7, false], ['line', 7, 7, false],
		]);
		assert.deepEqual(contents(text, 'python').slice(0, 2), ['YES module docstring.', 'YES function\n    docstring @iso27001 A.8.24\n    ']);
	});

	it('does not report strings in expressions as docstrings', () => {
		check('python', 'x = (\n    "STR"\n)\ny = [\n  """STR""",\n]');
		check('python', 'x = 1 + \\\n    "STR"');
		check('python', '"STR".join(CODE)\n"STR" "STR"\nf"STR"\nb"STR"');
		check('python', 'x = 1; "STR"');
		check('python', 'call(\n  "STR"  # YES\n)');
	});

	it('keeps an unterminated docstring to the end of the file', () => {
		const r = lex('def f():\n    """never closed\n    x = 1', 'python');
		assert.equal(r.comments.length, 1);
		assert.equal(r.comments[0].kind, 'doc');
		assert.equal(r.comments[0].contentEnd, r.comments[0].end);
	});

	it('ends an unterminated one-line string at the line end', () => {
		check('python', 'x = "STR\ny = 1 # YES');
		assert.deepEqual(stringTexts('x = "abc\r\ny = 1', 'python'), ['"abc']);
	});
});
