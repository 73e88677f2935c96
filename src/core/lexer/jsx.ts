/**
 * JSX inside JavaScript/TypeScript. An element starts at a `<` where an expression may start,
 * followed by a name or `>`; `<T,>` and `<T extends …>` are generic arrow functions, not JSX.
 * Tags hold attributes (quoted values are strings, without escapes), `{…}` expressions and
 * comments; children are text (recorded as string spans: it is not code), expressions and
 * elements. Elements nest on the scanner's frame stack, never by recursion.
 */
import { identEnd, isIdentPart, isIdentStart, isLetter, isSpace } from './chars';
import { blockComment, lineComment, quoted, strSpec } from './primitives';
import { F_JSX_CHILDREN, F_JSX_EXPR, F_JSX_TAG, type Frame, type Scanner } from './scanner';

/** The JavaScript lexer's state shared with JSX mode. */
export interface JsState {
	/** The previous significant token lets an expression start here (`/` is a regex, `<` may open JSX). */
	regexOk: boolean;
	/** The previous token was `.`: keywords are property names. */
	afterDot: boolean;
	readonly jsx: boolean;
	/** Frames below this index belong to an enclosing region. */
	readonly base: number;
}

const ATTR_DOUBLE = strSpec('"', { escape: '', multiline: true });
const ATTR_SINGLE = strSpec('\'', { escape: '', multiline: true });

/** Whether the `<` at `pos` (in expression position) opens a JSX element rather than a type parameter list. */
export function jsxStarts(t: string, pos: number, lim: number): boolean {
	const c1 = t.charCodeAt(pos + 1);
	if (c1 === 62) {
		return true;
	}
	if (!(isLetter(c1) || c1 === 95 || c1 === 36)) {
		return false;
	}
	let i = identEnd(t, pos + 2, lim);
	while (i < lim && isSpace(t.charCodeAt(i))) {
		i++;
	}
	const c = t.charCodeAt(i);
	if (c === 44 || c === 61) {
		return false; // <T,> and <T = X>
	}
	return !(t.startsWith('extends', i) && !isIdentPart(t.charCodeAt(i + 7)) && isIdentStart(t.charCodeAt(i + 8)));
}

/** JSX mode: runs while the innermost frame is a JSX tag or children; returns when back in code. */
export function jsxStep(s: Scanner, pos: number, st: JsState): number {
	while (pos < s.limit) {
		const f = s.top(st.base);
		if (f === undefined || (f.kind !== F_JSX_TAG && f.kind !== F_JSX_CHILDREN)) {
			return pos;
		}
		pos = f.kind === F_JSX_TAG ? tag(s, pos, f, st) : children(s, pos, st);
	}
	return pos;
}

function push(s: Scanner, kind: number, closing: boolean): void {
	s.frames.push({ kind, depth: 0, close: kind === F_JSX_EXPR ? 125 : 62, str: null, closing });
}

/** Inside `<name …>` or `</name>`: returns after the tag ends or an attribute expression opens. */
function tag(s: Scanner, pos: number, f: Frame, st: JsState): number {
	const t = s.text;
	const lim = s.limit;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		const n = t.charCodeAt(pos + 1);
		if (c === 123) {
			push(s, F_JSX_EXPR, false);
			st.regexOk = true;
			return pos + 1;
		} else if (c === 34 || c === 39) {
			pos = quoted(s, pos, pos + 1, c === 34 ? ATTR_DOUBLE : ATTR_SINGLE);
		} else if (c === 47 && n === 47) {
			pos = lineComment(s, pos, 2);
		} else if (c === 47 && n === 42) {
			pos = blockComment(s, pos, '/*', '*/');
		} else if (c === 47 && n === 62) {
			s.frames.pop(); // self-closing
			st.regexOk = false;
			return pos + 2;
		} else if (c === 62) {
			s.frames.pop();
			if (!f.closing) {
				push(s, F_JSX_CHILDREN, false);
			} else if (s.top(st.base)?.kind === F_JSX_CHILDREN) {
				s.frames.pop();
			}
			st.regexOk = false;
			return pos + 1;
		} else {
			pos++;
		}
	}
	return pos;
}

/** Between tags: text until `{`, `<name`, `<>` or `</`. */
function children(s: Scanner, pos: number, st: JsState): number {
	const t = s.text;
	const lim = s.limit;
	let textStart = -1;
	let textEnd = -1;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 123 || c === 60) {
			const n = t.charCodeAt(pos + 1);
			const kind = c === 123 ? F_JSX_EXPR : n === 47 || n === 62 || isLetter(n) || n === 95 || n === 36 ? F_JSX_TAG : -1;
			if (kind !== -1) {
				if (textStart >= 0) {
					s.addString(textStart, textEnd);
				}
				push(s, kind, c === 60 && n === 47);
				st.regexOk = true;
				return c === 60 && n === 47 ? pos + 2 : pos + 1;
			}
		}
		if (!isSpace(c)) {
			if (textStart < 0) {
				textStart = pos;
			}
			textEnd = pos + 1;
		}
		pos++;
	}
	if (textStart >= 0) {
		s.addString(textStart, textEnd);
	}
	return pos;
}
