// Calls of the application's own security functions: a call in one file is a finding while another file
// defines the function it reaches, and its diagnostic follows edits of that other file alone.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics, revertAndCloseAll, type Iso27001Api } from '../editorApi';

const STORE = "const crypto = require('node:crypto');\nexports.sealPayloadDigest = function sealPayloadDigest(payload) {\n"
	+ "  return crypto.createHash('sha256').update(payload).digest('hex');\n};\n";
const ROUTE = "const store = require('./sealStore');\nexports.approve = function approve(req) {\n  return store.sealPayloadDigest(req.body);\n};\n";

/** The unmapped-code diagnostics of `rel` on 0-based `line`. */
function findingsAt(rel: string, line: number): vscode.Diagnostic[] {
	return ourDiagnostics(fileUri(rel)).filter((d) => codeOf(d) === 'unmapped-sensitive-code' && d.range.start.line === line);
}

describe('calls of the application\'s own functions', () => {
	let api: Iso27001Api;
	const files = ['src/sealStore.js', 'src/sealRoute.js'];
	before(async () => {
		api = await editorApi();
		const we = new vscode.WorkspaceEdit();
		we.createFile(fileUri(files[0]), { contents: Buffer.from(STORE) });
		we.createFile(fileUri(files[1]), { contents: Buffer.from(ROUTE) });
		assert.ok(await vscode.workspace.applyEdit(we));
		await api.getScanResult();
	});
	after(async () => {
		await revertAndCloseAll();
		const we = new vscode.WorkspaceEdit();
		for (const f of files) {
			we.deleteFile(fileUri(f), { ignoreIfNotExists: true });
		}
		await vscode.workspace.applyEdit(we);
		await api.getScanResult();
	});

	it('reports the call while the other file defines the function, and follows that file\'s edits', async () => {
		const r = await api.getScanResult();
		const f = r.findings.find((x) => x.file === 'src/sealRoute.js' && x.rule === 'app.crypto.own-function-call');
		assert.ok(f, 'the call of sealPayloadDigest is a finding');
		assert.match(f.message, /defined in src\/sealStore\.js/);
		assert.equal(findingsAt(files[1], 2).length, 1, 'and a diagnostic');
		// Rename the definition in an unsaved buffer: the caller's file did not change, its diagnostic goes.
		const doc = await vscode.workspace.openTextDocument(fileUri(files[0]));
		const editor = await vscode.window.showTextDocument(doc);
		await editor.edit((b) => b.replace(doc.lineAt(1).range, 'exports.seal = function seal(payload) {'));
		const renamed = await api.getScanResult();
		assert.equal(renamed.findings.filter((x) => x.file === 'src/sealRoute.js').length, 0);
		assert.equal(findingsAt(files[1], 2).length, 0, 'the caller\'s diagnostic went with the definition');
		await vscode.commands.executeCommand('workbench.action.files.revert');
		await api.getScanResult();
		assert.equal(findingsAt(files[1], 2).length, 1, 'and came back with it');
	});
});
