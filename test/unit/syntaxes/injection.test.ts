/**
 * The TextMate injection grammars in syntaxes/: tokenized with vscode-textmate + vscode-oniguruma
 * (what VS Code runs) against small host grammars written here as fixtures. The fixtures use the
 * real root scope names, so the injections reach them through the injectTo lists of
 * syntaxes/scopes.json exactly as VS Code would route them.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { SUPPORTED_LANGUAGE_IDS } from '../../../src/core/lexer';

const ROOT = path.join(__dirname, '../../..');

interface GrammarContribution {
	readonly scopeName: string;
	readonly path: string;
	readonly injectTo: readonly string[];
}

interface ScopeTable {
	readonly languages: Record<string, { readonly scopes: readonly string[]; readonly grammar: string }>;
	readonly contributes: { readonly grammars: readonly GrammarContribution[] };
}

const TABLE = JSON.parse(readFileSync(path.join(ROOT, 'syntaxes/scopes.json'), 'utf8')) as ScopeTable;
const MAIN_SCOPE = 'comment.iso27001.injection';

// Scope names the grammar gives (see syntaxes/iso27001.injection.tmLanguage.json).
const DIRECTIVE = 'keyword.other.directive';
const ID = 'constant.other.control-id.iso27001';
const LEGACY_ID = 'constant.other.control-id.legacy.iso27001';
const ANY_ID = 'constant.other.control-id';
const BAD_ID = 'invalid.illegal.control-id.iso27001';
const CATEGORY = 'entity.name.type.category.iso27001';
const BAD_CATEGORY = 'invalid.illegal.category.iso27001';
const SEPARATOR = 'punctuation.separator.rationale.iso27001';
const COMMA = 'punctuation.separator.delimiter.comma.iso27001';
const RATIONALE = 'meta.rationale.iso27001';
const ISO = 'iso27001';

// ---- Host grammar fixtures -------------------------------------------------------------------

const punct = (name: string) => ({ 0: { name } });

/** C-like host: `//`, `/* *\/`, JSDoc `/** *\/` with its own `@tag` rule, strings and template literals. */
const SLASH_HOST = {
	scopeName: 'source.ts',
	patterns: [
		{ include: '#comments' },
		{ include: '#strings' },
		{ match: '\\b(const|let|int|return)\\b', name: 'storage.type.fixture' },
		{ match: '[A-Za-z_@][A-Za-z0-9_.]*', name: 'variable.other.fixture' },
	],
	repository: {
		comments: {
			patterns: [
				{
					begin: '/\\*\\*(?!/)', end: '\\*/', name: 'comment.block.documentation.fixture',
					beginCaptures: punct('punctuation.definition.comment.begin.fixture'),
					endCaptures: punct('punctuation.definition.comment.end.fixture'),
					patterns: [{ match: '@[A-Za-z]+\\b', name: 'storage.type.class.jsdoc' }],
				},
				{
					begin: '/\\*', end: '\\*/', name: 'comment.block.fixture',
					beginCaptures: punct('punctuation.definition.comment.begin.fixture'),
					endCaptures: punct('punctuation.definition.comment.end.fixture'),
				},
				{
					begin: '//', end: '(?=$)', name: 'comment.line.double-slash.fixture',
					beginCaptures: punct('punctuation.definition.comment.fixture'),
				},
			],
		},
		strings: {
			patterns: [
				{ begin: '"', end: '"', name: 'string.quoted.double.fixture', patterns: [{ match: '\\\\.', name: 'constant.character.escape.fixture' }] },
				{
					begin: '`', end: '`', name: 'string.template.fixture',
					patterns: [{ begin: '\\$\\{', end: '\\}', name: 'meta.template.expression.fixture', patterns: [{ include: '$self' }] }],
				},
			],
		},
	},
};

/** Python-like host: `#` comments, docstrings scoped like VS Code's MagicPython grammar, strings. */
const HASH_HOST = {
	scopeName: 'source.python',
	patterns: [
		{
			begin: '(""")', end: '(""")', name: 'string.quoted.docstring.multi.python',
			beginCaptures: { 1: { name: 'punctuation.definition.string.begin.python' } },
			endCaptures: { 1: { name: 'punctuation.definition.string.end.python' } },
		},
		{
			begin: '^\\s*(")(?!")', end: '(")|(\\n)', name: 'string.quoted.docstring.single.python',
			beginCaptures: { 1: { name: 'punctuation.definition.string.begin.python' } },
			endCaptures: { 1: { name: 'punctuation.definition.string.end.python' }, 2: { name: 'invalid.illegal.newline.python' } },
		},
		{ begin: '"', end: '"', name: 'string.quoted.single.python' },
		{ begin: '\'', end: '\'', name: 'string.quoted.single.python' },
		{ begin: '(#)', end: '($)', name: 'comment.line.number-sign.python', beginCaptures: { 1: { name: 'punctuation.definition.comment.python' } } },
		{ match: '\\b(def|class|return)\\b', name: 'storage.type.function.python' },
	],
};

