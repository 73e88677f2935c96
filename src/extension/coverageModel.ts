import type { Annotation, ControlCoverage, Soa } from '../core/types';
import type { FolderState } from './folderState';

/** Nodes of the coverage tree: (folder →) theme → control → location (code or document) or SoA evidence. */
export type CoverageNode =
	| { readonly kind: 'folder'; readonly folder: FolderState }
	| { readonly kind: 'theme'; readonly folder: FolderState; readonly theme: string; readonly name: string }
	| { readonly kind: 'control'; readonly folder: FolderState; readonly control: ControlCoverage }
	| { readonly kind: 'location'; readonly folder: FolderState; readonly control: string; readonly annotation: Annotation }
	/** An `evidence:` entry of the control's SoA entry: a repository path or an http(s) URL. */
	| { readonly kind: 'evidence'; readonly folder: FolderState; readonly control: string; readonly ref: string };

type FolderNode = Extract<CoverageNode, { kind: 'folder' }>;
type ThemeNode = Extract<CoverageNode, { kind: 'theme' }>;
type LocationNode = Extract<CoverageNode, { kind: 'location' }>;
type EvidenceNode = Extract<CoverageNode, { kind: 'evidence' }>;
/** A control row: the same object from one change to the next, its coverage replaced in place. */
interface ControlNode {
	readonly kind: 'control';
	readonly folder: FolderState;
	control: ControlCoverage;
	/** Its annotated locations, then its SoA evidence. */
	children: (LocationNode | EvidenceNode)[];
	/** What the row and its children show: when it changes, the row is refreshed. */
	key: string;
}

/** One folder's rows, kept from one change to the next so that only the changed ones are refreshed. */
interface FolderRows {
	readonly node: FolderNode;
	themes: ThemeNode[];
	readonly themeKeys: Map<string, string>;
	readonly controls: Map<string, ControlNode>;
	/** In catalog order. */
	order: ControlNode[];
	percent: number | undefined;
	annotated: boolean;
}

/** What a folder's rows are built from: its result's coverage and annotations (undefined before its first scan). */
export interface CoverageSource {
	readonly controls: readonly ControlCoverage[];
	readonly annotations: readonly Annotation[];
	readonly percent: number;
	readonly themes: readonly { readonly id: string; readonly name: string }[];
	/** The folder's Statement of Applicability: its text is in the control rows' tooltips. */
	readonly soa?: Soa;
}

/** Rows to refresh after a change: some nodes, or (`all`) the whole tree. */
export type CoverageRefresh = { readonly all: true } | { readonly all: false; readonly nodes: readonly CoverageNode[] };

const locationKey = (a: Annotation): string => `${a.file}:${a.line}:${a.scope.kind}:${a.scope.startLine}-${a.scope.endLine}:${a.scope.symbol ?? ''}:${a.rationale}`;

/** What a control row and its children show: when it changes, the row is refreshed. */
function controlKey(c: ControlCoverage, annotations: readonly Annotation[], soa: Soa | undefined): string {
	const entry = soa?.[c.id];
	const tip = entry ? `${entry.applicable}|${entry.justification}|${entry.implementation ?? ''}` : '';
	return `${c.status}|${c.locations}|${(c.evidence ?? []).join(' ')}|${tip}|${annotations.map(locationKey).join('\n')}`;
}

function childrenOf(folder: FolderState, c: ControlCoverage, annotations: readonly Annotation[]): (LocationNode | EvidenceNode)[] {
	return [
		...annotations.map((annotation): LocationNode => ({ kind: 'location', folder, control: c.id, annotation })),
		...(c.evidence ?? []).map((ref): EvidenceNode => ({ kind: 'evidence', folder, control: c.id, ref })),
	];
}

/**
 * The coverage tree's rows per folder. `update` re-reads one folder's coverage and tells which rows
 * changed: a control whose status, count, locations, SoA evidence or SoA text changed, a theme whose counts (or, when only
 * uncovered controls are shown, whose rows) changed, a folder whose percentage changed. Rows that
 * did not change keep their objects, which is how VS Code keeps them (and their expansion) as they are.
 */
export class CoverageModel {
	private readonly folders = new Map<string, FolderRows>();

	constructor(private readonly uncoveredOnly: () => boolean) {}

	rows(folder: FolderState): FolderRows | undefined {
		return this.folders.get(folder.folder.uri.toString());
	}

