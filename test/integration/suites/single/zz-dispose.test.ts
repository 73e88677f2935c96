import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { editorApi, fileUri, ourDiagnostics, testHooks } from '../editorApi';

// Runs last in the session (files run in name order): it tears the extension down.
describe('disposal', () => {
	it('disposing the extension stops the worker and leaves no listeners, commands or diagnostics', async () => {
		const api = await editorApi();
		await api.getScanResult();
		const { index, listeners } = testHooks(api);
		assert.ok(listeners.count >= 4, `views, diagnostics and status bar listen (${listeners.count})`);
		assert.equal(index.running, true);
		const stopped = testHooks(api).dispose();
		assert.equal(listeners.count, 0);
		assert.equal(index.running, false);
		await stopped;
		const commands = (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('iso27001.'));
		assert.deepEqual(commands.filter((c) => !c.endsWith('.focus') && !c.includes('resetViewLocation') && !c.includes('toggleVisibility') && !c.includes('removeView') && !c.includes('open')), []);
		assert.deepEqual(ourDiagnostics(fileUri('src/tokens.ts')), []);
	});
});
