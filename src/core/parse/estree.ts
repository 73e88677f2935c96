import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as TypescriptEstree from '@typescript-eslint/typescript-estree';
import { parse as parseWithMeriyah } from 'meriyah';
import { requireWithCodeCache } from './codeCache';

/** TypeScript-ESTree's `parse`. */
export type EstreeParseFunction = typeof TypescriptEstree.parse;

/**
 * Loads TypeScript-ESTree (and with it TypeScript) on first use, so scans without TypeScript or
 * JavaScript files never pay for it. The bundle keeps it in its own file (see esbuild.mjs), which is
 * loaded through a V8 code cache; from source (tests) it is a plain `require`.
 */
export function loadEstreeParser(): Promise<EstreeParseFunction> {
	const bundled = path.join(__dirname, 'typescript-estree.js');
	let loaded: { parse?: EstreeParseFunction };
	let saveCache = (): void => undefined;
	if (existsSync(bundled)) {
		const m = requireWithCodeCache(bundled);
		loaded = m.exports as typeof loaded;
		saveCache = m.saveCache;
	} else {
		// `require`, not `import()`: a dynamic import sends the 10 MB CommonJS file through Node's ESM
		// loader, whose export detection lexes it all again (about a second per thread).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		loaded = require('@typescript-eslint/typescript-estree') as typeof loaded;
	}
	const parse = loaded.parse;
	if (parse === undefined) {
		return Promise.reject(new Error('@typescript-eslint/typescript-estree has no parse()'));
	}
	let first = true;
	const parseAndCache = ((code, options) => {
		const ast = parse(code, options);
		if (first) {
			// After one parse the cache also holds the parser's compiled functions.
			first = false;
			saveCache();
		}
		return ast;
	}) as EstreeParseFunction;
	return Promise.resolve(parseAndCache);
}

/** The part of an ESTree node the scope resolver reads; other keys are walked generically. */
export interface EsNode {
	readonly type: string;
	/** TypeScript-ESTree's offsets `[start, end)`; Meriyah's trees have `start` and `end` instead. */
	readonly range?: [number, number];
	readonly start?: number;
	readonly end?: number;
	readonly [key: string]: unknown;
}

/** Where a node starts (0-based offset), in a tree of either parser. */
export function nodeStart(node: EsNode): number {
	return node.range !== undefined ? node.range[0] : node.start as number;
}

/** Where a node ends (0-based offset, exclusive), in a tree of either parser. */
export function nodeEnd(node: EsNode): number {
	return node.range !== undefined ? node.range[1] : node.end as number;
}

/** A parsed program, and for Vue/Svelte components the `[start, end)` offsets of their scripts. */
export interface EstreeParse {
	readonly root: EsNode;
	readonly scripts: readonly (readonly [number, number])[] | null;
}

/**
 * Parses a TypeScript or JavaScript file (or the `<script>` of a Vue or Svelte component, the rest
 * blanked so offsets stay true). Throws on a syntax error.
 */
export function parseEstree(parse: EstreeParseFunction, text: string, languageId: string, path: string): EstreeParse {
	let source = text;
	let jsx = languageId === 'typescriptreact' || languageId === 'javascriptreact' || /\.[jt]sx$/i.test(path);
	let scripts: [number, number][] | null = null;
	if (languageId === 'vue' || languageId === 'svelte') {
		const component = blankOutsideScripts(text);
		source = component.text;
		jsx = component.jsx;
		scripts = component.scripts;
	}
	const program = parse(source, {
		// Offsets only: nothing reads `loc` (lines come from the file's LineIndex), which costs an object
		// and a line lookup per node.
		loc: false,
		range: true,
		jsx,
		comment: false,
		tokens: false,
		errorOnUnknownASTType: false,
		// JSDoc contents are never read here; skipping them saves a fifth of the parse time.
		jsDocParsingMode: 'none',
	});
	return { root: program as unknown as EsNode, scripts };
}

/** Language ids of plain JavaScript, which {@link parseJavaScript} tries before TypeScript-ESTree. */
export const JAVASCRIPT_LANGUAGE_IDS: ReadonlySet<string> = new Set(['javascript', 'javascriptreact']);

/**
 * Parses plain JavaScript with Meriyah, a small ESTree parser about three times as fast as
 * TypeScript-ESTree on bundles: as a module, then as a sloppy-mode script (with Annex B syntax
 * both times), with JSX for `.jsx` files and `javascriptreact` and as a last try for `.js` files
 * (React code often lives in them). Null when none of these parses: the caller then tries
 * TypeScript-ESTree, which also accepts code with TypeScript-only syntax.
 */
export function parseJavaScript(text: string, languageId: string, path: string): EstreeParse | null {
	const jsx = languageId === 'javascriptreact' || /\.jsx$/i.test(path);
	const attempts: [sourceType: 'module' | 'script', jsx: boolean][] = jsx
		? [['module', true], ['script', true]]
		: [['module', false], ['script', false], ['module', true]];
	for (const [sourceType, withJsx] of attempts) {
		try {
			const program = parseWithMeriyah(text, {
				sourceType, jsx: withJsx, next: true, webcompat: true,
				// Offsets as two numbers on the node: no `loc` objects (nearly halved the tree's size), and no
				// `range` array either (a draco_encoder.js of 0.9 MB: a tree of 84 MB with one, 50 MB without).
				loc: false, ranges: { start: true, end: true, range: false },
				globalReturn: sourceType === 'script', validateRegex: false,
			});
			return { root: program as unknown as EsNode, scripts: null };
		} catch {
			// The next attempt.
		}
	}
	return null;
}

/** Replaces everything outside `<script>` element contents with spaces, keeping line breaks. */
function blankOutsideScripts(text: string): { text: string; jsx: boolean; scripts: [number, number][] } {
	const blank = (s: string): string => s.replace(/[^\r\n]/g, ' ');
	const pattern = /(<script\b[^>]*>)([\s\S]*?)(<\/script\s*>)/gi;
	const scripts: [number, number][] = [];
	let out = '';
	let last = 0;
	let jsx = false;
	for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
		const contentStart = m.index + m[1].length;
		out += blank(text.slice(last, contentStart)) + m[2];
		last = contentStart + m[2].length;
		scripts.push([contentStart, last]);
		jsx ||= /\blang\s*=\s*["']?[jt]sx\b/i.test(m[1]);
	}
	return { text: out + blank(text.slice(last)), jsx, scripts };
}

