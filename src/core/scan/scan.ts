import { availableParallelism } from 'node:os';
import { analyzeBatch, analyzeTexts, type BatchResult, type HandedBackFile } from '../analysis/batch';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { analyzerInit, createAnalyzerContext, zeroTimings, type AnalyzerContext, type AnalyzerInit, type PhaseTimings } from '../analysis/context';
import { FileResultCache, type CacheOptions } from '../cache/fileCache';
import { assembleResult, type AssembledResult } from '../coverage/assemble';
import { joinOwnCalls } from '../coverage/ownCalls';
import type { Iso27001Config } from '../config/loadConfig';
import { loadWorkspaceSettings, type WorkspaceSettings } from '../config/workspace';
import { claimsOf } from '../claims/read';
import { discoverFiles, type DiscoverOptions } from '../files/discover';
import { SourceReader } from '../files/readSource';
import { languageForPath } from '../lexer';
import { languageOfFile, languageReadsContent } from '../files/scriptLanguage';
import { TREE_SITTER_GRAMMARS } from '../parse/grammars';
import { ESTREE_LANGUAGE_IDS } from '../parse/parsedSource';
import type { Problem } from '../types';
import { BatchQueue, WorkerPool } from './pool';
import { listSelected } from './select';

/** How to run a scan. */
export interface ScanOptions {
	/** Absolute path of the workspace root. */
	readonly root: string;
	/** Folder of the built-in catalogs (`controls/`). */
	readonly controlsDir: string;
	/** Folder of the tree-sitter WebAssembly files, or null to resolve them from node_modules. */
	readonly wasmDir: string | null;
	/** The bundled worker script; null analyses in this thread. */
	readonly workerScript: string | null;
	/** Worker threads besides this one; defaults to one per core but this one. Small scans stay in this thread. */
	readonly workers?: number;
	readonly tool: { readonly name: string; readonly version: string };
	/** Overrides of the configuration (CLI flags, editor settings). */
	readonly overrides?: { readonly maxFileSize?: number };
	readonly extraExclude?: readonly string[];
	/** False in untrusted (restricted) workspaces: the workspace's custom rules are not run. Default true. */
	readonly trustCustomRules?: boolean;
	/** False: findings get no quick-fix `anchor` (editor-only; the CLI prints none). Default true. */
	readonly anchors?: boolean;
	/** Keep per-file results between runs (CLI `--cache`); off by default. */
	readonly cache?: CacheOptions;
	/** Told what went wrong when something that does not stop the scan did (the cache could not be used or written). */
	readonly onWarning?: (message: string) => void;
	readonly onProgress?: (done: number, total: number) => void;
	readonly signal?: AbortSignal;
	/**
	 * Root-relative files or folders to scan instead of the whole workspace (`iso27001 scan FILE...`):
	 * only what a whole scan would list among them; no claims documents are checked.
	 */
	readonly paths?: readonly string[];
}

/** A scan's result plus what exports and front ends need beyond the JSON. */
export interface ScanOutcome extends AssembledResult {
	/** The workspace's settings, with the scan's overrides applied. */
	readonly settings: WorkspaceSettings;
	/** The analysis settings the scan ran with (the editor's index re-analyses files with the same). */
	readonly init: AnalyzerInit;
	/** Which paths the scan lists (the editor's index filters changed paths with the same). */
	readonly discovery: RunSettings['discovery'];
	readonly stats: {
		readonly files: number; readonly bytes: number; readonly millis: number; readonly workers: number; readonly phases: PhaseTimings;
		/** Files whose result came from the persistent cache (neither analysed nor, with the metadata strategy, read). */
		readonly cached: number;
		/** Folders listed from the persistent cache instead of read. */
		readonly cachedFolders: number;
	};
	/** The same content per file, for the editor's incremental index. */
	readonly detail: ScanDetail;
}

/** A scan's content by file, before it is merged into a `ScanResult`. */
export interface ScanDetail {
	/** Every file read (it counts in `files`), whether or not it held anything. */
	readonly readPaths: readonly string[];
	/** Files with something to report. */
	readonly analyses: readonly FileAnalysis[];
	/** `file-error` problems of single files (unreadable, too large, analysis failed). */
	readonly fileProblems: readonly Problem[];
	/** Problems of the configuration and of the walk (symlink loops, unreadable folders). */
	readonly baseProblems: readonly Problem[];
	/** False when the scan was cancelled before every file was read. */
	readonly complete: boolean;
}

