import * as vscode from 'vscode';
import type { WorkspaceIndex } from './workspaceIndex';

/** Coverage % and unmapped findings of the workspace; a click focuses the coverage view. */
export class StatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('iso27001.status', vscode.StatusBarAlignment.Left, 50);
	private readonly subscription: vscode.Disposable;

	constructor(private readonly index: WorkspaceIndex) {
		this.item.name = 'ISO 27001 coverage';
		this.item.command = 'iso27001.coverage.focus';
		this.subscription = index.onDidChange(() => this.render());
		this.render();
	}

	/** The text shown, for tests. */
	get text(): string {
		return this.item.text;
	}

	/** The hover shown, for tests. */
	get tooltip(): vscode.MarkdownString | string | undefined {
		return this.item.tooltip;
	}

	render(): void {
		const folders = this.index.folders();
		if (folders.length === 0) {
			this.item.hide();
			return;
		}
		let covered = 0;
		let applicable = 0;
		let unmapped = 0;
		let scanning = false;
		let broken = false;
		let partial = false;
		let results = 0;
		for (const f of folders) {
			scanning ||= f.scanning;
			partial ||= !f.scanning && f.settings !== undefined && !f.complete;
			broken ||= f.configError !== undefined;
			const r = this.index.result(f)?.result;
			if (!r) {
				continue;
			}
			results++;
			covered += r.coverage.controls.filter((c) => c.status === 'covered').length;
			applicable += r.coverage.controls.filter((c) => c.status !== 'excluded').length;
			unmapped += r.findings.filter((x) => !x.mapped && !x.ignored).length;
		}
		const icon = scanning ? '$(sync~spin)' : broken ? '$(error)' : '$(shield)';
		if (results === 0) {
			// No result yet: a spinner (or the error), never a percentage that is not one.
			this.item.text = `${icon} ISO 27001`;
			this.item.tooltip = scanning ? 'ISO 27001: indexing…' : broken ? 'ISO 27001: `.iso27001.yaml` or its catalog has an error: see the Problems panel' : 'ISO 27001: not indexed';
			this.item.show();
			return;
		}
		const percent = applicable === 0 ? 0 : Math.round((covered / applicable) * 1000) / 10;
		this.item.text = `${icon} ISO 27001 ${percent}%${partial ? ' (partial)' : ''}${unmapped > 0 ? ` $(warning) ${unmapped}` : ''}`;
		const tip = new vscode.MarkdownString(undefined, true);
		tip.appendMarkdown(`**ISO 27001 coverage: ${percent}%** (${covered} of ${applicable} applicable controls annotated)\n\n`);
		tip.appendMarkdown(`${unmapped} unmapped sensitive-code finding${unmapped === 1 ? '' : 's'}`);
		if (broken) {
			tip.appendMarkdown('\n\n$(error) `.iso27001.yaml` or its catalog has an error: see the Problems panel');
		}
		if (scanning) {
			tip.appendMarkdown('\n\nIndexing…');
		}
		if (partial) {
			tip.appendMarkdown('\n\nIndexing was cancelled: these figures cover part of the workspace. [Rescan](command:iso27001.rescan)');
			tip.isTrusted = { enabledCommands: ['iso27001.rescan'] };
		}
		this.item.tooltip = tip;
		this.item.show();
	}

	dispose(): void {
		this.subscription.dispose();
		this.item.dispose();
	}
}
