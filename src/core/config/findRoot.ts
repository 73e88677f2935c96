import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from './loadConfig';

/** Why a folder was taken as the workspace root of a path. */
export type RootReason = 'config' | 'git' | 'folder';

/**
 * The workspace a file (or folder) belongs to, for `iso27001 scan FILE...`: the nearest ancestor
 * holding `.iso27001.yaml`, else the nearest one holding `.git` (the repository's root), else the
 * file's own folder. Starts at `abs` itself when it is a folder.
 */
export function findWorkspaceRoot(abs: string): { readonly root: string; readonly reason: RootReason } {
	const start = isDirectory(abs) ? abs : path.dirname(abs);
	const ancestors: string[] = [];
	for (let dir = start; ; dir = path.dirname(dir)) {
		ancestors.push(dir);
		if (path.dirname(dir) === dir) {
			break;
		}
	}
	const withConfig = ancestors.find((d) => isFile(path.join(d, CONFIG_FILE_NAME)));
	if (withConfig !== undefined) {
		return { root: withConfig, reason: 'config' };
	}
	// `.git` is a folder in a clone, a file in a worktree or submodule.
	const repo = ancestors.find((d) => existsSync(path.join(d, '.git')));
	return repo !== undefined ? { root: repo, reason: 'git' } : { root: start, reason: 'folder' };
}

function isDirectory(p: string): boolean {
	try {
		return statSync(p).isDirectory();
	} catch {
		return false;
	}
}

function isFile(p: string): boolean {
	try {
		return statSync(p).isFile();
	} catch {
		return false;
	}
}
