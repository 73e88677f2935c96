import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_CODES, readSettings, SECTION, SETTING_DEFAULTS } from '../../../../src/extension/settings';
import { codeOf, editorApi, fileUri, ourDiagnostics, resultWhen } from '../editorApi';
import { EXTENSION_ID } from '../helpers';

describe('settings', () => {
	it('package.json declares exactly the typed settings, with the same defaults', () => {
		const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
			contributes: { configuration: { properties: Record<string, { default: unknown; properties?: Record<string, unknown> }> } };
		};
		const declared = pkg.contributes.configuration.properties;
		assert.deepEqual(Object.keys(declared).sort(), Object.keys(SETTING_DEFAULTS).map((k) => `${SECTION}.${k}`).sort());
		for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
			assert.deepEqual(declared[`${SECTION}.${key}`].default, value, key);
		}
		assert.deepEqual(Object.keys(declared[`${SECTION}.diagnostics.severity`].properties ?? {}).sort(), [...DIAGNOSTIC_CODES].sort());
	});

	it('reads what VS Code holds, falling back to the default for mistyped values', async () => {
		const config = vscode.workspace.getConfiguration(SECTION);
		await config.update('exclude', ['**/gen/**'], vscode.ConfigurationTarget.Workspace);
		await config.update('diagnostics.severity', { 'legacy-control': 'hint', 'no-such-code': 'error' }, vscode.ConfigurationTarget.Workspace);
		try {
			const s = readSettings();
			assert.deepEqual(s.exclude, ['**/gen/**']);
			assert.deepEqual(s['diagnostics.severity'], { 'legacy-control': 'hint' });
			assert.equal(s.enable, true);
		} finally {
			await config.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
			await config.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
		}
	});

	it('diagnostics.severity changes a code\'s severity or hides it', async () => {
		const api = await editorApi();
		await api.getScanResult();
		const uri = fileUri('src/session.ts');
		const legacy = () => ourDiagnostics(uri).filter((d) => codeOf(d) === 'legacy-control');
		assert.equal(legacy()[0].severity, vscode.DiagnosticSeverity.Warning);
		const config = vscode.workspace.getConfiguration(SECTION);
		try {
			await config.update('diagnostics.severity', { 'legacy-control': 'error' }, vscode.ConfigurationTarget.Workspace);
			assert.equal(legacy()[0].severity, vscode.DiagnosticSeverity.Error);
			await config.update('diagnostics.severity', { 'legacy-control': 'none' }, vscode.ConfigurationTarget.Workspace);
			assert.deepEqual(legacy(), []);
		} finally {
			await config.update('diagnostics.severity', undefined, vscode.ConfigurationTarget.Workspace);
		}
		assert.equal(legacy().length, 1);
	});

	it('respects files.exclude (and iso27001.exclude) with a rescan', async () => {
		const api = await editorApi();
		const files = vscode.workspace.getConfiguration('files');
		try {
			await files.update('exclude', { '**/worker/**': true }, vscode.ConfigurationTarget.Workspace);
			const r = await resultWhen(api, (x) => !x.annotations.some((a) => a.file.startsWith('worker/')), 'worker/ excluded');
			assert.ok(r.annotations.some((a) => a.file.startsWith('src/')));
			await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
			await resultWhen(api, (x) => x.annotations.some((a) => a.file.startsWith('worker/')), 'worker/ back');
			await vscode.workspace.getConfiguration(SECTION).update('exclude', ['src/**'], vscode.ConfigurationTarget.Workspace);
			await resultWhen(api, (x) => !x.annotations.some((a) => a.file.startsWith('src/')), 'src/ excluded by iso27001.exclude');
		} finally {
			await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
			await vscode.workspace.getConfiguration(SECTION).update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
		}
		await resultWhen(api, (x) => x.annotations.some((a) => a.file.startsWith('src/')), 'src/ back');
	});
});
