// Shared by the integration suites: the extension under test and its API.
import * as vscode from 'vscode';
import type { ScanResult } from '../../../src/core/types';

export const EXTENSION_ID = 'iso27001-annotations.iso27001-annotations';

/** The part of the API (SPEC "VS Code") these tests use. */
export interface Iso27001Api {
	getScanResult(): Promise<ScanResult>;
}

/** The extension, activated, and the API its activate() returned. */
export async function activateExtension(): Promise<{ extension: vscode.Extension<Iso27001Api>; api: Iso27001Api }> {
	const extension = vscode.extensions.getExtension<Iso27001Api>(EXTENSION_ID);
	if (!extension) {
		throw new Error(`extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath should be the repository root)`);
	}
	const api = await extension.activate();
	return { extension, api };
}
