import * as path from 'node:path';
import * as vscode from 'vscode';
import { catalogLookup } from '../core/catalog/search';
import { ruleAnchor, unmappedRuleId } from '../core/report/sarifRules';
import type { Finding, Problem, Severity } from '../core/types';
import { readSettings, type DiagnosticCode, type SeverityLevel } from './settings';
import { AnnotatedControls } from './annotatedControls';
import type { TypingLine } from './typingLine';
import type { FolderState, IndexChange, WorkspaceIndex } from './workspaceIndex';

export const DIAGNOSTIC_SOURCE = 'iso27001';

/** A diagnostic of ours, with the finding it reports (quick fixes read it back). */
export interface FindingDiagnostic extends vscode.Diagnostic {
	readonly finding?: Finding;
	readonly problem?: Problem;
}

const LEVELS: Record<Exclude<SeverityLevel, 'none'>, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	information: vscode.DiagnosticSeverity.Information,
	hint: vscode.DiagnosticSeverity.Hint,
};
/** Problems of an annotation still being typed: not shown on the line being typed (`TypingLine`). */
const HELD_WHILE_TYPING: ReadonlySet<string> = new Set(['malformed-annotation', 'unknown-control', 'missing-ignore-reason']);
const ENGINE_LEVEL: Record<Severity, SeverityLevel> = { error: 'error', warning: 'warning', info: 'information' };

/**
 * Diagnostics for every indexed file of the workspace, opened or not: the engine's problems and
 * the unmapped findings, with SPEC's `source` and codes linking to the rules page. Only files whose
 * state changed are recomputed; a folder's full scan replaces that folder's diagnostics at once.
 */
export class Diagnostics implements vscode.Disposable {
	private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
	/** Per folder, the URIs that currently carry our diagnostics. */
	private readonly owned = new Map<string, Set<string>>();
	/** Per folder, where each control is annotated (the findings' related information). */
	private readonly annotated = new Map<string, AnnotatedControls>();
	/** Per folder, the claims documents (`claims:`) that last had problems. */
	private readonly claimFiles = new Map<string, Set<string>>();
	private readonly disposables: vscode.Disposable[] = [];

	constructor(private readonly index: WorkspaceIndex, private readonly rulesUrl: string, private readonly typing: TypingLine) {
		this.disposables.push(
			this.collection,
			index.onDidChange((c) => this.update(c)),
			typing.onDidLeave((uri) => {
				const at = index.locate(uri);
				if (at) {
					this.update({ folder: at.state, files: [at.rel] });
				}
			}),
			vscode.workspace.onDidChangeConfiguration((e) => {
				if (e.affectsConfiguration('iso27001.diagnostics')) {
					index.folders().forEach((folder) => this.update({ folder, files: undefined }));
				}
			}),
		);
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}

	private update(change: IndexChange): void {
		const { folder } = change;
		const key = folder.folder.uri.toString();
		const owned = this.owned.get(key) ?? new Set<string>();
		this.owned.set(key, owned);
		const severity = readSettings(folder.folder)['diagnostics.severity'];
		const annotated = this.annotated.get(key) ?? new AnnotatedControls();
		this.annotated.set(key, annotated);
		// A change that adds, moves or removes a control's annotation changes the related information
		// of findings in other files: those files are recomputed too.
		const moved = change.files?.length === 0 ? new Set<string>() : annotated.refresh(folder.table);
		// A full update starts from nothing: the folder's previous diagnostics are deleted here.
		const changed = change.files === undefined
			? folder.table.entries().map((e) => e.path)
			: [...change.files, ...AnnotatedControls.filesSuggesting(folder.table, moved)];
		if (change.files === undefined) {
			for (const u of owned) {
				this.collection.delete(vscode.Uri.parse(u));
			}
			owned.clear();
		}
		// Any change may add or take away a claim's evidence: the claims documents are always recomputed.
		const claims = this.claimProblems(folder);
		const claimFiles = new Set([...(this.claimFiles.get(key) ?? []), ...claims.keys()]);
		this.claimFiles.set(key, new Set(claims.keys()));
		const paths = [...new Set([...changed, ...claimFiles])];
		const byFile = this.collect(folder, paths, severity, change.files === undefined, { annotated, claims });
		if (change.files === undefined && folder.configError) {
			const err = folder.configError;
			const d: FindingDiagnostic = new vscode.Diagnostic(pointRange(err.line, err.column), err.message, vscode.DiagnosticSeverity.Error);
			d.source = DIAGNOSTIC_SOURCE;
			d.code = { value: 'config-error', target: this.docs('config-error') };
			const uri = path.isAbsolute(err.file) ? vscode.Uri.file(err.file) : vscode.Uri.joinPath(folder.folder.uri, err.file);
			this.collection.set(uri, [d]);
			owned.add(uri.toString());
		}
		this.publish(folder, paths, byFile, owned);
	}

