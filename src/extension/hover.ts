/**
 * Hover on a control ID (2022 or legacy 2013) or an ignore category inside an `@iso27001…` comment:
 * title, theme, description, applicability, coverage and where else the control is annotated.
 */
import * as vscode from 'vscode';
import { directiveTokenAt } from '../core/annotations/directiveContext';
import { catalogLookup } from '../core/catalog/search';
import { CATEGORY_DESCRIPTIONS, categorySuggestions } from '../core/detection/categories';
import type { WorkspaceSettings } from '../core/config/workspace';
import { CATEGORIES, type Annotation, type Category, type ControlCoverage, type ScanResult } from '../core/types';
import { applicabilityText, commentAt, commentEndColumn, DOCUMENTS, md, resolverFor, settingsFolder, themeText } from './completion';
import { isEvidenceLink } from './coverageView';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** How many other locations a hover lists before "and N more". */
const MAX_LOCATIONS = 8;

interface ResultIndex {
	readonly coverage: ReadonlyMap<string, ControlCoverage>;
	/** Annotations by resolved control ID and by legacy ID as written. */
	readonly byControl: ReadonlyMap<string, readonly Annotation[]>;
	readonly byLegacy: ReadonlyMap<string, readonly Annotation[]>;
}

const resultIndexes = new WeakMap<ScanResult, ResultIndex>();

function push(map: Map<string, Annotation[]>, key: string, a: Annotation): void {
	const list = map.get(key);
	if (list) {
		list.push(a);
	} else {
		map.set(key, [a]);
	}
}

/** Lookups over a scan result, built once per result object (the index replaces it on change). */
function indexResult(result: ScanResult): ResultIndex {
	let r = resultIndexes.get(result);
	if (!r) {
		const byControl = new Map<string, Annotation[]>();
		const byLegacy = new Map<string, Annotation[]>();
		for (const a of result.annotations) {
			a.controls.forEach((id) => push(byControl, id, a));
			a.legacyIds.forEach((id) => push(byLegacy, id, a));
		}
		r = { coverage: new Map(result.coverage.controls.map((c) => [c.id, c])), byControl, byLegacy };
		resultIndexes.set(result, r);
	}
	return r;
}

function statusText(c: ControlCoverage | undefined): string {
	if (!c) {
		return 'unknown (not indexed yet)';
	}
	switch (c.status) {
		case 'covered':
			return `covered (${c.locations} location${c.locations === 1 ? '' : 's'})`;
		case 'uncovered':
			return 'not covered';
		case 'excluded':
			return c.locations > 0 ? `excluded by the Statement of Applicability, yet annotated ${c.locations}×` : 'excluded by the Statement of Applicability';
	}
}

