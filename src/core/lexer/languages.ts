/**
 * The one table of supported languages: VS Code language ids, file names and extensions, comment
 * syntax (for the lexer and for the editor's quick fixes that insert comments), and which lexing
 * rules (`syntax`) apply.
 */
import type { LanguageId } from '../types';

/** How to write a new comment in a language: after a line token, or between block delimiters. */
export type CommentInsertion = { readonly line: string } | { readonly block: readonly [string, string] };

/** The lexing rules a language uses (one per lexer or C-like dialect). */
export type Syntax =
	| 'javascript' | 'typescript' | 'python' | 'c' | 'cpp' | 'java' | 'kotlin' | 'groovy' | 'scala' | 'csharp' | 'go'
	| 'rust' | 'swift' | 'css' | 'scss' | 'sql' | 'hcl' | 'php' | 'toml' | 'jsonc' | 'dockerfile' | 'shell'
	| 'makefile' | 'powershell' | 'ruby' | 'lua' | 'yaml' | 'html' | 'xml' | 'vue' | 'markdown' | 'asciidoc' | 'rst'
	| 'generic';

/** One language (or family of VS Code language ids lexed alike). */
export interface LanguageSpec {
	/** VS Code language ids; the first is the one {@link languageForPath} returns. */
	readonly ids: readonly LanguageId[];
	/** Display name. */
	readonly name: string;
	/** Lower-case file extensions with their dot (`.ts`). */
	readonly extensions: readonly string[];
	/** Exact file names (`Dockerfile`), matched case-insensitively. */
	readonly fileNames: readonly string[];
	/** File name prefixes (`Dockerfile.` for `Dockerfile.dev`), case-insensitive. */
	readonly fileNamePrefixes: readonly string[];
	/** Interpreters named in a `#!` line (`python3` matches `python`). */
	readonly interpreters: readonly string[];
	/** Line comment tokens, in order of preference. */
	readonly lineComments: readonly string[];
	/** Block comment delimiters. */
	readonly blockComments: readonly (readonly [string, string])[];
	/** Whether block comments nest (`/* /* *\/ *\/`). */
	readonly nestedBlockComments: boolean;
	/** The syntax to use when inserting a comment. */
	readonly insert: CommentInsertion;
	readonly syntax: Syntax;
	/** A document (Markdown, AsciiDoc, reStructuredText): evidence of kind `document`, never scanned for sensitive code. */
	readonly document: boolean;
}

type Entry = Pick<LanguageSpec, 'ids' | 'name' | 'syntax'> & Partial<LanguageSpec>;

const SLASH = { lineComments: ['//'], blockComments: [['/*', '*/']] as const, insert: { line: '//' } };
const HASH = { lineComments: ['#'], insert: { line: '#' } };
const MARKUP = { blockComments: [['<!--', '-->']] as const, insert: { block: ['<!--', '-->'] as const } };

