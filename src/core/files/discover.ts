import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { Minimatch } from 'minimatch';
import type { Problem } from '../types';
import { ignoreDigest, settled, type FolderListing, type ListingStore } from './listings';

/** A file to scan, as found on disk. */
export interface DiscoveredFile {
	/** Relative to the root, `/` separators. */
	readonly path: string;
}

/** What to walk and what to leave out. */
export interface DiscoverOptions {
	readonly include: readonly string[];
	readonly exclude: readonly string[];
	readonly gitignore: boolean;
	/** Called per relative path; files it returns false for are not listed (e.g. unknown languages). */
	readonly accept?: (relPath: string) => boolean;
	/**
	 * True for a path whose file `accept` judges by its content (a script named without an extension, by
	 * its `#!` line): an edit in place leaves its folder's time alone, so a folder holding one is not kept.
	 */
	readonly acceptReadsContent?: (relPath: string) => boolean;
	/** Extra glob patterns from the editor (`files.exclude`). */
	readonly extraExclude?: readonly string[];
	readonly signal?: AbortSignal;
	/** Called with the running count each time a file is listed. */
	readonly onFound?: (count: number) => void;
	/**
	 * Folder listings kept between walks: a folder unchanged since the last walk with the same options
	 * is not read. Its entries must be dropped whenever `accept` decides otherwise (the persistent cache
	 * is keyed by the build).
	 */
	readonly listings?: ListingStore;
}

export interface DiscoverResult {
	readonly files: DiscoveredFile[];
	/** `file-error` problems: unreadable folders, symlink loops. */
	readonly problems: Problem[];
	/** Folders listed from `listings` instead of read. */
	readonly cachedFolders: number;
}

interface Frame {
	readonly dir: string;
	readonly rel: string;
	/** The folder's real path (symbolic links resolved), for loop detection. */
	readonly real: string;
	/** .gitignore matchers of this folder and its parents, each with the folder it applies to. */
	readonly ignores: readonly { readonly base: string; readonly ig: Ignore }[];
	/** Digest of the texts of `ignores` ('' for none): a kept listing holds only under the same. */
	readonly stamp: string;
}

/** What a folder being read gives its listing; `keep` false once it holds a symbolic link. */
interface Recording {
	keep: boolean;
	readonly files: string[];
	readonly dirs: string[];
}

const MM = { dot: true, nocomment: true } as const;
/** `**\/name/**` or `**\/a/b/**` without glob characters: it matches folders (with a trailing `/`), never a file path. */
const FOLDER_ONLY = /^\*\*\/[^*?[\]{}()!+@\\]+\/\*\*$/;

/**
 * Walks `root` and lists the files to scan: `include` globs, minus `exclude` globs, minus what
 * `.gitignore` files ignore (each one applying to its own folder and below, as git does). Folders
 * are pruned as early as the globs allow. Symlinked folders are followed once (by real path), so a
 * symlink loop is reported and skipped instead of walked forever. Never throws on file errors.
 */
export async function discoverFiles(root: string, options: DiscoverOptions): Promise<DiscoverResult> {
	const key = JSON.stringify([path.resolve(root), options.include, options.exclude, options.extraExclude ?? [], options.gitignore]);
	const walk = new Walk(root, options, options.listings?.previous(key));
	// Synchronous calls with a yield every few folders: a promise per readdir/stat costs more than
	// the call itself on 50,000 files, and the yield keeps the thread responsive and cancellable.
	let sinceYield = 0;
	while (walk.stack.length > 0) {
		if (++sinceYield === 64) {
			sinceYield = 0;
			await new Promise((resolve) => setImmediate(resolve));
		}
		if (options.signal?.aborted) {
			break;
		}
		walk.folder(walk.stack.pop()!);
	}
	const { files, problems, cachedFolders } = walk;
	if (options.signal?.aborted !== true) {
		options.listings?.record(key, walk.next);
	}
	files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return { files, problems, cachedFolders };
}

/** The state of one walk: the matchers, the folders still to read, what was found. */
class Walk {
	readonly files: DiscoveredFile[] = [];
	readonly problems: Problem[] = [];
	readonly stack: Frame[];
	/** The listings the next walk may use. */
	readonly next = new Map<string, FolderListing>();
	cachedFolders = 0;
	private readonly now = Date.now();
	private readonly include: Minimatch[];
	private readonly exclude: Minimatch[];
	private readonly fileExclude: Minimatch[];
	private readonly includesAll: boolean;
	/** Folders walked: real path → the path they were walked under. */
	private readonly seenDirs = new Map<string, string>();

