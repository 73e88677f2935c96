// The persistent cache in the editor: a reopened workspace shows its last results (views, diagnostics)
// before any file is analysed, then verifies them; a corrupt or unusable cache is logged and the folder
// is scanned as without one. "Reopened": the extension is deactivated as VS Code does when a window
// closes (deactivate(), the subscriptions disposed, deactivate()'s promise awaited) and activated
// again with the same extension context, so the same workspace storage.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CACHE_FILE } from '../../../../src/core/cache/location';
import { toScanJson } from '../../../../src/core/scan/json';
import type { ScanResult } from '../../../../src/core/types';
import { folderCacheLocation } from '../../../../src/extension/folderState';
import { codeOf, editorApi, fileUri, ourDiagnostics, resultWhen, revertAndCloseAll, testHooks, type Iso27001Api } from '../editorApi';

/** The first complete result a reopened extension showed, as it was when it arrived. */
interface FirstResult {
	/** Files analysed so far (0: everything came from the cache). */
	readonly analysed: number;
	/** Still verifying: the result came from the cache. */
	readonly scanning: boolean;
	readonly result: ScanResult;
	/** Diagnostic codes on src/tokens.ts at that moment. */
	readonly tokensDiagnostics: string[];
	/** The files with a file-error diagnostic at that moment (relative paths, sorted). */
	readonly fileErrors: string[];
	readonly coverageRows: number;
}

/**
 * Deactivates the extension and activates it again with the same context; `whileClosed` runs in between.
 * Returns the new API and its first complete result, captured when it arrives.
 */
async function reopen(api: Iso27001Api, whileClosed: () => void = () => undefined): Promise<{ api: Iso27001Api; first: Promise<FirstResult> }> {
	await testHooks(api).dispose();
	whileClosed();
	const next = await testHooks(api).reactivate();
	const hooks = testHooks(next);
	const first = new Promise<FirstResult>((resolve) => {
		const sub = hooks.index.onDidChange((c) => {
			const assembled = c.files === undefined && c.folder.settings !== undefined ? hooks.index.result(c.folder) : undefined;
			if (assembled) {
				sub.dispose();
				hooks.coverage.refresh();
				resolve({
					analysed: c.folder.analysedFiles, scanning: c.folder.scanning, result: toScanJson(assembled.result),
					tokensDiagnostics: ourDiagnostics(fileUri('src/tokens.ts')).map(codeOf).sort(), fileErrors: fileErrors(), coverageRows: hooks.coverage.getChildren().length,
				});
			}
		});
	});
	return { api: next, first };
}

function cacheFile(api: Iso27001Api): string {
	const storage = testHooks(api).storage;
	assert.ok(storage, 'the extension has a storage folder');
	return path.join(folderCacheLocation(storage, vscode.workspace.workspaceFolders![0].uri), CACHE_FILE);
}

const logged = (api: Iso27001Api, pattern: RegExp): boolean => testHooks(api).log.lines.some((l) => pattern.test(l));

/** The files of the workspace folder that have a file-error diagnostic (relative paths, sorted). */
function fileErrors(): string[] {
	const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
	return vscode.languages.getDiagnostics()
		.filter(([, ds]) => ds.some((d) => d.source === 'iso27001' && codeOf(d) === 'file-error'))
		.map(([uri]) => path.relative(root, uri.fsPath).split(path.sep).join('/'))
		.sort();
}

/** Writes a file of the workspace dated 30 seconds back, so that the cache may keep its result (as after a tool that keeps times). */
function writeDatedBack(rel: string, text: string | Buffer): void {
	const abs = fileUri(rel).fsPath;
	writeFileSync(abs, text);
	utimesSync(abs, Date.now() / 1000 - 30, Date.now() / 1000 - 30);
}

