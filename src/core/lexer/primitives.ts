/**
 * Building blocks shared by the per-language lexers: line and block comments, quoted and
 * interpolated strings, interpolation holes on the explicit frame stack, and heredoc bodies.
 * Every scanner takes the start offset and returns the offset after what it consumed; none of
 * them throws or reads past `Scanner.limit`.
 */
import { isIdentPart, isSpace } from './chars';
import {
	F_EXPR, type Frame, I_BRACE, I_DOLLAR_BRACE, I_HASH_BRACE, I_HCL, I_NONE, I_PAREN, I_PHP, I_SHELL,
	type Scanner, type StrSpec,
} from './scanner';

/** Options of {@link strSpec}; see {@link StrSpec} for their meaning. */
export interface StrOptions {
	readonly quoteLen?: number;
	readonly hashes?: number;
	/** Escape character, `''` for none. Default `\`. */
	readonly escape?: string;
	readonly doubled?: boolean;
	readonly multiline?: boolean;
	readonly greedy?: boolean;
	readonly interp?: number;
	readonly formatSpec?: boolean;
}

/** A string rule closed by `quote` (default: one quote, `\` escapes, single line, no holes). */
export function strSpec(quote: string, o: StrOptions = {}): StrSpec {
	const escape = o.escape ?? '\\';
	return {
		quote: quote.charCodeAt(0), quoteLen: o.quoteLen ?? 1, hashes: o.hashes ?? 0,
		escape: escape === '' ? 0 : escape.charCodeAt(0), doubled: o.doubled ?? false, multiline: o.multiline ?? false,
		greedy: o.greedy ?? false, interp: o.interp ?? I_NONE, formatSpec: o.formatSpec ?? false,
	};
}

/**
 * A line comment whose token (`tokenLen` long) starts at `start`; ends before the line break (or
 * before `lineEnd` when given). The content of `///` and `//!` doc comments starts after the third
 * character.
 */
export function lineComment(s: Scanner, start: number, tokenLen: number, lineEnd = s.eol(start + tokenLen)): number {
	const t = s.text;
	if (tokenLen === 2 && t.charCodeAt(start) === 47 && (t.charCodeAt(start + 2) === 47 || t.charCodeAt(start + 2) === 33)) {
		tokenLen = 3;
	}
	const end = s.trimCr(Math.max(lineEnd, start + tokenLen), start + tokenLen);
	s.addComment('line', start, end, start + tokenLen, end);
	return end;
}

/** A non-nesting block comment; unterminated ones run to the end of the region. */
export function blockComment(s: Scanner, start: number, open: string, close: string): number {
	const k = s.find(close, start + open.length);
	const end = k < 0 ? s.limit : k + close.length;
	s.addComment('block', start, end, docContentStart(s, start, open.length), k < 0 ? end : k);
	return end;
}

/** Content start of a block comment: after `/**` for doc comments, else after the opener. */
function docContentStart(s: Scanner, start: number, openLen: number): number {
	const t = s.text;
	return openLen === 2 && t.charCodeAt(start + 2) === 42 && t.charCodeAt(start) === 47 && t.charCodeAt(start + 3) !== 47
		? start + 3
		: start + openLen;
}

/** A `/* … *\/` comment in which `/*` nests (Rust, Swift, Kotlin, Scala). */
export function nestedBlockComment(s: Scanner, start: number): number {
	const t = s.text;
	const lim = s.limit;
	let depth = 1;
	let i = start + 2;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === 42 && t.charCodeAt(i + 1) === 47 && i + 1 < lim) {
			i += 2;
			if (--depth === 0) {
				s.addComment('block', start, i, docContentStart(s, start, 2), i - 2);
				return i;
			}
		} else if (c === 47 && t.charCodeAt(i + 1) === 42 && i + 1 < lim) {
			depth++;
			i += 2;
		} else {
			i++;
		}
	}
	s.addComment('block', start, lim, docContentStart(s, start, 2), lim);
	return lim;
}

/**
 * Finds the end of a string whose content starts at `from`, following `sp`, without recording
 * anything. Sets `s.closed`. Holes are not opened (use {@link scanStr} for interpolated strings).
 */
export function skipStr(s: Scanner, from: number, sp: StrSpec): number {
	const t = s.text;
	const lim = s.limit;
	const q = sp.quote;
	const esc = sp.escape;
	let i = from;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === q) {
			if (sp.doubled && sp.quoteLen === 1 && i + 1 < lim && t.charCodeAt(i + 1) === q) {
				i += 2;
				continue;
			}
			const end = closeEnd(t, i, sp, lim);
			if (end >= 0) {
				s.closed = true;
				return end;
			}
		} else if (c === esc && esc !== 0) {
			i = escapeEnd(t, i, sp);
			continue;
		} else if (c === 10 && !sp.multiline) {
			s.closed = false;
			return s.trimCr(i, from);
		}
		i++;
	}
	s.closed = false;
	return lim;
}