/** Below this many files, starting worker threads costs more than it saves. */
const IN_PROCESS_LIMIT = 400;
const BATCH_SIZE = 64;

/** A workspace's settings with the run's overrides, and the discovery and analysis settings built from them. */
export interface RunSettings {
	readonly settings: WorkspaceSettings;
	readonly init: AnalyzerInit;
	readonly discovery: Omit<DiscoverOptions, 'signal' | 'onFound'>;
}

/**
 * Loads `.iso27001.yaml` and the catalog (throws `ConfigError` when they are invalid) and builds
 * what a run needs from them: the one place where configuration becomes scan settings, used by
 * {@link scanWorkspace} and the editor's index alike.
 */
export function runSettings(options: Omit<ScanOptions, 'onProgress'>): RunSettings {
	const loaded = loadWorkspaceSettings(options.root, options.controlsDir);
	const config: Iso27001Config = { ...loaded.config, ...stripUndefined(options.overrides ?? {}) };
	const settings = { ...loaded, config };
	return {
		settings,
		init: analyzerInit(options.root, settings, options),
		discovery: {
			include: config.include, exclude: config.exclude, gitignore: config.gitignore,
			extraExclude: options.extraExclude, accept: (p) => languageOfFile(options.root, p) !== undefined, acceptReadsContent: languageReadsContent,
		},
	};
}

/**
 * What a caller that keeps its cache between scans (the editor's index) prepared: the run's settings
 * and the cache opened under their key. The scan looks files up in it and records the new results;
 * the caller saves it (after it has shown the result).
 */
export interface PreparedScan {
	readonly run: RunSettings;
	readonly cache: FileResultCache | undefined;
}

/**
 * Scans a workspace: loads its configuration and catalog (throws `ConfigError` when they are
 * invalid), lists the files, analyses them in worker threads, and assembles the `ScanResult`.
 * Per-file trouble becomes `file-error` problems; the scan always completes.
 */
export async function scanWorkspace(options: ScanOptions, prepared?: PreparedScan): Promise<ScanOutcome> {
	const started = performance.now();
	const run = prepared?.run ?? runSettings(options);
	const cache = prepared ? prepared.cache : options.cache && FileResultCache.open(run.init, options.tool, options.cache, (m) => options.onWarning?.(m));
	const collected = await collect(options, run, cache);
	const { settings, init, discovery } = run;
	const analyses = collected.results.flatMap((r) => r.analyses);
	const fileProblems = [...collected.failed, ...collected.results.flatMap((r) => r.problems)];
	const readPaths = collected.results.flatMap((r) => r.readPaths);
	if (cache && options.signal?.aborted !== true) {
		cache.update({ readPaths, analyses, problems: fileProblems });
		if (options.paths === undefined) {
			cache.setWalkProblems(collected.walkProblems);
		}
		if (!prepared) {
			cache.save();
		}
	}
	const baseProblems = [...settings.problems, ...collected.walkProblems];
	const outcome = assembleResult({
		tool: options.tool, root: options.root, catalog: settings.catalog, soa: settings.config.soa,
		files: readPaths.length, analyses: joinOwnCalls(analyses), problems: [...baseProblems, ...fileProblems],
		// A part of the workspace proves no claim false: claims are checked on whole scans only.
		claims: options.paths === undefined ? claimsOf(options.root, settings) : undefined,
	});
	const detail: ScanDetail = { readPaths, analyses, fileProblems, baseProblems, complete: options.signal?.aborted !== true };
	const bytes = collected.results.reduce((n, r) => n + r.bytes, 0);
	const phases = sumPhases(collected.results, collected.walkMs);
	const stats = { files: outcome.result.files, bytes, millis: performance.now() - started, workers: collected.workers, phases, cached: cache?.hitCount ?? 0, cachedFolders: collected.cachedFolders };
	return { ...outcome, settings, init, discovery, detail, stats };
}

