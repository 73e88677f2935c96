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
	/** Heap and external bytes past which the worker retires (between batches, while batches are left). */
	readonly retireAbove: number;
	/** The scan's `LargeFileGate` word. */
	readonly gate: SharedArrayBuffer;
}

/** A worker's messages to the pool. */
export type WorkerReply = { id: number; result: BatchResult } | { id: number; error: string } | { done: true } | { retired: true };

/** Slots of a queue's shared counters: the next shared batch to take (they follow the reserved ones). */
export const NEXT = 0;
/** 1 while workers must take no new batch. */
export const PAUSED = 1;
/** The next of the batches reserved for workers (see `BatchQueue`). */
export const NEXT_RESERVED = 2;
/** How many batches, at the start of the list, are reserved for workers. */
export const RESERVED = 3;
/** From this slot on: the batch each worker is analysing, or -1. */
export const CURRENT = 4;

/**
 * Takes the next batch id from shared counters (any thread). Workers (`reservedFirst`) take the
 * batches reserved for them before the shared ones; the main thread takes the shared ones first and
 * the reserved ones only when no shared batch is left, so that no thread waits while work is left.
 */
export function takeBatch(counters: Int32Array, batches: readonly (readonly string[])[], reservedFirst: boolean, aborted = false): { readonly id: number; readonly files: readonly string[] } | undefined {
	if (aborted) {
		return undefined;
	}
	const reserved = Atomics.load(counters, RESERVED);
	const fromReserved = (): number | undefined => {
		if (Atomics.load(counters, NEXT_RESERVED) >= reserved) {
			return undefined;
		}
		const id = Atomics.add(counters, NEXT_RESERVED, 1);
		return id < reserved ? id : undefined;
	};
	const fromShared = (): number | undefined => {
		if (Atomics.load(counters, NEXT) >= batches.length) {
			return undefined;
		}
		const id = Atomics.add(counters, NEXT, 1);
		return id < batches.length ? id : undefined;
	};
	const id = reservedFirst ? fromReserved() ?? fromShared() : fromShared() ?? fromReserved();
	return id === undefined ? undefined : { id, files: batches[id] };
}

/** Whether any batch is left to take (any thread). */
export function batchesLeft(counters: Int32Array, batches: readonly (readonly string[])[]): boolean {
	return Atomics.load(counters, NEXT) < batches.length || Atomics.load(counters, NEXT_RESERVED) < Atomics.load(counters, RESERVED);
}
