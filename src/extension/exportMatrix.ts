import * as vscode from 'vscode';
import { buildMatrix, EXPORT_FORMATS, fileExtension, isExportFormat, renderMatrix, type ExportFormat } from '../core/export';
import { gitCommit } from '../core/scan/git';
import type { FolderState, WorkspaceIndex } from './workspaceIndex';

/** Arguments of `iso27001.exportMatrix` for use without prompts (SPEC). */
export interface ExportArgs {
	readonly format?: string;
	readonly target?: vscode.Uri;
	/** Which folder of a multi-root workspace; the first by default. */
	readonly folder?: vscode.Uri;
}

const FORMAT_LABELS: Record<ExportFormat, string> = {
	csv: 'CSV — spreadsheet (RFC 4180, safe to open in Excel)',
	markdown: 'Markdown — renders on GitHub',
	html: 'HTML — one self-contained, printable page',
	json: 'JSON — for other tools',
};

/**
 * `iso27001.exportMatrix`: the traceability matrix of the current index (after pending work),
 * rendered by the engine exactly as `iso27001 export` renders it. Asks for the format and the file
 * unless `{ format, target }` are given. Returns the written file, or undefined if cancelled.
 */
export async function exportMatrix(index: WorkspaceIndex, version: string, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
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
	let format: ExportFormat | undefined;
	if (args.format !== undefined) {
		if (!isExportFormat(args.format)) {
			throw new Error(`unknown export format '${args.format}' (expected ${EXPORT_FORMATS.join(', ')})`);
		}
		format = args.format;
	} else {
		const picked = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: f.toUpperCase(), description: FORMAT_LABELS[f], format: f })), {
			title: 'Export the ISO 27001 traceability matrix', placeHolder: 'Format',
		});
		format = picked?.format;
	}
	if (!format) {
		return undefined;
	}
	const target = args.target ?? await vscode.window.showSaveDialog({
		title: 'Save the traceability matrix',
		defaultUri: vscode.Uri.joinPath(folder.folder.uri, `iso27001-matrix.${fileExtension(format)}`),
		filters: { [format.toUpperCase()]: [fileExtension(format)] },
	});
	if (!target) {
		return undefined;
	}
	const matrix = buildMatrix({
		result: outcome.result, catalog: settings.catalog, soa: settings.config.soa, exceptions: outcome.ignores,
		legacyCatalog: settings.legacy[0],
		meta: { toolName: 'iso27001-annotations (VS Code)', toolVersion: version, generatedAt: new Date().toISOString(), commit: await gitCommit(folder.folder.uri.fsPath), root: folder.folder.uri.fsPath },
	});
	await vscode.workspace.fs.writeFile(target, Buffer.from(renderMatrix(format, matrix), 'utf8'));
	if (args.target === undefined) {
		const open = 'Open';
		void vscode.window.showInformationMessage(`Traceability matrix written: ${matrix.rows.length} rows, coverage ${outcome.result.coverage.percent}%.`, open)
			.then((choice) => choice === open && vscode.commands.executeCommand('vscode.open', target));
	}
	return target;
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
