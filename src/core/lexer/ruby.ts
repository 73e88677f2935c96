/**
 * Ruby: `#` comments, `=begin`/`=end` blocks at line start, `'…'`, `"…#{…}"` and `` `…` ``
 * strings, `%q(…)`-style literals (bracket delimiters nest), regex literals told from division by
 * the previous token (and, after an identifier, by the spacing, as Ruby itself does), heredocs
 * `<<~EOS`, `<<-EOS`, `<<EOS` (several per line), and the data after `__END__`.
 *
 * Simplified: regex literals end at the line end; `#{…}` in %-literals and heredocs stays string
 * (skipped by brace count); `?x` character literals are recognised only for quotes and `#`.
 */
import {
	identEnd, inWordSet, isDigit, isIdentPart, isIdentStart, isLetter, isSpace, numberEnd, wordSet,
} from './chars';
import { regex } from './javascript';
import {
	closeBracket, flushHeredocs, lineComment, openBracket, type PendingHeredoc, quoted, scanStr, strSpec,
} from './primitives';
import { I_HASH_BRACE, type Scanner } from './scanner';

const RB_DOUBLE = strSpec('"', { multiline: true, interp: I_HASH_BRACE });
const RB_BACKTICK = strSpec('`', { multiline: true, interp: I_HASH_BRACE });
const RB_SINGLE = strSpec('\'', { multiline: true });

interface RbState {
	readonly base: number;
	/** An expression may start here: `/` is a regex, `%(` a literal, `<<X` a heredoc. */
	regexOk: boolean;
	/** The previous token was an identifier (maybe a method taking an argument). */
	afterIdent: boolean;
	/** Blank before the current character. */
	spaced: boolean;
	readonly pending: PendingHeredoc[];
}

/** Lexes Ruby from `start` to `s.limit`. */
export function lexRuby(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	const st: RbState = { base: s.frames.length, regexOk: true, afterIdent: false, spaced: true, pending: [] };
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 10) {
			pos++;
			if (st.pending.length > 0) {
				pos = flushHeredocs(s, pos, st.pending);
			}
			st.regexOk = st.spaced = true;
			st.afterIdent = false;
			continue;
		}
		if (c <= 32 || (c >= 128 && isSpace(c))) {
			pos++;
			st.spaced = true;
			continue;
		}
		const col0 = pos === start || t.charCodeAt(pos - 1) === 10;
		if (col0 && (c === 61 || c === 95)) {
			const r = lineStartMarker(s, pos, c);
			if (r > pos) {
				pos = r;
				continue;
			}
		}
		if (isIdentStart(c) && c !== 36) {
			const e = identEnd(t, pos + 1, lim);
			st.regexOk = inWordSet(REGEX_KEYWORDS, t, pos, e);
			st.afterIdent = !st.regexOk;
			pos = e;
		} else if (isDigit(c)) {
			pos = numberEnd(t, pos, lim, false);
			st.regexOk = st.afterIdent = false;
		} else {
			pos = punctuation(s, pos, c, st);
		}
		st.spaced = false;
	}
	s.frames.length = st.base;
}

/** `=begin … =end` comment or `__END__` data at column 0; returns `pos` when neither. */
function lineStartMarker(s: Scanner, pos: number, c: number): number {
	const t = s.text;
	const word = c === 61 ? '=begin' : '__END__';
	const after = t.charCodeAt(pos + word.length);
	if (!t.startsWith(word, pos) || (pos + word.length < s.limit && !isSpace(after))) {
		return pos;
	}
	if (c === 95) {
		s.addString(Math.min(s.limit, s.eol(pos) + 1), s.limit);
		return s.limit;
	}
	const k = s.find('\n=end', pos + 6);
	const end = k < 0 ? s.limit : s.trimCr(s.eol(k + 1), k + 1);
	s.addComment('block', pos, end, pos + 6, k < 0 ? end : s.trimCr(k, pos + 6));
	return end;
}

/** An argument may start here: after an operator, or after `method ` when no blank follows. */
function argumentStarts(t: string, pos: number, st: RbState): boolean {
	const n = t.charCodeAt(pos + 1);
	return st.regexOk || (st.afterIdent && st.spaced && !isSpace(n) && n !== 61);
}

