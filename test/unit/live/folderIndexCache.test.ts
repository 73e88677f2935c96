import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CACHE_FILE } from '../../../src/core/cache/location';
import { FolderIndex, type FolderIndexOptions } from '../../../src/core/live/folderIndex';
import { toScanJson } from '../../../src/core/scan/json';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

/** Seconds since the epoch: modification times well before the window in which the cache does not trust them. */
const PAST = 1_600_000_000;

/** The editor's index keeping its per-file results in the persistent cache between sessions. */
describe('FolderIndex with the persistent cache (a reopened workspace)', () => {
	let dir: string;
	let root: string;
	let clock: number;
	let warnings: string[];
	const indexes: FolderIndex[] = [];
	const write = (rel: string, text: string): void => {
		const abs = path.join(root, rel);
		mkdirSync(path.dirname(abs), { recursive: true });
		writeFileSync(abs, text);
		clock += 10;
		utimesSync(abs, clock, clock);
	};
	const options = (version = 'test'): FolderIndexOptions => ({
		root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version },
		cache: { location: path.join(dir, 'storage'), strategy: 'metadata' },
	});
	/** A new index of the folder, as a new editor session opens it. */
	const open = (version?: string): FolderIndex => {
		const index = new FolderIndex(options(version), (m) => warnings.push(m));
		indexes.push(index);
		return index;
	};
	const json = (index: FolderIndex): unknown => toScanJson(index.result()!.result);
	/** What a fresh CLI scan without a cache prints. */
	const fresh = async (): Promise<unknown> => toScanJson((await scanWorkspace({ ...options(), cache: undefined })).result);
	/** A first session: scans, writes the cache; returns its result. */
	const firstSession = async (): Promise<unknown> => {
		const index = open();
		assert.equal(index.restore(), undefined, 'no cache yet');
		const snap = await index.rescan();
		assert.equal(snap.analysed, 3);
		assert.equal(index.saveCache(), 3);
		return json(index);
	};

	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-live-cache-'));
		root = path.join(dir, 'ws');
		clock = PAST;
		warnings = [];
		write('src/crypto.ts', '// @iso27001 A.8.24 — hashing\nexport function h() {}\n');
		write('src/auth.py', 'import hashlib\n\ndef digest(x):\n    return hashlib.sha256(x)\n');
		write('src/plain.go', 'package p\n\nfunc F() int { return 1 }\n');
	});
	afterEach(() => {
		indexes.splice(0).forEach((i) => i.dispose());
		rmSync(dir, { recursive: true, force: true });
	});

	it('shows the last results before reading any file, then re-analyses only what changed and drops what is gone', async () => {
		const before = await firstSession();
		// While the editor was closed: one file edited, one deleted, one created.
		write('src/plain.go', 'package p\n\n// @iso27001 A.8.5 — login\nfunc Login() {}\n');
		rmSync(path.join(root, 'src/auth.py'));
		write('src/new.ts', "import { createHash } from 'node:crypto';\nexport const k = createHash('md5');\n");
		const index = open();
		const restored = index.restore();
		assert.ok(restored, 'the last results, from the cache');
		assert.equal(restored.provisional, true);
		assert.equal(restored.analysed, 0);
		assert.equal(restored.files, 3);
		assert.deepEqual(restored.entries.map((e) => e.path).sort(), ['src/auth.py', 'src/crypto.ts']);
		assert.deepEqual(json(index), before, 'exactly the last session\'s result');
		const snap = await index.rescan();
		assert.equal(snap.provisional, false);
		assert.equal(snap.analysed, 2, 'the edited and the new file; the unchanged one came from the cache');
		assert.deepEqual(json(index), await fresh());
		assert.deepEqual(warnings, []);
	});

	it('shows the last walk\'s problems and those of unreadable files in the first result; the verifying scan replaces them', async () => {
		// A symbolic link loop and a broken link (walk problems), a file over the size limit (a reader's problem).
		symlinkSync('..', path.join(root, 'src/loop'));
		symlinkSync('nowhere.ts', path.join(root, 'src/dangling.ts'));
		write('src/big.ts', `// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		const first = open();
		await first.rescan();
		first.saveCache();
		const before = json(first);
		const problems = (index: FolderIndex): string[] => index.result()!.result.problems.map((p) => `${p.file}: ${p.message}`);
		assert.deepEqual(problems(first), [
			'src/big.ts: skipped: 3 MB is over the 2 MB limit (maxFileSize)',
			'src/dangling.ts: broken symbolic link',
			'src/loop: symbolic link loop or duplicate folder (already scanned as .); skipped',
		]);
		const reopened = open();
		const restored = reopened.restore();
		assert.equal(restored?.provisional, true);
		assert.deepEqual(json(reopened), before, 'the first result is the last session\'s, problems included');
		assert.deepEqual(restored.entries.find((e) => e.path === 'src/big.ts')?.problems.map((p) => p.code), ['file-error'], 'a file\'s problem on its file');
		assert.equal((await reopened.rescan()).analysed, 0);
		assert.deepEqual(json(reopened), before);
		assert.equal(reopened.saveCache(), undefined, 'the same results and problems: nothing to write');
		// While closed: the loop and the large file are gone. Shown first, then replaced by the scan's.
		rmSync(path.join(root, 'src/loop'));
		rmSync(path.join(root, 'src/big.ts'));
		const later = open();
		later.restore();
		assert.deepEqual(json(later), before);
		await later.rescan();
		assert.deepEqual(problems(later), ['src/dangling.ts: broken symbolic link']);
		assert.deepEqual(json(later), await fresh());
		assert.equal(later.saveCache(), 3, 'the problems changed: the cache is written');
		const last = open();
		last.restore();
		assert.deepEqual(problems(last), ['src/dangling.ts: broken symbolic link']);
		assert.deepEqual(warnings, []);
	});

	it('a file\'s problem follows its updates into the cache: gone once the file is read without one', async () => {
		write('src/big.ts', `// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		const index = open();
		await index.rescan();
		index.saveCache();
		assert.deepEqual(open().restore()?.entries.filter((e) => e.problems.length > 0).map((e) => e.path), ['src/big.ts']);
		write('src/big.ts', '// @iso27001 A.8.5 — login\nexport function login() {}\n');
		await index.update([{ path: 'src/big.ts', kind: 'changed' }]);
		assert.equal(index.saveCache(), 4);
		const after = open();
		after.restore();
		assert.deepEqual(json(after), await fresh());
		assert.deepEqual(after.result()!.result.problems, []);
	});

	it('a file that grows over the size limit in an update keeps its problem in the cache', async () => {
		await firstSession();
		const index = open();
		index.restore();
		await index.rescan();
		write('src/plain.go', `// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		await index.update([{ path: 'src/plain.go', kind: 'changed' }]);
		const skipped = ['src/plain.go: skipped: 3 MB is over the 2 MB limit (maxFileSize)'];
		const problems = (i: FolderIndex): string[] => i.result()!.result.problems.map((p) => `${p.file}: ${p.message}`);
		assert.deepEqual(problems(index), skipped);
		index.saveCache();
		const after = open();
		after.restore();
		assert.deepEqual(problems(after), skipped, 'the reopened index shows it before any file is read');
		assert.deepEqual(json(after), await fresh());
	});

	it('keeps updates made after the scan: a reopened index shows them and re-reads nothing', async () => {
		const index = open();
		await index.rescan();
		index.saveCache();
		write('src/plain.go', 'package p\n\n// @iso27001 A.8.5 — login\nfunc Login() {}\n');
		rmSync(path.join(root, 'src/auth.py'));
		await index.update([{ path: 'src/plain.go', kind: 'changed' }, { path: 'src/auth.py', kind: 'deleted' }]);
		// An unsaved buffer is not the file: its result is not cached.
		await index.update([{ path: 'src/crypto.ts', kind: 'changed', text: '// @iso27001 A.8.15 — unsaved\nexport function h() {}\n' }]);
		assert.equal(index.saveCache(), 2);
		const after = open();
		const restored = after.restore();
		assert.deepEqual(restored?.entries.map((e) => [e.path, e.analysis?.annotations.flatMap((a) => a.controls)]).sort(), [
			['src/crypto.ts', ['A.8.24']], ['src/plain.go', ['A.8.5']],
		]);
		const snap = await after.rescan();
		assert.equal(snap.analysed, 0);
		assert.deepEqual(json(after), await fresh());
	});

	it('a file written again while it was being read is read again next time', async () => {
		const index = open();
		await index.rescan();
		// Modified now: within the window in which a modification time is not trusted.
		writeFileSync(path.join(root, 'src/plain.go'), 'package p\n\n// @iso27001 A.8.5 — login\nfunc Login() {}\n');
		await index.update([{ path: 'src/plain.go', kind: 'changed' }]);
		index.saveCache();
		const after = open();
		assert.deepEqual(after.restore()?.entries.map((e) => e.path).sort(), ['src/auth.py', 'src/crypto.ts'], 'no entry for it');
		assert.equal((await after.rescan()).analysed, 1);
		assert.deepEqual(json(after), await fresh());
	});

	it('a changed configuration or tool version invalidates the cache, as for the CLI', async () => {
		await firstSession();
		const other = open('other-version');
		assert.equal(other.restore(), undefined);
		assert.equal((await other.rescan()).analysed, 3);
		assert.match(warnings.join('\n'), /written by iso27001 test/);
		warnings.length = 0;
		write('.iso27001.yaml', 'sensitiveCode:\n  minConfidence: high\n');
		const reconfigured = open();
		assert.equal(reconfigured.restore(), undefined);
		assert.equal((await reconfigured.rescan()).analysed, 4, 'every file, .iso27001.yaml included');
		assert.deepEqual(warnings, [], 'a changed configuration is expected: no warning');
	});

	it('a corrupt cache is discarded with a warning and the folder is scanned normally', async () => {
		const before = await firstSession();
		const file = path.join(dir, 'storage', CACHE_FILE);
		const bytes = readFileSync(file);
		writeFileSync(file, bytes.subarray(0, bytes.length - 20));
		const index = open();
		assert.equal(index.restore(), undefined);
		assert.match(warnings.join('\n'), /corrupt or truncated.*discarded/);
		assert.equal((await index.rescan()).analysed, 3);
		assert.deepEqual(json(index), before);
		assert.equal(index.saveCache(), 3, 'rebuilt');
		writeFileSync(file, 'not a cache\n');
		const again = open();
		assert.equal(again.restore(), undefined);
		assert.match(warnings.join('\n'), /is not an iso27001 cache/);
	});

	it('an unwritable cache location is a warning, never an error', async () => {
		writeFileSync(path.join(dir, 'storage'), 'a file where the cache folder should be');
		const index = open();
		assert.equal(index.restore(), undefined);
		assert.equal((await index.rescan()).analysed, 3);
		index.saveCache();
		assert.match(warnings.join('\n'), /cannot write the cache file/);
		assert.deepEqual(json(index), await fresh());
	});

	it('without the cache option nothing is restored or written', async () => {
		const index = new FolderIndex({ ...options(), cache: undefined });
		indexes.push(index);
		assert.equal(index.restore(), undefined);
		await index.rescan();
		assert.equal(index.saveCache(), undefined);
		assert.equal(open().restore(), undefined);
	});
});
