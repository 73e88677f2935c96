import * as vscode from 'vscode';

/** A folder's first scan that runs longer than this also shows a notification (with Cancel). */
const NOTIFY_AFTER = 4000;
/** The views that show a progress bar while a scan runs. */
const VIEWS = ['iso27001.coverage', 'iso27001.findings'];

/** `vscode.window.withProgress`, or a stand-in (tests). */
export type WithProgress = <R>(options: vscode.ProgressOptions, task: (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>) => Thenable<R>;

interface Running {
	done: number;
	total: number;
	report?: (done: number, total: number) => void;
	readonly closers: (() => void)[];
	timer?: NodeJS.Timeout;
}

/**
 * Progress of each folder's running scan, quietly: a progress bar on the views for every scan (the
 * status bar item spins meanwhile), and a cancellable notification only when a folder's first scan
 * runs long. The notification counts files only once the total is known (never "0 of 0").
 */
export class ScanProgress {
	private readonly entries = new Map<string, Running>();

	constructor(
		private readonly cancel: (folder: vscode.WorkspaceFolder) => void,
		private readonly withProgress: WithProgress = (options, task) => vscode.window.withProgress(options, task),
		private readonly notifyAfter = NOTIFY_AFTER,
	) {}

	/** A scan of `folder` started; `first`: the folder has no result yet. */
	show(folder: vscode.WorkspaceFolder, first: boolean): void {
		const key = folder.uri.toString();
		if (this.entries.has(key)) {
			return;
		}
		const entry: Running = { done: 0, total: 0, closers: [] };
		this.entries.set(key, entry);
		const until = (): Promise<void> => new Promise<void>((resolve) => entry.closers.push(resolve));
		for (const viewId of VIEWS) {
			void this.withProgress({ location: { viewId } }, until);
		}
		if (first) {
			entry.timer = setTimeout(() => this.entries.get(key) === entry && this.notify(folder, entry, until), this.notifyAfter);
		}
	}

	report(key: string, done: number, total: number): void {
		const p = this.entries.get(key);
		if (p) {
			p.done = done;
			p.total = total;
			p.report?.(done, total);
		}
	}

	end(key: string): void {
		const p = this.entries.get(key);
		if (p) {
			clearTimeout(p.timer);
			this.entries.delete(key);
			p.closers.forEach((close) => close());
		}
	}

	endAll(): void {
		[...this.entries.keys()].forEach((key) => this.end(key));
	}

	private notify(folder: vscode.WorkspaceFolder, entry: Running, until: () => Promise<void>): void {
		void this.withProgress({
			location: vscode.ProgressLocation.Notification, cancellable: true, title: `ISO 27001: indexing ${folder.name}`,
		}, (progress, token) => {
			let reported = 0;
			entry.report = (done, total) => {
				if (total > 0) {
					const pct = (done / total) * 100;
					progress.report({ message: `${done.toLocaleString()} of ${total.toLocaleString()} files`, increment: pct - reported });
					reported = pct;
				}
			};
			entry.report(entry.done, entry.total);
			token.onCancellationRequested(() => this.cancel(folder));
			return until();
		});
	}
}
