/**
 * Completion of control IDs inside `@iso27001` / `@iso27001-file` comments and of categories after
 * `@iso27001-ignore`, from the workspace folder's catalog and Statement of Applicability.
 *
 * Cost: every request first checks the cursor's line alone (`directiveContextAt`, no allocation of
 * the document text), so a `.` or space typed in ordinary code returns at once. Only when the line
 * holds a directive whose ID list the cursor is in, the document up to the end of that line is lexed
 * with the engine's lexer (the only reliable way to tell a comment from a string or code, including
 * block comments and docstrings that start lines above) — about 1–3 ms for a 2,000-line file, once
 * per document version (the result is cached and shared with the hover).
 */
import * as vscode from 'vscode';
import { createControlIdResolver, type ControlIdResolver } from '../core/annotations/controlIds';
import { directiveContextAt, type DirectiveContext } from '../core/annotations/directiveContext';
import { byRelevance, type Relevance } from '../core/catalog/relevance';
import { catalogLookup, searchControls } from '../core/catalog/search';
import { CATEGORY_DESCRIPTIONS, categorySuggestions } from '../core/detection/categories';
import { lex, languageForPath, languageSpec } from '../core/lexer';
import type { WorkspaceSettings } from '../core/config/workspace';
import { CATEGORIES, type Catalog, type CatalogControl, type Comment, type LexResult } from '../core/types';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

const MARKER = '@iso27001';

// ---------------------------------------------------------------------------------------------
// Shared with hover.ts: "is this position in a comment", catalog helpers, Markdown text.
// ---------------------------------------------------------------------------------------------

interface LexCache {
	readonly uri: string;
	readonly version: number;
	/** Last 0-based line included in the lexed text. */
	readonly upToLine: number;
	readonly lexed: LexResult;
}

let lexCache: LexCache | undefined;

/** The engine's language id for a document (VS Code's ids are the lexer's; else by file name). */
function languageOf(document: vscode.TextDocument): string {
	return languageSpec(document.languageId) ? document.languageId : languageForPath(document.uri.path) ?? document.languageId;
}

/** Comments and strings of the document from its start to the end of `line` (0-based), cached per version. */
function lexThrough(document: vscode.TextDocument, line: number): LexResult {
	const uri = document.uri.toString();
	const c = lexCache;
	if (c && c.uri === uri && c.version === document.version && c.upToLine >= line) {
		return c.lexed;
	}
	// Lexing is left to right, so the text up to the end of `line` decides what that line holds.
	const end = document.lineAt(line).range.end;
	const lexed = lex(document.getText(new vscode.Range(0, 0, end.line, end.character)), languageOf(document));
	lexCache = { uri, version: document.version, upToLine: line, lexed };
	return lexed;
}

/**
 * The comment that contains the directive marker at `markerColumn` of `line` (0-based), or
 * undefined when the marker is in code or a string.
 */
export function commentAt(document: vscode.TextDocument, line: number, markerColumn: number): Comment | undefined {
	const offset = document.offsetAt(new vscode.Position(line, markerColumn));
	const { comments } = lexThrough(document, line);
	// Comments are sorted and do not overlap: the last one starting at or before the offset.
	let lo = 0;
	let hi = comments.length - 1;
	let found: Comment | undefined;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		if (comments[mid].start <= offset) {
			found = comments[mid];
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found && offset >= found.contentStart && offset + MARKER.length <= found.contentEnd ? found : undefined;
}

/** Where the comment's content ends on `line`, as a column (the line's length when it runs on). */
export function commentEndColumn(document: vscode.TextDocument, comment: Comment, line: number): number {
	const end = document.positionAt(comment.contentEnd);
	return end.line === line ? end.character : document.lineAt(line).text.length;
}

/** The documents completion and hover serve: files, and new unsaved documents. */
export const DOCUMENTS: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }];

/**
 * The folder whose settings apply to a document, and its path there: its own folder's, or for a new
 * unsaved document (or a file outside the workspace) the first indexed folder's, without a path.
 */
export function settingsFolder(index: WorkspaceIndex, uri: vscode.Uri): { state: FolderState; rel: string | undefined } | undefined {
	const at = index.locate(uri);
	if (at) {
		return at;
	}
	const first = index.folders().find((f) => f.settings !== undefined);
	return first && { state: first, rel: undefined };
}

