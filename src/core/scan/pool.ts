import { Worker } from 'node:worker_threads';
import type { BatchResult } from './analyzeBatch';
import type { AnalyzerInit } from './context';
import type { BatchRequest } from './worker';

type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string };

/**
 * Spreads batches of files over `count` worker threads running `workerScript`. Workers pull the next
 * batch when idle, so a slow file does not hold the others back. A batch whose worker fails is
 * reported through `onBatchFailed` and the scan goes on with the remaining workers.
 */
export async function runInWorkers(
	workerScript: string,
	init: AnalyzerInit,
	batches: readonly (readonly string[])[],
	count: number,
	onResult: (r: BatchResult) => void,
	onBatchFailed: (files: readonly string[], reason: string) => void,
	signal?: AbortSignal,
): Promise<void> {
	let next = 0;
	const take = (): number | undefined => (signal?.aborted || next >= batches.length ? undefined : next++);
	const runOne = (): Promise<void> => new Promise((resolve) => {
		const worker = new Worker(workerScript, { workerData: init });
		let current: number | undefined;
		const finish = (): void => {
			void worker.terminate();
			resolve();
		};
		const send = (): void => {
			current = take();
			if (current === undefined) {
				finish();
				return;
			}
			const req: BatchRequest = { id: current, files: batches[current] };
			worker.postMessage(req);
		};
		worker.on('message', (reply: WorkerReply) => {
			if ('error' in reply) {
				onBatchFailed(batches[reply.id], reply.error);
			} else {
				onResult(reply.result);
			}
			send();
		});
		worker.on('error', (e) => {
			if (current !== undefined) {
				onBatchFailed(batches[current], e.message);
				current = undefined;
			}
			resolve();
		});
		send();
	});
	const n = Math.max(1, Math.min(count, batches.length));
	await Promise.all(Array.from({ length: n }, runOne));
}
