import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CacheOptions } from '../../../src/core/cache/fileCache';
import { CACHE_FILE } from '../../../src/core/cache/location';
import { toScanJson } from '../../../src/core/scan/json';
import { scanWorkspace, type ScanOutcome } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

const HASHING = "import { createHash } from 'node:crypto';\n// @iso27001 A.8.24 — hashing\nexport function h(x: string) {\n  return createHash('md5').update(x).digest('hex');\n}\n";
const OPEN = "import { createHash } from 'node:crypto';\nexport const k = createHash('sha1');\n";
/** Seconds since the epoch, well outside the window in which a modification time is not trusted. */
const PAST = 1_600_000_000;

describe('scan with the persistent cache', () => {
	let dir: string;
	let root: string;
	let warnings: string[];
	let clock: number;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-cache-scan-'));
		root = path.join(dir, 'ws');
		mkdirSync(root);
		warnings = [];
		clock = PAST;
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	/** Writes a file with a modification time in the past, a new one each time (unless `mtime` is given). */
	const write = (rel: string, text: string | Buffer, mtime = (clock += 10)): void => {
		const abs = path.join(root, rel);
		mkdirSync(path.dirname(abs), { recursive: true });
		writeFileSync(abs, text);
		utimesSync(abs, mtime, mtime);
	};
	const metadata: CacheOptions = { strategy: 'metadata', location: '' };
	const scan = (cache?: CacheOptions, version = 'test'): Promise<ScanOutcome> => scanWorkspace({
		root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version }, anchors: false,
		cache: cache && { ...cache, location: path.join(dir, `cache-${cache.strategy}`) }, onWarning: (m) => warnings.push(m),
	});
	const json = (o: ScanOutcome): string => JSON.stringify(toScanJson(o.result));
	const cacheFile = (strategy = 'metadata'): string => path.join(dir, `cache-${strategy}`, CACHE_FILE);
	const controlsOf = (o: ScanOutcome): string[] => o.result.annotations.flatMap((a) => a.controls);

	it('serves an unchanged file unread (metadata) and re-reads it when its content is compared (content)', async () => {
		write('a.ts', HASHING, PAST);
		const content: CacheOptions = { strategy: 'content' };
		assert.equal((await scan(metadata)).stats.cached, 0);
		await scan(content);
		const warm = await scan(metadata);
		assert.equal(warm.stats.cached, 1);
		assert.deepEqual(controlsOf(warm), ['A.8.24']);
		// Same size, same modification time, other content: only a read can tell.
		write('a.ts', HASHING.replace('A.8.24', 'A.8.25'), PAST);
		const stale = await scan(metadata);
		assert.deepEqual(controlsOf(stale), ['A.8.24'], 'the metadata strategy did not read the file');
		const byContent = await scan(content);
		assert.equal(byContent.stats.cached, 0);
		assert.deepEqual(controlsOf(byContent), ['A.8.25']);
		assert.deepEqual(warnings, []);
	});

	it('analyses a file again when it changed without changing size, and serves the content strategy after a touch', async () => {
		write('a.ts', HASHING);
		write('b.ts', OPEN);
		await scan(metadata);
		await scan({ strategy: 'content' });
		write('a.ts', HASHING.replace('A.8.24', 'A.8.25'));
		const again = await scan(metadata);
		assert.equal(again.stats.cached, 1, 'b.ts only');
		assert.deepEqual(controlsOf(again), ['A.8.25']);
		write('b.ts', OPEN); // Touched: new time, same content.
		assert.equal((await scan({ strategy: 'content' })).stats.cached, 1, 'b.ts, by its unchanged hash');
		assert.equal(json(await scan(metadata)), json(await scan()));
	});

	it('drops deleted and renamed files, from the results and from the cache file', async () => {
		write('a.ts', HASHING);
		write('b.ts', OPEN);
		write('c.py', '# @iso27001 A.8.15 — logs\ndef f():\n    pass\n');
		await scan(metadata);
		unlinkSync(path.join(root, 'b.ts'));
		renameSync(path.join(root, 'c.py'), path.join(root, 'd.py'));
		const after = await scan(metadata);
		assert.equal(json(after), json(await scan()));
		assert.deepEqual(after.result.annotations.map((a) => a.file), ['a.ts', 'd.py']);
		assert.equal(after.stats.cached, 1, 'a.ts; the renamed file is analysed under its new path');
		const { paths } = JSON.parse(readFileSync(cacheFile(), 'utf8').split('\n')[1]) as { paths: string[] };
		assert.deepEqual(paths, ['a.ts', 'd.py']);
	});

	it('does not keep a file modified in the last seconds (its time may not show a second write)', async () => {
		write('old.ts', OPEN);
		writeFileSync(path.join(root, 'new.ts'), OPEN);
		await scan(metadata);
		assert.equal((await scan(metadata)).stats.cached, 1);
		assert.equal((await scan({ strategy: 'content' })).stats.cached, 0);
		assert.equal((await scan({ strategy: 'content' })).stats.cached, 2, 'the content strategy compares the content');
	});

	it('starts afresh when the configuration, catalog or tool version changes', async () => {
		write('a.ts', HASHING);
		write('b.ts', OPEN);
		await scan(metadata);
		writeFileSync(path.join(root, '.iso27001.yaml'), 'sensitiveCode:\n  categories: { crypto: false }\n');
		const off = await scan(metadata);
		assert.equal(off.stats.cached, 0);
		assert.deepEqual(off.result.findings, []);
		assert.equal(json(off), json(await scan()));
		writeFileSync(path.join(root, '.iso27001.yaml'), 'soa:\n  A.8.24: { applicable: false, justification: none }\n');
		const soa = await scan(metadata);
		assert.equal(soa.stats.cached, 0);
		assert.equal(json(soa), json(await scan()));
		assert.deepEqual(warnings, [], 'a changed configuration is no reason to warn');
		const other = await scan(metadata, 'other');
		assert.equal(other.stats.cached, 0);
		assert.equal(warnings.length, 1);
		assert.match(warnings[0], /written by iso27001 test .*not by iso27001 other/);
	});

	it('discards a corrupt cache with a warning, rebuilds it, and trusts the rebuilt one', async () => {
		write('a.ts', HASHING);
		write('b.ts', OPEN);
		const fresh = json(await scan());
		await scan(metadata);
		const whole = readFileSync(cacheFile());
		for (const bad of [whole.subarray(0, whole.length - 9), Buffer.from('garbage'), Buffer.from(whole.toString().replace('A.8.24', 'A.8.99'))]) {
			writeFileSync(cacheFile(), bad);
			warnings = [];
			const o = await scan(metadata);
			assert.equal(o.stats.cached, 0);
			assert.equal(json(o), fresh);
			assert.equal(warnings.length, 1, warnings.join('\n'));
			assert.match(warnings[0], /discarded and rebuilt/);
			warnings = [];
			assert.equal((await scan(metadata)).stats.cached, 2);
			assert.deepEqual(warnings, []);
		}
	});

	it('scans without the cache, with a warning, when its folder cannot be made', async () => {
		write('a.ts', HASHING);
		writeFileSync(path.join(dir, 'cache-metadata'), 'a file where the folder should be');
		const fresh = json(await scan());
		for (let run = 0; run < 2; run++) {
			warnings = [];
			const o = await scan(metadata);
			assert.equal(json(o), fresh);
			assert.equal(o.stats.cached, 0);
			assert.ok(warnings.some((w) => /cannot write the cache file .*not cached/.test(w)), warnings.join('\n'));
		}
	});

	it('keeps no file that could not be read or analysed', async () => {
		write('bin.ts', Buffer.concat([Buffer.from('// @iso27001 A.8.24\n'), Buffer.from([0, 1, 2])]));
		write('big.ts', `${OPEN}// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		write('a.ts', OPEN);
		await scan(metadata);
		const again = await scan(metadata);
		assert.equal(again.stats.cached, 1);
		assert.deepEqual(again.result.problems.map((p) => [p.file, p.code]), [['big.ts', 'file-error'], ['bin.ts', 'file-error']]);
		assert.equal(json(again), json(await scan()));
	});

	it('keeps the walk\'s problems and those of unreadable files with the entries, and writes them again only when they change', async () => {
		write('a.ts', OPEN);
		write('big.ts', `// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		symlinkSync('.', path.join(root, 'loop'));
		await scan(metadata);
		const stored = (): { walk: { file: string }[]; failed: { file: string }[] } => JSON.parse(readFileSync(cacheFile(), 'utf8').split('\n')[1]) as { walk: { file: string }[]; failed: { file: string }[] };
		assert.deepEqual([stored().walk.map((p) => p.file), stored().failed.map((p) => p.file)], [['loop'], ['big.ts']]);
		// Dated back: a write would show as a new modification time.
		utimesSync(cacheFile(), PAST, PAST);
		assert.equal((await scan(metadata)).stats.cached, 1);
		assert.equal(statSync(cacheFile()).mtimeMs, PAST * 1000, 'the same entries and problems: not written again');
		unlinkSync(path.join(root, 'loop'));
		await scan(metadata);
		assert.deepEqual([stored().walk, stored().failed.map((p) => p.file)], [[], ['big.ts']]);
		utimesSync(cacheFile(), PAST, PAST);
		unlinkSync(path.join(root, 'big.ts'));
		await scan(metadata);
		assert.deepEqual([stored().walk, stored().failed], [[], []]);
		assert.deepEqual(warnings, []);
	});
});
