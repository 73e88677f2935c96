import type { Worker } from 'node:worker_threads';
import type { HostMessage, WorkerMessage } from '../core/live/protocol';
import type { Log } from './log';

/** How long the last cache writes may take before the worker is stopped regardless (VS Code waits 5 s for all deactivations). */
const STOP_LIMIT = 3000;

/**
 * Stops the index worker the way a closing window should: every folder is closed first, which does
 * the persistent cache write still waiting for updates to settle (the worker writes it when it
 * handles `close`: only what it read from disk, never an unsaved buffer), then the thread is
 * terminated, once every folder has answered or after {@link STOP_LIMIT}. What the writes report
 * (a cache that could not be written) goes to the log. Never rejects.
 *
 * `folders`: key → name of the folders open in the worker; `nextSeq` numbers the messages.
 */
export async function stopIndexWorker(worker: Worker, folders: ReadonlyMap<string, string>, nextSeq: () => number, log: Log): Promise<void> {
	// The views and diagnostics the index's messages would reach are gone: only the writes' outcome matters now.
	worker.removeAllListeners('message');
	const waiting = new Map<string, number>();
	let timer: NodeJS.Timeout | undefined;
	const closed = new Promise<void>((resolve) => {
		timer = setTimeout(resolve, STOP_LIMIT);
		worker.once('exit', () => resolve());
		worker.on('message', (m: WorkerMessage) => {
			if (m.type === 'warning' || m.type === 'cacheSaved') {
				log.workerMessage(folders.get(m.folder) ?? m.folder, m);
			} else if (m.type === 'done' && m.seq >= (waiting.get(m.folder) ?? Infinity)) {
				waiting.delete(m.folder);
				if (waiting.size === 0) {
					resolve();
				}
			}
		});
	});
	for (const folder of folders.keys()) {
		const close = { type: 'close', folder, seq: nextSeq() } satisfies HostMessage;
		waiting.set(folder, close.seq);
		worker.postMessage(close);
	}
	if (waiting.size > 0) {
		await closed;
	}
	clearTimeout(timer);
	try {
		await worker.terminate();
	} catch (e) {
		log.warn(`the index worker did not stop cleanly: ${(e as Error).message}`);
	}
}
