import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceSettings } from '../config/workspace';
import type { Catalog } from '../types';
import type { ClaimsDocument } from './check';

/** Larger claims documents are refused (a compliance guide is a few hundred kilobytes at most). */
const MAX_CLAIMS_BYTES = 4 * 1024 * 1024;

/** Reads the claims documents (paths relative to `root`); a document that cannot be read as text says why. */
export function readClaimsDocuments(root: string, paths: readonly string[]): ClaimsDocument[] {
	return paths.map((rel) => {
		try {
			const abs = path.join(root, rel);
			if (statSync(abs).size > MAX_CLAIMS_BYTES) {
				return { path: rel, error: `larger than ${MAX_CLAIMS_BYTES / 1024 / 1024} MB` };
			}
			const bytes = readFileSync(abs);
			if (bytes.includes(0)) {
				return { path: rel, error: 'a binary file, not a text document' };
			}
			return { path: rel, text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
		} catch (e) {
			return { path: rel, error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
		}
	});
}

/**
 * The `claims` part of a result's assembly for a workspace: its `claims:` documents, read now (the
 * CLI's scan and the editor's index alike), with the legacy catalog; undefined when it has none.
 */
export function claimsOf(root: string, settings: WorkspaceSettings): { documents: ClaimsDocument[]; legacy?: Catalog } | undefined {
	const paths = settings.config.claims ?? [];
	return paths.length === 0 ? undefined : { documents: readClaimsDocuments(root, paths), legacy: settings.legacy[0] };
}
