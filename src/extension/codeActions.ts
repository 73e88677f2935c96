import * as vscode from 'vscode';
import { addAnnotationFix, addIgnoreEdit, fixAllEdits, ignoreReasonFix, rewriteLegacyEdit, unknownControlFixes, type TextEdit } from '../core/fixes';
import type { WorkspaceSettings } from '../core/config/workspace';
import type { Finding, Problem } from '../core/types';
import { catalogLookup } from '../core/catalog/search';
import { resolverFor } from './completion';
import { DIAGNOSTIC_SOURCE } from './diagnostics';
import type { WorkspaceIndex } from './workspaceIndex';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('iso27001');

/**
 * Quick fixes for our diagnostics: add `@iso27001 <control>` above the enclosing declaration (one
 * action per suggested control, the first preferred), accept the finding with an
 * `@iso27001-ignore` (cursor left on the reason), rewrite a legacy 2013 ID, fix all in file, put
 * the cursor where a missing ignore reason goes, and replace an unknown ID with the closest controls.
 * The edits come from the engine (`core/fixes`), which knows each language's comment syntax.
 */
export class QuickFixes implements vscode.CodeActionProvider {
	static readonly metadata: vscode.CodeActionProviderMetadata = {
		providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
	};

	constructor(private readonly index: WorkspaceIndex) {}

	provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
		const at = this.index.locate(doc.uri);
		const settings = at?.state.settings;
		if (!at || !settings) {
			return [];
		}
		const entry = at.state.table.get(at.rel).analysis;
		const text = doc.getText();
		const actions: vscode.CodeAction[] = [];
		const wantsFixAll = wantsFixAllKind(context);
		if (!wantsFixAll) {
			for (const d of context.diagnostics) {
				if (d.source !== DIAGNOSTIC_SOURCE) {
					continue;
				}
				const code = codeOf(d);
				const line = d.range.start.line + 1;
				const column = d.range.start.character + 1;
				if (code === 'unmapped-sensitive-code') {
					const f = entry?.findings.find((x) => x.line === line && x.column === column && !x.mapped && !x.ignored);
					if (f) {
						actions.push(...this.findingFixes(doc, text, f, d, settings));
					}
				} else {
					const p = entry?.problems.find((x) => x.code === code && x.line === line && x.column === column);
					if (p) {
						actions.push(...this.problemFixes(doc, text, p, d, settings));
					}
				}
			}
		}
		const fixAll = this.fixAllAction(doc, text, entry?.findings ?? [], settings, context, wantsFixAll);
		if (fixAll) {
			actions.push(fixAll);
		}
		return withoutRepeats(actions);
	}

	/**
	 * "Add annotations for all N findings": as a quick fix only beside one of the diagnostics it fixes
	 * (never a lightbulb on a line without one), and as `source.fixAll.iso27001` when that kind is asked.
	 */
	private fixAllAction(
		doc: vscode.TextDocument, text: string, findings: readonly Finding[], settings: WorkspaceSettings, context: vscode.CodeActionContext, wantsFixAll: boolean,
	): vscode.CodeAction | undefined {
		const open = findings.filter((f) => !f.mapped && !f.ignored);
		const here = context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'unmapped-sensitive-code');
		if (wantsFixAll ? open.length === 0 : !here || open.length < 2) {
			return undefined;
		}
		const edits = fixAllEdits(text, doc.languageId, open, { looksLikeId: resolverFor(settings).looksLikeId });
		if (edits.length === 0) {
			return undefined;
		}
		const a = new vscode.CodeAction(`Add @iso27001 annotations for all ${open.length} unmapped findings in this file`, wantsFixAll ? FIX_ALL_KIND : vscode.CodeActionKind.QuickFix);
		a.edit = toWorkspaceEdit(doc, edits);
		a.diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE && codeOf(d) === 'unmapped-sensitive-code');
		return a;
	}

	private findingFixes(doc: vscode.TextDocument, text: string, f: Finding, d: vscode.Diagnostic, settings: WorkspaceSettings): vscode.CodeAction[] {
		const out: vscode.CodeAction[] = [];
		const looksLikeId = resolverFor(settings).looksLikeId;
		f.suggestedControls.forEach((id, i) => {
			const fix = addAnnotationFix(text, doc.languageId, f, id, { looksLikeId });
			if (!fix) {
				return;
			}
			const title = catalogLookup(settings.catalog).control(id)?.title;
			const a = new vscode.CodeAction(`Add @iso27001 ${id}${title ? ` (${title})` : ''}`, vscode.CodeActionKind.QuickFix);
			a.edit = toWorkspaceEdit(doc, [fix.edit]);
			if (fix.rationale) {
				a.command = {
					command: 'iso27001.writeRationale', title: 'Write the rationale',
					arguments: [doc.uri, fix.rationale.line - 1, fix.rationale.column - 1],
				};
			}
			a.diagnostics = [d];
			a.isPreferred = i === 0;
			out.push(a);
		});
		const ignore = addIgnoreEdit(text, doc.languageId, f);
		const a = new vscode.CodeAction(`Accept as exception: @iso27001-ignore ${f.category} — reason…`, vscode.CodeActionKind.QuickFix);
		a.edit = toWorkspaceEdit(doc, [ignore.edit]);
		a.diagnostics = [d];
		a.command = {
			command: 'iso27001.placeCursor', title: 'Write the reason',
			arguments: [doc.uri, ignore.cursor.line - 1, ignore.cursor.column - 1],
		};
		out.push(a);
		return out;
	}

	/** Rewrite a legacy ID, write an ignore's reason, or replace an unknown ID with the closest controls. */
	private problemFixes(doc: vscode.TextDocument, text: string, p: Problem, d: vscode.Diagnostic, settings: WorkspaceSettings): vscode.CodeAction[] {
		if (p.code === 'legacy-control') {
			return this.legacyFix(doc, text, p, d, settings);
		}
		if (p.code === 'unknown-control') {
			return unknownControlFixes(text, p, settings.catalog).map(({ control, edit }, i) => {
				const typed = doc.getText(new vscode.Range(edit.line - 1, edit.column - 1, edit.endLine - 1, edit.endColumn - 1));
				const a = new vscode.CodeAction(`Change ${typed} to ${control.id} (${control.title})`, vscode.CodeActionKind.QuickFix);
				a.edit = toWorkspaceEdit(doc, [edit]);
				a.diagnostics = [d];
				a.isPreferred = i === 0;
				return a;
			});
		}
		const fix = ignoreReasonFix(text, p);
		if (!fix) {
			return [];
		}
		const a = new vscode.CodeAction('Write the reason for this exception', vscode.CodeActionKind.QuickFix);
		if (fix.edit) {
			a.edit = toWorkspaceEdit(doc, [fix.edit]);
		}
		a.command = { command: 'iso27001.placeCursor', title: 'Write the reason', arguments: [doc.uri, fix.cursor.line - 1, fix.cursor.column - 1] };
		a.diagnostics = [d];
		a.isPreferred = true;
		return [a];
	}

	private legacyFix(doc: vscode.TextDocument, text: string, p: Problem, d: vscode.Diagnostic, settings: WorkspaceSettings): vscode.CodeAction[] {
		const edit = rewriteLegacyEdit(text, doc.languageId, p, resolverFor(settings));
		if (!edit) {
			return [];
		}
		const legacyId = doc.getText(new vscode.Range(edit.line - 1, edit.column - 1, edit.endLine - 1, edit.endColumn - 1)).trim();
		const a = new vscode.CodeAction(edit.newText ? `Rewrite ${legacyId} as ${edit.newText.replace(/^,\s*/, '')}` : `Remove legacy ${legacyId} (already listed)`, vscode.CodeActionKind.QuickFix);
		a.edit = toWorkspaceEdit(doc, [edit]);
		a.diagnostics = [d];
		a.isPreferred = true;
		return [a];
	}
}

