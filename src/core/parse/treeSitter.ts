import * as path from 'node:path';
import type Parser from 'web-tree-sitter';

/** Maps a wasm file name (`tree-sitter.wasm`, `tree-sitter-python.wasm`) to its path. */
export type WasmLocator = (fileName: string) => string;

/** Finds the wasm files in `node_modules` (web-tree-sitter for the runtime, tree-sitter-wasms for grammars). */
export function defaultLocateWasm(fileName: string): string {
	if (fileName === 'tree-sitter.wasm') {
		return path.join(path.dirname(require.resolve('web-tree-sitter')), fileName);
	}
	return path.join(path.dirname(require.resolve('tree-sitter-wasms/package.json')), 'out', fileName);
}

type ParserClass = typeof Parser;

/**
 * The web-tree-sitter runtime is one Emscripten module per process, so it is initialised once
 * here (with the first caller's locator) and shared by every resolver.
 */
let runtime: Promise<ParserClass> | undefined;

function loadRuntime(locate: WasmLocator): Promise<ParserClass> {
	runtime ??= (async () => {
		const loaded = (await import('web-tree-sitter')) as unknown as ParserClass & { default?: ParserClass };
		const ParserImpl = loaded.default ?? loaded;
		await ParserImpl.init({ locateFile: (name: string) => locate(name) });
		return ParserImpl;
	})().catch((error: unknown) => {
		runtime = undefined; // Let a later resolver (perhaps with a better locator) try again.
		throw error;
	});
	return runtime;
}

/** One parser per grammar, created on first use and reused; null when the grammar cannot be loaded. */
export class TreeSitterParsers {
	private readonly parsers = new Map<string, Promise<Parser | null>>();
	private disposed = false;

	constructor(private readonly locate: WasmLocator) {}

	/** The parser for `grammar`, or null when tree-sitter or the grammar is unavailable. */
	get(grammar: string): Promise<Parser | null> {
		let parser = this.parsers.get(grammar);
		if (parser === undefined) {
			parser = this.load(grammar);
			this.parsers.set(grammar, parser);
		}
		return parser;
	}

	/** Frees the parsers (grammars stay loaded with the shared runtime). */
	dispose(): void {
		this.disposed = true;
		for (const parser of this.parsers.values()) {
			void parser.then((p) => p?.delete());
		}
		this.parsers.clear();
	}

	private async load(grammar: string): Promise<Parser | null> {
		try {
			const ParserImpl = await loadRuntime(this.locate);
			const language = await ParserImpl.Language.load(this.locate(`tree-sitter-${grammar}.wasm`));
			if (this.disposed) {
				return null;
			}
			const parser = new ParserImpl();
			parser.setLanguage(language);
			// A pathological input must not stall a scan: give up (and fall back) after two seconds.
			parser.setTimeoutMicros(2_000_000);
			return parser;
		} catch {
			return null;
		}
	}
}
