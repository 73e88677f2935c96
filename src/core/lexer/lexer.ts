/**
 * The comment lexer: finds comments and string literals in one linear pass per file, by the
 * rules of the file's language (see `languages.ts`), so annotations inside strings are not
 * annotations and code can be searched with comments and strings blanked out.
 */
import type { LanguageId, LexResult } from '../types';
import { lexCLike } from './clike';
import { DIALECTS } from './dialects';
import { lexJs } from './javascript';
import { languageSpec, type Syntax } from './languages';
import { lexMarkup, lexPhp } from './markup';
import { lexLua, lexYaml } from './misc';
import { lexPython } from './python';
import { lexRuby } from './ruby';
import { Scanner } from './scanner';
import { lexMakefile, lexPowerShell, lexShell } from './shell';

type RegionLexer = (s: Scanner, start: number) => void;

/** Lexes the region `[start, end)` of the scanner's text as `languageId` (HTML script, Vue style…). */
function embed(s: Scanner, languageId: LanguageId, start: number, end: number): void {
	const limit = s.limit;
	s.limit = Math.min(end, limit);
	lexerFor(languageSpec(languageId)?.syntax ?? 'generic')(s, start);
	s.limit = limit;
}

/** Lexers that are not a C-like dialect. */
const LEXERS: Partial<Record<Syntax, RegionLexer>> = {
	javascript: (s, p) => lexJs(s, p, true),
	typescript: (s, p) => lexJs(s, p, false),
	python: lexPython,
	shell: lexShell,
	makefile: lexMakefile,
	powershell: lexPowerShell,
	ruby: lexRuby,
	lua: lexLua,
	yaml: lexYaml,
	html: (s, p) => lexMarkup(s, p, embed),
	vue: (s, p) => lexMarkup(s, p, embed),
	xml: (s, p) => lexMarkup(s, p, null),
	php: (s, p) => lexPhp(s, p, embed),
};

/** The lexer of a syntax: its own, else the C-like loop with the syntax's dialect (generic when none). */
function lexerFor(syntax: Syntax): RegionLexer {
	const lexer = LEXERS[syntax];
	if (lexer !== undefined) {
		return lexer;
	}
	const d = DIALECTS[syntax] ?? DIALECTS.generic;
	return (LEXERS[syntax] = (s, p) => void lexCLike(s, p, d));
}

/**
 * Like {@link lex} but lets internal errors propagate. For tests; production code calls `lex`.
 * @internal
 */
export function lexStrict(text: string, languageId: LanguageId): LexResult {
	const s = new Scanner(text);
	run(s, languageId);
	return { comments: s.comments, strings: s.strings };
}

function run(s: Scanner, languageId: LanguageId): void {
	lexerFor(languageSpec(languageId)?.syntax ?? 'generic')(s, 0);
}

/**
 * Comments (Python docstrings included, as `kind: 'doc'`) and string spans of `text` in the
 * language `languageId`, both sorted by offset and non-overlapping. Linear time, never throws;
 * unterminated strings and comments run to the end of their line or of the file.
 *
 * An unknown language id gets generic rules: `//` and `/* *\/` comments, `#` comments first on
 * their line, and one-line `"…"` strings (no `'…'`: in prose they are apostrophes).
 */
export function lex(text: string, languageId: LanguageId): LexResult {
	const s = new Scanner(text);
	try {
		run(s, languageId);
	} catch {
		// Not expected (the fuzz tests check lexStrict); keep what was found, which is consistent.
	}
	return { comments: s.comments, strings: s.strings };
}

/**
 * `text` with every character inside a comment or string span replaced by a space, except line
 * breaks (`\n`, `\r`), so offsets, lines and columns stay valid. Used to search code only.
 */
export function maskNonCode(text: string, lex: LexResult): string {
	if (text.length >= BUFFER_MASK_CHARS && lex.comments.length + lex.strings.length > 0) {
		return maskInBuffer(text, lex);
	}
	const parts: string[] = [];
	const { comments, strings } = lex;
	let pos = 0;
	let i = 0;
	let j = 0;
	while (i < comments.length || j < strings.length) {
		const takeComment = j >= strings.length || (i < comments.length && comments[i].start <= strings[j].start);
		const span = takeComment ? comments[i++] : strings[j++];
		const a = Math.max(span.start, pos);
		const b = Math.min(span.end, text.length);
		if (b <= a) {
			continue;
		}
		parts.push(text.slice(pos, a));
		blank(text, a, b, parts);
		pos = b;
	}
	if (pos === 0) {
		return text;
	}
	parts.push(text.slice(pos));
	return parts.join('');
}

/** From this length on, masking writes into one buffer: bundles hold hundreds of thousands of strings. */
const BUFFER_MASK_CHARS = 1 << 16;
const NOT_LATIN1 = /[\u0100-\uffff]/;

/** `maskNonCode` for large texts: one copy of the text (Latin-1 when it fits, else UTF-16), spans blanked in place. */
function maskInBuffer(text: string, lex: LexResult): string {
	const latin1 = !NOT_LATIN1.test(text);
	const buf = Buffer.from(text, latin1 ? 'latin1' : 'utf16le');
	const units: Uint8Array | Uint16Array = latin1 ? buf : new Uint16Array(buf.buffer, buf.byteOffset, text.length);
	const blankSpans = (spans: readonly { readonly start: number; readonly end: number }[]): void => {
		for (const span of spans) {
			const b = Math.min(span.end, text.length);
			for (let k = Math.max(span.start, 0); k < b; k++) {
				const c = units[k];
				if (c !== 10 && c !== 13) {
					units[k] = 32;
				}
			}
		}
	};
	blankSpans(lex.comments);
	blankSpans(lex.strings);
	return buf.toString(latin1 ? 'latin1' : 'utf16le');
}

/** Pushes `text[a, b)` with everything but line breaks turned into spaces. */
function blank(text: string, a: number, b: number, parts: string[]): void {
	let run = a;
	for (let k = a; k < b; k++) {
		const c = text.charCodeAt(k);
		if (c === 10 || c === 13) {
			if (k > run) {
				parts.push(' '.repeat(k - run));
			}
			parts.push(c === 10 ? '\n' : '\r');
			run = k + 1;
		}
	}
	if (b > run) {
		parts.push(' '.repeat(b - run));
	}
}
