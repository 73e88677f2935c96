import type * as vscode from 'vscode';
import type { WorkspaceSettings } from '../core/config/workspace';
import type { FileTable } from '../core/live/fileTable';
import type { ConfigErrorInfo } from '../core/live/protocol';

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
	/** performance.now() when the first complete result arrived (0 before). */
	firstResultAt: number;
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
}
