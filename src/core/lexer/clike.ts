/**
 * One code loop for the many languages whose comments are some of `//`, `#`, `--` and `/* *\/`:
 * C, C++, Java, Kotlin, Groovy, Scala, C#, Go, Rust, Swift, CSS, SQL, HCL, PHP, TOML, JSONC,
 * Dockerfile and the generic fallback. What differs between them is a {@link Dialect}; their
 * string literals are opened by each dialect's hook (see `dialects.ts`).
 */
import { identEnd, isDigit, isIdentStart, isSpace, numberEnd } from './chars';
import {
	blockComment, closeBracket, dropSingleLineHoles, formatColon, lineComment, nestedBlockComment, openBracket,
} from './primitives';
import type { Scanner } from './scanner';

/**
 * Opens a string (or raw, char or heredoc literal) at `pos`, whose character is `c`. `prefix` is
 * the start of an identifier ending exactly at `pos` (`R"(`, `r#"`, `s"`), else -1. Returns the
 * offset after what it consumed, or -1 when nothing opens here.
 */
export type StringHook = (s: Scanner, pos: number, c: number, prefix: number) => number;

/** The comment and string rules of one C-like language. */
export interface Dialect {
	/** `//` comments: 0 none, 1 yes, 2 yes unless right after `:` (URLs in SCSS and Less). */
	readonly slash: number;
	/** `#` comments: 0 none, 1 anywhere, 2 anywhere but `#[` (PHP attributes), 3 only first on a line. */
	readonly hash: number;
	/** `--` comments (SQL). */
	readonly dash: boolean;
	/** `/* *\/` comments: 0 none, 1 flat, 2 nesting. */
	readonly block: number;
	/** ASCII characters (< 128) that may open a string: 1 in the table sends them to `str`. */
	readonly strTable: Uint8Array;
	readonly str: StringHook;
	/** `'` digit separators in numbers (C++14). */
	readonly quoteDigits: boolean;
	/** PHP: `?>` ends the code region, and line comments too. */
	readonly php: boolean;
	/** C and C++: a `\` at the end of a line comment continues it on the next line. */
	readonly splice: boolean;
}

/** Options of {@link dialect}. */
export interface DialectOptions {
	readonly slash?: number;
	readonly hash?: number;
	readonly dash?: boolean;
	readonly block?: number;
	/** The characters sent to `str`. */
	readonly strChars: string;
	readonly str: StringHook;
	readonly quoteDigits?: boolean;
	readonly php?: boolean;
	readonly splice?: boolean;
}

/** Builds a dialect: by default `//` and flat `/* *\/` comments. */
export function dialect(o: DialectOptions): Dialect {
	const strTable = new Uint8Array(128);
	for (let i = 0; i < o.strChars.length; i++) {
		strTable[o.strChars.charCodeAt(i) & 127] = 1;
	}
	return {
		slash: o.slash ?? 1, hash: o.hash ?? 0, dash: o.dash ?? false, block: o.block ?? 1, strTable, str: o.str,
		quoteDigits: o.quoteDigits ?? false, php: o.php ?? false, splice: o.splice ?? false,
	};
}

/** Lexes from `start` to `s.limit` (PHP: to just after `?>`); returns where it stopped. */
export function lexCLike(s: Scanner, start: number, d: Dialect): number {
	const t = s.text;
	const lim = s.limit;
	const base = s.frames.length;
	let pos = start;
	let identStart = -1;
	let identStop = -1;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c < 128 && d.strTable[c] !== 0) {
			const r = d.str(s, pos, c, identStop === pos ? identStart : -1);
			if (r > pos) {
				pos = r;
				continue;
			}
		}
		if (c === 10) {
			dropSingleLineHoles(s, base);
			pos++;
		} else if (c <= 32 || (c >= 128 && isSpace(c))) {
			pos++;
		} else if (isIdentStart(c)) {
			identStart = pos;
			pos = identStop = identEnd(t, pos + 1, lim);
		} else if (isDigit(c)) {
			pos = numberEnd(t, pos, lim, d.quoteDigits);
		} else if (c === 63 && d.php && t.charCodeAt(pos + 1) === 62) {
			s.frames.length = base;
			return pos + 2;
		} else {
			pos = punctuation(s, d, base, pos, c, start);
		}
	}
	s.frames.length = base;
	return pos;
}

function punctuation(s: Scanner, d: Dialect, base: number, pos: number, c: number, regionStart: number): number {
	const t = s.text;
	const n = t.charCodeAt(pos + 1);
	switch (c) {
		case 47: // '/'
			if (n === 47 && d.slash !== 0 && !(d.slash === 2 && t.charCodeAt(pos - 1) === 58)) {
				return d.php ? phpLineComment(s, pos, 2) : d.splice ? splicedLineComment(s, pos) : lineComment(s, pos, 2);
			}
			if (n === 42 && d.block !== 0) {
				return d.block === 2 ? nestedBlockComment(s, pos) : blockComment(s, pos, '/*', '*/');
			}
			break;
		case 35: // '#'
			if (d.hash === 1 || (d.hash === 2 && n !== 91) || (d.hash === 3 && s.atLineStart(pos, regionStart))) {
				return d.php ? phpLineComment(s, pos, 1) : lineComment(s, pos, 1);
			}
			break;
		case 45: // '-'
			if (d.dash && n === 45) {
				return lineComment(s, pos, 2);
			}
			break;
		case 40: case 91: case 123: // ( [ {
			openBracket(s, base);
			break;
		case 41: case 93: case 125: // ) ] }
			return closeBracket(s, base, pos, c);
		case 58: { // ':'
			const p = formatColon(s, base, pos);
			return p < 0 ? pos + 1 : p;
		}
	}
	return pos + 1;
}

/** PHP line comments end at the line break or at `?>`, which closes the PHP block. */
function phpLineComment(s: Scanner, start: number, tokenLen: number): number {
	const t = s.text;
	const lim = s.limit;
	let i = start + tokenLen;
	while (i < lim) {
		const c = t.charCodeAt(i);
		if (c === 10 || (c === 63 && t.charCodeAt(i + 1) === 62)) {
			break;
		}
		i++;
	}
	const end = s.trimCr(i, start + tokenLen);
	s.addComment('line', start, end, start + tokenLen, end);
	return end;
}

/** A C/C++ `//` comment, continued over line ends escaped with `\` (line splices). */
function splicedLineComment(s: Scanner, start: number): number {
	const t = s.text;
	let le = s.eol(start + 2);
	while (le < s.limit && t.charCodeAt(s.trimCr(le, start) - 1) === 92) {
		le = s.eol(le + 1);
	}
	return lineComment(s, start, 2, le);
}
