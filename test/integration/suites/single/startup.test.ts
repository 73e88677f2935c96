// A quiet start-up: before the first result, the views say "indexing" (never "switched off"), the
// status bar spins without a percentage, and only a long first scan notifies, never with "0 of 0".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CoverageTree } from '../../../../src/extension/coverageView';
import type { FolderState } from '../../../../src/extension/folderState';
import { ScanProgress, type WithProgress } from '../../../../src/extension/scanProgress';
import { StatusBar } from '../../../../src/extension/statusBar';
import type { WorkspaceIndex } from '../../../../src/extension/workspaceIndex';
import { editorApi, type Iso27001Api, testHooks } from '../editorApi';

/** An index with these folders and no result yet, as the index is before its first scan ends. */
function indexWithout(folders: Partial<FolderState>[]): WorkspaceIndex {
	return { folders: () => folders, result: () => undefined, onDidChange: () => new vscode.Disposable(() => undefined) } as unknown as WorkspaceIndex;
}

describe('start-up', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});
	after(() => testHooks(api).coverage.refresh());

	it('the coverage view says "indexing" until a folder is indexed; "switched off" only when the setting is off', async () => {
		const indexed = async (n: number): Promise<void> => {
			for (const start = Date.now(); testHooks(api).index.folders().length !== n && Date.now() - start < 10_000;) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
			assert.equal(testHooks(api).index.folders().length, n);
		};
		const tree = new CoverageTree(indexWithout([]), vscode.Uri.file('/media'));
		const config = vscode.workspace.getConfiguration('iso27001');
		try {
			tree.refresh();
			assert.equal(tree.state, 'indexing');
			await config.update('enable', false, vscode.ConfigurationTarget.Workspace);
			await indexed(0);
			tree.refresh();
			assert.equal(tree.state, 'disabled');
		} finally {
			tree.dispose();
			await config.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await indexed(1);
		assert.ok((await api.getScanResult()).annotations.length > 0, 'indexed again');
	});

	it('the status bar spins without a percentage while the first scan runs', () => {
		const bar = new StatusBar(indexWithout([{ scanning: true, complete: false, settings: undefined, configError: undefined }]));
		try {
			assert.equal(bar.text, '$(sync~spin) ISO 27001');
			assert.doesNotMatch(bar.text, /%/);
		} finally {
			bar.dispose();
		}
		assert.match(testHooks(api).statusBar.text, /^\$\(shield\) ISO 27001 \d+(\.\d)?%/, 'with a result: the percentage');
	});

	it('scans show progress on the views; only a long first scan notifies, counting files once their total is known', async () => {
		const folder = vscode.workspace.workspaceFolders![0];
		const key = folder.uri.toString();
		const locations: unknown[] = [];
		const messages: string[] = [];
		let notified = (): void => undefined;
		const notification = new Promise<void>((resolve) => { notified = resolve; });
		const withProgress: WithProgress = (options, task) => {
			locations.push(options.location);
			if (options.location === vscode.ProgressLocation.Notification) {
				notified();
			}
			return task({ report: (v) => messages.push(v.message ?? '') }, new vscode.CancellationTokenSource().token);
		};
		// "Long" is 0 ms here: whatever the machine's speed, a rescan never notifies.
		const progress = new ScanProgress(() => undefined, withProgress, 0);
		progress.show(folder, false);
		progress.report(key, 0, 0);
		await new Promise((resolve) => setTimeout(resolve, 20));
		progress.end(key);
		assert.deepEqual(locations, [{ viewId: 'iso27001.coverage' }, { viewId: 'iso27001.findings' }]);
		progress.show(folder, true);
		progress.report(key, 0, 0);
		await notification;
		progress.report(key, 5, 10);
		progress.end(key);
		assert.equal((locations as unknown[]).filter((l) => l === vscode.ProgressLocation.Notification).length, 1);
		assert.deepEqual(messages, ['5 of 10 files'], 'no "0 of 0 files"');
	});
});