/** How many times the log says the folder's cache was written. */
const cacheWrites = (api: Iso27001Api): number => testHooks(api).log.lines.filter((l) => /^\[debug\] single: cache written \(/.test(l)).length;

describe('persistent cache: a reopened workspace', () => {
	let api: Iso27001Api;
	let last: ScanResult;
	before(async () => {
		api = await editorApi();
		last = await api.getScanResult();
	});

	it('the public API is getScanResult only; the test hooks are not among its keys', () => {
		assert.deepEqual(Object.keys(api), ['getScanResult']);
		assert.equal((api as unknown as Record<string, unknown>).testing, undefined);
		assert.equal((api as unknown as Record<string, unknown>).stats, undefined);
	});

	it('shows the last results (views, diagnostics) before any file is analysed, then re-analyses only the file edited while closed', async () => {
		assert.ok(logged(api, /^\[debug\] single: cache written \(\d+ files/), 'the first scan wrote the cache');
		assert.ok(ourDiagnostics(fileUri('src/tokens.ts')).some((d) => codeOf(d) === 'unmapped-sensitive-code'));
		const reopened = await reopen(api, () => {
			// While the window is closed: the unmapped MD5 call gets its annotation, and a file goes.
			const tokens = fileUri('src/tokens.ts').fsPath;
			writeFileSync(tokens, readFileSync(tokens, 'utf8').replace('export function cacheKey', '// @iso27001 A.8.24 — cache keys only\nexport function cacheKey'));
			// Dated back (its size changed, which the cache sees): a file written in the last 2 seconds is
			// analysed but not cached, and the later tests expect every file cached.
			utimesSync(tokens, Date.now() / 1000 - 30, Date.now() / 1000 - 30);
			rmSync(fileUri('src/vault.ts').fsPath);
		});
		api = reopened.api;
		const first = await reopened.first;
		assert.equal(first.analysed, 0, 'no file analysed before the first result');
		assert.equal(first.scanning, true, 'shown while the scan that verifies it runs');
		assert.deepEqual(first.result, last, 'the last session\'s result');
		assert.ok(first.tokensDiagnostics.includes('unmapped-sensitive-code'), 'diagnostics from the cache');
		assert.ok(first.coverageRows > 0, 'the coverage view has rows');
		const verified = await api.getScanResult();
		const hooks = testHooks(api);
		// (The file watcher may still report the changes made while closed: an update may follow the scan.)
		assert.equal(hooks.stats().folders[0].lastScanAnalysed, 1, `the scan analysed only the edited file again:\n${hooks.log.lines.join('\n')}`);
		assert.equal(verified.files, last.files - 1);
		assert.ok(!verified.findings.some((f) => f.file === 'src/vault.ts'), 'the deleted file is dropped');
		assert.ok(verified.findings.filter((f) => f.file === 'src/tokens.ts').every((f) => f.mapped), 'the edit is seen');
		assert.ok(!ourDiagnostics(fileUri('src/tokens.ts')).some((d) => codeOf(d) === 'unmapped-sensitive-code'));
		assert.ok(logged(api, /^\[info\] single: showing the last results of \d+ files from the cache/), hooks.log.lines.join('\n'));
		last = verified;
	});

	it('a corrupt cache is discarded with a line in the log, and the folder is scanned normally', async () => {
		const file = cacheFile(api);
		const reopened = await reopen(api, () => writeFileSync(file, 'definitely not a cache\n'));
		api = reopened.api;
		const first = await reopened.first;
		assert.equal(first.scanning, false, 'no result from the cache');
		assert.equal(first.analysed, last.files, `every file analysed:\n${testHooks(api).log.lines.join('\n')}`);
		assert.deepEqual(await api.getScanResult(), last);
		assert.ok(logged(api, /^\[warn\] single: the cache file .* is not an iso27001 cache; it is discarded and rebuilt$/), testHooks(api).log.lines.join('\n'));
		assert.match(readFileSync(file, 'utf8'), /^\{"magic":"iso27001-cache"/, 'rebuilt');
	});

	it('a cache that can be neither read nor written is logged and changes nothing else', async () => {
		const file = cacheFile(api);
		// A folder where the cache file should be: reading and replacing it fail, even for root.
		const reopened = await reopen(api, () => {
			rmSync(file);
			mkdirSync(file);
		});
		api = reopened.api;
		try {
			assert.equal((await reopened.first).analysed, last.files);
			assert.deepEqual(await api.getScanResult(), last);
			assert.ok(logged(api, /^\[warn\] single: cannot read the cache file .*; it is rebuilt$/), testHooks(api).log.lines.join('\n'));
			assert.ok(logged(api, /^\[warn\] single: cannot write the cache file .*; the results are complete but were not cached$/), testHooks(api).log.lines.join('\n'));
		} finally {
			rmSync(file, { recursive: true, force: true });
		}
	});

	it('a rescan serves unchanged files from the cache; the Rescan command analyses every file again', async () => {
		// Reopened after the last test left no cache: a scan that writes one.
		const reopened = await reopen(api);
		api = reopened.api;
		const hooks = testHooks(api);
		await api.getScanResult();
		assert.equal(hooks.stats().folders[0].lastScanAnalysed, last.files);
		// What a .gitignore change or a branch switch does: a full scan, through the cache.
		hooks.index.rescan(undefined, { fresh: false });
		assert.deepEqual(await api.getScanResult(), last);
		assert.equal(hooks.stats().folders[0].lastScanAnalysed, 0);
		await vscode.commands.executeCommand('iso27001.rescan');
		assert.deepEqual(await api.getScanResult(), last);
		assert.equal(hooks.stats().folders[0].lastScanAnalysed, last.files);
	});

	it('closing while a scan runs leaves the cache usable for the next window', async () => {
		const hooks = testHooks(api);
		const scanning = new Promise<void>((resolve) => {
			const sub = hooks.index.onDidChange((c) => {
				if (c.folder.scanning) {
					sub.dispose();
					resolve();
				}
			});
		});
		hooks.index.rescan();
		await scanning;
		// Closed mid-scan: the worker stops without writing a partial cache.
		await hooks.dispose();
		const again = await reopen(api);
		api = again.api;
		assert.equal((await again.first).analysed, 0);
		assert.deepEqual(await api.getScanResult(), last);
	});

	it('with iso27001.cache off, nothing is shown from the cache', async () => {
		// A valid cache first.
		let reopened = await reopen(api);
		api = reopened.api;
		await api.getScanResult();
		assert.ok(readFileSync(cacheFile(api), 'utf8').startsWith('{"magic":"iso27001-cache"'));
		const config = vscode.workspace.getConfiguration('iso27001');
		await config.update('cache', false, vscode.ConfigurationTarget.Workspace);
		try {
			reopened = await reopen(api);
			api = reopened.api;
			const first = await reopened.first;
			assert.equal(first.scanning, false);
			assert.ok(first.analysed >= last.files, 'every file analysed');
			assert.ok(logged(api, /cache off\)$/), testHooks(api).log.lines.join('\n'));
		} finally {
			await config.update('cache', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('the first result shows the last session\'s walk problems and unreadable files; the verifying scan replaces them', async () => {
		const before = last;
		const fileProblems = (r: ScanResult): string[] => r.problems.filter((p) => p.code === 'file-error').map((p) => `${p.file}: ${p.message}`);
		// While closed: a broken symbolic link (the walk's problem) and a file over the size limit (the reader's).
		let reopened = await reopen(api, () => {
			symlinkSync('nowhere.ts', fileUri('src/dangling.ts').fsPath);
			writeDatedBack('src/huge.ts', `// ${'x'.repeat(3 * 1024 * 1024)}\n`);
		});
		api = reopened.api;
		const withProblems = await api.getScanResult();
		assert.deepEqual(fileProblems(withProblems), ['src/dangling.ts: broken symbolic link', 'src/huge.ts: skipped: 3 MB is over the 2 MB limit (maxFileSize)']);
		reopened = await reopen(api);
		api = reopened.api;
		const first = await reopened.first;
		assert.equal(first.scanning, true, 'from the cache');
		assert.equal(first.analysed, 0);
		assert.deepEqual(first.result, withProblems, 'with the problems');
		assert.deepEqual(first.fileErrors, ['src/dangling.ts', 'src/huge.ts'], 'in the Problems panel too');
		assert.deepEqual(await api.getScanResult(), withProblems);
		// While closed, both go: the cached result still shows them, the scan that verifies it does not.
		reopened = await reopen(api, () => {
			rmSync(fileUri('src/dangling.ts').fsPath);
			rmSync(fileUri('src/huge.ts').fsPath);
		});
		api = reopened.api;
		assert.deepEqual(fileProblems((await reopened.first).result), fileProblems(withProblems));
		const verified = await api.getScanResult();
		assert.deepEqual(verified, before);
		assert.deepEqual(fileErrors(), []);
	});

	describe('closing the window while a cache write waits for edits to settle', () => {
		const SESSION = 'src/session.ts';
		const ADDED = '\n// @iso27001 A.8.15 — session events are logged\nexport function logSession(): void {}\n';
		const hasAdded = (r: ScanResult): boolean => r.annotations.some((a) => a.file === SESSION && a.controls.includes('A.8.15'));

		/**
		 * Changes a file on disk (dated back, as by a tool that keeps times: the cache may keep it) and
		 * waits for the index to see it; returns the count of cache writes logged before the change.
		 */
		async function changeOnDisk(add: boolean): Promise<number> {
			await api.getScanResult();
			const writes = cacheWrites(api);
			const text = readFileSync(fileUri(SESSION).fsPath, 'utf8');
			writeDatedBack(SESSION, add ? `${text}${ADDED}` : text.replace(ADDED, ''));
			await resultWhen(api, (r) => hasAdded(r) === add, 'the change on disk');
			return writes;
		}

		it('the write is done on closing: reopened, no file is analysed again, and no unsaved text was cached', async () => {
			const reopened = await reopen(api);
			api = reopened.api;
			// The web workbench saves after a second by default; the desktop's default keeps the edit unsaved.
			const files = vscode.workspace.getConfiguration('files');
			await files.update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
			let first: FirstResult;
			try {
				// An unsaved edit: the editor shows it, the cache never keeps it.
				const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri('src/tokens.ts')));
				assert.ok(await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// @iso27001 A.5.15 — unsaved\n')));
				await resultWhen(api, (r) => r.annotations.some((a) => a.file === 'src/tokens.ts' && a.controls.includes('A.5.15')), 'the unsaved edit');
				const writes = await changeOnDisk(true);
				const closed = api;
				assert.equal(cacheWrites(closed), writes, 'closed before the write\'s delay is over');
				const again = await reopen(closed);
				api = again.api;
				assert.equal(cacheWrites(closed), writes + 1, `written on closing:\n${testHooks(closed).log.lines.join('\n')}`);
				first = await again.first;
				assert.equal(first.analysed, 0);
				assert.ok(hasAdded(first.result), 'the change on disk is in the cached result');
				assert.ok(!first.result.annotations.some((a) => a.controls.includes('A.5.15')), 'the unsaved edit is not');
				await api.getScanResult();
				assert.equal(testHooks(api).stats().folders[0].lastScanAnalysed, 0, `no file analysed again:\n${testHooks(api).log.lines.join('\n')}`);
			} finally {
				await revertAndCloseAll();
				await files.update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
			}
			last = await resultWhen(api, (r) => !r.annotations.some((a) => a.controls.includes('A.5.15')), 'the unsaved edit reverted');
			assert.deepEqual(first.result, last, 'the cached result was the files on disk');
		});

		it('a storage folder deleted meanwhile is made again; one that cannot be written is a warning, and closing goes on', async () => {
			const storage = testHooks(api).storage!;
			let reopened = await reopen(api);
			api = reopened.api;
			await changeOnDisk(false);
			rmSync(storage, { recursive: true, force: true });
			reopened = await reopen(api);
			api = reopened.api;
			assert.equal((await reopened.first).analysed, 0, 'the cache was written again, in a new storage folder');
			last = await api.getScanResult();
			assert.equal(testHooks(api).stats().folders[0].lastScanAnalysed, 0);
			const writes = await changeOnDisk(true);
			// A folder where the cache file should be: replacing it fails, even for root.
			const file = cacheFile(api);
			rmSync(file);
			mkdirSync(file);
			const closed = api;
			try {
				assert.equal(cacheWrites(closed), writes, 'closed before the write\'s delay is over');
				await testHooks(closed).dispose();
				assert.ok(logged(closed, /^\[warn\] single: cannot write the cache file .*; the results are complete but were not cached$/), testHooks(closed).log.lines.join('\n'));
			} finally {
				rmSync(file, { recursive: true, force: true });
			}
			reopened = await reopen(closed);
			api = reopened.api;
			assert.equal((await reopened.first).scanning, false, 'no cache left: scanned');
			last = await api.getScanResult();
			assert.ok(hasAdded(last));
		});
	});
});