/**
 * The actions without the ones that repeat an earlier one's title and edit: two findings of one
 * declaration under the cursor (a call inside another's arguments) suggest the same annotation.
 */
function withoutRepeats(actions: vscode.CodeAction[]): vscode.CodeAction[] {
	const seen = new Set<string>();
	return actions.filter((a) => {
		const edits = (a.edit?.entries() ?? []).map(([uri, list]) => [uri.toString(), list.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText])]);
		const key = JSON.stringify([a.title, edits, a.command?.arguments?.slice(1)]);
		if (seen.has(key)) {
			return false;
		}
		seen.add(key);
		return true;
	});
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
	return typeof d.code === 'object' ? d.code.value : d.code;
}

/**
 * Whether the request is for `source.fixAll.iso27001`: asked by name (or a kind inside it), or by a
 * broader kind (`source`, `source.fixAll`) from a menu the user opened. A save with the generic
 * `source.fixAll` on does not annotate code on its own: that needs `source.fixAll.iso27001` by name.
 */
function wantsFixAllKind(context: vscode.CodeActionContext): boolean {
	const only = context.only;
	if (!only) {
		return false;
	}
	return FIX_ALL_KIND.contains(only) || (only.contains(FIX_ALL_KIND) && context.triggerKind === vscode.CodeActionTriggerKind.Invoke);
}

function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
	const we = new vscode.WorkspaceEdit();
	for (const e of edits) {
		we.replace(doc.uri, new vscode.Range(e.line - 1, e.column - 1, e.endLine - 1, e.endColumn - 1), e.newText);
	}
	return we;
}

/** After the ignore is inserted: the cursor goes where the reason is to be written. */
export async function placeCursor(uri: vscode.Uri, line: number, character: number): Promise<void> {
	const editor = await vscode.window.showTextDocument(uri);
	const p = new vscode.Position(line, character);
	editor.selection = new vscode.Selection(p, p);
}

/** After a new annotation is inserted: ` — rationale` after its IDs, the placeholder selected (an auditor needs the why). */
export async function writeRationale(uri: vscode.Uri, line: number, character: number): Promise<void> {
	const editor = await vscode.window.showTextDocument(uri, { preview: false });
	await editor.insertSnippet(new vscode.SnippetString(' — ').appendPlaceholder('rationale'), new vscode.Position(line, character));
}
