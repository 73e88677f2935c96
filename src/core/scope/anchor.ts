import type Parser from 'web-tree-sitter';
import { ESTREE_LANGUAGE_IDS, type ParsedSource } from '../parse/parsedSource';
import type { Comment, Scope } from '../types';
import { EstreeView } from './estree';
import type { ScopeResolver } from './index';
import { CodeText } from './text';

/** Where the editor's quick fixes insert a new annotation comment for a finding. */
export interface Anchor {
	/** 1-based line the new comment goes in front of (it becomes this line, the code moves down). */
	readonly line: number;
	/** Leading whitespace of that line, as written (tabs or spaces). */
	readonly indent: string;
}

/** A 1-based position in the file (a finding's). */
export interface AnchorPosition {
	readonly line: number;
	readonly column: number;
}

/** Decorator, attribute and annotation lines above a declaration that are looked at (`@a @b def`). */
const MAX_PREFIX_LINES = 8;
/** Lines walked upwards when there is no syntax tree, looking for less indented enclosing headers. */
const MAX_INDENT_WALK = 4000;

/**
 * One file's scope probing, built once and shared by whoever asks (the quick-fix anchors, the declarations
 * holding findings): its code view, the resolver's answer per probed line, the syntax tree's ancestors.
 *
 * Anchors for new annotation comments: for each position (a finding), the line above which an
 * `@iso27001` comment covers the innermost declaration (function, method, class, function bound to
 * a name, …) holding it, else the innermost statement holding it; decorators and attributes stay
 * with their declaration (the comment goes above them). A JSDoc or doc comment above the declaration
 * stays where it is: the new comment goes between it and the code, which the resolver attaches to
 * the declaration all the same.
 *
 * Candidates are the lines where the enclosing syntax nodes start (or, without a usable tree, the
 * less indented lines above the position); each is checked with `resolver` itself by asking which
 * scope a comment placed there would get, so an anchor is only chosen when the real resolver would
 * give the new annotation a scope that starts right below it and contains the position. The parses
 * of `source` are reused. Positions for which nothing qualifies get their own line.
 */
export class ScopeProbe {
	private readonly code: CodeText;
	private readonly prober: Prober;
	/** The tree's ancestors of an offset, asked once per file (null: no usable tree). */
	private ancestors: Promise<((offset: number) => number[]) | null> | undefined;

	constructor(resolver: ScopeResolver, private readonly source: ParsedSource) {
		this.code = new CodeText(source.file.text, source.lex);
		this.prober = new Prober(resolver, source, this.code);
	}

	async anchors(positions: readonly AnchorPosition[]): Promise<Anchor[]> {
		if (positions.length === 0) {
			return [];
		}
		const { code, prober, source } = this;
		const lines = code.lines;
		const chosen = await innermostScopes(prober, await this.candidateLines(positions), positions);
		// Decorators, attributes and annotations above a chosen declaration belong to it.
		const lineOf = chosen.map((c, k) => c?.line ?? positions[k].line);
		let extending = new Set(chosen.flatMap((c, k) => (c?.scope.kind === 'declaration' ? [k] : [])));
		for (let step = 0; step < MAX_PREFIX_LINES && extending.size > 0; step++) {
			const above = new Map([...extending].map((k) => [k, prefixLine(code, lineOf[k])]));
			await prober.probe([...above.values()].filter((line) => line > 0));
			extending = new Set([...extending].filter((k) => {
				const line = above.get(k) ?? 0;
				const scope = prober.get(line);
				const c = chosen[k]!.scope;
				if (line <= 0 || scope === undefined || scope.startLine !== line || scope.kind !== c.kind || scope.endLine !== c.endLine || scope.symbol !== c.symbol) {
					return false;
				}
				lineOf[k] = line;
				return true;
			}));
		}
		return lineOf.map((chosenLine) => {
			const line = lineOutsideSpans(source, code, chosenLine);
			return { line, indent: indentOf(code.text, lines.lineStart(line)) };
		});
	}

