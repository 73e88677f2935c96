import * as vscode from 'vscode';
import { catalogLookup } from '../core/catalog/search';
import { evidenceKindOfPath } from '../core/lexer';
import { md } from './completion';
import { readSettings } from './settings';
import type { Annotation, CatalogControl, ControlCoverage, CoverageStatus } from '../core/types';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** Nodes of the coverage tree: (folder →) theme → control → location. */
export type CoverageNode =
	| { readonly kind: 'folder'; readonly folder: FolderState }
	| { readonly kind: 'theme'; readonly folder: FolderState; readonly theme: string; readonly name: string }
	| { readonly kind: 'control'; readonly folder: FolderState; readonly control: ControlCoverage }
	| { readonly kind: 'location'; readonly folder: FolderState; readonly control: string; readonly annotation: Annotation }
	/** An `evidence:` entry of the control's SoA entry: a repository path or an http(s) URL. */
	| { readonly kind: 'evidence'; readonly folder: FolderState; readonly control: string; readonly ref: string };

/** Opens an http(s) evidence link in the browser (`vscode.env.openExternal`): the evidence nodes' command. */
export const OPEN_LINK_COMMAND = 'iso27001.openEvidenceLink';

export const UNCOVERED_ONLY_CONTEXT = 'iso27001.uncoveredOnly';
/** `noWorkspace`, `indexing`, `configError`, `empty` (nothing annotated yet) or `ready`: drives the welcome views. */
export const STATE_CONTEXT = 'iso27001.state';

/**
 * The coverage view `iso27001.coverage`: every control of the catalog by theme, with its status,
 * the number of code locations and, for controls excluded by the Statement of Applicability, the
 * justification; below each control, its annotated locations (code and documents; click opens them)
 * and its SoA evidence (a path opens the file, a link opens in the browser).
 */
