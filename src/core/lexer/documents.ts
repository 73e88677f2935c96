/**
 * Documents: Markdown, AsciiDoc and reStructuredText. Only their real comments are comments
 * (Markdown `<!-- -->`, AsciiDoc `//` lines and `////` blocks, reStructuredText `..` comments);
 * literal text (fenced and delimited code blocks, code spans, rST literal blocks and code
 * directives) is a string span, so an annotation shown as an example is no annotation. Prose is code.
 */
import { blockComment, lineComment } from './primitives';
import type { Scanner } from './scanner';

/** The text of the line `[pos, eol)` without its CR. */
function lineText(s: Scanner, pos: number, eol: number): string {
	return s.text.slice(pos, s.trimCr(eol, pos));
}

/** Offset after the line ending at `eol` (its `\n`), or the region's limit. */
function nextLine(s: Scanner, eol: number): number {
	return Math.min(eol + 1, s.limit);
}

/**
 * A delimited block from its opening line at `pos` (ending at `eol`) to the first later line that
 * `closes`; the whole block (delimiters included) is a string span. Unterminated: to the end.
 */
function delimitedLiteral(s: Scanner, pos: number, eol: number, closes: (line: string) => boolean): number {
	let p = nextLine(s, eol);
	while (p < s.limit) {
		const e = s.eol(p);
		if (closes(lineText(s, p, e))) {
			s.addString(pos, s.trimCr(e, p));
			return nextLine(s, e);
		}
		p = nextLine(s, e);
	}
	s.addString(pos, s.limit);
	return s.limit;
}

const MD_FENCE = /^ {0,3}(`{3,}|~{3,})([^`]*)$/;

/** Markdown: fenced code blocks and code spans are strings, `<!-- -->` are comments. */
export function lexMarkdown(s: Scanner, start: number): void {
	const spans = new CodeSpans(s);
	let pos = start;
	let atLineStart = true;
	while (pos < s.limit) {
		const eol = s.eol(pos);
		const fence = atLineStart ? MD_FENCE.exec(lineText(s, pos, eol)) : null;
		if (fence !== null && (fence[1][0] === '~' || !fence[2].includes('`'))) {
			const [char, len] = [fence[1][0], fence[1].length];
			const close = new RegExp(`^ {0,3}\\${char}{${len},}\\s*$`);
			pos = delimitedLiteral(s, pos, eol, (line) => close.test(line));
			continue;
		}
		const next = markdownInline(s, pos, eol, spans);
		atLineStart = next === eol;
		pos = atLineStart ? nextLine(s, eol) : next;
	}
}

/**
 * Inline Markdown of `[pos, eol)`: returns `eol` when the line is done, or the offset after a
 * comment or code span that ran past it (lexing resumes there, mid-line).
 */
function markdownInline(s: Scanner, pos: number, eol: number, spans: CodeSpans): number {
	const t = s.text;
	let i = pos;
	while (i < eol) {
		const c = t.charCodeAt(i);
		if (c === 92) { // \ escapes the next character
			i += 2;
		} else if (c === 60 && t.startsWith('<!--', i)) {
			return blockComment(s, i, '<!--', '-->');
		} else if (c === 96) {
			const end = spans.at(i);
			if (end > eol) {
				return end;
			}
			i = end;
		} else {
			i++;
		}
	}
	return eol;
}

/** Code spans (`` `code` ``): a backtick run closed by a run of the same length in the same paragraph. */
class CodeSpans {
	private paraEnd = -1;
	/** Run lengths known to have no closing run before `paraEnd`. */
	private readonly unclosed = new Set<number>();

	constructor(private readonly s: Scanner) {}

	/** The backtick run at `i`: records the span when it closes; returns the offset after the span or run. */
	at(i: number): number {
		const t = this.s.text;
		const n = runLength(t, i, 96);
		if (i >= this.paraEnd) {
			this.paraEnd = paragraphEnd(this.s, i);
			this.unclosed.clear();
		}
		if (this.unclosed.has(n)) {
			return i + n;
		}
		for (let k = t.indexOf('`', i + n); k >= 0 && k < this.paraEnd; k = t.indexOf('`', k)) {
			const m = runLength(t, k, 96);
			if (m === n) {
				this.s.addString(i, k + n);
				return k + n;
			}
			k += m;
		}
		this.unclosed.add(n);
		return i + n;
	}
}

function runLength(t: string, i: number, code: number): number {
	let k = i;
	while (t.charCodeAt(k) === code) {
		k++;
	}
	return k - i;
}

/** The end of the paragraph holding `i`: the start of the next blank line, or the region's end. */
function paragraphEnd(s: Scanner, i: number): number {
	const blank = /\n[ \t]*\r?(?:\n|$)/g;
	blank.lastIndex = i;
	const m = blank.exec(s.text);
	return m === null ? s.limit : Math.min(m.index, s.limit);
}

