/**
 * The C-like dialects (see `clike.ts`) and their string hooks: what opens a string literal in
 * each language and how it ends.
 *
 * Left out: holes of C# raw interpolated strings (`$$"""…{{x}}…"""` is all string), Groovy slashy
 * strings, Swift regex literals, Java `\u0022` escapes in source, MySQL `#` comments and `\'`
 * escapes, nested SQL block comments. Holes of one-line strings end at the line end.
 */
import { identEnd, isIdentStart } from './chars';
import { type Dialect, dialect, type StringHook } from './clike';
import { heredocBody, quoted, scanStr, strSpec } from './primitives';
import { I_BRACE, I_DOLLAR_BRACE, I_HCL, I_PAREN, I_PHP, type Scanner, type StrSpec } from './scanner';

const DQ = strSpec('"');
const SQ = strSpec('\'');
const SQ_RAW = strSpec('\'', { escape: '' });
const TRIPLE_DQ = strSpec('"', { quoteLen: 3, multiline: true });
const TRIPLE_DQ_RAW = strSpec('"', { quoteLen: 3, multiline: true, escape: '', greedy: true });

/** `"…"` and `'…'` with `\` escapes, ending at the line break (C, CSS, generic). */
const cQuotes: StringHook = (s, pos, c) => quoted(s, pos, pos + 1, c === 34 ? DQ : SQ);

/** Whether the identifier `[a, e)` is a C++ raw string prefix (`R`, `LR`, `uR`, `UR`, `u8R`). */
function isRawPrefix(t: string, a: number, e: number): boolean {
	if (e - a > 3 || t.charCodeAt(e - 1) !== 82) {
		return false;
	}
	const p = t.slice(a, e - 1);
	return p === '' || p === 'L' || p === 'u' || p === 'U' || p === 'u8';
}

/** Offset of the `(` ending a C++ raw string delimiter that starts at `from`, or -1. */
function rawDelimiterEnd(t: string, from: number, lim: number): number {
	for (let i = from; i < lim && i <= from + 16; i++) {
		const c = t.charCodeAt(i);
		if (c === 40) {
			return i;
		}
		if (c <= 32 || c === 41 || c === 92 || c === 34) {
			return -1;
		}
	}
	return -1;
}

/** C++: raw strings `R"delim(…)delim"`, else {@link cQuotes}. */
const cppStr: StringHook = (s, pos, c, prefix) => {
	const t = s.text;
	const open = c === 34 && prefix >= 0 && isRawPrefix(t, prefix, pos) ? rawDelimiterEnd(t, pos + 1, s.limit) : -1;
	if (open < 0) {
		return cQuotes(s, pos, c, prefix);
	}
	const close = ')' + t.slice(pos + 1, open) + '"';
	const k = s.find(close, open + 1);
	const end = k < 0 ? s.limit : k + close.length;
	s.addString(pos, end);
	return end;
};

/** A char literal `'x'`, `'\n'`, `'\u{1F600}'`; -1 when the `'` is a lifetime, label or symbol. */
function charLiteral(s: Scanner, pos: number): number {
	const t = s.text;
	const lim = s.limit;
	const n = t.charCodeAt(pos + 1);
	if (n === 92) {
		for (let i = pos + 3; i < lim && i < pos + 14; i++) {
			const c = t.charCodeAt(i);
			if (c === 39) {
				s.addString(pos, i + 1);
				return i + 1;
			}
			if (c === 10) {
				break;
			}
		}
		return -1;
	}
	const w = n >= 0xd800 && n <= 0xdbff ? 2 : 1;
	if (n !== 39 && n !== 10 && pos + 1 + w < lim && t.charCodeAt(pos + 1 + w) === 39) {
		s.addString(pos, pos + 2 + w);
		return pos + 2 + w;
	}
	return -1;
}

/** Java: text blocks `"""…"""`. */
const javaStr: StringHook = (s, pos, c) =>
	c === 34 && s.text.startsWith('"""', pos) ? quoted(s, pos, pos + 3, TRIPLE_DQ) : cQuotes(s, pos, c, -1);