	/** The diagnostics of `paths` (and, for a full update, of the folder's base problems), by file. */
	private collect(
		folder: FolderState, paths: readonly string[], severity: Partial<Record<DiagnosticCode, SeverityLevel>>, full: boolean,
		{ annotated, claims }: { annotated: AnnotatedControls; claims: ReadonlyMap<string, readonly Problem[]> },
	): Map<string, FindingDiagnostic[]> {
		const byFile = new Map<string, FindingDiagnostic[]>();
		const add = (file: string, d: FindingDiagnostic | null): void => {
			if (d) {
				const list = byFile.get(file) ?? [];
				list.push(d);
				byFile.set(file, list);
			}
		};
		const typing = this.typing.at;
		const typed = typing && this.index.locate(typing.uri);
		const typedRel = typed?.state === folder ? typed.rel : undefined;
		for (const p of paths) {
			const e = folder.table.get(p);
			const claimed = claims.get(p) ?? [];
			if (!e.analysis && e.problems.length === 0 && claimed.length === 0) {
				continue; // Most files of a large workspace: nothing to show, nothing to allocate.
			}
			const typedLine = p === typedRel ? typing?.line : undefined;
			for (const problem of [...e.problems, ...(e.analysis?.problems ?? []), ...claimed]) {
				if (typedLine !== problem.line - 1 || !HELD_WHILE_TYPING.has(problem.code)) {
					add(p, this.problemDiagnostic(problem, severity));
				}
			}
			for (const f of e.analysis?.findings ?? []) {
				if (!f.mapped && !f.ignored) {
					add(p, this.findingDiagnostic(folder, f, severity, (id) => annotated.siteFor(id, f, e.analysis?.annotations ?? [])));
				}
			}
		}
		if (full) {
			for (const problem of folder.table.baseProblems) {
				add(problem.file, this.problemDiagnostic(problem, severity));
			}
		}
		return byFile;
	}

	/** Sets the diagnostics of `paths` (empty where none is left) and of any other file in `byFile`. */
	private publish(folder: FolderState, paths: readonly string[], byFile: Map<string, FindingDiagnostic[]>, owned: Set<string>): void {
		for (const p of paths) {
			const uri = vscode.Uri.joinPath(folder.folder.uri, p);
			const list = byFile.get(p);
			byFile.delete(p);
			this.collection.set(uri, list ?? []);
			if (list) {
				owned.add(uri.toString());
			} else {
				owned.delete(uri.toString());
			}
		}
		for (const [p, list] of byFile) {
			const uri = vscode.Uri.joinPath(folder.folder.uri, p);
			this.collection.set(uri, list);
			owned.add(uri.toString());
		}
	}