const ADOC_COMMENT_BLOCK = /^(\/{4,})\s*$/;
const ADOC_LITERAL_BLOCK = /^(-{4,}|\.{4,}|\+{4,})\s*$|^(`{3,})[\w+#.-]*\s*$/;

/** AsciiDoc: `//` comment lines, `////` comment blocks; listing, literal and passthrough blocks are strings. */
export function lexAsciiDoc(s: Scanner, start: number): void {
	let pos = start;
	while (pos < s.limit) {
		const eol = s.eol(pos);
		const line = lineText(s, pos, eol);
		const block = ADOC_COMMENT_BLOCK.exec(line);
		const literal = block === null ? ADOC_LITERAL_BLOCK.exec(line) : null;
		if (block !== null) {
			pos = commentBlock(s, pos, eol, block[1]);
		} else if (literal !== null) {
			const delimiter = literal[1] ?? literal[2];
			pos = delimitedLiteral(s, pos, eol, (l) => l.trimEnd() === delimiter);
		} else {
			if (line.startsWith('//') && line.charCodeAt(2) !== 47) {
				lineComment(s, pos, 2, eol);
			}
			pos = nextLine(s, eol);
		}
	}
}

/** A `////` block: the comment runs to the line with the same delimiter (or the end). */
function commentBlock(s: Scanner, pos: number, eol: number, delimiter: string): number {
	const contentStart = nextLine(s, eol);
	for (let p = contentStart; p < s.limit;) {
		const e = s.eol(p);
		if (lineText(s, p, e).trimEnd() === delimiter) {
			const end = s.trimCr(e, p);
			s.addComment('block', pos, end, contentStart, p);
			return nextLine(s, e);
		}
		p = nextLine(s, e);
	}
	s.addComment('block', pos, s.limit, contentStart, s.limit);
	return s.limit;
}

/** Directives whose body is literal text, not reStructuredText. */
const RST_LITERAL_DIRECTIVES = new Set([
	'code', 'code-block', 'sourcecode', 'literalinclude', 'raw', 'highlight', 'math', 'parsed-literal', 'csv-table', 'ipython',
	'doctest', 'testcode', 'testoutput', 'prompt', 'productionlist',
]);
const RST_DIRECTIVE = /^\.\.\s+([^\s:]+(?::[^\s:]+)*)::(?:\s|$)/;
const RST_MARKUP = /^\.\.(?:\s|$)/;

/** The indentation of a line (tabs count as one column, enough to compare with the lines around). */
function indentOf(line: string): number {
	return line.length - line.trimStart().length;
}

/**
 * The end of the indented body of a line with indentation `indent` that ends at `eol`: the end of
 * the last non-blank line after it indented deeper (blank lines may sit between), or -1 when none.
 */
function bodyEnd(s: Scanner, eol: number, indent: number): number {
	let end = -1;
	for (let p = nextLine(s, eol); p < s.limit && p > eol;) {
		const e = s.eol(p);
		const line = lineText(s, p, e);
		if (line.trim() !== '') {
			if (indentOf(line) <= indent) {
				break;
			}
			end = s.trimCr(e, p);
		}
		p = nextLine(s, e);
	}
	return end;
}

/**
 * reStructuredText: `..` comments (with their indented continuation lines) are comments; literal
 * blocks (after `::`) and the bodies of code directives are strings; other explicit markup
 * (directives, targets, substitutions, footnotes) is code.
 */
export function lexRst(s: Scanner, start: number): void {
	let pos = start;
	let literalAfter = -1;
	while (pos < s.limit) {
		const eol = s.eol(pos);
		const line = lineText(s, pos, eol);
		const text = line.trimStart();
		const indent = line.length - text.length;
		let end = -1;
		if (text === '') {
			pos = nextLine(s, eol);
			continue;
		}
		const literal = literalAfter >= 0 && indent > literalAfter;
		if (literal) {
			end = Math.max(s.trimCr(eol, pos), bodyEnd(s, eol, literalAfter));
			s.addString(pos, end);
		} else if (RST_MARKUP.test(text)) {
			end = rstExplicit(s, pos + indent, eol, indent, text);
		}
		literalAfter = !literal && text.endsWith('::') && !RST_MARKUP.test(text) ? indent : -1;
		pos = end >= 0 ? nextLine(s, s.eol(end)) : nextLine(s, eol);
	}
}

/** An explicit markup line (`..` at `at`): a comment, or a directive whose body may be literal. Returns the end of what it took, or -1. */
function rstExplicit(s: Scanner, at: number, eol: number, indent: number, text: string): number {
	const directive = RST_DIRECTIVE.exec(text);
	if (directive !== null) {
		const body = RST_LITERAL_DIRECTIVES.has(directive[1].toLowerCase()) ? bodyEnd(s, eol, indent) : -1;
		if (body >= 0) {
			s.addString(nextLine(s, eol), body);
		}
		return body;
	}
	const rest = text.slice(2).trim();
	if (/^[_|[]/.test(rest)) {
		return -1; // a hyperlink target, substitution definition, footnote or citation
	}
	// `..` alone, then a blank line, is an empty comment: the indented block after it is not part of it.
	const after = nextLine(s, eol);
	const emptyThenBlank = rest === '' && (after >= s.limit || lineText(s, after, s.eol(after)).trim() === '');
	const body = emptyThenBlank ? -1 : bodyEnd(s, eol, indent);
	const end = Math.max(s.trimCr(eol, at), body);
	s.addComment(body >= 0 ? 'block' : 'line', at, end, at + 2, end);
	return end;
}