/** "Also annotated in": up to MAX_LOCATIONS links (file URI with a line fragment), then a count. */
function locationsMarkdown(state: FolderState, annotations: readonly Annotation[], here: { rel: string; line: number }): string {
	const others = annotations
		.filter((a) => !(a.file === here.rel && a.line === here.line))
		.sort((a, b) => Number(b.file === here.rel) - Number(a.file === here.rel) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
	if (others.length === 0) {
		return 'Not annotated anywhere else.';
	}
	const shown = others.slice(0, MAX_LOCATIONS).map((a) => {
		const uri = vscode.Uri.joinPath(state.folder.uri, ...a.file.split('/')).with({ fragment: `L${a.line}` });
		const symbol = a.scope.symbol ? ` (${md(a.scope.symbol)})` : '';
		return `- [${md(`${a.file}:${a.line}`)}](${uri.toString()})${symbol}`;
	});
	const rest = others.length - shown.length;
	return `Also annotated in:\n\n${shown.join('\n')}${rest > 0 ? `\n- … and ${rest} more` : ''}`;
}

/** The Statement of Applicability's implementation text and evidence of a control (links to each), or nothing. */
function soaMarkdown(state: FolderState, settings: WorkspaceSettings, id: string): string {
	const entry = settings.config.soa[id];
	const lines: string[] = [];
	if (entry?.implementation) {
		lines.push(`Implementation: ${md(entry.implementation)}  \n`);
	}
	const evidence = (entry?.evidence ?? []).map((ref) => {
		const target = isEvidenceLink(ref) ? vscode.Uri.parse(ref, true) : vscode.Uri.joinPath(state.folder.uri, ...ref.split('/'));
		return `[${md(ref)}](${target.toString()})`;
	});
	if (evidence.length > 0) {
		lines.push(`SoA evidence: ${evidence.join(', ')}  \n`);
	}
	return lines.join('');
}

/** Markdown for a token that is an ID: a control of the catalog, a legacy ID, or neither. */
export function idHoverMarkdown(
	settings: WorkspaceSettings, result: ScanResult | undefined, state: FolderState, id: string, here: { rel: string; line: number },
): vscode.MarkdownString {
	const m = new vscode.MarkdownString();
	const r = result ? indexResult(result) : undefined;
	const control = catalogLookup(settings.catalog).control(id);
	if (control) {
		m.appendMarkdown(`**${md(control.id)}** ${md(control.title)}\n\n`);
		m.appendMarkdown(`*${md(themeText(settings.catalog, control))}* · ${md(settings.catalog.title)}\n\n`);
		m.appendMarkdown(`${md(control.description)}\n\n`);
		m.appendMarkdown(`Applicability: ${md(applicabilityText(settings, id))}  \n`);
		m.appendMarkdown(soaMarkdown(state, settings, id));
		m.appendMarkdown(`Coverage: ${md(statusText(r?.coverage.get(id)))}\n\n`);
		m.appendMarkdown(r ? locationsMarkdown(state, r.byControl.get(id) ?? [], here) : '');
		return m;
	}
	const legacy = settings.legacy.map((l) => ({ catalog: l, control: catalogLookup(l).control(id) })).find((x) => x.control);
	if (legacy?.control) {
		const c = legacy.control;
		m.appendMarkdown(`**${md(c.id)}** ${md(c.title)}\n\n`);
		m.appendMarkdown(`*${md(themeText(legacy.catalog, c))}* · ${md(legacy.catalog.title)} (legacy ID)\n\n`);
		m.appendMarkdown(`${md(c.description)}\n\n`);
		const targets = c.mapsTo ?? [];
		m.appendMarkdown(`Maps to ${md(settings.catalog.title)}:\n\n`);
		for (const t of targets) {
			const target = catalogLookup(settings.catalog).control(t);
			m.appendMarkdown(`- **${md(t)}** ${md(target?.title ?? '')} — ${md(applicabilityText(settings, t))}; ${md(statusText(r?.coverage.get(t)))}\n`);
		}
		m.appendMarkdown(`\nRewrite it as ${targets.map((t) => `\`${t}\``).join(', ')} (quick fix available).\n\n`);
		m.appendMarkdown(r ? locationsMarkdown(state, r.byLegacy.get(id) ?? [], here) : '');
		return m;
	}
	m.appendMarkdown(`**${md(id)}** is not a control of ${md(settings.catalog.title)} (\`${settings.catalog.id}\`).`);
	return m;
}

function categoryHoverMarkdown(settings: WorkspaceSettings, category: Category): vscode.MarkdownString {
	const m = new vscode.MarkdownString();
	const lookup = catalogLookup(settings.catalog);
	m.appendMarkdown(`**@iso27001-ignore ${md(category)}**: accepted exception for ${md(CATEGORY_DESCRIPTIONS[category])}.\n\n`);
	m.appendMarkdown('Suggested controls when annotating instead:\n\n');
	for (const id of categorySuggestions(settings.catalog)[category]) {
		m.appendMarkdown(`- **${md(id)}** ${md(lookup.control(id)?.title ?? '')}\n`);
	}
	return m;
}

export class AnnotationHoverProvider implements vscode.HoverProvider {
	constructor(private readonly index: WorkspaceIndex) {}

	provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
		const line = document.lineAt(position.line).text;
		if (!line.includes('@iso27001')) {
			return undefined;
		}
		const at = settingsFolder(this.index, document.uri);
		const settings = at?.state.settings;
		if (!at || !settings) {
			return undefined;
		}
		const looksLikeId = resolverFor(settings).looksLikeId;
		let token = directiveTokenAt(line, position.character, looksLikeId);
		if (!token) {
			return undefined;
		}
		const marker = line.lastIndexOf('@iso27001', token.start);
		const comment = commentAt(document, position.line, marker);
		if (!comment) {
			return undefined;
		}
		const lineEnd = commentEndColumn(document, comment, position.line);
		if (lineEnd < line.length) {
			token = directiveTokenAt(line, position.character, looksLikeId, lineEnd);
			if (!token) {
				return undefined;
			}
		}
		const range = new vscode.Range(position.line, token.start, position.line, token.end);
		if (token.kind === 'category') {
			const category = CATEGORIES.find((c) => c === token?.text);
			return category ? new vscode.Hover(categoryHoverMarkdown(settings, category), range) : undefined;
		}
		const result = this.index.result(at.state)?.result;
		const contents = idHoverMarkdown(settings, result, at.state, token.text, { rel: at.rel ?? '', line: position.line + 1 });
		return new vscode.Hover(contents, range);
	}
}

/** Registers the hover provider for files and new unsaved documents. */
export function registerHover(index: WorkspaceIndex): vscode.Disposable {
	return vscode.languages.registerHoverProvider(DOCUMENTS, new AnnotationHoverProvider(index));
}