/** Markup host: `<!-- -->` comments and tags with quoted attribute values. */
const MARKUP_HOST = {
	scopeName: 'text.html.basic',
	patterns: [
		{
			begin: '<!--', end: '-->', name: 'comment.block.html',
			beginCaptures: punct('punctuation.definition.comment.html'), endCaptures: punct('punctuation.definition.comment.html'),
		},
		{
			begin: '(<)([a-z]+)', end: '(/?>)', name: 'meta.tag.fixture',
			patterns: [{ begin: '"', end: '"', name: 'string.quoted.double.html' }],
		},
	],
};

/** Lua: `--` line comments and `--[[ ]]` / `--[==[ ]==]` block comments. */
const LUA_HOST = {
	scopeName: 'source.lua',
	patterns: [
		{
			begin: '--\\[(=*)\\[', end: '\\]\\1\\]', name: 'comment.block.lua',
			beginCaptures: punct('punctuation.definition.comment.begin.lua'), endCaptures: punct('punctuation.definition.comment.end.lua'),
		},
		{ begin: '--', end: '\\n', name: 'comment.line.double-dash.lua', beginCaptures: punct('punctuation.definition.comment.lua') },
		{ begin: '"', end: '"', name: 'string.quoted.double.lua' },
	],
};

/** PowerShell: `#` line comments and `<# #>` block comments. */
const POWERSHELL_HOST = {
	scopeName: 'source.powershell',
	patterns: [
		{
			begin: '<#', end: '#>', name: 'comment.block.powershell',
			beginCaptures: punct('punctuation.definition.comment.block.begin.powershell'),
			endCaptures: punct('punctuation.definition.comment.block.end.powershell'),
		},
		{ begin: '(?<![`\\\\-])(#)#*', end: '$\\n?', name: 'comment.line.number-sign.powershell' },
		{ begin: '"', end: '"', name: 'string.quoted.double.powershell' },
	],
};

// Hosts whose line comments are one `match` rule, as in VS Code's Rust, Groovy and Dockerfile
// grammars and Even Better TOML: only the companion grammars make a region the injection can enter.
const RUST_HOST = {
	scopeName: 'source.rust',
	patterns: [
		{ match: '(///).*$', name: 'comment.line.documentation.rust', captures: { 1: { name: 'punctuation.definition.comment.rust' } } },
		{ match: '(//).*$', name: 'comment.line.double-slash.rust', captures: { 1: { name: 'punctuation.definition.comment.rust' } } },
		{ begin: '/\\*', end: '\\*/', name: 'comment.block.rust' },
		{ begin: '"', end: '"', name: 'string.quoted.double.rust' },
		{ match: '\\b(fn|let)\\b', name: 'keyword.other.fn.rust' },
	],
};
const GROOVY_HOST = {
	scopeName: 'source.groovy',
	patterns: [
		{ match: '(//).*$\\n?', name: 'comment.line.double-slash.groovy', captures: { 1: { name: 'punctuation.definition.comment.groovy' } } },
		{ begin: '\'', end: '\'', name: 'string.quoted.single.groovy' },
	],
};
const DOCKERFILE_HOST = {
	scopeName: 'source.dockerfile',
	patterns: [
		{
			match: '^\\s*(?:(ONBUILD)\\s+)?(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|FROM|HEALTHCHECK|LABEL|MAINTAINER|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\\s',
			captures: { 1: { name: 'keyword.control.dockerfile' }, 2: { name: 'keyword.other.special-method.dockerfile' } },
		},
		{ begin: '"', end: '"', name: 'string.quoted.double.dockerfile' },
		{
			match: '^(\\s*)((#).*$\\n?)',
			captures: {
				1: { name: 'punctuation.whitespace.comment.leading.dockerfile' },
				2: { name: 'comment.line.number-sign.dockerfile' },
				3: { name: 'punctuation.definition.comment.dockerfile' },
			},
		},
	],
};
const TOML_HOST = {
	scopeName: 'source.toml',
	patterns: [
		{ match: '\\s*((#).*)$', captures: { 1: { name: 'comment.line.number-sign.toml' }, 2: { name: 'punctuation.definition.comment.toml' } } },
		{ begin: '"', end: '"', name: 'string.quoted.single.basic.line.toml' },
		{ match: '^\\s*[A-Za-z0-9_-]+', name: 'support.type.property-name.toml' },
		{ match: '=', name: 'punctuation.eq.toml' },
		{ match: '\\d+', name: 'constant.numeric.integer.toml' },
	],
};

