/**
 * Scan worker thread: builds its own analysis context from `workerData` (an `AnalyzerInit`), then
 * analyses each batch of relative paths it is sent and posts the `BatchResult` back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeBatch } from './analyzeBatch';
import { SourceReader } from '../files/readSource';
import { createAnalyzerContext, type AnalyzerInit } from './context';

/** A request from the pool. */
export interface BatchRequest {
	readonly id: number;
	readonly files: readonly string[];
}

const init = workerData as AnalyzerInit;
const ctx = createAnalyzerContext(init);
const reader = new SourceReader(init.maxFileSize);
const options = { defer: new Set(init.deferLanguages ?? []) };
const port = parentPort;

port?.on('message', (req: BatchRequest) => {
	analyzeBatch(init.root, req.files, ctx, reader, options).then(
		(result) => port.postMessage({ id: req.id, result }),
		(e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) }),
	);
});
