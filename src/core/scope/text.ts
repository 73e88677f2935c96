import type { Comment, LexResult, Scope, ScopeKind } from '../types';
import { LineIndex } from '../text/lineIndex';

export { LineIndex };

/** True for space, tab, CR, LF, form feed, vertical tab and the BOM. */
export function isSpace(code: number): boolean {
	return code === 32 || (code >= 9 && code <= 13) || code === 0xfeff || code === 0xa0;
}

/**
 * The text of one file with its comments, for walking over code: finds the next and previous code
 * character while stepping over whitespace and comments (strings are code here).
 */
export class CodeText {
	readonly lines: LineIndex;
	private readonly comments: readonly Comment[];

	constructor(readonly text: string, lex: LexResult) {
		this.lines = new LineIndex(text);
		this.comments = [...lex.comments].sort((a, b) => a.start - b.start);
	}

	/** Offset of the first code character at or after `from`, or -1 when only comments and blanks follow. */
	nextCode(from: number): number {
		let i = from;
		let c = Math.max(0, this.commentIndexAtOrAfter(i) - 1);
		while (i < this.text.length) {
			if (isSpace(this.text.charCodeAt(i))) {
				i++;
				continue;
			}
			while (c < this.comments.length && this.comments[c].end <= i) {
				c++;
			}
			const comment = this.comments[c];
			if (comment !== undefined && comment.start <= i) {
				i = Math.max(comment.end, i + 1);
				continue;
			}
			return i;
		}
		return -1;
	}

	/** Offset of the last code character before `before`, or -1 when only comments and blanks precede. */
	prevCode(before: number): number {
		let i = before - 1;
		let c = this.commentIndexAtOrAfter(before) - 1;
		while (i >= 0) {
			if (isSpace(this.text.charCodeAt(i))) {
				i--;
				continue;
			}
			while (c >= 0 && this.comments[c].start > i) {
				c--;
			}
			const comment = this.comments[c];
			if (comment !== undefined && comment.end > i) {
				i = Math.min(comment.start, i) - 1;
				continue;
			}
			return i;
		}
		return -1;
	}

	/** Index of the first comment whose start is at or after `offset`. */
	private commentIndexAtOrAfter(offset: number): number {
		let lo = 0;
		let hi = this.comments.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.comments[mid].start < offset) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
}

/** The whole-file scope. */
export function fileScope(lines: LineIndex): Scope {
	return { kind: 'file', startLine: 1, endLine: Math.max(1, lines.lineCount), symbol: null };
}

/** A scope over the offsets `[start, end)`, trailing whitespace of the range ignored. */
export function rangeScope(lines: LineIndex, kind: ScopeKind, start: number, end: number, symbol: string | null): Scope {
	let last = Math.max(start, end - 1);
	while (last > start && isSpace(lines.text.charCodeAt(last))) {
		last--;
	}
	return { kind, startLine: lines.lineAt(start), endLine: lines.lineAt(last), symbol };
}

/** The line of the first code after `offset` as a statement, or the file when no code follows. */
export function lineScopeAfter(code: CodeText, offset: number): Scope {
	const q = code.nextCode(offset);
	if (q < 0) {
		return fileScope(code.lines);
	}
	const line = code.lines.lineAt(q);
	return { kind: 'statement', startLine: line, endLine: line, symbol: null };
}
