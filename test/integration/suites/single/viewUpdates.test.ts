// The coverage and findings views keep their rows between changes and refresh only the rows a change
// touched (onDidChangeTreeData with those rows), never the whole tree for an edit in one file.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoverageNode } from '../../../../src/extension/coverageView';
import type { FindingNode } from '../../../../src/extension/findingsView';
import { editorApi, fileUri, type Iso27001Api, revertAndCloseAll, testHooks } from '../editorApi';

/** Every row an event names; `undefined` stands for "the whole tree". */
function record<T>(event: vscode.Event<T | T[] | undefined | null | void>, into: (T | undefined)[]): vscode.Disposable {
	return event((e) => into.push(...(Array.isArray(e) ? e : [e ?? undefined])));
}

describe('views refresh only the rows a change touched', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});
	afterEach(async () => {
		await revertAndCloseAll();
		await api.getScanResult();
	});

	it('an annotation added in one file refreshes that control\'s row and that file\'s category, nothing else', async () => {
		const coverage = testHooks(api).coverage;
		const findings = testHooks(api).findings;
		const technological = coverage.getChildren().find((t) => t.kind === 'theme' && t.theme === 'A.8')!;
		const a824 = coverage.getChildren(technological).find((c) => c.kind === 'control' && c.control.id === 'A.8.24')!;
		const crypto = findings.getChildren().find((c) => c.kind === 'category' && c.category === 'crypto')!;
		const secrets = findings.getChildren().find((c) => c.kind === 'category' && c.category === 'secrets')!;
		assert.deepEqual(findings.getChildren(crypto).map((f) => f.kind === 'file' && f.label), ['legacyDigest.go', 'tokens.ts']);
		const coverageRows: (CoverageNode | undefined)[] = [];
		const findingRows: (FindingNode | undefined)[] = [];
		const subscriptions = [record(coverage.onDidChangeTreeData, coverageRows), record(findings.onDidChangeTreeData, findingRows)];
		try {
			const doc = await vscode.workspace.openTextDocument(fileUri('src/tokens.ts'));
			const editor = await vscode.window.showTextDocument(doc);
			// Maps the md5 finding of cacheKey (line 12) to A.8.24.
			await editor.edit((b) => b.insert(new vscode.Position(10, 0), '// @iso27001 A.8.24 — cache keys only\n'));
			const r = await api.getScanResult();
			assert.equal(r.findings.find((f) => f.file === 'src/tokens.ts' && f.api === 'crypto.createHash')?.mapped, true);
			assert.ok(coverageRows.length > 0 && findingRows.length > 0, 'both views were told');
			assert.deepEqual([...new Set(coverageRows)], [a824], 'only the A.8.24 row (its count and locations), the same object');
			assert.deepEqual([...new Set(findingRows)], [crypto], 'only the crypto category (tokens.ts left it), the same object');
			assert.equal(coverage.getTreeItem(a824).description, '3 locations');
			assert.deepEqual(findings.getChildren(crypto).map((f) => f.kind === 'file' && f.label), ['legacyDigest.go']);
			assert.equal(findings.getChildren().find((c) => c.kind === 'category' && c.category === 'secrets'), secrets, 'other rows are kept');
		} finally {
			for (const s of subscriptions) {
				s.dispose();
			}
		}
	});

	it('an edit that changes no finding nor annotation refreshes no row', async () => {
		const rows: unknown[] = [];
		const subscriptions = [record(testHooks(api).coverage.onDidChangeTreeData, rows), record(testHooks(api).findings.onDidChangeTreeData, rows)];
		try {
			const doc = await vscode.workspace.openTextDocument(fileUri('src/vault.ts'));
			const editor = await vscode.window.showTextDocument(doc);
			await editor.edit((b) => b.insert(new vscode.Position(doc.lineCount - 1, 0), '// a note that maps nothing\n'));
			await api.getScanResult();
			assert.deepEqual(rows, []);
		} finally {
			for (const s of subscriptions) {
				s.dispose();
			}
		}
	});
});