	constructor(root: string, private readonly options: DiscoverOptions, private readonly previous?: ReadonlyMap<string, FolderListing>) {
		this.include = options.include.map((g) => new Minimatch(g, MM));
		this.exclude = [...options.exclude, ...(options.extraExclude ?? [])].map((g) => new Minimatch(g, MM));
		// What files need checked against. `**/*` takes every path; a folder pattern (`**/node_modules/**`)
		// can match a file only below a folder it matched, and such folders are never entered.
		this.includesAll = options.include.includes('**/*');
		this.fileExclude = this.exclude.filter((m) => !FOLDER_ONLY.test(m.pattern));
		const rootReal = realpathSync(root);
		this.seenDirs.set(rootReal, '.');
		this.stack = [{ dir: root, rel: '', real: rootReal, ignores: [], stamp: '' }];
	}

	/** Reads one folder (or takes its kept listing): its subfolders go on the stack, its files into `files`. */
	folder(frame: Frame): void {
		// Stated before it is read: an entry added meanwhile changes the time the next walk compares.
		const st = this.previous === undefined ? null : statOrNull(frame.dir);
		if (st !== null && this.fromListing(frame, st)) {
			return;
		}
		let entries: Dirent[];
		try {
			entries = readdirSync(frame.dir, { withFileTypes: true });
		} catch (e) {
			this.problems.push(fileError(frame.rel || '.', `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`));
			return;
		}
		const gitignore = this.options.gitignore && entries.some((e) => e.name === '.gitignore' && (e.isFile() || e.isSymbolicLink()));
		const current = gitignore ? withGitignore(frame) : frame;
		entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
		const recording: Recording | undefined = st === null ? undefined : { keep: true, files: [], dirs: [] };
		for (const entry of entries) {
			this.entry(current, entry, recording);
		}
		if (st !== null && recording?.keep === true && settled(st.mtimeMs, this.now)) {
			const { files, dirs } = recording;
			this.next.set(frame.rel, { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, ignores: current.stamp, gitignore, files, dirs });
		}
	}

	/**
	 * Lists a folder from the last walk's listing when the folder (its times and inode) and the
	 * `.gitignore` texts that apply to it are as they were; false when it must be read.
	 */
	private fromListing(frame: Frame, st: Stats): boolean {
		const listing = this.previous!.get(frame.rel);
		if (listing === undefined || listing.mtimeMs !== st.mtimeMs || listing.ctimeMs !== st.ctimeMs || listing.ino !== st.ino) {
			return false;
		}
		const current = listing.gitignore ? withGitignore(frame) : frame;
		if (current.stamp !== listing.ignores) {
			return false;
		}
		const files = listing.files;
		for (let i = 0; i < files.length; i++) {
			this.files.push({ path: files[i] });
			this.options.onFound?.(this.files.length);
		}
		const prefix = frame.rel ? `${frame.rel}/` : '';
		for (const name of listing.dirs) {
			this.enter(current, prefix + name, child(frame.dir, name), child(current.real, name));
		}
		this.next.set(frame.rel, listing);
		this.cachedFolders++;
		return true;
	}

	private entry(current: Frame, entry: Dirent, recording: Recording | undefined): void {
		const rel = current.rel ? `${current.rel}/${entry.name}` : entry.name;
		let isDir = entry.isDirectory();
		let isFile = entry.isFile();
		if (entry.isSymbolicLink()) {
			if (recording !== undefined) {
				recording.keep = false;
			}
			const target = statOrNull(path.join(current.dir, entry.name));
			if (!target) {
				this.problems.push(fileError(rel, 'broken symbolic link'));
				return;
			}
			isDir = target.isDirectory();
			isFile = target.isFile();
		}
		if (isFile && recording !== undefined && this.options.acceptReadsContent?.(rel) === true) {
			recording.keep = false;
		}
		if (isDir) {
			this.subfolder(current, entry, rel, child(current.dir, entry.name), recording);
		} else if (isFile && this.wantsFile(current, rel)) {
			// No stat here: on 50,000 files it would double the walk; the reader checks the size.
			recording?.files.push(rel);
			this.files.push({ path: rel });
			this.options.onFound?.(this.files.length);
		}
	}

	private subfolder(current: Frame, entry: Dirent, rel: string, abs: string, recording: Recording | undefined): void {
		// A folder is matched with a trailing slash, so that `**/dist/**` takes `a/dist` itself.
		if (entry.name === '.git' || this.exclude.some((m) => m.match(`${rel}/`)) || (this.options.gitignore && deepestVerdict(current.ignores, rel, true))) {
			return;
		}
		// `**/*` may match below any folder (matching it partially cost a tenth of the walk).
		if (!this.includesAll && !this.include.some((m) => m.match(rel, true))) {
			return;
		}
		recording?.dirs.push(entry.name);
		// A folder that is not a link lies where its parent really is: only links cost a realpath
		// (one lstat per path component, thousands on a deep tree).
		this.enter(current, rel, abs, entry.isSymbolicLink() ? realpathOr(abs) : child(current.real, entry.name));
	}

