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
 * What makes a file worth decoding: a test of its Latin-1 view, or bytes it must contain (see
 * {@link SourceReader.read}).
 */
export type Wanted = ((latin1: () => string) => boolean) | { readonly contains: Buffer };

/**
 * A file larger than the reader's buffer, read a buffer at a time: its Latin-1 view (the pieces
 * joined on the V8 heap), its length, whether it is ASCII and whether its first bytes hold a NUL.
 */
interface LargeRead {
	readonly latin1: string;
	readonly length: number;
	readonly ascii: boolean;
	readonly binary: boolean;
}

/** How many leading bytes are checked for a NUL byte, the sign of a binary file (as git does). */
const BINARY_PROBE = 8000;
const INITIAL_BUFFER = 1024 * 1024;
/** Bytes decoded into one string piece: below the size from which Node.js makes an external string (outside the V8 heap). */
const PIECE_BYTES = 1 << 19;
/**
 * Files up to this size, when larger than the reader's buffer, are read a buffer at a time into a
 * string on the V8 heap; larger ones into one buffer of their size and an external string (outside
 * the heap and its limit). The C allocator maps a block this large directly and unmaps it when freed,
 * so these never grow its arenas.
 */
const PIECED_MAX_BYTES = 32 * 1024 * 1024;

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
		try {
			fd = openSync(absPath, 'r');
			const got = typeof wanted === 'function' ? this.readAll(fd) : this.readIfContains(fd, wanted.contains);
			if (typeof got === 'number') {
				return { kind: 'skipped', bytes: got };
			}
			return Buffer.isBuffer(got) ? outcome(relPath, got, wanted) : this.largeOutcome(fd, relPath, got, wanted);
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
	}

	/** {@link outcome} for a file larger than the buffer; a non-ASCII one is decoded in a second pass. */
	private largeOutcome(fd: number, relPath: string, got: LargeRead, wanted: Wanted): ReadOutcome & { bytes: number } {
		const { latin1, length } = got;
		const test = typeof wanted === 'function' ? wanted : (view: () => string) => view().includes(wanted.contains.toString('latin1'));
		if (!test(() => latin1)) {
			return { kind: 'skipped', bytes: length };
		}
		if (got.binary) {
			return { kind: 'error', bytes: length, problem: fileError(relPath, 'skipped: binary file') };
		}
		return { kind: 'text', bytes: length, text: got.ascii ? latin1 : this.readUtf8(fd, length) ?? latin1 };
	}

	/**
	 * Reads the whole file: into the reused buffer when it fits, else a buffer at a time (see
	 * {@link SourceReader.readLarge}) or, past `PIECED_MAX_BYTES`, whole. Throws E2BIG past the limit.
	 */
	private readAll(fd: number): Buffer | LargeRead {
		const reused = this.buffer;
		const first = readSync(fd, reused, 0, reused.length, 0);
		// A short read of a regular file means end of file: saves a last, empty read per file.
		if (first < reused.length) {
			return this.withinLimit(reused.subarray(0, first));
		}
		this.withinLimit(reused);
		const size = fstatSync(fd).size;
		return size <= PIECED_MAX_BYTES ? this.readLarge(fd, first) : this.readWhole(fd, first, size);
	}

	/**
	 * Reads a very large file into a buffer sized from the file's size, which is not kept (kept, one
	 * bundle pinned its doubled size in every thread for the rest of the scan).
	 */
	private readWhole(fd: number, first: number, size: number): Buffer {
		const reused = this.buffer;
		// One byte more than the file's size, so that the read that reaches the end is a short one.
		let big = Buffer.allocUnsafe(Math.min(Math.max(size + 1, 2 * reused.length), this.maxFileSize + 1));
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
	 * A file larger than the reused buffer (which holds its first `first` bytes), as Latin-1 pieces of
	 * the buffer joined into one string. Reading it into a buffer of its size, then copying that into an
	 * external string, took two blocks of its size from the C allocator, whose arenas kept what they
	 * freed: a scan of bundles held tens of megabytes more than its heaps.
	 */
	private readLarge(fd: number, first: number): LargeRead {
		const buf = this.buffer;
		const binary = buf.subarray(0, BINARY_PROBE).includes(0);
		const pieces: string[] = [];
		let ascii = true;
		let length = 0;
		for (let n = first; n > 0; n = n < buf.length ? 0 : readSync(fd, buf, 0, buf.length, length)) {
			length += n;
			this.withinLimit({ length });
			ascii &&= isAscii(buf.subarray(0, n));
			for (let i = 0; i < n; i += PIECE_BYTES) {
				pieces.push(buf.toString('latin1', i, Math.min(i + PIECE_BYTES, n)));
			}
		}
		return { latin1: pieces.join(''), length, ascii, binary };
	}

	/**
	 * The first `length` bytes of the file as UTF-8 (BOM dropped), decoded a buffer at a time, each
	 * decode ending on a whole character (the bytes of one cut short are carried to the next read);
	 * undefined when they are not UTF-8. The same string as `decode` of all the bytes at once.
	 */
	private readUtf8(fd: number, length: number): string | undefined {
		const buf = this.buffer;
		const pieces: string[] = [];
		let carry = 0;
		for (let pos = 0; pos < length || carry > 0;) {
			const got = pos < length ? readSync(fd, buf, carry, Math.min(buf.length - carry, length - pos), pos) : 0;
			pos += got;
			const n = carry + got;
			const end = pos < length && got > 0 ? wholeCharacters(buf, n) : n;
			if (!isUtf8(buf.subarray(0, end))) {
				return undefined;
			}
			pieces.push(buf.toString('utf8', 0, end));
			buf.copy(buf, 0, end, n);
			carry = n - end;
			if (got === 0) {
				break;
			}
		}
		const text = pieces.join('');
		return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
	}

	/**
	 * The whole file when it holds `needle`, else its length. A file that fits the reused buffer is
	 * read once; a larger one is searched a buffer at a time (the last bytes of each read carried
	 * over, so a needle across two reads is found) and read whole only when the needle is found:
	 * the multi-megabyte declaration files of a tree cost no allocation, and leave no garbage.
	 */
	private readIfContains(fd: number, needle: Buffer): Buffer | LargeRead | number {
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

	private withinLimit<T extends { readonly length: number }>(bytes: T): T {
		if (bytes.length > this.maxFileSize) {
			throw tooLarge();
		}
		return bytes;
	}
}

/** A file that fits the reader's buffer: skipped, binary or decoded. */
function outcome(relPath: string, bytes: Buffer, wanted: Wanted): ReadOutcome & { bytes: number } {
	const length = bytes.length;
	let view: string | undefined;
	const wantedBytes = typeof wanted === 'function' ? wanted(() => (view ??= bytes.toString('latin1'))) : bytes.includes(wanted.contains);
	if (!wantedBytes) {
		return { kind: 'skipped', bytes: length };
	}
	if (bytes.subarray(0, BINARY_PROBE).includes(0)) {
		return { kind: 'error', bytes: length, problem: fileError(relPath, 'skipped: binary file') };
	}
	return { kind: 'text', bytes: length, text: decode(bytes, view) };
}

/** How many of the first `n` bytes of `buf` end on a whole UTF-8 character (a cut-short one left out). */
function wholeCharacters(buf: Buffer, n: number): number {
	let k = n - 1;
	while (k > n - 4 && k > 0 && (buf[k] & 0xc0) === 0x80) {
		k--;
	}
	const lead = buf[k];
	const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
	return k + size <= n ? n : k;
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