const resolvers = new WeakMap<Catalog, ControlIdResolver>();

/** The catalog's ID resolver (with its legacy catalogs), built once per catalog object. */
export function resolverFor(settings: WorkspaceSettings): ControlIdResolver {
	let r = resolvers.get(settings.catalog);
	if (!r) {
		r = createControlIdResolver(settings.catalog, settings.legacy);
		resolvers.set(settings.catalog, r);
	}
	return r;
}

/** Escapes text for Markdown. */
export function md(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** `applicable`, or `excluded: justification` per the Statement of Applicability. */
export function applicabilityText(settings: WorkspaceSettings, id: string): string {
	const entry = settings.config.soa[id];
	if (!entry || entry.applicable) {
		return 'applicable';
	}
	return entry.justification ? `excluded: ${entry.justification}` : 'excluded (no justification given)';
}

/** Theme line of a control: `Technological (A.8)`. */
export function themeText(catalog: Catalog, control: CatalogControl): string {
	const theme = catalogLookup(catalog).theme(control.theme);
	return theme ? `${theme.name} (${theme.id})` : control.theme;
}

/** Description, theme and applicability of a control (completion documentation). */
function controlDocumentation(settings: WorkspaceSettings, control: CatalogControl): vscode.MarkdownString {
	const m = new vscode.MarkdownString();
	m.appendMarkdown(`**${md(control.id)}** ${md(control.title)}\n\n`);
	m.appendMarkdown(`${md(control.description)}\n\n`);
	m.appendMarkdown(`Theme: ${md(themeText(settings.catalog, control))}  \n`);
	m.appendMarkdown(`Applicability: ${md(applicabilityText(settings, control.id))}`);
	return m;
}

// ---------------------------------------------------------------------------------------------
// The provider.
// ---------------------------------------------------------------------------------------------

/** Everything before the directive context check is line-local; see the file comment for the cost. */
export class AnnotationCompletionProvider implements vscode.CompletionItemProvider {
	constructor(private readonly index: WorkspaceIndex) {}

	provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList | undefined {
		const line = document.lineAt(position.line).text;
		if (!line.includes(MARKER)) {
			return undefined;
		}
		const at = settingsFolder(this.index, document.uri);
		const settings = at?.state.settings;
		if (!at || !settings) {
			return undefined;
		}
		const looksLikeId = resolverFor(settings).looksLikeId;
		let ctx = directiveContextAt(line, position.character, looksLikeId);
		if (!ctx) {
			return undefined;
		}
		const comment = commentAt(document, position.line, ctx.markerStart);
		if (!comment) {
			return undefined;
		}
		const lineEnd = commentEndColumn(document, comment, position.line);
		if (lineEnd < line.length) {
			// A block comment closes on this line: the directive ends there.
			ctx = directiveContextAt(line, position.character, looksLikeId, lineEnd);
			if (!ctx) {
				return undefined;
			}
		}
		const range = {
			inserting: new vscode.Range(position.line, ctx.start, position.line, position.character),
			replacing: new vscode.Range(position.line, ctx.start, position.line, ctx.end),
		};
		const items = ctx.kind === 'category'
			? categoryItems(settings, ctx, range, line.slice(ctx.end, lineEnd).trim() === '')
			: idItems(settings, ctx, range, this.relevance(at.state, at.rel, position.line + 1, ctx.directive === 'file', settings), line.slice(ctx.end, lineEnd).trim() === '');
		// Incomplete: the ranking is ours (searchControls), so VS Code asks again as the word grows.
		return new vscode.CompletionList(items, true);
	}

	/**
	 * The controls suggested by the unmapped findings the annotation on `line` (1-based) would cover
	 * (those anchored just below it, or the whole file's for `@iso27001-file`; the line itself too,
	 * while the index has not seen the new line yet), and how often the folder uses each control.
	 */
	private relevance(state: FolderState, rel: string | undefined, line: number, fileLevel: boolean, settings: WorkspaceSettings): Relevance {
		const findings = rel === undefined ? [] : state.table.get(rel).analysis?.findings ?? [];
		const suggested = findings
			.filter((f) => !f.mapped && !f.ignored && (fileLevel || f.anchor?.line === line || f.anchor?.line === line + 1))
			.flatMap((f) => f.suggestedControls);
		const coverage = this.index.result(state)?.result.coverage.controls ?? [];
		return {
			suggested: [...new Set(suggested)],
			used: new Map(coverage.map((c) => [c.id, c.locations])),
			excluded: (id) => settings.config.soa[id]?.applicable === false,
		};
	}
}

type ItemRange = { inserting: vscode.Range; replacing: vscode.Range };

function rankText(i: number): string {
	return String(i).padStart(4, '0');
}

/**
 * Control IDs of the folder's catalog matching the partial word, by relevance (`byRelevance`), each
 * row with the control's title beside its ID; an ID inserted at the end of its line comes with
 * ` — rationale` (the placeholder selected).
 */
function idItems(settings: WorkspaceSettings, ctx: DirectiveContext, range: ItemRange, relevance: Relevance, atLineEnd: boolean): vscode.CompletionItem[] {
	const present = new Set(ctx.present);
	const ordered = byRelevance(searchControls(settings.catalog, ctx.partial).filter((m) => !present.has(m.control.id)), relevance);
	return ordered.map((m, i) => {
		const c = m.control;
		const excluded = relevance.excluded(c.id);
		const item = new vscode.CompletionItem({ label: c.id, description: excluded ? `${c.title} (excluded)` : c.title }, vscode.CompletionItemKind.Reference);
		item.detail = excluded ? `${c.title} (excluded by the Statement of Applicability)` : c.title;
		item.documentation = controlDocumentation(settings, c);
		// An ID at the end of the line (no rationale yet) comes with a placeholder for one (an auditor needs the why).
		item.insertText = atLineEnd ? new vscode.SnippetString().appendText(`${c.id} — `).appendPlaceholder('rationale') : c.id;
		item.range = range;
		item.sortText = rankText(i);
		// Starts with the typed word so that VS Code's fuzzy filter keeps every match of ours with the
		// same score (our rank decides), and holds the title for filtering as the user types on.
		item.filterText = `${ctx.partial} ${c.id} ${c.title}`;
		item.preselect = i === 0 && ctx.partial !== '';
		return item;
	});
}

/** The six categories, each with the controls it suggests; with a reason placeholder at the line end. */
function categoryItems(settings: WorkspaceSettings, ctx: DirectiveContext, range: ItemRange, atLineEnd: boolean): vscode.CompletionItem[] {
	const lookup = catalogLookup(settings.catalog);
	const partial = ctx.partial.toLowerCase();
	const ordered = [...CATEGORIES].sort((a, b) => Number(!a.startsWith(partial)) - Number(!b.startsWith(partial)));
	return ordered.map((category, i) => {
		const controls = categorySuggestions(settings.catalog)[category];
		const item = new vscode.CompletionItem(category, vscode.CompletionItemKind.EnumMember);
		item.detail = controls.length > 0 ? `suggests ${controls.join(', ')}` : 'suggests no control of this catalog';
		const doc = new vscode.MarkdownString();
		doc.appendMarkdown(`Ignore **${md(category)}** findings in this scope: ${md(CATEGORY_DESCRIPTIONS[category])}.\n\n`);
		doc.appendMarkdown('Suggested controls:\n');
		for (const id of controls) {
			const title = lookup.control(id)?.title;
			doc.appendMarkdown(`- ${md(id)}${title ? ` ${md(title)}` : ''}\n`);
		}
		doc.appendMarkdown('\nA reason is mandatory: `@iso27001-ignore CATEGORY — reason`.');
		item.documentation = doc;
		item.insertText = atLineEnd ? new vscode.SnippetString(`${category} — \${1:reason}`) : category;
		item.range = range;
		item.sortText = rankText(i);
		item.filterText = `${category} ${CATEGORY_DESCRIPTIONS[category]}`;
		return item;
	});
}

/** Registers the completion provider for files and new unsaved documents. */
export function registerCompletion(index: WorkspaceIndex): vscode.Disposable {
	return vscode.languages.registerCompletionItemProvider(DOCUMENTS, new AnnotationCompletionProvider(index), ' ', '.', ',');
}
