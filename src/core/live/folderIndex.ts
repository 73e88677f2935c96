import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { analyzeBatch, analyzeTexts, type BatchResult } from '../analysis/batch';
import { createAnalyzerContext, type AnalyzerContext, type AnalyzerInit } from '../analysis/context';
import { FileResultCache } from '../cache/fileCache';
import { toRelative, type WorkspaceSettings } from '../config/workspace';
import { createPathFilter, discoverFiles, fileError, type PathFilter } from '../files/discover';
import { formatSize, SourceReader } from '../files/readSource';
import { languageForPath } from '../lexer';
import { runSettings, scanWorkspace, type PreparedScan, type ScanOptions } from '../scan/scan';
import type { Problem, SourceFile } from '../types';
import { FileTable, type FileEntry } from './fileTable';
import { reanalyzeRegion, type BufferStructure } from './regionAnalysis';

/**
 * How one workspace folder is indexed (the scan's options without callbacks: they cross a thread
 * boundary). With `cache`, the folder's per-file results are kept there between sessions.
 */
export type FolderIndexOptions = Omit<ScanOptions, 'onProgress' | 'signal' | 'onWarning'>;

/**
 * A change to one path. `changed` re-reads the file, unless an editor buffer holds newer text:
 * `text` sets that buffer's content (unsaved edits win over the disk), `text: null` drops it
 * (saved or closed). `deleted` removes the path and, for a folder, everything under it.
 */
export interface FileChange {
	readonly path: string;
	readonly kind: 'changed' | 'deleted';
	readonly text?: string | null;
}

/** What a full scan produced: every file with something to report, and the count of the rest. */
export interface Snapshot {
	readonly settings: WorkspaceSettings;
	readonly files: number;
	readonly entries: readonly FileEntry[];
	readonly baseProblems: readonly Problem[];
	readonly complete: boolean;
	/** Files read and analysed for it (the others came from the persistent cache). */
	readonly analysed: number;
	/** True for the last session's results shown from the cache before the scan that verifies them. */
	readonly provisional: boolean;
}

/**
 * Changes covering more than this share of the indexed files (a branch switch, a `git rebase`)
 * are cheaper to handle as one full scan on every core than file by file.
 */
const RESCAN_SHARE = 0.25;
const RESCAN_MIN = 500;

/**
 * The live index of one workspace folder, for the editor: a full scan (on every core), then
 * updates file by file as the user edits, saves, creates, deletes and renames. Unsaved buffer
 * content wins over the disk. Pure engine code: the extension runs it in a worker thread.
 */
export class FolderIndex {
	readonly table = new FileTable();
	private readonly overlays = new Map<string, string>();
	/** The fast path's structure of buffers it answered for: the next edit re-lexes only its declaration. */
	private readonly structures = new Map<string, BufferStructure>();
	private settings: WorkspaceSettings | undefined;
	private init: AnalyzerInit | undefined;
	private ctx: AnalyzerContext | undefined;
	private reader: SourceReader | undefined;
	private filter: PathFilter | undefined;
	/** The persistent cache (`options.cache`), kept up to date as files change after a scan. */
	private cache: FileResultCache | undefined;
	/** What {@link restore} prepared for the scan that follows it. */
	private prepared: PreparedScan | undefined;

	/** `warn`: told why the cache could not be read or written (the index goes on without it). */
	constructor(readonly options: FolderIndexOptions, private readonly warn: (message: string) => void = () => undefined) {}

	/** The settings of the last successful scan (or of the results restored from the cache). */
	get current(): WorkspaceSettings | undefined {
		return this.settings;
	}

