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
import type { NodeInfo, SyntaxView } from './tree';

/** The part of an ESTree node the scope resolver reads; other keys are walked generically. */
export interface EsNode {
	readonly type: string;
	readonly range: [number, number];
	readonly [key: string]: unknown;
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
				// `range` only, as TypeScript-ESTree gives it: no `loc` objects (nearly halves the tree's size).
				loc: false, ranges: { start: false, end: false, range: true },
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

const STATEMENT_LISTS = new Set(['Program', 'BlockStatement', 'StaticBlock', 'TSModuleBlock', 'ClassBody', 'TSInterfaceBody']);
const SINGLE_BODIES = new Set([
	'IfStatement',
	'ForStatement',
	'ForInStatement',
	'ForOfStatement',
	'WhileStatement',
	'DoWhileStatement',
	'LabeledStatement',
	'WithStatement',
]);
const BLOCKS = new Set([...STATEMENT_LISTS, 'SwitchCase', 'ObjectExpression', 'TSEnumBody', 'TSEnumDeclaration']);
const FUNCTIONS = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'FunctionDeclaration', 'ClassDeclaration']);
const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);
/** Calls that only wrap a component or handler: `memo(() => …)` is still a named function. */
const WRAPPING_CALLS = /^(?:React\.)?(?:memo|forwardRef|observer)$/;
/** Member-chain parts that carry no meaning in a symbol: `module.exports.x` is `x`. */
const SILENT_MEMBERS = new Set(['module', 'exports', 'prototype', 'this']);
const NAMED_DECLARATIONS = new Set([
	'FunctionDeclaration',
	'TSDeclareFunction',
	'ClassDeclaration',
	'TSInterfaceDeclaration',
	'TSEnumDeclaration',
	'TSTypeAliasDeclaration',
	'TSModuleDeclaration',
]);
const MEMBERS = new Set([
	'MethodDefinition',
	'TSAbstractMethodDefinition',
	'PropertyDefinition',
	'TSAbstractPropertyDefinition',
	'AccessorProperty',
	'TSAbstractAccessorProperty',
	'TSPropertySignature',
	'TSMethodSignature',
	'TSIndexSignature',
]);

/** {@link SyntaxView} over a TypeScript-ESTree program. */
export class EstreeView implements SyntaxView<EsNode> {
	constructor(private readonly root: EsNode) {}

	pathAt(offset: number): EsNode[] {
		const path = [this.root];
		for (let node: EsNode | undefined = this.root; node !== undefined; ) {
			node = childContaining(node, offset, (n) => this.startOf(n));
			if (node !== undefined) {
				path.push(node);
			}
		}
		return path;
	}

	startOf(node: EsNode): number {
		let start = node.range[0];
		for (const holder of [node, node.declaration as EsNode | undefined]) {
			const decorators = holder?.decorators as EsNode[] | undefined;
			if (decorators !== undefined && decorators.length > 0) {
				start = Math.min(start, decorators[0].range[0]);
			}
		}
		return start;
	}

	endOf(node: EsNode): number {
		return node.range[1];
	}

	isStatement(node: EsNode, parent: EsNode): boolean {
		if (STATEMENT_LISTS.has(parent.type)) {
			return true;
		}
		switch (parent.type) {
			case 'SwitchCase':
				return node !== parent.test;
			case 'ObjectExpression':
				return node.type === 'Property';
			default:
				return (
					SINGLE_BODIES.has(parent.type) &&
					(node === parent.body || node === parent.consequent || node === parent.alternate) &&
					node.type !== 'BlockStatement' &&
					node.type !== 'IfStatement'
				);
		}
	}

	isBlock(node: EsNode): boolean {
		return BLOCKS.has(node.type);
	}

	info(node: EsNode): NodeInfo {
		return describe(node);
	}

	isDubious(): boolean {
		return false;
	}

	target(node: EsNode): EsNode {
		return node;
	}
}

/** The child of `node` whose range (widened by `startOf`) contains `offset`. */
function childContaining(node: EsNode, offset: number, startOf: (n: EsNode) => number): EsNode | undefined {
	const contains = (child: unknown): child is EsNode => isNode(child) && startOf(child) <= offset && offset < child.range[1];
	for (const key in node) {
		if (key === 'parent' || key === 'loc' || key === 'range') {
			continue;
		}
		const value = node[key];
		if (!Array.isArray(value)) {
			if (contains(value)) {
				return value;
			}
			continue;
		}
		// Node lists are in source order: binary search the long ones (a module's statements).
		const list = value as unknown[];
		let lo = 0;
		let hi = list.length - 1;
		while (hi - lo > 8) {
			const mid = (lo + hi) >> 1;
			const child = list[mid];
			if (isNode(child) && startOf(child) > offset) {
				hi = mid - 1;
			} else {
				lo = mid;
			}
		}
		for (let k = lo; k <= hi; k++) {
			if (contains(list[k])) {
				return list[k] as EsNode;
			}
		}
	}
	return undefined;
}

