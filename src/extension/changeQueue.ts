import type * as vscode from 'vscode';
import type { FileChange } from '../core/live/folderIndex';

/** Changes are never held longer than this after the first one, however busy the typing. */
const MAX_HOLD = 2000;

/**
 * Changes waiting to be sent to the index, per folder and path: the latest change per path wins,
 * and an open document's text is taken only when the batch is sent. `onDue` is called once the
 * quiet time of the last change has passed (or {@link MAX_HOLD} since the first).
 */
export class ChangeQueue {
	private readonly pending = new Map<string, Map<string, FileChange | vscode.TextDocument>>();
	private timer: NodeJS.Timeout | undefined;
	private holdStart = 0;

	constructor(private readonly onDue: () => void) {}

	add(folder: string, rel: string, change: FileChange | vscode.TextDocument, delay: number): void {
		let m = this.pending.get(folder);
		if (!m) {
			m = new Map();
			this.pending.set(folder, m);
		}
		const prior = m.get(rel);
		// A watcher event must not replace a buffer's pending text: the buffer wins.
		if (!(prior && 'getText' in prior && !('getText' in change) && change.kind === 'changed')) {
			m.set(rel, change);
		}
		const now = Date.now();
		if (this.timer === undefined) {
			this.holdStart = now;
		}
		clearTimeout(this.timer);
		const wait = Math.max(0, Math.min(delay, this.holdStart + MAX_HOLD - now));
		this.timer = setTimeout(() => this.onDue(), wait);
	}

	/** Everything pending, per folder, with documents' texts read now (null: saved or closed); the queue is emptied. */
	take(): [string, FileChange[]][] {
		clearTimeout(this.timer);
		this.timer = undefined;
		const out = [...this.pending].map(([folder, m]): [string, FileChange[]] => [folder, [...m].map(([rel, c]): FileChange => ('getText' in c
			? { path: rel, kind: 'changed', text: c.isClosed || !c.isDirty ? null : c.getText() }
			: c))]);
		this.pending.clear();
		return out;
	}

	/** Forgets a folder's pending changes (the folder was closed). */
	drop(folder: string): void {
		this.pending.delete(folder);
	}

	dispose(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}
}
