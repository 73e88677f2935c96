import * as path from 'node:path';
import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Finding } from '../core/types';
import type { FolderState } from './folderState';

/** A finding with the folder it belongs to. */
export interface Located {
	readonly folder: FolderState;
	readonly finding: Finding;
	readonly uri: vscode.Uri;
}

/** Nodes of the findings tree: category → file → finding. */
export type FindingNode =
	| { readonly kind: 'category'; readonly category: Category; readonly findings: readonly Located[] }
	| { readonly kind: 'file'; readonly category: Category; readonly uri: vscode.Uri; readonly label: string; readonly folder: string; readonly findings: readonly Located[] }
	| { readonly kind: 'finding'; readonly item: Located };

type FindingRow = Extract<FindingNode, { kind: 'finding' }>;
/** Category and file rows: the same objects from one change to the next, their content replaced in place. */
interface CategoryRow {
	readonly kind: 'category';
	readonly category: Category;
	findings: Located[];
	files: FileRow[];
}
interface FileRow {
	readonly kind: 'file';
	readonly category: Category;
	readonly uri: vscode.Uri;
	readonly label: string;
	readonly folder: string;
	findings: Located[];
	children: FindingRow[];
	key: string;
}

/** Rows to refresh after a change: some nodes, or (`all`) the whole tree. */
export type FindingsRefresh = { readonly all: true } | { readonly all: false; readonly nodes: readonly FindingNode[] };

const findingKey = (f: Finding): string => `${f.line}:${f.column}:${f.end?.line ?? ''}:${f.end?.column ?? ''}:${f.category}:${f.api}:${f.message}:${f.suggestedControls.join(',')}`;
const byPlace = (a: Finding, b: Finding): number => a.line - b.line || a.column - b.column;

/**
 * The findings tree's rows. Per folder and file, its unmapped findings (read from the index's file
 * table, file by file); `update` re-reads the files of a change and tells which rows changed: a
 * file row whose findings changed, a category row whose count or files changed, or the whole tree
 * when a category appears or goes.
 */
export class FindingsModel {
	/** Per folder key, per path: the file's unmapped findings, by place. */
	private readonly files = new Map<string, Map<string, Located[]>>();
	private readonly categories = new Map<Category, CategoryRow>();
	private readonly fileRows = new Map<string, FileRow>();

	constructor(private readonly folders: () => readonly FolderState[]) {}

	/** Shown categories, in the order of `CATEGORIES`. */
	roots(): FindingNode[] {
		return CATEGORIES.map((c) => this.categories.get(c)).filter((c) => c !== undefined && c.findings.length > 0) as CategoryRow[];
	}

	childrenOf(node: FindingNode): FindingNode[] {
		return node.kind === 'category' ? (node as CategoryRow).files : node.kind === 'file' ? (node as FileRow).children : [];
	}

	/** Every unmapped finding, in folder and file order. */
	all(): Located[] {
		return CATEGORIES.flatMap((c) => this.categories.get(c)?.findings ?? []);
	}

	/** Re-reads every file of every folder. */
	rebuild(): void {
		this.files.clear();
		this.fileRows.clear();
		for (const folder of this.folders()) {
			const byPath = new Map<string, Located[]>();
			this.files.set(folder.folder.uri.toString(), byPath);
			for (const e of folder.table.entries()) {
				this.read(folder, e.path, byPath);
			}
		}
		for (const c of CATEGORIES) {
			this.regroup(c);
		}
	}

	/** Re-reads the files of a change (all of the folder's when `files` is undefined); returns the rows that changed. */
	update(folder: FolderState, files: readonly string[] | undefined): FindingsRefresh {
		if (files === undefined || !this.files.has(folder.folder.uri.toString())) {
			this.rebuild();
			return { all: true };
		}
		const byPath = this.files.get(folder.folder.uri.toString())!;
		const touched = new Set<Category>();
		for (const p of files) {
			const before = byPath.get(p) ?? [];
			const after = this.read(folder, p, byPath);
			if (before.map((l) => findingKey(l.finding)).join('\n') !== after.map((l) => findingKey(l.finding)).join('\n')) {
				[...before, ...after].forEach((l) => touched.add(l.finding.category));
			}
		}
		const shape = (row: CategoryRow | undefined): string => `${row?.findings.length ?? 0}|${row?.files.map((f) => f.uri.toString()).join(' ') ?? ''}`;
		const nodes: FindingNode[] = [];
		let all = false;
		for (const c of touched) {
			const before = shape(this.categories.get(c));
			const shown = (this.categories.get(c)?.findings.length ?? 0) > 0;
			const changedFiles = this.regroup(c);
			const now = this.categories.get(c)!;
			// A category that appears or goes changes the root's rows.
			all ||= shown !== now.findings.length > 0;
			nodes.push(...(before !== shape(now) ? [now] : changedFiles));
		}
		return all ? { all } : { all, nodes };
	}

	/** The unmapped findings of one file, stored (or dropped when none is left). */
	private read(folder: FolderState, p: string, byPath: Map<string, Located[]>): Located[] {
		const findings = (folder.table.get(p).analysis?.findings ?? []).filter((f) => !f.mapped && !f.ignored);
		if (findings.length === 0) {
			byPath.delete(p);
			return [];
		}
		const uri = vscode.Uri.joinPath(folder.folder.uri, p);
		const located = [...findings].sort(byPlace).map((finding) => ({ folder, finding, uri }));
		byPath.set(p, located);
		return located;
	}

	/** Rebuilds one category's rows from the stored files, reusing the file rows; returns those whose content changed. */
	private regroup(category: Category): FileRow[] {
		const row = this.categories.get(category) ?? { kind: 'category', category, findings: [], files: [] };
		this.categories.set(category, row);
		const multi = this.folders().length > 1;
		const changed: FileRow[] = [];
		row.findings = [];
		row.files = [];
		for (const folder of this.folders()) {
			const byPath = this.files.get(folder.folder.uri.toString());
			for (const p of [...(byPath?.keys() ?? [])].sort()) {
				const list = byPath!.get(p)!.filter((l) => l.finding.category === category);
				if (list.length === 0) {
					continue;
				}
				row.findings.push(...list);
				const file = this.fileRow(category, folder, p, list, multi);
				if (file.changed) {
					changed.push(file.row);
				}
				row.files.push(file.row);
			}
		}
		const live = new Set(row.files);
		for (const [k, f] of this.fileRows) {
			if (f.category === category && !live.has(f)) {
				this.fileRows.delete(k);
			}
		}
		return changed;
	}

	private fileRow(category: Category, folder: FolderState, p: string, list: Located[], multi: boolean): { row: FileRow; changed: boolean } {
		const id = `${category}|${list[0].uri.toString()}`;
		const key = list.map((l) => findingKey(l.finding)).join('\n');
		let row = this.fileRows.get(id);
		const changed = row?.key !== key;
		if (!row) {
			const dir = path.posix.dirname(p);
			row = {
				kind: 'file', category, uri: list[0].uri, label: path.posix.basename(p), findings: list, children: [], key: '',
				folder: [multi ? folder.folder.name : '', dir === '.' ? '' : dir].filter((x) => x !== '').join('/'),
			};
			this.fileRows.set(id, row);
		}
		row.findings = list;
		if (changed) {
			row.key = key;
			row.children = list.map((item) => ({ kind: 'finding', item }));
		}
		return { row, changed };
	}
}
