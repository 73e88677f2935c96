import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';

describe('multi-root workspace: smoke', () => {
	it('opens both folders of the .code-workspace file', () => {
		assert.ok(vscode.workspace.workspaceFile, 'a workspace file is open');
		assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['multi-a', 'multi-b']);
		assert.equal(vscode.workspace.isTrusted, true);
	});

	it('activates and returns a scan result', async () => {
		const { api } = await activateExtension();
		const result = await api.getScanResult();
		// The placeholder extension scans the first folder; the real one will index both.
		assert.ok(result.annotations.some((a) => a.file === 'src/crypto.ts' && a.controls.includes('A.8.24')));
	});
});