	/**
	 * The results the folder had when the cache was last written, unverified, with the problems of
	 * that session's walk and of the files it could not read, or undefined when there is no cache (or
	 * none valid under the current configuration, rules and tool version: the same key as the CLI's).
	 * Never throws; the next {@link rescan} verifies them, reusing the settings and the cache read here.
	 */
	restore(): Snapshot | undefined {
		if (!this.options.cache) {
			return undefined;
		}
		let run: PreparedScan['run'];
		try {
			run = runSettings(this.options);
		} catch {
			return undefined; // The scan reports the configuration error.
		}
		const cache = FileResultCache.open(run.init, this.options.tool, this.options.cache, this.warn);
		this.prepared = { run, cache };
		const { readPaths, analyses, problems } = cache.lastResults();
		if (readPaths.length === 0 && problems.walk.length === 0 && problems.failed.length === 0) {
			return undefined;
		}
		const baseProblems = [...run.settings.problems, ...problems.walk];
		this.table.reset(fileEntries(readPaths, analyses, problems.failed), baseProblems);
		this.settings = run.settings;
		return { settings: run.settings, files: this.table.size, entries: this.table.entries(), baseProblems, complete: true, analysed: 0, provisional: true };
	}

	/**
	 * Scans the whole folder. Throws `ConfigError` when `.iso27001.yaml` or the catalog is invalid
	 * (the previous content stays). Buffers with unsaved edits are analysed from their text afterwards.
	 * With a cache, files whose size and time match their entry keep their result unread (unless `fresh`).
	 */
	async rescan(signal?: AbortSignal, onProgress?: (done: number, total: number) => void, fresh = false): Promise<Snapshot> {
		const outcome = await scanWorkspace({ ...this.options, signal, onProgress }, this.prepare(fresh));
		this.disposeContext();
		const { settings, detail } = outcome;
		this.settings = settings;
		// Files are re-analysed with exactly the settings the scan ran with.
		this.init = outcome.init;
		// Changed paths are filtered exactly as the scan listed them.
		this.filter = createPathFilter(this.options.root, outcome.discovery);
		this.table.reset(fileEntries(detail.readPaths, detail.analyses, detail.fileProblems), detail.baseProblems);
		if (this.overlays.size > 0) {
			await this.update([...this.overlays.keys()].map((p) => ({ path: p, kind: 'changed' })));
		}
		const analysed = outcome.stats.files - outcome.stats.cached;
		return { settings, files: this.table.size, entries: this.table.entries(), baseProblems: detail.baseProblems, complete: detail.complete, analysed, provisional: false };
	}

	/**
	 * Writes the cache if anything changed since it was last written; returns the entries written, or
	 * undefined when nothing was. Called off the hot path: after a scan's result is out, and when
	 * updates have settled. A failure is a warning.
	 */
	saveCache(): number | undefined {
		if (!this.cache?.dirty) {
			return undefined;
		}
		this.cache.save();
		return this.cache.stored;
	}

	/** The run settings and cache a scan starts from: those {@link restore} read, else read now (or an empty cache when `fresh`). */
	private prepare(fresh: boolean): PreparedScan | undefined {
		const prepared = this.prepared;
		this.prepared = undefined;
		if (!this.options.cache) {
			this.cache = undefined;
			return undefined;
		}
		let run = prepared?.run;
		let cache = prepared?.cache;
		if (!run || !cache || fresh) {
			run = runSettings(this.options);
			// Results recorded since the last write are kept: the cache file is read again as written now.
			this.saveCache();
			cache = FileResultCache.open(run.init, this.options.tool, { ...this.options.cache, fresh }, this.warn);
		}
		this.cache = cache;
		return { run, cache };
	}

	/** True when `changes` are better handled by a full scan (see {@link RESCAN_SHARE}). */
	wantsRescan(changes: readonly FileChange[]): boolean {
		return this.init === undefined || changes.length > Math.max(RESCAN_MIN, this.table.size * RESCAN_SHARE);
	}

