/**
 * Folder listings kept between walks (the persistent cache's, `--cache`): what one folder gave a walk
 * (the files it listed and the subfolders it entered), trusted on the next walk with the same options
 * while the folder's modification time, change time and inode are unchanged, so the folder is not read
 * again. A folder holding a symbolic link is never kept (a link's target can change without its folder
 * changing); a `.gitignore` is read on every walk and the texts of every `.gitignore` that applied are
 * part of a listing's identity, so an edited one sends the folders below it back to the disk.
 */
import { createHash } from 'node:crypto';

/** One folder's share of a walk, as kept between walks. */
export interface FolderListing {
	readonly mtimeMs: number;
	readonly ctimeMs: number;
	readonly ino: number;
	/** Digest of the `.gitignore` texts that applied to the folder's entries (its own included); '' for none. */
	readonly ignores: string;
	/** The folder holds a `.gitignore` (read again on each walk: its text may change without the folder changing). */
	readonly gitignore: boolean;
	/** Paths (relative to the root, as the walk lists them) of the files it listed. */
	readonly files: readonly string[];
	/** Names of the subfolders the walk enters (globs and `.gitignore` passed), in the order the walk takes them. */
	readonly dirs: readonly string[];
}

/** Where a walk finds the listings of the last walk and leaves its own (implemented by the persistent cache). */
export interface ListingStore {
	/** The listings the last walk left under the same `key` (the walk's options), by folder relative to the root ('' the root). */
	previous(key: string): ReadonlyMap<string, FolderListing>;
	/** The listings of a whole walk under `key`, replacing the last ones (folders changed too recently are left out). */
	record(key: string, listings: ReadonlyMap<string, FolderListing>): void;
}

/**
 * Folders modified this recently are not kept: a file system's clock ticks coarsely, so an entry
 * added in the same tick, after the folder was read, would leave its time as it was (the same
 * window as the file cache's).
 */
export const RECENT_MS = 2000;

/** The digest of the `.gitignore` texts that apply below `base` once its own `text` is added to `outer`'s. */
export function ignoreDigest(outer: string, base: string, text: string): string {
	return createHash('sha1').update(outer).update('\0').update(base).update('\0').update(text).digest('base64').slice(0, 16);
}

/** Whether a folder's listing can be kept: modified before the window in which a change may not show in its time. */
export function settled(mtimeMs: number, now: number): boolean {
	return mtimeMs < now - RECENT_MS;
}
