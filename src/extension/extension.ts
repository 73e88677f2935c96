import * as path from 'node:path';
import * as vscode from 'vscode';
import { toScanJson } from '../core/scan/json';
import type { ScanResult } from '../core/types';
import { QuickFixes } from './codeActions';
import { registerCommands } from './commands';
import { registerCompletion } from './completion';
import { CoverageTree } from './coverageView';
import { Diagnostics } from './diagnostics';
import { FindingsTree } from './findingsView';
import { registerHover } from './hover';
import { Log } from './log';
import { StatusBar } from './statusBar';
import { TypingLine } from './typingLine';
import { WorkspaceIndex } from './workspaceIndex';

/** What `activate()` returns (SPEC "VS Code"). */
export interface Iso27001Api {
	/** The `iso27001 scan --format json` object for a folder (the first by default), after pending work. */
	getScanResult(folder?: vscode.Uri): Promise<ScanResult>;
	/**
	 * For benchmarks: how long `activate()` took, and per folder the worker milliseconds of the last
	 * full scan, of the last exact and the last fast (edited declaration only) re-analysis, and when
	 * (performance.now()) its first complete result arrived.
	 */
	stats(): { activationMillis: number; activatedAt: number; folders: { folder: string; scanMillis: number; updateMillis: number; fastMillis: number; firstResultAt: number }[] };
	/** For the integration tests: the parts behind the views, and a way to dispose everything. */
	readonly testing: {
		readonly coverage: CoverageTree;
		readonly findings: FindingsTree;
		readonly statusBar: StatusBar;
		readonly index: WorkspaceIndex;
		readonly log: Log;
		/** Disposes every subscription of the extension, as VS Code does on deactivation. */
		dispose(): void;
	};
}

/**
 * Composition root. No file I/O here: the index starts its worker once activation has returned,
 * and every part is a disposable registered on the context.
 */
export function activate(context: vscode.ExtensionContext): Iso27001Api {
	const activationStart = performance.now();
	const pkg = context.extension.packageJSON as { version: string; homepage: string };
	const log = new Log();
	const index = new WorkspaceIndex({
		dist: path.join(context.extensionPath, 'dist'), controlsDir: path.join(context.extensionPath, 'controls'), version: pkg.version,
	}, () => vscode.workspace.isTrusted, log);
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
	const timer = setTimeout(() => index.start(), 0);
	const activationMillis = performance.now() - activationStart;
	context.subscriptions.push({ dispose: () => clearTimeout(timer) });
	return {
		async getScanResult(folder?: vscode.Uri): Promise<ScanResult> {
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
		},
		testing: {
			coverage, findings, statusBar, index, log,
			dispose: () => {
				for (const d of context.subscriptions.splice(0)) {
					d.dispose();
				}
			},
		},
		stats: () => ({
			activationMillis, activatedAt: activationStart,
			folders: index.folders().map((s) => ({ folder: s.folder.uri.toString(), scanMillis: s.lastScanMillis, updateMillis: s.lastUpdateMillis, fastMillis: s.lastFastMillis, firstResultAt: s.firstResultAt })),
		}),
	};
}

export function deactivate(): void {}
