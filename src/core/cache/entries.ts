/**
 * The cache's per-file entries as columns: the paths in ascending order, and beside them, at the same
 * index, each file's size, modification time, content hash and result. `JSON.parse` reads a column of
 * numbers into one array of unboxed numbers, so the cache file of a large tree costs a few objects per
 * column instead of several per file, and a run that looks its listed files up in path order finds
 * each one at the index after the last (one string comparison, no hashing of the path).
 */
import type { FileAnalysis } from '../analysis/analyzeFile';

/** A file's per-file result, without its path (the entry's path). */
export type StoredAnalysis = Omit<FileAnalysis, 'path'>;

/** What the cache knows of one file: how it looked when it was analysed, and what it held. */
export interface CacheEntry {
	readonly size: number;
	readonly mtimeMs: number;
	/** Hash of the content (content strategy), else ''. */
	readonly hash: string;
	/** Null when the file held nothing to report. */
	readonly analysis: StoredAnalysis | null;
}

/** Entries as parallel columns; `paths` strictly ascending (UTF-16 code unit order, as the walk sorts them). */
export interface EntryColumns {
	readonly paths: readonly string[];
	readonly sizes: readonly number[];
	readonly mtimes: readonly number[];
	readonly hashes: readonly string[];
	readonly analyses: readonly (StoredAnalysis | null)[];
}

export const NO_ENTRIES: EntryColumns = { paths: [], sizes: [], mtimes: [], hashes: [], analyses: [] };

/** The entry at `i`. */
export function entryAt(columns: EntryColumns, i: number): CacheEntry {
	return { size: columns.sizes[i], mtimeMs: columns.mtimes[i], hash: columns.hashes[i], analysis: columns.analyses[i] };
}

/** Columns of entries given in any order (each path once). */
export function columnsOf(entries: Iterable<readonly [string, CacheEntry]>): EntryColumns {
	const rows = [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return {
		paths: rows.map(([rel]) => rel),
		sizes: rows.map(([, e]) => e.size),
		mtimes: rows.map(([, e]) => e.mtimeMs),
		hashes: rows.map(([, e]) => e.hash),
		analyses: rows.map(([, e]) => e.analysis),
	};
}

/**
 * Finds paths among sorted columns, trying first the index after the last one found: a run asks in
 * path order, so a lookup is mostly one comparison; anything else is a binary search.
 */
export class EntryFinder {
	private cursor = 0;

	constructor(private readonly paths: readonly string[]) {}

	/** The index of `rel`, or -1. */
	find(rel: string): number {
		const paths = this.paths;
		const at = this.cursor;
		if (at < paths.length && paths[at] === rel) {
			this.cursor = at + 1;
			return at;
		}
		let lo = 0;
		let hi = paths.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const p = paths[mid];
			if (p === rel) {
				this.cursor = mid + 1;
				return mid;
			}
			if (p < rel) {
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		return -1;
	}
}

/**
 * The entries the next write holds: those of the last file carried over by index (a file whose
 * result still held), and new ones by path; a new entry replaces the old one of its path.
 */
export class NextEntries {
	private readonly kept: Uint8Array;
	private keptCount = 0;
	private readonly fresh = new Map<string, CacheEntry>();

	constructor(private readonly last: EntryColumns, private readonly finder: EntryFinder) {
		this.kept = new Uint8Array(last.paths.length);
	}

	get size(): number {
		return this.keptCount + this.fresh.size;
	}

	/** Carries the last file's entry `i` over (replacing a new one of its path). */
	keep(i: number): void {
		if (this.fresh.size > 0) {
			this.fresh.delete(this.last.paths[i]);
		}
		if (this.kept[i] === 0) {
			this.kept[i] = 1;
			this.keptCount++;
		}
	}

	set(rel: string, entry: CacheEntry): void {
		this.unkeep(this.finder.find(rel));
		this.fresh.set(rel, entry);
	}

	/** Drops the entry of `rel`; true when there was one. */
	delete(rel: string): boolean {
		return this.unkeep(this.finder.find(rel)) || this.fresh.delete(rel);
	}

	/** The entries as columns, in path order. */
	columns(): EntryColumns {
		if (this.fresh.size === 0 && this.keptCount === this.last.paths.length) {
			return this.last;
		}
		const rows: [string, CacheEntry][] = [...this.fresh];
		for (let i = 0; i < this.kept.length; i++) {
			if (this.kept[i] === 1) {
				rows.push([this.last.paths[i], entryAt(this.last, i)]);
			}
		}
		return columnsOf(rows);
	}

	private unkeep(i: number): boolean {
		if (i < 0 || this.kept[i] === 0) {
			return false;
		}
		this.kept[i] = 0;
		this.keptCount--;
		return true;
	}
}
