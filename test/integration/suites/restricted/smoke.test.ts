import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../helpers';

describe('restricted mode: smoke', () => {
	it('leaves the workspace untrusted', () => {
		assert.equal(vscode.workspace.workspaceFolders?.[0]?.name, 'single');
		assert.equal(vscode.workspace.isTrusted, false);
	});

	it('still loads the extension under development (it must honour workspace.isTrusted itself)', () => {
		// VS Code does not disable an extension loaded from extensionDevelopmentPath in restricted mode,
		// whatever its capabilities.untrustedWorkspaces says.
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is loaded`);
	});
});