const KT_DQ = strSpec('"', { interp: I_DOLLAR_BRACE });
const KT_RAW = strSpec('"', { quoteLen: 3, multiline: true, escape: '', greedy: true, interp: I_DOLLAR_BRACE });
const GROOVY_TRIPLE_DQ = strSpec('"', { quoteLen: 3, multiline: true, interp: I_DOLLAR_BRACE });
const GROOVY_TRIPLE_SQ = strSpec('\'', { quoteLen: 3, multiline: true });

/** Kotlin: `"…${…}"` and raw `"""…"""` templates; `'c'` chars. */
const kotlinStr: StringHook = (s, pos, c) => {
	if (c === 39) {
		return quoted(s, pos, pos + 1, SQ);
	}
	return s.text.startsWith('"""', pos) ? scanStr(s, pos, pos + 3, KT_RAW) : scanStr(s, pos, pos + 1, KT_DQ);
};

/** Groovy: as Kotlin, plus `'…'` and `'''…'''` strings (slashy strings are not recognised). */
const groovyStr: StringHook = (s, pos, c) => {
	const triple = s.text.startsWith(c === 34 ? '"""' : '\'\'\'', pos);
	if (c === 39) {
		return quoted(s, pos, pos + (triple ? 3 : 1), triple ? GROOVY_TRIPLE_SQ : SQ);
	}
	return triple ? scanStr(s, pos, pos + 3, GROOVY_TRIPLE_DQ) : scanStr(s, pos, pos + 1, KT_DQ);
};

const SCALA_RAW_INTERP = strSpec('"', { quoteLen: 3, multiline: true, escape: '', greedy: true, interp: I_DOLLAR_BRACE });

/** Scala: `"…"`, raw `"""…"""`, interpolators `s"…${…}"`; `'c'` chars (not `'symbol`). */
const scalaStr: StringHook = (s, pos, c, prefix) => {
	if (c === 39) {
		return charLiteral(s, pos);
	}
	const triple = s.text.startsWith('"""', pos);
	if (prefix < 0) {
		return triple ? quoted(s, pos, pos + 3, TRIPLE_DQ_RAW) : quoted(s, pos, pos + 1, DQ);
	}
	return triple ? scanStr(s, pos, pos + 3, SCALA_RAW_INTERP) : scanStr(s, pos, pos + 1, KT_DQ);
};

const CS_VERBATIM = strSpec('"', { escape: '', doubled: true, multiline: true });
const CS_VERBATIM_INTERP = strSpec('"', { escape: '', doubled: true, multiline: true, interp: I_BRACE, formatSpec: true });
const CS_INTERP = strSpec('"', { interp: I_BRACE, formatSpec: true });

/** C#: `@"…"` verbatim, `$"…{…}"` interpolated (and both), `"""…"""` raw, `'c'` chars. */
const csharpStr: StringHook = (s, pos, c) => {
	const t = s.text;
	if (c === 39) {
		return quoted(s, pos, pos + 1, SQ);
	}
	let dollar = false;
	let verbatim = false;
	for (let i = pos - 1; i >= 0 && i >= pos - 4; i--) {
		const p = t.charCodeAt(i);
		if (p === 36) {
			dollar = true;
		} else if (p === 64) {
			verbatim = true;
		} else {
			break;
		}
	}
	if (t.startsWith('"""', pos)) {
		let n = 3;
		while (t.charCodeAt(pos + n) === 34 && pos + n < s.limit) {
			n++;
		}
		const close = '"'.repeat(n);
		const k = s.find(close, pos + n);
		const end = k < 0 ? s.limit : k + n;
		s.addString(pos, end);
		return end;
	}
	if (verbatim) {
		return dollar ? scanStr(s, pos, pos + 1, CS_VERBATIM_INTERP) : quoted(s, pos, pos + 1, CS_VERBATIM);
	}
	return dollar ? scanStr(s, pos, pos + 1, CS_INTERP) : quoted(s, pos, pos + 1, DQ);
};

const GO_RAW = strSpec('`', { escape: '', multiline: true });

/** Go: `"…"`, `'r'` runes, raw `` `…` `` strings. */
const goStr: StringHook = (s, pos, c) => c === 96 ? quoted(s, pos, pos + 1, GO_RAW) : cQuotes(s, pos, c, -1);

const RUST_DQ = strSpec('"', { multiline: true });
const rawSpecs: StrSpec[] = [];

