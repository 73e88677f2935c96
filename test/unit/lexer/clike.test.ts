import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { check, commentTexts, contents, stringTexts } from './util';

describe('lexer: C-like languages', () => {
	it('Go: interpreted strings, runes, raw strings over lines', () => {
		check('go', 'x := "STR // STR \\" STR" // YES\nr := \'"\' /* YES */\nraw := `STR // STR\n/* STR */ STR \\` // YES');
		check('go', 'c := \'\\\'\' + CODE // YES');
	});

	it('Java: char literals and text blocks', () => {
		check('java', 'String s = "STR /* STR"; char c = \'"\'; // YES\nString b = """\n  STR "quoted" // STR\n  """; /** YES */');
		check('java', '@Annotation(CODE = "STR") // YES');
	});

	it('Kotlin: nested block comments, templates with code, raw strings', () => {
		check('kotlin', '/* YES /* YES nested */ YES */ val CODE = 1 // YES');
		check('kotlin', 'val s = "STR ${CODE.map { "STR}" }} STR // STR" // YES');
		check('kotlin', 'val r = """STR\n// STR ${CODE} STR\\""" // YES');
		check('kotlin', 'val q = """STR"""" // YES');
		check('kotlin', 'val c = \'"\' // YES');
	});

	it('Groovy: single, double and triple-quoted strings', () => {
		check('groovy', 'def a = \'STR // STR\'; def b = "STR ${CODE} STR" // YES\ndef c = \'\'\'STR\n// STR\'\'\' // YES');
	});

	it('C#: doc comments, verbatim, interpolated and raw strings', () => {
		const r = check('csharp', [
			'/// <summary>YES</summary>',
			'var a = @"STR \\"; // YES',
			'var b = @"STR ""quoted"" // STR',
			'STR"; // YES',
			'var c = $"STR {(CODE ? "STR" : "STR")} STR {CODE:N2} // STR"; // YES',
			'var d = $@"STR {{ {CODE} }} STR"; var e = @$"STR {CODE}"; // YES',
			'var f = """"',
			'  STR "" """ STR',
			'  """"; // YES',
			'var g = $$"""STR {{STR}} STR"""; char h = \'"\'; // YES', // raw interpolation is not lexed as code
		].join('\n'));
		assert.equal(r.comments[0].kind, 'line');
	});

	it('C and C++: char literals, raw strings, digit separators', () => {
		check('c', 'char c = \'"\'; char d = \'\\\'\'; // YES\nchar *s = "STR /* STR"; /* YES */');
		check('cpp', 'auto s = R"(STR " // STR)"; // YES\nauto t = R"xy(STR )" STR )xy"; // YES');
		check('cpp', 'auto u = u8R"d(STR\n// STR\n)d" + LR"(STR)"; // YES');
		check('cpp', 'int n = 1\'000\'000; CODE(); // YES');
		check('cpp', 'auto R = CODE; auto x = R + "STR"; // YES');
		check('c', '// YES spliced \\\nYES continued\nint CODE; // YES');
	});

	it('Rust: nested comments, doc comments, raw and byte strings, chars and lifetimes', () => {
		const text = [
			'/* YES /* YES */ YES */',
			'/// YES outer doc',
			'//! YES inner doc',
			'fn f<\'a>(x: &\'a str) -> &\'a str { let c = \'"\'; let d = \'\\\'\'; CODE } // YES',
			'let r = r#"STR " // STR"#; let r2 = r##"STR "# STR"##; // YES',
			'let b = b"STR // STR"; let bc = b\'"\'; let br = br"STR\\"; // YES',
			'let s = "STR\n// STR"; // YES',
			"'outer: loop { break 'outer; } // YES",
			'#[derive(Debug)] struct CODE; // YES',
		].join('\n');
		check('rust', text);
		assert.deepEqual(contents('/// doc\n//! inner', 'rust'), [' doc', ' inner']);
	});

	it('Swift: nested comments, interpolation, multi-line and raw strings', () => {
		check('swift', '/* YES /* YES */ YES */ let s = "STR \\(CODE("STR")) STR // STR" // YES');
		check('swift', 'let m = """\nSTR " // STR \\(CODE)\n""" // YES');
		check('swift', 'let r = #"STR "quoted" \\(STR) \\#(CODE) STR"# // YES\nlet rr = ##"STR "# STR"## // YES');
		check('swift', '#if DEBUG\nCODE() // YES\n#endif');
	});

	it('Scala: nested comments, triple-quoted and interpolated strings, chars and symbols', () => {
		check('scala', '/* YES /* YES */ YES */ val s = s"STR ${CODE("STR")} STR" // YES');
		check('scala', 'val t = """STR\n" // STR""" // YES\nval c = \'"\'; val sym = \'CODE // YES');
	});

	it('CSS, SCSS and Less', () => {
		check('css', 'a::after { content: "STR /* STR"; } /* YES */ b { CODE: \'STR\' }');
		check('css', 'a { background: url(//CODE.example/x.png); } /* YES */');
		check('scss', '// YES\n$x: "STR // STR"; a { b: url(http://CODE/x); } // YES');
		check('less', '@x: \'STR\'; // YES\n/* YES */');
	});

	it('SQL: -- and /* */ comments, doubled quotes, identifiers, $$ function bodies', () => {
		check('sql', "SELECT 'STR -- STR '' STR' AS \"STR -- STR\" -- YES\n/* YES */ FROM `STR`; -- YES");
		check('sql', "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  -- YES inside a function body\n  RETURN CODE;\nEND $$; -- YES");
		check('sql', "SELECT 'STR\nSTR -- STR' -- YES");
		check('sql', "SELECT E'STR \\' -- STR', 'STR \\' -- YES");
	});

	it('HCL/Terraform: #, // and /* */ comments, templates, heredocs', () => {
		const text = [
			'# YES',
			'// YES',
			'/* YES */',
			'name = "STR ${CODE("STR")} STR # STR" # YES',
			'tpl  = "STR %{ if CODE }STR%{ endif } $${STR}" // YES',
			'policy = <<EOT',
			'STR # STR',
			'EOT',
			'script = <<-EOT',
			'  STR // STR',
			'  EOT',
			'# YES',
		].join('\n');
		check('terraform', text);
		check('hcl', text);
	});

	it('TOML: basic and literal strings, multi-line forms', () => {
		check('toml', 'a = "STR # STR" # YES\nb = \'STR\\\' # YES\nc = """STR\n# STR""" # YES\nd = \'\'\'STR\n# STR\'\'\' # YES');
	});

	it('JSONC', () => {
		check('jsonc', '{\n  // YES\n  "STR": "STR // STR /* STR", /* YES */\n  "CODE2": 1\n}'.replace('CODE2', 'STR'));
	});

	it('Dockerfile: # only at line start, parser directives included', () => {
		const text = '# syntax=docker/dockerfile:1\nFROM CODE\n  # YES indented\nRUN echo "STR # STR" && CODE # CODE\nRUN CODE \\\n  # YES inside continuation\n  && CODE';
		const r = check('dockerfile', text);
		assert.equal(r.comments[0].line, 1);
		assert.deepEqual(commentTexts(text, 'dockerfile')[0], '# syntax=docker/dockerfile:1');
	});

	it('falls back to generic rules for unknown languages', () => {
		check('plaintext', '// YES\n# YES\nit\'s CODE # CODE\n"STR // STR" /* YES */');
		check('brand-new-language', '/* YES */ CODE');
	});

	it('ends one-line strings at the line end and block comments at the end of file', () => {
		assert.deepEqual(stringTexts('char *s = "abc\nint x;', 'c'), ['"abc']);
		assert.deepEqual(commentTexts('int x; /* open', 'java'), ['/* open']);
		assert.deepEqual(commentTexts('/* a /* b */ c', 'rust'), ['/* a /* b */ c']);
		assert.equal(lex('x = `never', 'go').strings[0].end, 10);
	});
});
