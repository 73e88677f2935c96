import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { columnsOf, type CacheEntry } from '../../../src/core/cache/entries';
import { CACHE_FORMAT, type CacheIdentity } from '../../../src/core/cache/key';
import { NO_LISTINGS, NO_PROBLEMS, readCacheFile, writeCacheFile, type CacheContents, type CacheIo, type StoredListings, type StoredProblems } from '../../../src/core/cache/store';

const ID: CacheIdentity = { tool: 'iso27001', version: '1.2.3', key: 'k'.repeat(64), strategy: 'metadata' };

function entries(): Map<string, CacheEntry> {
	const problem = { file: 'src/a.ts', line: 3, column: 4, code: 'unknown-control' as const, severity: 'error' as const, message: 'A.99 is not a control' };
	return new Map<string, CacheEntry>([
		['src/a.ts', { size: 120, mtimeMs: 1700000000123.25, hash: '', analysis: { annotations: [], ignores: [], findings: [], problems: [problem] } }],
		['b.py', { size: 7, mtimeMs: 1700000000000, hash: '', analysis: null }],
	]);
}

/** A symbolic link loop found by the walk; a file over the size limit. */
const PROBLEMS: StoredProblems = {
	walk: [{ file: 'src/loop', line: 1, column: 1, code: 'file-error', severity: 'warning', message: 'symbolic link loop or duplicate folder (already scanned as .); skipped' }],
	failed: [{ file: 'big.ts', line: 1, column: 1, code: 'file-error', severity: 'warning', message: 'skipped: 3 MB is over the 2 MB limit (maxFileSize)' }],
};

function stored(e: Map<string, CacheEntry> = entries(), problems: StoredProblems = NO_PROBLEMS, folders: StoredListings = NO_LISTINGS): CacheContents {
	return { entries: columnsOf(e), problems, folders };
}

/** The walk's listings of the root and of `src`, which holds a `.gitignore`. */
const LISTINGS: StoredListings = {
	key: '["/ws",["**/*"],[],[],true]',
	listings: new Map([
		['', { mtimeMs: 1600000000000.25, ctimeMs: 1700000000000.5, ino: 12, ignores: '', gitignore: false, files: ['b.py'], dirs: ['src'] }],
		// `src/big.ts` has no entry (it could not be read): kept by its name.
		['src', { mtimeMs: 1600000000000, ctimeMs: 1700000000000, ino: 13, ignores: 'abcdefgh12345678', gitignore: true, files: ['src/big.ts', 'src/a.ts'], dirs: [] }],
	]),
};

function ioFailing(op: 'writeFileSync' | 'renameSync' | 'mkdirSync', code: string): CacheIo & { calls: string[] } {
	const calls: string[] = [];
	const fail = (...args: unknown[]): never => {
		calls.push(String(args[0]));
		throw Object.assign(new Error(`${code}: simulated`), { code });
	};
	return { ...fs, [op]: fail, calls };
}

