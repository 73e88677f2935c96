import * as os from 'node:os';
import * as vscode from 'vscode';
import {
	buildMatrix, buildSoaReport, EXPORT_FORMATS, EXPORT_REPORTS, fileExtension, isExportFormat, isExportReport, renderMatrix, renderSoa,
	type ExportFormat, type ExportReport, type MatrixInput,
} from '../core/export';
import { gitCommit } from '../core/scan/git';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** Arguments of `iso27001.exportMatrix` for use without prompts (SPEC). */
export interface ExportArgs {
	readonly format?: string;
	readonly target?: vscode.Uri;
	/** `matrix` (the default when a format is given) or `soa`, the Statement of Applicability. */
	readonly report?: string;
	/** Which folder of a multi-root workspace; the first by default. */
	readonly folder?: vscode.Uri;
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
	csv: 'CSV — spreadsheet (RFC 4180, safe to open in Excel)',
	markdown: 'Markdown — renders on GitHub',
	html: 'HTML — one self-contained, printable page',
	json: 'JSON — for other tools',
};

/** The editor UI the export uses: VS Code's by default, a stand-in in tests. */
export interface ExportUi {
	showQuickPick: typeof vscode.window.showQuickPick;
	showSaveDialog: typeof vscode.window.showSaveDialog;
	showInformationMessage: (message: string, ...items: string[]) => Thenable<string | undefined>;
	/** Opens a URI outside the editor: the system browser for an HTML file. */
	openExternal: (target: vscode.Uri) => Thenable<boolean>;
}

const VSCODE_UI: ExportUi = {
	showQuickPick: (...a: Parameters<typeof vscode.window.showQuickPick>) => vscode.window.showQuickPick(...a),
	showSaveDialog: (options) => vscode.window.showSaveDialog(options),
	showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(message, ...items),
	openExternal: (target) => vscode.env.openExternal(target),
} as ExportUi;

/** Where the last export was written (workspace state), the next save dialog's folder. */
const LAST_DIR = 'iso27001.exportDir';

/** Where the UI and the remembered folder come from. */
export interface ExportEnv {
	readonly ui?: ExportUi;
	readonly memento?: vscode.Memento;
}

/** What the export writes, as the save dialog and the message name it. */
const REPORTS: Record<ExportReport, { label: string; detail: string; file: string }> = {
	matrix: { label: 'Traceability matrix', detail: 'control → code and document locations → rationale, with the unmapped sensitive code', file: 'matrix' },
	soa: { label: 'Statement of Applicability', detail: 'every control: applicability, justification, implementation and evidence', file: 'soa' },
};

/**
 * `iso27001.exportMatrix`: the traceability matrix or the Statement of Applicability of the current
 * index (after pending work), rendered by the engine exactly as `iso27001 export [--report soa]`
 * renders it. Asks for the report, the format and the file unless `{ format, target }` are given
 * (`report` defaults to the matrix then): the save dialog starts in the folder of the last export, or
 * the home folder (never the repository, where the file would show as untracked). Then says where
 * the file was written, with a button that opens it: an HTML report in the browser, rendered.
 * Returns the written file, or undefined if cancelled.
 */
