// The extension's API as the editor suites use it: SPEC's getScanResult, and the internal hooks the
// extension adds in test mode (testHooks(api)).
import * as vscode from 'vscode';
import type { ScanResult } from '../../../src/core/types';
import { testHooks, type Iso27001Api } from '../../../src/extension/api';
import { EXTENSION_ID } from './helpers';

export { testHooks, type Iso27001Api };

export async function editorApi(): Promise<Iso27001Api> {
	const extension = vscode.extensions.getExtension<Iso27001Api>(EXTENSION_ID);
	if (!extension) {
		throw new Error(`${EXTENSION_ID} is not loaded`);
	}
	// A code action request is cancelled when another provider registers meanwhile, as the built-in
	// TypeScript extension does when the first .ts file opens: let it register first.
	await vscode.extensions.getExtension('vscode.typescript-language-features')?.activate();
	return extension.activate();
}

/** The workspace folder's URI joined with a relative path. */
export function fileUri(rel: string, folder = 0): vscode.Uri {
	return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![folder].uri, rel);
}

/**
 * Calls getScanResult() until `done` holds, for changes made behind VS Code's back (plain disk
 * writes), which reach the extension only through the file watcher, some milliseconds later.
 * Each call waits for the index to be idle; no sleeping.
 */
export async function resultWhen(api: Iso27001Api, done: (r: ScanResult) => boolean, what: string, limitMs = 15000): Promise<ScanResult> {
	const start = Date.now();
	for (;;) {
		const r = await api.getScanResult();
		if (done(r)) {
			return r;
		}
		if (Date.now() - start > limitMs) {
			throw new Error(`timed out waiting for: ${what}`);
		}
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/**
 * Sets a workspace setting and waits until the extension host sees it. `update` resolves once the
 * settings file is written; the workbench (whose save participants read the setting) has it when
 * the extension host has been told, which can come a moment later on a busy machine.
 */
export async function setWorkspaceSetting(section: string, key: string, value: unknown, languageId?: string): Promise<void> {
	const read = (): unknown => vscode.workspace.getConfiguration(section, languageId === undefined ? undefined : { languageId }).inspect(key)?.workspaceValue;
	await vscode.workspace.getConfiguration(section, languageId === undefined ? undefined : { languageId }).update(key, value, vscode.ConfigurationTarget.Workspace);
	const start = Date.now();
	while (JSON.stringify(read()) !== JSON.stringify(value)) {
		if (Date.now() - start > 15000) {
			throw new Error(`timed out waiting for ${section}.${key} to be ${JSON.stringify(value)}`);
		}
		await new Promise<void>((resolve) => {
			const sub = vscode.workspace.onDidChangeConfiguration(() => {
				sub.dispose();
				resolve();
			});
			setTimeout(() => {
				sub.dispose();
				resolve();
			}, 50);
		});
	}
}

/** Our diagnostics of a file, as [code, 1-based line] pairs. */
export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'iso27001');
}

export function codeOf(d: vscode.Diagnostic): string {
	return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Reverts every unsaved document and closes the editors: what each test changed in the buffers is undone. */
export async function revertAndCloseAll(): Promise<void> {
	for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
		await vscode.window.showTextDocument(doc);
		await vscode.commands.executeCommand('workbench.action.files.revert');
	}
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
