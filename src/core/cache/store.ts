/**
 * The cache file: one header line (what wrote it, under which key, and a checksum of the rest),
 * then one JSON object: the entries, and the last run's problems that no entry carries. Nothing in
 * it is used, problems included, unless the header matches and the checksum and the shape of every
 * entry and problem hold; it is replaced by writing a temporary file and renaming it over the old
 * one, so a reader (or a concurrent run) sees a whole file or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { FolderListing } from '../files/listings';
import { PROBLEM_CODES, type Problem } from '../types';
import type { EntryColumns, StoredAnalysis } from './entries';
import { isCount, listingRows, parseListings } from './folders';
import { CACHE_FORMAT, type CacheIdentity } from './key';

/** A file's result as stored: every field but its path (the entry's key), so a field added to `FileAnalysis` is kept too. */
export function toStored(a: FileAnalysis): StoredAnalysis {
	const stored: { -readonly [K in keyof FileAnalysis]?: FileAnalysis[K] } = { ...a };
	delete stored.path;
	return stored as StoredAnalysis;
}

/**
 * The last run's problems that no entry carries, kept only to be shown with the last results until a
 * run verifies them (the editor's first result on reopening a workspace); nothing is skipped on their account.
 */
export interface StoredProblems {
	/** Those of the walk: unreadable folders, symbolic link loops, broken links. */
	readonly walk: readonly Problem[];
	/** Those of files that could not be read or analysed (too large, binary, unreadable): such files have no entry. */
	readonly failed: readonly Problem[];
}

/** The last walk's folder listings, with the key of the walk's options they were made under. */
export interface StoredListings {
	readonly key: string;
	readonly listings: ReadonlyMap<string, FolderListing>;
}

/** What a cache file holds under its header. */
export interface CacheContents {
	readonly entries: EntryColumns;
	readonly problems: StoredProblems;
	readonly folders: StoredListings;
}

export const NO_PROBLEMS: StoredProblems = { walk: [], failed: [] };
export const NO_LISTINGS: StoredListings = { key: '', listings: new Map() };

/** The file-system calls the store makes (tests pass failing ones: a full disk, a read-only folder). */
export type CacheIo = Pick<typeof fs, 'readFileSync' | 'writeFileSync' | 'renameSync' | 'mkdirSync' | 'unlinkSync'>;

const MAGIC = 'iso27001-cache';
const HEADER_START = Buffer.from(`{"magic":"${MAGIC}"`);

interface Header {
	readonly magic: string;
	readonly format: number;
	readonly tool: string;
	readonly version: string;
	readonly strategy: string;
	readonly key: string;
	readonly entries: number;
	readonly checksum: string;
}

/** What reading a cache file gave: its entries when they can be trusted, and why not otherwise. */
export type ReadOutcome =
	| ({ readonly kind: 'ok' } & CacheContents)
	/** No cache file yet. */
	| { readonly kind: 'none' }
	/** Written under other settings or rules: expected after a change, rebuilt without a warning. */
	| { readonly kind: 'stale' }
	/** Unreadable, foreign, corrupt or from another version: rebuilt, with `warning` saying why. */
	| { readonly kind: 'rejected'; readonly warning: string };

/** Reads and checks a cache file; never throws. */
export function readCacheFile(file: string, expect: CacheIdentity, io: CacheIo = fs): ReadOutcome {
	let bytes: Buffer;
	try {
		bytes = io.readFileSync(file);
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		return code === 'ENOENT' ? { kind: 'none' } : { kind: 'rejected', warning: `cannot read the cache file ${file} (${code ?? (e as Error).message}); it is rebuilt` };
	}
	const rejected = (why: string): ReadOutcome => ({ kind: 'rejected', warning: `the cache file ${file} ${why}; it is discarded and rebuilt` });
	const newline = bytes.indexOf(10);
	const header = parseJson(bytes.subarray(0, newline < 0 ? bytes.length : newline).toString('utf8')) as Partial<Header> | undefined;
	if (header === undefined || typeof header !== 'object' || header === null || header.magic !== MAGIC) {
		// The header is written first: a file cut inside it still begins as one.
		return rejected(bytes.subarray(0, HEADER_START.length).equals(HEADER_START) ? 'is corrupt or truncated (no whole header)' : 'is not an iso27001 cache');
	}
	if (header.format !== CACHE_FORMAT || header.tool !== expect.tool || header.version !== expect.version) {
		return rejected(`was written by ${String(header.tool)} ${String(header.version)} (cache format ${String(header.format)}), not by ${expect.tool} ${expect.version} (format ${CACHE_FORMAT})`);
	}
	if (header.key !== expect.key || header.strategy !== expect.strategy) {
		return { kind: 'stale' };
	}
	const body = newline < 0 ? Buffer.alloc(0) : bytes.subarray(newline + 1);
	if (header.checksum !== checksum(body)) {
		return rejected('is corrupt or truncated (checksum mismatch)');
	}
	const contents = parseBody(parseJson(body.toString('utf8')), header.entries);
	return typeof contents === 'string' ? rejected(`is corrupt (${contents})`) : { kind: 'ok', ...contents };
}

