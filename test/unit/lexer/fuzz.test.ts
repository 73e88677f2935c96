import { strict as assert } from 'node:assert';
import { maskNonCode, SUPPORTED_LANGUAGE_IDS, languageSpec } from '../../../src/core/lexer';
import { lexStrict } from '../../../src/core/lexer/lexer';
import type { LexResult } from '../../../src/core/types';
import { mulberry32 } from '../helpers';

/** Delimiters of every supported language, mixed into every language's inputs. */
const TOKENS = [
	'//', '/*', '*/', '/**', '///', '#', '#!', '--', '--[[', '--[==[', ']]', ']==]', '[[', '[=[', '<!--', '-->', '"', '\'', '`',
	'"""', '\'\'\'', '${', '#{', '$(', '{', '}', '(', ')', '[', ']', '\\', '\n', '\r\n', '\r', ' ', '\t', '<<EOF\n', 'EOF\n',
	'<<-\'X\'', '\nX\n', '<<~A', '<<<EOT\n', 'EOT;', '<?php ', '<?=', '?>', '<script>', '</script>', '<style lang="scss">',
	'</style>', '<script lang="ts">', 'R"x(', ')x"', 'r#"', '"#', '#"', '##"', '@"', '$"', '$@"', '%q(', '%w[', '=begin\n',
	'\n=end\n', '__END__\n', '/', '<', '>', '<div>', '</div>', '<>', '</>', '{/*', '*/}', 'f"', 'rb\'', 'f\'\'\'', '\'a\'', '\'a',
	':', '::', '=', '\\(', '\\#(', 'x', 'return', 'typeof', '1', '0x1\'2', '$$', '$tag$', '<#', '#>', '@\'\n', '\n\'@',
	'@"\n', '\n"@', '%{', '$${', '{{', '}}', '<T,>', '=>', 'a.b', '?', '!', '\u2028', '\uFEFF', '\u00e9', '\ud83d\ude00',
	'\ud83d', '<![CDATA[', ']]>', '#[', '-- ', '; ', '|', '&', '((', '))', '$\'', '\u0000',
];

/** Realistic snippets by language id (others use the TypeScript one plus their own comment tokens). */
const SNIPPETS: Record<string, string> = {
	typescript: 'import x from "y";\n/** Doc @iso27001 A.8.24 — why */\nexport const f = (a: number) => `v${a ? `n${a}` : \'}\'}` / 2; // t\nconst r = /\\/\\*x[/]/g;\n',
	typescriptreact: 'export const C = () => (\n  <div a="1" b={x}>{/* c */}text\'s <b>x</b></div>\n);\nconst g = <T,>(x: T) => x;\n',
	python: 'def f(x):\n    """Doc @iso27001 A.8.24."""\n    return f"{x!r:>{w}} {d[\'k\']}" + rb\'\\x\' # c\n',
	go: 'package main\n// c\nvar s = `raw\nline` + "a\\"b" + string(\'x\') /* b */\n',
	csharp: '/// doc\nvar a = @"C:\\" + $"{(b ? "x" : "y"):N2}" + """\n raw\n """; // c\n',
	cpp: 'auto s = R"d(raw )" d)d"; char c = \'\\\'\'; int n = 1\'000; // c\n/* b */\n',
	rust: 'fn f<\'a>(x: &\'a str) { let r = r#"raw "x" "#; let c = \'"\'; /* a /* n */ b */ } // c\n',
	swift: 'let s = "a \\(f("x")) b" + #"raw \\#(y) "# /* a /* n */ */ // c\n',
	kotlin: 'val s = "a ${f("}")} b" + """raw ${x}""" /* a /* n */ */ // c\n',
	ruby: 'x = <<~EOS # c\n  body\n  EOS\ny = %q(a (b) c) + "s #{f("x")}" =~ /r#/\n=begin\nblock\n=end\n',
	php: '<p>x</p><?php // c\n# d\n#[Attr]\n$a = "s {$b["k"]}" . <<<EOT\nbody\nEOT;\n?><b>y</b>',
	shellscript: 'echo ${#a} "$(cmd "x")" \'y\' $\'z\\\'\' # c\ncat <<-EOF\n\tbody\n\tEOF\n',
	yaml: 'a: "x # y" # c\nb: \'it\'\'s\' # d\nrun: |\n  echo # e\n',
	sql: 'SELECT \'a\'\'b\', "c" -- d\n/* e */ $$ f $$;\n',
	terraform: 'a = "x ${f("y")} %{ if z }w%{ endif }" # c\nb = <<-EOT\n  body\n  EOT\n',
	dockerfile: '# syntax=docker/dockerfile:1\nFROM x\nRUN echo "# no" \\\n  # yes\n  && y\n',
	html: '<!-- c --><a title="<!-- x -->">t</a><script>const a = "</div>"; // c\n</script><style>a{b:"c"}/* d */</style>',
	vue: '<template><!-- c --><div :a="b">{{ c }}</div></template><script setup lang="ts">// d\nconst e = `f`;</script>',
	lua: '-- c\n--[==[ block ]] ]==]\nlocal s = [[long\n]] .. "x\\"y"\n',
	powershell: '<# block #>\n$a = "x `" $(f "y") z" # c\n$h = @"\nbody\n"@\n',
};

function randomText(rand: () => number, len: number, alphabet: (r: () => number) => string): string {
	let out = '';
	while (out.length < len) {
		out += alphabet(rand);
	}
	return out;
}

