import { Worker } from 'node:worker_threads';
import { SCAN_WORKER_LIMITS } from '../scan/pool';

/**
 * The editor's index worker's heap limits: the scan workers' young generation, and the old
 * generation the CLI's thread has (`bin/iso27001.js`). The index worker is that thread's
 * counterpart (it runs the first scan with its own scan workers and parses the files they hand
 * back, then keeps every folder's results); without limits V8 gave it a 4 GB heap, under which
 * the old generation grows to four times what it holds before a full collection.
 */
export const INDEX_WORKER_LIMITS = { maxYoungGenerationSizeMb: SCAN_WORKER_LIMITS.maxYoungGenerationSizeMb, maxOldGenerationSizeMb: 1024 } as const;

/** Starts the bundled index worker (`script`: dist/indexWorker.js) with {@link INDEX_WORKER_LIMITS}. */
export function startIndexWorker(script: string): Worker {
	return new Worker(script, { resourceLimits: { ...INDEX_WORKER_LIMITS } });
}
