import { Worker } from 'node:worker_threads';
import type { BatchResult } from './analyzeBatch';
import type { AnalyzerInit } from './context';
import type { BatchRequest } from './worker';

type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string };

/** Batches of relative paths, handed out one at a time to whichever thread asks first. */
export class BatchQueue {
	private next = 0;

	constructor(private readonly batches: readonly (readonly string[])[], private readonly signal?: AbortSignal) {}

	/** The next batch, or undefined when none is left or the scan was cancelled. */
	take(): { readonly id: number; readonly files: readonly string[] } | undefined {
		if (this.signal?.aborted || this.next >= this.batches.length) {
			return undefined;
		}
		const id = this.next++;
		return { id, files: this.batches[id] };
	}
}

/** Batches a worker holds at once: one in work and one queued, so it never waits for the main thread. */
const IN_FLIGHT = 2;

/**
 * Scan worker threads. They are started as soon as the pool is created, so that their start-up
 * overlaps with whatever the caller does next (listing files); `run` then lets them pull batches.
 */
export class WorkerPool {
	private readonly workers: Worker[];
	private paused = false;
	/** Workers that asked for work while paused, resumed by {@link WorkerPool.resume}. */
	private readonly waiting: (() => void)[] = [];

	constructor(workerScript: string, init: AnalyzerInit, count: number) {
		// A small young generation keeps each worker's footprint down; the scan allocates little that lives.
		this.workers = Array.from({ length: Math.max(1, count) }, () =>
			new Worker(workerScript, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 192 } }));
	}

	/**
	 * Runs batches from `queue` until it is empty. A batch whose worker fails is reported through
	 * `onBatchFailed`; the other workers go on.
	 */
	run(queue: BatchQueue, onResult: (r: BatchResult) => void, onBatchFailed: (files: readonly string[], reason: string) => void): Promise<void> {
		return Promise.all(this.workers.map((worker) => new Promise<void>((resolve) => {
			const pending = new Map<number, readonly string[]>();
			const send = (): void => {
				if (this.paused) {
					this.waiting.push(send);
					return;
				}
				const batch = queue.take();
				if (batch) {
					pending.set(batch.id, batch.files);
					const req: BatchRequest = { id: batch.id, files: batch.files };
					worker.postMessage(req);
				} else if (pending.size === 0) {
					cleanup();
				}
			};
			const onMessage = (reply: WorkerReply): void => {
				const files = pending.get(reply.id) ?? [];
				pending.delete(reply.id);
				if ('error' in reply) {
					onBatchFailed(files, reply.error);
				} else {
					onResult(reply.result);
				}
				send();
			};
			const onError = (e: Error): void => {
				for (const files of pending.values()) {
					onBatchFailed(files, e.message);
				}
				pending.clear();
				cleanup();
			};
			const cleanup = (): void => {
				worker.off('message', onMessage);
				worker.off('error', onError);
				resolve();
			};
			worker.on('message', onMessage);
			worker.on('error', onError);
			for (let i = 0; i < IN_FLIGHT; i++) {
				send();
			}
		}))).then(() => undefined);
	}

	/** Sends no new batches until {@link WorkerPool.resume} (batches in flight still complete). */
	pause(): void {
		this.paused = true;
	}

	/** Lets paused workers take batches again. */
	resume(): void {
		this.paused = false;
		for (const send of this.waiting.splice(0)) {
			send();
		}
	}

	/** Stops every worker. */
	async dispose(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.terminate()));
	}
}