/** A raw string rule closed by `"` and `hashes` `#`s, without escapes. */
function rawSpec(hashes: number, quote = '"', interp = 0, quoteLen = 1): StrSpec {
	const key = hashes * 16 + interp * 2 + (quoteLen === 3 ? 1 : 0) + (quote === '"' ? 0 : 8);
	return (rawSpecs[key] ??= strSpec(quote, {
		hashes, quoteLen, multiline: true, escape: interp === I_PAREN ? '\\' : '', interp,
	}));
}

/** Rust: `"…"` (multi-line), `b"…"`, raw `r#"…"#`, chars `'x'` told from lifetimes `'a`. */
const rustStr: StringHook = (s, pos, c, prefix) => {
	const t = s.text;
	const raw = prefix >= 0 && pos - prefix <= 2 && t.charCodeAt(pos - 1) === 114
		&& (pos - prefix === 1 || t.charCodeAt(prefix) === 98 || t.charCodeAt(prefix) === 99);
	if (c === 39) {
		return prefix < 0 || (pos - prefix === 1 && t.charCodeAt(prefix) === 98) ? charLiteral(s, pos) : -1;
	}
	if (c === 34) {
		return quoted(s, pos, pos + 1, raw ? rawSpec(0) : RUST_DQ);
	}
	if (!raw) {
		return -1; // '#': an attribute
	}
	let h = 0;
	while (t.charCodeAt(pos + h) === 35 && pos + h < s.limit && h < 256) {
		h++;
	}
	return t.charCodeAt(pos + h) === 34 ? quoted(s, pos, pos + h + 1, rawSpec(h)) : pos + h;
};

const SWIFT_DQ = strSpec('"', { interp: I_PAREN });

/** Swift: `"…\(…)"`, `"""…"""`, raw `#"…\#(…)"#` with any number of `#`. */
const swiftStr: StringHook = (s, pos, c) => {
	const t = s.text;
	let h = 0;
	if (c === 35) {
		while (t.charCodeAt(pos + h) === 35 && pos + h < s.limit && h < 256) {
			h++;
		}
		if (t.charCodeAt(pos + h) !== 34) {
			return pos + h;
		}
	}
	const q = pos + h;
	const triple = t.startsWith('"""', q);
	const sp = triple ? rawSpec(h, '"', I_PAREN, 3) : h > 0 ? rawSpec(h, '"', I_PAREN, 1) : SWIFT_DQ;
	return scanStr(s, pos, q + (triple ? 3 : 1), sp);
};

const SQL_SQ = strSpec('\'', { escape: '', doubled: true, multiline: true });
const SQL_SQ_ESCAPED = strSpec('\'', { doubled: true, multiline: true });
const SQL_DQ = strSpec('"', { escape: '', doubled: true, multiline: true });
const SQL_BT = strSpec('`', { escape: '', doubled: true, multiline: true });

/**
 * SQL: `'…'` with `''` (and `\` in PostgreSQL `E'…'`), `"identifiers"`, `` `identifiers` ``.
 * PostgreSQL `$$…$$` bodies are lexed as SQL: they are mostly function bodies, whose `--`
 * comments are comments.
 */
const sqlStr: StringHook = (s, pos, c, prefix) => {
	const escaped = c === 39 && prefix === pos - 1 && (s.text.charCodeAt(prefix) | 32) === 101;
	return quoted(s, pos, pos + 1, escaped ? SQL_SQ_ESCAPED : c === 39 ? SQL_SQ : c === 34 ? SQL_DQ : SQL_BT);
};

const HCL_DQ = strSpec('"', { interp: I_HCL });

/** HCL: `"…${…}…%{…}"` templates and `<<EOT` / `<<-EOT` heredocs. */
const hclStr: StringHook = (s, pos, c) => {
	if (c === 34) {
		return scanStr(s, pos, pos + 1, HCL_DQ);
	}
	const t = s.text;
	if (t.charCodeAt(pos + 1) !== 60) {
		return -1;
	}
	const i = t.charCodeAt(pos + 2) === 45 ? pos + 3 : pos + 2;
	if (!isIdentStart(t.charCodeAt(i)) || t.charCodeAt(i) >= 128) {
		return -1;
	}
	const e = identEnd(t, i, s.limit);
	const le = s.eol(e);
	if (s.trimCr(le, e) !== e) {
		return -1;
	}
	return heredocBody(s, pos, Math.min(le + 1, s.limit), t.slice(i, e), true, true);
};

