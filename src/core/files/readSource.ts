import { promises as fs } from 'node:fs';
import { fileError } from './discover';
import type { Problem } from '../types';

/** What reading one file gave. */
export type ReadOutcome =
	| { readonly kind: 'text'; readonly text: string }
	/** The file holds nothing the engine looks for; it was not decoded. */
	| { readonly kind: 'skipped' }
	| { readonly kind: 'error'; readonly problem: Problem };

/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
const BINARY_PROBE = 8000;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const latin1 = new TextDecoder('latin1');

/**
 * Reads a file for scanning. Files over `maxFileSize`, binary files and unreadable files give a
 * `file-error` problem; `wanted(bytes)` (a cheap byte search) decides whether the file is worth
 * decoding at all. Text that is not valid UTF-8 is read leniently as Latin-1, so one character stays
 * one column. Never throws.
 */
export async function readSource(
	absPath: string, relPath: string, maxFileSize: number, wanted: (bytes: Buffer) => boolean,
): Promise<ReadOutcome> {
	let bytes: Buffer;
	try {
		const handle = await fs.open(absPath, 'r');
		try {
			const { size } = await handle.stat();
			if (size > maxFileSize) {
				return { kind: 'error', problem: fileError(relPath, `skipped: ${formatSize(size)} is over the ${formatSize(maxFileSize)} limit (maxFileSize)`) };
			}
			bytes = await handle.readFile();
		} finally {
			await handle.close();
		}
	} catch (e) {
		return { kind: 'error', problem: fileError(relPath, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`) };
	}
	if (!wanted(bytes)) {
		return { kind: 'skipped' };
	}
	if (bytes.subarray(0, BINARY_PROBE).includes(0)) {
		return { kind: 'error', problem: fileError(relPath, 'skipped: binary file') };
	}
	return { kind: 'text', text: decode(bytes) };
}

/** UTF-8 (BOM dropped), or Latin-1 when the bytes are not valid UTF-8. */
export function decode(bytes: Uint8Array): string {
	try {
		return utf8.decode(bytes);
	} catch {
		return latin1.decode(bytes);
	}
}

/** `1.5 MB`, `512 KB`, `10 B`. */
export function formatSize(bytes: number): string {
	if (bytes >= 1024 * 1024) {
		return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
	}
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}