	/** Forgets folders no longer indexed. */
	keep(folders: readonly FolderState[]): boolean {
		const keys = new Set(folders.map((f) => f.folder.uri.toString()));
		let dropped = false;
		for (const k of [...this.folders.keys()]) {
			if (!keys.has(k)) {
				this.folders.delete(k);
				dropped = true;
			}
		}
		return dropped;
	}

	/** Re-reads `folder` from `source`; returns the rows that changed. */
	update(folder: FolderState, source: CoverageSource | undefined): CoverageRefresh {
		const key = folder.folder.uri.toString();
		let rows = this.folders.get(key);
		const fresh = rows === undefined;
		rows ??= { node: { kind: 'folder', folder }, themes: [], themeKeys: new Map(), controls: new Map(), order: [], percent: undefined, annotated: false };
		this.folders.set(key, rows);
		const byControl = new Map<string, Annotation[]>();
		for (const a of source?.annotations ?? []) {
			for (const c of a.controls) {
				byControl.set(c, [...(byControl.get(c) ?? []), a]);
			}
		}
		const changed: ControlNode[] = [];
		const order: ControlNode[] = [];
		for (const c of source?.controls ?? []) {
			const annotations = byControl.get(c.id) ?? [];
			const k = controlKey(c, annotations, source?.soa);
			let node = rows.controls.get(c.id);
			if (!node || node.key !== k) {
				node ??= { kind: 'control', folder, control: c, children: [], key: '' };
				Object.assign(node, { control: c, key: k, children: childrenOf(folder, c, annotations) });
				rows.controls.set(c.id, node);
				changed.push(node);
			}
			order.push(node);
		}
		rows.order = order;
		const structure = this.themesChanged(rows, folder, source);
		const themes = this.changedThemes(rows);
		const annotated = (source?.annotations.length ?? 0) > 0;
		if (fresh || structure || annotated !== rows.annotated) {
			rows.annotated = annotated;
			rows.percent = source?.percent;
			return { all: true };
		}
		const inChangedTheme = new Set(themes.map((t) => t.name));
		const nodes: CoverageNode[] = [...themes, ...changed.filter((n) => !inChangedTheme.has(n.control.theme))];
		if (source?.percent !== rows.percent) {
			rows.percent = source?.percent;
			nodes.push(rows.node);
		}
		return { all: false, nodes };
	}

	/** The controls shown under a theme (only the uncovered ones when so filtered). */
	controlsOf(rows: FolderRows, themeName?: string): ControlNode[] {
		const shown = this.uncoveredOnly() ? rows.order.filter((n) => n.control.status === 'uncovered') : rows.order;
		return themeName === undefined ? shown : shown.filter((n) => n.control.theme === themeName);
	}

	/** Rebuilds the theme rows when the set of themes shown changed; true then. */
	private themesChanged(rows: FolderRows, folder: FolderState, source: CoverageSource | undefined): boolean {
		const shown = new Set(this.controlsOf(rows).map((n) => n.control.theme));
		const themes = (source?.themes ?? []).filter((t) => shown.has(t.name));
		const same = themes.length === rows.themes.length && themes.every((t, i) => rows.themes[i].theme === t.id && rows.themes[i].name === t.name);
		if (!same) {
			rows.themes = themes.map((t) => ({ kind: 'theme', folder, theme: t.id, name: t.name }));
			rows.themeKeys.clear();
			for (const t of rows.themes) {
				rows.themeKeys.set(t.name, this.themeKey(rows, t.name));
			}
		}
		return !same;
	}

	/** Themes whose counts or shown rows changed (their keys are brought up to date). */
	private changedThemes(rows: FolderRows): ThemeNode[] {
		return rows.themes.filter((t) => {
			const k = this.themeKey(rows, t.name);
			const changed = rows.themeKeys.get(t.name) !== k;
			rows.themeKeys.set(t.name, k);
			return changed;
		});
	}

	private themeKey(rows: FolderRows, name: string): string {
		const all = rows.order.filter((n) => n.control.theme === name);
		const counts = ['covered', 'uncovered', 'excluded'].map((s) => all.filter((n) => n.control.status === s).length).join('/');
		return `${counts}|${this.controlsOf(rows, name).map((n) => n.control.id).join(' ')}`;
	}
}