const PHP_SQ = strSpec('\'', { multiline: true });
const PHP_DQ = strSpec('"', { multiline: true, interp: I_PHP });
const PHP_BT = strSpec('`', { multiline: true, interp: I_PHP });

/** PHP: `'…'`, `"…{$…}"`, `` `…` `` (multi-line), heredoc `<<<EOT` and nowdoc `<<<'EOT'`. */
const phpStr: StringHook = (s, pos, c) => {
	if (c !== 60) {
		return c === 39 ? quoted(s, pos, pos + 1, PHP_SQ) : scanStr(s, pos, pos + 1, c === 34 ? PHP_DQ : PHP_BT);
	}
	const t = s.text;
	if (!t.startsWith('<<<', pos)) {
		return -1;
	}
	let i = pos + 3;
	while (t.charCodeAt(i) === 32 || t.charCodeAt(i) === 9) {
		i++;
	}
	const q = t.charCodeAt(i);
	const a = q === 34 || q === 39 ? i + 1 : i;
	if (!isIdentStart(t.charCodeAt(a)) || a >= s.limit) {
		return -1;
	}
	const e = identEnd(t, a, s.limit);
	const le = s.eol(e);
	return heredocBody(s, pos, Math.min(le + 1, s.limit), t.slice(a, e), true, false);
};

const TOML_ML_BASIC = strSpec('"', { quoteLen: 3, multiline: true, greedy: true });
const TOML_ML_LITERAL = strSpec('\'', { quoteLen: 3, multiline: true, escape: '', greedy: true });

/** TOML: basic `"…"`, literal `'…'`, and their `"""` / `'''` multi-line forms. */
const tomlStr: StringHook = (s, pos, c) => {
	const triple = s.text.startsWith(c === 34 ? '"""' : '\'\'\'', pos);
	const sp = c === 34 ? (triple ? TOML_ML_BASIC : DQ) : (triple ? TOML_ML_LITERAL : SQ_RAW);
	return quoted(s, pos, pos + (triple ? 3 : 1), sp);
};

/** Only `"…"` (JSONC, and the generic fallback, where `'` is too often an apostrophe). */
const doubleOnly: StringHook = (s, pos) => quoted(s, pos, pos + 1, DQ);

/** Dockerfile: `"…"` and `'…'` on one line. */
const dockerStr: StringHook = (s, pos, c) => quoted(s, pos, pos + 1, c === 34 ? DQ : SQ_RAW);

/** The C-like dialects by syntax name (the `syntax` of a language spec). */
export const DIALECTS: Readonly<Record<string, Dialect>> = {
	c: dialect({ strChars: '"\'', str: cQuotes, quoteDigits: true, splice: true }),
	cpp: dialect({ strChars: '"\'', str: cppStr, quoteDigits: true, splice: true }),
	java: dialect({ strChars: '"\'', str: javaStr }),
	kotlin: dialect({ block: 2, strChars: '"\'', str: kotlinStr }),
	groovy: dialect({ strChars: '"\'', str: groovyStr }),
	scala: dialect({ block: 2, strChars: '"\'', str: scalaStr }),
	csharp: dialect({ strChars: '"\'', str: csharpStr }),
	go: dialect({ strChars: '"\'`', str: goStr }),
	rust: dialect({ block: 2, strChars: '"\'#', str: rustStr }),
	swift: dialect({ block: 2, strChars: '"#', str: swiftStr }),
	css: dialect({ slash: 0, strChars: '"\'', str: cQuotes }),
	scss: dialect({ slash: 2, strChars: '"\'', str: cQuotes }),
	sql: dialect({ slash: 0, dash: true, strChars: '"\'`', str: sqlStr }),
	hcl: dialect({ hash: 1, strChars: '"<', str: hclStr }),
	php: dialect({ hash: 2, strChars: '"\'`<', str: phpStr, php: true }),
	toml: dialect({ slash: 0, hash: 1, block: 0, strChars: '"\'', str: tomlStr }),
	jsonc: dialect({ strChars: '"', str: doubleOnly }),
	dockerfile: dialect({ slash: 0, hash: 3, block: 0, strChars: '"\'', str: dockerStr }),
	generic: dialect({ hash: 3, strChars: '"', str: doubleOnly }),
};
