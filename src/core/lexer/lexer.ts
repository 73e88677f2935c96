/**
 * The comment lexer: finds comments and string literals in one linear pass per file, by the
 * rules of the file's language (see `languages.ts`), so annotations inside strings are not
 * annotations and code can be searched with comments and strings blanked out.
 */
import type { Comment, LanguageId, LexResult, StringSpan } from '../types';
import { lexCLike } from './clike';
import { lexAsciiDoc, lexMarkdown, lexRst } from './documents';
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
	markdown: lexMarkdown,
	asciidoc: lexAsciiDoc,
	rst: lexRst,
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
	return lexResult(s.comments, s.stringSpans());
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
	return lexResult(s.comments, s.stringSpans());
}

/** The packed string spans of results made by `lex`, read by `maskNonCode` without unpacking them. */
const PACKED = new WeakMap<LexResult, Int32Array>();

/** A `LexResult` whose `strings` are made into objects only when someone reads them. */
function lexResult(comments: Comment[], packed: Int32Array): LexResult {
	let strings: StringSpan[] | undefined;
	const result: LexResult = {
		comments,
		get strings(): readonly StringSpan[] {
			if (strings === undefined) {
				strings = [];
				for (let k = 0; k < packed.length; k += 2) {
					strings.push({ start: packed[k], end: packed[k + 1] });
				}
			}
			return strings;
		},
	};
	PACKED.set(result, packed);
	return result;
}

/** The string spans of `lex` as `[start, end)` pairs, without making objects of a packed result. */
function stringPairs(lex: LexResult): { readonly count: number; start(j: number): number; end(j: number): number } {
	const packed = PACKED.get(lex);
	if (packed !== undefined) {
		return { count: packed.length / 2, start: (j) => packed[2 * j], end: (j) => packed[2 * j + 1] };
	}
	const spans = lex.strings;
	return { count: spans.length, start: (j) => spans[j].start, end: (j) => spans[j].end };
}

/**
 * `text` with every character inside a comment or string span replaced by a space, except line
 * breaks (`\n`, `\r`), so offsets, lines and columns stay valid. Used to search code only.
 */
export function maskNonCode(text: string, lex: LexResult): string {
	const strings = stringPairs(lex);
	const { comments } = lex;
	if (text.length >= BUFFER_MASK_CHARS && comments.length + strings.count > 0) {
		return maskInBuffer(text, comments, strings);
	}
	const parts: string[] = [];
	let pos = 0;
	let i = 0;
	let j = 0;
	while (i < comments.length || j < strings.count) {
		const takeComment = j >= strings.count || (i < comments.length && comments[i].start <= strings.start(j));
		let start: number;
		let end: number;
		if (takeComment) {
			start = comments[i].start;
			end = comments[i++].end;
		} else {
			start = strings.start(j);
			end = strings.end(j++);
		}
		const a = Math.max(start, pos);
		const b = Math.min(end, text.length);
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

/** Characters masked at a time by {@link maskInBuffer}: each piece's string stays below the size Node.js makes external. */
const MASK_CHUNK_CHARS = 1 << 15;

/**
 * `maskNonCode` for large texts: a piece at a time (Latin-1 when the masked code fits, else UTF-16),
 * spans blanked in place in one small buffer, the pieces joined. One copy of a whole bundle was an
 * external string (outside the V8 heap, from the C allocator) plus a buffer of its size, both held
 * until a full collection; the joined pieces are one string on the V8 heap.
 */
function maskInBuffer(text: string, comments: readonly Comment[], strings: ReturnType<typeof stringPairs>): string {
	// Characters past Latin-1 mostly sit in strings and comments: when all of them do, the masked code
	// fits one byte per character (their high bytes, lost in the copy, are blanked anyway), half the
	// memory of a two-byte copy of a big bundle.
	const encoding = !NOT_LATIN1.test(text) || wideCharsMasked(text, comments, strings) ? 'latin1' : 'utf16le';
	const buf = Buffer.allocUnsafe(encoding === 'latin1' ? MASK_CHUNK_CHARS : 2 * MASK_CHUNK_CHARS);
	const units: Uint8Array | Uint16Array = encoding === 'latin1' ? buf : new Uint16Array(buf.buffer, buf.byteOffset, MASK_CHUNK_CHARS);
	const parts: string[] = [];
	let i = 0;
	let j = 0;
	for (let from = 0; from < text.length; from += MASK_CHUNK_CHARS) {
		const to = Math.min(from + MASK_CHUNK_CHARS, text.length);
		buf.write(text.slice(from, to), 0, encoding);
		const blankSpan = (start: number, end: number): void => {
			const b = Math.min(end, to);
			for (let k = Math.max(start, from); k < b; k++) {
				const c = units[k - from];
				if (c !== 10 && c !== 13) {
					units[k - from] = 32;
				}
			}
		};
		// Spans are sorted; one that reaches past this piece is blanked again in the next.
		for (; i < comments.length && comments[i].start < to; i++) {
			blankSpan(comments[i].start, comments[i].end);
			if (comments[i].end > to) {
				break;
			}
		}
		for (; j < strings.count && strings.start(j) < to; j++) {
			blankSpan(strings.start(j), strings.end(j));
			if (strings.end(j) > to) {
				break;
			}
		}
		parts.push(buf.toString(encoding, 0, encoding === 'latin1' ? to - from : 2 * (to - from)));
	}
	return parts.join('');
}

/** Whether every character past Latin-1 lies in a comment or string span (both lists sorted, disjoint). */
function wideCharsMasked(text: string, comments: readonly Comment[], strings: ReturnType<typeof stringPairs>): boolean {
	const wide = new RegExp(NOT_LATIN1.source, 'g');
	let i = 0;
	let j = 0;
	for (let m = wide.exec(text); m !== null; m = wide.exec(text)) {
		const k = m.index;
		while (i < comments.length && comments[i].end <= k) {
			i++;
		}
		while (j < strings.count && strings.end(j) <= k) {
			j++;
		}
		if (i < comments.length && comments[i].start <= k) {
			wide.lastIndex = comments[i].end;
		} else if (j < strings.count && strings.start(j) <= k) {
			wide.lastIndex = strings.end(j);
		} else {
			return false;
		}
	}
	return true;
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
