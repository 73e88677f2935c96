/**
 * The editor's quick fixes as text edits, computed from the file text alone (no editor API):
 * add an `@iso27001` annotation for an unmapped finding, add an `@iso27001-ignore` with a reason
 * placeholder, rewrite a legacy (2013) control ID, and all annotations of a file at once.
 */
import { findDirectives, type IdShape, type RawDirective } from '../annotations/directives';
import type { ControlIdResolver } from '../annotations/controlIds';
import { lex } from '../lexer';
import { type CommentInsertion, languageSpec } from '../lexer/languages';
import { LineIndex } from '../text/lineIndex';
import type { Category, Comment, Finding, LanguageId, Problem } from '../types';

/** A 1-based position (columns in UTF-16 code units, as everywhere in the engine). */
export interface Position {
	readonly line: number;
	readonly column: number;
}

/** Replace `[line:column, endLine:endColumn)` (1-based, end exclusive) with `newText`; equal ends insert. */
export interface TextEdit {
	readonly line: number;
	readonly column: number;
	readonly endLine: number;
	readonly endColumn: number;
	readonly newText: string;
}

/** An `@iso27001-ignore` insertion and where the cursor goes: the (empty) reason after `— `. */
export interface IgnoreFix {
	readonly edit: TextEdit;
	/** Position of the reason placeholder in the text after the edit. */
	readonly cursor: Position;
}

/** An `@iso27001` annotation edit and, when it starts a new comment, where its rationale goes. */
export interface AnnotationFix {
	readonly edit: TextEdit;
	/**
	 * Position just after the IDs in the text after the edit (before a block comment's close), where
	 * ` — rationale` belongs; null when the IDs were appended to an annotation that has its own.
	 */
	readonly rationale: Position | null;
}

/** What the fixes read of a finding: its place, category, suggestions and the analysis's anchor. */
export type FixableFinding = Pick<Finding, 'line' | 'category' | 'suggestedControls' | 'anchor'>;

/** Options of the annotation fixes. */
export interface AnnotationFixOptions {
	/**
	 * Tells control IDs from the first word of a rationale when reading an existing annotation
	 * (`ControlIdResolver.looksLikeId` of the workspace catalog); by default Annex A shapes (`A.8.24`).
	 */
	readonly looksLikeId?: IdShape;
}

const ANNEX_A_LIKE: IdShape = (token) => /^A\.?\d/i.test(token);

/**
 * The edit that maps `finding`: `@iso27001 <control>` (by default its first suggested control) in
 * the file's comment syntax, on a new line above the enclosing declaration (`finding.anchor`, set
 * by the analysis; the finding's own line without it) at that line's indentation: above the
 * declaration's decorators or attributes, below a JSDoc or doc comment that precedes them (the
 * resolver attaches the new comment to the declaration all the same). When the comment
 * right above that line is non-trailing and holds an `@iso27001` annotation, the control is appended
 * to that annotation's IDs instead (`, A.5.17` after its last ID, before the rationale); null when
 * it already lists the control.
 */
export function addAnnotationEdit(
	text: string, languageId: LanguageId, finding: FixableFinding, control?: string, options: AnnotationFixOptions = {},
): TextEdit | null {
	const wanted = control ?? finding.suggestedControls[0];
	if (wanted === undefined) {
		return null;
	}
	return new FileText(text, languageId).annotationFix(anchorOf(finding), [wanted], options.looksLikeId ?? ANNEX_A_LIKE)?.edit ?? null;
}

/** {@link addAnnotationEdit}, with the position of the new annotation's rationale. */
export function addAnnotationFix(
	text: string, languageId: LanguageId, finding: FixableFinding, control?: string, options: AnnotationFixOptions = {},
): AnnotationFix | null {
	const wanted = control ?? finding.suggestedControls[0];
	if (wanted === undefined) {
		return null;
	}
	return new FileText(text, languageId).annotationFix(anchorOf(finding), [wanted], options.looksLikeId ?? ANNEX_A_LIKE);
}

/**
 * The edit that accepts `finding` as an exception: `@iso27001-ignore <category> — ` on a new line
 * at the same place as {@link addAnnotationEdit}'s, and the cursor position for the reason (an
 * ignore without a reason suppresses nothing and is reported until one is written).
 */
export function addIgnoreEdit(text: string, languageId: LanguageId, finding: FixableFinding): IgnoreFix {
	return new FileText(text, languageId).ignoreEdit(anchorOf(finding), finding.category);
}

/**
 * The edit replacing the legacy ID a `legacy-control` problem points at with its 2022 ID(s), joined
 * by `, `. IDs already written in the same directive are not repeated (when all are, the legacy ID
 * is removed with its separator). Null when the problem is not a legacy ID of `ids`' catalogs.
 */
