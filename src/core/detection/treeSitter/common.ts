import type { ParsedSource } from '../../parse/parsedSource';
import { isSecretName } from '../names';
import type { TsNode } from '../../scope/treeSitterNames';
import type { Category } from '../../types';
import type { Detector, RawFinding } from '../detector';

/** What a matched API is, for messages: `Cipher created`, `JWT signed or verified`. */
export interface Rule {
	readonly category: Category;
	readonly what: string;
}

/** `[qualified name or prefix.*, category, what]`. */
export type RuleSpec = readonly [pattern: string, category: Category, what: string];

/** Qualified API names (exact, or every member of a prefix with `prefix.*`) and what they are. */
export class RuleSet {
	private readonly exact = new Map<string, Rule>();
	private readonly prefixes = new Map<string, Rule>();
	private readonly excluded: ReadonlySet<string>;

	/** `exclude`: names under a flagged prefix that are not sensitive (`cryptography.hazmat.backends.default_backend`). */
	constructor(specs: readonly RuleSpec[], exclude: readonly string[] = []) {
		this.excluded = new Set(exclude);
		for (const [pattern, category, what] of specs) {
			if (pattern.endsWith('.*')) {
				this.prefixes.set(pattern.slice(0, -2), { category, what });
			} else {
				this.exact.set(pattern, { category, what });
			}
		}
	}

	/** The rule for a resolved qualified name: exact first, then the longest matching prefix. */
	match(name: string): Rule | undefined {
		if (this.excluded.has(name)) {
			return undefined;
		}
		const exact = this.exact.get(name);
		if (exact !== undefined) {
			return exact;
		}
		for (let i = name.lastIndexOf('.'); i > 0; i = name.lastIndexOf('.', i - 1)) {
			const rule = this.prefixes.get(name.slice(0, i));
			if (rule !== undefined) {
				return rule;
			}
		}
		return undefined;
	}
}

/** A method flagged by its name alone, when the file imports `gate` (a qualified-name prefix). */
export interface MethodRule extends Rule {
	readonly gate: string;
	readonly api: string;
}

/** `[method, gate prefix, api, category, what]`. */
export type MethodSpec = readonly [method: string, gate: string, api: string, category: Category, what: string];

/** Builds a method-name table. */
export function methodRules(specs: readonly MethodSpec[]): ReadonlyMap<string, MethodRule> {
	return new Map(specs.map(([method, gate, api, category, what]) => [method, { gate, api, category, what }]));
}

/** The names a file imports: local alias → qualified name, plus wildcard (namespace) imports. */
export class Imports {
	readonly aliases = new Map<string, string>();
	readonly wildcards = new Set<string>();

