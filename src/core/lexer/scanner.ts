/**
 * The lexer's shared state: output arrays, the region being lexed, the explicit stack of open
 * contexts (interpolation holes, JSX), and line bookkeeping for {@link Comment.line} and
 * {@link Comment.trailing}. Every per-language lexer drives one `Scanner` forward.
 */
import type { Comment } from '../types';
import { isSpace } from './chars';

/** Code inside an interpolation hole of a string (`${…}`, `{…}`, `\(…)`, `#{…}`, `$(…)`). */
export const F_EXPR = 0;
/** Inside a JSX tag (`<div a="1" …>`). */
export const F_JSX_TAG = 1;
/** Between a JSX opening and closing tag (text and children). */
export const F_JSX_CHILDREN = 2;
/** JavaScript inside `{…}` in JSX. */
export const F_JSX_EXPR = 3;

/** Interpolation styles of a string (how holes open; see `strings.ts`). No holes. */
export const I_NONE = 0;
/** `${…}`: JavaScript, Kotlin, Groovy, Scala. */
export const I_DOLLAR_BRACE = 1;
/** `{…}` with `{{` as an escape: Python f-strings, C# `$"…"`. */
export const I_BRACE = 2;
/** `\(…)`, `\#(…)` in raw strings: Swift. */
export const I_PAREN = 3;
/** `#{…}`: Ruby. */
export const I_HASH_BRACE = 4;
/** `{$…}` and `${…}`: PHP. */
export const I_PHP = 5;
/** `${…}` and `%{…}`, with `$${` and `%%{` as escapes: HCL. */
export const I_HCL = 6;
/** `$(…)`: shell and PowerShell double-quoted strings. */
export const I_SHELL = 7;

/** The rules of one kind of string literal. Shared, immutable; see `scanStr` in `strings.ts`. */
export interface StrSpec {
	/** Closing quote character code. */
	readonly quote: number;
	/** How many quote characters close it (1, or 3 for `"""`). */
	readonly quoteLen: number;
	/** Swift/Rust-style raw strings: `#` characters after the closing quote (and after `\`). */
	readonly hashes: number;
	/** Escape character code (`\` or PowerShell's backtick), 0 for none. */
	readonly escape: number;
	/** A doubled quote stands for one quote (SQL, C# verbatim, PowerShell). */
	readonly doubled: boolean;
	/** May span lines; otherwise an unescaped newline ends it (unterminated). */
	readonly multiline: boolean;
	/** Quotes beyond the closing run belong to the content (`"""a""""` in Kotlin, Scala, TOML). */
	readonly greedy: boolean;
	/** One of the `I_*` constants. */
	readonly interp: number;
	/** A `:` at the top level of a hole starts a format spec (Python, C#). */
	readonly formatSpec: boolean;
}

/** One entry of the explicit context stack. */
export interface Frame {
	/** `F_EXPR`, `F_JSX_TAG`, `F_JSX_CHILDREN` or `F_JSX_EXPR`. */
	readonly kind: number;
	/** Brackets opened inside this context and not yet closed. */
	depth: number;
	/** Character code closing the context at depth 0 (`}` or `)`). */
	readonly close: number;
	/** For `F_EXPR`: the string to resume when the hole closes. */
	readonly str: StrSpec | null;
	/** For `F_JSX_TAG`: a closing tag (`</div>`). */
	readonly closing: boolean;
}

/** Mutable lexing state over one text. Spans must be added in increasing offset order. */
export class Scanner {
	readonly comments: Comment[] = [];
	/**
	 * String spans as `[start, end)` pairs, packed: a bundle holds hundreds of thousands of strings,
	 * which as objects cost about 50 bytes each (see `stringSpans`).
	 */
	private strOffsets = new Int32Array(256);
	private strCount = 0;
	readonly frames: Frame[] = [];
	/** Exclusive end of the region being lexed; embedded regions narrow it. */
	limit: number;
	/** Set by the string scanners: whether the last string found its closing delimiter. */
	closed = false;
	/** End of the last span added (comment or string); earlier spans are refused. */
	private spanEnd = 0;
	private lastComment: Comment | undefined;
	private curLine = 1;
	private curLineStart = 0;
	private curOff = 0;
	private nextNl: number;

	constructor(readonly text: string) {
		this.limit = text.length;
		this.nextNl = this.findNl(0);
	}