/**
 * Writes the cache file through a temporary file in the same folder and a rename (creating the
 * folder if needed). Returns a warning instead of throwing when it cannot (read-only or vanished
 * folder, full disk); the temporary file is then removed.
 */
export function writeCacheFile(file: string, identity: CacheIdentity, contents: CacheContents, io: CacheIo = fs): string | undefined {
	const { paths, sizes, mtimes, hashes, analyses } = contents.entries;
	const { key, listings } = contents.folders;
	const folders = listingRows(listings, paths);
	const columns = { paths, sizes, mtimes, hashes, analyses };
	const body = Buffer.from(JSON.stringify({ ...columns, walk: contents.problems.walk, failed: contents.problems.failed, walkKey: key, folders }), 'utf8');
	const header: Header = { magic: MAGIC, format: CACHE_FORMAT, ...identity, entries: paths.length, checksum: checksum(body) };
	const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
	try {
		io.mkdirSync(path.dirname(file), { recursive: true });
		io.writeFileSync(tmp, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]));
		io.renameSync(tmp, file);
		return undefined;
	} catch (e) {
		try {
			io.unlinkSync(tmp);
		} catch {
			// It was never created.
		}
		const code = (e as NodeJS.ErrnoException).code;
		return `cannot write the cache file ${file} (${code ?? (e as Error).message}); the results are complete but were not cached`;
	}
}

function checksum(body: Buffer): string {
	return createHash('sha256').update(body).digest('hex');
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

/** The contents of a parsed body, or what is wrong with it. */
function parseBody(body: unknown, count: unknown): CacheContents | string {
	if (typeof body !== 'object' || body === null) {
		return 'the body is not an object';
	}
	const { walk, failed, walkKey, folders } = body as Record<string, unknown>;
	const entries = parseEntries(body as Record<string, unknown>, count);
	if (typeof entries === 'string') {
		return entries;
	}
	if (!isProblemList(walk) || !isProblemList(failed)) {
		return 'a stored problem is malformed';
	}
	const listings = parseListings(folders, entries.paths);
	if (typeof walkKey !== 'string' || listings === undefined) {
		return 'a folder listing is malformed';
	}
	return { entries, problems: { walk, failed }, folders: { key: walkKey, listings } };
}

/** The entry columns of a parsed body, or what is wrong with them. */
function parseEntries(body: Record<string, unknown>, count: unknown): EntryColumns | string {
	const { paths, sizes, mtimes, hashes, analyses } = body;
	if (!isColumn(paths, count) || !isColumn(sizes, count) || !isColumn(mtimes, count) || !isColumn(hashes, count) || !isColumn(analyses, count)) {
		return 'the entry columns do not match the header';
	}
	// Indexed loops: this runs once per cached file, before the code is optimised.
	for (let i = 0; i < paths.length; i++) {
		const rel = paths[i];
		// Strictly ascending: no path twice, and the order lookups rely on.
		if (typeof rel !== 'string' || rel === '' || (i > 0 && !((paths[i - 1] as string) < rel))) {
			return 'an entry has no path, or the paths are not in order';
		}
		const size = sizes[i];
		const mtimeMs = mtimes[i];
		if (!isCount(size) || typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs) || typeof hashes[i] !== 'string') {
			return `the entry of ${rel} has a bad size, time or hash`;
		}
		const analysis = analyses[i];
		if (analysis !== null && !isAnalysisOf(analysis, rel)) {
			return `the result of ${rel} is malformed`;
		}
	}
	return { paths, sizes, mtimes, hashes, analyses } as EntryColumns;
}

function isColumn(column: unknown, count: unknown): column is unknown[] {
	return Array.isArray(column) && column.length === count;
}

const LISTS = ['annotations', 'ignores', 'findings', 'problems'] as const;

/** An analysis whose four lists hold only items placed in file `rel` (a 1-based line, a string message or scope). */
function isAnalysisOf(a: unknown, rel: string): a is StoredAnalysis {
	if (typeof a !== 'object' || a === null) {
		return false;
	}
	const record = a as Record<string, unknown>;
	return LISTS.every((k) => Array.isArray(record[k]) && (record[k] as unknown[]).every((item) => {
		if (typeof item !== 'object' || item === null) {
			return false;
		}
		const { file, line } = item as { file?: unknown; line?: unknown };
		return file === rel && isCount(line) && line >= 1;
	}));
}

const SEVERITIES: readonly unknown[] = ['error', 'warning', 'info'] satisfies Problem['severity'][];

/** A list of problems, each placed in a file at a 1-based line and column, with a known code and severity. */
function isProblemList(list: unknown): list is Problem[] {
	return Array.isArray(list) && list.every((item: unknown) => {
		if (typeof item !== 'object' || item === null) {
			return false;
		}
		const p = item as Record<string, unknown>;
		return typeof p.file === 'string' && p.file !== '' && isCount(p.line) && p.line >= 1 && isCount(p.column) && p.column >= 1
			&& (PROBLEM_CODES as readonly unknown[]).includes(p.code) && SEVERITIES.includes(p.severity) && typeof p.message === 'string';
	});
}