const ENTRIES: readonly Entry[] = [
	{
		ids: ['typescript'], name: 'TypeScript', syntax: 'typescript', ...SLASH,
		extensions: ['.ts', '.mts', '.cts'], interpreters: ['ts-node', 'tsx', 'deno', 'bun'],
	},
	{ ids: ['typescriptreact'], name: 'TypeScript JSX', syntax: 'javascript', ...SLASH, extensions: ['.tsx'] },
	{
		ids: ['javascript'], name: 'JavaScript', syntax: 'javascript', ...SLASH,
		extensions: ['.js', '.mjs', '.cjs'], interpreters: ['node', 'nodejs'],
	},
	{ ids: ['javascriptreact'], name: 'JavaScript JSX', syntax: 'javascript', ...SLASH, extensions: ['.jsx'] },
	{
		ids: ['python'], name: 'Python', syntax: 'python', ...HASH,
		extensions: ['.py', '.pyi', '.pyw'], fileNames: ['SConstruct', 'SConscript'], interpreters: ['python'],
	},
	{ ids: ['go'], name: 'Go', syntax: 'go', ...SLASH, extensions: ['.go'] },
	{ ids: ['java'], name: 'Java', syntax: 'java', ...SLASH, extensions: ['.java'] },
	{ ids: ['kotlin'], name: 'Kotlin', syntax: 'kotlin', ...SLASH, nestedBlockComments: true, extensions: ['.kt', '.kts'] },
	{
		ids: ['groovy'], name: 'Groovy', syntax: 'groovy', ...SLASH,
		extensions: ['.groovy', '.gradle', '.gvy'], fileNames: ['Jenkinsfile'],
	},
	{ ids: ['scala'], name: 'Scala', syntax: 'scala', ...SLASH, nestedBlockComments: true, extensions: ['.scala', '.sc', '.sbt'] },
	{ ids: ['csharp'], name: 'C#', syntax: 'csharp', ...SLASH, extensions: ['.cs', '.csx'] },
	{ ids: ['c'], name: 'C', syntax: 'c', ...SLASH, extensions: ['.c', '.i'] },
	{
		ids: ['cpp'], name: 'C++', syntax: 'cpp', ...SLASH,
		// `.h` is C++ in VS Code; the rules are the same for C.
		extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.h++', '.h', '.ii', '.ino', '.inl', '.ipp', '.tpp'],
	},
	{ ids: ['objective-c', 'objective-cpp'], name: 'Objective-C', syntax: 'c', ...SLASH, extensions: ['.m', '.mm'] },
	{ ids: ['rust'], name: 'Rust', syntax: 'rust', ...SLASH, nestedBlockComments: true, extensions: ['.rs'] },
	{ ids: ['swift'], name: 'Swift', syntax: 'swift', ...SLASH, nestedBlockComments: true, extensions: ['.swift'] },
	{
		ids: ['ruby'], name: 'Ruby', syntax: 'ruby', ...HASH, blockComments: [['=begin', '=end']],
		extensions: ['.rb', '.rbw', '.rake', '.gemspec', '.ru'], interpreters: ['ruby'],
		fileNames: ['Rakefile', 'Gemfile', 'Guardfile', 'Podfile', 'Vagrantfile', 'Brewfile', 'Fastfile', 'Appfile'],
	},
	{
		ids: ['php'], name: 'PHP', syntax: 'php', lineComments: ['//', '#'], blockComments: [['/*', '*/']], insert: { line: '//' },
		extensions: ['.php', '.phtml', '.php4', '.php5', '.php7', '.php8', '.phps'], interpreters: ['php'],
	},
	{
		ids: ['shellscript'], name: 'Shell', syntax: 'shell', ...HASH,
		extensions: ['.sh', '.bash', '.zsh', '.ksh', '.bats', '.command'],
		fileNames: [
			'.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.bash_aliases', '.profile', '.zshrc', '.zshenv',
			'.zprofile', '.zlogin', '.zlogout', '.kshrc', '.envrc', 'PKGBUILD', 'APKBUILD',
		],
		interpreters: ['sh', 'bash', 'zsh', 'ksh', 'dash', 'ash', 'mksh'],
	},
	{
		ids: ['dotenv'], name: 'Dotenv', syntax: 'shell', ...HASH,
		extensions: ['.env'], fileNames: ['.env'], fileNamePrefixes: ['.env.'],
	},
	{
		ids: ['powershell'], name: 'PowerShell', syntax: 'powershell', ...HASH, blockComments: [['<#', '#>']],
		extensions: ['.ps1', '.psm1', '.psd1'], interpreters: ['pwsh', 'powershell'],
	},
	{
		ids: ['yaml', 'dockercompose', 'github-actions-workflow'], name: 'YAML', syntax: 'yaml', ...HASH,
		extensions: ['.yaml', '.yml'], fileNames: ['.clang-format', '.clang-tidy'],
	},
	{ ids: ['toml'], name: 'TOML', syntax: 'toml', ...HASH, extensions: ['.toml'], fileNames: ['Pipfile'] },
	{
		ids: ['sql'], name: 'SQL', syntax: 'sql', lineComments: ['--'], blockComments: [['/*', '*/']], insert: { line: '--' },
		extensions: ['.sql', '.ddl', '.dml', '.pgsql', '.psql'],
	},
	{
		ids: ['terraform', 'hcl', 'terraform-vars'], name: 'Terraform / HCL', syntax: 'hcl',
		lineComments: ['#', '//'], blockComments: [['/*', '*/']], insert: { line: '#' },
		extensions: ['.tf', '.tfvars', '.hcl', '.nomad'],
	},
	{
		ids: ['dockerfile'], name: 'Dockerfile', syntax: 'dockerfile', ...HASH,
		extensions: ['.dockerfile', '.containerfile'], fileNames: ['Dockerfile', 'Containerfile'],
		fileNamePrefixes: ['Dockerfile.', 'Containerfile.'],
	},
	{
		ids: ['makefile'], name: 'Makefile', syntax: 'makefile', ...HASH,
		extensions: ['.mk', '.mak', '.make'], fileNames: ['Makefile', 'GNUmakefile', 'BSDmakefile'],
	},
	{ ids: ['html'], name: 'HTML', syntax: 'html', ...MARKUP, extensions: ['.html', '.htm', '.shtml', '.xhtml'] },
	{
		ids: ['xml'], name: 'XML', syntax: 'xml', ...MARKUP,
		extensions: [
			'.xml', '.xsd', '.xsl', '.xslt', '.svg', '.csproj', '.vbproj', '.fsproj', '.props', '.targets', '.xaml',
			'.plist', '.resx', '.wsdl', '.nuspec', '.config',
		],
	},
	{ ids: ['vue'], name: 'Vue', syntax: 'vue', ...MARKUP, extensions: ['.vue'] },
	{
		ids: ['lua'], name: 'Lua', syntax: 'lua', lineComments: ['--'], blockComments: [['--[[', ']]']], insert: { line: '--' },
		extensions: ['.lua'], interpreters: ['lua', 'luajit'],
	},
	{ ids: ['css'], name: 'CSS', syntax: 'css', blockComments: [['/*', '*/']], insert: { block: ['/*', '*/'] }, extensions: ['.css'] },
	{ ids: ['scss'], name: 'SCSS', syntax: 'scss', ...SLASH, extensions: ['.scss'] },
	{ ids: ['less'], name: 'Less', syntax: 'scss', ...SLASH, extensions: ['.less'] },
	{
		ids: ['jsonc'], name: 'JSON with Comments', syntax: 'jsonc', ...SLASH, extensions: ['.jsonc', '.code-workspace'],
		fileNames: ['tsconfig.json', 'jsconfig.json', '.eslintrc.json', '.eslintrc', '.babelrc', '.swcrc', 'devcontainer.json', '.devcontainer.json'],
		fileNamePrefixes: ['tsconfig.'],
	},
	{
		ids: ['markdown'], name: 'Markdown', syntax: 'markdown', document: true, ...MARKUP,
		extensions: ['.md', '.markdown', '.mdown', '.mkd', '.mkdn'],
	},
	{
		ids: ['asciidoc'], name: 'AsciiDoc', syntax: 'asciidoc', document: true,
		lineComments: ['//'], blockComments: [['////', '////']], insert: { line: '//' }, extensions: ['.adoc', '.asciidoc'],
	},
	{
		ids: ['restructuredtext'], name: 'reStructuredText', syntax: 'rst', document: true,
		lineComments: ['..'], insert: { line: '..' }, extensions: ['.rst', '.rest'],
	},
];