	/** Whether anything imported starts with `prefix` (or one of `a|b`; an empty gate always passes). */
	has(prefix: string): boolean {
		if (prefix === '') {
			return true;
		}
		if (prefix.includes('|')) {
			return prefix.split('|').some((p) => this.has(p));
		}
		for (const value of this.aliases.values()) {
			if (value.startsWith(prefix)) {
				return true;
			}
		}
		for (const value of this.wildcards) {
			if (value.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}
}

/** The per-file state of one detection run. */
export interface Ctx {
	readonly source: ParsedSource;
	readonly imports: Imports;
	/** Local variable → qualified type (from declarations and `x = Factory()` assignments). */
	readonly vars: Map<string, string>;
	readonly out: RawFinding[];
	readonly seen: Set<string>;
}

/** Adds a finding at `offset` (a JS string offset), once per offset and category. */
export function emit(ctx: Ctx, offset: number, category: Category, api: string, what: string): void {
	const key = `${offset}:${category}`;
	if (ctx.seen.has(key)) {
		return;
	}
	ctx.seen.add(key);
	const { line, column } = ctx.source.lines.position(offset);
	ctx.out.push({ line, column, category, api, message: `${what} (${api})` });
}

export { isSecretName };

/**
 * The first step of every language's name resolution: `a.b.c` whose head `a` is a typed variable or
 * an import alias becomes the bound name plus `.b.c`. Returns the head and the rest either way.
 */
export function resolveHead(ctx: Ctx, dotted: string): { head: string; rest: string; bound: string | null } {
	const dot = dotted.indexOf('.');
	const head = dot < 0 ? dotted : dotted.slice(0, dot);
	const rest = dot < 0 ? '' : dotted.slice(dot);
	const bound = ctx.vars.get(head) ?? ctx.imports.aliases.get(head);
	return { head, rest, bound: bound === undefined ? null : bound + rest };
}

/** `a . b .c` → `a.b.c` when the text is a plain dotted name; null otherwise. */
export function dottedText(text: string): string | null {
	const name = text.replace(/\s+/g, '');
	return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(name) && name.length <= 300 ? name : null;
}

/** The contents of a string literal at the start of `text` (`"X"`, `'X'`), or null. */
export function leadingString(text: string): string | null {
	const m = /^\s*[rbuf@$]{0,2}(["'])([^"'\n]{1,200})\1/i.exec(text);
	return m === null ? null : m[2];
}

/** The pieces of a language detector that differ between languages. */
export interface LanguageSpec {
	readonly id: string;
	readonly languages: readonly string[];
	/** Over-approximates every API the detector flags. */
	readonly prefilter: RegExp;
	/** Called for every named node during the single walk; may record imports at once and queue the rest. */
	readonly collect: (node: TsNode, ctx: Ctx, queue: TsNode[]) => void;
	/** Called for each queued node once the whole tree (so every import) has been seen. */
	readonly visit: (node: TsNode, ctx: Ctx) => void;
	/** Imports read from code text (`source.masked()` offsets `start`..`end`). */
	readonly lexImports: (ctx: Ctx, start: number, end: number) => void;
	/** The lexical pass over `start`..`end` of the masked text. */
	readonly lexical: (ctx: Ctx, start: number, end: number) => void;
}

/**
 * Visits each named node of the tree once, in document order, with a cursor (no recursion).
 * `visit` returns false to skip a node's children.
 */
export function walk(root: TsNode, visit: (node: TsNode) => boolean): void {
	const cursor = root.walk();
	try {
		for (;;) {
			const descend = cursor.nodeIsNamed || cursor.nodeType === 'ERROR' ? visit(cursor.currentNode) : true;
			if (descend && cursor.gotoFirstChild()) {
				continue;
			}
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) {
					return;
				}
			}
		}
	} finally {
		cursor.delete();
	}
}

function newCtx(source: ParsedSource): Ctx {
	return { source, imports: new Imports(), vars: new Map(), out: [], seen: new Set() };
}

function lexicalOnly(spec: LanguageSpec, source: ParsedSource): RawFinding[] {
	const ctx = newCtx(source);
	const end = source.file.text.length;
	spec.lexImports(ctx, 0, end);
	spec.lexical(ctx, 0, end);
	return ctx.out;
}

/** Runs a language spec over a file: tree walk with import resolution, lexical where the tree has errors. */
export async function detectWith(spec: LanguageSpec, source: ParsedSource): Promise<RawFinding[]> {
	try {
		const parse = await source.treeSitter();
		if (parse === null) {
			return lexicalOnly(spec, source);
		}
		const ctx = newCtx(source);
		const queue: TsNode[] = [];
		const errors: Array<[number, number]> = [];
		walk(parse.tree.rootNode, (node) => {
			if (node.type === 'ERROR') {
				errors.push([node.startIndex, node.endIndex]);
				return false;
			}
			spec.collect(node, ctx, queue);
			return true;
		});
		for (const [start, end] of errors) {
			spec.lexImports(ctx, start, end);
		}
		for (const node of queue) {
			spec.visit(node, ctx);
		}
		for (const [start, end] of errors) {
			spec.lexical(ctx, start, end);
		}
		return ctx.out;
	} catch {
		try {
			return lexicalOnly(spec, source);
		} catch {
			return [];
		}
	}
}

/** A {@link Detector} for a language spec. */
export function createDetector(spec: LanguageSpec): Detector {
	const prefilter = spec.prefilter;
	return {
		id: spec.id,
		languages: new Set(spec.languages),
		mayMatch: (text) => prefilter.test(text),
		detect: (source) => detectWith(spec, source),
	};
}

/** Every `name(.name)*` followed by `(` in `masked` between `start` and `end`, with `new` when present. */
export function* lexicalCalls(masked: string, start: number, end: number): Generator<{ offset: number; name: string; isNew: boolean; argsAt: number }> {
	const re = /(?<![\w$.])(new\s+)?([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*(?:<[^<>()]*>\s*)?\(/g;
	re.lastIndex = start;
	for (let m = re.exec(masked); m !== null && m.index < end; m = re.exec(masked)) {
		const name = dottedText(m[2]);
		if (name !== null) {
			yield { offset: m.index, name, isNew: m[1] !== undefined, argsAt: m.index + m[0].length };
		}
	}
}

/** Where {@link reportCall} looks a call up. */
export interface CallTables {
	readonly rules: { match(name: string): Rule | undefined };
	readonly methods: ReadonlyMap<string, MethodRule>;
}

/** A resolved call: the rule it matches (qualified), or a method-name rule gated by the file's imports. */
export function reportCall(
	ctx: Ctx,
	offset: number,
	qualified: string | null,
	method: string,
	tables: CallTables,
): boolean {
	const rule = qualified === null ? undefined : tables.rules.match(qualified);
	if (rule !== undefined && qualified !== null) {
		emit(ctx, offset, rule.category, qualified, rule.what);
		return true;
	}
	const byName = tables.methods.get(method);
	if (byName !== undefined && ctx.imports.has(byName.gate)) {
		emit(ctx, offset, byName.category, byName.api, byName.what);
		return true;
	}
	return false;
}

/** Reports an environment read whose first argument names a secret. */
export function reportEnv(ctx: Ctx, offset: number, api: string, name: string | null): void {
	if (name !== null && isSecretName(name)) {
		emit(ctx, offset, 'secrets', api, `Secret read from environment variable ${name}`);
	}
}

/** Runs a global regular expression over `text` between `start` and `end`. */
export function* matchesIn(re: RegExp, text: string, start: number, end: number): Generator<RegExpExecArray> {
	re.lastIndex = start;
	for (let m = re.exec(text); m !== null && m.index < end; m = re.exec(text)) {
		yield m;
		if (m[0].length === 0) {
			re.lastIndex++;
		}
	}
}