function punctuation(s: Scanner, pos: number, c: number, st: RbState): number {
	const t = s.text;
	const n = t.charCodeAt(pos + 1);
	const arg = argumentStarts(t, pos, st);
	const operand = st.regexOk;
	st.afterIdent = false;
	st.regexOk = true;
	switch (c) {
		case 35: // '#'
			return lineComment(s, pos, 1);
		case 34: case 39: case 96: // " ' `
			st.regexOk = false;
			return c === 39 ? quoted(s, pos, pos + 1, RB_SINGLE) : scanStr(s, pos, pos + 1, c === 34 ? RB_DOUBLE : RB_BACKTICK);
		case 47: // '/'
			st.regexOk = !arg;
			return arg ? regex(s, pos) : pos + 1;
		case 37: { // '%'
			const r = arg ? percentLiteral(s, pos) : -1;
			st.regexOk = r < 0;
			return r < 0 ? pos + 1 : r;
		}
		case 60: { // '<'
			const r = n === 60 && arg ? heredocStart(s, pos, st) : -1;
			st.regexOk = r < 0;
			return r < 0 ? pos + 1 : r;
		}
		case 63: // '?': `?"` and `?#` are character literals where an operand may start
			if (operand && (n === 34 || n === 39 || n === 96 || n === 35) && !isIdentPart(t.charCodeAt(pos + 2))) {
				s.addString(pos, pos + 2);
				st.regexOk = false;
				return pos + 2;
			}
			return pos + 1;
		case 36: // '$': `$'`, `$"`, `$/`… are global variables
			st.regexOk = false;
			return isIdentStart(n) || isSpace(n) ? pos + 1 : pos + 2;
		case 40: case 91: case 123: // ( [ {
			openBracket(s, st.base);
			return pos + 1;
		case 41: case 93: case 125: // ) ] }
			st.regexOk = false;
			return closeBracket(s, st.base, pos, c);
		default:
			return pos + 1;
	}
}

/** `%q(…)`, `%w[…]`, `%(…)`, `%r{…}`…; -1 when `%` is the modulo operator here. */
function percentLiteral(s: Scanner, pos: number): number {
	const t = s.text;
	let i = pos + 1;
	let type = t.charCodeAt(i);
	if (isLetter(type)) {
		if ('qQwWiIrsx'.indexOf(String.fromCharCode(type)) < 0) {
			return -1;
		}
		i++;
	} else {
		type = 81; // 'Q'
	}
	const open = t.charCodeAt(i);
	if (i >= s.limit || isSpace(open) || isIdentPart(open) || open === 61 || open >= 128) {
		return -1;
	}
	const close = open === 40 ? 41 : open === 91 ? 93 : open === 123 ? 125 : open === 60 ? 62 : open;
	const interp = type === 81 || type === 87 || type === 73 || type === 114 || type === 120;
	const end = percentEnd(s, i + 1, open, close, interp);
	s.addString(pos, end);
	return end;
}

/** End of a percent literal's body; bracket delimiters nest, `#{…}` holes are skipped by brace count. */
function percentEnd(s: Scanner, from: number, open: number, close: number, interp: boolean): number {
	const t = s.text;
	const lim = s.limit;
	let depth = 0;
	let hole = 0;
	for (let i = from; i < lim; i++) {
		const c = t.charCodeAt(i);
		if (c === 92) {
			i++;
		} else if (hole > 0) {
			hole += c === 123 ? 1 : c === 125 ? -1 : 0;
		} else if (interp && c === 35 && t.charCodeAt(i + 1) === 123) {
			hole = 1;
			i++;
		} else if (c === close && depth === 0) {
			return i + 1;
		} else if (c === close) {
			depth--;
		} else if (c === open && open !== close) {
			depth++;
		}
	}
	return lim;
}

/** `<<~EOS`, `<<-EOS`, `<<EOS` (capitalised), quoted tags; -1 when `<<` is an operator here. */
function heredocStart(s: Scanner, pos: number, st: RbState): number {
	const t = s.text;
	let i = pos + 2;
	const m = t.charCodeAt(i);
	const indent = m === 126 || m === 45;
	i += indent ? 1 : 0;
	const q = t.charCodeAt(i);
	let tag: string;
	let end: number;
	if (q === 39 || q === 34 || q === 96) {
		const le = s.eol(i + 1);
		let k = i + 1;
		while (k < le && t.charCodeAt(k) !== q) {
			k++;
		}
		if (k >= le) {
			return -1;
		}
		tag = t.slice(i + 1, k);
		end = k + 1;
	} else {
		const bare = (q >= 65 && q <= 90) || q === 95 || (indent && isIdentStart(q) && q < 128);
		if (!bare || i >= s.limit) {
			return -1;
		}
		end = identEnd(t, i, s.limit);
		tag = t.slice(i, end);
	}
	st.pending.push({ tag, indent });
	st.regexOk = false;
	return end;
}

/** Keywords after which an expression (a regex) starts. */
const REGEX_KEYWORDS = wordSet([
	'if', 'unless', 'while', 'until', 'and', 'or', 'not', 'return', 'when', 'then', 'else', 'elsif', 'do', 'in', 'case',
	'yield', 'puts', 'print', 'raise',
]);
