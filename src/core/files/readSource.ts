import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileError } from './discover';
import type { Problem } from '../types';

/** What reading one file gave. */
export type ReadOutcome =
	| { readonly kind: 'text'; readonly text: string }
	/** The file holds nothing the engine looks for; it was not decoded. */
	| { readonly kind: 'skipped' }
	/** The file no longer exists (deleted, or renamed, since it was listed). */
	| { readonly kind: 'missing' }
	| { readonly kind: 'error'; readonly problem: Problem };

/**
 * What makes a file worth decoding: a test of its bytes or of their Latin-1 view, or bytes it must
 * contain (see {@link SourceReader.read}).
 */
export type Wanted = ((bytes: Buffer, latin1: () => string) => boolean) | { readonly contains: Buffer };

/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
const BINARY_PROBE = 8000;
const INITIAL_BUFFER = 1024 * 1024;

/**
 * Reads files for scanning into one reused buffer. It uses synchronous I/O on purpose: it runs in
 * scan worker threads (or the CLI's own thread), where a promise round trip per open/stat/read/close
 * costs more than the read itself and the per-file buffers keep the garbage collector busy.
 */
export class SourceReader {
	private buffer = Buffer.allocUnsafe(INITIAL_BUFFER);

	constructor(private readonly maxFileSize: number) {}

	/**
	 * Reads one file. Files over the size limit, binary files and unreadable files give a
	 * `file-error` problem; `wanted` decides whether the file is worth decoding at all: a test of
	 * the bytes or of their Latin-1 view (which is then reused as the text of an ASCII file), or
	 * `{ contains }`, bytes the file must hold, which lets a file larger than the reused buffer be
	 * searched a buffer at a time and skipped without ever being held whole. Never throws.
	 */
	read(absPath: string, relPath: string, wanted: Wanted): ReadOutcome & { bytes: number } {
		let fd: number | undefined;
		let bytes: Buffer;
		try {
			fd = openSync(absPath, 'r');
			const got = typeof wanted === 'function' ? this.readAll(fd) : this.readIfContains(fd, wanted.contains);
			if (typeof got === 'number') {
				return { kind: 'skipped', bytes: got };
			}
			bytes = got;
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code === 'ENOENT') {
				return { kind: 'missing', bytes: 0 };
			}
			if (code === 'E2BIG' && fd !== undefined) {
				const size = fstatSync(fd).size;
				return { kind: 'error', bytes: 0, problem: fileError(relPath, `skipped: ${formatSize(size)} is over the ${formatSize(this.maxFileSize)} limit (maxFileSize)`) };
			}
			return { kind: 'error', bytes: 0, problem: fileError(relPath, `cannot read file: ${code ?? (e as Error).message}`) };
		} finally {
			if (fd !== undefined) {
				closeSync(fd);
			}
		}
		const length = bytes.length;
		let view: string | undefined;
		const test = typeof wanted === 'function' ? wanted : (b: Buffer) => b.includes(wanted.contains);
		if (!test(bytes, () => (view ??= bytes.toString('latin1')))) {
			return { kind: 'skipped', bytes: length };
		}
		if (bytes.subarray(0, BINARY_PROBE).includes(0)) {
			return { kind: 'error', bytes: length, problem: fileError(relPath, 'skipped: binary file') };
		}
		return { kind: 'text', bytes: length, text: decode(bytes, view) };
	}

	/**
	 * Reads the whole file: into the reused buffer when it fits, else into a buffer sized from the
	 * file's size, which is not kept (kept, one bundle pinned its doubled size in every thread for the
	 * rest of the scan, and the doublings that reached it were garbage). Throws E2BIG past the limit.
	 */
	private readAll(fd: number): Buffer {
		const reused = this.buffer;
		const first = readSync(fd, reused, 0, reused.length, 0);
		// A short read of a regular file means end of file: saves a last, empty read per file.
		if (first < reused.length) {
			return this.withinLimit(reused.subarray(0, first));
		}
		this.withinLimit(reused);
		// One byte more than the file's size, so that the read that reaches the end is a short one.
		let big = Buffer.allocUnsafe(Math.min(Math.max(fstatSync(fd).size + 1, 2 * reused.length), this.maxFileSize + 1));
		reused.copy(big, 0, 0, first);
		let length = first;
		for (;;) {
			if (length === big.length) {
				// The file grew since the stat, or is over the limit.
				this.withinLimit(big);
				const bigger = Buffer.allocUnsafe(Math.min(big.length * 2, this.maxFileSize + 1));
				big.copy(bigger, 0, 0, length);
				big = bigger;
			}
			const wanted = big.length - length;
			const n = readSync(fd, big, length, wanted, length);
			length += n;
			if (n < wanted) {
				break;
			}
		}
		return this.withinLimit(big.subarray(0, length));
	}

	/**
	 * The whole file when it holds `needle`, else its length. A file that fits the reused buffer is
	 * read once; a larger one is searched a buffer at a time (the last bytes of each read carried
	 * over, so a needle across two reads is found) and read whole only when the needle is found:
	 * the multi-megabyte declaration files of a tree cost no allocation, and leave no garbage.
	 */
	private readIfContains(fd: number, needle: Buffer): Buffer | number {
		const buf = this.buffer;
		let n = readSync(fd, buf, 0, buf.length, 0);
		if (n < buf.length) {
			return this.withinLimit(buf.subarray(0, n));
		}
		const carry = needle.length - 1;
		let total = n;
		let held = n;
		for (;;) {
			if (total > this.maxFileSize) {
				throw tooLarge();
			}
			if (buf.subarray(0, held).includes(needle)) {
				return this.readAll(fd);
			}
			if (held < buf.length) {
				return total;
			}
			buf.copy(buf, 0, held - carry, held);
			n = readSync(fd, buf, carry, buf.length - carry, total);
			total += n;
			held = carry + n;
		}
	}

	private withinLimit(bytes: Buffer): Buffer {
		if (bytes.length > this.maxFileSize) {
			throw tooLarge();
		}
		return bytes;
	}
}

/**
 * UTF-8 (BOM dropped), or Latin-1 when the bytes are not valid UTF-8 (one byte, one column). ASCII,
 * the usual case, is both: its Latin-1 view (`latin1`, when the prefilter made one) is the text.
 */
export function decode(bytes: Buffer, latin1?: string): string {
	if (isAscii(bytes)) {
		return latin1 ?? bytes.toString('latin1');
	}
	if (isUtf8(bytes)) {
		const text = bytes.toString('utf8');
		return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	}
	return latin1 ?? bytes.toString('latin1');
}

/** The error `read` turns into the size-limit problem. */
function tooLarge(): Error {
	return Object.assign(new Error('file too large'), { code: 'E2BIG' });
}

/** `1.5 MB`, `512 KB`, `10 B`. */
export function formatSize(bytes: number): string {
	if (bytes >= 1024 * 1024) {
		return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;
	}
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} B`;
}
