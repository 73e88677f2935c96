/**
 * The walk's folder listings in the cache file: one row a folder, its files given by their index in
 * the entries' sorted paths (a file without an entry, one that could not be read, by its name). So a
 * cached file's path is one string, shared by its entry and its folder's listing: the walk lists the
 * entry's own string and the lookup finds it at its index without comparing characters.
 */
import type { FolderListing } from '../files/listings';

/** The rows of the listings: [folder, mtime, ctime, inode, ignores digest, has .gitignore, files, subfolders]. */
export function listingRows(listings: ReadonlyMap<string, FolderListing>, paths: readonly string[]): unknown[][] {
	const index = new Map<string, number>();
	for (let i = 0; i < paths.length; i++) {
		index.set(paths[i], i);
	}
	return [...listings].map(([rel, f]) => {
		const skip = rel === '' ? 0 : rel.length + 1;
		const files = f.files.map((p) => index.get(p) ?? p.slice(skip));
		return [rel, f.mtimeMs, f.ctimeMs, f.ino, f.ignores, f.gitignore ? 1 : 0, files, f.dirs];
	});
}

/** The folder listings of a parsed body, or undefined when one is malformed. */
export function parseListings(rows: unknown, paths: readonly string[]): Map<string, FolderListing> | undefined {
	if (!Array.isArray(rows)) {
		return undefined;
	}
	const listings = new Map<string, FolderListing>();
	for (let i = 0; i < rows.length; i++) {
		const row = rows[i] as unknown;
		if (!Array.isArray(row) || row.length !== 8) {
			return undefined;
		}
		const rel = row[0] as unknown;
		const mtimeMs = row[1] as unknown;
		const ctimeMs = row[2] as unknown;
		const ino = row[3] as unknown;
		const ignores = row[4] as unknown;
		const dirs = row[7] as unknown;
		if (typeof rel !== 'string' || listings.has(rel) || !isTime(mtimeMs) || !isTime(ctimeMs) || !isCount(ino) || typeof ignores !== 'string'
			|| (row[5] !== 0 && row[5] !== 1) || !isNameList(dirs)) {
			return undefined;
		}
		const files = filePaths(row[6], rel === '' ? '' : `${rel}/`, paths);
		if (files === undefined) {
			return undefined;
		}
		listings.set(rel, { mtimeMs, ctimeMs, ino, ignores, gitignore: row[5] === 1, files, dirs });
	}
	return listings;
}

/** The paths of a listing's files (entry indices or names) in folder `prefix`, or undefined when one is malformed. */
function filePaths(list: unknown, prefix: string, paths: readonly string[]): string[] | undefined {
	if (!Array.isArray(list)) {
		return undefined;
	}
	const files: string[] = [];
	for (let i = 0; i < list.length; i++) {
		const item = list[i] as unknown;
		if (typeof item === 'string') {
			if (!isName(item)) {
				return undefined;
			}
			files.push(prefix + item);
			continue;
		}
		// An entry's path (an index that is not one gives undefined), in this folder and not below it.
		const p = typeof item === 'number' ? paths[item] as string | undefined : undefined;
		if (p === undefined || !inFolder(p, prefix)) {
			return undefined;
		}
		files.push(p);
	}
	return files;
}

/** Whether `p` names an entry of folder `prefix` (its name cut out only when it may be `.` or `..`). */
function inFolder(p: string, prefix: string): boolean {
	const length = p.length - prefix.length;
	return length > 0 && p.startsWith(prefix) && p.indexOf('/', prefix.length) < 0 && (length > 2 || isName(p.slice(prefix.length)));
}

function isTime(n: unknown): n is number {
	return typeof n === 'number' && Number.isFinite(n);
}

export function isCount(n: unknown): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** A folder entry's name: not empty, no separator, not `.` or `..`. */
function isName(name: unknown): boolean {
	return typeof name === 'string' && name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

function isNameList(list: unknown): list is string[] {
	return Array.isArray(list) && list.every(isName);
}