	private problemDiagnostic(problem: Problem, severity: Partial<Record<DiagnosticCode, SeverityLevel>>): FindingDiagnostic | null {
		const level = severity[problem.code] ?? ENGINE_LEVEL[problem.severity];
		if (level === 'none') {
			return null;
		}
		const range = problem.endLine !== undefined && problem.endColumn !== undefined
			? new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1)
			: pointRange(problem.line, problem.column);
		const d: FindingDiagnostic & { problem: Problem } = Object.assign(new vscode.Diagnostic(range, problem.message, LEVELS[level]), { problem });
		d.source = DIAGNOSTIC_SOURCE;
		d.code = { value: problem.code, target: this.docs(problem.code) };
		if (problem.code === 'legacy-control') {
			d.tags = [vscode.DiagnosticTag.Deprecated];
		}
		return d;
	}

	private findingDiagnostic(
		folder: FolderState, f: Finding, severity: Partial<Record<DiagnosticCode, SeverityLevel>>, siteOf: (control: string) => ReturnType<AnnotatedControls['siteFor']>,
	): FindingDiagnostic | null {
		const level = severity['unmapped-sensitive-code'] ?? 'warning';
		if (level === 'none') {
			return null;
		}
		const catalog = folder.settings?.catalog;
		const lookup = catalog && catalogLookup(catalog);
		const title = (id: string): string => lookup?.control(id)?.title ?? '';
		const range = f.end ? new vscode.Range(f.line - 1, f.column - 1, f.end.line - 1, f.end.column - 1) : pointRange(f.line, f.column);
		const related: vscode.DiagnosticRelatedInformation[] = [];
		const nowhere: string[] = [];
		for (const id of f.suggestedControls) {
			const at = siteOf(id);
			if (!at) {
				nowhere.push(id);
				continue;
			}
			// Only annotations: a row pointing back at the finding itself says nothing.
			const where = new vscode.Location(vscode.Uri.joinPath(folder.folder.uri, at.site.file), new vscode.Position(at.site.line - 1, 0));
			const legacy = at.site.legacy ? ' (written with a 2013 ID)' : '';
			related.push(new vscode.DiagnosticRelatedInformation(where,
				`${id} ${title(id)}: suggested control, annotated ${at.sameFile ? 'in this file' : 'in another file'}${legacy}`));
		}
		// A custom catalog without `suggestions:` for the category suggests nothing: no empty list then.
		const suggested = f.suggestedControls.length > 0 ? ` (suggested: ${f.suggestedControls.join(', ')})` : '';
		const yet = nowhere.length > 0 ? `; not annotated anywhere yet: ${nowhere.join(', ')}` : '';
		const excluded = (f.excludedBy ?? []).length > 0
			? `; its annotation names ${f.excludedBy?.join(', ')}, which the Statement of Applicability excludes (an excluded control maps nothing)`
			: '';
		const message = `${f.message}: no @iso27001 annotation maps this ${f.category} code${suggested}${excluded}${yet}`;
		const d: FindingDiagnostic & { finding: Finding } = Object.assign(new vscode.Diagnostic(range, message, LEVELS[level]), { finding: f });
		d.source = DIAGNOSTIC_SOURCE;
		d.code = { value: 'unmapped-sensitive-code', target: this.docs(unmappedRuleId(f.category)) };
		if (related.length > 0) {
			d.relatedInformation = related;
		}
		return d;
	}

	/**
	 * The problems of the folder's claims documents, by file: they come from its assembled result
	 * (evidence anywhere in the folder decides them), not from any one file's analysis.
	 */
	private claimProblems(folder: FolderState): Map<string, Problem[]> {
		const out = new Map<string, Problem[]>();
		if ((folder.settings?.config.claims?.length ?? 0) === 0) {
			return out;
		}
		for (const p of this.index.result(folder)?.claimProblems ?? []) {
			const list = out.get(p.file) ?? [];
			list.push(p);
			out.set(p.file, list);
		}
		return out;
	}

	private docs(ruleId: string): vscode.Uri {
		return vscode.Uri.parse(`${this.rulesUrl}#${ruleAnchor(ruleId)}`);
	}
}

/** A zero-width range: VS Code underlines the word there. */
function pointRange(line: number, column: number): vscode.Range {
	const p = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
	return new vscode.Range(p, p);
}