/** Records the string starting at `start` whose content starts at `from` (no holes); returns its end. */
export function quoted(s: Scanner, start: number, from: number, sp: StrSpec): number {
	const end = skipStr(s, from, sp);
	s.addString(start, end);
	return end;
}

/**
 * Scans string content from `from`, the span having started at `spanStart`. At the closing quote
 * it records the span and returns its end. At a hole it records the span up to the hole's opener,
 * pushes an `F_EXPR` frame and returns the offset of the hole's code; the code lexer resumes the
 * string through {@link closeBracket}, or at a format spec through {@link formatColon}.
 */
export function scanStr(s: Scanner, spanStart: number, from: number, sp: StrSpec): number {
	const t = s.text;
	const lim = s.limit;
	const q = sp.quote;
	const esc = sp.escape;
	const ip = sp.interp;
	let i = from;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === q) {
			if (sp.doubled && sp.quoteLen === 1 && i + 1 < lim && t.charCodeAt(i + 1) === q) {
				i += 2;
				continue;
			}
			const end = closeEnd(t, i, sp, lim);
			if (end >= 0) {
				s.addString(spanStart, end);
				s.closed = true;
				return end;
			}
		} else if (c === esc && esc !== 0) {
			const j = i + 1 + sp.hashes;
			if (ip === I_PAREN && t.charCodeAt(j) === 40 && escapeEnd(t, i, sp) > i + 1 && j < lim) {
				return openHole(s, spanStart, j + 1, sp, 41);
			}
			i = escapeEnd(t, i, sp);
			continue;
		} else if (c === 10 && !sp.multiline) {
			const end = s.trimCr(i, spanStart);
			s.addString(spanStart, end);
			s.closed = false;
			return end;
		} else if (ip !== I_NONE && (c === 36 || c === 123 || c === 35 || c === 37 || c === 125)) {
			const h = holeAt(t, i, ip, lim);
			if (h > 0) {
				return openHole(s, spanStart, h, sp, ip === I_SHELL ? 41 : 125);
			}
			if (h < 0) {
				i -= h;
				continue;
			}
		}
		i++;
	}
	s.addString(spanStart, lim);
	s.closed = false;
	return lim;
}

/** Offset after the closing delimiter starting at `i`, or -1 when `i` does not close `sp`. */
function closeEnd(t: string, i: number, sp: StrSpec, lim: number): number {
	let j = i + 1;
	for (let k = 1; k < sp.quoteLen; k++, j++) {
		if (j >= lim || t.charCodeAt(j) !== sp.quote) {
			return -1;
		}
	}
	if (sp.greedy) {
		while (j < lim && t.charCodeAt(j) === sp.quote) {
			j++;
		}
	}
	for (let k = 0; k < sp.hashes; k++, j++) {
		if (j >= lim || t.charCodeAt(j) !== 35) {
			return -1;
		}
	}
	return j;
}

/** Offset after the escape sequence at `i` (a CRLF counts as one character); just `i + 1` when raw `#`s are missing. */
function escapeEnd(t: string, i: number, sp: StrSpec): number {
	let j = i + 1;
	for (let k = 0; k < sp.hashes; k++, j++) {
		if (t.charCodeAt(j) !== 35) {
			return i + 1;
		}
	}
	return t.charCodeAt(j) === 13 && t.charCodeAt(j + 1) === 10 ? j + 2 : j + 1;
}

/** Offset where the hole's code starts if one opens at `i`; a negative count of escaped characters to skip; else 0. */
function holeAt(t: string, i: number, ip: number, lim: number): number {
	const c = t.charCodeAt(i);
	const n = i + 1 < lim ? t.charCodeAt(i + 1) : -1;
	switch (ip) {
		case I_DOLLAR_BRACE:
			return c === 36 && n === 123 ? i + 2 : 0;
		case I_BRACE:
			if (c === 123) {
				return n === 123 ? -2 : i + 1;
			}
			return c === 125 && n === 125 ? -2 : 0;
		case I_HASH_BRACE:
			return c === 35 && n === 123 ? i + 2 : 0;
		case I_PHP:
			return (c === 123 && n === 36) ? i + 1 : (c === 36 && n === 123) ? i + 2 : 0;
		case I_HCL:
			if (c !== 36 && c !== 37) {
				return 0;
			}
			return n === 123 ? i + 2 : (n === c && i + 2 < lim && t.charCodeAt(i + 2) === 123) ? -3 : 0;
		case I_SHELL:
			return c === 36 && n === 40 ? i + 2 : 0;
		default:
			return 0;
	}
}

