import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
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
