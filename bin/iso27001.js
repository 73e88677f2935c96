#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled by esbuild into dist/cli.js. It runs in a worker thread of this
// process, because only a worker's heap can be given limits (resourceLimits) by a supported
// interface: the main thread's defaults (a 4 GB heap, so V8 lets its old generation grow to four
// times what it holds before collecting, and a 48 MB young generation) let a scan keep hundreds of
// megabytes of garbage. The limits are the scan workers' young generation and an old generation
// far above what any scan holds, which only lowers how far the heap may grow between collections.
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');

const LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 1024 };
/**
 * A run this short (from the thread's start) leaves a code cache of what it compiled: a warm `--cache`
 * scan compiled a fifth of its own time from source. After a longer one V8 may have discarded the
 * bytecode of the bundle's top level (unused since the start), and the cache would load less.
 */
const SHORT_RUN_MS = 2000;

function internalError(err) {
	process.stderr.write(`iso27001: internal error: ${err && err.stack ? err.stack : err}\n`);
}

/** What the CLI reads of the terminal: a worker's standard streams are pipes to this thread. */
function terminal(stream) {
	return stream.isTTY ? { isTTY: true, columns: stream.columns } : {};
}

if (isMainThread) {
	const worker = new Worker(__filename, {
		workerData: { argv: process.argv.slice(2), stdout: terminal(process.stdout), stderr: terminal(process.stderr) },
		resourceLimits: LIMITS,
	});
	let code = 2;
	worker.on('message', (c) => { code = c; });
	worker.on('error', internalError);
	worker.on('exit', () => { process.exitCode = code; });
} else {
	Object.assign(process.stdout, workerData.stdout);
	Object.assign(process.stderr, workerData.stderr);
	// Through a V8 code cache (in the temporary folder), written once the bundle's top level has run:
	// compiling the 1.6 MB bundle from source took about a fifth of a warm `--cache` scan.
	const { requireWithCodeCache } = require('../dist/codeCache.js');
	const cli = requireWithCodeCache(require('node:path').join(__dirname, '..', 'dist', 'cli.js'));
	cli.saveCache();
	cli.exports.main(workerData.argv).then(
		(c) => {
			if (performance.now() < SHORT_RUN_MS) {
				cli.saveRunCache();
			}
			parentPort.postMessage(c);
		},
		(err) => { internalError(err); parentPort.postMessage(2); },
	);
}
