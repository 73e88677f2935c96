import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { WorkspaceSettings } from '../core/config/workspace';
import { FileTable } from '../core/live/fileTable';
import type { ConfigErrorInfo, WorkerMessage } from '../core/live/protocol';

/** One workspace folder as the editor sees it: the mirror of the worker's index for that folder. */
export interface FolderState {
	readonly folder: vscode.WorkspaceFolder;
	readonly table: FileTable;
	/** Settings of the last successful scan; undefined before it. */
	settings: WorkspaceSettings | undefined;
	/** Set while `.iso27001.yaml` or the catalog is invalid. */
	configError: ConfigErrorInfo | undefined;
	scanning: boolean;
	/** False when the last scan was cancelled: the content is partial. */
	complete: boolean;
	/** Milliseconds of the last full scan and of the last incremental update (worker time). */
	lastScanMillis: number;
	lastUpdateMillis: number;
	/** Milliseconds of the last fast (edited declaration only) re-analysis of a buffer. */
	lastFastMillis: number;
	/** performance.now() when the first complete result arrived, from the persistent cache or a scan (0 before). */
	firstResultAt: number;
	/** performance.now() when the first scan's result arrived (0 before). */
	scannedAt: number;
	/** Files the index read and analysed for this folder since it was opened (those served from the cache do not count). */
	analysedFiles: number;
	/** Files the last full scan read and analysed (the others' results came from the cache). */
	lastScanAnalysed: number;
}

/** The state of a folder just opened, before any result. */
export function newFolderState(folder: vscode.WorkspaceFolder): FolderState {
	return {
		folder, table: new FileTable(), settings: undefined, configError: undefined, scanning: true, complete: false,
		lastScanMillis: 0, lastUpdateMillis: 0, lastFastMillis: 0, firstResultAt: 0, scannedAt: 0, analysedFiles: 0, lastScanAnalysed: 0,
	};
}

/**
 * A full scan's result replaces the folder's content. A provisional one (the last session's results
 * from the persistent cache) leaves the folder scanning: the scan that verifies it follows.
 */
export function applySnapshot(state: FolderState, m: Extract<WorkerMessage, { type: 'snapshot' }>): void {
	state.table.reset(m.entries, m.baseProblems);
	state.table.fileCount = m.files;
	state.settings = m.settings;
	state.configError = undefined;
	state.complete = m.complete;
	state.scanning = m.provisional;
	state.analysedFiles += m.analysed;
	const now = performance.now();
	if (state.firstResultAt === 0 && m.complete) {
		state.firstResultAt = now;
	}
	if (!m.provisional) {
		state.lastScanMillis = m.millis;
		state.lastScanAnalysed = m.analysed;
		state.scannedAt ||= now;
	}
}

/** Applies a delta; returns the files whose state changed: its own, and the callers of own functions it changed. */
export function applyDelta(state: FolderState, m: Extract<WorkerMessage, { type: 'delta' }>): string[] {
	const changed = new Set<string>();
	for (const e of m.entries) {
		changed.add(e.path);
		for (const p of state.table.apply(e)) {
			changed.add(p);
		}
	}
	state.table.fileCount = m.files;
	state.analysedFiles += m.analysed;
	if (m.pass === 'fast') {
		state.lastFastMillis = m.millis;
	} else {
		state.lastUpdateMillis = m.millis;
	}
	return [...changed];
}

/** What changed: a folder, and the files whose state changed (undefined: all of them). */
export interface IndexChange {
	readonly folder: FolderState;
	readonly files: readonly string[] | undefined;
}

/** Where the bundle's assets are. */
export interface Assets {
	readonly dist: string;
	readonly controlsDir: string;
	readonly version: string;
	/** The extension's storage folder for this workspace (the persistent cache goes there), if any. */
	readonly storage: string | undefined;
}

/**
 * Where a folder's persistent cache lives: a folder per workspace folder (named by a hash of its URI,
 * as a multi-root workspace shares one storage folder) under the extension's storage.
 */
export function folderCacheLocation(storage: string, folder: vscode.Uri): string {
	return path.join(storage, 'cache', createHash('sha256').update(folder.toString()).digest('hex').slice(0, 16));
}