const JSONC_HOST = {
	scopeName: 'source.json.comments',
	patterns: [
		{ match: '(//).*$\\n?', name: 'comment.line.double-slash.js', captures: { 1: { name: 'punctuation.definition.comment.json.comments' } } },
		{ begin: '"', end: '"', name: 'string.quoted.double.json.comments' },
	],
};
/** VS Code's shell grammar: a `#` comment is one match that starts at the blanks before it. */
const SHELL_HOST = {
	scopeName: 'source.shell',
	patterns: [
		{
			match: '(?:(?:^|(?:[ \\t]++))(?:((?:(#!)(?:.*)))|((?:(#)(?:.*)))))',
			captures: {
				1: { name: 'comment.line.number-sign.shell meta.shebang.shell' }, 2: { name: 'punctuation.definition.comment.shebang.shell' },
				3: { name: 'comment.line.number-sign.shell' }, 4: { name: 'punctuation.definition.comment.shell' },
			},
		},
		{ begin: '"', end: '"', name: 'string.quoted.double.shell' },
		{ match: '[^\\s"#]+(?:#[^\\s"]*)?', name: 'string.unquoted.argument.shell' },
	],
};
/** VS Code's C# grammar: a run of `//` lines is one begin/while rule that consumes whole lines. */
const CSHARP_HOST = {
	scopeName: 'source.cs',
	patterns: [
		{
			name: 'comment.block.documentation.cs', begin: '(^\\s+)?(///)(?!/)', while: '^(\\s*)(///)(?!/)',
			captures: { 1: { name: 'punctuation.whitespace.comment.leading.cs' }, 2: { name: 'punctuation.definition.comment.cs' } },
			patterns: [{ match: '</?[a-z]+>', name: 'meta.tag.cs' }],
		},
		{
			name: 'comment.line.double-slash.cs', begin: '(^\\s+)?(//).*$', while: '^(\\s*)(//).*$',
			captures: { 1: { name: 'punctuation.whitespace.comment.leading.cs' }, 2: { name: 'punctuation.definition.comment.cs' } },
		},
		{ begin: '"', end: '"', name: 'string.quoted.double.cs' },
		{ match: '\\b(int|var)\\b', name: 'keyword.type.cs' },
	],
};

const HOSTS = [
	SLASH_HOST, HASH_HOST, MARKUP_HOST, LUA_HOST, POWERSHELL_HOST, RUST_HOST, GROOVY_HOST, DOCKERFILE_HOST, TOML_HOST,
	JSONC_HOST, SHELL_HOST, CSHARP_HOST,
];

// ---- Tokenizing ------------------------------------------------------------------------------

interface Token {
	readonly text: string;
	readonly scopes: readonly string[];
}

let registryPromise: Promise<vsctm.Registry> | undefined;

function registry(): Promise<vsctm.Registry> {
	registryPromise ??= (async () => {
		const wasm = readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
		await oniguruma.loadWASM(wasm);
		const raw = new Map<string, string>();
		for (const host of HOSTS) {
			raw.set(host.scopeName, JSON.stringify(host));
		}
		const injections = new Map<string, string[]>();
		for (const g of TABLE.contributes.grammars) {
			raw.set(g.scopeName, readFileSync(path.join(ROOT, g.path), 'utf8'));
			for (const target of g.injectTo) {
				injections.set(target, [...(injections.get(target) ?? []), g.scopeName]);
			}
		}
		return new vsctm.Registry({
			onigLib: Promise.resolve({
				createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
				createOnigString: (s: string) => new oniguruma.OnigString(s),
			}),
			loadGrammar: (scopeName: string) => {
				const text = raw.get(scopeName);
				return Promise.resolve(text === undefined ? null : vsctm.parseRawGrammar(text, `${scopeName}.json`));
			},
			getInjections: (scopeName: string) => injections.get(scopeName),
		});
	})();
	return registryPromise;
}

/** Tokens of each line of `text` under the host grammar `scopeName` plus the injections. */
async function tokenize(scopeName: string, text: string): Promise<Token[][]> {
	const grammar = await (await registry()).loadGrammar(scopeName);
	assert.ok(grammar, scopeName);
	let state = vsctm.INITIAL;
	return text.split('\n').map((line) => {
		const r = grammar.tokenizeLine(line, state);
		state = r.ruleStack;
		return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
	});
}