	/**
	 * Applies changes and returns the new state of every path they touched (including files
	 * under a deleted folder). Requires a completed {@link rescan}. With `fast`, an edited
	 * TypeScript/JavaScript buffer whose edit stays in one top-level body is re-analysed there only
	 * (`regionAnalysis.ts`); such paths are listed in `approximate` and need a plain `update` later.
	 */
	async update(changes: readonly FileChange[], options: { fast?: boolean } = {}): Promise<FileEntry[] & { approximate?: string[]; analysed?: number }> {
		if (!this.init || !this.filter) {
			throw new Error('FolderIndex.update before the first scan');
		}
		const { latest, before } = this.applyOverlays(changes);
		const expanded = await this.expandFolders(latest);
		const touched = new Map<string, FileEntry>();
		const { fromDisk, fromBuffers } = this.sortChanges(expanded, this.init, touched);
		this.ctx ??= createAnalyzerContext(this.init);
		this.reader ??= new SourceReader(this.init.maxFileSize);
		const results: BatchResult[] = [];
		const analysed = fromDisk.length + fromBuffers.length;
		if (fromDisk.length > 0) {
			results.push(await this.readFromDisk(fromDisk));
		}
		const approximate = options.fast ? await this.answerFast(fromBuffers, before, touched) : [];
		if (fromBuffers.length > 0) {
			const r = await analyzeTexts(fromBuffers, this.ctx);
			results.push({ ...r, readPaths: fromBuffers.map((f) => f.path) });
		}
		for (const p of [...fromDisk, ...fromBuffers.map((f) => f.path)]) {
			touched.set(p, gone(p));
		}
		for (const r of results) {
			mergeBatch(r, touched);
		}
		for (const e of touched.values()) {
			this.table.apply(e);
		}
		// Gone or no longer listed: forgotten. A file skipped or unreadable keeps the problem `readFromDisk` recorded.
		this.cache?.forget([...touched.values()].filter((e) => !e.indexed && e.problems.length === 0).map((e) => e.path));
		return Object.assign([...touched.values()], { approximate, analysed });
	}

	/** Reads and analyses files from disk, recording their results in the cache (buffers' never are: the disk may differ). */
	private async readFromDisk(paths: string[]): Promise<BatchResult> {
		this.cache?.willRead(paths);
		const r = await analyzeBatch(this.options.root, paths, this.ctx!, this.reader!);
		this.cache?.update({ readPaths: r.readPaths, analyses: r.analyses, problems: r.problems, missing: r.missing });
		return r;
	}

	/** Records buffer texts; returns the last change per path and each path's buffer before these changes. */
	private applyOverlays(changes: readonly FileChange[]): { latest: Map<string, FileChange>; before: Map<string, string | undefined> } {
		const latest = new Map<string, FileChange>();
		const before = new Map<string, string | undefined>();
		for (const c of changes) {
			latest.set(c.path, c);
			if (!before.has(c.path)) {
				before.set(c.path, this.overlays.get(c.path));
			}
			if (c.text === null) {
				this.overlays.delete(c.path);
				this.structures.delete(c.path);
			} else if (c.text !== undefined) {
				this.overlays.set(c.path, c.text);
			}
		}
		return { latest, before };
	}

	/** A folder moved or copied in: the watcher may report only the folder, so its files stand in for it. */
	private async expandFolders(latest: Map<string, FileChange>): Promise<FileChange[]> {
		const out = new Map(latest);
		for (const c of latest.values()) {
			if (c.kind === 'changed' && c.text === undefined && isDirectory(path.join(this.options.root, c.path))) {
				out.delete(c.path);
				for (const p of await this.filesIn(c.path)) {
					out.set(p, { path: p, kind: 'changed' });
				}
			}
		}
		return [...out.values()];
	}

	/** Deletions and excluded paths go straight into `touched`; the rest is read from disk or taken from its buffer. */
	private sortChanges(changes: readonly FileChange[], init: AnalyzerInit, touched: Map<string, FileEntry>): { fromDisk: string[]; fromBuffers: SourceFile[] } {
		const fromDisk: string[] = [];
		const fromBuffers: SourceFile[] = [];
		for (const c of changes) {
			if (c.kind === 'deleted') {
				this.overlays.delete(c.path);
				this.structures.delete(c.path);
				for (const p of [c.path, ...this.table.pathsUnder(c.path)]) {
					touched.set(p, gone(p));
				}
			} else if (!this.filter!(c.path)) {
				touched.set(c.path, gone(c.path));
			} else {
				const text = this.overlays.get(c.path);
				if (text === undefined) {
					fromDisk.push(c.path);
				} else if (text.length > init.maxFileSize) {
					touched.set(c.path, { ...gone(c.path), problems: [fileError(c.path, `skipped: ${formatSize(text.length)} is over the ${formatSize(init.maxFileSize)} limit (maxFileSize)`)] });
				} else {
					fromBuffers.push({ path: c.path, text, languageId: languageForPath(c.path) ?? 'plaintext' });
				}
			}
		}
		return { fromDisk, fromBuffers };
	}