export function rewriteLegacyEdit(text: string, languageId: LanguageId, problem: Problem, ids: ControlIdResolver): TextEdit | null {
	if (problem.code !== 'legacy-control') {
		return null;
	}
	return new FileText(text, languageId).legacyEdit(problem, ids);
}

/**
 * The add-annotation edits of every finding that is neither mapped nor ignored, merged per anchor:
 * one comment per declaration listing the first suggested control of each of its findings (in
 * order, de-duplicated), or one append to the annotation above it. Sorted; no two edits overlap.
 */
export function fixAllEdits(text: string, languageId: LanguageId, findings: readonly (FixableFinding & Pick<Finding, 'mapped' | 'ignored'>)[], options: AnnotationFixOptions = {}): TextEdit[] {
	const groups = new Map<number, { anchor: AnchorAt; controls: string[] }>();
	for (const finding of findings) {
		const control = finding.suggestedControls[0];
		if (finding.mapped || finding.ignored || control === undefined) {
			continue;
		}
		const anchor = anchorOf(finding);
		const group = groups.get(anchor.line) ?? { anchor, controls: [] };
		groups.set(anchor.line, group);
		if (!group.controls.includes(control)) {
			group.controls.push(control);
		}
	}
	if (groups.size === 0) {
		return [];
	}
	const file = new FileText(text, languageId);
	const edits: TextEdit[] = [];
	for (const { anchor, controls } of [...groups.values()].sort((a, b) => a.anchor.line - b.anchor.line)) {
		const fix = file.annotationFix(anchor, controls, options.looksLikeId ?? ANNEX_A_LIKE);
		if (fix !== null) {
			edits.push(fix.edit);
		}
	}
	return edits;
}

/** Applies non-overlapping edits to `text` (for tests and callers without an editor). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
	const lines = new LineIndex(text);
	const offset = (line: number, column: number): number => Math.min(text.length, lines.lineStart(line) + column - 1);
	const sorted = edits
		.map((e) => ({ start: offset(e.line, e.column), end: offset(e.endLine, e.endColumn), text: e.newText }))
		.sort((a, b) => b.start - a.start || b.end - a.end);
	let out = text;
	let limit = Infinity;
	for (const e of sorted) {
		if (e.end > limit) {
			throw new Error('overlapping edits');
		}
		out = out.slice(0, e.start) + e.text + out.slice(e.end);
		limit = e.start;
	}
	return out;
}

/** Where a new comment goes. */
interface AnchorAt {
	readonly line: number;
	readonly indent: string | null;
}

function anchorOf(finding: FixableFinding): AnchorAt {
	return finding.anchor ?? { line: finding.line, indent: null };
}

/** One file's text, lexed on demand, with the helpers the fixes share. */
class FileText {
	readonly lines: LineIndex;
	readonly eol: string;
	private lexed: readonly Comment[] | undefined;

	constructor(readonly text: string, readonly languageId: LanguageId) {
		this.lines = new LineIndex(text);
		const lf = text.indexOf('\n');
		this.eol = lf > 0 && text.charCodeAt(lf - 1) === 13 ? '\r\n' : '\n';
	}

	get comments(): readonly Comment[] {
		this.lexed ??= lex(this.text, this.languageId).comments;
		return this.lexed;
	}

	annotationFix(anchor: AnchorAt, controls: readonly string[], looksLikeId: IdShape): AnnotationFix | null {
		const above = this.annotationAbove(anchor, looksLikeId);
		if (above !== null) {
			const listed = new Set(above.ids.map((t) => t.text));
			const missing = controls.filter((c) => !listed.has(c));
			if (missing.length === 0) {
				return null;
			}
			const last = above.ids[above.ids.length - 1];
			const at = { line: last.line, column: last.column + last.text.length };
			return { edit: { ...at, endLine: at.line, endColumn: at.column, newText: missing.map((c) => `, ${c}`).join('') }, rationale: null };
		}
		const { edit, cursor } = this.insertLine(anchor, `@iso27001 ${controls.join(', ')}`);
		return { edit, rationale: cursor };
	}

	ignoreEdit(anchor: AnchorAt, category: Category): IgnoreFix {
		return this.insertLine(anchor, `@iso27001-ignore ${category} — `);
	}

