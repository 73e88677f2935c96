/**
 * What the scan's worker pool (`pool.ts`) and its workers (`worker.ts`) say to each other, and the
 * shared counters through which workers take batches themselves. Plain data only.
 */
import type { AnalyzerInit } from '../analysis/context';
import type { BatchResult } from '../analysis/batch';

/** A worker's `workerData`. */
export type WorkerInit = AnalyzerInit;

/** What starts a worker: the queue's batches and its shared counters (see `BatchQueue`). */
export interface WorkerStart {
	readonly batches: readonly (readonly string[])[];
	readonly shared: SharedArrayBuffer;
	/** This worker's slot for the batch it is analysing. */
	readonly slot: number;
}

/** A worker's messages to the pool. */
export type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string } | { done: true };

/** Slots of a queue's shared counters: the next batch to take. */
export const NEXT = 0;
/** 1 while workers must take no new batch. */
export const PAUSED = 1;
/** From this slot on: the batch each worker is analysing, or -1. */
export const CURRENT = 2;

/** Takes the next batch id from shared counters (any thread). */
export function takeBatch(counters: Int32Array, batches: readonly (readonly string[])[], aborted = false): { readonly id: number; readonly files: readonly string[] } | undefined {
	if (aborted || Atomics.load(counters, NEXT) >= batches.length) {
		return undefined;
	}
	const id = Atomics.add(counters, NEXT, 1);
	return id < batches.length ? { id, files: batches[id] } : undefined;
}
