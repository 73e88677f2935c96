/**
 * Messages between the extension host and the index worker (`indexWorker.ts`). Plain data only.
 * Every host message but `cancel` carries a sequence number; the worker answers `done` with it
 * once the message is handled, which is how the host knows when pending work is over.
 */
import type { WorkspaceSettings } from '../config/workspace';
import type { Problem } from '../types';
import type { FileEntry } from './fileTable';
import type { FileChange, FolderIndexOptions } from './folderIndex';

export type HostMessage =
	/** `restore`: show the folder's results from the persistent cache before the first scan (the host has none yet). */
	| { readonly type: 'open'; readonly folder: string; readonly options: FolderIndexOptions; readonly restore: boolean; readonly seq: number }
	/** `fresh`: analyse every file, none served from the persistent cache (the Rescan command). */
	| { readonly type: 'rescan'; readonly folder: string; readonly fresh?: boolean; readonly seq: number }
	| { readonly type: 'changes'; readonly folder: string; readonly changes: readonly FileChange[]; readonly seq: number }
	| { readonly type: 'close'; readonly folder: string; readonly seq: number }
	/** Stops the folder's running scan now (the progress notification's Cancel). */
	| { readonly type: 'cancel'; readonly folder: string };

/** Where the configuration is wrong, as the CLI would print it. */
export interface ConfigErrorInfo {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly message: string;
}

export type WorkerMessage =
	| { readonly type: 'scanning'; readonly folder: string }
	| { readonly type: 'progress'; readonly folder: string; readonly done: number; readonly total: number }
	/**
	 * A full scan's result. `provisional`: the last session's results from the persistent cache,
	 * shown before the scan that verifies them (its own snapshot follows). `analysed`: files read
	 * and analysed for it (the others' results came from the cache).
	 */
	| {
		readonly type: 'snapshot'; readonly folder: string; readonly settings: WorkspaceSettings; readonly files: number;
		readonly entries: readonly FileEntry[]; readonly baseProblems: readonly Problem[]; readonly complete: boolean; readonly millis: number;
		readonly analysed: number; readonly provisional: boolean;
	}
	/**
	 * Files re-analysed. `fast`: only the edited declaration of a buffer was (see regionAnalysis.ts);
	 * a `full` delta for the same files follows once no other change waits.
	 */
	| {
		readonly type: 'delta'; readonly folder: string; readonly files: number; readonly entries: readonly FileEntry[]; readonly millis: number;
		readonly pass: 'fast' | 'full'; readonly analysed: number;
	}
	/** Something that did not stop the index went wrong (the persistent cache could not be read or written). */
	| { readonly type: 'warning'; readonly folder: string; readonly message: string }
	/** The persistent cache was written: `entries` files, in `millis`. */
	| { readonly type: 'cacheSaved'; readonly folder: string; readonly entries: number; readonly millis: number }
	/** The configuration or catalog is invalid: the folder keeps its previous content. */
	| { readonly type: 'configError'; readonly folder: string; readonly error: ConfigErrorInfo }
	| { readonly type: 'failed'; readonly folder: string; readonly message: string }
	| { readonly type: 'done'; readonly folder: string; readonly seq: number };