	legacyEdit(problem: Problem, ids: ControlIdResolver): TextEdit | null {
		const lineStart = this.lines.lineStart(problem.line);
		const start = lineStart + problem.column - 1;
		const id = problem.endColumn !== undefined && (problem.endLine ?? problem.line) === problem.line
			? this.text.slice(start, lineStart + problem.endColumn - 1)
			: /^[^\s,—–:]+/.exec(this.text.slice(start, this.lines.lineEnd(problem.line)))?.[0];
		if (id === undefined || id === '') {
			return null;
		}
		const c = ids.classify(id);
		if (c.kind !== 'legacy') {
			return null;
		}
		const directive = this.directiveAt(start, ids.looksLikeId);
		const tokens = directive?.ids ?? [];
		const others = new Set(tokens.filter((t) => !(t.line === problem.line && t.column === problem.column)).map((t) => t.text));
		const replacement = c.mapsTo.filter((m, k) => !others.has(m) && c.mapsTo.indexOf(m) === k);
		const range = { line: problem.line, column: problem.column, endLine: problem.line, endColumn: problem.column + id.length };
		if (replacement.length > 0) {
			return { ...range, newText: replacement.join(', ') };
		}
		// Every 2022 ID is written already: remove the legacy ID and one separator next to it.
		const k = tokens.findIndex((t) => t.line === problem.line && t.column === problem.column);
		const before = tokens[k - 1];
		const after = tokens[k + 1];
		if (before !== undefined && before.line === problem.line) {
			return { ...range, column: before.column + before.text.length, newText: '' };
		}
		if (after !== undefined && after.line === problem.line) {
			return { ...range, endColumn: after.column, newText: '' };
		}
		return { ...range, newText: c.mapsTo.join(', ') };
	}

	/**
	 * A new comment line holding `body` above the anchor line, indented like it, and the position
	 * just after `body` (where the ignore's reason goes).
	 */
	private insertLine(anchor: AnchorAt, body: string): IgnoreFix {
		const line = Math.max(1, Math.min(anchor.line, this.lines.lineCount));
		const start = this.lines.lineStart(line);
		const indent = anchor.indent ?? /^[ \t]*/.exec(this.text.slice(start, this.lines.lineEnd(line)))?.[0] ?? '';
		const syntax = this.commentSyntax(start);
		const open = 'line' in syntax ? `${syntax.line} ` : `${syntax.block[0]} `;
		const close = 'line' in syntax ? '' : ` ${syntax.block[1]}`;
		const column = start === 0 && this.text.charCodeAt(0) === 0xfeff ? 2 : 1;
		const newText = `${indent}${open}${body}${close}${this.eol}`;
		return {
			edit: { line, column, endLine: line, endColumn: column, newText },
			cursor: { line, column: column + indent.length + open.length + body.length },
		};
	}

	/**
	 * The comment syntax at `offset`: the language's, except inside the `<script>` or `<style>`
	 * element of a markup file (Vue, Svelte, HTML), where `//` or `/* *\/` is what parses.
	 */
	private commentSyntax(offset: number): CommentInsertion {
		const syntax = languageSpec(this.languageId)?.insert ?? { line: '//' };
		if ('line' in syntax) {
			return syntax;
		}
		const elements = /<(script|style)\b[^>]*>([\s\S]*?)<\/\1\s*>/gi;
		for (let m = elements.exec(this.text); m !== null && m.index < offset; m = elements.exec(this.text)) {
			const contentStart = m.index + m[0].indexOf('>') + 1;
			if (contentStart <= offset && offset <= m.index + m[0].length - `</${m[1]}>`.length) {
				return m[1].toLowerCase() === 'script' ? { line: '//' } : { block: ['/*', '*/'] };
			}
		}
		return syntax;
	}

	/**
	 * The last `@iso27001` annotation (with IDs) of the comment that ends on the line right above
	 * the anchor, when that comment covers what the anchor line starts: it trails no code, no code
	 * follows it on its line, and it is not indented deeper than the anchor line (which would end an
	 * indentation block above instead).
	 */
	private annotationAbove(anchor: AnchorAt, looksLikeId: IdShape): RawDirective | null {
		if (anchor.line <= 1) {
			return null;
		}
		const above = anchor.line - 1;
		const aboveEnd = this.lines.lineEnd(above);
		let comment: Comment | undefined;
		for (const c of this.comments) {
			if (c.endLine === above && c.end <= aboveEnd) {
				comment = c;
			}
		}
		if (comment === undefined || comment.trailing || this.text.slice(comment.end, aboveEnd).trim() !== '') {
			return null;
		}
		const anchorStart = this.lines.lineStart(anchor.line);
		const anchorIndent = /^[ \t]*/.exec(this.text.slice(anchorStart, this.lines.lineEnd(anchor.line)))?.[0].length ?? 0;
		if (this.lines.column(comment.start) > anchorIndent) {
			return null;
		}
		const directives = findDirectives(this.text, [comment], looksLikeId, this.lines)
			.filter((d) => d.kind === 'controls' && d.malformed === undefined && d.ids.length > 0);
		return directives[directives.length - 1] ?? null;
	}

	/** The directive (of the comment holding `offset`) whose IDs include the token at `offset`. */
	private directiveAt(offset: number, looksLikeId: IdShape): RawDirective | undefined {
		const comment = this.comments.find((c) => c.contentStart <= offset && offset < c.contentEnd);
		if (comment === undefined) {
			return undefined;
		}
		const position = this.lines.position(offset);
		return findDirectives(this.text, [comment], looksLikeId, this.lines)
			.find((d) => d.ids.some((t) => t.line === position.line && t.column === position.column));
	}
}