/** Inputs of each kind (random code units, random token mixes, truncated snippets) per language. */
const PER_KIND = 300;

function inputs(id: string, rand: () => number): string[] {
	const spec = languageSpec(id);
	const own = spec ? [...spec.lineComments, ...spec.blockComments.flat()] : [];
	const tokens = [...TOKENS, ...own, ...own, ...own];
	const snippet = SNIPPETS[id] ?? SNIPPETS.typescript + own.join(' x ') + '\n';
	const out: string[] = [];
	for (let k = 0; k < PER_KIND; k++) {
		out.push(randomText(rand, Math.floor(rand() * 200), (r) => String.fromCharCode(Math.floor(r() * (r() < 0.8 ? 128 : 65536)))));
	}
	for (let k = 0; k < PER_KIND; k++) {
		out.push(randomText(rand, Math.floor(rand() * 300), (r) => tokens[Math.floor(r() * tokens.length)]));
	}
	const big = snippet.repeat(3);
	for (let k = 0; k < PER_KIND; k++) {
		const a = k % 2 === 0 ? 0 : Math.floor(rand() * big.length);
		out.push(big.slice(a, a + Math.floor(rand() * (big.length - a + 1))));
	}
	return out;
}

/** Asserts the invariants every lex result must satisfy. */
function assertWellFormed(text: string, r: LexResult, context: string): void {
	const spans = [...r.comments, ...r.strings].sort((a, b) => a.start - b.start);
	let prevEnd = 0;
	for (const s of spans) {
		assert.ok(s.start >= prevEnd, `${context}: spans overlap or are unsorted`);
		assert.ok(s.start < s.end && s.end <= text.length, `${context}: span out of bounds`);
		prevEnd = s.end;
	}
	for (const list of [r.comments, r.strings] as const) {
		for (let i = 1; i < list.length; i++) {
			assert.ok(list[i - 1].end <= list[i].start, `${context}: not sorted`);
		}
	}
	const lineOf = lineIndex(text);
	for (const c of r.comments) {
		assert.ok(c.start <= c.contentStart && c.contentStart <= c.contentEnd && c.contentEnd <= c.end, `${context}: content range`);
		assert.equal(c.line, lineOf(c.start), `${context}: line`);
		assert.equal(c.endLine, lineOf(c.end - 1), `${context}: endLine`);
	}
	assert.equal(maskNonCode(text, r).length, text.length, `${context}: mask length`);
}

/** 1-based line of an offset, by binary search over line starts. */
function lineIndex(text: string): (offset: number) => number {
	const starts = [0];
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
		starts.push(i + 1);
	}
	return (offset) => {
		let lo = 0;
		let hi = starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (starts[mid] <= offset) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return lo + 1;
	};
}

describe('lexer: fuzz', () => {
	for (const id of [...SUPPORTED_LANGUAGE_IDS, 'plaintext']) {
		it(`never throws and returns well-formed results: ${id}`, () => {
			const rand = mulberry32(0x1a2b3c ^ id.length * 7919 ^ id.charCodeAt(0));
			const all = inputs(id, rand);
			assert.equal(all.length, 3 * PER_KIND);
			for (const [k, text] of all.entries()) {
				assertWellFormed(text, lexStrict(text, id), `${id} #${k} ${JSON.stringify(text.slice(0, 80))}`);
			}
		});
	}

	it('does not recurse on deep nesting', function () {
		this.timeout(30_000);
		const n = 200_000;
		const deep: [string, string][] = [
			['typescript', '`${'.repeat(n)], ['typescriptreact', '<a>{'.repeat(n)], ['python', 'f"""{'.repeat(n)],
			['kotlin', '"${'.repeat(n)], ['rust', '/*'.repeat(n)], ['swift', '"\\('.repeat(n)], ['ruby', '"#{'.repeat(n)],
			['shellscript', '"$('.repeat(n)], ['csharp', '$"{'.repeat(n)], ['terraform', '"${'.repeat(n)], ['php', '<?php "{$'.repeat(n)],
			['html', '<script>'.repeat(n)], ['javascript', '('.repeat(n) + ')'.repeat(n)],
		];
		for (const [id, text] of deep) {
			assertWellFormed(text, lexStrict(text, id), id);
		}
	});

	it('stays linear on pathological inputs', function () {
		this.timeout(30_000);
		const n = 100_000;
		const cases: [string, string][] = [
			['cpp', 'R"'.repeat(n)], ['swift', '#'.repeat(n * 4)], ['rust', 'r####'.repeat(n)], ['sql', '$a'.repeat(n)],
			['shellscript', '<<'.repeat(n)], ['ruby', ' <<\''.repeat(n)], ['lua', '[===='.repeat(n)], ['typescript', '/**/'.repeat(n)],
			['html', '<script>/*'.repeat(n)], ['php', '<?php // x ?>'.repeat(n)], ['dockerfile', ' #'.repeat(n)],
			['python', ' "'.repeat(n)], ['typescriptreact', 'x = <a b={'.repeat(n)], ['csharp', '"""'.repeat(n)],
			['plaintext', '  #'.repeat(n)], ['yaml', ' #x\n'.repeat(n)], ['vue', '<style>//'.repeat(n)],
		];
		for (const [id, text] of cases) {
			// Pathological inputs must finish (mocha's timeout catches a quadratic lexer); speed is benchmarked, not asserted.
			const r = lexStrict(text, id);
			assertWellFormed(text, r, id);
		}
	});
});