/** Whether `scopes` holds `scope` or a scope below it (`comment` holds `comment.line.x`). */
function has(scopes: readonly string[], scope: string): boolean {
	return scopes.some((s) => s === scope || s.startsWith(`${scope}.`));
}

/** Texts of the runs of consecutive tokens that carry `scope`, over all lines. */
function runs(lines: Token[][], scope: string): string[] {
	const out: string[] = [];
	for (const line of lines) {
		let run: string | undefined;
		for (const t of line) {
			if (has(t.scopes, scope)) {
				run = (run ?? '') + t.text;
			} else if (run !== undefined) {
				out.push(run);
				run = undefined;
			}
		}
		if (run !== undefined) {
			out.push(run);
		}
	}
	return out;
}

/** Scopes of the token holding the first character of `needle` (the `nth` occurrence in the text). */
function scopesAt(lines: Token[][], needle: string, nth = 0): readonly string[] {
	let seen = 0;
	for (const line of lines) {
		const text = line.map((t) => t.text).join('');
		for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
			if (seen++ === nth) {
				let offset = 0;
				for (const t of line) {
					if (at < offset + t.text.length) {
						return t.scopes;
					}
					offset += t.text.length;
				}
			}
		}
	}
	throw new Error(`'${needle}' not found`);
}

/** Every scope the grammars of this repository gave anywhere in `lines`. */
function isoScopes(lines: Token[][]): string[] {
	return [...new Set(lines.flatMap((l) => l.flatMap((t) => t.scopes.filter((s) => s.includes(ISO)))))];
}

async function assertNoDirective(scopeName: string, text: string): Promise<void> {
	assert.deepEqual(isoScopes(await tokenize(scopeName, text)), [], text);
}

/** The parts of one highlighted directive: what got which scope. */
async function parts(scopeName: string, text: string): Promise<{
	directive: string[]; ids: string[]; legacy: string[]; badIds: string[]; categories: string[]; separators: string[];
	rationale: string[]; lines: Token[][];
}> {
	const lines = await tokenize(scopeName, text);
	return {
		directive: runs(lines, DIRECTIVE), ids: runs(lines, ID), legacy: runs(lines, LEGACY_ID), badIds: runs(lines, BAD_ID),
		categories: runs(lines, CATEGORY), separators: runs(lines, SEPARATOR), rationale: runs(lines, RATIONALE), lines,
	};
}

// ---- Tests -----------------------------------------------------------------------------------