	/**
	 * For each position (a finding's), the innermost declaration (function, method, class, function bound to a
	 * name, …) holding it, or null, asked of the resolver as for anchors.
	 */
	async declarations(positions: readonly AnchorPosition[]): Promise<(Scope | null)[]> {
		if (positions.length === 0) {
			return [];
		}
		const chosen = await innermostScopes(this.prober, await this.candidateLines(positions), positions);
		return chosen.map((c) => (c?.scope.kind === 'declaration' ? c.scope : null));
	}

	/**
	 * For each position, the lines to try, innermost first (descending): the position's own line and
	 * the start lines of the syntax nodes enclosing it, or the less indented code lines above it.
	 */
	private async candidateLines(positions: readonly AnchorPosition[]): Promise<number[][]> {
		const { code, source } = this;
		const lines = code.lines;
		const offsets = positions.map((p) => Math.min(code.text.length, lines.lineStart(p.line) + Math.max(0, p.column - 1)));
		this.ancestors ??= treeAncestors(source, code).catch(() => null);
		const ancestors = await this.ancestors;
		return positions.map((position, k) => {
			const own = lineOutsideSpans(source, code, position.line);
			const found = ancestors?.(offsets[k]) ?? indentAncestors(code, own);
			const unique = [...new Set([position.line, own, ...found])].filter((l) => l <= position.line);
			return unique.sort((a, b) => b - a);
		});
	}
}

/** For each position, the innermost declaration holding it, else the innermost statement; null when neither qualifies. */
async function innermostScopes(prober: Prober, candidates: readonly number[][], positions: readonly AnchorPosition[]): Promise<({ line: number; scope: Scope } | null)[]> {
	// Innermost first, one level at a time for all positions at once, until each has a declaration.
	const chosen: ({ line: number; scope: Scope } | null)[] = positions.map(() => null);
	const open = new Set(positions.keys());
	for (let level = 0; open.size > 0; level++) {
		await prober.probe([...open].map((k) => candidates[k][level]).filter((line) => line !== undefined));
		for (const k of open) {
			const line = candidates[k][level];
			const scope = line === undefined ? undefined : prober.get(line);
			if (line === undefined) {
				open.delete(k);
			} else if (scope !== undefined && scope.kind !== 'file' && scope.startLine === line && scope.endLine >= positions[k].line) {
				chosen[k] = scope.kind === 'declaration' || chosen[k] === null ? { line, scope } : chosen[k];
				if (scope.kind === 'declaration') {
					open.delete(k);
				}
			}
		}
	}
	return chosen;
}

/** Start lines of the nodes enclosing an offset, from the file's parse; null without a parse. */
async function treeAncestors(source: ParsedSource, code: CodeText): Promise<((offset: number) => number[]) | null> {
	const lines = code.lines;
	if (ESTREE_LANGUAGE_IDS.has(source.file.languageId)) {
		const parsed = await source.estree();
		if (parsed === null) {
			return null;
		}
		const view = new EstreeView(parsed.root);
		return (offset) => {
			const path = view.pathAt(offset);
			const out: number[] = [];
			for (let i = 1; i < path.length; i++) {
				if (view.isStatement(path[i], path[i - 1])) {
					out.push(lines.lineAt(view.startOf(path[i])));
				}
			}
			return out;
		};
	}
	const parsed = await source.treeSitter();
	if (parsed === null) {
		return null;
	}
	const root = parsed.tree.rootNode;
	return (offset) => {
		const out: number[] = [];
		// The root (the whole file) is no candidate: a comment above its first line covers that statement only.
		for (let node: Parser.SyntaxNode | null = root.descendantForIndex(offset, offset + 1); node !== null && node.parent !== null; node = node.parent) {
			out.push(lines.lineAt(node.startIndex));
		}
		return out;
	};
}