	/** Puts a subfolder on the stack, unless its real path was walked already (a link loop or a second link). */
	private enter(current: Frame, rel: string, abs: string, real: string): void {
		const seen = this.seenDirs.get(real);
		if (seen !== undefined) {
			this.problems.push(fileError(rel, `symbolic link loop or duplicate folder (already scanned as ${seen}); skipped`));
			return;
		}
		this.seenDirs.set(real, rel);
		this.stack.push({ dir: abs, rel, real, ignores: current.ignores, stamp: current.stamp });
	}

	private wantsFile(current: Frame, rel: string): boolean {
		if ((!this.includesAll && !this.include.some((m) => m.match(rel))) || this.fileExclude.some((m) => m.match(rel))) {
			return false;
		}
		return !((this.options.gitignore && deepestVerdict(current.ignores, rel, false)) || (this.options.accept && !this.options.accept(rel)));
	}
}

/**
 * Whether `.gitignore` files ignore `rel`: as in git, the deepest one with a verdict on the path
 * wins (a nested `!keep.log` re-includes what a parent's `*.log` ignores). `ignores` run from the
 * root down, each with the folder (relative to the root) it applies to.
 */
function deepestVerdict(ignores: readonly { readonly base: string; readonly ig: Ignore }[], rel: string, isDir: boolean): boolean {
	for (let i = ignores.length - 1; i >= 0; i--) {
		const { base, ig } = ignores[i];
		const sub = base ? rel.slice(base.length + 1) : rel;
		const verdict = ig.test(isDir ? `${sub}/` : sub);
		if (verdict.ignored || verdict.unignored) {
			return verdict.ignored;
		}
	}
	return false;
}

/** The frame with the folder's `.gitignore` added (unchanged when it cannot be read). */
function withGitignore(frame: Frame): Frame {
	try {
		const text = readFileSync(path.join(frame.dir, '.gitignore'), 'utf8');
		const ignores = [...frame.ignores, { base: frame.rel, ig: ignore().add(text) }];
		return { ...frame, ignores, stamp: ignoreDigest(frame.stamp, frame.rel, text) };
	} catch {
		return frame;
	}
}

/**
 * The path of an entry of folder `dir`: `name` comes from reading the folder, so appending it is
 * what path.join would give (a walk joined every file's path, a tenth of a warm scan's walk).
 */
function child(dir: string, name: string): string {
	return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

function statOrNull(p: string): Stats | null {
	try {
		return statSync(p);
	} catch {
		return null;
	}
}

function realpathOr(p: string): string {
	try {
		return realpathSync(p);
	} catch {
		return p;
	}
}

/** A `file-error` problem at the start of a file or folder. */
export function fileError(file: string, message: string): Problem {
	return { file, line: 1, column: 1, code: 'file-error', severity: 'warning', message };
}

/** Decides, for one relative path, whether `discoverFiles` with the same options would list it. */
export type PathFilter = (relPath: string) => boolean;

/**
 * The walk's verdict for single paths, for the editor's incremental updates (a file created,
 * renamed or edited): the same include/exclude globs, `.git` folders, nested `.gitignore` files
 * (read on first need and cached; call again after a `.gitignore` changes) and `accept`.
 */
export function createPathFilter(root: string, options: Omit<DiscoverOptions, 'signal' | 'onFound'>): PathFilter {
	const include = options.include.map((g) => new Minimatch(g, MM));
	const exclude = [...options.exclude, ...(options.extraExclude ?? [])].map((g) => new Minimatch(g, MM));
	const gitignores = new Map<string, Ignore | null>();
	const gitignoreOf = (dirRel: string): Ignore | null => {
		let ig = gitignores.get(dirRel);
		if (ig === undefined) {
			try {
				ig = ignore().add(readFileSync(path.join(root, dirRel, '.gitignore'), 'utf8'));
			} catch {
				ig = null;
			}
			gitignores.set(dirRel, ig);
		}
		return ig;
	};
	const gitIgnored = (rel: string, isDir: boolean, dirs: readonly string[]): boolean => deepestVerdict(
		dirs.flatMap((base) => {
			const ig = gitignoreOf(base);
			return ig === null ? [] : [{ base, ig }];
		}), rel, isDir);
	return (rel) => {
		if (rel === '' || rel.startsWith('../') || path.isAbsolute(rel)) {
			return false;
		}
		const parts = rel.split('/');
		const dirs = [''];
		for (let i = 0; i < parts.length - 1; i++) {
			const dir = parts.slice(0, i + 1).join('/');
			if (parts[i] === '.git' || exclude.some((m) => m.match(`${dir}/`)) || !include.some((m) => m.match(dir, true))) {
				return false;
			}
			if (options.gitignore && gitIgnored(dir, true, dirs)) {
				return false;
			}
			dirs.push(dir);
		}
		if (!include.some((m) => m.match(rel)) || exclude.some((m) => m.match(rel))) {
			return false;
		}
		if (options.gitignore && gitIgnored(rel, false, dirs)) {
			return false;
		}
		return options.accept ? options.accept(rel) : true;
	};
}
