import * as path from 'node:path';
import * as vscode from 'vscode';
import { toScanJson } from '../core/scan/json';
import type { ScanResult } from '../core/types';
import { TEST_HOOKS, type Iso27001Api, type TestApi, type TestHooks } from './api';
import { QuickFixes } from './codeActions';
import { registerCommands } from './commands';
import { registerCompletion } from './completion';
import { CoverageTree } from './coverageView';
import { Diagnostics } from './diagnostics';
import { FindingsTree } from './findingsView';
import { registerHover } from './hover';
import { ListenerCount } from './listenerCount';
import { Log } from './log';
import { StatusBar } from './statusBar';
import { TypingLine } from './typingLine';
import { WorkspaceIndex } from './workspaceIndex';

export type { Iso27001Api } from './api';

/**
 * The indexes of disposed (or soon disposed) activations whose last cache writes may still run:
 * VS Code calls deactivate(), then disposes the subscriptions, which starts those writes, and waits
 * a few seconds for the promise deactivate() returned before the extension host exits.
 */
const stopping = new Set<Promise<void>>();

/**
 * Composition root. No file I/O here: the index starts its worker once activation has returned,
 * and every part is a disposable registered on the context.
 */
export function activate(context: vscode.ExtensionContext): Iso27001Api {
	const activationStart = performance.now();
	const pkg = context.extension.packageJSON as { version: string; homepage: string };
	const testing = context.extensionMode === vscode.ExtensionMode.Test;
	const listeners = testing ? new ListenerCount() : undefined;
	const log = new Log();
	const storage = (context.storageUri ?? context.globalStorageUri)?.fsPath;
	const index = new WorkspaceIndex({
		dist: path.join(context.extensionPath, 'dist'), controlsDir: path.join(context.extensionPath, 'controls'), version: pkg.version, storage,
	}, () => vscode.workspace.isTrusted, log, listeners);
	const coverage = new CoverageTree(index, vscode.Uri.joinPath(context.extensionUri, 'media'));
	const findings = new FindingsTree(index);
	const statusBar = new StatusBar(index);
	const typing = new TypingLine();
	context.subscriptions.push(
		log, index, coverage, findings, coverage.attach(), findings.attach(),
		typing,
		new Diagnostics(index, `${pkg.homepage}/blob/main/docs/rules.md`, typing),
		statusBar,
		vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new QuickFixes(index), QuickFixes.metadata),
		registerCommands(index, coverage, pkg.version, log, context.workspaceState),
		registerCompletion(index),
		registerHover(index),
	);
	stopping.add(index.stopped);
	void index.stopped.then(() => stopping.delete(index.stopped));
	const timer = setTimeout(() => index.start(), 0);
	const activationMillis = performance.now() - activationStart;
	context.subscriptions.push({ dispose: () => clearTimeout(timer) });
	const api: Iso27001Api = { getScanResult: (folder) => scanResult(index, folder) };
	if (!listeners) {
		return api;
	}
	// As VS Code deactivates an extension: deactivate(), then the subscriptions disposed, then deactivate()'s promise awaited.
	const dispose = (): Promise<void> => {
		const deactivated = deactivate();
		for (const d of context.subscriptions.splice(0)) {
			d.dispose();
		}
		return deactivated;
	};
	const hooks: TestHooks = {
		coverage, findings, statusBar, index, log, listeners, storage, dispose,
		reactivate: async () => {
			await dispose();
			return activate(context);
		},
		stats: () => ({
			activationMillis, activatedAt: activationStart,
			folders: index.folders().map((s) => ({
				folder: s.folder.uri.toString(), scanMillis: s.lastScanMillis, updateMillis: s.lastUpdateMillis, fastMillis: s.lastFastMillis,
				firstResultAt: s.firstResultAt, scannedAt: s.scannedAt, analysedFiles: s.analysedFiles, lastScanAnalysed: s.lastScanAnalysed,
			})),
		}),
	};
	const withHooks: TestApi = { ...api, [TEST_HOOKS]: hooks };
	return withHooks;
}

/** SPEC's `getScanResult`: the folder's result (the first folder's by default) once pending work is done. */
async function scanResult(index: WorkspaceIndex, folder?: vscode.Uri): Promise<ScanResult> {
	await index.whenIdle();
	const states = index.folders();
	const state = folder ? states.find((s) => s.folder.uri.toString() === folder.toString()) : states[0];
	if (!state) {
		throw new Error(folder ? `not an indexed workspace folder: ${folder.toString()}` : 'no workspace folder is indexed');
	}
	const outcome = index.result(state);
	if (!outcome) {
		const e = state.configError;
		throw new Error(e ? `${e.file}:${e.line}:${e.column}: ${e.message}` : `${state.folder.name} is not indexed`);
	}
	return toScanJson(outcome.result);
}

/** Resolves once the last cache writes of the disposed activations are done (or given up: see `stopIndexWorker`). */
export async function deactivate(): Promise<void> {
	await Promise.all(stopping);
}
