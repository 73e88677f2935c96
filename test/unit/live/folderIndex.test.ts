import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FolderIndex } from '../../../src/core/live/folderIndex';
import { createPathFilter } from '../../../src/core/files/discover';
import { toScanJson } from '../../../src/core/scan/json';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { ConfigError } from '../../../src/core/errors';
import { CONTROLS_DIR } from '../helpers';

const TOOL = { name: 'iso27001', version: 'test' };

describe('FolderIndex (the editor\'s incremental index)', () => {
	let root: string;
	let index: FolderIndex;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	const options = () => ({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: TOOL });
	/** What a fresh CLI scan of the disk prints. */
	const fresh = async () => toScanJson((await scanWorkspace(options())).result);
	const current = () => toScanJson(index.result()!.result);

	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-live-'));
		write('src/crypto.ts', '// @iso27001 A.8.24 — hashing\nexport function h() {}\n');
		write('src/auth.py', 'import hashlib\n\ndef digest(x):\n    return hashlib.sha256(x)\n');
		write('notes.txt', 'nothing\n');
		index = new FolderIndex(options());
	});
	afterEach(() => {
		index.dispose();
		rmSync(root, { recursive: true, force: true });
	});

	it('starts with the same result as the CLI', async () => {
		const snap = await index.rescan();
		assert.equal(snap.complete, true);
		assert.equal(snap.files, 2);
		assert.deepEqual(current(), await fresh());
		assert.equal(current().annotations.length, 1);
		assert.equal(current().findings.length, 1);
	});

	it('after edits, creates, deletes and renames on disk, equals a fresh scan', async () => {
		await index.rescan();
		write('src/crypto.ts', 'import { createHash } from "node:crypto";\nexport const h = () => createHash("md5");\n');
		write('src/new/session.go', 'package s\n\n// @iso27001 A.8.5 — login\nfunc Login() {}\n');
		rmSync(path.join(root, 'src/auth.py'));
		write('lib/a.js', '// @iso27001 A.8.15\nlog();\n');
		renameSync(path.join(root, 'lib/a.js'), path.join(root, 'lib/b.js'));
		const entries = await index.update([
			{ path: 'src/crypto.ts', kind: 'changed' }, { path: 'src/new/session.go', kind: 'changed' },
			{ path: 'src/auth.py', kind: 'deleted' }, { path: 'lib/a.js', kind: 'deleted' }, { path: 'lib/b.js', kind: 'changed' },
		]);
		assert.deepEqual(entries.map((e) => [e.path, e.indexed]).sort(), [
			['lib/a.js', false], ['lib/b.js', true], ['src/auth.py', false], ['src/crypto.ts', true], ['src/new/session.go', true],
		]);
		assert.deepEqual(current(), await fresh());
		assert.deepEqual(current().findings.map((f) => [f.file, f.api]), [['src/crypto.ts', 'crypto.createHash']]);
	});

	it('a deleted folder removes every file under it; a folder moved in is indexed file by file', async () => {
		await index.rescan();
		rmSync(path.join(root, 'src'), { recursive: true });
		await index.update([{ path: 'src', kind: 'deleted' }]);
		assert.equal(current().files, 0);
		write('moved/deep/x.ts', '// @iso27001 A.5.15\nexport class Acl {}\n');
		await index.update([{ path: 'moved', kind: 'changed' }]);
		assert.deepEqual(current(), await fresh());
		assert.equal(current().annotations[0].file, 'moved/deep/x.ts');
	});

	it('unsaved buffer text wins over the disk until it is dropped', async () => {
		await index.rescan();
		await index.update([{ path: 'src/crypto.ts', kind: 'changed', text: '// @iso27001 A.8.5, A.5.17 — unsaved\nexport function login() {}\n' }]);
		assert.deepEqual(current().annotations[0].controls, ['A.8.5', 'A.5.17']);
		// A watcher event for the same file must not bring the disk version back while the buffer is dirty.
		await index.update([{ path: 'src/crypto.ts', kind: 'changed' }]);
		assert.deepEqual(current().annotations[0].controls, ['A.8.5', 'A.5.17']);
		// A rescan keeps the buffer's text too.
		await index.rescan();
		assert.deepEqual(current().annotations[0].controls, ['A.8.5', 'A.5.17']);
		await index.update([{ path: 'src/crypto.ts', kind: 'changed', text: null }]);
		assert.deepEqual(current(), await fresh());
	});

	it('ignores changes to excluded, git-ignored and unknown-language paths', async () => {
		write('.gitignore', 'generated/\n');
		await index.rescan();
		write('generated/x.ts', '// @iso27001 A.8.24\nf();\n');
		write('node_modules/p/index.js', '// @iso27001 A.8.24\nf();\n');
		write('data.bin', '@iso27001 A.8.24');
		const entries = await index.update([
			{ path: 'generated/x.ts', kind: 'changed' }, { path: 'node_modules/p/index.js', kind: 'changed' }, { path: 'data.bin', kind: 'changed' },
		]);
		assert.ok(entries.every((e) => !e.indexed && e.analysis === null));
		assert.deepEqual(current(), await fresh());
	});

	it('a file created and deleted before it is read is simply gone', async () => {
		await index.rescan();
		const [e] = await index.update([{ path: 'src/ghost.ts', kind: 'changed' }]);
		assert.deepEqual(e, { path: 'src/ghost.ts', indexed: false, analysis: null, problems: [] });
	});

	it('an invalid configuration throws ConfigError and keeps the previous content', async () => {
		await index.rescan();
		write('.iso27001.yaml', 'catalog: [\n');
		await assert.rejects(index.rescan(), ConfigError);
		assert.equal(current().annotations.length, 1);
	});

	it('an over-large unsaved buffer is a file-error, as an over-large file is', async () => {
		index = new FolderIndex({ ...options(), overrides: { maxFileSize: 100 } });
		await index.rescan();
		await index.update([{ path: 'src/crypto.ts', kind: 'changed', text: `// @iso27001 A.8.24\n${'x'.repeat(200)}\n` }]);
		assert.deepEqual(current().problems.map((p) => [p.file, p.code]), [['src/crypto.ts', 'file-error']]);
		assert.match(current().problems[0].message, /over the 100 B limit/);
	});

	it('wants a full scan for a storm of changes (a branch switch), not for a few', async () => {
		await index.rescan();
		assert.equal(index.wantsRescan([{ path: 'a.ts', kind: 'changed' }]), false);
		assert.equal(index.wantsRescan(Array.from({ length: 600 }, (_, i) => ({ path: `f${i}.ts`, kind: 'changed' as const }))), true);
	});
});

