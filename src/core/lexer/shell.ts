/**
 * Shell-like languages, where `#` starts a comment only at the start of a word: POSIX shells
 * (also used for `.env` files), Makefiles and PowerShell.
 *
 * Simplified: backticks are treated as code (their quotes are lexed normally); inside double
 * quotes only `$(…)` holds code, `${…}` and backticks are text; a `case` pattern's `)` inside
 * `$(…)` closes it early.
 */
import {
	blockComment, closeBracket, flushHeredocs, lineComment, openBracket, type PendingHeredoc, quoted, scanStr, strSpec,
} from './primitives';
import { I_SHELL, type Scanner } from './scanner';

const SH_SINGLE = strSpec('\'', { escape: '', multiline: true });
const SH_ANSI_C = strSpec('\'', { multiline: true });
const SH_DOUBLE = strSpec('"', { multiline: true, interp: I_SHELL });

/** Characters after which a new shell word starts: blanks, `;`, `&`, `|`, `(`, `)`, `<`, `>`, `` ` ``. */
const WORD_BREAK = new Uint8Array(128);
for (const ch of ' \t\r\n;&|()<>`') {
	WORD_BREAK[ch.charCodeAt(0)] = 1;
}

interface ShState {
	readonly base: number;
	/** The next character starts a word. */
	wordStart: boolean;
	/** Open `((` arithmetic contexts, where `<<` is a shift. */
	arith: number;
	readonly pending: PendingHeredoc[];
}

/**
 * Lexes a POSIX shell script: `#` comments at word start (`${#v}`, `$#` and `a#b` are not),
 * `'…'`, `$'…'`, `"…"` with `$(…)` holes holding code, and heredocs `<<EOF`, `<<-'EOF'`.
 */
export function lexShell(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	const st: ShState = { base: s.frames.length, wordStart: true, arith: 0, pending: [] };
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 10) {
			pos++;
			if (st.pending.length > 0) {
				pos = flushHeredocs(s, pos, st.pending);
			}
			st.wordStart = true;
		} else if (c === 35 && st.wordStart) {
			pos = lineComment(s, pos, 1);
		} else if (c === 34 || c === 39 || c === 36 || c === 92 || c === 40 || c === 41 || c === 60) {
			pos = shellSpecial(s, pos, c, st);
		} else {
			st.wordStart = c < 128 && WORD_BREAK[c] !== 0;
			pos++;
		}
	}
	s.frames.length = st.base;
}

function shellSpecial(s: Scanner, pos: number, c: number, st: ShState): number {
	const t = s.text;
	const n = t.charCodeAt(pos + 1);
	st.wordStart = c === 40 || c === 41 || c === 60;
	switch (c) {
		case 34: // '"'
			return scanStr(s, pos, pos + 1, SH_DOUBLE);
		case 39: // '\''
			return quoted(s, pos, pos + 1, SH_SINGLE);
		case 36: // '$'
			return n === 39 ? quoted(s, pos, pos + 2, SH_ANSI_C) : n === 34 ? scanStr(s, pos, pos + 2, SH_DOUBLE) : pos + 1;
		case 92: // '\\' escapes the next character, a line break included
			return pos + (n === 13 && t.charCodeAt(pos + 2) === 10 ? 3 : 2);
		case 40: // '('
			openBracket(s, st.base);
			st.arith += n === 40 ? 1 : 0;
			return pos + 1;
		case 41: { // ')'
			st.arith -= n === 41 && st.arith > 0 ? 1 : 0;
			const f = s.top(st.base);
			st.wordStart = !(f !== undefined && f.depth === 0 && f.str !== null);
			return closeBracket(s, st.base, pos, c);
		}
		default: // '<'
			return n === 60 ? heredocStart(s, pos, st) : pos + 1;
	}
}