/** All supported languages. */
export const LANGUAGES: readonly LanguageSpec[] = ENTRIES.map((e) => ({
	extensions: [], fileNames: [], fileNamePrefixes: [], interpreters: [], lineComments: [], blockComments: [],
	nestedBlockComments: false, document: false, ...e,
}) as LanguageSpec);

/** Every language id the lexer knows (others get the generic rules, see `lex`). */
export const SUPPORTED_LANGUAGE_IDS: readonly LanguageId[] = LANGUAGES.flatMap((l) => l.ids);

/** Ids of the document languages (Markdown, AsciiDoc, reStructuredText): their annotations are `document` evidence. */
export const DOCUMENT_LANGUAGE_IDS: ReadonlySet<LanguageId> = new Set(LANGUAGES.filter((l) => l.document).flatMap((l) => l.ids));

/** Every language id of source code (the supported ids but the documents'): where sensitive code is looked for. */
export const CODE_LANGUAGE_IDS: readonly LanguageId[] = SUPPORTED_LANGUAGE_IDS.filter((id) => !DOCUMENT_LANGUAGE_IDS.has(id));

/** What kind of evidence an annotation in the file at `path` is: `document` for Markdown, AsciiDoc and reStructuredText. */
export function evidenceKindOfPath(path: string): 'code' | 'document' {
	const id = languageForPath(path);
	return id !== undefined && DOCUMENT_LANGUAGE_IDS.has(id) ? 'document' : 'code';
}

