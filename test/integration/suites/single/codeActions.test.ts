import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics, type Iso27001Api } from '../editorApi';

const TWO_FINDINGS = "import * as crypto from 'node:crypto';\n\nexport function a(x: string): string {\n\treturn crypto.createHash('md5').update(x).digest('hex');\n}\n\nexport function b(): Buffer {\n\treturn crypto.randomBytes(32);\n}\n";

async function createFile(uri: vscode.Uri, text: string): Promise<void> {
	const we = new vscode.WorkspaceEdit();
	we.createFile(uri, { contents: Buffer.from(text), overwrite: true });
	assert.ok(await vscode.workspace.applyEdit(we));
}

async function deleteFile(uri: vscode.Uri): Promise<void> {
	const we = new vscode.WorkspaceEdit();
	we.deleteFile(uri, { ignoreIfNotExists: true });
	await vscode.workspace.applyEdit(we);
}

/** The code actions at `range` (the document is shown: the command needs its model). */
async function actionsAt(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
	await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
	const args: unknown[] = kind === undefined ? [uri, range] : [uri, range, kind];
	return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ...args);
}

const isFixAll = (a: vscode.CodeAction): boolean => a.title.startsWith('Add @iso27001 annotations for all');

describe('code actions', () => {
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
	});

	describe('fix all in file', () => {
		const uri = fileUri('src/twoFindings.ts');
		before(async () => {
			await createFile(uri, TWO_FINDINGS);
			const r = await api.getScanResult();
			assert.equal(r.findings.filter((f) => f.file === 'src/twoFindings.ts' && !f.mapped).length, 2);
		});
		after(async () => {
			await deleteFile(uri);
			await api.getScanResult();
		});

		it('is no quick fix on a line without one of its diagnostics', async () => {
			for (const line of [0, 2, 5]) {
				const actions = await actionsAt(uri, new vscode.Range(line, 0, line, 0));
				assert.deepEqual(actions.filter(isFixAll).map((a) => a.title), [], `line ${line + 1}`);
			}
		});

		it('is a quick fix beside each diagnostic it fixes', async () => {
			const unmapped = ourDiagnostics(uri).filter((d) => codeOf(d) === 'unmapped-sensitive-code');
			assert.equal(unmapped.length, 2);
			for (const d of unmapped) {
				const all = await actionsAt(uri, d.range);
				const fixAll = all.filter(isFixAll);
				assert.equal(fixAll.length, 1, `line ${d.range.start.line + 1}: ${all.map((a) => a.title).join(' | ')}`);
				assert.equal(fixAll[0].kind?.value, vscode.CodeActionKind.QuickFix.value);
			}
		});

		it('is the source.fixAll.iso27001 action anywhere in the file, and in the Source Action menu', async () => {
			for (const kind of ['source.fixAll.iso27001', 'source.fixAll', 'source']) {
				const fixAll = (await actionsAt(uri, new vscode.Range(0, 0, 0, 0), kind)).filter(isFixAll);
				assert.deepEqual(fixAll.map((a) => a.kind?.value), ['source.fixAll.iso27001'], kind);
			}
		});

		it('a save runs it only when source.fixAll.iso27001 is named in editor.codeActionsOnSave', async () => {
			const config = vscode.workspace.getConfiguration('editor', { languageId: 'typescript' });
			const doc = await vscode.workspace.openTextDocument(uri);
			await vscode.window.showTextDocument(doc);
			try {
				await config.update('codeActionsOnSave', { 'source.fixAll': 'explicit' }, vscode.ConfigurationTarget.Workspace);
				await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(9, 0), '\n'));
				assert.ok(await doc.save());
				assert.doesNotMatch(doc.getText(), /@iso27001/, 'the generic source.fixAll annotates nothing');
				await config.update('codeActionsOnSave', { 'source.fixAll.iso27001': 'explicit' }, vscode.ConfigurationTarget.Workspace);
				await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(10, 0), '\n'));
				assert.ok(await doc.save());
				assert.equal(doc.getText().match(/\/\/ @iso27001 A\.8\.24/g)?.length, 2, doc.getText());
			} finally {
				await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
			}
		});
	});
});
