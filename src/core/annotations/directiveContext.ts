/**
 * What an editor needs to know about the `@iso27001…` directive on one line, without a catalog:
 * whether the cursor is where a control ID (or an ignore category) goes, for completion, and which
 * ID or category token lies under a position, for hover. Tokenization follows `directives.ts`:
 * IDs separated by commas and/or spaces, the first token that is no ID starts the rationale, and a
 * separator glued to an ID (`A.8.24:`) ends the list. Columns are 0-based UTF-16 offsets in the line.
 */

/** Which directive a line holds. */
export type DirectiveWord = 'controls' | 'file' | 'ignore';

/** Where completion may offer something: the partial token before the cursor and its span. */
export interface DirectiveContext {
	/** `ids` after `@iso27001` / `@iso27001-file`; `category` after `@iso27001-ignore`. */
	readonly kind: 'ids' | 'category';
	readonly directive: DirectiveWord;
	/** The token's text from its start to the cursor (empty right after a separator). */
	readonly partial: string;
	/** Column where the token starts (where an inserted ID begins). */
	readonly start: number;
	/** Column where the token under the cursor ends (≥ the cursor), for a replacing range. */
	readonly end: number;
	/** Column of the directive's `@`. */
	readonly markerStart: number;
	/** The IDs already written before this token in the same directive. */
	readonly present: readonly string[];
}

/** An ID or category token of a directive, as written, and its span. */
export interface DirectiveToken {
	readonly kind: 'id' | 'category';
	readonly directive: DirectiveWord;
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

/** Tells whether a token is meant as a control ID (the catalog's resolver, or the default below). */
export type LooksLikeId = (token: string) => boolean;

const MARKER = '@iso27001';
/** Tokens that start a rationale when they come first (directives.ts `SEPARATORS`). */
const SEPARATOR_TOKEN = /^(-|--|—|–|:|—:|->)$/;
/** An ID with a separator glued to it (`A.8.24:`, `A.8.24—why`). */
const GLUED = /^(.*?)(—|–|:|--)(.*)$/;
/** Characters that can only belong to a rationale separator, never to an ID being typed. */
const SEPARATOR_CHAR = /[—–:]/;

/** Annex A shaped tokens (`A.8.24`, `A8.24`, `a.9.4.1`) and, for custom catalogs, word-ish tokens with a digit. */
export const defaultLooksLikeId: LooksLikeId = (token) => /^A\.?\d/i.test(token) || (/\d/.test(token) && /^[\p{L}\p{N}._-]+$/u.test(token));

function isWordChar(code: number): boolean {
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The directive whose marker is the last one at or before `column`: its word and where its body starts. */
function directiveBefore(line: string, column: number): { directive: DirectiveWord; markerStart: number; bodyStart: number; bodyEnd: number } | null {
	const at = line.lastIndexOf(MARKER, Math.max(0, column - 1));
	if (at === -1 || (at > 0 && isWordChar(line.charCodeAt(at - 1)))) {
		return null;
	}
	let p = at + MARKER.length;
	let directive: DirectiveWord = 'controls';
	if (line.charCodeAt(p) === 45 /* - */) {
		const word = /^-[A-Za-z]+/.exec(line.slice(p, p + 20))?.[0] ?? '-';
		if (word === '-file') {
			directive = 'file';
		} else if (word === '-ignore') {
			directive = 'ignore';
		} else {
			return null;
		}
		p += word.length;
	} else if (p < line.length && isWordChar(line.charCodeAt(p))) {
		return null;
	}
	// The directive runs to the next marker on the line, or to the end of the line.
	const next = line.indexOf(MARKER, p);
	return { directive, markerStart: at, bodyStart: p, bodyEnd: next === -1 ? line.length : next };
}

/**
 * The directive context at `column` of `line`: non-null only where an ID (after `@iso27001 ` or
 * `@iso27001-file `, after each separator) or a category (right after `@iso27001-ignore `) is being
 * written, i.e. before the rationale starts. `lineEnd` limits the directive (e.g. a block comment's
 * `*\/` on the same line); the caller checks that the marker is inside a comment.
 */
export function directiveContextAt(line: string, column: number, looksLikeId: LooksLikeId = defaultLooksLikeId, lineEnd = line.length): DirectiveContext | null {
	if (column < 0 || column > Math.min(line.length, lineEnd)) {
		return null;
	}
	const d = directiveBefore(line, column);
	if (!d || column <= d.bodyStart || column > d.bodyEnd) {
		return null;
	}
	// The body starts with a space (`@iso27001 A.8.24`), never glued to the directive word.
	if (!/\s/.test(line.charAt(d.bodyStart))) {
		return null;
	}
	const present: string[] = [];
	const re = /[^\s,]+/g;
	re.lastIndex = d.bodyStart;
	const before = line.slice(0, column);
	for (let m = re.exec(before); m; m = re.exec(before)) {
		const token = m[0];
		const tokenEnd = m.index + token.length;
		if (tokenEnd === column) {
			// The token the cursor is in (or right after): the partial.
			if (SEPARATOR_TOKEN.test(token) || SEPARATOR_CHAR.test(token) || (d.directive === 'ignore' && present.length > 0)) {
				return null;
			}
			const rest = /^[^\s,]*/.exec(line.slice(column, Math.min(d.bodyEnd, lineEnd)))?.[0] ?? '';
			return {
				kind: d.directive === 'ignore' ? 'category' : 'ids', directive: d.directive,
				partial: token, start: m.index, end: column + rest.length, markerStart: d.markerStart, present,
			};
		}
		// A complete token: an ID keeps the list open; anything else (or a glued separator) starts the rationale.
		if (d.directive === 'ignore' || GLUED.test(token) || !looksLikeId(token)) {
			return null;
		}
		present.push(token);
	}
	// Right after a separator: an empty partial, unless the ignore directive already has its category.
	if (d.directive === 'ignore' && present.length > 0) {
		return null;
	}
	const rest = /^[^\s,]*/.exec(line.slice(column, Math.min(d.bodyEnd, lineEnd)))?.[0] ?? '';
	return {
		kind: d.directive === 'ignore' ? 'category' : 'ids', directive: d.directive,
		partial: '', start: column, end: column + rest.length, markerStart: d.markerStart, present,
	};
}

/**
 * The ID (or, after `@iso27001-ignore`, category) token of a directive that contains `column` (its
 * end counts too), as the engine reads it: only the leading IDs, not words of the rationale.
 */
export function directiveTokenAt(line: string, column: number, looksLikeId: LooksLikeId = defaultLooksLikeId, lineEnd = line.length): DirectiveToken | null {
	const d = directiveBefore(line, Math.min(line.length, column + 1));
	if (!d || column < d.bodyStart) {
		return null;
	}
	const end = Math.min(d.bodyEnd, lineEnd);
	const body = line.slice(0, end);
	const re = /[^\s,]+/g;
	re.lastIndex = d.bodyStart;
	const isId = d.directive === 'ignore' ? () => true : looksLikeId;
	const kind = d.directive === 'ignore' ? 'category' : 'id';
	for (let m = re.exec(body); m; m = re.exec(body)) {
		let token = m[0];
		const glued = GLUED.exec(token);
		const last = glued !== null && glued[1] !== '' && isId(glued[1]);
		if (last) {
			token = glued[1];
		} else if (!isId(token)) {
			return null;
		}
		if (m.index <= column && column <= m.index + token.length) {
			return { kind, directive: d.directive, text: token, start: m.index, end: m.index + token.length };
		}
		if (last || d.directive === 'ignore' || m.index > column) {
			return null;
		}
	}
	return null;
}