function isNode(value: unknown): value is EsNode {
	return typeof value === 'object' && value !== null && typeof (value as EsNode).type === 'string' && Array.isArray((value as EsNode).range);
}

const PLAIN: NodeInfo = { decl: false, name: null, qualifies: true };

/** Declaration-ness and declared name of a statement-level node. */
function describe(node: EsNode): NodeInfo {
	if (NAMED_DECLARATIONS.has(node.type)) {
		return { decl: true, name: idName(node.id), qualifies: true };
	}
	if (MEMBERS.has(node.type)) {
		return { decl: true, name: keyName(node), qualifies: true };
	}
	switch (node.type) {
		case 'ExportNamedDeclaration':
			return isNode(node.declaration) ? describe(node.declaration) : PLAIN;
		case 'ExportDefaultDeclaration':
			return describeDefault(node.declaration as EsNode);
		case 'VariableDeclaration':
			return describeVariables(node);
		case 'ExpressionStatement':
			return describeAssignment(node.expression as EsNode);
		case 'Property':
			return { decl: node.method === true || isFunction(node.value as EsNode), name: keyName(node), qualifies: true };
		default:
			return PLAIN;
	}
}

function describeDefault(declaration: EsNode): NodeInfo {
	if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
		return { decl: true, name: idName(declaration.id) ?? 'default', qualifies: true };
	}
	return { decl: isFunction(declaration), name: 'default', qualifies: true };
}

function describeVariables(node: EsNode): NodeInfo {
	const declarators = node.declarations as EsNode[];
	const first = declarators[0];
	return {
		decl: declarators.some((d) => isFunction(d.init as EsNode | null)),
		name: first === undefined ? null : idName(first.id),
		qualifies: true,
	};
}

/** `module.exports.login = function …`, `Foo.prototype.bar = …`, `exports.x = …`. */
function describeAssignment(expression: EsNode): NodeInfo {
	if (expression.type !== 'AssignmentExpression') {
		return PLAIN;
	}
	const right = expression.right as EsNode;
	const chain = memberChain(expression.left as EsNode);
	const parts = chain?.filter((part) => !SILENT_MEMBERS.has(part)) ?? [];
	const ownName = (right.type === 'FunctionExpression' || right.type === 'ClassExpression') ? idName(right.id) : null;
	const name = parts.length > 0 ? parts.join('.') : ownName;
	return { decl: isFunction(right), name, qualifies: true };
}

/** `a.b.c` → `['a', 'b', 'c']`; null when the chain holds a computed or call part. */
function memberChain(node: EsNode): string[] | null {
	if (node.type === 'Identifier') {
		return [node.name as string];
	}
	if (node.type === 'ThisExpression') {
		return ['this'];
	}
	if (node.type === 'MemberExpression' && node.computed !== true) {
		const object = memberChain(node.object as EsNode);
		const property = idName(node.property);
		return object === null || property === null ? null : [...object, property];
	}
	return null;
}

/** True for a function or class value, looking through type assertions and `memo(…)`-style wrappers. */
function isFunction(node: EsNode | null | undefined): boolean {
	let value = node;
	while (value !== null && value !== undefined) {
		if (FUNCTIONS.has(value.type)) {
			return true;
		}
		if (WRAPPERS.has(value.type)) {
			value = value.expression as EsNode;
		} else if (value.type === 'CallExpression' && WRAPPING_CALLS.test(memberChain(value.callee as EsNode)?.join('.') ?? '')) {
			value = (value.arguments as EsNode[])[0];
		} else {
			return false;
		}
	}
	return false;
}

function idName(node: unknown): string | null {
	if (!isNode(node)) {
		return null;
	}
	if (node.type === 'Identifier' || node.type === 'PrivateIdentifier') {
		return node.name as string;
	}
	if (node.type === 'Literal') {
		return String(node.value);
	}
	if (node.type === 'TSQualifiedName') {
		const left = idName(node.left);
		const right = idName(node.right);
		return left === null || right === null ? null : `${left}.${right}`;
	}
	return null;
}

function keyName(node: EsNode): string | null {
	return node.computed === true && (node.key as EsNode | undefined)?.type !== 'Literal' ? null : idName(node.key);
}