/** What the threads of one scan produced. */
interface Collected {
	readonly results: BatchResult[];
	readonly failed: Problem[];
	readonly walkProblems: readonly Problem[];
	readonly walkMs: number;
	readonly cachedFolders: number;
	readonly workers: number;
}

/**
 * Lists the files, serves those the persistent cache still holds, and analyses the others, on
 * worker threads once the listing shows the scan is big enough.
 */
async function collect(options: ScanOptions, run: RunSettings, cache: FileResultCache | undefined): Promise<Collected> {
	// The main thread analyses too, so `workers` helpers plus this thread use every core.
	const workers = options.workers ?? availableParallelism() - 1;
	const workerScript = workers > 0 ? options.workerScript : null;
	const startPool = (): WorkerPool | undefined => (workerScript
		// Workers hand TypeScript-ESTree languages back, so the 10 MB parser loads in this thread only.
		? new WorkerPool(workerScript, { ...run.init, deferLanguages: [...ESTREE_LANGUAGE_IDS] }, workers)
		: undefined);
	// With results from the last run, most files may need no analysis: workers wait for the lookup.
	const startEarly = cache === undefined || cache.size === 0;
	let pool: WorkerPool | undefined;
	const results: BatchResult[] = [];
	const failed: Problem[] = [];
	let total = 0;
	let done = 0;
	const onResult = (r: BatchResult): void => {
		results.push(r);
		done += r.scanned + r.problems.length + r.missing.length;
		options.onProgress?.(done, total);
	};
	const walkStart = performance.now();
	try {
		const walkOptions = {
			signal: options.signal,
			onFound: (count: number) => {
				pool ??= startEarly && count > IN_PROCESS_LIMIT ? startPool() : undefined;
			},
		};
		const discovered = options.paths === undefined
			? await discoverFiles(options.root, { ...run.discovery, ...walkOptions, listings: cache }).then((d) => ({ paths: d.files.map((f) => f.path), problems: d.problems, cachedFolders: d.cachedFolders }))
			: { ...(await listSelected(options.root, run.discovery, options.paths, walkOptions)), cachedFolders: 0 };
		const walkMs = performance.now() - walkStart;
		const { paths } = discovered;
		total = paths.length;
		const misses = cache === undefined ? paths : serveFromCache(cache, paths, onResult);
		pool ??= misses.length > IN_PROCESS_LIMIT ? startPool() : undefined;
		const queue = queueFor(misses, pool, options.signal);
		await analyzeWithHelpers(options.root, run.init, queue, pool, onResult, (files, reason) => {
			for (const f of files) {
				failed.push({ file: f, line: 1, column: 1, code: 'file-error', severity: 'warning', message: `analysis failed: ${reason}` });
			}
		});
		return { results, failed, walkProblems: discovered.problems, walkMs, cachedFolders: discovered.cachedFolders, workers: pool ? workers : 0 };
	} finally {
		await pool?.dispose();
	}
}

/**
 * The queue of a scan's batches. With workers, the files of languages parsed with tree-sitter come
 * first and are reserved for the workers: the runtime's WebAssembly memory (32 MB at least, grown to
 * the largest tree and never given back) is then paid by the workers alone, not by this thread too.
 */
function queueFor(paths: readonly string[], pool: WorkerPool | undefined, signal: AbortSignal | undefined): BatchQueue {
	if (pool === undefined) {
		return new BatchQueue(chunk(paths, BATCH_SIZE), signal);
	}
	const treeSitter: string[] = [];
	const others: string[] = [];
	for (const p of paths) {
		(usesTreeSitter(p) ? treeSitter : others).push(p);
	}
	const reserved = chunk(treeSitter, BATCH_SIZE);
	return new BatchQueue([...reserved, ...chunk(others, BATCH_SIZE)], signal, pool.size, reserved.length);
}

function usesTreeSitter(rel: string): boolean {
	const languageId = languageForPath(rel);
	return languageId !== undefined && TREE_SITTER_GRAMMARS.has(languageId);
}