describe('syntaxes: @iso27001 injection grammar', () => {
	it('highlights the directive, each ID, the separator and the rationale of a line comment', async () => {
		const p = await parts('source.ts', 'const k = 1; // @iso27001 A.8.24, A.5.17 — AES-256-GCM for stored credentials');
		assert.deepEqual(p.directive, ['@iso27001']);
		assert.deepEqual(p.ids, ['A.8.24', 'A.5.17']);
		assert.deepEqual(p.separators, ['—']);
		assert.deepEqual(p.rationale, ['AES-256-GCM for stored credentials']);
		assert.deepEqual(runs(p.lines, COMMA), [',']);
		for (const needle of ['@iso27001', 'A.8.24', ',', '—', 'AES']) {
			const scopes = scopesAt(p.lines, needle);
			assert.ok(has(scopes, 'comment.line.double-slash.fixture'), `${needle} stays inside the comment: ${scopes.join(' ')}`);
			assert.ok(has(scopes, 'meta.directive.controls.iso27001'), needle);
		}
		assert.ok(has(scopesAt(p.lines, '@iso27001'), 'keyword.other.directive.controls.iso27001'));
		assert.ok(has(scopesAt(p.lines, 'A.8.24'), 'variable.other.constant.control-id.iso27001'), 'second scope for themes that colour variable.other.constant');
		assert.ok(!has(scopesAt(p.lines, 'const'), ISO));
	});

	it('takes IDs separated by commas and/or spaces, and every rationale separator', async () => {
		const cases: [string, string[], string[], string][] = [
			['A.8.24 A.5.17 A.5.15 plain rationale', ['A.8.24', 'A.5.17', 'A.5.15'], [], 'plain rationale'],
			['A.8.24,A.5.17 , A.5.15,  A.8.5 - dash', ['A.8.24', 'A.5.17', 'A.5.15', 'A.8.5'], ['-'], 'dash'],
			['A.8.24 -- double dash', ['A.8.24'], ['--'], 'double dash'],
			['A.8.24: colon', ['A.8.24'], [':'], 'colon'],
			['A.8.24 : spaced colon', ['A.8.24'], [':'], 'spaced colon'],
			['A.8.24—glued em dash', ['A.8.24'], ['—'], 'glued em dash'],
			['A.8.24 – en dash', ['A.8.24'], ['–'], 'en dash'],
			['A.8.24 -> arrow', ['A.8.24'], ['->'], 'arrow'],
			['A.8.24, A.5.17,  — trailing comma', ['A.8.24', 'A.5.17'], ['—'], 'trailing comma'],
			['A.8.24 -not-a-separator', ['A.8.24'], [], '-not-a-separator'],
		];
		for (const [body, ids, separators, rationale] of cases) {
			const p = await parts('source.ts', `// @iso27001 ${body}`);
			assert.deepEqual(p.ids, ids, body);
			assert.deepEqual(p.separators, separators, body);
			assert.deepEqual(p.rationale, [rationale], body);
		}
		const bare = await parts('source.ts', '// @iso27001 A.8.24   ');
		assert.deepEqual([bare.ids, bare.separators, bare.rationale], [['A.8.24'], [], []]);
	});

	it('gives legacy 2013 IDs their own scope and marks mistyped IDs', async () => {
		const p = await parts('source.python', '# @iso27001 A.9.4.1, A.8.24 A.12.4.1 — mixed');
		assert.deepEqual(p.legacy, ['A.9.4.1', 'A.12.4.1']);
		assert.deepEqual(p.ids, ['A.8.24']);
		assert.deepEqual(runs(p.lines, ANY_ID), ['A.9.4.1', 'A.8.24', 'A.12.4.1']);
		assert.deepEqual(p.rationale, ['mixed']);
		const bad = await parts('source.python', '# @iso27001 A8.24, a.8.24 A.8.24 — typo');
		assert.deepEqual(bad.badIds, ['A8.24', 'a.8.24']);
		assert.deepEqual(bad.ids, ['A.8.24']);
		assert.deepEqual(bad.rationale, ['typo']);
	});

	it('highlights @iso27001-ignore with its category, and @iso27001-file', async () => {
		for (const category of ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging']) {
			const p = await parts('source.ts', `// @iso27001-ignore ${category} — md5 used for cache keys only`);
			assert.deepEqual(p.directive, ['@iso27001-ignore'], category);
			assert.ok(has(scopesAt(p.lines, '@iso27001'), 'keyword.other.directive.ignore.iso27001'));
			assert.deepEqual(p.categories, [category]);
			assert.deepEqual(p.separators, ['—']);
			assert.deepEqual(p.rationale, ['md5 used for cache keys only']);
			assert.deepEqual(p.ids, [], 'a category is not a control ID');
		}
		const glued = await parts('source.python', '# @iso27001-ignore secrets: test fixture key');
		assert.deepEqual([glued.categories, glued.separators, glued.rationale], [['secrets'], [':'], ['test fixture key']]);
		const unknown = await parts('source.ts', '// @iso27001-ignore cryptography — typo');
		assert.deepEqual(runs(unknown.lines, BAD_CATEGORY), ['cryptography']);
		assert.deepEqual(unknown.categories, []);

		const file = await parts('source.python', '# @iso27001-file A.8.15, A.8.16 — audit log writer');
		assert.deepEqual(file.directive, ['@iso27001-file']);
		assert.ok(has(scopesAt(file.lines, '@iso27001'), 'keyword.other.directive.file.iso27001'));
		assert.ok(has(scopesAt(file.lines, 'A.8.15'), 'meta.directive.file.iso27001'));
		assert.deepEqual(file.ids, ['A.8.15', 'A.8.16']);
		assert.deepEqual(file.rationale, ['audit log writer']);
	});

	it('leaves the comment end of a one-line block comment to the host', async () => {
		const block = await parts('source.ts', '/* @iso27001 A.8.24 — key wrapping */ int x;');
		assert.deepEqual(block.ids, ['A.8.24']);
		assert.deepEqual(block.rationale, ['key wrapping']);
		const end = scopesAt(block.lines, '*/');
		assert.ok(has(end, 'punctuation.definition.comment.end.fixture'), end.join(' '));
		assert.ok(!has(end, ISO) && !end.some((s) => s.includes(ISO)), end.join(' '));
		assert.ok(!has(scopesAt(block.lines, 'int'), 'comment'), 'code after the comment is code again');

		const tight = await parts('source.ts', '/* @iso27001 A.8.24*/ int y;');
		assert.deepEqual(tight.ids, ['A.8.24']);
		assert.ok(has(scopesAt(tight.lines, '*/'), 'punctuation.definition.comment.end.fixture'));

		const html = await parts('text.html.basic', '<p>x</p><!-- @iso27001 A.5.15 -- only admins see this --><b>');
		assert.deepEqual([html.ids, html.separators, html.rationale], [['A.5.15'], ['--'], ['only admins see this']]);
		const htmlEnd = scopesAt(html.lines, '-->');
		assert.ok(has(htmlEnd, 'punctuation.definition.comment.html') && !htmlEnd.some((s) => s.includes(ISO)), htmlEnd.join(' '));
		assert.ok(has(scopesAt(html.lines, '<b'), 'meta.tag.fixture'));

		const htmlTight = await parts('text.html.basic', '<!-- @iso27001 A.5.15-->');
		assert.deepEqual([htmlTight.ids, htmlTight.separators], [['A.5.15'], []]);
		assert.ok(has(scopesAt(htmlTight.lines, '-->'), 'punctuation.definition.comment.html'));

		const lua = await parts('source.lua', '--[[ @iso27001 A.8.24 — lua block ]] local x = 1');
		assert.deepEqual(lua.rationale, ['lua block']);
		assert.ok(has(scopesAt(lua.lines, ']]'), 'punctuation.definition.comment.end.lua'));
		const luaLevel = await parts('source.lua', '--[==[ @iso27001 A.8.24 — level ]==]');
		assert.ok(has(scopesAt(luaLevel.lines, ']==]'), 'punctuation.definition.comment.end.lua'));
		assert.deepEqual((await parts('source.lua', '-- @iso27001 A.8.24 -- lua line')).rationale, ['lua line']);

		const ps = await parts('source.powershell', '<# @iso27001 A.8.5 — MFA #> $x = 1');
		assert.deepEqual([ps.ids, ps.rationale], [['A.8.5'], ['MFA']]);
		assert.ok(has(scopesAt(ps.lines, '#>'), 'punctuation.definition.comment.block.end.powershell'));
	});

	it('works on the lines of multi-line block comments and JSDoc, one line per directive', async () => {
		const text = [
			'/**',
			' * Stores credentials.',
			' * @iso27001 A.8.24 — encrypted at rest',
			' * @param value the secret',
			' * continues the description, not the rationale',
			' */',
		].join('\n');
		const p = await parts('source.ts', text);
		assert.deepEqual(p.ids, ['A.8.24']);
		assert.deepEqual(p.rationale, ['encrypted at rest']);
		assert.ok(!has(scopesAt(p.lines, '@iso27001'), 'storage.type.class.jsdoc'), 'the directive wins over the host\'s @tag rule');
		assert.ok(has(scopesAt(p.lines, '@param'), 'storage.type.class.jsdoc'), 'other tags keep the host\'s scope');
		assert.ok(has(scopesAt(p.lines, 'continues'), 'comment.block.documentation.fixture'));
		assert.ok(!has(scopesAt(p.lines, 'continues'), RATIONALE));

		const two = await parts('source.ts', '// @iso27001 A.8.24 — first @iso27001-ignore tls — second');
		assert.deepEqual([two.ids, two.categories, two.rationale], [['A.8.24'], ['tls'], ['first', 'second']]);
	});

	it('highlights directives in Python docstrings without swallowing the closing quotes', async () => {
		const p = await parts('source.python', 'def f():\n    """Hash passwords. @iso27001 A.5.17 — bcrypt cost 12"""\n    return 1');
		assert.deepEqual([p.ids, p.rationale], [['A.5.17'], ['bcrypt cost 12']]);
		const end = scopesAt(p.lines, '"""', 1);
		assert.ok(has(end, 'punctuation.definition.string.end.python') && !end.some((s) => s.includes(ISO)), end.join(' '));
		const multi = await parts('source.python', '"""\n@iso27001-file A.8.15 — logging helpers\n"""');
		assert.deepEqual([multi.directive, multi.ids], [['@iso27001-file'], ['A.8.15']]);
		const single = await parts('source.python', '    "@iso27001 A.8.24 — one-line docstring"');
		assert.deepEqual(single.rationale, ['one-line docstring']);
		assert.ok(has(scopesAt(single.lines, '"', 1), 'punctuation.definition.string.end.python'));
	});

	it('highlights nothing inside strings or code', async () => {
		await assertNoDirective('source.ts', 'const s = "@iso27001 A.8.24 — in a string";');
		await assertNoDirective('source.ts', 'const s = "// @iso27001 A.8.24 — still a string";');
		await assertNoDirective('source.ts', 'const t = `/* @iso27001 A.8.24 */ ${ "@iso27001 A.8.24" }`;');
		await assertNoDirective('source.ts', 'let x = y @iso27001 A.8.24;');
		await assertNoDirective('source.python', 'x = \'# @iso27001 A.8.24\'  \ny = "@iso27001-ignore crypto — no"');
		await assertNoDirective('text.html.basic', '<a title="<!-- @iso27001 A.8.24 -->">@iso27001 A.8.24</a>');
		await assertNoDirective('source.lua', 'local s = "-- @iso27001 A.8.24"');
		const mixed = await tokenize('source.ts', 'call("@iso27001 A.5.1"); // @iso27001 A.8.24 — the comment one');
		assert.deepEqual(runs(mixed, ANY_ID), ['A.8.24']);
	});

	it('needs @iso27001 as a word of its own', async () => {
		for (const text of [
			'// foo@iso27001 A.8.24 — e-mail like',
			'// @iso27001x A.8.24',
			'// @iso270011 A.8.24',
			'// @iso27001_x A.8.24',
			'// @ iso27001 A.8.24',
			'// @ISO27001 A.8.24',
		]) {
			const lines = await tokenize('source.ts', text);
			assert.deepEqual(runs(lines, DIRECTIVE), [], text);
			assert.deepEqual(runs(lines, ANY_ID), [], text);
		}
		for (const text of ['// (@iso27001 A.8.24 — in parentheses)', '//@iso27001 A.8.24', '// x:@iso27001 A.8.24']) {
			assert.deepEqual((await parts('source.ts', text)).ids, ['A.8.24'], text);
		}
		const unknown = await tokenize('source.ts', '// @iso27001-files A.8.24');
		assert.deepEqual(runs(unknown, 'invalid.illegal.unknown-directive.iso27001'), ['@iso27001-files']);
		assert.deepEqual(runs(unknown, DIRECTIVE), []);
	});

	it('reaches hosts whose line comments are a single match rule (Rust, Groovy, Dockerfile, TOML, JSONC, shell)', async () => {
		const rust = await parts('source.rust', 'fn main() { let x = 1; // @iso27001 A.8.24 — sealed\n/// @iso27001-file A.8.15\n// plain comment');
		assert.deepEqual([rust.ids, rust.rationale, rust.directive], [['A.8.24', 'A.8.15'], ['sealed'], ['@iso27001', '@iso27001-file']]);
		assert.ok(has(scopesAt(rust.lines, '@iso27001'), 'comment.line.double-slash'));
		assert.ok(has(scopesAt(rust.lines, 'plain'), 'comment.line.double-slash.rust'), 'lines without a directive keep the host rule');
		assert.ok(has(scopesAt(rust.lines, 'let'), 'keyword.other.fn.rust'));
		await assertNoDirective('source.rust', 'let s = "// @iso27001 A.8.24";');

		const groovy = await parts('source.groovy', 'def k = 1 // @iso27001 A.8.24 — groovy');
		assert.deepEqual([groovy.ids, groovy.rationale], [['A.8.24'], ['groovy']]);
		await assertNoDirective('source.groovy', 'def s = \'// @iso27001 A.8.24\'');

		const docker = await parts('source.dockerfile', 'FROM alpine\n  # @iso27001 A.8.9 — pinned base image\nRUN echo hi # @iso27001 A.8.24');
		assert.deepEqual([docker.ids, docker.rationale], [['A.8.9'], ['pinned base image']]);
		assert.ok(has(scopesAt(docker.lines, '#'), 'comment.line.number-sign'));
		assert.ok(has(scopesAt(docker.lines, 'RUN'), 'keyword.other.special-method.dockerfile'));
		await assertNoDirective('source.dockerfile', 'RUN echo "# @iso27001 A.8.24"\nRUN echo hi # @iso27001 A.8.24');

		const toml = await parts('source.toml', 'timeout = 30 # @iso27001 A.8.16 — idle sessions expire\n# @iso27001-file A.8.9');
		assert.deepEqual([toml.ids, toml.rationale], [['A.8.16', 'A.8.9'], ['idle sessions expire']]);
		assert.ok(has(scopesAt(toml.lines, 'timeout'), 'support.type.property-name.toml'));
		await assertNoDirective('source.toml', 'key = "# @iso27001 A.8.24"');

		const jsonc = await parts('source.json.comments', '{ "a": 1 } // @iso27001 A.8.9 — settings');
		assert.deepEqual([jsonc.ids, jsonc.rationale], [['A.8.9'], ['settings']]);
		await assertNoDirective('source.json.comments', '{ "a": "// @iso27001 A.8.9" }');

		const shell = await parts('source.shell', '# @iso27001 A.8.24 — first\necho hi   # @iso27001-ignore secrets — test key\n# plain');
		assert.deepEqual([shell.ids, shell.categories, shell.rationale], [['A.8.24'], ['secrets'], ['first', 'test key']]);
		assert.ok(!has(scopesAt(shell.lines, '   #'), 'comment'), 'blanks before the # stay outside the comment');
		assert.ok(has(scopesAt(shell.lines, 'plain'), 'comment.line.number-sign.shell'));
		await assertNoDirective('source.shell', 'echo "# @iso27001 A.8.24"\necho a#b @iso27001 A.8.24');
	});

	it('reaches every line of a C# // comment block (begin/while host rule)', async () => {
		const text = '    // Encrypts the payload.\n    // @iso27001 A.8.24 — AES-GCM\n    /// <summary>@iso27001 A.8.5 — doc</summary>\nint x = 1; // plain';
		const p = await parts('source.cs', text);
		assert.deepEqual(p.ids, ['A.8.24', 'A.8.5']);
		assert.deepEqual(p.rationale, ['AES-GCM', 'doc</summary>']);
		for (const needle of ['Encrypts', '@iso27001', 'plain']) {
			assert.ok(has(scopesAt(p.lines, needle), 'comment.line.double-slash.cs'), `${needle} keeps the host's scope`);
		}
		assert.ok(has(scopesAt(p.lines, '//'), 'punctuation.definition.comment.cs'));
		assert.ok(has(scopesAt(p.lines, '    '), 'punctuation.whitespace.comment.leading.cs'));
		assert.ok(has(scopesAt(p.lines, '<summary>'), 'comment.block.documentation.cs'), '/// doc comments stay with the host');
		assert.ok(has(scopesAt(p.lines, 'int'), 'keyword.type.cs'));
		await assertNoDirective('source.cs', 'var s = "// @iso27001 A.8.24";');
	});
});

