import type Parser from 'web-tree-sitter';
import { maskNonCode } from '../lexer';
import { JAVASCRIPT_LANGUAGE_IDS, loadEstreeParser, parseEstree, parseJavaScript, type EstreeParse, type EstreeParseFunction } from './estree';
import { TREE_SITTER_GRAMMARS } from './grammars';
import { defaultLocateWasm, TreeSitterParsers, type WasmLocator } from './treeSitter';
import { LineIndex } from '../text/lineIndex';
import type { LexResult, SourceFile } from '../types';

/**
 * Files larger than this are not given to the full parsers: a syntax tree of a multi-megabyte
 * generated or bundled file costs hundreds of megabytes (tree-sitter's WebAssembly memory never
 * shrinks again), for code nobody annotates by hand. Scopes and detectors use their lexical
 * fallbacks for such files, as for code that does not parse.
 */
export const MAX_PARSED_CHARS = 1_000_000;
/**
 * The same bound for TypeScript-ESTree and Meriyah, lower: their trees are JavaScript objects of about fifty times the
 * text's size, built in the scan's own thread, and a bundle of this size or more is machine-written code.
 */
export const MAX_ESTREE_CHARS = 512_000;

/** Language ids parsed with TypeScript-ESTree (loaded on first use). */
export const ESTREE_LANGUAGE_IDS: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);

/**
 * The parsers of one thread: TypeScript-ESTree and the tree-sitter grammars, each loaded on first
 * use and shared by every file the thread analyses.
 */
export class SharedParsers {
	readonly treeSitter: TreeSitterParsers;
	private estreeParse: Promise<EstreeParseFunction> | undefined;
	/**
	 * Set when a file needed TypeScript-ESTree in a thread that does not load it (a scan worker,
	 * see `fullParser`); the caller clears it, and hands such a file to a thread that does.
	 */
	missedFullParser = false;
	/** Milliseconds spent parsing (and loading parsers) in this thread, for the scan's phase timings. */
	parseMillis = 0;

	/** Without `fullParser`, TypeScript-ESTree is never loaded: plain JavaScript is parsed with Meriyah only. */
	constructor(locateWasm: WasmLocator = defaultLocateWasm, readonly fullParser = true) {
		this.treeSitter = new TreeSitterParsers(locateWasm);
	}

	/** TypeScript-ESTree's `parse`, loaded once. */
	estree(): Promise<EstreeParseFunction> {
		this.estreeParse ??= loadEstreeParser();
		return this.estreeParse;
	}

	dispose(): void {
		this.treeSitter.dispose();
	}

	/** Runs a parse, adding its time to {@link parseMillis}. */
	async timed<T>(parse: () => Promise<T>): Promise<T> {
		const t0 = performance.now();
		try {
			return await parse();
		} finally {
			this.parseMillis += performance.now() - t0;
		}
	}
}

/** A tree-sitter tree and the grammar it was parsed with. */
export interface TreeSitterParse {
	readonly tree: Parser.Tree;
	readonly grammar: string;
}

/**
 * One file as the engine sees it, parsed at most once by each parser however many consumers ask
 * (scope resolution, then each detector). Parses are lazy: a file nobody asks about is not parsed.
 * Call `dispose()` when done: tree-sitter trees live in WebAssembly memory.
 */
export class ParsedSource {
	private estreeResult: Promise<EstreeParse | null> | undefined;
	private treeResult: Promise<TreeSitterParse | null> | undefined;
	private maskedText: string | undefined;
	private uncommentedText: string | undefined;
	private lineIndex: LineIndex | undefined;
	private disposed = false;

	/** `uncommented`: the text with comments blanked, when the caller already has it. */
	constructor(readonly file: SourceFile, readonly lex: LexResult, private readonly parsers: SharedParsers, uncommented?: string) {
		this.uncommentedText = uncommented;
	}

	/** The text with comments and strings blanked out (same offsets, line breaks kept). */
	masked(): string {
		this.maskedText ??= maskNonCode(this.file.text, this.lex);
		return this.maskedText;
	}

	/** The text with only comments blanked out (strings kept: module names and messages live there). */
	withoutComments(): string {
		this.uncommentedText ??= maskNonCode(this.file.text, { comments: this.lex.comments, strings: [] });
		return this.uncommentedText;
	}

	/** Offsets to 1-based lines and columns. */
	get lines(): LineIndex {
		this.lineIndex ??= new LineIndex(this.file.text);
		return this.lineIndex;
	}

	/**
	 * The ESTree of a TypeScript/JavaScript (or Vue/Svelte script) file; null for other languages
	 * and when the code does not parse (mid-edit): callers then fall back to lexical analysis.
	 */
	estree(): Promise<EstreeParse | null> {
		this.estreeResult ??= this.parsers.timed(() => this.parseEstree());
		return this.estreeResult;
	}

	/** The tree-sitter tree of a language that has a grammar; null otherwise or when parsing failed. */
	treeSitter(): Promise<TreeSitterParse | null> {
		this.treeResult ??= this.parsers.timed(() => this.parseTreeSitter());
		return this.treeResult;
	}

	/** Frees the tree-sitter tree. */
	dispose(): void {
		this.disposed = true;
		void this.treeResult?.then((t) => t?.tree.delete());
	}

	private async parseEstree(): Promise<EstreeParse | null> {
		const { text, languageId, path } = this.file;
		if (!ESTREE_LANGUAGE_IDS.has(languageId) || text.length > MAX_ESTREE_CHARS) {
			return null;
		}
		if (JAVASCRIPT_LANGUAGE_IDS.has(languageId)) {
			const parsed = parseJavaScript(text, languageId, path);
			if (parsed !== null) {
				return parsed;
			}
		}
		if (!this.parsers.fullParser) {
			this.parsers.missedFullParser = true;
			return null;
		}
		const parse = await this.parsers.estree();
		try {
			return parseEstree(parse, this.file.text, this.file.languageId, this.file.path);
		} catch {
			return null;
		}
	}

	private async parseTreeSitter(): Promise<TreeSitterParse | null> {
		const grammar = TREE_SITTER_GRAMMARS.get(this.file.languageId);
		if (grammar === undefined || this.file.text.length > MAX_PARSED_CHARS) {
			return null;
		}
		const parser = await this.parsers.treeSitter.get(grammar);
		if (parser === null || this.disposed) {
			return null;
		}
		try {
			const tree = parser.parse(this.file.text) as Parser.Tree | null;
			if (tree === null) {
				parser.reset(); // Timed out: the next parse must start afresh, not resume this one.
				return null;
			}
			return { tree, grammar };
		} catch {
			return null;
		}
	}
}
