#!/usr/bin/env node
// The floor of any Node.js scanner on a tree: list every file, read every byte, search each file
// for `@iso27001` with Buffer#indexOf, and nothing else: no globs, no decoding, no lexing.
// `npm run bench` times it next to the scan and ripgrep, so that the ratios say how much of the
// scan's time the platform itself takes (process start, directory listing, one read call per
// file) and how much is the analysis.
//
// Usage: node scripts/bench-floor.mjs DIR [THREADS]   (THREADS default: the number of cores, as the scan)
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const NEEDLE = Buffer.from('@iso27001');

/** Files under `dir`, depth first, symbolic links not followed. */
function list(dir, out = []) {
	for (const e of readdirSync(dir, { withFileTypes: true })) {
		const p = join(dir, e.name);
		if (e.isDirectory()) {
			list(p, out);
		} else if (e.isFile()) {
			out.push(p);
		}
	}
	return out;
}

/** Reads each file whole (one reused 1 MB buffer, a sized one for larger files); counts files holding the needle. */
function readAll(files) {
	const small = Buffer.allocUnsafe(1 << 20);
	let hits = 0;
	for (const f of files) {
		const fd = openSync(f, 'r');
		try {
			const size = fstatSync(fd).size;
			const buf = size <= small.length ? small : Buffer.allocUnsafe(size);
			let n = 0;
			for (let r = 1; n < size && r > 0; n += r) {
				r = readSync(fd, buf, n, size - n, n);
			}
			hits += buf.subarray(0, n).indexOf(NEEDLE) >= 0 ? 1 : 0;
		} finally {
			closeSync(fd);
		}
	}
	return hits;
}

if (isMainThread) {
	const [dir, threadArg] = process.argv.slice(2);
	if (dir === undefined) {
		process.stderr.write('usage: node scripts/bench-floor.mjs DIR [THREADS]\n');
		process.exit(2);
	}
	const threads = Math.max(1, Number(threadArg ?? availableParallelism()));
	const files = list(dir);
	// Interleaved shares, so that each thread gets big and small files alike.
	const shares = Array.from({ length: threads }, (_, k) => files.filter((_, i) => i % threads === k));
	const workers = shares.slice(1).map((share) => new Promise((resolve, reject) => {
		new Worker(new URL(import.meta.url), { workerData: share }).once('message', resolve).once('error', reject);
	}));
	const own = readAll(shares[0]);
	const hits = own + (await Promise.all(workers)).reduce((a, b) => a + b, 0);
	process.stdout.write(`${files.length} files, ${hits} with @iso27001\n`);
} else {
	parentPort.postMessage(readAll(workerData));
}
