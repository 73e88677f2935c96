/**
 * Scan worker thread: builds its own analysis context from `workerData` (an `AnalyzerInit`), then,
 * once started, takes batches of relative paths from the shared queue, analyses each and posts the
 * `BatchResult` back, and posts `done` when the queue is empty.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBatch } from '../analysis/batch';
import { SourceReader } from '../files/readSource';
import { createAnalyzerContext } from '../analysis/context';
import { LargeFileGate } from '../analysis/largeFileGate';
import { batchesLeft, CURRENT, PAUSED, takeBatch, type WorkerInit, type WorkerReply, type WorkerStart } from './protocol';

const init = workerData as WorkerInit;
const ctx = createAnalyzerContext(init);
const reader = new SourceReader(init.maxFileSize);
const options = { defer: new Set(init.deferLanguages ?? []) };
const port = parentPort;

async function work(start: WorkerStart): Promise<void> {
	const counters = new Int32Array(start.shared);
	const batchOptions = { ...options, gate: new LargeFileGate(start.gate) };
	for (;;) {
		// Paused while the main thread holds too much handed-back text.
		while (Atomics.load(counters, PAUSED) === 1) {
			Atomics.wait(counters, PAUSED, 1, 100);
		}
		const batch = takeBatch(counters, start.batches, true);
		if (batch === undefined) {
			break;
		}
		Atomics.store(counters, CURRENT + start.slot, batch.id);
		try {
			port?.postMessage({ id: batch.id, result: await analyzeBatch(init.root, batch.files, ctx, reader, batchOptions) } satisfies WorkerReply);
		} catch (e) {
			port?.postMessage({ id: batch.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
		}
		Atomics.store(counters, CURRENT + start.slot, -1);
		if (start.retireAbove > 0 && held() > start.retireAbove && batchesLeft(counters, start.batches)) {
			// Grown too large: a fresh worker takes over (what this one holds goes back to the system).
			port?.postMessage({ retired: true } satisfies WorkerReply);
			return;
		}
	}
	port?.postMessage({ done: true } satisfies WorkerReply);
}

/** Bytes this thread's V8 heap and external memory (tree-sitter's WebAssembly memory) hold. */
function held(): number {
	const m = process.memoryUsage();
	return m.heapTotal + m.external;
}

port?.on('message', (start: WorkerStart) => {
	void work(start);
});