function openHole(s: Scanner, spanStart: number, codeStart: number, sp: StrSpec, close: number): number {
	s.addString(spanStart, codeStart);
	s.frames.push({ kind: F_EXPR, depth: 0, close, str: sp, closing: false });
	return codeStart;
}

/** An opening bracket in code: deepens the innermost frame above `base`. */
export function openBracket(s: Scanner, base: number): void {
	const f = s.top(base);
	if (f !== undefined) {
		f.depth++;
	}
}

/**
 * A closing bracket `c` at `pos` in code. Closes the innermost hole when it is at depth 0 (popping
 * its frame and resuming the string, or just popping a JSX expression frame); returns the new offset.
 */
export function closeBracket(s: Scanner, base: number, pos: number, c: number): number {
	const f = s.top(base);
	if (f === undefined) {
		return pos + 1;
	}
	if (f.depth > 0) {
		f.depth--;
		return pos + 1;
	}
	if (c !== f.close) {
		return pos + 1;
	}
	s.frames.pop();
	return f.str !== null ? scanStr(s, pos, pos + 1, f.str) : pos + 1;
}

/**
 * A `:` in code: at the top level of a Python/C# hole it starts the format spec, which is string
 * text (`{x:>10}`, `{d:%H:%M}`); the hole's frame is popped and the string resumes at the `:`,
 * where nested fields (`{x:>{width}}`) open holes again and the field's `}` is plain text. Else -1.
 */
export function formatColon(s: Scanner, base: number, pos: number): number {
	const f = s.top(base);
	if (f === undefined || f.depth !== 0 || f.str === null || !f.str.formatSpec) {
		return -1;
	}
	s.frames.pop();
	return scanStr(s, pos, pos + 1, f.str);
}

/** A line break in code: holes of single-line strings cannot continue, so they are dropped. */
export function dropSingleLineHoles(s: Scanner, base: number): void {
	let f: Frame | undefined;
	while ((f = s.top(base)) !== undefined && f.kind === F_EXPR && f.str !== null && !f.str.multiline) {
		s.frames.pop();
	}
}

/** Whether `f` is a string hole whose interpolation opens with `ip`. */
export function isHole(f: Frame | undefined, ip: number): boolean {
	return f !== undefined && f.kind === F_EXPR && f.str !== null && f.str.interp === ip;
}

/**
 * A heredoc body starting at `from` (a line start) and ending with the line holding `tag`, after
 * leading blanks when `indent`. `wholeLine`: nothing but blanks may follow the tag (shell, Ruby,
 * HCL); otherwise any non-identifier character may (PHP). Records `[spanStart, end of tag)` as one
 * string span and returns the offset after the tag (the limit when unterminated).
 */
export function heredocBody(
	s: Scanner, spanStart: number, from: number, tag: string, indent: boolean, wholeLine: boolean,
): number {
	const t = s.text;
	const lim = s.limit;
	let ls = from;
	while (ls < lim) {
		const le = s.eol(ls);
		let p = ls;
		if (indent) {
			while (p < le && (t.charCodeAt(p) === 32 || t.charCodeAt(p) === 9)) {
				p++;
			}
		}
		const q = p + tag.length;
		if (q <= le && t.startsWith(tag, p) && tagEnds(t, q, le, wholeLine)) {
			s.addString(spanStart, q);
			return q;
		}
		ls = le + 1;
	}
	s.addString(spanStart, lim);
	return lim;
}

function tagEnds(t: string, q: number, le: number, wholeLine: boolean): boolean {
	if (!wholeLine) {
		return q === le || !isIdentPart(t.charCodeAt(q));
	}
	while (q < le && isSpace(t.charCodeAt(q))) {
		q++;
	}
	return q === le;
}

/** A heredoc announced on the current line, its body starting on the next. */
export interface PendingHeredoc {
	readonly tag: string;
	readonly indent: boolean;
}

/** Scans the bodies of `pending` heredocs, the first starting at `from`; empties `pending`. */
export function flushHeredocs(s: Scanner, from: number, pending: PendingHeredoc[]): number {
	let pos = from;
	for (let k = 0; k < pending.length; k++) {
		if (k > 0) {
			pos = Math.min(s.limit, s.eol(pos) + 1);
		}
		pos = heredocBody(s, pos, pos, pending[k].tag, pending[k].indent, true);
	}
	pending.length = 0;
	return pos;
}
