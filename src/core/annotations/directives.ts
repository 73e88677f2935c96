import type { Comment } from '../types';
import type { LineIndex } from '../text/lineIndex';

/** Which `@iso27001…` directive a comment carries. */
export type DirectiveKind = 'controls' | 'file' | 'ignore';

/** A token of a directive with its position (1-based line and column). */
export interface PositionedToken {
	readonly text: string;
	readonly line: number;
	readonly column: number;
}

/**
 * One directive as written, before IDs are checked against a catalog. `ids` holds the tokens that
 * look like control IDs (for `ignore`: the category token); everything after them is `rationale`.
 */
export interface RawDirective {
	readonly kind: DirectiveKind;
	readonly comment: Comment;
	/** Position of the `@`. */
	readonly line: number;
	readonly column: number;
	/** Offset just after the directive's text (its end of line in the comment). */
	readonly endColumn: number;
	readonly ids: readonly PositionedToken[];
	readonly rationale: string;
	/** Set when the directive word itself is unknown (`@iso27001-foo`) or it holds no ID. */
	readonly malformed?: string;
}

const MARKER = '@iso27001';
const SEPARATORS = new Set(['-', '--', '—', '–', ':', '—:', '->']);

/** Tells whether a token is meant as a control ID rather than the first word of a rationale. */
export type IdShape = (token: string) => boolean;

/**
 * Finds every `@iso27001`, `@iso27001-file` and `@iso27001-ignore` directive inside the given
 * comments. A directive runs to the end of its line within the comment (or to the next directive on
 * that line). Never throws.
 */
export function findDirectives(text: string, comments: readonly Comment[], looksLikeId: IdShape, lines: LineIndex): RawDirective[] {
	const out: RawDirective[] = [];
	for (const comment of comments) {
		let at = text.indexOf(MARKER, comment.contentStart);
		while (at !== -1 && at < comment.contentEnd) {
			const next = parseDirectiveAt(text, at, comment, looksLikeId, lines);
			if (next.directive) {
				out.push(next.directive);
			}
			at = text.indexOf(MARKER, next.resumeAt);
		}
	}
	return out;
}

function isWordChar(code: number): boolean {
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

function parseDirectiveAt(
	text: string, at: number, comment: Comment, looksLikeId: IdShape, lines: LineIndex,
): { directive?: RawDirective; resumeAt: number } {
	// An e-mail address or a longer word (`foo@iso27001`, `@iso270011`) is not a directive.
	if (at > 0 && isWordChar(text.charCodeAt(at - 1))) {
		return { resumeAt: at + MARKER.length };
	}
	let p = at + MARKER.length;
	let kind: DirectiveKind = 'controls';
	let malformed: string | undefined;
	if (text.charCodeAt(p) === 45 /* - */) {
		const word = /^-[A-Za-z]+/.exec(text.slice(p, p + 20))?.[0] ?? '-';
		if (word === '-file') {
			kind = 'file';
		} else if (word === '-ignore') {
			kind = 'ignore';
		} else {
			malformed = `unknown directive '@iso27001${word}'; expected @iso27001, @iso27001-file or @iso27001-ignore`;
		}
		p += word.length;
	} else if (p < text.length && isWordChar(text.charCodeAt(p))) {
		return { resumeAt: p };
	}
	const end = directiveEnd(text, p, comment.contentEnd);
	const start = lines.position(at);
	const body = tokenize(text, p, end, kind === 'ignore' ? () => true : looksLikeId, kind === 'ignore' ? 1 : Infinity, lines);
	if (!malformed && body.ids.length === 0) {
		malformed = kind === 'ignore'
			? '@iso27001-ignore needs a category, then a reason'
			: `@iso27001${kind === 'file' ? '-file' : ''} needs at least one control ID, e.g. A.8.24`;
	}
	const directive: RawDirective = {
		kind, comment, line: start.line, column: start.column,
		endColumn: lines.position(end).column,
		ids: body.ids, rationale: body.rationale, malformed,
	};
	return { directive, resumeAt: end };
}

/** End of a directive: the end of its line inside the comment, or the next directive on it. */
function directiveEnd(text: string, from: number, contentEnd: number): number {
	let end = text.indexOf('\n', from);
	if (end === -1 || end > contentEnd) {
		end = contentEnd;
	}
	const next = text.indexOf(MARKER, from);
	if (next !== -1 && next < end) {
		end = next;
	}
	// Exclude a CR of a CRLF line ending.
	return end > from && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
}

/**
 * Splits the directive body into leading ID tokens (separated by commas and/or spaces) and the
 * rationale. An optional separator (`-`, `--`, `—`, `–`, `:`) before the rationale is dropped.
 */
function tokenize(
	text: string, from: number, end: number, looksLikeId: IdShape, maxIds: number, lines: LineIndex,
): { ids: PositionedToken[]; rationale: string } {
	const ids: PositionedToken[] = [];
	const re = /[^\s,]+/g;
	re.lastIndex = from;
	const segment = text.slice(0, end);
	let restStart = end;
	for (let m = re.exec(segment); m; m = re.exec(segment)) {
		let token = m[0];
		// `A.8.24:` or `A.8.24—why`: split an ID from a separator glued to it.
		const glued = /^(.*?)(—|–|:|--)(.*)$/.exec(token);
		if (glued && glued[1] && ids.length < maxIds && looksLikeId(glued[1])) {
			token = glued[1];
			const pos = lines.position(m.index);
			ids.push({ text: token, ...pos });
			restStart = m.index + token.length;
			break;
		}
		if (ids.length < maxIds && looksLikeId(token)) {
			ids.push({ text: token, ...lines.position(m.index) });
			restStart = end;
			continue;
		}
		restStart = m.index;
		break;
	}
	return { ids, rationale: cleanRationale(text.slice(restStart, end)) };
}

function cleanRationale(raw: string): string {
	let s = raw.trim();
	const first = /^\S+/.exec(s)?.[0];
	if (first && SEPARATORS.has(first)) {
		s = s.slice(first.length).trim();
	} else if (/^[—–:]/.test(s)) {
		s = s.slice(1).trim();
	}
	// Trailing decoration of block comments written on one line (`… */` is already excluded;
	// a lone `*` or `-->` left by unusual styles is not part of the rationale).
	return s.replace(/\s*(\*+|-->)$/, '').replace(/\s+/g, ' ');
}
