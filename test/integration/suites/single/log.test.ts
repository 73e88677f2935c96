import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorApi, fileUri, resultWhen, type Iso27001Api, testHooks } from '../editorApi';

describe('the "ISO 27001" log', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});

	it('logs each scan with its file count and time', async () => {
		const r = await api.getScanResult();
		const scans = testHooks(api).log.lines.filter((l) => l.startsWith('[info] single: indexed '));
		assert.ok(scans.length > 0, testHooks(api).log.lines.join('\n'));
		// With the persistent cache, a rescan also says how many files it analysed.
		assert.match(scans[scans.length - 1], new RegExp(`^\\[info\\] single: indexed ${r.files} files in \\d+ ms( \\(\\d+ analysed, the others unchanged since the cache was written\\))?$`));
		await vscode.commands.executeCommand('iso27001.showLog');
	});

	it('logs the files it skips, and why', async () => {
		const blob = fileUri('src/blob.ts');
		// A marker the prefilter reads, then NUL bytes: the file is read, and skipped as binary.
		await vscode.workspace.fs.writeFile(blob, Buffer.concat([Buffer.from('// @iso27001 A.8.24\n'), Buffer.from([0, 1, 2, 10])]));
		try {
			await resultWhen(api, (r) => r.problems.some((p) => p.file === 'src/blob.ts' && p.code === 'file-error'), 'src/blob.ts skipped');
			assert.ok(testHooks(api).log.lines.includes('[warn] single: src/blob.ts: skipped: binary file'), testHooks(api).log.lines.slice(-5).join('\n'));
		} finally {
			await vscode.workspace.fs.delete(blob);
		}
		await resultWhen(api, (r) => !r.problems.some((p) => p.file === 'src/blob.ts'), 'src/blob.ts gone');
	});
});