export async function exportMatrix(index: WorkspaceIndex, version: string, args: ExportArgs = {}, env: ExportEnv = {}): Promise<vscode.Uri | undefined> {
	const ui = env.ui ?? VSCODE_UI;
	await index.whenIdle();
	const folder = await pickFolder(index, args.folder);
	if (!folder) {
		return undefined;
	}
	const outcome = index.result(folder);
	const settings = folder.settings;
	if (!outcome || !settings) {
		void vscode.window.showErrorMessage(`ISO 27001: ${folder.folder.name} has no index yet${folder.configError ? ` (${folder.configError.message})` : ''}.`);
		return undefined;
	}
	const report = await pickReport(ui, args);
	const format = report && await pickFormat(ui, args, report);
	if (!report || !format) {
		return undefined;
	}
	const lastDir = env.memento?.get<string>(LAST_DIR);
	const target = args.target ?? await ui.showSaveDialog({
		title: `Save the ${REPORTS[report].label}`,
		defaultUri: vscode.Uri.joinPath(lastDir ? vscode.Uri.parse(lastDir) : vscode.Uri.file(os.homedir()), `iso27001-${REPORTS[report].file}-${folder.folder.name}.${fileExtension(format)}`),
		filters: { [format.toUpperCase()]: [fileExtension(format)] },
	});
	if (!target) {
		return undefined;
	}
	const input: MatrixInput = {
		result: outcome.result, catalog: settings.catalog, soa: settings.config.soa, exceptions: outcome.ignores,
		legacyCatalog: settings.legacy[0],
		meta: { toolName: 'iso27001-annotations (VS Code)', toolVersion: version, generatedAt: new Date().toISOString(), commit: await gitCommit(folder.folder.uri.fsPath), root: folder.folder.uri.fsPath },
	};
	const { text, summary } = render(report, format, input);
	await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
	if (args.target === undefined) {
		await env.memento?.update(LAST_DIR, vscode.Uri.joinPath(target, '..').toString());
		const open = format === 'html' ? 'Open in Browser' : 'Open';
		const where = target.scheme === 'file' ? target.fsPath : target.toString();
		void ui.showInformationMessage(`${REPORTS[report].label} written to ${where}: ${summary}.`, open)
			.then((choice) => choice === open && (format === 'html' ? ui.openExternal(target) : vscode.commands.executeCommand('vscode.open', target)));
	}
	return target;
}

/** The report: `args.report`, the matrix when a format is given without one, else the user's choice. */
async function pickReport(ui: ExportUi, args: ExportArgs): Promise<ExportReport | undefined> {
	if (args.report !== undefined) {
		if (!isExportReport(args.report)) {
			throw new Error(`unknown export report '${args.report}' (expected ${EXPORT_REPORTS.join(', ')})`);
		}
		return args.report;
	}
	if (args.format !== undefined) {
		return 'matrix';
	}
	const picked = await ui.showQuickPick(EXPORT_REPORTS.map((r) => ({ label: REPORTS[r].label, detail: REPORTS[r].detail, report: r })), {
		title: 'Export for an ISO 27001 audit', placeHolder: 'Report',
	});
	return picked?.report;
}

async function pickFormat(ui: ExportUi, args: ExportArgs, report: ExportReport): Promise<ExportFormat | undefined> {
	if (args.format !== undefined) {
		if (!isExportFormat(args.format)) {
			throw new Error(`unknown export format '${args.format}' (expected ${EXPORT_FORMATS.join(', ')})`);
		}
		return args.format;
	}
	const picked = await ui.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), description: FORMAT_LABELS[f], format: f })), {
		title: `Export the ${REPORTS[report].label}`, placeHolder: 'Format',
	});
	return picked?.format;
}

/** The report's text, and what the message says about it. */
function render(report: ExportReport, format: ExportFormat, input: MatrixInput): { text: string; summary: string } {
	if (report === 'soa') {
		const soa = buildSoaReport(input);
		const excluded = soa.controls.filter((c) => !c.applicable).length;
		return { text: renderSoa(format, soa), summary: `${soa.controls.length} controls, ${excluded} excluded` };
	}
	const matrix = buildMatrix(input);
	return { text: renderMatrix(format, matrix), summary: `${matrix.rows.length} rows, coverage ${input.result.coverage.percent}%` };
}

async function pickFolder(index: WorkspaceIndex, wanted: vscode.Uri | undefined): Promise<FolderState | undefined> {
	const folders = index.folders();
	if (wanted) {
		return folders.find((f) => f.folder.uri.toString() === wanted.toString());
	}
	if (folders.length <= 1) {
		return folders[0];
	}
	const picked = await vscode.window.showQuickPick(folders.map((f) => ({ label: f.folder.name, description: f.folder.uri.fsPath, f })), { title: 'Export which folder?' });
	return picked?.f;
}
