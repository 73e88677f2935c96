/**
 * The persistent per-file cache (SPEC `--cache`): which listed files can take their result from the
 * last run, and the entries the next run will find. Front ends decide where it lives and report its
 * warnings; the scan asks it before it hands any file to a thread.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { AnalyzerInit } from '../analysis/context';
import type { FolderListing, ListingStore } from '../files/listings';
import type { Problem } from '../types';
import { cacheKey, type CacheIdentity, type CacheStrategy } from './key';
import { CACHE_FILE, defaultCacheLocation } from './location';
import { EntryFinder, NextEntries, NO_ENTRIES, type EntryColumns } from './entries';
import { NO_LISTINGS, NO_PROBLEMS, readCacheFile, toStored, writeCacheFile, type CacheContents, type CacheIo, type StoredListings, type StoredProblems } from './store';

export { CACHE_STRATEGIES, type CacheStrategy } from './key';
export type { StoredProblems } from './store';

/** How a run uses the cache. */
export interface CacheOptions {
	/** The cache folder; default {@link defaultCacheLocation} of the root. */
	readonly location?: string;
	/** Default `metadata`. */
	readonly strategy?: CacheStrategy;
	/** Start from an empty cache (the file is not read): every file is analysed, and the cache rewritten. */
	readonly fresh?: boolean;
}

/**
 * Files modified this recently are not cached under the metadata strategy: a file system's clock
 * ticks coarsely (2 s on FAT, one kernel tick on ext4), so a second write in the same tick, after
 * the stat, would leave size and time as they were. Their next run reads them again.
 */
const RACY_MS = 2000;

/** What a file looked like when the cache was asked about it. */
interface Fingerprint {
	readonly size: number;
	readonly mtimeMs: number;
	readonly hash: string;
	/** False: analyse it, but do not keep its result (modified too recently to be trusted). */
	readonly storable: boolean;
}

/** The cache's answer for the listed files. */
export interface CacheLookup {
	/** Files whose last result still holds: each counts as read. */
	readonly readPaths: string[];
	/** The results among them with something to report. */
	readonly analyses: FileAnalysis[];
	/** Bytes of the files served. */
	readonly bytes: number;
	/** Files to read and analyse. */
	readonly misses: string[];
}

/** What a run produced for the files the cache did not serve. */
export interface RunFiles {
	readonly readPaths: Iterable<string>;
	readonly analyses: Iterable<FileAnalysis>;
	/**
	 * `file-error` problems (unreadable, too large, analysis failed): their files are never cached;
	 * the problems are kept, for {@link FileResultCache.lastResults}.
	 */
	readonly problems: Iterable<Problem>;
	/** Files gone by the time they were read: never cached. */
	readonly missing?: Iterable<string>;
}

const NO_FOLDERS: ReadonlyMap<string, FolderListing> = new Map();

export class FileResultCache implements ListingStore {
	private readonly fingerprints = new Map<string, Fingerprint>();
	/** The last run's entries, and which of them {@link lookup} served (by index). */
	private readonly entries: EntryColumns;
	private readonly finder: EntryFinder;
	private readonly served: Uint8Array;
	private hits = 0;
	private readonly next: NextEntries;
	/** The last run's problems as read, for {@link lastResults}. */
	private readonly last: StoredProblems;
	/** The walk's problems the next {@link save} writes: the last run's until a whole listing reports its own. */
	private walk: readonly Problem[];
	/** The `file-error` problems of the files read since the cache was opened, by file. */
	private readonly failures = new Map<string, readonly Problem[]>();
	/** The problems as last read or written (JSON): a run that finds the same ones need not write them. */
	private problemsOnDisk: string;
	private changed: boolean;
	/** The root with a trailing separator: a listed path appended to it is the file's path. */
	private readonly prefix: string;
	/** The folder listings as read, and those the next {@link save} writes (the last walk's). */
	private readonly folders: StoredListings;
	private nextFolders: StoredListings;

	private constructor(
		readonly file: string,
		root: string,
		private readonly identity: CacheIdentity,
		contents: CacheContents,
		private readonly maxFileSize: number,
		private readonly warn: (message: string) => void,
		private readonly io: CacheIo | undefined,
	) {
		this.prefix = root.endsWith(path.sep) || root.endsWith('/') ? root : root + path.sep;
		this.entries = contents.entries;
		this.finder = new EntryFinder(contents.entries.paths);
		this.served = new Uint8Array(contents.entries.paths.length);
		this.next = new NextEntries(contents.entries, this.finder);
		this.last = contents.problems;
		this.walk = contents.problems.walk;
		this.problemsOnDisk = JSON.stringify(contents.problems);
		this.folders = contents.folders;
		this.nextFolders = contents.folders;
		this.changed = contents.entries.paths.length === 0;
	}

