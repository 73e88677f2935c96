/**
 * Scopes in documents (Markdown, AsciiDoc, reStructuredText), which have sections rather than
 * declarations: an annotation directly above a heading covers that heading's section (kind
 * `declaration`, the heading as symbol); elsewhere it covers the rest of the section it sits in,
 * from the next text on (kind `statement`); a comment trailing a line of text covers that line.
 */
import { maskNonCode } from '../lexer';
import type { Comment, LexResult, Scope } from '../types';

/** A section heading: its lines (an overline or underline included), level and title. */
interface Heading {
	readonly startLine: number;
	readonly endLine: number;
	readonly level: number;
	readonly title: string;
}

const MD_ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const MD_SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const ADOC_HEADING = /^(={1,6}|#{1,6})[ \t]+(\S.*?)[ \t]*$/;
const RST_ADORNMENT = /^([!-/:-@[-`{-~])\1+[ \t]*$/;

/** Resolves the scopes of annotations in one document. */
export class DocumentResolver {
	/** Lines of the text with comments and literal text blanked (headings are looked for there). */
	private readonly masked: string[];
	/** Lines of the text with comments blanked (literal text counts as content). */
	private readonly content: string[];
	private readonly headings: Heading[];

	constructor(text: string, lex: LexResult, languageId: string) {
		this.masked = maskNonCode(text, lex).split('\n');
		this.content = maskNonCode(text, { comments: lex.comments, strings: [] }).split('\n');
		this.headings = languageId === 'restructuredtext' ? rstHeadings(this.masked)
			: languageId === 'asciidoc' ? simpleHeadings(this.masked, ADOC_HEADING) : markdownHeadings(this.masked);
	}

	/** The scope of one (non-file-level) annotation comment. */
	resolve(comment: Comment): Scope {
		const enclosing = this.headingBefore(comment.line);
		if (comment.trailing) {
			return { kind: 'statement', startLine: comment.line, endLine: comment.line, symbol: enclosing?.title ?? null };
		}
		const next = this.nextContentLine(comment.endLine + 1);
		const heading = next === null ? undefined : this.headings.find((h) => h.startLine === next);
		if (heading !== undefined) {
			return { kind: 'declaration', startLine: heading.startLine, endLine: this.sectionEnd(heading), symbol: heading.title };
		}
		const start = next ?? comment.line;
		return { kind: 'statement', startLine: start, endLine: Math.max(start, this.sectionEnd(enclosing)), symbol: enclosing?.title ?? null };
	}

	private headingBefore(line: number): Heading | undefined {
		let found: Heading | undefined;
		for (const h of this.headings) {
			if (h.endLine >= line) {
				break;
			}
			found = h;
		}
		return found;
	}

	/** The first line at or after `line` (1-based) holding something but blanks and comments, or null. */
	private nextContentLine(line: number): number | null {
		for (let k = line - 1; k < this.content.length; k++) {
			if (this.content[k].trim() !== '') {
				return k + 1;
			}
		}
		return null;
	}

	/** The last non-blank line of the section of `h` (the whole document when undefined). */
	private sectionEnd(h: Heading | undefined): number {
		const next = h === undefined ? undefined : this.headings.find((o) => o.startLine > h.endLine && o.level <= h.level);
		let last = next === undefined ? this.content.length : next.startLine - 1;
		while (last > 1 && this.content[last - 1].trim() === '') {
			last--;
		}
		return last;
	}
}

/** One heading per line matching `re` (ATX-style: the marker's length is the level). */
function simpleHeadings(lines: readonly string[], re: RegExp): Heading[] {
	const out: Heading[] = [];
	lines.forEach((text, k) => {
		const m = re.exec(text.trimEnd());
		if (m !== null) {
			out.push({ startLine: k + 1, endLine: k + 1, level: m[1].length, title: (m[2] ?? '').trim() });
		}
	});
	return out;
}

/** Markdown ATX headings (`## Title`) and setext headings (a line underlined with `===` or `---`). */
function markdownHeadings(lines: readonly string[]): Heading[] {
	const out = simpleHeadings(lines, MD_ATX);
	const atx = new Set(out.map((h) => h.startLine));
	for (let k = 1; k < lines.length; k++) {
		const m = MD_SETEXT.exec(lines[k]);
		const title = lines[k - 1].trim();
		if (m !== null && title !== '' && !atx.has(k) && !atx.has(k + 1) && !MD_SETEXT.test(lines[k - 1])) {
			out.push({ startLine: k, endLine: k + 1, level: m[1][0] === '=' ? 1 : 2, title });
		}
	}
	return out.sort((a, b) => a.startLine - b.startLine);
}

/**
 * reStructuredText section titles: a line of text underlined (and maybe overlined) with a repeated
 * punctuation character; levels follow the order in which the styles first appear.
 */
function rstHeadings(lines: readonly string[]): Heading[] {
	const out: Heading[] = [];
	const styles: string[] = [];
	for (let k = 1; k < lines.length; k++) {
		const under = RST_ADORNMENT.exec(lines[k]);
		const title = lines[k - 1].trim();
		if (under === null || title === '' || RST_ADORNMENT.test(lines[k - 1]) || /^\s/.test(lines[k - 1])) {
			continue;
		}
		if (lines[k].trimEnd().length < Math.min(title.length, 4)) {
			continue;
		}
		const over = k >= 2 && lines[k - 2].trimEnd() === lines[k].trimEnd();
		const style = `${under[1]}${over ? 'o' : ''}`;
		if (!styles.includes(style)) {
			styles.push(style);
		}
		out.push({ startLine: over ? k - 1 : k, endLine: k + 1, level: styles.indexOf(style) + 1, title });
	}
	return out;
}
