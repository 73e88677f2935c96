import * as vscode from 'vscode';
import { catalogLookup } from '../core/catalog/search';
import { evidenceKindOfPath } from '../core/lexer';
import { md } from './completion';
import { readSettings } from './settings';
import type { Annotation, CatalogControl, ControlCoverage, CoverageStatus } from '../core/types';
import { CoverageModel, type CoverageNode, type CoverageSource } from './coverageModel';
import type { FolderState, IndexChange, WorkspaceIndex } from './workspaceIndex';

export type { CoverageNode } from './coverageModel';

/** Opens an http(s) evidence link in the browser (`vscode.env.openExternal`): the evidence nodes' command. */
export const OPEN_LINK_COMMAND = 'iso27001.openEvidenceLink';

export const UNCOVERED_ONLY_CONTEXT = 'iso27001.uncoveredOnly';
/** `noWorkspace`, `indexing`, `configError`, `empty` (nothing annotated yet) or `ready`: drives the welcome views. */
export const STATE_CONTEXT = 'iso27001.state';

/**
 * The coverage view `iso27001.coverage`: every control of the catalog by theme, with its status,
 * the number of code locations and, for controls excluded by the Statement of Applicability, the
 * justification; below each control, its annotated locations (code and documents; click opens them)
 * and its SoA evidence (a path opens the file, a link opens in the browser). After a change only the
 * rows that changed are refreshed (`CoverageModel`).
 */
export class CoverageTree implements vscode.TreeDataProvider<CoverageNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<CoverageNode | CoverageNode[] | undefined>();
	/** Fires the rows that changed, or undefined for the whole tree. */
	readonly onDidChangeTreeData = this.changed.event;
	private uncoveredOnly = false;
	private readonly model = new CoverageModel(() => this.uncoveredOnly);
	private shownState = '';
	private readonly subscription: vscode.Disposable;
	private view: vscode.TreeView<CoverageNode> | undefined;

	constructor(private readonly index: WorkspaceIndex, private readonly media: vscode.Uri) {
		this.subscription = index.onDidChange((c) => this.onChange(c));
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

	/** Re-reads every folder and refreshes the whole tree. */
	refresh(): void {
		const folders = this.index.folders();
		this.model.keep(folders);
		for (const f of folders) {
			this.model.update(f, this.source(f));
		}
		this.showState();
		this.changed.fire(undefined);
	}

	/** A folder changed: refreshes only the rows whose content changed. */
	private onChange(change: IndexChange): void {
		this.showState();
		if (change.files?.length === 0) {
			return; // A scan started: the state and the description say so, no row changed.
		}
		const folders = this.index.folders();
		if (this.model.keep(folders) || !folders.includes(change.folder)) {
			this.changed.fire(undefined);
			return;
		}
		const r = this.model.update(change.folder, this.source(change.folder));
		if (r.all) {
			this.changed.fire(undefined);
		} else if (r.nodes.length > 0) {
			this.changed.fire([...r.nodes]);
		}
	}

	private source(folder: FolderState): CoverageSource | undefined {
		const r = this.index.result(folder)?.result;
		return r && {
			controls: r.coverage.controls, annotations: r.annotations, percent: r.coverage.percent,
			themes: folder.settings?.catalog.themes ?? [], soa: folder.settings?.config.soa,
		};
	}

	/** The welcome view's state and the view's description (coverage %). */
	private showState(): void {
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
		if (state !== this.shownState) {
			void vscode.commands.executeCommand('setContext', STATE_CONTEXT, state);
		}
		this.shownState = state;
		if (this.view) {
			const covered = results.reduce((n, r) => n + r.coverage.controls.filter((c) => c.status === 'covered').length, 0);
			const applicable = results.reduce((n, r) => n + r.coverage.controls.filter((c) => c.status !== 'excluded').length, 0);
			const partial = folders.some((f) => !f.scanning && f.settings !== undefined && !f.complete);
			const shown = this.uncoveredOnly ? ` · showing the ${applicable - covered} uncovered` : '';
			this.view.description = applicable > 0 ? `${Math.round((covered / applicable) * 1000) / 10}% covered${shown}${partial ? ' (partial: indexing was cancelled)' : ''}` : undefined;
		}
	}

	getChildren(node?: CoverageNode): CoverageNode[] {
		if (!node) {
			const folders = this.index.folders().filter((f) => (this.model.rows(f)?.order.length ?? 0) > 0);
			if (folders.every((f) => !this.model.rows(f)!.annotated)) {
				return []; // The welcome view explains how to start.
			}
			return folders.length === 1 ? this.themes(folders[0]) : folders.map((f) => this.model.rows(f)!.node);
		}
		const rows = this.model.rows(node.folder);
		switch (node.kind) {
			case 'folder':
				return this.themes(node.folder);
			case 'theme':
				return rows ? this.model.controlsOf(rows, node.name) : [];
			case 'control':
				return rows?.controls.get(node.control.id)?.children ?? [];
			case 'location':
			case 'evidence':
				return [];
		}
	}

	getTreeItem(node: CoverageNode): vscode.TreeItem {
		switch (node.kind) {
			case 'folder': {
				const item = new vscode.TreeItem(node.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
				const percent = this.model.rows(node.folder)?.percent;
				item.description = percent !== undefined ? `${percent}% covered` : 'indexing…';
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
		const rows = this.model.rows(node.folder);
		switch (node.kind) {
			case 'folder':
				return undefined;
			case 'theme':
				return single ? undefined : rows?.node;
			case 'control':
				return rows?.themes.find((t) => t.name === node.control.theme);
			case 'location':
			case 'evidence':
				return rows?.controls.get(node.control);
		}
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	private themes(folder: FolderState): CoverageNode[] {
		return this.model.rows(folder)?.themes ?? [];
	}

	/**
	 * `A.8 Technological`, `12/34 covered` (or `22 uncovered` when only those are shown). The id does
	 * not change with the filter, so the themes the user expanded stay expanded.
	 */
	private themeItem(folder: FolderState, id: string, name: string): vscode.TreeItem {
		// Coverage entries name their theme (`Organizational`), as the CLI's JSON does.
		const all = (this.model.rows(folder)?.order ?? []).map((n) => n.control).filter((c) => c.theme === name);
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
