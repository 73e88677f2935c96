import { availableParallelism } from 'node:os';
import { computeCoverage } from '../coverage/coverage';
import { discoverFiles } from '../files/discover';
import { languageForPath } from '../lexer';
import type { Annotation, Catalog, Finding, IgnoreDirective, Problem, ScanResult, Soa, SourceFile } from '../types';
import type { Iso27001Config } from '../config/loadConfig';
import { analyzeBatch, analyzeTexts, type BatchResult } from './analyzeBatch';
import { zeroTimings, type FileAnalysis, type PhaseTimings } from './analyzeFile';
import { createAnalyzerContext, type AnalyzerInit } from './context';
import { BatchQueue, WorkerPool } from './pool';
import { ESTREE_LANGUAGE_IDS } from '../parse/parsedSource';
import { SourceReader } from '../files/readSource';
import { loadWorkspaceSettings, type WorkspaceSettings } from './workspace';

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
	readonly onProgress?: (done: number, total: number) => void;
	readonly signal?: AbortSignal;
}

/** A scan's result plus what exports and front ends need beyond the JSON. */
export interface ScanOutcome {
	readonly result: ScanResult;
	/** Accepted exceptions (`@iso27001-ignore`). */
	readonly ignores: readonly IgnoreDirective[];
	readonly settings: WorkspaceSettings;
	readonly stats: { readonly files: number; readonly bytes: number; readonly millis: number; readonly workers: number; readonly phases: PhaseTimings };
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

/** What a `ScanResult` is assembled from (a scan, or the editor's index after edits). */
export interface ResultParts {
	readonly tool: { readonly name: string; readonly version: string };
	readonly root: string;
	readonly catalog: Catalog;
	readonly soa: Soa;
	readonly files: number;
	readonly analyses: Iterable<FileAnalysis>;
	readonly problems: Iterable<Problem>;
}

/** Below this many files, starting worker threads costs more than it saves. */
const IN_PROCESS_LIMIT = 400;
const BATCH_SIZE = 64;

/**
 * Scans a workspace: loads its configuration and catalog (throws `ConfigError` when they are
 * invalid), lists the files, analyses them in worker threads, and assembles the `ScanResult`.
 * Per-file trouble becomes `file-error` problems; the scan always completes.
 */
export async function scanWorkspace(options: ScanOptions): Promise<ScanOutcome> {
	const started = performance.now();
	const settings = loadWorkspaceSettings(options.root, options.controlsDir);
	const config: Iso27001Config = { ...settings.config, ...stripUndefined(options.overrides ?? {}) };
	const init: AnalyzerInit = {
		root: options.root, catalog: settings.catalog, legacy: settings.legacy, soa: config.soa,
		maxFileSize: config.maxFileSize, wasmDir: options.wasmDir, anchors: options.anchors ?? true,
		detection: { categories: config.categories, rules: config.rules, trustCustomRules: options.trustCustomRules ?? true },
	};
	// The main thread analyses too, so `workers` helpers plus this thread use every core.
	const workers = options.workers ?? availableParallelism() - 1;
	const workerScript = workers > 0 ? options.workerScript : null;
	// Workers start once the listing shows the scan is big enough, so their start-up overlaps the walk.
	let pool: WorkerPool | undefined;
	const results: BatchResult[] = [];
	let paths: string[] = [];
	let done = 0;
	const onResult = (r: BatchResult): void => {
		results.push(r);
		done += r.scanned + r.problems.length;
		options.onProgress?.(done, paths.length);
	};
	const baseProblems: Problem[] = [...settings.problems];
	const fileProblems: Problem[] = [];
	const walkStart = performance.now();
	let walkMs: number;
	try {
		const discovered = await discoverFiles(options.root, {
			include: config.include, exclude: config.exclude, gitignore: config.gitignore,
			extraExclude: options.extraExclude, accept: (p) => languageForPath(p) !== undefined, signal: options.signal,
			onFound: (count) => {
				if (workerScript && !pool && count > IN_PROCESS_LIMIT) {
					// Workers hand TypeScript-ESTree languages back, so the 10 MB parser loads in this thread only.
					pool = new WorkerPool(workerScript, { ...init, deferLanguages: [...ESTREE_LANGUAGE_IDS] }, workers);
				}
			},
		});
		walkMs = performance.now() - walkStart;
		paths = discovered.files.map((f) => f.path);
		baseProblems.push(...discovered.problems);
		const queue = new BatchQueue(chunk(paths, BATCH_SIZE), options.signal, pool?.size ?? 0);
		await analyzeWithHelpers(options.root, init, queue, pool, onResult, (files, reason) => {
			for (const f of files) {
				fileProblems.push({ file: f, line: 1, column: 1, code: 'file-error', severity: 'warning', message: `analysis failed: ${reason}` });
			}
		});
	} finally {
		await pool?.dispose();
	}
	const analyses = results.flatMap((r) => r.analyses);
	fileProblems.push(...results.flatMap((r) => r.problems));
	const readPaths = results.flatMap((r) => r.readPaths);
	const outcome = assembleResult({
		tool: options.tool, root: options.root, catalog: settings.catalog, soa: config.soa,
		files: readPaths.length, analyses, problems: [...baseProblems, ...fileProblems],
	});
	const detail: ScanDetail = { readPaths, analyses, fileProblems, baseProblems, complete: options.signal?.aborted !== true };
	const bytes = results.reduce((n, r) => n + r.bytes, 0);
	const phases = zeroTimings();
	phases.walk = walkMs;
	for (const r of results) {
		phases.read += r.timings.read;
		phases.lex += r.timings.lex;
		phases.parse += r.timings.parse;
		phases.scope += r.timings.scope;
		phases.detect += r.timings.detect;
	}
	return { ...outcome, settings: { ...settings, config }, detail, stats: { files: outcome.result.files, bytes, millis: performance.now() - started, workers: pool ? workers : 0, phases } };
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
	const ctx = createAnalyzerContext(init);
	const reader = new SourceReader(init.maxFileSize);
	const handedBack: SourceFile[] = [];
	let backlog = 0;
	let wake: (() => void) | undefined;
	let poolDone = pool === undefined;
	const fromPool = (r: BatchResult): void => {
		handedBack.push(...r.deferred);
		backlog += r.deferred.reduce((n, f) => n + f.text.length, 0);
		// Workers read faster than this thread parses: hold them back rather than queue the whole tree.
		if (backlog > HAND_BACK_BUDGET) {
			pool?.pause();
		}
		// Keep the counts, not the texts: `results` lives until the scan ends.
		onResult({ ...r, deferred: [] });
		wake?.();
	};
	const running = pool?.run(queue, fromPool, onBatchFailed).then(() => {
		poolDone = true;
		wake?.();
	});
	try {
		for (;;) {
			if (handedBack.length > 0) {
				// One file at a time, letting worker replies in between: the pool hands out batches from
				// this thread's event loop, so a worker whose batches are done waits until this thread yields.
				const file = handedBack.shift()!;
				backlog = Math.max(0, backlog - file.text.length);
				if (backlog <= HAND_BACK_BUDGET) {
					pool?.resume();
				}
				onResult(await analyzeTexts([file], ctx));
				await new Promise((resolve) => setImmediate(resolve));
				continue;
			}
			const batch = queue.take();
			if (batch) {
				onResult(await analyzeBatch(root, batch.files, ctx, reader));
				// Let worker replies in between our own batches (analysis is mostly synchronous).
				await new Promise((resolve) => setImmediate(resolve));
				continue;
			}
			if (poolDone) {
				break;
			}
			await new Promise<void>((resolve) => {
				wake = resolve;
			});
			wake = undefined;
		}
		await running;
	} finally {
		ctx.scopes.dispose();
	}
}

/**
 * Merges per-file content into a `ScanResult`: everything sorted by place, coverage computed.
 * The CLI and the editor's index both assemble through here, so they print the same JSON.
 */
export function assembleResult(parts: ResultParts): Pick<ScanOutcome, 'result' | 'ignores'> {
	const annotations: Annotation[] = [];
	const findings: Finding[] = [];
	const ignores: IgnoreDirective[] = [];
	const problems: Problem[] = [...parts.problems];
	for (const a of parts.analyses) {
		annotations.push(...a.annotations);
		findings.push(...a.findings);
		ignores.push(...a.ignores);
		problems.push(...a.problems);
	}
	const byPlace = (a: { file: string; line: number; column?: number }, b: { file: string; line: number; column?: number }): number =>
		a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
	annotations.sort(byPlace);
	findings.sort(byPlace);
	ignores.sort(byPlace);
	problems.sort(byPlace);
	const { catalog } = parts;
	const result: ScanResult = {
		tool: { name: parts.tool.name, version: parts.tool.version },
		root: parts.root,
		catalog: { id: catalog.id, framework: catalog.framework, version: catalog.version },
		files: parts.files, annotations, findings, problems,
		coverage: computeCoverage(catalog, annotations, parts.soa),
	};
	return { result, ignores };
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