describe('createPathFilter', () => {
	it('agrees with the walk on globs, .git, nested .gitignore and accept', () => {
		const root = mkdtempSync(path.join(tmpdir(), 'iso-filter-'));
		try {
			mkdirSync(path.join(root, 'a/b'), { recursive: true });
			writeFileSync(path.join(root, '.gitignore'), '*.log\nbuild/\n');
			writeFileSync(path.join(root, 'a/.gitignore'), '!keep.log\n');
			const accept = createPathFilter(root, { include: ['**/*'], exclude: ['**/vendor/**'], gitignore: true, extraExclude: ['**/*.gen.ts'] });
			const verdicts = ['x.ts', 'x.log', 'a/keep.log', 'a/b/keep.log', 'build/x.ts', 'a/build/x.ts', 'vendor/x.ts', 'a/vendor/y.ts', '.git/x', 'a/x.gen.ts', '../out.ts']
				.map((p) => [p, accept(p)]);
			assert.deepEqual(verdicts, [
				['x.ts', true], ['x.log', false], ['a/keep.log', true], ['a/b/keep.log', true], ['build/x.ts', false], ['a/build/x.ts', false],
				['vendor/x.ts', false], ['a/vendor/y.ts', false], ['.git/x', false], ['a/x.gen.ts', false], ['../out.ts', false],
			]);
			const onlySrc = createPathFilter(root, { include: ['src/**'], exclude: [], gitignore: false });
			assert.deepEqual(['src/a.ts', 'lib/a.ts'].map(onlySrc), [true, false]);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