describe('syntaxes: language scope table and grammar contributions', () => {
	it('has the TextMate scopes of every language the lexer supports, and no others', () => {
		const ids = [...new Set(SUPPORTED_LANGUAGE_IDS)].sort();
		assert.deepEqual(Object.keys(TABLE.languages).sort(), ids);
		for (const [id, entry] of Object.entries(TABLE.languages)) {
			assert.ok(entry.scopes.length > 0, id);
			assert.ok(entry.scopes.every((s) => /^(source|text)\.[a-z0-9.+-]+$/.test(s)), `${id}: ${entry.scopes.join(', ')}`);
			assert.ok(entry.grammar.length > 0, `${id}: say whether VS Code ships the grammar`);
		}
	});

	it('injects the main grammar into every scope of the table, and the companions into table scopes only', () => {
		const all = new Set(Object.values(TABLE.languages).flatMap((l) => l.scopes));
		const grammars = TABLE.contributes.grammars;
		const main = grammars.find((g) => g.scopeName === MAIN_SCOPE);
		assert.ok(main);
		assert.deepEqual([...all].filter((s) => !main.injectTo.includes(s)), []);
		for (const g of grammars) {
			assert.ok(g.injectTo.every((s) => all.has(s)), g.scopeName);
			const file = path.join(ROOT, g.path);
			assert.ok(existsSync(file), g.path);
			const grammar = JSON.parse(readFileSync(file, 'utf8')) as { scopeName: string; injectionSelector?: string };
			assert.equal(grammar.scopeName, g.scopeName, g.path);
			assert.ok(grammar.injectionSelector, g.path);
		}
	});

	it('is contributed by package.json (contributes.grammars)', () => {
		const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
			contributes?: { grammars?: { scopeName?: string; path?: string; injectTo?: string[] }[] };
		};
		const contributed = pkg.contributes?.grammars ?? [];
		for (const g of TABLE.contributes.grammars) {
			const found = contributed.find((c) => c.scopeName === g.scopeName);
			assert.ok(found, `package.json contributes.grammars lacks ${g.scopeName} (see syntaxes/scopes.json "contributes")`);
			assert.equal(found.path, g.path);
			assert.deepEqual(g.injectTo.filter((s) => !(found.injectTo ?? []).includes(s)), [], `${g.scopeName} injectTo`);
		}
	});
});
