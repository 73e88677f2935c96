/**
 * The editor's index worker thread: one `FolderIndex` per workspace folder. Work for a folder is
 * serial (a scan, then the changes that arrived meanwhile, merged); the extension host thread only
 * posts messages and applies results, so indexing never blocks the editor.
 */
import { parentPort } from 'node:worker_threads';
import { ConfigError } from '../errors';
import { FolderIndex, type FileChange } from './folderIndex';
import type { HostMessage, WorkerMessage } from './protocol';

interface Folder {
	readonly index: FolderIndex;
	/** Work not started yet: a rescan, and/or changes merged in arrival order. */
	rescan: boolean;
	changes: FileChange[];
	seq: number;
	/** Buffers answered by the fast path, waiting for their exact analysis. */
	inexact: Set<string>;
	running: boolean;
	abort: AbortController | undefined;
	closed: boolean;
}

const folders = new Map<string, Folder>();
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);

port.on('message', (m: HostMessage) => {
	if (m.type === 'cancel') {
		folders.get(m.folder)?.abort?.abort();
		return;
	}
	let f = folders.get(m.folder);
	if (m.type === 'open') {
		f?.abort?.abort();
		if (f) {
			f.closed = true;
		}
		f = { index: new FolderIndex(m.options), rescan: true, changes: [], seq: m.seq, inexact: new Set(), running: false, abort: undefined, closed: false };
		folders.set(m.folder, f);
	} else if (!f) {
		post({ type: 'done', folder: m.folder, seq: m.seq });
		return;
	} else if (m.type === 'close') {
		f.closed = true;
		f.abort?.abort();
		folders.delete(m.folder);
		f.index.dispose();
		post({ type: 'done', folder: m.folder, seq: m.seq });
		return;
	} else if (m.type === 'rescan') {
		f.rescan = true;
		f.seq = m.seq;
	} else {
		f.changes.push(...m.changes);
		f.seq = m.seq;
	}
	void drain(m.folder, f);
});

/** Runs the folder's pending work until none is left, then reports the last sequence number handled. */
async function drain(id: string, f: Folder): Promise<void> {
	if (f.running) {
		return;
	}
	f.running = true;
	try {
		while (!f.closed && (f.rescan || f.changes.length > 0 || f.inexact.size > 0)) {
			const seq = f.seq;
			if (f.rescan || (f.changes.length > 0 && f.index.wantsRescan(f.changes))) {
				// Changes queued behind a scan are kept: buffer texts must still reach the index.
				const buffers = f.changes.filter((c) => c.text !== undefined);
				f.rescan = false;
				f.changes = buffers;
				f.inexact.clear();
				await scan(id, f);
			} else if (f.changes.length > 0) {
				const changes = f.changes;
				f.changes = [];
				const t0 = performance.now();
				const entries = await f.index.update(changes, { fast: true });
				for (const c of changes) {
					f.inexact.delete(c.path);
				}
				for (const p of entries.approximate ?? []) {
					f.inexact.add(p);
				}
				if (!f.closed) {
					post({ type: 'delta', folder: id, files: f.index.table.size, entries, millis: performance.now() - t0, pass: entries.approximate?.length ? 'fast' : 'full' });
				}
			} else {
				// Let queued messages in first: a newer edit makes the exact pass moot for now.
				await new Promise((resolve) => setImmediate(resolve));
				if (f.changes.length > 0 || f.rescan) {
					continue;
				}
				// Nothing else waits: the exact analysis of the buffers the fast path answered.
				const paths = [...f.inexact];
				f.inexact.clear();
				const t0 = performance.now();
				const entries = await f.index.update(paths.map((p) => ({ path: p, kind: 'changed' as const })));
				if (!f.closed) {
					post({ type: 'delta', folder: id, files: f.index.table.size, entries, millis: performance.now() - t0, pass: 'full' });
				}
			}
			if (!f.closed && !f.rescan && f.changes.length === 0 && f.inexact.size === 0) {
				post({ type: 'done', folder: id, seq });
			}
		}
	} catch (e) {
		post({ type: 'failed', folder: id, message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
		post({ type: 'done', folder: id, seq: f.seq });
	} finally {
		f.running = false;
	}
}

async function scan(id: string, f: Folder): Promise<void> {
	const abort = new AbortController();
	f.abort = abort;
	post({ type: 'scanning', folder: id });
	const t0 = performance.now();
	let last = 0;
	try {
		const snap = await f.index.rescan(abort.signal, (done, total) => {
			const now = performance.now();
			if (now - last > 100) {
				last = now;
				post({ type: 'progress', folder: id, done, total });
			}
		});
		if (!f.closed) {
			post({ type: 'snapshot', folder: id, ...snap, millis: performance.now() - t0 });
		}
	} catch (e) {
		if (!(e instanceof ConfigError)) {
			throw e;
		}
		post({ type: 'configError', folder: id, error: { file: e.file, line: e.line, column: e.column, message: e.detail } });
	} finally {
		f.abort = undefined;
	}
}
