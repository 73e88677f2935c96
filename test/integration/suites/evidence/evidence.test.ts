import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoverageNode } from '../../../../src/extension/coverageView';
import { exportMatrix, type ExportUi } from '../../../../src/extension/exportMatrix';
import { codeOf, editorApi, fileUri, ourDiagnostics, type Iso27001Api, testHooks } from '../editorApi';

const CLAIMS = 'docs/compliance/iso27001.md';

/** Our diagnostics of a file, as `line:code` (1-based lines), sorted. */
function lineCodes(uri: vscode.Uri): string[] {
	return ourDiagnostics(uri).map((d) => `${d.range.start.line + 1}:${codeOf(d)}`).sort();
}

/** Waits (without sleeping a fixed time) until `done` holds, letting the extension host run meanwhile. */
async function until(done: () => boolean, what: string, limitMs = 15_000): Promise<void> {
	for (const start = Date.now(); !done();) {
		if (Date.now() - start > limitMs) {
			throw new Error(`timed out waiting for: ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('evidence beyond code in the editor', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});
	afterEach(async () => {
		for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
			await vscode.window.showTextDocument(doc);
			await vscode.commands.executeCommand('workbench.action.files.revert');
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
		await api.getScanResult();
	});

	/** The control node `id` of the coverage tree. */
	function controlNode(id: string): CoverageNode {
		const tree = testHooks(api).coverage;
		const node = tree.getChildren().flatMap((t) => tree.getChildren(t)).find((c) => c.kind === 'control' && c.control.id === id);
		assert.ok(node, `${id} is in the coverage tree`);
		return node;
	}

	it('the coverage tree shows a document annotation as a document location that opens', () => {
		const tree = testHooks(api).coverage;
		const a515 = controlNode('A.5.15');
		assert.equal(tree.getTreeItem(a515).description, '1 location');
		const [location, ...rest] = tree.getChildren(a515);
		assert.equal(rest.length, 0);
		const item = tree.getTreeItem(location);
		assert.equal(item.label, 'docs/policies/access-control.md:1');
		assert.match(String(item.description), /^document — access control policy, approved by the security lead$/);
		assert.equal((item.iconPath as vscode.ThemeIcon).id, 'book');
		assert.equal(item.command?.command, 'vscode.open');
		assert.equal((item.command?.arguments?.[0] as vscode.Uri).toString(), fileUri('docs/policies/access-control.md').toString());
	});

	it('the coverage tree shows a control\'s SoA evidence: a path opens the file, a link opens in the browser', async () => {
		const tree = testHooks(api).coverage;
		const a524 = controlNode('A.5.24');
		const control = tree.getTreeItem(a524);
		assert.equal(control.description, '1 location, 2 SoA evidence');
		assert.match((control.tooltip as vscode.MarkdownString).value, /Implementation: Incident response runbook, rehearsed twice a year/);
		const children = tree.getChildren(a524);
		assert.deepEqual(children.map((c) => c.kind), ['location', 'evidence', 'evidence']);
		const [doc, link] = children.slice(1).map((c) => tree.getTreeItem(c));
		assert.equal(doc.label, 'docs/security/incident-response.md');
		assert.equal(doc.description, 'SoA evidence · document');
		assert.equal(doc.command?.command, 'vscode.open');
		assert.equal((doc.command?.arguments?.[0] as vscode.Uri).toString(), fileUri('docs/security/incident-response.md').toString());
		assert.equal(link.label, 'https://wiki.example.com/security/incident-response');
		assert.equal(link.description, 'SoA evidence · link');
		assert.equal(link.command?.command, 'iso27001.openEvidenceLink');
		const target = link.command?.arguments?.[0] as vscode.Uri;
		assert.equal(target.scheme, 'https');
		assert.equal(target.toString(true), 'https://wiki.example.com/security/incident-response');
		assert.deepEqual(tree.getParent(children[2]), a524);
		// Opening the path evidence shows the runbook.
		await vscode.commands.executeCommand(doc.command.command, ...(doc.command.arguments as unknown[]));
		assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), fileUri('docs/security/incident-response.md').toString());
	});

	it('shows the claim problems as diagnostics in the open claims document, and follows evidence added elsewhere', async () => {
		const claims = await vscode.workspace.openTextDocument(fileUri(CLAIMS));
		await vscode.window.showTextDocument(claims);
		await api.getScanResult();
		assert.deepEqual(lineCodes(claims.uri), ['7:claim-title-mismatch', '7:claim-without-evidence', '8:claim-without-evidence']);
		const mismatch = ourDiagnostics(claims.uri).find((d) => codeOf(d) === 'claim-title-mismatch')!;
		assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(claims.getText(mismatch.range), 'A.5.23');
		assert.match(mismatch.message, /the title of A\.5\.24/);
		// Evidence for A.8.5 in another file (an unsaved edit): the claim without evidence goes from the claims document.
		const ledger = await vscode.workspace.openTextDocument(fileUri('src/ledger.ts'));
		const editor = await vscode.window.showTextDocument(ledger);
		const line = ledger.getText().split('\n').findIndex((l) => l.startsWith('export function operatorSession'));
		await editor.edit((b) => b.insert(new vscode.Position(line, 0), '// @iso27001 A.8.5 — operator sessions need a hardware key\n'));
		await api.getScanResult();
		await until(() => !lineCodes(claims.uri).includes('8:claim-without-evidence'), 'the A.8.5 claim has evidence');
		assert.deepEqual(lineCodes(claims.uri), ['7:claim-title-mismatch', '7:claim-without-evidence']);
		// Taken out again and saved (code-server auto-saves after a delay, so a revert could come too late).
		await editor.edit((b) => b.delete(new vscode.Range(line, 0, line + 1, 0)));
		await ledger.save();
		await api.getScanResult();
		await until(() => lineCodes(claims.uri).includes('8:claim-without-evidence'), 'A.8.5 claimed without evidence again');
	});

	it('shows unrelated-control as information, and code covered only by an excluded control as unmapped', async () => {
		const uri = fileUri('src/audit.ts');
		assert.deepEqual(lineCodes(uri), ['10:unmapped-sensitive-code', '5:unrelated-control', '8:not-applicable-control']);
		const unrelated = ourDiagnostics(uri).find((d) => codeOf(d) === 'unrelated-control')!;
		assert.equal(unrelated.severity, vscode.DiagnosticSeverity.Information);
		assert.match(unrelated.message, /mapped only by A\.8\.15 'Logging'.*A\.8\.24 'Use of cryptography' would fit/);
		// The unmapped finding says why: the control its annotation names is excluded.
		const unmapped = ourDiagnostics(uri).find((d) => codeOf(d) === 'unmapped-sensitive-code')!;
		assert.match(unmapped.message, /its annotation names A\.\d+\.\d+, which the Statement of Applicability excludes/);
		const r = await api.getScanResult();
		assert.deepEqual(r.findings.filter((f) => f.file === 'src/audit.ts').map((f) => [f.line, f.mapped, f.coveredBy]), [[5, true, ['A.8.15']], [10, false, []]]);
		// The severity setting applies to it like to every problem code.
		const config = vscode.workspace.getConfiguration('iso27001');
		await config.update('diagnostics.severity', { 'unrelated-control': 'none' }, vscode.ConfigurationTarget.Workspace);
		try {
			await until(() => !lineCodes(uri).includes('5:unrelated-control'), 'unrelated-control hidden by the setting');
		} finally {
			await config.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await until(() => lineCodes(uri).includes('5:unrelated-control'), 'shown again');
	});

	it('the hover on a control ID shows the SoA implementation and evidence', async () => {
		const ledger = await vscode.workspace.openTextDocument(fileUri('src/ledger.ts'));
		const line = ledger.getText().split('\n').findIndex((l) => l.includes('@iso27001 A.5.24'));
		const at = new vscode.Position(line, ledger.lineAt(line).text.indexOf('A.5.24') + 2);
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ledger.uri, at);
		const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/\\(.)/g, '$1');
		assert.match(text, /Implementation: Incident response runbook, rehearsed twice a year/);
		assert.match(text, /SoA evidence: \[docs\/security\/incident-response\.md\]\(file:[^)]*docs\/security\/incident-response\.md\), \[https:\/\/wiki\.example\.com/);
	});

	it('exports the Statement of Applicability, chosen in the prompt or given as { report }', async () => {
		const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, '..', 'evidence-exports');
		const picks: string[][] = [];
		const ui: ExportUi = {
			showQuickPick: ((items: { label: string; format?: string; report?: string }[]) => {
				picks.push(items.map((i) => i.label));
				return Promise.resolve(items.find((i) => i.report === 'soa' || i.format === 'markdown'));
			}) as unknown as ExportUi['showQuickPick'],
			showSaveDialog: (options) => Promise.resolve(vscode.Uri.joinPath(dir, options?.defaultUri?.path.split('/').pop() ?? 'x')),
			showInformationMessage: () => Promise.resolve(undefined),
			openExternal: () => Promise.resolve(true),
		};
		try {
			await vscode.workspace.fs.createDirectory(dir);
			const written = await exportMatrix(testHooks(api).index, '0.0.0', {}, { ui });
			assert.deepEqual(picks[0], ['Traceability matrix', 'Statement of Applicability'], 'the report is chosen first');
			assert.equal(written?.path.split('/').pop(), 'iso27001-soa-evidence.md');
			const markdown = Buffer.from(await vscode.workspace.fs.readFile(written)).toString('utf8');
			assert.match(markdown, /Statement of Applicability/);
			assert.match(markdown, /Incident response runbook, rehearsed twice a year/);
			const csvUri = vscode.Uri.joinPath(dir, 'soa.csv');
			await vscode.commands.executeCommand('iso27001.exportMatrix', { report: 'soa', format: 'csv', target: csvUri });
			const csv = Buffer.from(await vscode.workspace.fs.readFile(csvUri)).toString('utf8');
			assert.match(csv.split(/\r?\n/)[0], /^\uFEFF?Control ID,Control title,Theme,Applicable,Justification,Implementation,Status,Evidence/);
			// The evidence cell lists the code, the document and the link, one per line (a quoted CSV field).
			assert.match(csv, /\nA\.5\.24,[^\n]*,"Incident response runbook, rehearsed twice a year",covered,"code: src\/ledger\.ts:11–13 \(pageOnCall\)[^"]*\ndocument: docs\/security\/incident-response\.md\nlink: https:\/\/wiki\.example\.com\/security\/incident-response"/);
			await assert.rejects(Promise.resolve(vscode.commands.executeCommand('iso27001.exportMatrix', { report: 'audit', format: 'csv', target: csvUri })), /unknown export report 'audit'/);
		} finally {
			await vscode.workspace.fs.delete(dir, { recursive: true });
		}
	});
});