/** `<<` at `pos`: a here-string `<<<`, a shift inside `((…))`, or a heredoc whose body starts on the next line. */
function heredocStart(s: Scanner, pos: number, st: ShState): number {
	const t = s.text;
	if (t.charCodeAt(pos + 2) === 60) {
		return pos + 3;
	}
	if (st.arith > 0) {
		return pos + 2;
	}
	let i = pos + 2;
	const indent = t.charCodeAt(i) === 45;
	i += indent ? 1 : 0;
	while (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9) {
		i++;
	}
	const wordStart = i;
	while (i < s.limit) {
		const c = t.charCodeAt(i);
		if (c < 128 && WORD_BREAK[c] !== 0) {
			break;
		}
		i++;
	}
	const tag = t.slice(wordStart, i).replace(/['"\\]/g, '');
	if (tag === '' || t.charCodeAt(wordStart) === 40) {
		return pos + 2;
	}
	st.pending.push({ tag, indent });
	return i;
}

const MAKE_DOUBLE = strSpec('"');
const MAKE_SINGLE = strSpec('\'', { escape: '' });

/**
 * Lexes a Makefile: `#` starts a comment unless escaped as `\#`; in recipe lines (starting with a
 * tab), which are shell, only at word start, and quotes delimit one-line strings.
 */
export function lexMakefile(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	let pos = start;
	while (pos < lim) {
		const le = s.eol(pos);
		const recipe = t.charCodeAt(pos) === 9;
		let wordStart = true;
		let i = pos;
		while (i < le) {
			const c = t.charCodeAt(i);
			if (c === 35 && (recipe ? wordStart : i === pos || t.charCodeAt(i - 1) !== 92)) {
				lineComment(s, i, 1);
				break;
			}
			if (recipe && (c === 34 || c === 39)) {
				i = quoted(s, i, i + 1, c === 34 ? MAKE_DOUBLE : MAKE_SINGLE);
				wordStart = false;
				continue;
			}
			wordStart = c < 128 && WORD_BREAK[c] !== 0;
			i++;
		}
		pos = le + 1;
	}
}

const PS_SINGLE = strSpec('\'', { escape: '', doubled: true, multiline: true });
const PS_DOUBLE = strSpec('"', { escape: '`', doubled: true, multiline: true, interp: I_SHELL });

/** Characters after which a PowerShell token starts (a `#` there opens a comment). */
const PS_BREAK = new Uint8Array(128);
for (const ch of ' \t\r\n;&|(){}[],=<>') {
	PS_BREAK[ch.charCodeAt(0)] = 1;
}

/**
 * Lexes PowerShell: `#` comments at token start, `<# … #>` block comments, `'…'` and `"…"`
 * (backtick escapes, `$(…)` holes), here-strings `@' … '@` and `@" … "@`.
 */
export function lexPowerShell(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	const base = s.frames.length;
	let tokenStart = true;
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		const n = t.charCodeAt(pos + 1);
		if (c === 35 && tokenStart) {
			pos = lineComment(s, pos, 1);
		} else if (c === 60 && n === 35) {
			pos = blockComment(s, pos, '<#', '#>');
		} else if (c === 64 && (n === 34 || n === 39) && hereStringOpens(t, pos + 2, lim)) {
			const k = s.find(n === 34 ? '\n"@' : '\n\'@', pos + 2);
			const end = k < 0 ? lim : k + 3;
			s.addString(pos, end);
			pos = end;
		} else if (c === 39 || c === 34) {
			pos = c === 39 ? quoted(s, pos, pos + 1, PS_SINGLE) : scanStr(s, pos, pos + 1, PS_DOUBLE);
			tokenStart = false;
			continue;
		} else if (c === 96) {
			pos += 2;
		} else if (c === 40 || c === 123 || c === 91) {
			openBracket(s, base);
			pos++;
		} else if (c === 41 || c === 125 || c === 93) {
			pos = closeBracket(s, base, pos, c);
		} else {
			pos++;
		}
		tokenStart = c < 128 && PS_BREAK[c] !== 0;
	}
	s.frames.length = base;
}

/** Whether only blanks follow `i` on its line (a here-string opener must end its line). */
function hereStringOpens(t: string, i: number, lim: number): boolean {
	while (i < lim && (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9 || t.charCodeAt(i) === 13)) {
		i++;
	}
	return i >= lim || t.charCodeAt(i) === 10;
}
