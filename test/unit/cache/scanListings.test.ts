/**
 * The walk's folder listings in the persistent cache, through whole scans: a scan that lists unchanged
 * folders from the cache prints what a scan without the cache prints, after each kind of change.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CACHE_FILE } from '../../../src/core/cache/location';
import { toScanJson } from '../../../src/core/scan/json';
import { scanWorkspace, type ScanOutcome } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

const HASHING = "import { createHash } from 'node:crypto';\n// @iso27001 A.8.24 — hashing\nexport function h(x: string) {\n  return createHash('md5').update(x).digest('hex');\n}\n";
const PAST = 1_600_000_000;

describe('scan with the persistent cache: folder listings', function () {
	this.timeout(60000);
	let dir: string;
	let root: string;
	let clock: number;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-cache-listing-'));
		root = path.join(dir, 'ws');
		mkdirSync(root);
		clock = PAST;
		for (const rel of ['a.ts', 'src/b.ts', 'src/lib/c.ts', 'src/lib/d.py', 'docs/e.go', 'skip/f.ts']) {
			write(rel, HASHING);
		}
		settle();
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const write = (rel: string, text: string): void => {
		const abs = path.join(root, rel);
		mkdirSync(path.dirname(abs), { recursive: true });
		writeFileSync(abs, text);
		utimesSync(abs, (clock += 10), clock);
	};
	/** Folders relative to the root. */
	const folders = (): string[] => {
		const out = [''];
		for (let i = 0; i < out.length; i++) {
			out.push(...readdirSync(path.join(root, out[i]), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.posix.join(out[i], e.name)));
		}
		return out;
	};
	/** Dates every folder modified in the last minute into the past, as if time had passed. */
	const settle = (): void => {
		for (const d of folders()) {
			if (statSync(path.join(root, d)).mtimeMs > Date.now() - 60_000) {
				utimesSync(path.join(root, d), (clock += 10), clock);
			}
		}
	};
	const scan = (cache: boolean): Promise<ScanOutcome> => scanWorkspace({
		root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' }, anchors: false,
		cache: cache ? { location: path.join(dir, 'cache') } : undefined, onWarning: (m) => assert.fail(m),
	});
	const json = (o: ScanOutcome): string => JSON.stringify(toScanJson(o.result));
	/** A cached scan, checked against a scan without the cache; its count of folders listed from the cache. */
	const cachedScan = async (): Promise<number> => {
		const fresh = await scan(false);
		const cached = await scan(true);
		assert.equal(json(cached), json(fresh));
		assert.deepEqual([...cached.detail.readPaths].sort(), [...fresh.detail.readPaths].sort());
		return cached.stats.cachedFolders;
	};

	it('lists every unchanged folder from the cache and leaves the cache file alone', async () => {
		assert.equal(await cachedScan(), 0);
		const written = statSync(path.join(dir, 'cache', CACHE_FILE)).mtimeMs;
		assert.equal(await cachedScan(), folders().length);
		assert.equal(statSync(path.join(dir, 'cache', CACHE_FILE)).mtimeMs, written);
	});

	it('reads again the folders that gained, lost or renamed files or folders', async () => {
		await cachedScan();
		const all = folders().length;
		write('src/lib/new.ts', HASHING);
		settle();
		assert.equal(await cachedScan(), all - 1);
		unlinkSync(path.join(root, 'docs/e.go'));
		renameSync(path.join(root, 'src/b.ts'), path.join(root, 'src/lib/b2.ts'));
		settle();
		assert.equal(await cachedScan(), all - 3);
		renameSync(path.join(root, 'src/lib'), path.join(root, 'src/lib2'));
		settle();
		// `src` changed; `src/lib2` is a folder the cache has not seen.
		assert.equal(await cachedScan(), all - 2);
		rmSync(path.join(root, 'docs'), { recursive: true });
		settle();
		assert.equal(await cachedScan(), all - 2);
		assert.equal(await cachedScan(), all - 1);
	});

	it('sees a .gitignore edited in place (its folder\'s time unchanged) in every folder below it', async () => {
		write('.gitignore', '# nothing\n');
		settle();
		await cachedScan();
		const all = folders().length;
		assert.equal(await cachedScan(), all);
		const rootTime = statSync(root).mtimeMs;
		writeFileSync(path.join(root, '.gitignore'), 'lib/\n*.go\n');
		assert.equal(statSync(root).mtimeMs, rootTime);
		assert.equal(await cachedScan(), 0);
		assert.ok(!(await scan(true)).detail.readPaths.includes('src/lib/c.ts'));
		writeFileSync(path.join(root, 'src/.gitignore'), '!*.go\n');
		settle();
		assert.equal(await cachedScan(), all - 2, 'src gained a file; its folders below are gone (ignored)');
	});

	it('uses no listing after the include, exclude or gitignore settings change', async () => {
		await cachedScan();
		for (const config of ['exclude: ["**/skip/**"]\n', 'include: ["src/**"]\n', 'gitignore: false\n']) {
			writeFileSync(path.join(root, '.iso27001.yaml'), config);
			settle();
			assert.equal(await cachedScan(), 0, config);
			assert.ok((await cachedScan()) > 0, config);
		}
	});

	it('keeps no listing of a folder holding a file named without an extension: an edit in place may give it a #! line', async () => {
		write('bin/tool', 'not a script\n');
		settle();
		await cachedScan();
		const all = folders().length;
		assert.equal(await cachedScan(), all - 1);
		const binTime = statSync(path.join(root, 'bin')).mtimeMs;
		writeFileSync(path.join(root, 'bin/tool'), '#!/usr/bin/env python3\nimport hashlib\ndigest = hashlib.md5(b"x").hexdigest()\n');
		assert.equal(statSync(path.join(root, 'bin')).mtimeMs, binTime);
		await cachedScan();
		assert.ok((await scan(true)).detail.readPaths.includes('bin/tool'));
	});

	it('keeps no listing of a folder modified in the last seconds, nor of one holding a symbolic link', async () => {
		writeFileSync(path.join(root, 'src/recent.ts'), HASHING);
		// Dated an hour ahead, so that it stays within the last seconds however slow the scans are.
		const soon = Date.now() / 1000 + 3600;
		utimesSync(path.join(root, 'src'), soon, soon);
		symlinkSync(path.join(root, 'a.ts'), path.join(root, 'docs/link.ts'));
		const all = folders().length;
		await cachedScan();
		// `src` is recent; `docs` holds a link: both are read again, every time.
		assert.equal(await cachedScan(), all - 2);
		const stored = JSON.parse(readFileSync(path.join(dir, 'cache', CACHE_FILE), 'utf8').split('\n')[1]) as { folders: [string][] };
		assert.deepEqual(stored.folders.map(([rel]) => rel).sort(), folders().filter((d) => d !== 'src' && d !== 'docs').sort());
		settle();
		assert.equal(await cachedScan(), all - 2);
		assert.equal(await cachedScan(), all - 1);
	});
});
