import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Finding } from '../core/types';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** Nodes of the findings tree: category → file → finding. */
export type FindingNode =
	| { readonly kind: 'category'; readonly category: Category; readonly findings: readonly Located[] }
	| { readonly kind: 'file'; readonly category: Category; readonly uri: vscode.Uri; readonly label: string; readonly findings: readonly Located[] }
	| { readonly kind: 'finding'; readonly item: Located };

/** A finding with the folder it belongs to. */
export interface Located {
	readonly folder: FolderState;
	readonly finding: Finding;
	readonly uri: vscode.Uri;
}

/**
 * The findings view `iso27001.findings`: sensitive code that no annotation maps and no ignore
 * accepts, by category and file, each with an inline "Add annotation" action.
 */
export class FindingsTree implements vscode.TreeDataProvider<FindingNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<FindingNode | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	private readonly subscription: vscode.Disposable;
	private view: vscode.TreeView<FindingNode> | undefined;

	constructor(private readonly index: WorkspaceIndex) {
		this.subscription = index.onDidChange(() => this.refresh());
	}

	attach(): vscode.TreeView<FindingNode> {
		this.view = vscode.window.createTreeView('iso27001.findings', { treeDataProvider: this, showCollapseAll: true });
		this.refresh();
		return this.view;
	}

	refresh(): void {
		if (this.view) {
			const n = this.unmapped().length;
			this.view.description = n > 0 ? `${n} unmapped` : undefined;
			this.view.badge = n > 0 ? { value: n, tooltip: `${n} unmapped sensitive-code finding${n === 1 ? '' : 's'}` } : undefined;
		}
		this.changed.fire(undefined);
	}

	getChildren(node?: FindingNode): FindingNode[] {
		if (!node) {
			const all = this.unmapped();
			return CATEGORIES.map((category) => ({ kind: 'category' as const, category, findings: all.filter((l) => l.finding.category === category) }))
				.filter((c) => c.findings.length > 0);
		}
		if (node.kind === 'category') {
			const byFile = new Map<string, Located[]>();
			for (const l of node.findings) {
				const key = l.uri.toString();
				byFile.set(key, [...(byFile.get(key) ?? []), l]);
			}
			const multi = this.index.folders().length > 1;
			return [...byFile.values()].map((list) => ({
				kind: 'file' as const, category: node.category, uri: list[0].uri, findings: list,
				label: multi ? `${list[0].folder.folder.name}/${list[0].finding.file}` : list[0].finding.file,
			}));
		}
		if (node.kind === 'file') {
			return node.findings.map((item) => ({ kind: 'finding', item }));
		}
		return [];
	}

	getTreeItem(node: FindingNode): vscode.TreeItem {
		if (node.kind === 'category') {
			const item = new vscode.TreeItem(node.category, vscode.TreeItemCollapsibleState.Expanded);
			item.description = `${node.findings.length}`;
			item.iconPath = new vscode.ThemeIcon('shield');
			item.contextValue = 'category';
			return item;
		}
		if (node.kind === 'file') {
			const item = new vscode.TreeItem(node.uri, vscode.TreeItemCollapsibleState.Expanded);
			item.label = node.label;
			item.description = `${node.findings.length}`;
			item.contextValue = 'file';
			return item;
		}
		const { finding: f, uri } = node.item;
		const item = new vscode.TreeItem(f.api, vscode.TreeItemCollapsibleState.None);
		item.description = `line ${f.line} → ${f.suggestedControls.join(', ')}`;
		item.tooltip = `${f.message}\nSuggested controls: ${f.suggestedControls.join(', ')}`;
		item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
		item.contextValue = 'finding';
		const at = new vscode.Range(f.line - 1, f.column - 1, f.line - 1, f.column - 1);
		item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: at }] };
		return item;
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}

	private unmapped(): Located[] {
		const out: Located[] = [];
		for (const folder of this.index.folders()) {
			for (const finding of this.index.result(folder)?.result.findings ?? []) {
				if (!finding.mapped && !finding.ignored) {
					out.push({ folder, finding, uri: vscode.Uri.joinPath(folder.folder.uri, finding.file) });
				}
			}
		}
		return out;
	}
}
