/**
 * Fast re-analysis of an edited TypeScript or JavaScript buffer: when an edit stays inside the body
 * of one top-level declaration (a function, class, …), only that declaration is analysed again;
 * everything outside it is taken from the previous analysis, lines shifted. The live index follows
 * this with an exact analysis of the whole file as soon as no other change waits (see
 * `FolderIndex.update`).
 *
 * The cost is that of the edited declaration, not of the file: the buffer's lexical structure (its
 * comments, strings and top-level blocks, a {@link BufferStructure}) is kept between edits, so an
 * edit re-lexes only the declaration it falls in; and the analysed copy of the text holds the
 * file's imports and other top-level statements, the edited declaration, and only the line breaks
 * of every other function and class (so lines are unchanged).
 */
import { analyzeFile, type FileAnalysis } from '../analysis/analyzeFile';
import type { AnalyzerContext } from '../analysis/context';
import { spliceRegion, type Region } from './regionSplice';
import { lex, maskNonCode } from '../lexer';
import { LineIndex } from '../text/lineIndex';
import { firstNotBefore } from '../text/search';
import type { Comment, LexResult, Scope, SourceFile, StringSpan } from '../types';

/** Languages the fast path applies to: those whose full parse (TypeScript-ESTree) is the slow one. */
export const FAST_LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

/** The changed span: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
	readonly start: number;
	readonly oldEnd: number;
	readonly newEnd: number;
}

/**
 * The smallest single span that turns `before` into `after` (common prefix and suffix removed).
 * Compares halving chunks as strings (a native comparison) rather than character by character.
 */
export function diffTexts(before: string, after: string): TextChange {
	const max = Math.min(before.length, after.length);
	let lo = 0;
	let hi = max;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (before.slice(lo, mid) === after.slice(lo, mid)) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	const start = lo;
	// The common suffix, no longer than what the prefix left of the shorter text.
	lo = 0;
	hi = max - start;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (before.slice(before.length - mid, before.length - lo) === after.slice(after.length - mid, after.length - lo)) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}
	return { start, oldEnd: before.length - lo, newEnd: after.length - lo };
}

/** A `{ … }` at the top level of the file: offsets of the braces, and lines. */
export interface Block {
	readonly open: number;
	readonly close: number;
	/** A function, method or class body, whose inside does not affect the rest of the file. */
	readonly body: boolean;
	/** Offset where the top-level statement holding it starts (after the previous one ended). */
	readonly statementStart: number;
	/** 1-based lines of `statementStart`, `open` and `close`. */
	readonly startLine: number;
	readonly openLine: number;
	readonly closeLine: number;
}

/**
 * What the fast path keeps of a buffer between edits: its lexer result and top-level blocks. The
 * next edit inside a body re-lexes only that body and shifts the rest.
 */
export interface BufferStructure {
	readonly text: string;
	readonly lex: LexResult;
	readonly blocks: readonly Block[];
	/** Lines as `LineIndex.lineCount` counts them (a final newline opens no line). */
	readonly lineCount: number;
}

/** The fast path's answer: the file's analysis (null when it has nothing to report) and the new text's structure. */
export interface RegionResult {
	readonly analysis: FileAnalysis | null;
	readonly structure: BufferStructure;
}

/**
 * Re-analyses `file` (the new buffer text) from `previous` (the analysis of `before`, the text it
 * replaced), or returns undefined when the fast path does not apply: another language, an edit
 * that is not inside one top-level body, an `@iso27001-file` added or removed by it, or braces the
 * lexer cannot pair (mid-edit code); the caller then analyses the whole file. `known` is the
 * structure a previous call returned; it is used when it describes `before`.
 */
