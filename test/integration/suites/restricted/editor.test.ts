import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, editorApi, fileUri, ourDiagnostics } from '../editorApi';

describe('restricted mode: workspace custom rules off, the rest on', () => {
	it('does not run the workspace\'s custom rules', async () => {
		assert.equal(vscode.workspace.isTrusted, false);
		const api = await editorApi();
		const r = await api.getScanResult();
		assert.deepEqual(r.findings.filter((f) => f.rule === 'vault-read'), [], 'the vault-read rule of .iso27001.yaml is not run');
		// Built-in detection, annotations and coverage still work.
		assert.ok(r.findings.some((f) => f.file === 'src/tokens.ts' && f.api === 'crypto.createHash' && !f.mapped));
		assert.ok(r.annotations.length >= 4);
		assert.equal(r.coverage.controls.find((c) => c.id === 'A.7.4')?.status, 'excluded');
		assert.ok(ourDiagnostics(fileUri('src/tokens.ts')).some((d) => codeOf(d) === 'unmapped-sensitive-code'));
	});
});
