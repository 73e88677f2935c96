// Cancelling the indexing (session `cancel`, 300 generated files): the results are shown as partial
// until a rescan completes them.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorApi, type Iso27001Api, testHooks } from '../editorApi';

describe('cancelled indexing', () => {
	let api: Iso27001Api;
	/** Files in the workspace, counted by VS Code rather than by the extension. */
	let onDisk: number;
	before(async () => {
		api = await editorApi();
		onDisk = (await vscode.workspace.findFiles('**/*')).length;
	});

	const assertComplete = (files: number): void => {
		const { statusBar, coverage } = testHooks(api);
		assert.equal(files, onDisk, 'every file is indexed');
		assert.doesNotMatch(statusBar.text, /partial/);
		assert.doesNotMatch(coverage.description ?? '', /partial/);
		assert.doesNotMatch((statusBar.tooltip as vscode.MarkdownString).value, /cancelled|command:iso27001\.rescan/);
	};

	it('indexes the whole workspace at start-up', async () => {
		assert.equal(onDisk, 300, 'the session generated its files');
		assertComplete((await api.getScanResult()).files);
	});

	it('after Cancel, shows what was indexed as partial, with a Rescan link', async () => {
		const { index, statusBar, coverage } = testHooks(api);
		// Sent together: the worker reads the cancel at the scan's first pause, whatever the machine's speed
		// (see the session in scripts/integration/sessions.mjs). cancel() is what the notification's Cancel calls.
		const shown: string[] = [];
		const sub = index.onDidChange(() => shown.push(statusBar.text));
		index.rescan();
		index.cancel();
		const r = await api.getScanResult();
		sub.dispose();
		assert.ok(shown.some((t) => t.startsWith('$(sync~spin)')), `the status bar showed the scan running: ${JSON.stringify(shown)}`);
		assert.ok(r.files < onDisk, `the scan stopped early (${r.files} of ${onDisk} files indexed)`);
		assert.match(statusBar.text, /^\$\(shield\) ISO 27001 \d+(\.\d)?% \(partial\)/);
		assert.match(coverage.description ?? '', /^\d+(\.\d)?% covered \(partial: indexing was cancelled\)$/);
		const tip = statusBar.tooltip as vscode.MarkdownString;
		assert.match(tip.value, /Indexing was cancelled.*\[Rescan\]\(command:iso27001\.rescan\)/);
		assert.deepEqual(tip.isTrusted, { enabledCommands: ['iso27001.rescan'] }, 'the Rescan link may run its command');
	});

	it('the Rescan command makes the results complete again', async () => {
		await vscode.commands.executeCommand('iso27001.rescan');
		assertComplete((await api.getScanResult()).files);
	});
});
