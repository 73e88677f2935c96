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
	/** True until the first scan when the host asked for the last session's results from the cache before it. */
	restore: boolean;
	/** The next scan analyses every file (none from the cache). */
	fresh: boolean;
	/** The cache write waiting for updates to settle. */
	saveTimer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Quiet time after the last update before the persistent cache is written: 1.5 s, or the milliseconds
 * in `ISO27001_CACHE_SAVE_DELAY_MS` (the integration tests that close a window with a write pending set
 * it long, so that no machine, however busy, does the write before they close).
 */
const SAVE_DELAY = Number(process.env.ISO27001_CACHE_SAVE_DELAY_MS) || 1500;

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
		if (f) {
			close(m.folder, f);
		}
		const warn = (message: string): void => post({ type: 'warning', folder: m.folder, message });
		f = { index: new FolderIndex(m.options, warn), rescan: true, changes: [], seq: m.seq, inexact: new Set(), running: false, abort: undefined, closed: false, restore: m.restore, fresh: false, saveTimer: undefined };
		folders.set(m.folder, f);
	} else if (!f) {
		post({ type: 'done', folder: m.folder, seq: m.seq });
		return;
	} else if (m.type === 'close') {
		close(m.folder, f);
		folders.delete(m.folder);
		post({ type: 'done', folder: m.folder, seq: m.seq });
		return;
	} else if (m.type === 'rescan') {
		f.rescan = true;
		f.fresh ||= m.fresh === true;
		f.seq = m.seq;
	} else {
		f.changes.push(...m.changes);
		f.seq = m.seq;
	}
	void drain(m.folder, f);
});

/**
 * Stops a folder's work; its pending cache write is done now (the host closes every folder before
 * it stops this thread), unless a scan was running: its cache may hold part of the folder only.
 * An update under way is no reason to skip it: the cache records only what finished being read.
 */
function close(id: string, f: Folder): void {
	f.closed = true;
	const scanning = f.abort !== undefined;
	f.abort?.abort();
	clearTimeout(f.saveTimer);
	if (!scanning) {
		saveCache(id, f);
	}
	f.index.dispose();
}

/** Writes the folder's persistent cache if it changed (a failure is a `warning`). */
function saveCache(id: string, f: Folder): void {
	clearTimeout(f.saveTimer);
	f.saveTimer = undefined;
	const t0 = performance.now();
	const entries = f.index.saveCache();
	if (entries !== undefined) {
		post({ type: 'cacheSaved', folder: id, entries, millis: performance.now() - t0 });
	}
}

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
				await applyChanges(id, f);
			} else {
				// Let queued messages in first: a newer edit makes the exact pass moot for now.
				await new Promise((resolve) => setImmediate(resolve));
				if (f.changes.length > 0 || f.rescan) {
					continue;
				}
				await exactPass(id, f);
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

/** The changes that arrived, with the fast path for edited buffers. */
async function applyChanges(id: string, f: Folder): Promise<void> {
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
	delta(id, f, entries, performance.now() - t0, entries.approximate?.length ? 'fast' : 'full');
}

/** Nothing else waits: the exact analysis of the buffers the fast path answered. */
async function exactPass(id: string, f: Folder): Promise<void> {
	const paths = [...f.inexact];
	f.inexact.clear();
	const t0 = performance.now();
	const entries = await f.index.update(paths.map((p) => ({ path: p, kind: 'changed' as const })));
	delta(id, f, entries, performance.now() - t0, 'full');
}

/** Posts an update's entries and schedules the cache write for when updates settle. */
function delta(id: string, f: Folder, entries: Awaited<ReturnType<FolderIndex['update']>>, millis: number, pass: 'fast' | 'full'): void {
	if (f.closed) {
		return;
	}
	post({ type: 'delta', folder: id, files: f.index.table.size, entries, millis, pass, analysed: entries.analysed ?? 0 });
	clearTimeout(f.saveTimer);
	f.saveTimer = setTimeout(() => saveCache(id, f), SAVE_DELAY);
}

async function scan(id: string, f: Folder): Promise<void> {
	const abort = new AbortController();
	f.abort = abort;
	post({ type: 'scanning', folder: id });
	const t0 = performance.now();
	const fresh = f.fresh;
	f.fresh = false;
	if (f.restore) {
		f.restore = false;
		const restored = f.index.restore();
		if (restored) {
			post({ type: 'snapshot', folder: id, ...restored, millis: performance.now() - t0 });
		}
	}
	let last = 0;
	try {
		const snap = await f.index.rescan(abort.signal, (done, total) => {
			const now = performance.now();
			if (now - last > 100) {
				last = now;
				post({ type: 'progress', folder: id, done, total });
			}
		}, fresh);
		if (!f.closed) {
			post({ type: 'snapshot', folder: id, ...snap, millis: performance.now() - t0 });
			// After the result is out: writing the cache is no part of the time to a result.
			saveCache(id, f);
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