/** Passes on the files whose cached result still holds (as one batch, its time counted as reading); returns the others. */
function serveFromCache(cache: FileResultCache, paths: readonly string[], onResult: (r: BatchResult) => void): string[] {
	const t0 = performance.now();
	const { readPaths, analyses, bytes, misses } = cache.lookup(paths);
	const timings = { ...zeroTimings(), read: performance.now() - t0 };
	onResult({ analyses, problems: [], scanned: readPaths.length, bytes, timings, deferred: [], readPaths, missing: [] });
	return misses;
}

function sumPhases(results: readonly BatchResult[], walkMs: number): PhaseTimings {
	const phases = zeroTimings();
	phases.walk = walkMs;
	for (const r of results) {
		phases.read += r.timings.read;
		phases.lex += r.timings.lex;
		phases.parse += r.timings.parse;
		phases.scope += r.timings.scope;
		phases.detect += r.timings.detect;
	}
	return phases;
}

/** Characters of handed-back text this thread may hold before the workers are paused. */
const HAND_BACK_BUDGET = 8 * 1024 * 1024;

/**
 * This thread takes batches from the same queue as the workers, and analyses the TypeScript and
 * JavaScript files they hand back (first, so the workers' results are never held up).
 */
async function analyzeWithHelpers(
	root: string, init: AnalyzerInit, queue: BatchQueue, pool: WorkerPool | undefined,
	onResult: (r: BatchResult) => void, onBatchFailed: (files: readonly string[], reason: string) => void,
): Promise<void> {
	// Built on first use: a scan served wholly from the cache compiles no rule.
	let context: AnalyzerContext | undefined;
	const ctx = (): AnalyzerContext => (context ??= createAnalyzerContext(init));
	const reader = new SourceReader(init.maxFileSize);
	const handedBack = new HandBack(pool);
	const running = pool?.run(queue, (r) => onResult(handedBack.accept(r)), onBatchFailed).then(() => handedBack.finish());
	try {
		for (;;) {
			const file = handedBack.next();
			const batch = file === undefined ? queue.take() : undefined;
			if (file !== undefined) {
				// One file at a time, letting worker replies in between: the pool hands out batches from
				// this thread's event loop, so a worker whose batches are done waits until this thread yields.
				onResult(await analyzeTexts([file], ctx()));
			} else if (batch !== undefined) {
				onResult(await analyzeBatch(root, batch.files, ctx(), reader, { gate: pool?.gate }));
			} else if (handedBack.poolDone) {
				break;
			} else {
				await handedBack.wait();
				continue;
			}
			await new Promise((resolve) => setImmediate(resolve));
		}
		await running;
	} finally {
		context?.scopes.dispose();
	}
}

/** The files workers handed back, with the budget that pauses them while too much text waits. */
class HandBack {
	private readonly files: HandedBackFile[] = [];
	private backlog = 0;
	private wake: (() => void) | undefined;
	poolDone: boolean;

	constructor(private readonly pool: WorkerPool | undefined) {
		this.poolDone = pool === undefined;
	}

	/** Takes a worker's handed-back files; returns the result to count (without their texts). */
	accept(r: BatchResult): BatchResult {
		this.files.push(...r.deferred);
		this.backlog += r.deferred.reduce((n, f) => n + heldChars(f), 0);
		// Workers read faster than this thread parses: hold them back rather than queue the whole tree.
		if (this.backlog > HAND_BACK_BUDGET) {
			this.pool?.pause();
		}
		this.wake?.();
		return { ...r, deferred: [] };
	}

	next(): HandedBackFile | undefined {
		const file = this.files.shift();
		if (file !== undefined) {
			this.backlog = Math.max(0, this.backlog - heldChars(file));
			if (this.backlog <= HAND_BACK_BUDGET) {
				this.pool?.resume();
			}
		}
		return file;
	}

	finish(): void {
		this.poolDone = true;
		this.wake?.();
	}

	wait(): Promise<void> {
		return new Promise<void>((resolve) => {
			this.wake = () => {
				this.wake = undefined;
				resolve();
			};
		});
	}
}

/** Characters a handed-back file holds: its text and, when the prefilter made one, its comment-masked copy. */
function heldChars(f: HandedBackFile): number {
	return f.file.text.length + (f.withoutComments?.length ?? 0);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) {
		out.push(items.slice(i, i + size));
	}
	return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
	return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
