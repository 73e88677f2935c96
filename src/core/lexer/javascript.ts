/**
 * JavaScript and TypeScript (and their JSX flavours): `//`, `/* *\/` and `/** *\/` comments,
 * quoted strings, template literals with nested `${…}`, regex literals told from division by the
 * previous significant token, and JSX (see `jsx.ts`).
 */
import { identEnd, isDigit, isIdentPart, isIdentStart, isSpace, numberEnd } from './chars';
import { jsxStarts, jsxStep, type JsState } from './jsx';
import {
	blockComment, closeBracket, lineComment, openBracket, quoted, scanStr, strSpec,
} from './primitives';
import { F_EXPR, F_JSX_CHILDREN, F_JSX_EXPR, F_JSX_TAG, I_DOLLAR_BRACE, type Scanner } from './scanner';

const TEMPLATE = strSpec('`', { multiline: true, interp: I_DOLLAR_BRACE });
const SINGLE = strSpec('\'');
const DOUBLE = strSpec('"');

/** Lexes JavaScript/TypeScript from `start` to `s.limit`; `jsx` enables JSX elements. */
export function lexJs(s: Scanner, start: number, jsx: boolean): void {
	const st: JsState = { regexOk: true, afterDot: false, jsx, base: s.frames.length };
	let pos = start;
	while (pos < s.limit) {
		const f = s.top(st.base);
		pos = f !== undefined && (f.kind === F_JSX_TAG || f.kind === F_JSX_CHILDREN) ? jsxStep(s, pos, st) : jsCode(s, pos, st);
	}
	s.frames.length = st.base;
}

/**
 * Code mode. Returns at the limit, after entering a JSX element, or after the `}` closing a JSX
 * expression (the caller then continues in JSX mode).
 */
function jsCode(s: Scanner, pos: number, st: JsState): number {
	const t = s.text;
	const lim = s.limit;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c <= 32 || (c >= 128 && isSpace(c))) {
			pos++;
		} else if (isIdentStart(c)) {
			const e = identEnd(t, pos + 1, lim);
			st.regexOk = !st.afterDot && isRegexKeyword(t, pos, e);
			st.afterDot = false;
			pos = e;
		} else if (isDigit(c)) {
			pos = numberEnd(t, pos, lim, false);
			st.regexOk = false;
		} else if (c === 60 && st.jsx && st.regexOk && jsxStarts(t, pos, lim)) {
			s.frames.push({ kind: F_JSX_TAG, depth: 0, close: 62, str: null, closing: false });
			return pos + 1;
		} else if (c === 125) {
			pos = closeBrace(s, pos, st);
			const k = s.top(st.base)?.kind;
			if (k === F_JSX_TAG || k === F_JSX_CHILDREN) {
				return pos;
			}
		} else {
			pos = punctuation(s, pos, c, st);
		}
	}
	return pos;
}

/** `}` closes a block, a template hole (resuming the template) or a JSX expression. */
function closeBrace(s: Scanner, pos: number, st: JsState): number {
	const f = s.top(st.base);
	if (f !== undefined && f.depth === 0 && f.kind === F_JSX_EXPR) {
		s.frames.pop();
		return pos + 1;
	}
	const hole = f !== undefined && f.depth === 0 && f.kind === F_EXPR;
	const n = s.frames.length;
	pos = closeBracket(s, st.base, pos, 125);
	// After a template resumed: a value if it ended, code again if it opened another hole.
	st.regexOk = hole ? s.frames.length === n : true;
	return pos;
}

/** Everything that is not space, identifier, number or `}`. */
function punctuation(s: Scanner, pos: number, c: number, st: JsState): number {
	const t = s.text;
	const n = t.charCodeAt(pos + 1);
	switch (c) {
		case 47: // '/'
			return slash(s, pos, n, st);
		case 34: // '"'
		case 39: // '\''
			st.regexOk = false;
			return quoted(s, pos, pos + 1, c === 34 ? DOUBLE : SINGLE);
		case 96: { // '`'
			const depth = s.frames.length;
			pos = scanStr(s, pos, pos + 1, TEMPLATE);
			st.regexOk = s.frames.length > depth;
			return pos;
		}
		case 40: // '('
		case 91: // '['
		case 123: // '{'
			openBracket(s, st.base);
			st.regexOk = true;
			return pos + 1;
		case 41: // ')'
		case 93: // ']'
			st.regexOk = false;
			return closeBracket(s, st.base, pos, c);
		case 46: // '.'
			if (isDigit(n)) {
				st.regexOk = false;
				return numberEnd(t, pos, s.limit, false);
			}
			st.afterDot = n !== 46;
			st.regexOk = true;
			return n === 46 ? pos + 3 : pos + 1;
		case 43: // '+'
		case 45: // '-'
			if (n === c) {
				return pos + 2; // ++ and -- keep the previous token's verdict
			}
			break;
		case 60: // '<': `<<` is one operator (its second `<` must not open JSX)
			st.regexOk = true;
			return n === 60 ? pos + 2 : pos + 1;
		case 35: // '#'
			if (pos === 0 && n === 33) {
				return lineComment(s, pos, 2);
			}
			st.regexOk = false;
			return identEnd(t, pos + 1, s.limit);
	}
	st.regexOk = true;
	return pos + 1;
}

/** `/` opens a comment, a regex (where an operand may start) or is division. */
function slash(s: Scanner, pos: number, n: number, st: JsState): number {
	if (n === 47) {
		return lineComment(s, pos, 2);
	}
	if (n === 42) {
		return blockComment(s, pos, '/*', '*/');
	}
	const re = st.regexOk;
	st.regexOk = !re;
	return re ? regex(s, pos) : pos + 1;
}

/** A regex literal from its opening `/`; unterminated ones end at the line break. */
export function regex(s: Scanner, start: number): number {
	const t = s.text;
	const lim = s.limit;
	let inClass = false;
	let i = start + 1;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === 10 || c === 13) {
			break;
		}
		if (c === 92) {
			const n = t.charCodeAt(i + 1);
			i += n === 10 || n === 13 ? 1 : 2;
			continue;
		}
		if (inClass) {
			inClass = c !== 93;
		} else if (c === 91) {
			inClass = true;
		} else if (c === 47) {
			i++;
			while (i < lim && isIdentPart(t.charCodeAt(i)) && t.charCodeAt(i) < 128) {
				i++;
			}
			s.addString(start, i);
			return i;
		}
		i++;
	}
	const end = Math.min(i, lim);
	s.addString(start, end);
	return end;
}

/** Keywords after which a `/` starts a regex rather than a division. */
function isRegexKeyword(t: string, a: number, e: number): boolean {
	switch (e - a) {
		case 2:
			return t.startsWith('in', a) || t.startsWith('of', a) || t.startsWith('do', a);
		case 3:
			return t.startsWith('new', a);
		case 4:
			return t.startsWith('void', a) || t.startsWith('case', a) || t.startsWith('else', a);
		case 5:
			return t.startsWith('throw', a) || t.startsWith('yield', a) || t.startsWith('await', a);
		case 6:
			return t.startsWith('return', a) || t.startsWith('typeof', a) || t.startsWith('delete', a);
		case 10:
			return t.startsWith('instanceof', a);
		default:
			return false;
	}
}
