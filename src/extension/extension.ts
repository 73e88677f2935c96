import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanWorkspace } from '../core/scan/scan';
import { toScanJson } from '../core/scan/json';
import type { ScanResult } from '../core/types';

/** The API `activate()` returns (SPEC "VS Code"). */
export interface Iso27001Api {
	getScanResult(): Promise<ScanResult>;
}

// Placeholder composition root: replaced by the workspace index.
export function activate(context: vscode.ExtensionContext): Iso27001Api {
	const dist = path.join(context.extensionPath, 'dist');
	return {
		async getScanResult() {
			const folder = vscode.workspace.workspaceFolders?.[0];
			if (!folder) {
				throw new Error('no workspace folder');
			}
			const outcome = await scanWorkspace({
				root: folder.uri.fsPath, controlsDir: path.join(context.extensionPath, 'controls'),
				wasmDir: path.join(dist, 'wasm'), workerScript: path.join(dist, 'worker.js'),
				tool: { name: 'iso27001-annotations', version: (context.extension.packageJSON as { version: string }).version },
			});
			return toScanJson(outcome.result);
		},
	};
}

export function deactivate(): void {}
