import { strict as assert } from 'node:assert';
import { lex } from '../../../src/core/lexer';
import { MAX_ESTREE_CHARS, MAX_PARSED_CHARS, ParsedSource, SharedParsers } from '../../../src/core/parse/parsedSource';
import { ScopeResolver } from '../../../src/core/scope';

describe('files over the parse limit', () => {
	it('are not parsed, and annotation scopes come from the lexical resolver', async () => {
		const filler = 'export const x = 1;\n'.repeat(Math.ceil(MAX_PARSED_CHARS / 20) + 10);
		const text = `${filler}// @iso27001 A.8.24 — big file\nexport function seal(a: string): string {\n\treturn a;\n}\n`;
		assert.ok(text.length > MAX_PARSED_CHARS);
		const lexed = lex(text, 'typescript');
		const source = new ParsedSource({ path: 'big.ts', text, languageId: 'typescript' }, lexed, new SharedParsers());
		assert.equal(await source.estree(), null);
		const resolver = ScopeResolver.create();
		const comment = lexed.comments.find((c) => text.slice(c.start, c.end).includes('@iso27001'))!;
		const [scope] = await resolver.resolve(source.file, lexed, [{ comment, fileLevel: false }], source);
		const line = text.slice(0, comment.start).split('\n').length;
		assert.deepEqual(scope, { kind: 'declaration', startLine: line + 1, endLine: line + 3, symbol: 'seal' });
		const small = new ParsedSource({ path: 's.ts', text: 'export const y = 2;\n', languageId: 'typescript' }, lex('export const y = 2;\n', 'typescript'), new SharedParsers());
		assert.notEqual(await small.estree(), null);
		resolver.dispose();
		source.dispose();
		small.dispose();
	});

	it('are lower for JavaScript and TypeScript than for tree-sitter languages', async () => {
		assert.ok(MAX_ESTREE_CHARS < MAX_PARSED_CHARS);
		const lines = Math.ceil(MAX_ESTREE_CHARS / 20) + 10;
		const js = 'export const x = 1;\n'.repeat(lines);
		assert.ok(js.length > MAX_ESTREE_CHARS && js.length < MAX_PARSED_CHARS);
		const parsers = new SharedParsers();
		const big = new ParsedSource({ path: 'bundle.js', text: js, languageId: 'javascript' }, lex(js, 'javascript'), parsers);
		assert.equal(await big.estree(), null);
		const py = 'x = 1\n'.repeat(Math.ceil(MAX_ESTREE_CHARS / 6) + 10);
		assert.ok(py.length > MAX_ESTREE_CHARS && py.length < MAX_PARSED_CHARS);
		const tree = new ParsedSource({ path: 'big.py', text: py, languageId: 'python' }, lex(py, 'python'), parsers);
		assert.notEqual(await tree.treeSitter(), null);
		big.dispose();
		tree.dispose();
		parsers.dispose();
	});
});
