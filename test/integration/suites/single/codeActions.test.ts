import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics, type Iso27001Api, revertAndCloseAll, setWorkspaceSetting } from '../editorApi';

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
	afterEach(revertAndCloseAll);

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
			const doc = await vscode.workspace.openTextDocument(uri);
			await vscode.window.showTextDocument(doc);
			try {
				await setWorkspaceSetting('editor', 'codeActionsOnSave', { 'source.fixAll': 'explicit' }, 'typescript');
				await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(9, 0), '\n'));
				assert.ok(await doc.save());
				assert.doesNotMatch(doc.getText(), /@iso27001/, 'the generic source.fixAll annotates nothing');
				await setWorkspaceSetting('editor', 'codeActionsOnSave', { 'source.fixAll.iso27001': 'explicit' }, 'typescript');
				await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(10, 0), '\n'));
				assert.ok(await doc.save());
				assert.equal(doc.getText().match(/\/\/ @iso27001 A\.8\.24/g)?.length, 2, doc.getText());
			} finally {
				await setWorkspaceSetting('editor', 'codeActionsOnSave', undefined, 'typescript');
			}
		});
	});

	it('a call inside another\'s arguments: both diagnostics cover it, each fix is offered once', async () => {
		const uri = fileUri('src/nested.ts');
		await createFile(uri, "import * as jwt from 'jsonwebtoken';\n\nexport function check(token: string): unknown {\n\treturn jwt.verify(token, process.env.JWT_KEY ?? '');\n}\n");
		try {
			await api.getScanResult();
			// jwt.verify(…) starts at column 9, process.env.JWT_KEY inside its arguments at column 27.
			const inner = ourDiagnostics(uri).find((d) => d.range.start.line === 3 && d.range.start.character === 26)!;
			assert.equal(ourDiagnostics(uri).filter((d) => d.range.contains(inner.range.start)).length, 2, 'the call covers its argument');
			const titles = (await actionsAt(uri, new vscode.Range(inner.range.start, inner.range.start))).map((a) => a.title).filter((t) => t.includes('@iso27001'));
			assert.deepEqual(titles.filter((t) => t.startsWith('Add @iso27001 A.5.17')), ['Add @iso27001 A.5.17 (Authentication information)']);
			assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
		} finally {
			await deleteFile(uri);
			await api.getScanResult();
		}
	});

	describe('annotation problems', () => {
		const uri = fileUri('src/problems.ts');
		before(async () => {
			await createFile(uri, '// @iso27001-ignore crypto\nexport const a = 1;\n\n// @iso27001 A.8.42 — card tokens encrypted at rest\nexport const b = 2;\n');
			const r = await api.getScanResult();
			assert.deepEqual(r.problems.filter((p) => p.file === 'src/problems.ts').map((p) => p.code).sort(), ['missing-ignore-reason', 'unknown-control']);
		});
		after(async () => {
			await deleteFile(uri);
			await api.getScanResult();
		});

		it('missing-ignore-reason: a fix puts the cursor where the reason goes', async () => {
			const d = ourDiagnostics(uri).find((x) => codeOf(x) === 'missing-ignore-reason')!;
			const fix = (await actionsAt(uri, d.range)).find((a) => a.title === 'Write the reason for this exception');
			assert.ok(fix?.edit && fix.command, 'the fix, with its edit and command');
			assert.ok(await vscode.workspace.applyEdit(fix.edit));
			await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
			const editor = vscode.window.activeTextEditor!;
			assert.equal(editor.document.lineAt(0).text, '// @iso27001-ignore crypto — ');
			assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [0, editor.document.lineAt(0).text.length]);
		});

		it('unknown-control: fixes offer the closest IDs, by number first', async () => {
			const d = ourDiagnostics(uri).find((x) => codeOf(x) === 'unknown-control')!;
			const fixes = (await actionsAt(uri, d.range)).filter((a) => a.title.startsWith('Change A.8.42 to '));
			assert.equal(fixes[0]?.title, 'Change A.8.42 to A.8.24 (Use of cryptography)', fixes.map((a) => a.title).join(' | '));
			assert.equal(fixes[0].isPreferred, true);
			assert.ok(await vscode.workspace.applyEdit(fixes[0].edit!));
			const doc = await vscode.workspace.openTextDocument(uri);
			assert.equal(doc.lineAt(3).text, '// @iso27001 A.8.24 — card tokens encrypted at rest');
			const r = await api.getScanResult();
			assert.deepEqual(r.problems.filter((p) => p.file === 'src/problems.ts' && p.code === 'unknown-control'), []);
		});
	});
});