export class CoverageTree implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<CoverageNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	private uncoveredOnly = false;
	private shownState = '';
	private readonly subscription: vscode.Disposable;
	private view: vscode.TreeView<CoverageNode> | undefined;

	constructor(private readonly index: WorkspaceIndex, private readonly media: vscode.Uri) {
		this.subscription = index.onDidChange(() => this.refresh());
	}

	/** Creates the view and keeps its description (coverage %) current. */
	attach(): vscode.TreeView<CoverageNode> {
		this.view = vscode.window.createTreeView('iso27001.coverage', { treeDataProvider: this, showCollapseAll: true });
		this.refresh();
		return this.view;
	}

	/** What the welcome view shows (`iso27001.state`), for tests. */
	get state(): string {
		return this.shownState;
	}

	/** The view's description (coverage %, partial or not), for tests. */
	get description(): string | undefined {
		return this.view?.description;
	}

	setUncoveredOnly(on: boolean): void {
		this.uncoveredOnly = on;
		void vscode.commands.executeCommand('setContext', UNCOVERED_ONLY_CONTEXT, on);
		this.refresh();
	}

	refresh(): void {
		const folders = this.index.folders();
		const results = folders.map((f) => this.index.result(f)?.result).filter((r) => r !== undefined);
		let state = 'ready';
		if (folders.length === 0) {
			// No folder indexed yet is "disabled" only when the setting says so (else indexing is about to start).
			const open = vscode.workspace.workspaceFolders ?? [];
			state = open.length === 0 ? 'noWorkspace' : open.every((f) => !readSettings(f).enable) ? 'disabled' : 'indexing';
		} else if (folders.some((f) => f.configError) && results.length === 0) {
			state = 'configError';
		} else if (results.length === 0) {
			state = 'indexing';
		} else if (results.every((r) => r.annotations.length === 0)) {
			state = 'empty';
		}
		this.shownState = state;
		void vscode.commands.executeCommand('setContext', STATE_CONTEXT, state);
		if (this.view) {
			const covered = results.reduce((n, r) => n + r.coverage.controls.filter((c) => c.status === 'covered').length, 0);
			const applicable = results.reduce((n, r) => n + r.coverage.controls.filter((c) => c.status !== 'excluded').length, 0);
			const partial = folders.some((f) => !f.scanning && f.settings !== undefined && !f.complete);
			const shown = this.uncoveredOnly ? ` · showing the ${applicable - covered} uncovered` : '';
			this.view.description = applicable > 0 ? `${Math.round((covered / applicable) * 1000) / 10}% covered${shown}${partial ? ' (partial: indexing was cancelled)' : ''}` : undefined;
		}
		this.changed.fire(undefined);
	}

	getChildren(node?: CoverageNode): CoverageNode[] {
		if (!node) {
			const folders = this.index.folders().filter((f) => this.index.result(f) !== undefined);
			if (folders.every((f) => this.index.result(f)!.result.annotations.length === 0)) {
				return []; // The welcome view explains how to start.
			}
			return folders.length === 1 ? this.themes(folders[0]) : folders.map((folder) => ({ kind: 'folder', folder }));
		}
		switch (node.kind) {
			case 'folder':
				return this.themes(node.folder);
			case 'theme':
				return this.controls(node.folder).filter((c) => c.theme === node.name).map((control) => ({ kind: 'control', folder: node.folder, control }));
			case 'control':
				return [
					...(this.index.result(node.folder)?.result.annotations ?? [])
						.filter((a) => a.controls.includes(node.control.id))
						.map((annotation): CoverageNode => ({ kind: 'location', folder: node.folder, control: node.control.id, annotation })),
					...(node.control.evidence ?? []).map((ref): CoverageNode => ({ kind: 'evidence', folder: node.folder, control: node.control.id, ref })),
				];
			case 'location':
			case 'evidence':
				return [];
		}
	}

	getTreeItem(node: CoverageNode): vscode.TreeItem {
		switch (node.kind) {
			case 'folder': {
				const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
				const r = this.index.result(node.folder)?.result;
				item.description = r ? `${r.coverage.percent}% covered` : 'indexing…';
				item.iconPath = vscode.ThemeIcon.Folder;
				item.contextValue = 'folder';
				return item;
			}
			case 'theme':
				return this.themeItem(node.folder, node.theme, node.name);
			case 'control':
				return this.controlItem(node.folder, node.control);
			case 'location':
				return locationItem(node.folder, node.annotation);
			case 'evidence':
				return evidenceItem(node.folder, node.ref);
		}
	}

	getParent(node: CoverageNode): CoverageNode | undefined {
		const single = this.index.folders().length === 1;
		switch (node.kind) {
			case 'folder':
				return undefined;
			case 'theme':
				return single ? undefined : { kind: 'folder', folder: node.folder };
			case 'control': {
				const t = node.folder.settings?.catalog.themes.find((x) => x.name === node.control.theme);
				return { kind: 'theme', folder: node.folder, theme: t?.id ?? node.control.theme, name: node.control.theme };
			}
			case 'location':
			case 'evidence': {
				const control = this.controls(node.folder).find((c) => c.id === node.control);
				return control && { kind: 'control', folder: node.folder, control };
			}
		}
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	private themes(folder: FolderState): CoverageNode[] {
		const catalog = folder.settings?.catalog;
		const shown = new Set(this.controls(folder).map((c) => c.theme));
		return (catalog?.themes ?? []).filter((t) => shown.has(t.name)).map((t) => ({ kind: 'theme', folder, theme: t.id, name: t.name }));
	}

	private controls(folder: FolderState): ControlCoverage[] {
		const all = this.index.result(folder)?.result.coverage.controls ?? [];
		return this.uncoveredOnly ? all.filter((c) => c.status === 'uncovered') : [...all];
	}

	/**
	 * `A.8 Technological`, `12/34 covered` (or `22 uncovered` when only those are shown). The id does
	 * not change with the filter, so the themes the user expanded stay expanded.
	 */
	private themeItem(folder: FolderState, id: string, name: string): vscode.TreeItem {
		// Coverage entries name their theme (`Organizational`), as the CLI's JSON does.
		const all = this.index.result(folder)?.result.coverage.controls.filter((c) => c.theme === name) ?? [];
		const covered = all.filter((c) => c.status === 'covered').length;
		const applicable = all.filter((c) => c.status !== 'excluded').length;
		const excluded = all.length - applicable;
		const label = `${id} ${name}`;
		const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
		item.description = this.uncoveredOnly ? `${applicable - covered} uncovered` : `${covered}/${applicable} covered`;
		item.id = `${folder.folder.uri.toString()}#${id}`;
		item.contextValue = 'theme';
		const summary = `${covered} of ${applicable} applicable control${applicable === 1 ? '' : 's'} covered${excluded > 0 ? `, ${excluded} excluded by the Statement of Applicability` : ''}`;
		item.tooltip = `${label}: ${summary}${this.uncoveredOnly ? ` (showing the ${applicable - covered} uncovered)` : ''}`;
		item.accessibilityInformation = { label: `${label}, ${summary}` };
		return item;
	}

	private controlItem(folder: FolderState, c: ControlCoverage): vscode.TreeItem {
		const evidence = c.evidence?.length ?? 0;
		const item = new vscode.TreeItem(`${c.id} ${c.title}`, c.locations + evidence > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
		item.id = `${folder.folder.uri.toString()}#${c.id}`;
		const soa = folder.settings?.config.soa[c.id];
		const found = [c.locations > 0 ? locations(c.locations) : '', evidence > 0 ? `${evidence} SoA evidence` : ''].filter((x) => x).join(', ');
		item.description = c.status === 'excluded' ? 'excluded (SoA)' : found || 'not covered';
		item.iconPath = this.statusIcon(c.status);
		item.contextValue = `control-${c.status}`;
		const catalog = folder.settings?.catalog;
		const control: CatalogControl | undefined = catalog && catalogLookup(catalog).control(c.id);
		const tip = new vscode.MarkdownString();
		tip.appendMarkdown(`**${c.id} ${c.title}**\n\n`);
		if (control?.description) {
			tip.appendMarkdown(`${md(control.description)}\n\n`);
		}
		tip.appendMarkdown(`Status: **${c.status}**${c.locations > 0 ? ` · ${locations(c.locations)}` : ''}\n\n`);
		if (soa) {
			tip.appendMarkdown(soa.applicable ? 'Statement of Applicability: applicable' : 'Statement of Applicability: **not applicable** — ');
			if (!soa.applicable) {
				tip.appendMarkdown(md(soa.justification || '(no justification given)'));
			}
			if (soa.implementation) {
				tip.appendMarkdown(`\n\nImplementation: ${md(soa.implementation)}`);
			}
		}
		item.tooltip = tip;
		item.accessibilityInformation = { label: `${c.id} ${c.title}, ${c.status}${c.locations > 0 ? `, ${locations(c.locations)}` : ''}` };
		return item;
	}

	private statusIcon(status: CoverageStatus): { light: vscode.Uri; dark: vscode.Uri } {
		return { light: vscode.Uri.joinPath(this.media, 'light', `${status}.svg`), dark: vscode.Uri.joinPath(this.media, 'dark', `${status}.svg`) };
	}
}

/** `1 location`, `2 locations`. */
function locations(n: number): string {
	return `${n} location${n === 1 ? '' : 's'}`;
}

/** An annotated location, code or document: opens at its line. */
function locationItem(folder: FolderState, a: Annotation): vscode.TreeItem {
	const item = new vscode.TreeItem(`${a.file}:${a.line}`, vscode.TreeItemCollapsibleState.None);
	const document = evidenceKindOfPath(a.file) === 'document';
	item.description = [document ? 'document' : '', a.scope.symbol, a.rationale].filter((x) => x).join(' — ');
	const uri = vscode.Uri.joinPath(folder.folder.uri, a.file);
	item.resourceUri = uri;
	item.iconPath = document ? new vscode.ThemeIcon('book') : vscode.ThemeIcon.File;
	const where = `Covers lines ${a.scope.startLine}–${a.scope.endLine} (${document ? `${a.scope.kind} of a document` : a.scope.kind})`;
	item.tooltip = new vscode.MarkdownString(`**${md(`${a.file}:${a.line}`)}**${a.scope.symbol ? ` · \`${a.scope.symbol}\`` : ''}\n\n${a.rationale ? md(a.rationale) : '_no rationale_'}\n\n${where}`);
	item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: new vscode.Range(a.line - 1, 0, a.line - 1, 0) }] };
	item.contextValue = 'location';
	return item;
}

/** True for the http(s) URLs the configuration accepts as evidence links (everything else is a path). */
export function isEvidenceLink(ref: string): boolean {
	return /^https?:\/\//i.test(ref);
}

/** An SoA evidence entry: a link opens in the browser, a repository path in the editor. */
function evidenceItem(folder: FolderState, ref: string): vscode.TreeItem {
	const item = new vscode.TreeItem(ref, vscode.TreeItemCollapsibleState.None);
	item.contextValue = 'evidence';
	if (isEvidenceLink(ref)) {
		const uri = vscode.Uri.parse(ref, true);
		item.description = 'SoA evidence · link';
		item.iconPath = new vscode.ThemeIcon('link-external');
		item.tooltip = `Statement of Applicability evidence: ${ref} (opens in the browser)`;
		item.command = { command: OPEN_LINK_COMMAND, title: 'Open in Browser', arguments: [uri] };
		return item;
	}
	const uri = vscode.Uri.joinPath(folder.folder.uri, ...ref.split('/'));
	item.description = `SoA evidence · ${evidenceKindOfPath(ref)}`;
	item.resourceUri = uri;
	item.iconPath = evidenceKindOfPath(ref) === 'document' ? new vscode.ThemeIcon('book') : vscode.ThemeIcon.File;
	item.tooltip = `Statement of Applicability evidence: ${ref}`;
	item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
	return item;
}
