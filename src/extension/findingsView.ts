import * as path from 'node:path';
import * as vscode from 'vscode';
import { catalogLookup } from '../core/catalog/search';
import { CATEGORY_CONTROLS, CATEGORY_DESCRIPTIONS, categorySuggestions } from '../core/detection/categories';
import { CATEGORIES, type Category, type Finding } from '../core/types';
import { md } from './completion';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** Nodes of the findings tree: category → file → finding. */
export type FindingNode =
	| { readonly kind: 'category'; readonly category: Category; readonly findings: readonly Located[] }
	| { readonly kind: 'file'; readonly category: Category; readonly uri: vscode.Uri; readonly label: string; readonly folder: string; readonly findings: readonly Located[] }
	| { readonly kind: 'finding'; readonly item: Located };

/** Each category's name in the view, and its icon. */
export const CATEGORY_VIEW: Readonly<Record<Category, { readonly name: string; readonly icon: string }>> = {
	crypto: { name: 'Cryptography', icon: 'key' },
	auth: { name: 'Authentication', icon: 'account' },
	'access-control': { name: 'Access control', icon: 'shield' },
	secrets: { name: 'Secrets', icon: 'lock' },
	tls: { name: 'TLS', icon: 'globe' },
	logging: { name: 'Security logging', icon: 'output' },
};

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
			return [...byFile.values()].map((list) => {
				const { folder, finding } = list[0];
				const dir = path.posix.dirname(finding.file);
				return {
					kind: 'file' as const, category: node.category, uri: list[0].uri, findings: list, label: path.posix.basename(finding.file),
					folder: [multi ? folder.folder.name : '', dir === '.' ? '' : dir].filter((x) => x !== '').join('/'),
				};
			});
		}
		if (node.kind === 'file') {
			return node.findings.map((item) => ({ kind: 'finding', item }));
		}
		return [];
	}

	getTreeItem(node: FindingNode): vscode.TreeItem {
		if (node.kind === 'category') {
			return this.categoryItem(node.category, node.findings);
		}
		if (node.kind === 'file') {
			// The label is the file name (never cut off), the folder goes after it; the icon is the file's.
			const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
			item.resourceUri = node.uri;
			item.iconPath = vscode.ThemeIcon.File;
			item.description = node.folder || undefined;
			const n = node.findings.length;
			item.tooltip = `${node.folder ? `${node.folder}/` : ''}${node.label}: ${n} unmapped ${CATEGORY_VIEW[node.category].name.toLowerCase()} finding${n === 1 ? '' : 's'}`;
			item.contextValue = 'file';
			return item;
		}
		const { finding: f, uri } = node.item;
		const item = new vscode.TreeItem(f.api, vscode.TreeItemCollapsibleState.None);
		item.description = `line ${f.line} → ${f.suggestedControls.join(', ')}`;
		item.tooltip = `${f.message}\nSuggested controls: ${f.suggestedControls.join(', ')}`;
		item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
		item.contextValue = 'finding';
		const at = new vscode.Range(f.line - 1, f.column - 1, (f.end?.line ?? f.line) - 1, (f.end?.column ?? f.column) - 1);
		item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: at }] };
		return item;
	}

	/** "Cryptography", its own icon, and a tooltip saying what the category holds and which controls it suggests. */
	private categoryItem(category: Category, findings: readonly Located[]): vscode.TreeItem {
		const { name, icon } = CATEGORY_VIEW[category];
		const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
		item.description = `${findings.length}`;
		item.iconPath = new vscode.ThemeIcon(icon);
		item.contextValue = 'category';
		const settings = findings[0]?.folder.settings;
		const lookup = settings && catalogLookup(settings.catalog);
		const tip = new vscode.MarkdownString();
		tip.appendMarkdown(`**${md(name)}**: sensitive code for ${md(CATEGORY_DESCRIPTIONS[category])}, which no annotation maps yet.\n\n`);
		tip.appendMarkdown('Suggested controls:\n');
		for (const id of settings ? categorySuggestions(settings.catalog)[category] : CATEGORY_CONTROLS[category]) {
			tip.appendMarkdown(`- **${md(id)}** ${md(lookup?.control(id)?.title ?? '')}\n`);
		}
		tip.appendMarkdown(`\nAccept an exception with \`@iso27001-ignore ${category} — reason\`.`);
		item.tooltip = tip;
		item.accessibilityInformation = { label: `${name}, ${findings.length} unmapped finding${findings.length === 1 ? '' : 's'}` };
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
