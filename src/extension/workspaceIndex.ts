import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../core/config/loadConfig';
import { relativeTo, type FileChange, type FolderIndexOptions } from '../core/live/folderIndex';
import { startIndexWorker } from '../core/live/indexThread';
import type { HostMessage, WorkerMessage } from '../core/live/protocol';
import type { AssembledResult } from '../core/coverage/assemble';
import { ChangeQueue } from './changeQueue';
import type { Log } from './log';
import { applyDelta, applySnapshot, folderCacheLocation, newFolderState, type Assets, type FolderState, type IndexChange } from './folderState';
import type { ListenerCount } from './listenerCount';
import { ScanProgress } from './scanProgress';
import { filesExclude, readSettings, RESCAN_KEYS, SECTION } from './settings';
import { stopIndexWorker } from './workerShutdown';

export type { Assets, FolderState, IndexChange } from './folderState';

/** Quiet time after the last keystroke before a buffer is re-analysed. */
const EDIT_DELAY = 200;
/** File-system events are gathered until this much quiet (see `ChangeQueue`). */
const FS_DELAY = 300;

/**
 * The workspace index, on the extension host's side. All analysis happens in one worker thread
 * (which uses more threads for full scans); this side gathers edits and file events, debounces
 * and coalesces them, posts them, and mirrors the results per folder. It owns the watchers,
 * the document listeners and the progress notification.
 */
export class WorkspaceIndex implements vscode.Disposable {
	private readonly changeEmitter = new vscode.EventEmitter<IndexChange>();
	/** Fires when a folder's content changed. */
	readonly onDidChange: vscode.Event<IndexChange>;
	private readonly states = new Map<string, FolderState>();
	private readonly disposables: vscode.Disposable[] = [];
	private readonly watchers = new Map<string, vscode.Disposable>();
	private worker: Worker | undefined;
	private seq = 0;
	/** Per folder: the last sequence number sent and the last one the worker finished. */
	private readonly sent = new Map<string, number>();
	private readonly finished = new Map<string, number>();
	private readonly idleWaiters: { folder: string; seq: number; resolve: () => void }[] = [];
	/** Pending changes per folder, flushed after the quiet time. */
	private readonly pending = new ChangeQueue(() => this.flush());
	private readonly progress = new ScanProgress((folder) => this.cancel(folder));
	private readonly cached = new Map<string, AssembledResult>();
	private disposed = false;
	/**
	 * Settles once the index is disposed and its worker stopped, after the worker has done the
	 * persistent cache writes still waiting for updates to settle (see `stopIndexWorker`).
	 * `deactivate()` returns it, so the extension host lets the writes finish before it exits.
	 */
	readonly stopped: Promise<void>;
	private markStopped: () => void = () => undefined;

	/** `listeners`: counts the subscriptions to {@link onDidChange} (tests only). */
	constructor(private readonly assets: Assets, private readonly trusted: () => boolean, private readonly log: Log, listeners?: ListenerCount) {
		this.onDidChange = listeners ? listeners.wrap(this.changeEmitter.event) : this.changeEmitter.event;
		this.stopped = new Promise((resolve) => {
			this.markStopped = resolve;
		});
	}