	/**
	 * Answers edited buffers whose edit stays in one top-level body from that body alone
	 * (`regionAnalysis.ts`), removing them from `fromBuffers`; returns their paths.
	 */
	private async answerFast(fromBuffers: SourceFile[], before: ReadonlyMap<string, string | undefined>, touched: Map<string, FileEntry>): Promise<string[]> {
		const approximate: string[] = [];
		for (let i = fromBuffers.length - 1; i >= 0; i--) {
			const file = fromBuffers[i];
			const old = before.get(file.path);
			const fast = old === undefined ? undefined : await reanalyzeRegion(old, this.table.get(file.path).analysis, file, this.ctx!, this.structures.get(file.path));
			if (fast === undefined) {
				this.structures.delete(file.path);
			} else {
				fromBuffers.splice(i, 1);
				approximate.push(file.path);
				this.structures.set(file.path, fast.structure);
				touched.set(file.path, { path: file.path, indexed: true, analysis: fast.analysis, problems: [] });
			}
		}
		return approximate;
	}

	/** The folder's result as the CLI would print it. */
	result(): ReturnType<FileTable['assemble']> | undefined {
		const s = this.settings;
		return s && this.table.assemble({ tool: this.options.tool, root: this.options.root, catalog: s.catalog, soa: s.config.soa, settings: s });
	}

	dispose(): void {
		this.disposeContext();
	}

	/** Files under a folder (relative to the root) that a scan would list. */
	private async filesIn(dir: string): Promise<string[]> {
		const found = await discoverFiles(path.join(this.options.root, dir), { include: ['**/*'], exclude: [], gitignore: false });
		return found.files.map((f) => `${dir}/${f.path}`).filter((p) => this.filter!(p));
	}

	private disposeContext(): void {
		this.ctx?.scopes.dispose();
		this.ctx = undefined;
		this.reader = undefined;
	}
}

/** A path that is not (or no longer) indexed. */
function gone(p: string): FileEntry {
	return { path: p, indexed: false, analysis: null, problems: [] };
}

/** The table entries of a whole folder: the files read, what they hold, and the problems of single files. */
function fileEntries(readPaths: readonly string[], analyses: readonly FileAnalysis[], fileProblems: readonly Problem[]): Iterable<FileEntry> {
	const entries = new Map<string, FileEntry>();
	const entry = (p: string): FileEntry => entries.get(p) ?? gone(p);
	for (const p of readPaths) {
		entries.set(p, { path: p, indexed: true, analysis: null, problems: [] });
	}
	for (const a of analyses) {
		entries.set(a.path, { ...entry(a.path), analysis: a });
	}
	for (const problem of fileProblems) {
		const e = entry(problem.file);
		entries.set(problem.file, { ...e, problems: [...e.problems, problem] });
	}
	return entries.values();
}

/** Puts a batch's outcome for each path into `touched` (whose entries start as `gone`). Missing files stay gone. */
function mergeBatch(r: BatchResult, touched: Map<string, FileEntry>): void {
	const at = (p: string): FileEntry => touched.get(p) ?? gone(p);
	for (const p of r.readPaths) {
		touched.set(p, { ...at(p), indexed: true });
	}
	for (const a of r.analyses) {
		touched.set(a.path, { ...at(a.path), analysis: a });
	}
	for (const problem of r.problems) {
		const e = at(problem.file);
		touched.set(problem.file, { ...e, problems: [...e.problems, problem] });
	}
}

function isDirectory(p: string): boolean {
	try {
		return statSync(p).isDirectory();
	} catch {
		return false;
	}
}

/** A path relative to a folder root with `/` separators, or null when it lies outside it. */
export function relativeTo(root: string, absPath: string): string | null {
	const rel = toRelative(root, absPath);
	return rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel) ? null : rel;
}