	/**
	 * Opens the cache of a run: reads the cache file, keeping its entries only when it was written
	 * under the same tool version, settings, rules and strategy and is intact (else `warn` says why
	 * it is rebuilt, unless only settings changed). Never throws.
	 */
	static open(
		init: AnalyzerInit, tool: { readonly name: string; readonly version: string }, options: CacheOptions,
		warn: (message: string) => void, io?: CacheIo,
	): FileResultCache {
		const strategy = options.strategy ?? 'metadata';
		const file = path.join(path.resolve(options.location ?? defaultCacheLocation(init.root)), CACHE_FILE);
		const identity: CacheIdentity = { tool: tool.name, version: tool.version, key: cacheKey(init, strategy), strategy };
		const read = options.fresh ? { kind: 'none' as const } : readCacheFile(file, identity, io);
		if (read.kind === 'rejected') {
			warn(read.warning);
		}
		const contents: CacheContents = read.kind === 'ok' ? read : { entries: NO_ENTRIES, problems: NO_PROBLEMS, folders: NO_LISTINGS };
		return new FileResultCache(file, init.root, identity, contents, init.maxFileSize, warn, io);
	}

	/** Entries the last run left (0 on a first run or after a discarded cache). */
	get size(): number {
		return this.entries.paths.length;
	}

	/** Entries the next {@link save} writes. */
	get stored(): number {
		return this.next.size;
	}

	/** Files served from the cache by {@link lookup}. */
	get hitCount(): number {
		return this.hits;
	}

	/**
	 * Splits the listed files into those whose last result still holds (metadata: same size and
	 * modification time, the file is not read; content: same size and hash of the content) and those
	 * to analyse. Looks each file up before any thread reads it, so a file modified meanwhile differs
	 * from its fingerprint on the next run.
	 */
	lookup(paths: readonly string[]): CacheLookup {
		const out: CacheLookup = { readPaths: [], analyses: [], bytes: 0, misses: [] };
		const now = Date.now();
		const byContent = this.identity.strategy === 'content';
		const { sizes, mtimes, hashes, analyses } = this.entries;
		let bytes = 0;
		for (let k = 0; k < paths.length; k++) {
			const rel = paths[k];
			const print = this.fingerprint(rel, now);
			const i = this.finder.find(rel);
			// Compared here rather than in a method: this loop runs once per listed file, mostly unoptimised.
			if (print === undefined || i < 0 || sizes[i] !== print.size || (byContent ? hashes[i] !== print.hash : mtimes[i] !== print.mtimeMs)) {
				if (print !== undefined) {
					this.fingerprints.set(rel, print);
				}
				out.misses.push(rel);
				continue;
			}
			if (this.served[i] === 0) {
				this.served[i] = 1;
				this.hits++;
			}
			this.next.keep(i);
			out.readPaths.push(rel);
			bytes += sizes[i];
			const analysis = analyses[i];
			if (analysis !== null) {
				out.analyses.push({ path: rel, ...analysis });
			}
		}
		return { ...out, bytes };
	}

	/**
	 * Every file's result as the last run left it, with the problems no entry carries, unverified (no
	 * file is looked at): what the editor shows at once when it reopens a workspace, before
	 * {@link lookup} and the walk tell which still hold.
	 */
	lastResults(): { readonly readPaths: string[]; readonly analyses: FileAnalysis[]; readonly problems: StoredProblems } {
		const readPaths: string[] = [];
		const analyses: FileAnalysis[] = [];
		const { paths, analyses: stored } = this.entries;
		for (let i = 0; i < paths.length; i++) {
			readPaths.push(paths[i]);
			const analysis = stored[i];
			if (analysis !== null) {
				analyses.push({ path: paths[i], ...analysis });
			}
		}
		return { readPaths, analyses, problems: this.last };
	}

	/**
	 * After a run, for a cache kept as files change (the editor's index): takes the fingerprints of
	 * files about to be read again, before they are read, so that {@link update} can record their
	 * new results (and a write after the read differs on the next lookup).
	 */
	willRead(paths: readonly string[]): void {
		const now = Date.now();
		for (const rel of paths) {
			this.unserve(rel);
			const print = this.fingerprint(rel, now);
			if (print === undefined) {
				this.fingerprints.delete(rel);
			} else {
				this.fingerprints.set(rel, print);
			}
		}
	}

	/** Drops the entries of files that are gone or no longer listed (the editor's index, after a run). */
	forget(paths: Iterable<string>): void {
		for (const rel of paths) {
			const failed = this.failures.delete(rel);
			if (this.drop(rel) || failed) {
				this.changed = true;
			}
		}
	}

	/** The folder listings of the last walk, when it was made with the same options (`key`). */
	previous(key: string): ReadonlyMap<string, FolderListing> {
		return key === this.folders.key ? this.folders.listings : NO_FOLDERS;
	}