describe('cache file: reading and writing', () => {
	let dir: string;
	let file: string;
	beforeEach(() => {
		dir = fs.mkdtempSync(path.join(tmpdir(), 'iso-cache-store-'));
		file = path.join(dir, 'cache', 'results.json');
	});
	afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

	const leftovers = (): string[] => (fs.existsSync(path.dirname(file)) ? fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')) : []);

	it('round-trips entries, creating the missing folder', () => {
		assert.deepEqual(readCacheFile(file, ID), { kind: 'none' });
		assert.equal(writeCacheFile(file, ID, stored()), undefined);
		const read = readCacheFile(file, ID);
		assert.equal(read.kind, 'ok');
		assert.deepEqual(read.kind === 'ok' && read.entries, columnsOf(entries()));
		// In path order, whatever order they were given in.
		assert.deepEqual(read.kind === 'ok' && read.entries.paths, ['b.py', 'src/a.ts']);
		assert.deepEqual(read.kind === 'ok' && read.problems, NO_PROBLEMS);
		assert.deepEqual(leftovers(), []);
	});

	it('round-trips the walk\'s folder listings with the key of the options they were made under', () => {
		assert.equal(writeCacheFile(file, ID, stored(entries(), NO_PROBLEMS, LISTINGS)), undefined);
		const read = readCacheFile(file, ID);
		assert.equal(read.kind, 'ok');
		assert.equal(read.kind === 'ok' && read.folders.key, LISTINGS.key);
		assert.deepEqual(read.kind === 'ok' && [...read.folders.listings], [...LISTINGS.listings]);
		// A file with an entry is its entry's index, and its listed path the entry's own string.
		const rows = (JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[1]) as { folders: unknown[][] }).folders;
		assert.deepEqual(rows.map((r) => r[6]), [[0], ['big.ts', 1]]);
		assert.ok(read.kind === 'ok' && read.folders.listings.get('src')?.files[1] === read.entries.paths[1]);
	});

	it('round-trips the problems no entry carries: the walk\'s and those of files that failed', () => {
		assert.equal(writeCacheFile(file, ID, stored(entries(), PROBLEMS)), undefined);
		const read = readCacheFile(file, ID);
		assert.deepEqual(read.kind === 'ok' && read.problems, PROBLEMS);
		// Under another key or tool version, neither entries nor problems are used.
		assert.deepEqual(readCacheFile(file, { ...ID, key: 'other' }), { kind: 'stale' });
		assert.equal(readCacheFile(file, { ...ID, version: '9.9.9' }).kind, 'rejected');
	});

	it('rejects a cache file of the previous layout (format 1: entries only)', () => {
		const body = JSON.stringify([['a.ts', 1, 2, '', null]]);
		const checksum = createHash('sha256').update(body).digest('hex');
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, `${JSON.stringify({ magic: 'iso27001-cache', format: 1, ...ID, entries: 1, checksum })}\n${body}`);
		const read = readCacheFile(file, ID);
		assert.equal(read.kind, 'rejected');
		assert.match(read.kind === 'rejected' ? read.warning : '', new RegExp(`\\(cache format 1\\), not by .*\\(format ${CACHE_FORMAT}\\)`));
	});

	it('treats other settings or another strategy as stale, without a warning', () => {
		writeCacheFile(file, ID, stored());
		assert.deepEqual(readCacheFile(file, { ...ID, key: 'other' }), { kind: 'stale' });
		assert.deepEqual(readCacheFile(file, { ...ID, strategy: 'content' }), { kind: 'stale' });
	});

	it('rejects a cache written by another version, naming both', () => {
		writeCacheFile(file, { ...ID, version: '1.0.0' }, stored());
		const read = readCacheFile(file, ID);
		assert.equal(read.kind, 'rejected');
		assert.match(read.kind === 'rejected' ? read.warning : '', /written by iso27001 1\.0\.0 .*not by iso27001 1\.2\.3.*rebuilt/);
	});

	it('rejects a foreign file: empty, text, another JSON document', () => {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		for (const text of ['', 'hello\nworld', '{"magic":"eslint","version":"1.2.3"}\n[]', '[1,2,3]\n[]', 'null\n[]']) {
			fs.writeFileSync(file, text);
			const read = readCacheFile(file, ID);
			assert.equal(read.kind, 'rejected', text);
			assert.match(read.kind === 'rejected' ? read.warning : '', /is not an iso27001 cache; it is discarded and rebuilt/, text);
		}
	});

	it('rejects a truncated file at every length', () => {
		writeCacheFile(file, ID, stored());
		const whole = fs.readFileSync(file);
		for (let n = 0; n < whole.length; n += 7) {
			fs.writeFileSync(file, whole.subarray(0, n));
			const read = readCacheFile(file, ID);
			assert.equal(read.kind, 'rejected', `truncated to ${n} bytes`);
			const why = n >= '{"magic":"iso27001-cache"'.length ? /corrupt or truncated/ : n === 0 ? /not an iso27001 cache/ : /./;
			assert.match(read.kind === 'rejected' ? read.warning : '', why, `truncated to ${n} of ${whole.length} bytes`);
		}
	});

	it('rejects a file with a byte changed in its entries', () => {
		writeCacheFile(file, ID, stored());
		const bytes = fs.readFileSync(file);
		const at = bytes.indexOf('unknown-control');
		bytes[at] = 'U'.charCodeAt(0);
		fs.writeFileSync(file, bytes);
		assert.equal(readCacheFile(file, ID).kind, 'rejected');
	});

	it('rejects well-formed JSON whose entries or problems are malformed, even with a matching checksum', () => {
		/** The columns of rows written as [path, size, time, hash, result]. */
		const cols = (rows: unknown[][]): Record<string, unknown[]> => ({
			paths: rows.map((r) => r[0]), sizes: rows.map((r) => r[1]), mtimes: rows.map((r) => r[2]), hashes: rows.map((r) => r[3]), analyses: rows.map((r) => r[4]),
		});
		const forge = (columns: Record<string, unknown>, count: number, problems: Partial<Record<keyof StoredProblems, unknown>> = NO_PROBLEMS): string => {
			const body = JSON.stringify({ ...columns, walkKey: '', folders: [], ...problems });
			const checksum = createHash('sha256').update(body).digest('hex');
			return `${JSON.stringify({ magic: 'iso27001-cache', format: CACHE_FORMAT, ...ID, entries: count, checksum })}\n${body}`;
		};
		const finding = { file: 'other.ts', line: 1 };
		const one = cols([['a.ts', 1, 2, '', null]]);
		const cases: [Record<string, unknown>, number, RegExp][] = [
			[{ ...one, paths: { a: 1 } }, 1, /entry columns/],
			[{ ...one, hashes: undefined }, 1, /entry columns/],
			[{ ...one, sizes: [1, 2] }, 1, /entry columns/],
			[cols([['a.ts', 1, 2, '', null], ['a.ts', 1, 2, '', null]]), 2, /not in order/],
			[cols([['b.ts', 1, 2, '', null], ['a.ts', 1, 2, '', null]]), 2, /not in order/],
			[cols([['', 1, 2, '', null]]), 1, /no path/],
			[cols([[7, 1, 2, '', null]]), 1, /no path/],
			[cols([['a.ts', -1, 2, '', null]]), 1, /bad size/],
			[cols([['a.ts', 1, 'x', '', null]]), 1, /bad size, time/],
			[cols([['a.ts', 1, 2, 3, null]]), 1, /bad size, time or hash/],
			[cols([['a.ts', 1, 2, '', { annotations: [], ignores: [], findings: [finding], problems: [] }]]), 1, /result of a\.ts is malformed/],
			[cols([['a.ts', 1, 2, '', { annotations: [], findings: [] }]]), 1, /malformed/],
			[one, 2, /entry columns/],
		];
		fs.mkdirSync(path.dirname(file), { recursive: true });
		for (const [rows, count, why] of cases) {
			fs.writeFileSync(file, forge(rows, count));
			const read = readCacheFile(file, ID);
			assert.equal(read.kind, 'rejected', JSON.stringify(rows));
			assert.match(read.kind === 'rejected' ? read.warning : '', why, JSON.stringify(rows));
			assert.match(read.kind === 'rejected' ? read.warning : '', /is corrupt/, JSON.stringify(rows));
		}
		const walkProblem = PROBLEMS.walk[0];
		const badProblems: Partial<Record<keyof StoredProblems, unknown>>[] = [
			{ walk: [] }, { walk: {}, failed: [] }, { walk: [null], failed: [] }, { walk: [], failed: [{ ...walkProblem, file: '' }] },
			{ walk: [{ ...walkProblem, line: 0 }], failed: [] }, { walk: [{ ...walkProblem, column: 1.5 }], failed: [] },
			{ walk: [{ ...walkProblem, code: 'no-such-code' }], failed: [] }, { walk: [{ ...walkProblem, severity: 'fatal' }], failed: [] },
			{ walk: [{ ...walkProblem, message: undefined }], failed: [] },
		];
		for (const problems of badProblems) {
			fs.writeFileSync(file, forge(one, 1, problems));
			const read = readCacheFile(file, ID);
			assert.match(read.kind === 'rejected' ? read.warning : '', /is corrupt \(a stored problem is malformed\)/, JSON.stringify(problems));
		}
		const listing = ['src', 1, 2, 3, '', 0, ['a.ts'], []];
		const inFolder = cols([['src/a.ts', 1, 2, '', null], ['src/b/c.ts', 1, 2, '', null], ['t/d.ts', 1, 2, '', null]]);
		// A file given by index: an entry's path, directly in the folder.
		for (const [files, ok] of [[[0], true], [[0, 'x.ts'], true], [[1], false], [[2], false], [[3], false], [[-1], false], [[0.5], false], [['0'], true]] as const) {
			fs.writeFileSync(file, forge(inFolder, 3, { ...NO_PROBLEMS, folders: [[...listing.slice(0, 6), files, []]] } as never));
			const read = readCacheFile(file, ID);
			assert.equal(read.kind, ok ? 'ok' : 'rejected', JSON.stringify(files));
			assert.match(read.kind === 'rejected' ? read.warning : 'a folder listing is malformed', /a folder listing is malformed/);
		}
		// An entry `src/..` (well-formed as an entry) is no file of `src`.
		const dots = cols([['src/..', 1, 2, '', null], ['src/a.ts', 1, 2, '', null]]);
		for (const [files, ok] of [[[0], false], [[1], true]] as const) {
			fs.writeFileSync(file, forge(dots, 2, { ...NO_PROBLEMS, folders: [[...listing.slice(0, 6), files, []]] } as never));
			assert.equal(readCacheFile(file, ID).kind, ok ? 'ok' : 'rejected', JSON.stringify(files));
		}
		const badListings: unknown[] = [
			{ folders: {} }, { walkKey: 1 }, { folders: [listing.slice(0, 7)] }, { folders: [listing, listing] }, { folders: [['src', 'x', ...listing.slice(2)]] },
			{ folders: [[...listing.slice(0, 5), 2, ...listing.slice(6)]] }, { folders: [[...listing.slice(0, 6), ['a/b.ts'], []]] },
			{ folders: [[...listing.slice(0, 6), [], ['..']]] }, { folders: [[...listing.slice(0, 3), -1, ...listing.slice(4)]] },
		];
		for (const bad of badListings) {
			fs.writeFileSync(file, forge(one, 1, { ...NO_PROBLEMS, ...(bad as object) }));
			const read = readCacheFile(file, ID);
			assert.match(read.kind === 'rejected' ? read.warning : '', /is corrupt \(a folder listing is malformed\)/, JSON.stringify(bad));
		}
		fs.writeFileSync(file, forge(one, 1, { ...NO_PROBLEMS, folders: [listing] } as never));
		assert.equal(readCacheFile(file, ID).kind, 'ok', 'a forged listing is well-formed');
		fs.writeFileSync(file, forge(one, 1));
		assert.equal(readCacheFile(file, ID).kind, 'ok', 'the forge itself is well-formed');
	});

	it('warns when the cache file cannot be read (a folder in its place)', () => {
		fs.mkdirSync(file, { recursive: true });
		const read = readCacheFile(file, ID);
		assert.equal(read.kind, 'rejected');
		assert.match(read.kind === 'rejected' ? read.warning : '', /cannot read the cache file .*EISDIR/);
	});

	for (const [op, code] of [['writeFileSync', 'ENOSPC'], ['writeFileSync', 'EROFS'], ['renameSync', 'EACCES'], ['mkdirSync', 'EACCES']] as const) {
		it(`returns a warning when ${op} fails with ${code}, leaving the old cache whole and no temporary file`, () => {
			writeCacheFile(file, ID, stored());
			const before = fs.readFileSync(file);
			const io = ioFailing(op, code);
			const warning = writeCacheFile(file, ID, stored(new Map()), io);
			assert.match(warning ?? '', new RegExp(`cannot write the cache file .*${code}.*not cached`));
			assert.equal(io.calls.length, 1);
			assert.deepEqual(fs.readFileSync(file), before);
			assert.deepEqual(leftovers(), []);
		});
	}

	it('really fails on a full device (/dev/full) without throwing', function () {
		if (!fs.existsSync('/dev/full')) {
			this.skip();
		}
		// Every write to /dev/full fails with ENOSPC: let the temporary file be a link to it.
		const io: CacheIo = { ...fs, writeFileSync: (_p: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView) => fs.writeFileSync('/dev/full', data) };
		assert.match(writeCacheFile(file, ID, stored(), io) ?? '', /ENOSPC/);
		assert.equal(fs.existsSync(file), false);
	});

	it('warns when the cache folder cannot be created (a file in its way)', () => {
		fs.writeFileSync(path.join(dir, 'cache'), 'not a folder');
		assert.match(writeCacheFile(file, ID, stored()) ?? '', /cannot write the cache file .*(ENOTDIR|EEXIST)/);
	});

	it('writes again when the folder was deleted after the cache was read', () => {
		writeCacheFile(file, ID, stored());
		assert.equal(readCacheFile(file, ID).kind, 'ok');
		fs.rmSync(path.dirname(file), { recursive: true });
		assert.equal(writeCacheFile(file, ID, stored()), undefined);
		assert.equal(readCacheFile(file, ID).kind, 'ok');
	});

	it('a write interleaved with another leaves one whole file (temporary file, then rename)', () => {
		const other = new Map([...entries()].slice(0, 1));
		// Writer A writes its temporary file; writer B writes and renames in between; then A renames.
		let pendingRename: (() => void) | undefined;
		const slow: CacheIo = { ...fs, renameSync: (from: fs.PathLike, to: fs.PathLike) => {
			pendingRename = () => fs.renameSync(from, to);
		} };
		assert.equal(writeCacheFile(file, ID, stored(), slow), undefined);
		assert.equal(readCacheFile(file, ID).kind, 'none', 'nothing is visible before the rename');
		assert.equal(writeCacheFile(file, ID, stored(other)), undefined);
		const mid = readCacheFile(file, ID);
		assert.deepEqual(mid.kind === 'ok' && mid.entries.paths, ['src/a.ts']);
		pendingRename!();
		const last = readCacheFile(file, ID);
		assert.deepEqual(last.kind === 'ok' && last.entries, columnsOf(entries()));
	});
});
