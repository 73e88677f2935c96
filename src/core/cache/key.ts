/**
 * The key a cache's per-file results are valid under: everything besides a file's own bytes that
 * can change what the analysis finds in it. A cache written under another key is discarded.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { AnalyzerInit } from '../analysis/context';
import { rulesDigest } from '../rules/load';

export { rulesDigest };

/** How an unchanged file is recognised (SPEC `--cache-strategy`). */
export type CacheStrategy = 'metadata' | 'content';
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];

/**
 * Bumped whenever the cache file's layout or the meaning of its entries changes (2: the last run's
 * problems no entry carries; 3: the walk's folder listings; 4: the entries as columns sorted by path; 5: each file's own-function definitions and candidates).
 */
export const CACHE_FORMAT = 5;

/** What a cache file says about how it was written, checked before any entry is used. */
export interface CacheIdentity {
	readonly tool: string;
	readonly version: string;
	/** Hash of the analysis settings, the rule files and the build (see {@link cacheKey}). */
	readonly key: string;
	readonly strategy: CacheStrategy;
}

/**
 * Hashes what per-file results depend on besides the file: the analysis settings (catalogs, SoA,
 * categories, custom rules, confidence, size limit, anchors: the whole `AnalyzerInit` but for the
 * paths of the root and of the WebAssembly files and the threads' hand-back list), the built-in
 * rule files, the running build (so a rebuilt engine of the same version does not reuse results),
 * and the strategy.
 */
export function cacheKey(init: AnalyzerInit, strategy: CacheStrategy, build: readonly string[] = [__filename]): string {
	// JSON leaves out undefined: the settings without what does not change a file's result.
	const settings = { ...init, root: undefined, wasmDir: undefined, deferLanguages: undefined };
	const h = createHash('sha256');
	h.update(`format ${CACHE_FORMAT}\nstrategy ${strategy}\n`);
	h.update(JSON.stringify(settings));
	h.update(`\nrules ${rulesDigest()}\n`);
	for (const file of build) {
		h.update(`build ${file} ${fileStamp(file)}\n`);
	}
	return h.digest('hex');
}

/** Size and modification time of a file of the running build, or a marker when it cannot be read. */
function fileStamp(file: string): string {
	try {
		const st = statSync(file);
		return `${st.size} ${st.mtimeMs}`;
	} catch {
		return 'missing';
	}
}