	/** Starts indexing every folder and listening to changes. Called after activation returns. */
	start(): void {
		if (this.disposed || this.worker) {
			return;
		}
		const w = startIndexWorker(path.join(this.assets.dist, 'indexWorker.js'));
		w.on('message', (m: WorkerMessage) => this.onWorkerMessage(m));
		w.on('error', (e) => {
			this.log.error(`the index worker stopped: ${e.stack ?? e.message}`);
			void vscode.window.showErrorMessage(`ISO 27001 indexer stopped: ${e.message}`);
		});
		w.unref();
		this.worker = w;
		const ws = vscode.workspace;
		this.disposables.push(
			ws.onDidChangeWorkspaceFolders((e) => {
				e.removed.forEach((f) => this.closeFolder(f));
				e.added.forEach((f) => this.openFolder(f));
			}),
			ws.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.queueDocument(e.document)),
			ws.onDidSaveTextDocument((d) => {
				const at = this.locate(d.uri);
				if (at && this.isSettingsFile(at.state, at.rel)) {
					this.send({ type: 'rescan', folder: at.state.folder.uri.toString() });
				} else {
					this.queueDocument(d);
				}
			}),
			ws.onDidOpenTextDocument((d) => d.isDirty && this.queueDocument(d)),
			ws.onDidCloseTextDocument((d) => this.queueUri(d.uri, { kind: 'changed', text: null })),
			// Explorer and WorkspaceEdit operations: known before the watcher reports them.
			ws.onDidRenameFiles((e) => e.files.forEach((f) => {
				this.queueUri(f.oldUri, { kind: 'deleted' });
				this.queueUri(f.newUri, { kind: 'changed' });
			})),
			ws.onDidCreateFiles((e) => e.files.forEach((u) => this.queueUri(u, { kind: 'changed' }))),
			ws.onDidDeleteFiles((e) => e.files.forEach((u) => this.queueUri(u, { kind: 'deleted' }))),
			ws.onDidChangeConfiguration((e) => {
				// Every folder of the workspace, not only the indexed ones: switching iso27001.enable back on reopens a folder.
				for (const folder of ws.workspaceFolders ?? []) {
					if (RESCAN_KEYS.some((k) => e.affectsConfiguration(`${SECTION}.${k}`, folder)) || e.affectsConfiguration('files.exclude', folder)) {
						this.openFolder(folder);
					}
				}
			}),
			ws.onDidGrantWorkspaceTrust(() => this.states.forEach((s) => this.openFolder(s.folder))),
		);
		for (const f of ws.workspaceFolders ?? []) {
			this.openFolder(f);
		}
	}

	/** True while the worker thread runs (false after dispose). */
	get running(): boolean {
		return this.worker !== undefined;
	}

	folders(): FolderState[] {
		return [...this.states.values()];
	}

	folderFor(uri: vscode.Uri): FolderState | undefined {
		const f = vscode.workspace.getWorkspaceFolder(uri);
		return f && this.states.get(f.uri.toString());
	}

	/** Path of `uri` relative to its folder (`/` separators), with the folder's state. */
	locate(uri: vscode.Uri): { state: FolderState; rel: string } | undefined {
		const state = this.folderFor(uri);
		const rel = state && uri.scheme === 'file' ? relativeTo(state.folder.uri.fsPath, uri.fsPath) : null;
		return state && rel !== null ? { state, rel } : undefined;
	}

	/** The folder's result as `iso27001 scan --format json` would print it (assembled once per change). */
	result(state: FolderState): AssembledResult | undefined {
		const key = state.folder.uri.toString();
		let r = this.cached.get(key);
		if (!r && state.settings) {
			r = state.table.assemble({
				tool: { name: 'iso27001-annotations', version: this.assets.version },
				root: state.folder.uri.fsPath, catalog: state.settings.catalog, soa: state.settings.config.soa, settings: state.settings,
			});
			this.cached.set(key, r);
		}
		return r;
	}

	/** Resolves once every change made so far (including unsaved edits still debounced) is indexed. */
	async whenIdle(): Promise<void> {
		this.start();
		this.flush();
		const waits = [...this.sent]
			.filter(([folder, seq]) => (this.finished.get(folder) ?? -1) < seq)
			.map(([folder, seq]) => new Promise<void>((resolve) => this.idleWaiters.push({ folder, seq, resolve })));
		await Promise.all(waits);
	}

	/**
	 * Scans the folders again (all of them by default): from scratch, every file analysed again, unless
	 * `fresh` is false (unchanged files then keep their results from the persistent cache).
	 */
	rescan(folder?: vscode.WorkspaceFolder, { fresh = true } = {}): void {
		for (const s of this.states.values()) {
			if (!folder || s.folder.uri.toString() === folder.uri.toString()) {
				this.send({ type: 'rescan', folder: s.folder.uri.toString(), fresh });
			}
		}
	}

	/**
	 * Stops the running scans (of every folder by default): what the progress notification's Cancel
	 * does. The folder keeps the files analysed so far, marked incomplete until the next full scan.
	 */
	cancel(folder?: vscode.WorkspaceFolder): void {
		for (const s of this.states.values()) {
			if (!folder || s.folder.uri.toString() === folder.uri.toString()) {
				this.send({ type: 'cancel', folder: s.folder.uri.toString() });
			}
		}
	}

	dispose(): void {
		this.disposed = true;
		this.pending.dispose();
		for (const d of this.disposables) {
			d.dispose();
		}
		for (const d of this.watchers.values()) {
			d.dispose();
		}
		this.progress.endAll();
		const worker = this.worker;
		this.worker = undefined;
		this.changeEmitter.dispose();
		this.idleWaiters.splice(0).forEach((w) => w.resolve());
		// Changes still debounced are dropped: the cache keeps their files' older fingerprints, so they are read next time.
		const folders = new Map([...this.states].map(([key, s]) => [key, s.folder.name]));
		void (worker ? stopIndexWorker(worker, folders, () => ++this.seq, this.log) : Promise.resolve()).then(this.markStopped);
	}

	private openFolder(folder: vscode.WorkspaceFolder): void {
		const key = folder.uri.toString();
		const settings = readSettings(folder);
		if (!settings.enable || folder.uri.scheme !== 'file') {
			this.closeFolder(folder);
			return;
		}
		const previous = this.states.get(key);
		const state: FolderState = previous ?? newFolderState(folder);
		this.states.set(key, state);
		const dist = this.assets.dist;
		const options: FolderIndexOptions = {
			root: folder.uri.fsPath, controlsDir: this.assets.controlsDir, wasmDir: path.join(dist, 'wasm'),
			workerScript: path.join(dist, 'worker.js'), tool: { name: 'iso27001-annotations', version: this.assets.version },
			overrides: settings.maxFileSize === null ? {} : { maxFileSize: settings.maxFileSize },
			extraExclude: [...settings.exclude, ...(settings.respectFilesExclude ? filesExclude(folder) : [])],
			trustCustomRules: this.trusted(),
			cache: settings.cache && this.assets.storage !== undefined ? { location: folderCacheLocation(this.assets.storage, folder.uri), strategy: 'metadata' } : undefined,
		};
		this.log.debug(`${folder.name}: opened (exclude: ${JSON.stringify(options.extraExclude)}, maxFileSize: ${settings.maxFileSize ?? 'from .iso27001.yaml'}, custom rules ${options.trustCustomRules ? 'on' : 'off: restricted mode'}, cache ${options.cache?.location ?? 'off'})`);
		// The last session's results from the cache, while the folder has none to show yet.
		this.send({ type: 'open', folder: key, options, restore: state.settings === undefined });
		if (!this.watchers.has(key)) {
			this.watchers.set(key, this.watch(folder));
		}
	}

	private closeFolder(folder: vscode.WorkspaceFolder): void {
		const key = folder.uri.toString();
		const state = this.states.get(key);
		if (!state) {
			return;
		}
		this.states.delete(key);
		this.cached.delete(key);
		this.pending.drop(key);
		this.watchers.get(key)?.dispose();
		this.watchers.delete(key);
		this.progress.end(key);
		this.send({ type: 'close', folder: key });
		state.table.reset([], []);
		state.settings = undefined;
		state.configError = undefined;
		this.changeEmitter.fire({ folder: state, files: undefined });
	}

	/** One watcher per folder; configuration, `.gitignore` and catalog files trigger a full scan. */
	private watch(folder: vscode.WorkspaceFolder): vscode.Disposable {
		const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
		const onEvent = (uri: vscode.Uri, kind: FileChange['kind']): void => {
			const state = this.states.get(folder.uri.toString());
			const rel = relativeTo(folder.uri.fsPath, uri.fsPath);
			if (!state || rel === null) {
				return;
			}
			if (this.isSettingsFile(state, rel)) {
				this.send({ type: 'rescan', folder: folder.uri.toString() });
				return;
			}
			this.queue(state, rel, { path: rel, kind });
		};
		return vscode.Disposable.from(
			watcher,
			watcher.onDidCreate((u) => onEvent(u, 'changed')),
			watcher.onDidChange((u) => onEvent(u, 'changed')),
			watcher.onDidDelete((u) => onEvent(u, 'deleted')),
		);
	}

	private isSettingsFile(state: FolderState, rel: string): boolean {
		if (rel === CONFIG_FILE_NAME || rel === '.gitignore' || rel.endsWith('/.gitignore')) {
			return true;
		}
		const catalog = state.settings?.config.catalog;
		return catalog !== undefined && (catalog.endsWith('.yaml') || catalog.endsWith('.yml'))
			&& relativeTo(state.folder.uri.fsPath, path.resolve(state.folder.uri.fsPath, catalog)) === rel;
	}

	private queueDocument(doc: vscode.TextDocument): void {
		const at = this.locate(doc.uri);
		if (at && !this.isSettingsFile(at.state, at.rel)) {
			this.queue(at.state, at.rel, doc, EDIT_DELAY);
		}
	}

	private queueUri(uri: vscode.Uri, change: Omit<FileChange, 'path'>): void {
		const at = this.locate(uri);
		if (at && !this.isSettingsFile(at.state, at.rel)) {
			this.queue(at.state, at.rel, { path: at.rel, ...change });
		}
	}

	/** Coalesces: the latest change per path wins; a document's text is taken when the batch is sent. */
	private queue(state: FolderState, rel: string, change: FileChange | vscode.TextDocument, delay = FS_DELAY): void {
		this.pending.add(state.folder.uri.toString(), rel, change, delay);
	}

	private flush(): void {
		for (const [folder, changes] of this.pending.take()) {
			if (this.states.has(folder) && changes.length > 0) {
				this.send({ type: 'changes', folder, changes });
			}
		}
	}

	private send(m: Outgoing): void {
		if (!this.worker) {
			return;
		}
		const seq = ++this.seq;
		if (m.type !== 'cancel') {
			this.sent.set(m.folder, seq);
		}
		this.worker.postMessage({ ...m, seq });
	}

	private onWorkerMessage(m: WorkerMessage): void {
		if (this.disposed) {
			return;
		}
		if (m.type === 'done') {
			this.onDone(m.folder, m.seq);
			return;
		}
		const state = this.states.get(m.folder);
		if (!state) {
			return;
		}
		const key = m.folder;
		this.log.workerMessage(state.folder.name, m);
		let files: readonly string[] | undefined;
		switch (m.type) {
			case 'warning':
			case 'cacheSaved':
				return;
			case 'scanning':
				state.scanning = true;
				this.progress.show(state.folder, state.settings === undefined);
				// No file changed, but the status bar and the views show that a scan runs.
				this.changeEmitter.fire({ folder: state, files: [] });
				return;
			case 'progress':
				this.progress.report(key, m.done, m.total);
				return;
			case 'snapshot':
				applySnapshot(state, m);
				if (!m.provisional) {
					this.progress.end(key);
				}
				break;
			case 'delta':
				files = applyDelta(state, m);
				break;
			case 'configError':
				state.configError = m.error;
				state.scanning = false;
				this.progress.end(key);
				break;
			case 'failed':
				state.scanning = false;
				this.progress.end(key);
				void vscode.window.showErrorMessage(`ISO 27001: indexing ${state.folder.name} failed: ${m.message.split('\n')[0]}`);
				break;
		}
		this.cached.delete(key);
		this.changeEmitter.fire({ folder: state, files });
	}

	/** The worker finished message `seq` of `folder`: whoever waited for it may go on. */
	private onDone(folder: string, seq: number): void {
		this.finished.set(folder, seq);
		for (let i = this.idleWaiters.length - 1; i >= 0; i--) {
			const w = this.idleWaiters[i];
			if (w.folder === folder && seq >= w.seq) {
				this.idleWaiters.splice(i, 1);
				w.resolve();
			}
		}
	}
}

/** A host message before the index gives it its sequence number. */
type Outgoing = HostMessage extends infer M ? M extends { seq: number } ? Omit<M, 'seq'> : M : never;