	/** Innermost frame above `base` (frames of enclosing regions are not ours). */
	top(base: number): Frame | undefined {
		return this.frames.length > base ? this.frames[this.frames.length - 1] : undefined;
	}

	/** The string spans found so far, as `[start, end)` pairs. */
	stringSpans(): Int32Array {
		return this.strOffsets.subarray(0, 2 * this.strCount);
	}

	/** Records a string span (clamped to the region). */
	addString(start: number, end: number): void {
		end = Math.min(end, this.limit);
		if (start < this.spanEnd || end <= start) {
			return;
		}
		if (2 * this.strCount + 2 > this.strOffsets.length) {
			const bigger = new Int32Array(this.strOffsets.length * 2);
			bigger.set(this.strOffsets);
			this.strOffsets = bigger;
		}
		this.strOffsets[2 * this.strCount] = start;
		this.strOffsets[2 * this.strCount + 1] = end;
		this.strCount++;
		this.spanEnd = end;
	}

	/** Records a comment (clamped to the region); `contentStart`/`contentEnd` are clamped into `[start, end]`. */
	addComment(kind: Comment['kind'], start: number, end: number, contentStart: number, contentEnd: number): void {
		end = Math.min(end, this.limit);
		if (start < this.spanEnd || end <= start) {
			return;
		}
		const cs = Math.max(start, Math.min(contentStart, end));
		const ce = Math.max(cs, Math.min(contentEnd, end));
		const line = this.lineOf(start);
		const trailing = kind !== 'doc' && this.codeBefore(start, line);
		const endLine = this.lineOf(end - 1);
		const c: Comment = { kind, start, end, contentStart: cs, contentEnd: ce, line, endLine, trailing };
		this.comments.push(c);
		this.lastComment = c;
		this.spanEnd = end;
	}

	/** `end` moved back over a `\r` that precedes it (CRLF line ends), but not before `min`. */
	trimCr(end: number, min: number): number {
		return end > min && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
	}

	/** Offset of the next `\n` at or after `from` within the region, or the region's limit. */
	eol(from: number): number {
		const lim = this.limit;
		if (lim === this.text.length) {
			const k = this.text.indexOf('\n', from);
			return k < 0 ? lim : k;
		}
		const t = this.text;
		let i = from;
		while (i < lim && t.charCodeAt(i) !== 10) {
			i++;
		}
		return i;
	}

	/** First index of `needle` at or after `from` that ends within the region, or -1. */
	find(needle: string, from: number): number {
		const t = this.text;
		if (this.limit === t.length) {
			return t.indexOf(needle, from);
		}
		const c0 = needle.charCodeAt(0);
		const last = this.limit - needle.length;
		for (let i = from; i <= last; i++) {
			if (t.charCodeAt(i) === c0 && t.startsWith(needle, i)) {
				return i;
			}
		}
		return -1;
	}

	/** Whether `i` is at the start of its line, after optional spaces and tabs only. */
	atLineStart(i: number, regionStart: number): boolean {
		const t = this.text;
		while (i > regionStart) {
			const c = t.charCodeAt(i - 1);
			if (c === 10) {
				return true;
			}
			if (c !== 32 && c !== 9) {
				return false;
			}
			i--;
		}
		return true;
	}

	/** 1-based line of `off`; amortised O(1) per call when offsets grow, as they do. */
	private lineOf(off: number): number {
		if (off < this.curOff) {
			this.curLine = 1;
			this.curLineStart = 0;
			this.nextNl = this.findNl(0);
		}
		while (this.nextNl < off) {
			this.curLine++;
			this.curLineStart = this.nextNl + 1;
			this.nextNl = this.findNl(this.curLineStart);
		}
		this.curOff = off;
		return this.curLine;
	}

	private findNl(from: number): number {
		const k = this.text.indexOf('\n', from);
		return k < 0 ? this.text.length : k;
	}

	/**
	 * Whether non-whitespace precedes `start` on its line, not counting earlier comments. Scans
	 * only text after the previous comment, so the total work stays linear.
	 */
	private codeBefore(start: number, line: number): boolean {
		let from = this.curLineStart;
		const prev = this.lastComment;
		if (prev !== undefined && prev.end > from) {
			if (prev.line === line && prev.trailing) {
				return true;
			}
			from = prev.end;
		}
		const t = this.text;
		for (let i = from; i < start; i++) {
			if (!isSpace(t.charCodeAt(i))) {
				return true;
			}
		}
		return false;
	}
}
