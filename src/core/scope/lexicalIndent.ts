import type { Comment, Scope } from '../types';
import { describeHeader, type HeaderInfo } from './lexicalHeader';
import { type CodeText, fileScope } from './text';

/** A line at the header's indentation that closes its block (`end`, `fi`, `}`). */
const CLOSERS = /^(?:end|fi|done|esac|endif|endfor|endwhile|endfunction|endmodule|[}\])])(?![\w-])/;
/** A line at the header's indentation that continues its statement (`else:`, `rescue`). */
const FOLLOW_UPS = /^(?:else|elif|elsif|except|finally|rescue|ensure|catch|when|case)\b/;
/** Section headers of INI-like files, which own the lines up to the next header. */
const SECTION_LANGUAGES = new Set(['toml', 'ini', 'properties', 'editorconfig', 'gitconfig', 'desktop']);
const SECTION = /^\s*\[[^\]]*\]+\s*$/;
/** YAML dialects, where `- item` lines may sit at their key's indentation. */
const YAML_LANGUAGES = new Set(['yaml', 'dockercompose', 'github-actions-workflow']);

/**
 * The lexical resolver for languages whose blocks are marked by indentation (Python, YAML, …) or
 * by keywords on their own line (Ruby, Lua, shell): a statement covers the following lines that are
 * indented deeper than its first line, plus a closing `end`-like line.
 */
export class IndentBlocks {
	constructor(
		private readonly code: CodeText,
		private readonly masked: string,
		private readonly languageId: string,
	) {}

	/** The scope of one (non-file-level) annotation comment. */
	resolve(comment: Comment): Scope {
		const lines = this.code.lines;
		if (comment.kind === 'doc' && this.languageId === 'python') {
			const owner = this.docstringOwner(comment);
			if (owner !== undefined) {
				return owner;
			}
		}
		if (comment.trailing) {
			const p = this.code.prevCode(comment.start);
			if (p >= 0) {
				return this.blockScope(this.statementStartLine(p), null);
			}
		}
		const q = this.code.nextCode(comment.end);
		if (q < 0 || lines.column(comment.start) > this.indentOf(lines.lineAt(q))) {
			return this.enclosing(lines.lineAt(comment.start), lines.column(comment.start));
		}
		return this.blockScope(lines.lineAt(q), null);
	}

	/** A docstring right after a `def …:`/`class …:` header covers that block; at the file start, the file. */
	private docstringOwner(comment: Comment): Scope | undefined {
		const p = this.code.prevCode(comment.start);
		if (p < 0) {
			return fileScope(this.code.lines);
		}
		if (this.masked[p] !== ':') {
			return undefined;
		}
		const header = this.statementStartLine(p);
		return this.describe(header).decl ? this.blockScope(this.withDecorators(header), 'declaration') : undefined;
	}

	/** Scope of the statement whose first line is `first` (decorator lines skipped), kind from its header unless forced. */
	private blockScope(first: number, kind: 'declaration' | 'statement' | null): Scope {
		let header = first;
		while (this.lineText(header).startsWith('@') && header < this.code.lines.lineCount) {
			header = this.headerEnd(header) + 1;
		}
		const info = this.describe(header);
		const decl = kind === null ? info.decl : kind === 'declaration';
		const symbol = decl ? this.qualify(header, info.name) : (info.name ?? this.enclosingDeclarationName(header));
		return { kind: decl ? 'declaration' : 'statement', startLine: first, endLine: this.blockEnd(header), symbol };
	}

	/** End of block: the enclosing declaration, else the enclosing statement, else the file. */
	private enclosing(line: number, column: number): Scope {
		const header = this.parentLine(line, column);
		if (header < 0) {
			return fileScope(this.code.lines);
		}
		for (let h = header; h > 0; h = this.parentLine(h, this.indentOf(h))) {
			if (this.describe(h).decl) {
				return this.blockScope(this.withDecorators(h), 'declaration');
			}
		}
		return this.blockScope(header, 'statement');
	}

	/** `Outer.inner` from the declaration headers above `line` at smaller indentation. */
	private qualify(line: number, name: string | null): string | null {
		const parts = name === null ? [] : [name];
		for (let h = this.parentLine(line, this.indentOf(line)); h > 0; h = this.parentLine(h, this.indentOf(h))) {
			const info = this.describe(h);
			if (info.decl && info.name !== null) {
				parts.unshift(info.name);
			}
		}
		return parts.length > 0 ? parts.join('.') : null;
	}

	private enclosingDeclarationName(line: number): string | null {
		for (let h = this.parentLine(line, this.indentOf(line)); h > 0; h = this.parentLine(h, this.indentOf(h))) {
			const info = this.describe(h);
			if (info.decl) {
				return this.qualify(h, info.name);
			}
		}
		return null;
	}

