import * as vscode from 'vscode';

/**
 * The line the user is typing on: set by an edit within one line of the active editor's document,
 * cleared when the cursor leaves that line (or another editor becomes active, or an edit spans
 * lines). Diagnostics hold back the syntax problems of an annotation on that line until it is
 * complete or left, so that `@iso27001 A.8.` is not flagged at every keystroke.
 */
export class TypingLine implements vscode.Disposable {
	private current: { readonly uri: vscode.Uri; readonly line: number } | undefined;
	private readonly left = new vscode.EventEmitter<vscode.Uri>();
	/** Fires with the document whose typed line the cursor left. */
	readonly onDidLeave = this.left.event;
	private readonly disposables: vscode.Disposable[];

	constructor() {
		this.disposables = [
			this.left,
			vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
			vscode.window.onDidChangeTextEditorSelection((e) => {
				if (this.current && e.textEditor.document.uri.toString() === this.current.uri.toString()
					&& !e.selections.some((s) => s.active.line === this.current?.line)) {
					this.leave();
				}
			}),
			vscode.window.onDidChangeActiveTextEditor((editor) => {
				if (this.current && editor?.document.uri.toString() !== this.current.uri.toString()) {
					this.leave();
				}
			}),
			vscode.workspace.onDidCloseTextDocument((d) => {
				if (this.current?.uri.toString() === d.uri.toString()) {
					this.leave();
				}
			}),
		];
	}

	/** The document and 0-based line being typed, if any. */
	get at(): { readonly uri: vscode.Uri; readonly line: number } | undefined {
		return this.current;
	}

	/** The 0-based line being typed in `uri`, if any. */
	lineIn(uri: vscode.Uri): number | undefined {
		return this.current && this.current.uri.toString() === uri.toString() ? this.current.line : undefined;
	}

	dispose(): void {
		this.current = undefined;
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	private onEdit(e: vscode.TextDocumentChangeEvent): void {
		if (e.contentChanges.length === 0 || e.document !== vscode.window.activeTextEditor?.document) {
			return;
		}
		const line = e.contentChanges[0].range.start.line;
		const withinLine = e.contentChanges.every((c) => c.range.start.line === line && c.range.end.line === line && !c.text.includes('\n'));
		if (!withinLine) {
			this.leave();
			return;
		}
		if (this.lineIn(e.document.uri) !== line) {
			this.leave();
			this.current = { uri: e.document.uri, line };
		}
	}

	private leave(): void {
		const was = this.current;
		this.current = undefined;
		if (was) {
			this.left.fire(was.uri);
		}
	}
}
