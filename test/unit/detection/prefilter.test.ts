import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { withoutCommentLines } from '../../../src/core/rules/estree/prefilter';
import { analyzeFile } from '../../../src/core/analysis/analyzeFile';
import { isDeclarationFile } from '../../../src/core/lexer';
import { createAnalyzerContext } from '../../../src/core/analysis/context';
import { builtInCatalogs } from '../helpers';
import { brief, javascriptDetectors, runDetectors } from './helpers';

const mayMatchJavaScript = (text: string): boolean => javascriptDetectors()[0].mayMatch(text);

describe('detection prefilters', () => {
	it('does not parse a JS file whose only security words are in comments', async () => {
		const docsOnly = '/**\n * Grants a permission to a role; see the security guide and password policy.\n */\nexport function grant(a, b) { return a + b; }\n';
		assert.deepEqual(brief(await runDetectors(javascriptDetectors(), 'javascript', docsOnly)), []);
		const code = "import { createHash } from 'node:crypto';\n/** hashing */\nexport const h = createHash('sha256');\n";
		assert.deepEqual(brief(await runDetectors(javascriptDetectors(), 'javascript', code)), ['3:crypto:crypto.createHash']);
	});

	it('removes only lines that are certainly comments before the raw check', () => {
		const docs = [
			'/**',
			" * @example const { google } = require('googleapis');",
			' * @param {string} role',
			' */',
			"// see require('crypto')",
			'    /* checks permissions */',
			'export const x = 1;',
		].join('\n');
		assert.equal(withoutCommentLines(docs), '\n\n\nexport const x = 1;');
		assert.ok(!mayMatchJavaScript(docs), 'a module named in documentation only costs nothing');
		// Template and JSX text that look like comments may hold code: a `${}` hole, a `{}` expression.
		const template = "const page = `\n// ${require('crypto').createHash('md5').digest('hex')}\n`;";
		assert.equal(withoutCommentLines(template), template);
		assert.ok(mayMatchJavaScript(template));
		const jsx = "const P = () => <p>\n  // {crypto.createHash('md5').digest('hex')}\n</p>;";
		assert.equal(withoutCommentLines(jsx), jsx);
		// A block whose end shares its line with code, or whose lines do not all start with `*`, stays.
		const shared = "/* a\n */ const h = require('crypto');";
		assert.equal(withoutCommentLines(shared), shared);
		const notStars = "/* start\nconst h = require('crypto');\n*/";
		assert.equal(withoutCommentLines(notStars), notStars);
	});

	it('sees a call whose parts a comment line separates, as the exact check on the lexed code does', async () => {
		const split = "export const ok = (user) => user.roles\n\t// admins only\n\t.includes('admin');\n";
		assert.ok(mayMatchJavaScript(split));
		assert.deepEqual(brief(await runDetectors(javascriptDetectors(), 'javascript', split)), ['1:access-control:roles.includes']);
		const first = "// @ts-check: crypto\nexport const x = 1;\n";
		assert.equal(withoutCommentLines(first), '\nexport const x = 1;\n', 'a comment on the first line goes too');
	});

	it('skips detection in TypeScript declaration files, which hold no call sites', async () => {
		assert.ok(isDeclarationFile('types/index.d.ts') && isDeclarationFile('a.d.mts') && isDeclarationFile('b.D.CTS'));
		assert.ok(!isDeclarationFile('src/d.ts') && !isDeclarationFile('src/index.ts'));
		assert.ok(isDeclarationFile('stdlib/hashlib.pyi') && !isDeclarationFile('app/hashlib.py'));
		const { c2022, c2013 } = builtInCatalogs();
		const ctx = createAnalyzerContext({
			root: '/', catalog: c2022, legacy: [c2013], soa: {}, maxFileSize: 1 << 20, wasmDir: null,
			detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
		});
		const text = "import { createHash } from 'node:crypto';\nexport const h = createHash('sha256');\n";
		try {
			assert.equal((await analyzeFile({ path: 'x.ts', text, languageId: 'typescript' }, ctx)).findings.length, 1);
			assert.equal((await analyzeFile({ path: 'x.d.ts', text, languageId: 'typescript' }, ctx)).findings.length, 0);
		} finally {
			ctx.scopes.dispose();
		}
	});
});

describe('quick-fix anchors', () => {
	it('are found for open findings unless the context turns them off (the CLI prints none)', async () => {
		const { c2022, c2013 } = builtInCatalogs();
		const text = "import { createHash } from 'node:crypto';\nexport function h() {\n\treturn createHash('sha256');\n}\n";
		for (const anchors of [true, false]) {
			const ctx = createAnalyzerContext({
				root: '/', catalog: c2022, legacy: [c2013], soa: {}, maxFileSize: 1 << 20, wasmDir: null, anchors,
				detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
			});
			try {
				const [finding] = (await analyzeFile({ path: 'x.ts', text, languageId: 'typescript' }, ctx)).findings;
				assert.equal(finding.line, 3);
				assert.deepEqual(finding.anchor, anchors ? { line: 2, indent: '' } : undefined);
			} finally {
				ctx.scopes.dispose();
			}
		}
	});
});
