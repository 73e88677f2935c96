import type { Comment, LexResult, Scope, SourceFile } from '../types';
import { EstreeView, type EstreeParse, type EstreeParseFunction, loadEstreeParser, parseEstree } from './estree';
import { LexicalResolver } from './lexical';
import { CodeText, fileScope, lineScopeAfter } from './text';
import { resolveInTree } from './tree';
import { defaultLocateWasm, resolveWithTreeSitter, TreeSitterParsers } from './treeSitter';
import { TREE_SITTER_LANGUAGES } from './treeSitterLanguages';

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
}

/** Language ids parsed with TypeScript-ESTree (loaded on first use). */
const ESTREE_IDS = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);

/**
 * Decides which code region each annotation covers (SPEC "Annotation grammar"): the declaration
 * below it, the statement it trails, the next statement or block, or the file.
 *
 * TypeScript and JavaScript go through TypeScript-ESTree, about fifteen other languages through
 * tree-sitter grammars, and everything else (and any file or region a parser cannot make sense of)
 * through a lexical resolver working on braces and indentation. Each file is parsed once per call.
 */
export class ScopeResolver {
	private readonly parsers: TreeSitterParsers;
	private estree: Promise<EstreeParseFunction> | undefined;
	private disposed = false;

	private constructor(options: ScopeResolverOptions) {
		this.parsers = new TreeSitterParsers(options.locateWasm ?? defaultLocateWasm);
	}

	/** A resolver; cheap, since parsers and grammars load on first use, once per language. */
	static create(options: ScopeResolverOptions = {}): ScopeResolver {
		return new ScopeResolver(options);
	}

	/**
	 * One scope per request, in order. `lex` must be the lexer's result for `file.text`; it is not
	 * recomputed. Never rejects: whatever goes wrong, a sensible scope comes back.
	 */
	async resolve(file: SourceFile, lex: LexResult, requests: readonly ScopeRequest[]): Promise<Scope[]> {
		let code: CodeText | undefined;
		try {
			code = new CodeText(file.text, lex);
			const pending = requests.filter((request) => !request.fileLevel).map((request) => request.comment);
			const parsed = pending.length > 0 && !this.disposed ? await this.resolveParsed(file, code, pending) : undefined;
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
		}
	}

	/** Frees the tree-sitter parsers; later calls resolve lexically. */
	dispose(): void {
		this.disposed = true;
		this.parsers.dispose();
	}

	/** Scopes from a parser, null where none applies or the tree is broken around the comment. */
	private async resolveParsed(file: SourceFile, code: CodeText, comments: readonly Comment[]): Promise<(Scope | null)[] | undefined> {
		if (ESTREE_IDS.has(file.languageId)) {
			const parse = await (this.estree ??= loadEstreeParser());
			let parsed: EstreeParse;
			try {
				parsed = parseEstree(parse, file.text, file.languageId, file.path);
			} catch {
				return undefined; // Mid-edit syntax error: the lexical resolver takes the whole file.
			}
			const view = new EstreeView(parsed.root);
			const scripts = parsed.scripts;
			const inScript = (c: Comment): boolean => scripts === null || scripts.some(([start, end]) => start <= c.start && c.end <= end);
			return comments.map((comment) => (inScript(comment) ? guard(() => resolveInTree(view, code, comment, { indentation: false })) : null));
		}
		const language = TREE_SITTER_LANGUAGES.get(file.languageId);
		if (language === undefined) {
			return undefined;
		}
		const parser = await this.parsers.get(language.grammar);
		if (parser === null || this.disposed) {
			return undefined;
		}
		try {
			return resolveWithTreeSitter(parser, language, code, comments);
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
