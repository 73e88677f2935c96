// The related information of unmapped-sensitive-code diagnostics: where each suggested control is
// annotated (own file first, current IDs before 2013 ones), never the finding itself, and kept
// current in files that did not change when an annotation elsewhere appears or goes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics, type Iso27001Api, revertAndCloseAll } from '../editorApi';

/** The unmapped-sensitive-code diagnostic of `rel` on 0-based `line`. */
function findingAt(rel: string, line: number): vscode.Diagnostic {
	const d = ourDiagnostics(fileUri(rel)).find((x) => codeOf(x) === 'unmapped-sensitive-code' && x.range.start.line === line);
	assert.ok(d, `an unmapped finding on ${rel}:${line + 1}`);
	return d;
}

/** Related rows as "control → file:line" (1-based), with the folder-relative file. */
function rows(d: vscode.Diagnostic): string[] {
	const root = vscode.workspace.workspaceFolders![0].uri.path;
	return (d.relatedInformation ?? []).map((r) => `${r.message.split(' ')[0]} → ${r.location.uri.path.slice(root.length + 1)}:${r.location.range.start.line + 1}`);
}

describe('related information of unmapped findings', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});
	afterEach(async () => {
		await revertAndCloseAll();
		await api.getScanResult();
	});

	it('points at the annotation of the finding\'s own file before one in another file', async () => {
		const r = await api.getScanResult();
		// The fixture annotates A.8.24 in session.ts (first in the folder) and in tokens.ts.
		assert.deepEqual(r.annotations.filter((a) => a.controls.includes('A.8.24')).map((a) => `${a.file}:${a.line}`), ['src/session.ts:8', 'src/tokens.ts:3']);
		const d = findingAt('src/tokens.ts', 11);
		assert.deepEqual(rows(d), ['A.8.24 → src/tokens.ts:3']);
		assert.match(d.relatedInformation![0].message, /annotated in this file/);
		// A file without its own: the folder's.
		assert.deepEqual(rows(findingAt('src/legacyDigest.go', 6)), ['A.8.24 → src/session.ts:8']);
	});

	it('lists only annotated controls, never the finding itself, and names the others in the message', async () => {
		const uri = fileUri('src/admin.ts');
		const we = new vscode.WorkspaceEdit();
		we.createFile(uri, { contents: Buffer.from("export function requireAdmin(user: { roles: string[] }): void {\n\tif (!user.roles.includes('admin')) {\n\t\tthrow new Error('admin only');\n\t}\n}\n") });
		assert.ok(await vscode.workspace.applyEdit(we));
		try {
			const r = await api.getScanResult();
			const f = r.findings.find((x) => x.file === 'src/admin.ts' && x.category === 'access-control');
			assert.ok(f && f.suggestedControls.length > 1, 'an access-control finding with several suggested controls');
			const d = findingAt('src/admin.ts', f.line - 1);
			for (const row of d.relatedInformation ?? []) {
				assert.notEqual(row.location.uri.toString(), uri.toString(), `"${row.message}" points back at the finding's file`);
			}
			const annotated = new Set(r.annotations.flatMap((a) => a.controls));
			const nowhere = f.suggestedControls.filter((c) => !annotated.has(c));
			assert.ok(nowhere.length > 0, 'the fixture leaves some suggested control unannotated');
			assert.deepEqual(rows(d).map((x) => x.split(' ')[0]), f.suggestedControls.filter((c) => annotated.has(c)));
			assert.ok(d.message.endsWith(`not annotated anywhere yet: ${nowhere.join(', ')}`), d.message);
			// A.8.3 is annotated only through the 2013 ID A.9.4.1 (session.ts:3): the row says so.
			const legacy = d.relatedInformation?.find((x) => x.message.startsWith('A.8.3 '));
			assert.match(legacy?.message ?? '', /annotated in another file \(written with a 2013 ID\)/);
		} finally {
			const del = new vscode.WorkspaceEdit();
			del.deleteFile(uri);
			await vscode.workspace.applyEdit(del);
		}
	});

	it('updates the diagnostics of files that did not change when a suggested control gets annotated elsewhere', async () => {
		const vault = 'src/vault.ts';
		const before = findingAt(vault, 3);
		assert.ok(before.message.includes('not annotated anywhere yet: A.5.17'), before.message);
		assert.ok(!rows(before).some((x) => x.startsWith('A.5.17')));
		// Annotate A.5.17 in another file, unsaved: vault.ts is not part of that change.
		const audit = await vscode.workspace.openTextDocument(fileUri('worker/audit.py'));
		const editor = await vscode.window.showTextDocument(audit);
		await editor.edit((b) => b.insert(new vscode.Position(6, 0), '# @iso27001 A.5.17 — refunds need a fresh login\n'));
		await api.getScanResult();
		const after = findingAt(vault, 3);
		assert.deepEqual(rows(after).filter((x) => x.startsWith('A.5.17')), ['A.5.17 → worker/audit.py:7']);
		assert.ok(!after.message.includes('not annotated anywhere yet'), after.message);
		// And back when it goes again.
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await api.getScanResult();
		assert.ok(findingAt(vault, 3).message.includes('not annotated anywhere yet: A.5.17'));
	});
});
