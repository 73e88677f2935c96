import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DIAGNOSTIC_CODES, readSettings, SECTION, SETTING_DEFAULTS } from '../../../../src/extension/settings';
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
});
