import { maskNonCode } from '../lexer';
import type { Comment, LexResult, Scope } from '../types';
import { describeHeader, type HeaderInfo } from './lexicalHeader';
import { IndentBlocks } from './lexicalIndent';
import { type CodeText, fileScope, lineScopeAfter, rangeScope } from './text';

/** Languages whose blocks are delimited by indentation (or keywords) rather than braces. */
const INDENT_LANGUAGES = new Set([
	'python', 'yaml', 'dockercompose', 'github-actions-workflow', 'dockerfile', 'makefile', 'ruby', 'lua', 'shellscript',
	'dotenv', 'elixir', 'coffeescript', 'pug', 'sass', 'stylus', 'nim', 'haskell', 'fsharp', 'toml', 'ini', 'properties',
	'jade', 'slim', 'haml', 'julia', 'r', 'vb',
]);
/** Languages whose statements run to a `;` whatever the line breaks. */
const SEMICOLON_LANGUAGES = new Set(['sql', 'plsql', 'mysql', 'pgsql', 'postgres', 'tsql', 'sqlite', 'oraclesql']);
/** Languages that write attributes in square brackets on their own line (`[Authorize]`). */
const BRACKET_ATTRIBUTE_LANGUAGES = new Set(['csharp', 'fsharp', 'vb']);
/** A header line continues on the next line when it ends with one of these. */
const CONTINUES = /[,=+\-*/%&|^<>?:.\\(]$|=>$/;
/** Words that keep a closed brace statement going: `} else {`, `} catch (e) {`. */
const FOLLOW_UPS = /^(?:else|catch|finally|while|elif|except|rescue|ensure)\b/;

/**
 * Resolves scopes without a parser, on the text with comments and strings masked: braces and
 * statement ends for brace languages, indentation for the others. Never throws on any input.
 */
export class LexicalResolver {
	private readonly opens: number[] = [];
	private readonly closes: number[] = [];
	private readonly parents: number[] = [];
	private readonly indent: IndentBlocks;
	private readonly braces: boolean;
	/** The text with comments and strings blanked. */
	private readonly masked: string;

	/** The text with comments (not strings) blanked: line ends as the reader sees them. */
	private readonly uncommented: string;

	constructor(
		private readonly code: CodeText,
		lex: LexResult,
		private readonly languageId: string,
	) {
		this.masked = maskNonCode(code.text, lex);
		this.uncommented = maskNonCode(code.text, { comments: lex.comments, strings: [] });
		this.indent = new IndentBlocks(code, this.masked, languageId);
		const semicolons = SEMICOLON_LANGUAGES.has(languageId);
		this.braces = semicolons || (!INDENT_LANGUAGES.has(languageId) && this.masked.includes('{'));
		if (this.braces) {
			this.matchBraces();
		}
	}

	/** The scope of one (non-file-level) annotation comment. */
	resolve(comment: Comment): Scope {
		try {
			return this.braces ? this.resolveBraces(comment) : this.indent.resolve(comment);
		} catch {
			return lineScopeAfter(this.code, comment.end);
		}
	}

	private resolveBraces(comment: Comment): Scope {
		if (comment.trailing) {
			const p = this.code.prevCode(comment.start);
			if (p >= 0) {
				return this.statementScope(this.statementStart(p), null);
			}
		}
		const q = this.code.nextCode(comment.end);
		if (q < 0 || this.masked[q] === '}') {
			return this.enclosing(comment.start);
		}
		// Last in a parenthesised list (`CREATE TABLE t (… -- note\n)`): the statement holding the list.
		return this.statementScope(this.masked[q] === ')' || this.masked[q] === ']' ? this.statementStart(q + 1) : q, null);
	}

	/** Scope of the statement starting at `start` (decorators first), its kind from its header unless forced. */
	private statementScope(start: number, kind: 'declaration' | 'statement' | null): Scope {
		const header = this.skipAttributes(start);
		const end = this.statementEnd(header);
		const info = this.headerInfo(header, end);
		const decl = kind === null ? info.decl : kind === 'declaration';
		const symbol = decl ? this.qualify(start, info.name) : (info.name ?? this.enclosingDeclarationName(start));
		return rangeScope(this.code.lines, decl ? 'declaration' : 'statement', start, end, symbol);
	}

	/** End of block: the enclosing declaration's block, else the enclosing block's statement, else the file. */
	private enclosing(offset: number): Scope {
		const innermost = this.openAround(offset);
		if (innermost < 0) {
			return fileScope(this.code.lines);
		}
		for (let k = innermost; k >= 0; k = this.parents[k]) {
			const start = this.statementStart(this.opens[k]);
			if (this.headerInfo(this.skipAttributes(start), this.closes[k] + 1).decl) {
				return this.statementScope(start, 'declaration');
			}
		}
		return this.statementScope(this.statementStart(this.opens[innermost]), 'statement');
	}

	/** `Outer.Inner.name` from the declarations whose blocks enclose `offset`. */
	private qualify(offset: number, name: string | null): string | null {
		const parts = name === null ? [] : [name];
		for (let k = this.openAround(offset); k >= 0; k = this.parents[k]) {
			const start = this.skipAttributes(this.statementStart(this.opens[k]));
			const info = this.headerInfo(start, this.closes[k] + 1);
			if (info.decl && info.name !== null) {
				parts.unshift(info.name);
			}
		}
		return parts.length > 0 ? parts.join('.') : null;
	}

	private enclosingDeclarationName(offset: number): string | null {
		for (let k = this.openAround(offset); k >= 0; k = this.parents[k]) {
			const start = this.statementStart(this.opens[k]);
			const info = this.headerInfo(this.skipAttributes(start), this.closes[k] + 1);
			if (info.decl) {
				return this.qualify(start, info.name);
			}
		}
		return null;
	}

	/** Header text: from `start` to the first `{` of the statement (or its end), strings kept. */
	private headerInfo(start: number, end: number): HeaderInfo {
		let stop = Math.min(end, start + 400);
		const brace = this.masked.indexOf('{', start);
		if (brace >= 0 && brace < stop) {
			stop = brace + 1;
		}
		return describeHeader(this.code.text.slice(start, stop));
	}

	/** Steps over decorators and attributes (`@Injectable()`, `#[derive(…)]`, `[Authorize]`). */
	private skipAttributes(start: number): number {
		let i = start;
		for (let guard = 0; guard < 50; guard++) {
			const rest = this.masked.slice(i, i + 200);
			const at = /^@[\w.$]+\s*/.exec(rest);
			let next = -1;
			if (at !== null) {
				const after = i + at[0].length;
				next = this.masked[after] === '(' ? this.matchForward(after, '(', ')') + 1 : after;
			} else if (rest.startsWith('#[') || rest.startsWith('#![')) {
				next = this.matchForward(i + rest.indexOf('['), '[', ']') + 1;
			} else if (BRACKET_ATTRIBUTE_LANGUAGES.has(this.languageId) && /^\[[A-Za-z_]/.test(rest)) {
				next = this.matchForward(i, '[', ']') + 1;
			}
			const following = next > i ? this.code.nextCode(next) : -1;
			if (following < 0) {
				return i;
			}
			i = following;
		}
		return i;
	}

	/** Offset of the bracket closing the one at `open` (or the text end). */
	private matchForward(open: number, opening: string, closing: string): number {
		let depth = 0;
		for (let i = open; i < this.masked.length; i++) {
			const ch = this.masked[i];
			if (ch === opening) {
				depth++;
			} else if (ch === closing && --depth === 0) {
				return i;
			}
		}
		return this.masked.length - 1;
	}

	/** Exclusive end of the statement starting at `start`. */
	private statementEnd(start: number): number {
		const masked = this.masked;
		const semicolons = SEMICOLON_LANGUAGES.has(this.languageId);
		let depth = 0;
		for (let i = start; i < masked.length; i++) {
			const ch = masked[i];
			if (ch === '(' || ch === '[') {
				depth++;
			} else if (ch === ')' || ch === ']') {
				if (depth === 0) {
					return i;
				}
				depth--;
			} else if (ch === '{') {
				const close = this.closeOf(i);
				if (depth > 0) {
					i = close;
					continue;
				}
				const after = this.code.nextCode(close + 1);
				const followUp = after >= 0 ? FOLLOW_UPS.exec(masked.slice(after, after + 10)) : null;
				// `} while (…);` ends a do-while only on the same line; on the next one a loop starts.
				if (followUp !== null && (followUp[0] !== 'while' || this.sameLine(close, after))) {
					i = after - 1;
					continue;
				}
				return after >= 0 && masked[after] === ';' && this.sameLine(close, after) ? after + 1 : close + 1;
			} else if (ch === '}') {
				return i;
			} else if (ch === ';' && depth === 0) {
				return i + 1;
			} else if (ch === '\n' && depth === 0 && !semicolons && !this.continues(Math.max(start, this.lineStartOf(i)), i)) {
				return i;
			}
		}
		return masked.length;
	}

	/** True when the statement goes on after the line break at `newline`. */
	private continues(start: number, newline: number): boolean {
		const line = this.uncommented.slice(start, newline).trimEnd();
		if (line.length === 0 || CONTINUES.test(line)) {
			return true;
		}
		const next = this.code.nextCode(newline);
		return next >= 0 && /^(?:[.?{]|=>|&&|\|\|)/.test(this.masked.slice(next, next + 2)) && !this.masked.startsWith('...', next);
	}

	/** Start of the statement holding the code character at `p` (scanning back to a statement boundary). */
	private statementStart(p: number): number {
		const masked = this.masked;
		if (masked[p] === '}') {
			const open = this.openOf(p);
			if (open >= 0) {
				return this.statementStart(open);
			}
		}
		// `depth` counts brackets closed after this point; `open`, brackets left open around `p`.
		let depth = 0;
		let open = 0;
		let i = p - 1;
		for (; i >= 0; i--) {
			const ch = masked[i];
			if (ch === ')' || ch === ']') {
				depth++;
			} else if (ch === '(' || ch === '[') {
				if (depth > 0) {
					depth--;
				} else {
					open++;
				}
			} else if ((ch === '{' || ch === '}' || ch === ';') && depth === 0) {
				break;
			} else if (ch === '\n' && depth === 0 && open === 0 && !this.continues(this.lineStartOf(i), i)) {
				break;
			}
		}
		const start = this.code.nextCode(i + 1);
		return start < 0 || start > p ? p : start;
	}

	private lineStartOf(offset: number): number {
		return this.code.lines.lineStart(this.code.lines.lineAt(offset));
	}

	private sameLine(a: number, b: number): boolean {
		return this.code.lines.lineAt(a) === this.code.lines.lineAt(b);
	}

	private matchBraces(): void {
		const stack: number[] = [];
		for (let i = 0; i < this.masked.length; i++) {
			const ch = this.masked[i];
			if (ch === '{') {
				this.parents.push(stack.length > 0 ? stack[stack.length - 1] : -1);
				stack.push(this.opens.length);
				this.opens.push(i);
				this.closes.push(this.masked.length - 1);
			} else if (ch === '}' && stack.length > 0) {
				this.closes[stack.pop() as number] = i;
			}
		}
	}

	/** Index of the innermost `{ … }` strictly containing `offset`, or -1. */
	private openAround(offset: number): number {
		let k = this.lastOpenBefore(offset);
		while (k >= 0 && this.closes[k] < offset) {
			k = this.parents[k];
		}
		return k;
	}

	private lastOpenBefore(offset: number): number {
		let lo = 0;
		let hi = this.opens.length - 1;
		let found = -1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			if (this.opens[mid] < offset) {
				found = mid;
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		return found;
	}

	private closeOf(open: number): number {
		const k = this.lastOpenBefore(open + 1);
		return k >= 0 && this.opens[k] === open ? this.closes[k] : this.masked.length - 1;
	}

	private openOf(close: number): number {
		for (let k = this.lastOpenBefore(close); k >= 0; k--) {
			if (this.closes[k] === close) {
				return this.opens[k];
			}
		}
		return -1;
	}
}
