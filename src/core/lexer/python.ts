/**
 * Python: `#` comments; strings with any prefix (r, b, u, f, t and two-letter combinations, any
 * case), triple-quoted strings, f-strings (and 3.14 t-strings) whose `{…}` holes hold code with
 * its own strings and brackets, and docstrings. A string that stands alone as a statement, first
 * token on its line outside brackets and with only blanks or a comment after it on its last line,
 * is reported as a `doc` comment whose content is between the quotes (f-strings and byte strings
 * excepted).
 */
import { identEnd, isDigit, isIdentStart, isSpace, numberEnd } from './chars';
import {
	closeBracket, dropSingleLineHoles, formatColon, lineComment, openBracket, scanStr, skipStr, strSpec,
} from './primitives';
import { I_BRACE, type Scanner, type StrSpec } from './scanner';

/** Plain and f-string rules, indexed by `(double quote ? 2 : 0) + (triple ? 1 : 0)`. */
const PLAIN: StrSpec[] = [];
const FORMAT: StrSpec[] = [];
for (const q of ['\'', '"']) {
	for (const n of [1, 3]) {
		PLAIN.push(strSpec(q, { quoteLen: n, multiline: n === 3 }));
		FORMAT.push(strSpec(q, { quoteLen: n, multiline: n === 3, interp: I_BRACE, formatSpec: true }));
	}
}

/** Prefix flags. */
const P_FORMAT = 1;
const P_BYTES = 2;

interface PyState {
	/** Frames below this index belong to an enclosing region. */
	readonly base: number;
	/** No token yet on this logical line. */
	lineStart: boolean;
	/** Brackets open outside f-string holes. */
	depth: number;
}

/** Lexes Python from `start` to `s.limit`. */
export function lexPython(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	const st: PyState = { base: s.frames.length, lineStart: true, depth: 0 };
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 10) {
			dropSingleLineHoles(s, st.base);
			st.lineStart = st.depth === 0 && s.frames.length === st.base;
			pos++;
		} else if (c <= 32 || (c >= 128 && isSpace(c))) {
			pos++;
		} else if (c === 35) {
			pos = lineComment(s, pos, 1);
		} else if (c === 34 || c === 39) {
			pos = pyString(s, pos, pos, 0, atStatementStart(s, st));
		} else if (isIdentStart(c)) {
			const e = identEnd(t, pos + 1, lim);
			const q = t.charCodeAt(e);
			const flags = e < lim && (q === 34 || q === 39) ? prefixFlags(t, pos, e) : -1;
			pos = flags < 0 ? e : pyString(s, pos, e, flags, atStatementStart(s, st));
			st.lineStart = false;
		} else if (isDigit(c)) {
			pos = numberEnd(t, pos, lim, false);
			st.lineStart = false;
		} else {
			pos = punctuation(s, st, pos, c);
		}
	}
	s.frames.length = st.base;
}

/** Whether a string starting here is the first token of a statement; clears `lineStart`. */
function atStatementStart(s: Scanner, st: PyState): boolean {
	const r = st.lineStart && st.depth === 0 && s.frames.length === st.base;
	st.lineStart = false;
	return r;
}

function punctuation(s: Scanner, st: PyState, pos: number, c: number): number {
	const inHole = s.frames.length > st.base;
	st.lineStart = false;
	switch (c) {
		case 40: case 91: case 123: // ( [ {
			openBracket(s, st.base);
			st.depth += inHole ? 0 : 1;
			return pos + 1;
		case 41: case 93: case 125: // ) ] }
			st.depth = inHole ? st.depth : Math.max(0, st.depth - 1);
			return closeBracket(s, st.base, pos, c);
		case 58: { // ':'
			const p = inHole ? formatColon(s, st.base, pos) : -1;
			return p < 0 ? pos + 1 : p;
		}
		case 92: { // '\\': a line continuation joins the next line to this statement
			const n = s.text.charCodeAt(pos + 1);
			return pos + (n === 10 ? 2 : n === 13 && s.text.charCodeAt(pos + 2) === 10 ? 3 : 1);
		}
		default:
			return pos + 1;
	}
}

/** Flags of the string prefix `text[a, e)`, or -1 when it is not one (`rb`, `F`, `Rt`…). */
function prefixFlags(t: string, a: number, e: number): number {
	if (e - a > 2) {
		return -1;
	}
	let flags = 0;
	let raw = 0;
	for (let i = a; i < e; i++) {
		const c = t.charCodeAt(i) | 32;
		if (c === 114) {
			raw++;
		} else if (c === 102 || c === 116) {
			flags |= P_FORMAT;
		} else if (c === 98) {
			flags |= P_BYTES;
		} else if (c !== 117 || e - a !== 1) {
			return -1; // 'u' only alone
		}
	}
	const unicode = e - a === 1 && (t.charCodeAt(a) | 32) === 117 ? 1 : 0;
	const kinds = raw + unicode + ((flags & P_FORMAT) !== 0 ? 1 : 0) + ((flags & P_BYTES) !== 0 ? 1 : 0);
	return raw > 1 || kinds !== e - a || (flags & P_FORMAT & (flags >> 1)) !== 0 ? -1 : flags;
}

/**
 * A string whose prefix starts at `start` and opening quote is at `q`. `docCandidate`: it is the
 * first token of a statement, so it is a docstring if nothing but a comment follows it.
 */
function pyString(s: Scanner, start: number, q: number, flags: number, docCandidate: boolean): number {
	const t = s.text;
	const quote = t.charCodeAt(q);
	const triple = t.charCodeAt(q + 1) === quote && t.charCodeAt(q + 2) === quote && q + 2 < s.limit;
	const n = triple ? 3 : 1;
	const key = (quote === 34 ? 2 : 0) + (triple ? 1 : 0);
	if ((flags & P_FORMAT) !== 0) {
		return scanStr(s, start, q + n, FORMAT[key]);
	}
	const end = skipStr(s, q + n, PLAIN[key]);
	if (docCandidate && flags === 0 && onlyCommentFollows(s, end)) {
		s.addComment('doc', start, end, q + n, s.closed ? end - n : end);
	} else {
		s.addString(start, end);
	}
	return end;
}

/** Whether only blanks, then a line break, a `#` comment or the end, follow `i` on its line. */
function onlyCommentFollows(s: Scanner, i: number): boolean {
	const t = s.text;
	while (i < s.limit) {
		const c = t.charCodeAt(i);
		if (c === 10 || c === 35) {
			return true;
		}
		if (c !== 32 && c !== 9 && c !== 13 && c !== 12) {
			return false;
		}
		i++;
	}
	return true;
}
