import * as vscode from 'vscode';

/** A scan shorter than this shows no progress notification (no flash on small workspaces). */
const NOTIFY_AFTER = 600;

interface Progress {
	done: number;
	total: number;
	report?: (done: number, total: number) => void;
	end: () => void;
}

/** The cancellable progress notification of each folder's running scan (none for quick ones). */
export class ScanProgress {
	private readonly entries = new Map<string, Progress>();

	constructor(private readonly cancel: (folder: vscode.WorkspaceFolder) => void) {}

	/** Shows the notification once the scan of `folder` has run for {@link NOTIFY_AFTER} ms. */
	show(folder: vscode.WorkspaceFolder): void {
		const key = folder.uri.toString();
		if (this.entries.has(key)) {
			return;
		}
		let closeUi: (() => void) | undefined;
		const entry: Progress = {
			done: 0, total: 0,
			end: () => {
				clearTimeout(timer);
				this.entries.delete(key);
				closeUi?.();
			},
		};
		const timer = setTimeout(() => {
			if (this.entries.get(key) !== entry) {
				return;
			}
			void vscode.window.withProgress({
				location: vscode.ProgressLocation.Notification, cancellable: true, title: `ISO 27001: indexing ${folder.name}`,
			}, (progress, token) => new Promise<void>((resolve) => {
				closeUi = resolve;
				let reported = 0;
				entry.report = (done, total) => {
					const pct = total > 0 ? (done / total) * 100 : 0;
					progress.report({ message: `${done.toLocaleString()} of ${total.toLocaleString()} files`, increment: pct - reported });
					reported = pct;
				};
				entry.report(entry.done, entry.total);
				token.onCancellationRequested(() => this.cancel(folder));
			}));
		}, NOTIFY_AFTER);
		this.entries.set(key, entry);
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
		this.entries.get(key)?.end();
	}

	endAll(): void {
		this.entries.forEach((p) => p.end());
	}
}
