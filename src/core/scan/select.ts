import { statSync } from 'node:fs';
import * as path from 'node:path';
import { createPathFilter, discoverFiles, type DiscoverOptions } from '../files/discover';
import type { Problem } from '../types';

/** What a scan lists: the files to read and the walk's problems. */
export interface Listing {
	readonly paths: string[];
	readonly problems: readonly Problem[];
}

/**
 * The files of a scan restricted to `selected` (root-relative files or folders, `iso27001 scan
 * FILE...`): each file the whole scan would list (the same include/exclude globs, `.gitignore` and
 * languages, decided without walking the workspace), and the files a walk lists under each folder.
 */
export async function listSelected(
	root: string, discovery: Omit<DiscoverOptions, 'signal' | 'onFound'>, selected: readonly string[], walkOptions: Pick<DiscoverOptions, 'signal' | 'onFound'>,
): Promise<Listing> {
	const isFolder = (rel: string): boolean => {
		try {
			return statSync(path.join(root, rel)).isDirectory();
		} catch {
			return false;
		}
	};
	const folders = selected.filter(isFolder);
	const files = selected.filter((rel) => !folders.includes(rel));
	const accept = createPathFilter(root, discovery);
	const paths = new Set(files.filter((rel) => accept(rel)));
	let problems: Problem[] = [];
	if (folders.length > 0) {
		const under = (rel: string): boolean => folders.some((f) => f === '' || rel === f || rel.startsWith(`${f}/`));
		const walked = await discoverFiles(root, { ...discovery, ...walkOptions });
		walked.files.forEach((f) => under(f.path) && paths.add(f.path));
		problems = walked.problems.filter((p) => under(p.file));
	}
	return { paths: [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), problems };
}
