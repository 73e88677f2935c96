/**
 * What `activate()` returns. The public API is SPEC's `getScanResult`; when the extension runs its
 * tests (`ExtensionMode.Test`: the integration tests and `npm run bench:editor`), the same object
 * also carries internal hooks under a symbol, which no other extension sees in normal use.
 */
import type * as vscode from 'vscode';
import type { ScanResult } from '../core/types';
import type { CoverageTree } from './coverageView';
import type { FindingsTree } from './findingsView';
import type { ListenerCount } from './listenerCount';
import type { Log } from './log';
import type { StatusBar } from './statusBar';
import type { WorkspaceIndex } from './workspaceIndex';

/** What `activate()` returns (SPEC "VS Code"). */
export interface Iso27001Api {
	/** The `iso27001 scan --format json` object for a folder (the first by default), after pending work. */
	getScanResult(folder?: vscode.Uri): Promise<ScanResult>;
}

/** The key of the test hooks on the API object (`Symbol.for`, so a separately bundled test finds it). */
export const TEST_HOOKS: unique symbol = Symbol.for('iso27001-annotations.testHooks');

/** Per folder, for benchmarks: milliseconds of worker time, and performance.now() instants. */
export interface FolderStats {
	readonly folder: string;
	/** The last full scan, the last exact and the last fast (edited declaration only) re-analysis. */
	readonly scanMillis: number;
	readonly updateMillis: number;
	readonly fastMillis: number;
	/** When the first complete result arrived (from the persistent cache, or else the first scan). */
	readonly firstResultAt: number;
	/** When the first scan's result arrived (with a cache: the verified result). */
	readonly scannedAt: number;
	/** Files read and analysed since the folder was opened (not those served from the cache). */
	readonly analysedFiles: number;
	/** Files the last full scan read and analysed (the others' results came from the cache). */
	readonly lastScanAnalysed: number;
}

/** Internal parts, for the integration tests and the editor benchmark only. */
export interface TestHooks {
	readonly coverage: CoverageTree;
	readonly findings: FindingsTree;
	readonly statusBar: StatusBar;
	readonly index: WorkspaceIndex;
	readonly log: Log;
	/** Subscriptions to the index's `onDidChange`. */
	readonly listeners: ListenerCount;
	/** The storage folder the persistent cache lives in (undefined without one). */
	readonly storage: string | undefined;
	/** How long `activate()` took, when it started, and per folder {@link FolderStats}. */
	stats(): { activationMillis: number; activatedAt: number; folders: FolderStats[] };
	/**
	 * Deactivates the extension as VS Code does: calls `deactivate()`, disposes every subscription,
	 * and resolves when the promise `deactivate()` returned does (the index's last cache writes done).
	 */
	dispose(): Promise<void>;
	/**
	 * Deactivates as {@link dispose} (waiting for it, as a reloaded window's extension host starts
	 * once the old one has exited), then activates again with the same context (same storage);
	 * returns the new API. Nothing is indexed until it returns.
	 */
	reactivate(): Promise<Iso27001Api>;
}

/** The API with its test hooks (test mode only). */
export type TestApi = Iso27001Api & { readonly [TEST_HOOKS]: TestHooks };

/** The test hooks of an API object; throws when the extension does not run in test mode. */
export function testHooks(api: Iso27001Api): TestHooks {
	const hooks = (api as Partial<TestApi>)[TEST_HOOKS];
	if (!hooks) {
		throw new Error('the extension exposes its test hooks only in test mode (ExtensionMode.Test)');
	}
	return hooks;
}
