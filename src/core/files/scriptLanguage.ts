/**
 * The language of a file on disk: by its name, or, for a script without an extension
 * (`bin/trytond`, `scripts/deploy`), by its `#!` line, as editors recognise it.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { languageForPath, languageForShebang } from '../lexer';
import type { LanguageId } from '../types';

const HEAD_BYTES = 256;

/** The language of `rel` under `root`; only a file whose name has no extension is opened (its first bytes). */
export function languageOfFile(root: string, rel: string): LanguageId | undefined {
	const byName = languageForPath(rel);
	return byName !== undefined || !extensionless(rel) ? byName : languageForShebang(firstLine(path.join(root, rel)));
}

/** Whether {@link languageOfFile} must open the file: its name has no extension and names no language. */
export function languageReadsContent(rel: string): boolean {
	return extensionless(rel) && languageForPath(rel) === undefined;
}

function extensionless(rel: string): boolean {
	const base = rel.slice(Math.max(rel.lastIndexOf('/'), rel.lastIndexOf('\\')) + 1);
	return base !== '' && !base.includes('.');
}

/** The file's first line when it starts with `#!`, else ''; '' when it cannot be read. */
function firstLine(abs: string): string {
	let fd: number | undefined;
	try {
		fd = openSync(abs, 'r');
		const head = Buffer.alloc(HEAD_BYTES);
		const text = head.toString('latin1', 0, readSync(fd, head, 0, HEAD_BYTES, 0));
		return text.startsWith('#!') ? text.split('\n', 1)[0].replace(/\r$/, '') : '';
	} catch {
		return '';
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}
