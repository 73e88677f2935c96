import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics, type Iso27001Api, testHooks } from '../editorApi';

describe('multi-root workspace: per-folder config and results', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
	});

	it('returns each folder\'s own result, with its own configuration', async () => {
		const [a, b] = vscode.workspace.workspaceFolders!;
		const ra = await api.getScanResult(a.uri);
		const rb = await api.getScanResult(b.uri);
		assert.equal(ra.root, a.uri.fsPath);
		assert.equal(rb.root, b.uri.fsPath);
		assert.deepEqual(ra.annotations.map((x) => `${x.file}:${x.line}`), ['src/crypto.ts:3']);
		assert.deepEqual(rb.annotations.map((x) => `${x.file}:${x.line}`), ['app/login.py:4', 'app/login.py:10']);
		// Only multi-b's .iso27001.yaml excludes A.7.4.
		assert.equal(ra.coverage.controls.find((c) => c.id === 'A.7.4')?.status, 'uncovered');
		assert.equal(rb.coverage.controls.find((c) => c.id === 'A.7.4')?.status, 'excluded');
		assert.deepEqual(await api.getScanResult(), ra, 'the first folder by default');
	});

	it('shows diagnostics in the right folder and the coverage tree by folder', async () => {
		await api.getScanResult();
		const keys = ourDiagnostics(fileUri('app/keys.py', 1));
		assert.deepEqual(keys.map(codeOf), ['unmapped-sensitive-code']);
		assert.match(keys[0].message, /secrets/);
		const tree = testHooks(api).coverage;
		const top = tree.getChildren();
		assert.deepEqual(top.map((n) => tree.getTreeItem(n).label), ['multi-a', 'multi-b']);
		const themes = tree.getChildren(top[1]);
		assert.deepEqual(themes.map((n) => tree.getTreeItem(n).label), ['A.5 Organizational', 'A.6 People', 'A.7 Physical', 'A.8 Technological']);
		const findings = testHooks(api).findings;
		const files = findings.getChildren(findings.getChildren()[0]).map((n) => findings.getTreeItem(n));
		assert.deepEqual(files.map((f) => [f.label, f.description]), [['keys.py', 'multi-b/app']]);
	});

	it('an edit in one folder updates that folder only', async () => {
		const [a, b] = vscode.workspace.workspaceFolders!;
		const before = await api.getScanResult(a.uri);
		const doc = await vscode.workspace.openTextDocument(fileUri('app/keys.py', 1));
		const editor = await vscode.window.showTextDocument(doc);
		await editor.edit((e) => e.insert(new vscode.Position(3, 0), '# @iso27001 A.5.17 — the key comes from the environment\n'));
		const rb = await api.getScanResult(b.uri);
		assert.equal(rb.findings.find((f) => f.file === 'app/keys.py')?.mapped, true);
		assert.deepEqual(await api.getScanResult(a.uri), before);
		await vscode.commands.executeCommand('workbench.action.files.revert');
	});
});
