import { strict as assert } from 'node:assert';
import { createControlIdResolver } from '../../../src/core/annotations/controlIds';
import { findDirectives } from '../../../src/core/annotations/directives';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { resolveDirectives } from '../../../src/core/annotations/resolve';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { lex } from '../../../src/core/lexer';
import { analyzeFile } from '../../../src/core/analysis/analyzeFile';
import { createAnalyzerContext } from '../../../src/core/analysis/context';
import type { Scope } from '../../../src/core/types';
import { builtInCatalogs, mulberry32 } from '../helpers';

const PIECES = [
	'@iso27001', '@iso27001-file', '@iso27001-ignore', '@iso27001-', ' A.8.24', ',A.5.17', ' A.9.4.1', ' A.8.99', ' A8', ' a.8.24',
	' crypto', ' tls', ' — ', ' - ', ' : ', '—', ':', ',', ' ', '\n', '\r\n', '\t', '//', '/*', '*/', '#', '"""', "'''", '"', "'", '`',
	'${', '}', '{', '(', ')', '<!--', '-->', '--', 'function f() {', 'def f():\n    ', 'func F() {', 'class C {', '@decorator\n',
	'\u0000', '\uFFFD', '😀', 'x = 1;', 'return', '/re/g', '\\', 'r"', 'R"(', ')"', '[[', ']]', '=begin\n', '=end\n', '<<EOF\n', 'EOF\n',
];

const LANGUAGES = ['typescript', 'javascript', 'typescriptreact', 'python', 'go', 'java', 'csharp', 'rust', 'ruby', 'php', 'shellscript',
	'yaml', 'sql', 'terraform', 'dockerfile', 'html', 'vue', 'lua', 'c', 'cpp', 'kotlin', 'swift', 'scala', 'plaintext'];

function randomText(rand: () => number, size: number): string {
	let s = '';
	while (s.length < size) {
		if (rand() < 0.15) {
			s += String.fromCharCode(Math.floor(rand() * 0x3000));
		} else {
			s += PIECES[Math.floor(rand() * PIECES.length)];
		}
	}
	return s;
}

describe('annotation parser fuzz', function () {
	this.timeout(120000);
	const { c2022, c2013 } = builtInCatalogs();
	const ids = createControlIdResolver(c2022, [c2013]);
	const scope: Scope = { kind: 'statement', startLine: 1, endLine: 1, symbol: null };

	it('directive parsing and resolution never throw and keep positions in bounds', () => {
		const rand = mulberry32(27001);
		for (let i = 0; i < 3000; i++) {
			const text = randomText(rand, 1 + Math.floor(rand() * 300));
			const language = LANGUAGES[i % LANGUAGES.length];
			const lines = new LineIndex(text);
			const lexed = lex(text, language);
			const directives = findDirectives(text, lexed.comments, ids.looksLikeId, lines);
			const r = resolveDirectives('f', directives, directives.map(() => scope), ids, {});
			for (const p of r.problems) {
				assert.ok(p.line >= 1 && p.line <= lines.lineCount && p.column >= 1, `problem out of bounds for input #${i}: ${JSON.stringify(text)}`);
			}
			for (const a of r.annotations) {
				assert.ok(a.controls.length > 0 && a.controls.every((c) => /^A\.\d+\.\d+$/.test(c)), `bad controls for input #${i}`);
			}
		}
	});

	it('whole-file analysis (lexer, directives, real parsers, scopes) never throws on random, truncated and broken files', async () => {
		const rand = mulberry32(42);
		const ctx = createAnalyzerContext({ root: '/', catalog: c2022, legacy: [c2013], soa: {}, maxFileSize: 1 << 20, wasmDir: null, detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true } });
		const realistic: Record<string, string> = {
			typescript: 'import x from "y";\n// @iso27001 A.8.24 — a\nexport class A {\n  @D() m(a: string) { return `${a}`; } // @iso27001 A.5.15\n}\n',
			python: '"""@iso27001-file A.8.15"""\n@dec\ndef f(x):\n    """@iso27001 A.8.24 — d"""\n    return f"{x!r}"  # @iso27001-ignore crypto — r\n',
			go: 'package a\n// @iso27001 A.8.20\nfunc (s *S) F() { x := `raw // @iso27001 A.5.1` }\n',
			ruby: "# @iso27001 A.8.5\ndef login(u)\n  x = <<~EOS\n  # not a comment\n  EOS\nend\n",
		};
		try {
			for (let i = 0; i < 400; i++) {
				const language = LANGUAGES[i % LANGUAGES.length];
				const base = realistic[language] ?? randomText(rand, 200);
				const cut = base.slice(0, Math.floor(rand() * (base.length + 1)));
				const text = i % 2 === 0 ? cut : `${cut}${randomText(rand, 80)}`;
				const a = await analyzeFile({ path: `f${i}`, text, languageId: language }, ctx);
				for (const ann of a.annotations) {
					assert.ok(ann.scope.startLine >= 1 && ann.scope.endLine >= ann.scope.startLine, `bad scope for #${i} (${language}): ${JSON.stringify(text)}`);
				}
			}
		} finally {
			ctx.scopes.dispose();
		}
	});
});