const BY_ID = new Map<LanguageId, LanguageSpec>();
const BY_EXTENSION = new Map<string, LanguageId>();
const BY_NAME = new Map<string, LanguageId>();
/** File-name prefixes (`dockerfile.`), lower-case, in the order of {@link LANGUAGES}. */
const BY_PREFIX: [string, LanguageId][] = [];
const BY_INTERPRETER = new Map<string, LanguageId>();
for (const l of LANGUAGES) {
	for (const id of l.ids) {
		BY_ID.set(id, l);
	}
	for (const x of l.extensions) {
		BY_EXTENSION.set(x, l.ids[0]);
	}
	for (const n of l.fileNames) {
		BY_NAME.set(n.toLowerCase(), l.ids[0]);
	}
	for (const p of l.fileNamePrefixes) {
		BY_PREFIX.push([p.toLowerCase(), l.ids[0]]);
	}
	for (const i of l.interpreters) {
		BY_INTERPRETER.set(i, l.ids[0]);
	}
}

/** The spec of a language id, or undefined when it is not supported. */
export function languageSpec(id: LanguageId): LanguageSpec | undefined {
	return BY_ID.get(id);
}

/**
 * The language of a file by its path (`/` or `\` separators): exact file name first
 * (`Dockerfile`, `.bashrc`), then file name prefix (`Dockerfile.dev`), then extension.
 * Undefined when unsupported (extension-less scripts: see {@link languageForShebang}).
 */
export function languageForPath(path: string): LanguageId | undefined {
	// The file name, found from the end: the walk asks for every file, and two whole-path searches
	// (one per separator) were most of this function's time.
	let start = path.length;
	while (start > 0 && path.charCodeAt(start - 1) !== 47 /* / */ && path.charCodeAt(start - 1) !== 92 /* \ */) {
		start--;
	}
	const lower = path.slice(start).toLowerCase();
	const byName = BY_NAME.get(lower);
	if (byName !== undefined) {
		return byName;
	}
	for (let i = 0; i < BY_PREFIX.length; i++) {
		if (lower.startsWith(BY_PREFIX[i][0])) {
			return BY_PREFIX[i][1];
		}
	}
	const dot = lower.lastIndexOf('.');
	return dot >= 0 ? BY_EXTENSION.get(lower.slice(dot)) : undefined;
}

/**
 * The language named by a `#!` line (`#!/usr/bin/env python3`, `#!/bin/bash -e`,
 * `#!/usr/bin/env -S node --flag`), or undefined.
 */
export function languageForShebang(firstLine: string): LanguageId | undefined {
	if (!firstLine.startsWith('#!')) {
		return undefined;
	}
	const words = firstLine.slice(2).trim().split(/\s+/);
	let k = 0;
	let program = words[k]?.slice(words[k].lastIndexOf('/') + 1) ?? '';
	if (program === 'env') {
		k++;
		while (k < words.length && (words[k].startsWith('-') || words[k].includes('='))) {
			k++;
		}
		program = words[k] ?? '';
	}
	const name = program.toLowerCase().replace(/\.exe$/, '');
	return BY_INTERPRETER.get(name) ?? BY_INTERPRETER.get(name.replace(/[\d.]+$/, ''));
}

/**
 * TypeScript declaration files (`.d.ts`, `.d.mts`, `.d.cts`) and Python stubs (`.pyi`) hold no
 * executable code, hence no call sites.
 */
export function isDeclarationFile(path: string): boolean {
	return /\.d\.[cm]?ts$|\.pyi$/i.test(path);
}
