import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../helpers';

describe('single folder: smoke', () => {
	it('opens the fixture folder, trusted', () => {
		assert.equal(vscode.workspace.workspaceFolders?.length, 1);
		assert.equal(vscode.workspace.workspaceFolders[0].name, 'single');
		assert.equal(vscode.workspace.isTrusted, true);
	});

	it('activates and scans the fixture through the API', async () => {
		const { extension, api } = await activateExtension();
		assert.equal(extension.isActive, true);
		const result = await api.getScanResult();
		assert.equal(result.catalog.id, 'iso27001-2022');
		assert.deepEqual(
			result.annotations.map((a) => `${a.file}:${a.line} ${a.controls.join(',')}`).sort(),
			['src/session.ts:3 A.8.3', 'src/session.ts:8 A.8.5,A.8.24', 'src/tokens.ts:3 A.8.24', 'worker/audit.py:7 A.8.15'],
		);
		const md5 = result.findings.find((f) => f.file === 'src/tokens.ts' && f.api === 'crypto.createHash');
		assert.ok(md5, 'a finding for crypto.createHash(\'md5\')');
		assert.equal(md5.line, 12);
		assert.equal(md5.category, 'crypto');
		assert.equal(md5.mapped, false);
		const legacy = result.problems.filter((p) => p.code === 'legacy-control');
		assert.deepEqual(legacy.map((p) => `${p.file}:${p.line}`), ['src/session.ts:3']);
		assert.match(legacy[0].message, /A\.9\.4\.1.*A\.8\.3/);
		assert.equal(result.coverage.controls.find((c) => c.id === 'A.7.4')?.status, 'excluded');
	});
});
