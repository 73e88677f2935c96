import * as vscode from 'vscode';
import { catalogLookup } from '../core/catalog/search';
import { CATEGORY_CONTROLS, CATEGORY_DESCRIPTIONS, categorySuggestions } from '../core/detection/categories';
import type { Category } from '../core/types';
import { md } from './completion';
import { FindingsModel, type FindingNode, type Located } from './findingsModel';
import type { IndexChange, WorkspaceIndex } from './workspaceIndex';

export type { FindingNode, Located } from './findingsModel';

/** Each category's name in the view, and its icon. */
export const CATEGORY_VIEW: Readonly<Record<Category, { readonly name: string; readonly icon: string }>> = {
	crypto: { name: 'Cryptography', icon: 'key' },
	auth: { name: 'Authentication', icon: 'account' },
	'access-control': { name: 'Access control', icon: 'shield' },
	secrets: { name: 'Secrets', icon: 'lock' },
	tls: { name: 'TLS', icon: 'globe' },
	logging: { name: 'Security logging', icon: 'output' },
};

/**
 * The findings view `iso27001.findings`: sensitive code that no annotation maps and no ignore
 * accepts, by category and file, each with an inline "Add annotation" action. After a change
 * only the rows that changed are refreshed (`FindingsModel`).
 */
export class FindingsTree implements vscode.TreeDataProvider<FindingNode>, vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<FindingNode | FindingNode[] | undefined>();
	/** Fires the rows that changed, or undefined for the whole tree. */
	readonly onDidChangeTreeData = this.changed.event;
	private readonly model: FindingsModel;
	private readonly subscription: vscode.Disposable;
	private view: vscode.TreeView<FindingNode> | undefined;

	constructor(index: WorkspaceIndex) {
		this.model = new FindingsModel(() => index.folders());
		this.subscription = index.onDidChange((c) => this.onChange(c));
	}

	attach(): vscode.TreeView<FindingNode> {
		this.view = vscode.window.createTreeView('iso27001.findings', { treeDataProvider: this, showCollapseAll: true });
		this.refresh();
		return this.view;
	}

	/** Re-reads every folder and refreshes the whole tree. */
	refresh(): void {
		this.model.rebuild();
		this.describe();
		this.changed.fire(undefined);
	}

	/** A folder changed: refreshes only the rows whose content changed. */
	private onChange(change: IndexChange): void {
		if (change.files?.length === 0) {
			return; // A scan started: no finding changed.
		}
		const r = this.model.update(change.folder, change.files);
		this.describe();
		if (r.all) {
			this.changed.fire(undefined);
		} else if (r.nodes.length > 0) {
			this.changed.fire([...r.nodes]);
		}
	}

	private describe(): void {
		if (this.view) {
			const n = this.model.all().length;
			this.view.description = n > 0 ? `${n} unmapped` : undefined;
			this.view.badge = n > 0 ? { value: n, tooltip: `${n} unmapped sensitive-code finding${n === 1 ? '' : 's'}` } : undefined;
		}
	}

	getChildren(node?: FindingNode): FindingNode[] {
		return node ? this.model.childrenOf(node) : this.model.roots();
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
}