/** Without a tree: the code lines above `line` that are less indented than everything since (its headers). */
function indentAncestors(code: CodeText, line: number): number[] {
	const lines = code.lines;
	const out: number[] = [];
	let width = codeColumn(code, line);
	let p = code.prevCode(lines.lineStart(line));
	for (let steps = 0; p >= 0 && width > 0 && steps < MAX_INDENT_WALK; steps++) {
		const above = lines.lineAt(p);
		const column = codeColumn(code, above);
		if (column >= 0 && column < width) {
			out.push(above);
			width = column;
		}
		p = code.prevCode(lines.lineStart(above));
	}
	return out;
}

/**
 * The code line right above `line` (comments and blanks skipped) when it is at the same indentation
 * and looks like a decorator, attribute or annotation (`@…`, `[…`, `#[…`); else 0.
 */
function prefixLine(code: CodeText, line: number): number {
	const lines = code.lines;
	const p = code.prevCode(lines.lineStart(line));
	if (p < 0) {
		return 0;
	}
	const above = lines.lineAt(p);
	const column = codeColumn(code, above);
	if (column !== codeColumn(code, line)) {
		return 0;
	}
	const start = lines.lineStart(above) + column;
	return /^(?:@|#?\[)/.test(code.text.slice(start, start + 2)) ? above : 0;
}

/** 0-based column of the first code on `line`, or -1 when the line holds none. */
function codeColumn(code: CodeText, line: number): number {
	const start = code.lines.lineStart(line);
	const q = code.nextCode(start);
	return q >= 0 && code.lines.lineAt(q) === line ? q - start : -1;
}

/**
 * `line`, or when it starts inside a string or comment spanning lines (a template literal, a
 * docstring), which is no place for a new comment line, the line where that string or comment starts.
 */
function lineOutsideSpans(source: ParsedSource, code: CodeText, line: number): number {
	const lines = code.lines;
	let current = line;
	for (let start = lines.lineStart(current), at = outsideSpans(source, start); at !== start; start = lines.lineStart(current), at = outsideSpans(source, start)) {
		current = lines.lineAt(at);
	}
	return current;
}

/**
 * `offset` when no string or comment of the file contains it (a line start inside one is no place
 * for a new comment line), else the start of the one containing it.
 */
function outsideSpans(source: ParsedSource, offset: number): number {
	let at = offset;
	for (const spans of [source.lex.strings, source.lex.comments]) {
		// Sorted by offset, non-overlapping (the lexer's contract): the last span starting before `at`.
		let lo = 0;
		let hi = spans.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			if (spans[mid].start < at) {
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		const span = spans[hi];
		if (span !== undefined && span.start < at && at < span.end) {
			at = span.start;
		}
	}
	return at;
}

/** The spaces and tabs a line starts with. */
function indentOf(text: string, start: number): string {
	let end = start;
	while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) {
		end++;
	}
	return text.slice(start, end);
}

/**
 * Asks the real scope resolver which scope a comment of its own line, placed just before the first
 * code of a given line, would get; results are kept per line.
 */
class Prober {
	private readonly scopes = new Map<number, Scope>();

	constructor(
		private readonly resolver: ScopeResolver,
		private readonly source: ParsedSource,
		private readonly code: CodeText,
	) {}

	get(line: number): Scope | undefined {
		return this.scopes.get(line);
	}

	async probe(candidates: readonly number[]): Promise<void> {
		const lines = this.code.lines;
		const wanted: number[] = [];
		const comments: Comment[] = [];
		for (const line of new Set(candidates)) {
			const start = lines.lineStart(line);
			const column = this.scopes.has(line) || outsideSpans(this.source, start) !== start ? -1 : codeColumn(this.code, line);
			if (column < 0) {
				continue;
			}
			const at = lines.lineStart(line) + column;
			wanted.push(line);
			// A zero-width comment right before the code: what an annotation inserted above this line resolves like.
			comments.push({ kind: 'line', start: at, end: at, contentStart: at, contentEnd: at, line, endLine: line, trailing: false });
		}
		if (comments.length === 0) {
			return;
		}
		const { file, lex } = this.source;
		const scopes = await this.resolver.resolve(file, lex, comments.map((comment) => ({ comment, fileLevel: false })), this.source);
		wanted.forEach((line, k) => this.scopes.set(line, scopes[k]));
	}
}
