import type { Comment, LexResult, Scope, SourceFile } from '../types';
import { ESTREE_LANGUAGE_IDS, ParsedSource, SharedParsers } from '../parse/parsedSource';
import { DOCUMENT_LANGUAGE_IDS, isDeclarationFile } from '../lexer';
import { DocumentResolver } from './document';
import { EstreeView } from './estree';
import { LexicalResolver } from './lexical';
import { CodeText, fileScope, lineScopeAfter } from './text';
import { resolveInTree } from './tree';
import { defaultLocateWasm } from '../parse/treeSitter';
import { resolveWithTreeSitter } from './treeSitter';
import { SCOPE_TABLES } from './treeSitterLanguages';


/** One annotation comment whose scope is wanted. */
export interface ScopeRequest {
	readonly comment: Comment;
	/** True for `@iso27001-file`: the scope is the whole file, whatever the comment's place. */
	readonly fileLevel: boolean;
}

/** Options of {@link ScopeResolver.create}. */
export interface ScopeResolverOptions {
	/**
	 * Path of a wasm file by name (`tree-sitter.wasm`, `tree-sitter-python.wasm`). By default they
	 * are found in `node_modules` (`web-tree-sitter`, `tree-sitter-wasms/out`); a bundle passes its own.
	 */
	readonly locateWasm?: (fileName: string) => string;
	/** False: TypeScript-ESTree is never loaded (see `SharedParsers.fullParser`). Default true. */
	readonly fullParser?: boolean;
}

/**
 * Decides which code region each annotation covers (SPEC "Annotation grammar"): the declaration
 * below it, the statement it trails, the next statement or block, or the file.
 *
 * TypeScript goes through TypeScript-ESTree, plain JavaScript through Meriyah (TypeScript-ESTree
 * when Meriyah cannot parse it), about fifteen other languages through
 * tree-sitter grammars, and everything else (and any file or region a parser cannot make sense of)
 * through a lexical resolver working on braces and indentation. Each file is parsed once per call.
 */
export class ScopeResolver {
	/** The thread's parsers, shared with the detectors through {@link ScopeResolver.open}. */
	readonly parsers: SharedParsers;
	private disposed = false;

	private constructor(options: ScopeResolverOptions) {
		this.parsers = new SharedParsers(options.locateWasm ?? defaultLocateWasm, options.fullParser ?? true);
	}

	/** A file to be parsed lazily, at most once per parser, for scopes and detection alike. */
	open(file: SourceFile, lex: LexResult, uncommented?: string): ParsedSource {
		return new ParsedSource(file, lex, this.parsers, uncommented);
	}

	/** A resolver; cheap, since parsers and grammars load on first use, once per language. */
	static create(options: ScopeResolverOptions = {}): ScopeResolver {
		return new ScopeResolver(options);
	}

	/**
	 * One scope per request, in order. `lex` must be the lexer's result for `file.text`; it is not
	 * recomputed. Pass `source` (from {@link ScopeResolver.open}) to share its parses with other
	 * consumers; otherwise the file is parsed for this call only. Never rejects: whatever goes
	 * wrong, a sensible scope comes back.
	 */
	async resolve(file: SourceFile, lex: LexResult, requests: readonly ScopeRequest[], source?: ParsedSource): Promise<Scope[]> {
		let code: CodeText | undefined;
		const own = source === undefined ? this.open(file, lex) : undefined;
		try {
			code = new CodeText(file.text, lex);
			if (DOCUMENT_LANGUAGE_IDS.has(file.languageId)) {
				const lines = code.lines;
				const doc = new DocumentResolver(file.text, lex, file.languageId);
				return requests.map((request) => (request.fileLevel ? fileScope(lines) : doc.resolve(request.comment)));
			}
			const pending = requests.filter((request) => !request.fileLevel).map((request) => request.comment);
			const parsed = pending.length > 0 && !this.disposed ? await this.resolveParsed(source ?? own!, code, pending) : undefined;
			let lexical: LexicalResolver | undefined;
			let next = 0;
			const lines = code.lines;
			return requests.map((request) => {
				if (request.fileLevel) {
					return fileScope(lines);
				}
				const scope = parsed?.[next++] ?? null;
				if (scope !== null) {
					return scope;
				}
				lexical ??= new LexicalResolver(code as CodeText, lex, file.languageId);
				return lexical.resolve(request.comment);
			});
		} catch {
			const fallback = code ?? new CodeText(file.text, { comments: [], strings: [] });
			return requests.map((request) => (request.fileLevel ? fileScope(fallback.lines) : lineScopeAfter(fallback, request.comment.end)));
		} finally {
			own?.dispose();
		}
	}

	/** Frees the tree-sitter parsers; later calls resolve lexically. */
	dispose(): void {
		this.disposed = true;
		this.parsers.dispose();
	}

	/** Scopes from a parser, null where none applies or the tree is broken around the comment. */
	private async resolveParsed(source: ParsedSource, code: CodeText, comments: readonly Comment[]): Promise<(Scope | null)[] | undefined> {
		if (ESTREE_LANGUAGE_IDS.has(source.file.languageId)) {
			// A declaration file holds only declarations, which the lexical resolver bounds as well; it
			// is not worth loading TypeScript-ESTree (~85 MB, half a second) into the thread.
			if (isDeclarationFile(source.file.path)) {
				return undefined;
			}
			const parsed = await source.estree();
			if (parsed === null) {
				return undefined; // Mid-edit syntax error: the lexical resolver takes the whole file.
			}
			const view = new EstreeView(parsed.root);
			const scripts = parsed.scripts;
			const inScript = (c: Comment): boolean => scripts === null || scripts.some(([start, end]) => start <= c.start && c.end <= end);
			return comments.map((comment) => (inScript(comment) ? guard(() => resolveInTree(view, code, comment, { indentation: false })) : null));
		}
		const parsed = await source.treeSitter();
		const table = parsed === null ? undefined : SCOPE_TABLES.get(parsed.grammar);
		if (parsed === null || table === undefined || this.disposed) {
			return undefined;
		}
		try {
			return resolveWithTreeSitter(parsed.tree, table, code, comments);
		} catch {
			return undefined;
		}
	}
}

/** `resolve()`, or null (use the lexical resolver) if it throws. */
function guard(resolve: () => Scope | null): Scope | null {
	try {
		return resolve();
	} catch {
		return null;
	}
}
