import { Worker } from 'node:worker_threads';
import type { BatchResult } from './analyzeBatch';
import type { AnalyzerInit } from './context';
import type { BatchRequest } from './worker';

type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string };

/**
 * Scan worker threads. They are started as soon as the pool is created, so that their start-up
 * overlaps with whatever the caller does next (listing files); `run` then spreads batches over them.
 */
export class WorkerPool {
	private readonly workers: Worker[];

	constructor(workerScript: string, init: AnalyzerInit, count: number) {
		this.workers = Array.from({ length: Math.max(1, count) }, () => new Worker(workerScript, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 8 } }));
	}

	/**
	 * Runs every batch. Workers pull the next batch when idle, so a slow file does not hold the others
	 * back. A batch whose worker fails is reported through `onBatchFailed`; the rest goes on.
	 */
	run(
		batches: readonly (readonly string[])[],
		onResult: (r: BatchResult) => void,
		onBatchFailed: (files: readonly string[], reason: string) => void,
		signal?: AbortSignal,
	): Promise<void> {
		let next = 0;
		const take = (): number | undefined => (signal?.aborted || next >= batches.length ? undefined : next++);
		return Promise.all(this.workers.map((worker) => new Promise<void>((resolve) => {
			let current: number | undefined;
			const send = (): void => {
				current = take();
				if (current === undefined) {
					cleanup();
					return;
				}
				const req: BatchRequest = { id: current, files: batches[current] };
				worker.postMessage(req);
			};
			const onMessage = (reply: WorkerReply): void => {
				if ('error' in reply) {
					onBatchFailed(batches[reply.id], reply.error);
				} else {
					onResult(reply.result);
				}
				send();
			};
			const onError = (e: Error): void => {
				if (current !== undefined) {
					onBatchFailed(batches[current], e.message);
					current = undefined;
				}
				cleanup();
			};
			const cleanup = (): void => {
				worker.off('message', onMessage);
				worker.off('error', onError);
				resolve();
			};
			worker.on('message', onMessage);
			worker.on('error', onError);
			send();
		}))).then(() => undefined);
	}

	/** Stops every worker. */
	async dispose(): Promise<void> {
		await Promise.all(this.workers.map((w) => w.terminate()));
	}
}