	/** Keeps the listings of a whole walk for the next run. */
	record(key: string, listings: ReadonlyMap<string, FolderListing>): void {
		const last = this.nextFolders;
		let same = key === last.key && listings.size === last.listings.size;
		// forEach: no pair array per folder (spread and destructuring cost ~4 ms of a warm scan).
		listings.forEach((l, rel) => {
			same &&= last.listings.get(rel) === l;
		});
		if (!same) {
			this.changed = true;
		}
		this.nextFolders = { key, listings };
	}

	/** Records the problems of a walk of the whole folder (a run given only some paths has none to record). */
	setWalkProblems(problems: readonly Problem[]): void {
		if (JSON.stringify(problems) !== JSON.stringify(this.walk)) {
			this.walk = problems;
			this.changed = true;
		}
	}

	/** True when {@link save} has something to write. */
	get dirty(): boolean {
		return this.changed;
	}

	/**
	 * Records the results of the files {@link lookup} missed (or {@link willRead} announced), and the
	 * problems of those that failed; files no longer listed drop out. A file read but not storable
	 * loses its entry.
	 */
	update(run: RunFiles): void {
		const problems = [...run.problems];
		const failed = new Set([...problems.map((p) => p.file), ...(run.missing ?? [])]);
		const byPath = new Map<string, FileAnalysis>();
		for (const a of run.analyses) {
			byPath.set(a.path, a);
		}
		const read = [...run.readPaths].filter((rel) => !this.wasServed(rel));
		for (const rel of [...read, ...failed]) {
			this.failures.delete(rel);
		}
		for (const rel of read) {
			const print = this.fingerprints.get(rel);
			this.fingerprints.delete(rel);
			if (print === undefined || !print.storable || failed.has(rel)) {
				// Its last entry describes an older state of the file: not worth keeping.
				this.changed = this.next.delete(rel) || this.changed;
				continue;
			}
			const a = byPath.get(rel);
			const analysis = a === undefined ? null : toStored(a);
			this.next.set(rel, { size: print.size, mtimeMs: print.mtimeMs, hash: print.hash, analysis });
			this.changed = true;
		}
		for (const rel of failed) {
			if (!this.wasServed(rel) && this.drop(rel)) {
				this.changed = true;
			}
		}
		for (const p of problems) {
			this.failures.set(p.file, [...(this.failures.get(p.file) ?? []), p]);
		}
		// Compared as a whole: a run that fails on the same files as the last one need not write them again.
		if (!this.changed && JSON.stringify(this.storedProblems()) !== this.problemsOnDisk) {
			this.changed = true;
		}
		// Without new results, `next` holds the hits only: a smaller map means files dropped out.
		if (this.next.size !== this.entries.paths.length) {
			this.changed = true;
		}
	}

	/** Writes the cache file when anything changed; a failure is a warning, never an error. */
	save(): void {
		if (!this.changed) {
			return;
		}
		const problems = this.storedProblems();
		const warning = writeCacheFile(this.file, this.identity, { entries: this.next.columns(), problems, folders: this.nextFolders }, this.io);
		if (warning !== undefined) {
			this.warn(warning);
		}
		this.changed = false;
		this.problemsOnDisk = JSON.stringify(problems);
	}

	/** Forgets what the run knows of a file; true when it had an entry to write. */
	private drop(rel: string): boolean {
		this.unserve(rel);
		this.fingerprints.delete(rel);
		return this.next.delete(rel);
	}

	/** Whether {@link lookup} served `rel` (and no {@link willRead} or {@link forget} took it back since). */
	private wasServed(rel: string): boolean {
		const i = this.finder.find(rel);
		return i >= 0 && this.served[i] === 1;
	}

	private unserve(rel: string): void {
		const i = this.finder.find(rel);
		if (i >= 0 && this.served[i] === 1) {
			this.served[i] = 0;
			this.hits--;
		}
	}

	/** The problems the next {@link save} writes, those of failed files in path order (as a run lists them). */
	private storedProblems(): StoredProblems {
		const failed = [...this.failures].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, list]) => list);
		return { walk: this.walk, failed };
	}

	/** Size and time (and, for the content strategy, the content's hash), or undefined when it cannot be had. */
	private fingerprint(rel: string, now: number): Fingerprint | undefined {
		// Joined by hand: `rel` is a listed path, already normal; path.join cost a tenth of a warm scan.
		const abs = this.prefix + rel;
		try {
			const st = statSync(abs);
			if (this.identity.strategy === 'metadata') {
				return { size: st.size, mtimeMs: st.mtimeMs, hash: '', storable: st.mtimeMs < now - RACY_MS };
			}
			if (st.size > this.maxFileSize) {
				return undefined; // The reader reports it as too large; not read here.
			}
			const bytes = readFileSync(abs);
			return { size: bytes.length, mtimeMs: st.mtimeMs, hash: createHash('sha1').update(bytes).digest('base64'), storable: true };
		} catch {
			return undefined; // Missing or unreadable: the reader says which.
		}
	}
}