export async function reanalyzeRegion(
	before: string, previous: FileAnalysis | null, file: SourceFile, ctx: AnalyzerContext, known?: BufferStructure,
): Promise<RegionResult | undefined> {
	if (!FAST_LANGUAGES.has(file.languageId)) {
		return undefined;
	}
	const change = diffTexts(before, file.text);
	const edited = known !== undefined && known.text === before
		? followEdit(known, change, file.text, file.languageId)
		: structureWithTarget(file.text, file.languageId, change);
	if (edited === undefined) {
		return undefined;
	}
	const { structure, target } = edited;
	const text = file.text;
	// The region starts at the declaration's leading comments (its annotation), on a line of its own.
	let lead = target.statementStart;
	while (lead < target.open && isSpaceCode(text.charCodeAt(lead))) {
		lead++;
	}
	const first = target.startLine + newlines(text, target.statementStart, lead);
	if (target.statementStart > 0 && first === target.startLine) {
		return undefined; // Shares a line with the statement before it.
	}
	const delta = newlines(text, change.start, change.newEnd) - newlines(before, change.start, change.oldEnd);
	const region: Region = { first, last: target.closeLine, oldLast: target.closeLine - delta, delta, lastLine: Math.max(1, structure.lineCount) };
	const partial = await analyzeCopy(file, structure, target, ctx);
	const isFileScope = (a: { scope: Scope }): boolean => a.scope.kind === 'file';
	if (partial.annotations.some((a) => isFileScope(a) && a.line >= region.first && a.line <= region.last)
		|| previous?.annotations.some((a) => isFileScope(a) && a.line >= region.first && a.line <= region.oldLast)) {
		return undefined; // An @iso27001-file added or removed inside the edit changes the whole file's coverage.
	}
	return { analysis: spliceRegion(file.path, previous, partial, region, ctx), structure };
}


/**
 * Analyses the copy of the text in which every other function and class body (with its leading
 * comments) is reduced to its line breaks: imports, top-level aliases and the edited declaration
 * keep their lines and columns; the lexer result is the file's, offsets moved.
 */
function analyzeCopy(file: SourceFile, structure: BufferStructure, target: Block, ctx: AnalyzerContext): Promise<FileAnalysis> {
	const text = file.text;
	const parts: string[] = [];
	/** Removed ranges of the text, `[from, to)`, and the characters removed up to each range's end. */
	const removed: { from: number; to: number; upTo: number }[] = [];
	let pos = 0;
	let gone = 0;
	for (const b of structure.blocks) {
		if (b === target || !b.body) {
			continue;
		}
		const from = b.statementStart;
		const to = b.close + 1;
		const breaks = b.closeLine - b.startLine;
		parts.push(text.slice(pos, from), '\n'.repeat(breaks));
		gone += to - from - breaks;
		removed.push({ from, to, upTo: gone });
		pos = to;
	}
	parts.push(text.slice(pos));
	const kept = <T extends StringSpan>(spans: readonly T[], move: (s: T, by: number) => T): T[] => {
		const out: T[] = [];
		let r = 0;
		for (const s of spans) {
			while (r < removed.length && removed[r].to <= s.start) {
				r++;
			}
			if (r < removed.length && s.start >= removed[r].from) {
				continue; // Inside a removed range.
			}
			const by = r === 0 ? 0 : removed[r - 1].upTo;
			out.push(by === 0 ? s : move(s, by));
		}
		return out;
	};
	const copyLex: LexResult = {
		comments: kept(structure.lex.comments, (c, by) => ({ ...c, start: c.start - by, end: c.end - by, contentStart: c.contentStart - by, contentEnd: c.contentEnd - by })),
		strings: kept(structure.lex.strings, (s, by) => ({ start: s.start - by, end: s.end - by })),
	};
	return analyzeFile({ ...file, text: parts.join('') }, ctx, { lex: copyLex });
}

/** The structure of `text` from scratch, and the body that contains `change`, if any. */
function structureWithTarget(text: string, languageId: string, change: TextChange): { structure: BufferStructure; target: Block } | undefined {
	const lexed = lex(text, languageId);
	const lines = new LineIndex(text);
	const blocks = topLevelBlocks(maskNonCode(text, lexed), lines);
	if (blocks === null) {
		return undefined;
	}
	const target = blocks.find((b) => b.body && b.open < change.start && change.newEnd <= b.close);
	return target && { structure: { text, lex: lexed, blocks, lineCount: lines.lineCount }, target };
}

/**
 * The structure of `after` from that of the text before the edit: only the edited body is lexed
 * again, and it must still be one balanced block (else undefined: a brace, comment or string
 * opened by the edit may reach outside it). Outside it the lexer's state is the same as before
 * (it starts after `{` and ends after `}`), so its spans are the old ones, moved.
 */
