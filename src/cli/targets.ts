import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { findWorkspaceRoot, type RootReason } from '../core/config/findRoot';
import type { ScanOutcome } from '../core/scan/scan';
import { UsageError } from './args';

/** What a command runs on: the workspace root, and for `scan FILE...` the part of it to scan. */
export interface Target {
	readonly root: string;
	/** Root-relative files and folders; undefined: the whole workspace. */
	readonly paths: readonly string[] | undefined;
	/** For `scan FILE...`: which workspace the paths were found in, and why (printed on stderr). */
	readonly note: string | undefined;
}

const WHY: Record<RootReason, string> = {
	config: 'the nearest folder with .iso27001.yaml',
	git: 'no .iso27001.yaml above; the git repository\'s root',
	folder: 'no .iso27001.yaml nor git repository above; the file\'s folder',
};

function existing(given: string): string {
	const abs = path.resolve(given);
	if (!existsSync(abs)) {
		throw new UsageError(`'${given}' does not exist`);
	}
	return abs;
}

/** The folder `export`, `check` and `claims` run on. */
export function folderTarget(given: string): Target {
	const root = existing(given);
	if (!statSync(root).isDirectory()) {
		throw new UsageError(`'${given}' is not a folder (only scan takes files)`);
	}
	return { root, paths: undefined, note: undefined };
}

/**
 * `scan [PATH...]`: one folder is the workspace itself, as for the other commands. Files, or
 * several paths, are scanned with the configuration of the workspace that holds them (see
 * `findWorkspaceRoot`); they must all belong to the same one.
 */
export function scanTarget(given: readonly string[]): Target {
	if (given.length === 0) {
		return folderTarget('.');
	}
	const abs = given.map(existing);
	if (abs.length === 1 && statSync(abs[0]).isDirectory()) {
		return folderTarget(given[0]);
	}
	const found = abs.map(findWorkspaceRoot);
	const { root, reason } = found[0];
	const other = found.findIndex((f) => f.root !== root);
	if (other >= 0) {
		throw new UsageError(`'${given[0]}' and '${given[other]}' belong to different workspaces (${root}, ${found[other].root}): scan each one separately`);
	}
	const rel = abs.map((a) => path.relative(root, a).split(path.sep).join('/'));
	const noun = given.length === 1 ? 'path' : 'paths';
	return {
		root,
		paths: rel.includes('') ? undefined : [...new Set(rel)],
		note: `scanning ${given.length} ${noun} of ${root} (${WHY[reason]})`,
	};
}

/** The files of `target.paths` that the scan did not read: excluded, or in no language it reads. */
export function filesNotScanned(target: Target, outcome: ScanOutcome): string[] {
	if (target.paths === undefined) {
		return []; // The whole folder: nothing named that the scan could have left out (and no set of every file read).
	}
	const read = new Set([...outcome.detail.readPaths, ...outcome.detail.fileProblems.map((p) => p.file)]);
	return target.paths.filter((p) => !read.has(p) && !statSync(path.join(target.root, p)).isDirectory());
}