	/** The nearest non-blank line above `line` indented less than `column`, or -1. */
	private parentLine(line: number, column: number): number {
		for (let l = line - 1; l >= 1; l--) {
			if (!this.isBlankLine(l) && this.indentOf(l) < column) {
				return this.statementStartLine(this.code.lines.lineStart(l) + this.indentOf(l));
			}
		}
		return -1;
	}

	/** The first decorator line (`@…`) directly above `line`, or `line`. */
	private withDecorators(line: number): number {
		let first = line;
		while (first > 1 && this.lineText(first - 1).startsWith('@') && this.indentOf(first - 1) === this.indentOf(line)) {
			first--;
		}
		return first;
	}

	/** Last line of the statement whose header starts on `header`. */
	private blockEnd(header: number): number {
		const lines = this.code.lines;
		const end = this.headerEnd(header);
		if (SECTION_LANGUAGES.has(this.languageId) && SECTION.test(this.lineText(header))) {
			let last = end;
			for (let l = end + 1; l <= lines.lineCount && !SECTION.test(this.lineText(l)); l++) {
				last = this.isBlankLine(l) ? last : l;
			}
			return last;
		}
		const indent = this.indentOf(header);
		const listItems = YAML_LANGUAGES.has(this.languageId) && this.lineText(end).endsWith(':');
		let last = end;
		for (let l = end + 1; l <= lines.lineCount; l++) {
			if (this.isBlankLine(l)) {
				continue;
			}
			const text = this.lineText(l);
			const lineIndent = this.indentOf(l);
			if (lineIndent > indent || (lineIndent === indent && listItems && text.startsWith('-'))) {
				last = l;
			} else if (lineIndent === indent && CLOSERS.test(text)) {
				return l;
			} else if (lineIndent === indent && FOLLOW_UPS.test(text)) {
				last = l;
			} else {
				break;
			}
		}
		return last;
	}

	/**
	 * Last line of the header starting on `line`: open brackets and trailing backslashes carry on,
	 * unless a line comes back to the header's indentation (an unclosed bracket typed mid-edit).
	 */
	private headerEnd(line: number): number {
		const lines = this.code.lines;
		const indent = this.indentOf(line);
		let depth = 0;
		let last = line;
		let backslash = false;
		for (let l = line; l <= lines.lineCount; l++) {
			const text = this.masked.slice(lines.lineStart(l), lines.lineEnd(l));
			if (l > line && text.trim().length > 0) {
				if (!backslash && this.indentOf(l) <= indent && !/^\s*[)\]}]/.test(text)) {
					return last;
				}
				last = l;
			}
			for (const ch of text) {
				depth += ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0;
			}
			backslash = text.trimEnd().endsWith('\\');
			if (depth <= 0 && !backslash) {
				return l;
			}
		}
		return lines.lineCount;
	}

	/** First line of the statement holding offset `p` (going back over open brackets and backslashes). */
	private statementStartLine(p: number): number {
		const lines = this.code.lines;
		let line = lines.lineAt(p);
		let depth = 0;
		for (let i = p; i >= 0; i--) {
			const ch = this.masked[i];
			depth += ch === ')' || ch === ']' || ch === '}' ? 1 : ch === '(' || ch === '[' || ch === '{' ? -1 : 0;
			if (ch === '\n') {
				const previous = lines.lineAt(i);
				if (depth <= 0 && !this.masked.slice(lines.lineStart(previous), i).trimEnd().endsWith('\\')) {
					break;
				}
				line = previous;
			}
		}
		while (line > 1 && this.isBlankLine(line)) {
			line--;
		}
		return line;
	}

	private describe(line: number): HeaderInfo {
		const lines = this.code.lines;
		const section = SECTION_LANGUAGES.has(this.languageId) ? /^\s*\[+([^\]]+)\]+\s*$/.exec(this.lineText(line)) : null;
		if (section !== null) {
			return { decl: false, name: section[1].trim() };
		}
		return describeHeader(this.code.text.slice(lines.lineStart(line), lines.lineEnd(this.headerEnd(line))));
	}

	/** The masked text of `line` without its indentation. */
	private lineText(line: number): string {
		const lines = this.code.lines;
		return this.masked.slice(lines.lineStart(line), lines.lineEnd(line)).trim();
	}

	private isBlankLine(line: number): boolean {
		return this.lineText(line).length === 0;
	}

	private indentOf(line: number): number {
		const lines = this.code.lines;
		const start = lines.lineStart(line);
		const end = lines.lineEnd(line);
		let width = 0;
		for (let i = start; i < end; i++) {
			const ch = this.code.text[i];
			if (ch === ' ') {
				width++;
			} else if (ch === '\t') {
				width += 4 - (width % 4);
			} else {
				break;
			}
		}
		return width;
	}
}