function followEdit(known: BufferStructure, change: TextChange, after: string, languageId: string): { structure: BufferStructure; target: Block } | undefined {
	const index = known.blocks.findIndex((b) => b.body && b.open < change.start && change.oldEnd <= b.close);
	if (index < 0) {
		return undefined;
	}
	const old = known.blocks[index];
	const chars = change.newEnd - change.oldEnd;
	const close = old.close + chars;
	const body = after.slice(old.open, close + 1);
	const bodyLex = lex(body, languageId);
	const inner = topLevelBlocks(maskNonCode(body, bodyLex), null);
	if (inner === null || inner.length !== 1 || inner[0].open !== 0 || inner[0].close !== body.length - 1) {
		return undefined;
	}
	const lines = newlines(after, change.start, change.newEnd) - newlines(known.text, change.start, change.oldEnd);
	const target: Block = { ...old, close, closeLine: old.closeLine + lines };
	const moveBlock = (b: Block): Block => ({
		...b, open: b.open + chars, close: b.close + chars, statementStart: b.statementStart + chars,
		startLine: b.startLine + lines, openLine: b.openLine + lines, closeLine: b.closeLine + lines,
	});
	const byLines = target.openLine - 1;
	const splice = <T extends StringSpan>(spans: readonly T[], inside: readonly T[], move: (s: T, by: number, byLines: number) => T): T[] => {
		const a = firstAtOrAfter(spans, old.open);
		const b = firstAtOrAfter(spans, old.close + 1);
		return [
			...spans.slice(0, a),
			...inside.map((s) => move(s, old.open, byLines)),
			...spans.slice(b).map((s) => move(s, chars, lines)),
		];
	};
	const moveComment = (c: Comment, by: number, byLine: number): Comment => ({
		...c, start: c.start + by, end: c.end + by, contentStart: c.contentStart + by, contentEnd: c.contentEnd + by, line: c.line + byLine, endLine: c.endLine + byLine,
	});
	const structure: BufferStructure = {
		text: after,
		lex: {
			comments: splice(known.lex.comments, bodyLex.comments, moveComment),
			strings: splice(known.lex.strings, bodyLex.strings, (s, by) => ({ start: s.start + by, end: s.end + by })),
		},
		blocks: [...known.blocks.slice(0, index), target, ...known.blocks.slice(index + 1).map(moveBlock)],
		lineCount: known.lineCount + lines,
	};
	return { structure, target };
}

/** Index of the first span (sorted by start) starting at or after `offset`. */
function firstAtOrAfter(spans: readonly StringSpan[], offset: number): number {
	return firstNotBefore(spans.length, (i) => spans[i].start < offset);
}

/**
 * The top-level brace blocks of masked code (comments and strings blanked), or null when the braces
 * do not pair. A block is a body when its statement is a function (declaration, expression or
 * arrow) or a class; object literals, destructuring patterns and import lists are not. Lines are
 * taken from `lines` (0 without it).
 */
function topLevelBlocks(code: string, lines: LineIndex | null): Block[] | null {
	const blocks: Block[] = [];
	let depth = 0;
	let open = -1;
	let statementStart = 0;
	let parens = 0;
	const line = (offset: number): number => (lines === null ? 0 : lines.lineAt(offset));
	for (let i = 0; i < code.length; i++) {
		const c = code.charCodeAt(i);
		if (c === 40 /* ( */ || c === 91 /* [ */) {
			parens++;
		} else if (c === 41 /* ) */ || c === 93 /* ] */) {
			parens--;
		} else if (c === 123 /* { */) {
			if (depth === 0 && parens === 0) {
				open = i;
			}
			depth++;
		} else if (c === 125 /* } */) {
			depth--;
			if (depth < 0) {
				return null;
			}
			if (depth === 0 && open >= 0) {
				blocks.push({
					open, close: i, body: isBody(code, open, statementStart), statementStart,
					startLine: line(statementStart), openLine: line(open), closeLine: line(i),
				});
				open = -1;
				statementStart = i + 1;
			}
		} else if (c === 59 /* ; */ && depth === 0 && parens === 0) {
			statementStart = i + 1;
		}
	}
	return depth === 0 && parens === 0 ? blocks : null;
}

function isBody(code: string, open: number, statementStart: number): boolean {
	const head = code.slice(statementStart, open).trim();
	// `function f(…): T {`, `const f = (…) => {`, `= async function (…) {`, `class A extends B {`.
	return /(?:^|[\s=(])(?:async\s+)?function\b/.test(head) || /=>$/.test(head)
		|| /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\b/.test(head);
}

function isSpaceCode(c: number): boolean {
	return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x1680 || c === 0x202f || c === 0x205f;
}

/** Line breaks (`\n`) in `text[a, b)`. */
function newlines(text: string, a: number, b: number): number {
	let n = 0;
	for (let i = text.indexOf('\n', a); i !== -1 && i < b; i = text.indexOf('\n', i + 1)) {
		n++;
	}
	return n;
}
