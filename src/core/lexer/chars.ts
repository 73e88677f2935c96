/**
 * Character classes for the lexer, as lookup tables over UTF-16 code units so the hot loops stay
 * on `charCodeAt` without regular expressions.
 */

const IDENT_TABLE = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
	const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	const digit = c >= 48 && c <= 57;
	// 1: may start an identifier, 2: may continue one.
	IDENT_TABLE[c] = letter || c === 95 || c === 36 ? 3 : digit ? 2 : 0;
}

/** Non-ASCII code units the lexer treats as whitespace (NBSP, BOM, the Unicode spaces). */
function isWideSpace(c: number): boolean {
	return c === 0xa0 || c === 0xfeff || c === 0x3000 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)
		|| c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f;
}

/** Whitespace, line breaks included. */
export function isSpace(c: number): boolean {
	return c === 32 || (c >= 9 && c <= 13) || (c >= 128 && isWideSpace(c));
}

/** May start an identifier: ASCII letter, `_`, `$`, or any non-ASCII, non-space code unit. */
export function isIdentStart(c: number): boolean {
	return c < 128 ? (IDENT_TABLE[c] & 1) !== 0 : !isWideSpace(c);
}

/** May continue an identifier: as {@link isIdentStart}, plus digits. */
export function isIdentPart(c: number): boolean {
	return c < 128 ? IDENT_TABLE[c] !== 0 : !isWideSpace(c);
}

/** ASCII decimal digit. */
export function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** ASCII letter. */
export function isLetter(c: number): boolean {
	return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** End (exclusive) of the identifier starting at `i`, scanning no further than `limit`. */
export function identEnd(text: string, i: number, limit: number): number {
	while (i < limit && isIdentPart(text.charCodeAt(i))) {
		i++;
	}
	return i;
}

/**
 * End of a numeric literal starting at `i`: digits, letters (hex, suffixes), `_`, `.`, a sign after
 * an exponent, and `'` digit separators when `quoteSeparators` (C++14).
 */
export function numberEnd(text: string, i: number, limit: number, quoteSeparators: boolean): number {
	while (i < limit) {
		const c = text.charCodeAt(i);
		if (c < 128 && (IDENT_TABLE[c] !== 0 || c === 46)) {
			i++;
		} else if ((c === 43 || c === 45) && i > 0 && (text.charCodeAt(i - 1) | 32) === 101) {
			i++;
		} else if (c === 39 && quoteSeparators && i + 1 < limit && IDENT_TABLE[text.charCodeAt(i + 1) & 127] !== 0) {
			i++;
		} else {
			break;
		}
	}
	return i;
}

/** Whether `text` at `i` holds `word` in ASCII-case-insensitive form. */
export function startsWithIgnoreCase(text: string, i: number, word: string): boolean {
	if (i + word.length > text.length) {
		return false;
	}
	for (let k = 0; k < word.length; k++) {
		const a = text.charCodeAt(i + k);
		const b = word.charCodeAt(k);
		if (a !== b && !(isLetter(a) && (a | 32) === (b | 32))) {
			return false;
		}
	}
	return true;
}

/** Words grouped by length, for allocation-free membership tests with {@link inWordSet}. */
export type WordSet = readonly (readonly string[] | undefined)[];

/** Groups `words` by length. */
export function wordSet(words: readonly string[]): WordSet {
	const byLength: string[][] = [];
	for (const w of words) {
		(byLength[w.length] ??= []).push(w);
	}
	return byLength;
}

/** Whether `text[a, e)` is one of the words of `set`. */
export function inWordSet(set: WordSet, text: string, a: number, e: number): boolean {
	const words = set[e - a];
	if (words === undefined) {
		return false;
	}
	for (const w of words) {
		if (text.startsWith(w, a)) {
			return true;
		}
	}
	return false;
}
