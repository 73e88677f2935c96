import { Worker } from 'node:worker_threads';
import type { BatchResult } from '../analysis/batch';
import { gateOwner, LargeFileGate } from '../analysis/largeFileGate';
import { CURRENT, NEXT, NEXT_RESERVED, PAUSED, RESERVED, takeBatch, type WorkerInit, type WorkerReply, type WorkerStart } from './protocol';

/**
 * Batches of relative paths, taken one at a time by whichever thread asks first. The counter lives
 * in shared memory, so workers take batches themselves: a worker never waits for the main thread
 * (busy parsing a large file) to hand it its next batch. The first `reserved` batches are the
 * workers' to take first: the main thread takes them only when no other batch is left, so that what
 * they cost a thread to analyse (a tree-sitter runtime's memory) is paid by as few threads as can be.
 */
export class BatchQueue {
	readonly shared: SharedArrayBuffer;
	private readonly counters: Int32Array;

	constructor(readonly batches: readonly (readonly string[])[], private readonly signal?: AbortSignal, workerSlots = 0, reserved = 0) {
		this.shared = new SharedArrayBuffer(4 * (CURRENT + workerSlots));
		this.counters = new Int32Array(this.shared);
		this.counters.fill(-1, CURRENT);
		this.counters[RESERVED] = reserved;
		this.counters[NEXT] = reserved;
		// A cancelled scan takes no further batches, in any thread.
		signal?.addEventListener('abort', () => {
			Atomics.store(this.counters, NEXT, batches.length);
			Atomics.store(this.counters, NEXT_RESERVED, reserved);
		}, { once: true });
	}

	/** The next batch, or undefined when none is left or the scan was cancelled. */
	take(): { readonly id: number; readonly files: readonly string[] } | undefined {
		return takeBatch(this.counters, this.batches, false, this.signal?.aborted === true);
	}

	/** Workers take no new batches until {@link BatchQueue.resume} (batches in work still complete). */
	pause(): void {
		Atomics.store(this.counters, PAUSED, 1);
	}

	resume(): void {
		if (Atomics.exchange(this.counters, PAUSED, 0) === 1) {
			Atomics.notify(this.counters, PAUSED);
		}
	}

	/** The batch worker `slot` was analysing (for a worker that died), or undefined. */
	current(slot: number): readonly string[] | undefined {
		const id = Atomics.load(this.counters, CURRENT + slot);
		return id < 0 ? undefined : this.batches[id];
	}
}

/**
 * A scan worker's heap limits. Workers parse JavaScript bundles (Meriyah): with an 8 MB young
 * generation their syntax trees were promoted and collected again and again; 12 MB is enough now that
 * trees carry no `loc` objects (24 MB was no faster, paired over 10 runs, and cost ~8 MB of peak RSS).
 */
export const SCAN_WORKER_LIMITS = { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 192 } as const;

/** Heap and external bytes past which a worker is replaced (see {@link WorkerPool}). */
const RETIRE_ABOVE = 160 * 1024 * 1024;

/**
 * Scan worker threads. They are started as soon as the pool is created, so that their start-up
 * overlaps with whatever the caller does next (listing files); `run` then lets them take batches.
 */
export class WorkerPool {
	private readonly workers: Worker[];
	private readonly retiring: Promise<number>[] = [];
	private queue: BatchQueue | undefined;
	/** Workers replaced because they held more than the limit. */
	recycled = 0;
	/** Shared with the workers: one thread at a time analyses a file too large to parse. */
	readonly gate = new LargeFileGate();

	/**
	 * `retireAbove`: bytes of V8 heap and external memory (tree-sitter's WebAssembly memory among them)
	 * past which a worker, between two batches, stops and is replaced by a fresh one, so that what it
	 * grew to (which neither V8 nor WebAssembly gives back) returns to the operating system.
	 */
	constructor(private readonly workerScript: string, private readonly init: WorkerInit, count: number, private readonly retireAbove = RETIRE_ABOVE) {
		this.workers = Array.from({ length: Math.max(1, count) }, () => this.start());
	}

	/** Worker slots a queue for this pool needs. */
	get size(): number {
		return this.workers.length;
	}

	/**
	 * Lets the workers take batches from `queue` (built with `size` worker slots) until it is empty. A
	 * batch whose worker fails is reported through `onBatchFailed`; the other workers go on.
	 */
	run(queue: BatchQueue, onResult: (r: BatchResult) => void, onBatchFailed: (files: readonly string[], reason: string) => void): Promise<void> {
		this.queue = queue;
		return Promise.all(this.workers.map((_, slot) => this.drive(slot, queue, onResult, onBatchFailed))).then(() => undefined);
	}

	/** Runs slot `slot`'s worker until the queue is empty, replacing it each time it retires. */
	private drive(slot: number, queue: BatchQueue, onResult: (r: BatchResult) => void, onBatchFailed: (files: readonly string[], reason: string) => void): Promise<void> {
		return new Promise<void>((resolve) => {
			const worker = this.workers[slot];
			const onMessage = (reply: WorkerReply): void => {
				if ('done' in reply || 'retired' in reply) {
					cleanup();
					if ('retired' in reply) {
						this.recycled++;
						this.retiring.push(worker.terminate());
						this.workers[slot] = this.start();
						void this.drive(slot, queue, onResult, onBatchFailed).then(resolve);
					} else {
						resolve();
					}
				} else if ('error' in reply) {
					onBatchFailed(queue.batches[reply.id], reply.error);
				} else {
					onResult(reply.result);
				}
			};
			// A worker that dies (out of memory, an exit) reports the batch it held; the others go on.
			const owner = gateOwner(worker.threadId);
			const onExit = (e: Error | number): void => {
				// A worker that died holding the gate would keep the other threads from large files.
				this.gate.releaseFrom(owner);
				const files = queue.current(slot);
				if (files !== undefined) {
					onBatchFailed(files, typeof e === 'number' ? `worker exited with code ${e}` : e.message);
				}
				cleanup();
				resolve();
			};
			const cleanup = (): void => {
				worker.off('message', onMessage);
				worker.off('error', onExit);
				worker.off('exit', onExit);
			};
			worker.on('message', onMessage);
			worker.on('error', onExit);
			worker.on('exit', onExit);
			const start: WorkerStart = { batches: queue.batches, shared: queue.shared, slot, retireAbove: this.retireAbove, gate: this.gate.shared };
			worker.postMessage(start);
		});
	}

	private start(): Worker {
		return new Worker(this.workerScript, { workerData: this.init, resourceLimits: { ...SCAN_WORKER_LIMITS } });
	}

	/** Workers take no new batches until {@link WorkerPool.resume} (batches in work still complete). */
	pause(): void {
		this.queue?.pause();
	}

	/** Lets paused workers take batches again. */
	resume(): void {
		this.queue?.resume();
	}

	/** Stops every worker. */
	async dispose(): Promise<void> {
		this.queue?.resume();
		await Promise.all([...this.workers.map((w) => w.terminate()), ...this.retiring]);
	}
}
