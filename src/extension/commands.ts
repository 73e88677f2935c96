import * as vscode from 'vscode';
import { placeCursor, writeRationale } from './codeActions';
import { isEvidenceLink, OPEN_LINK_COMMAND, type CoverageTree } from './coverageView';
import { exportMatrix, type ExportArgs } from './exportMatrix';
import type { FindingNode } from './findingsView';
import type { Log } from './log';
import type { WorkspaceIndex } from './workspaceIndex';

/** The commands of SPEC (`iso27001.*`, category "ISO 27001" in package.json) and internal ones. */
export function registerCommands(index: WorkspaceIndex, coverage: CoverageTree, version: string, log: Log, memento: vscode.Memento): vscode.Disposable {
	return vscode.Disposable.from(
		vscode.commands.registerCommand('iso27001.showLog', () => log.show()),
		vscode.commands.registerCommand('iso27001.rescan', () => index.rescan()),
		vscode.commands.registerCommand('iso27001.exportMatrix', (args?: ExportArgs) => exportMatrix(index, version, isExportArgs(args) ? args : {}, { memento })),
		vscode.commands.registerCommand('iso27001.showUncoveredOnly', () => coverage.setUncoveredOnly(true)),
		vscode.commands.registerCommand('iso27001.showAll', () => coverage.setUncoveredOnly(false)),
		vscode.commands.registerCommand('iso27001.addAnnotation', (node?: FindingNode) => addAnnotation(node)),
		vscode.commands.registerCommand('iso27001.placeCursor', (uri: vscode.Uri, line: number, character: number) => placeCursor(uri, line, character)),
		vscode.commands.registerCommand(OPEN_LINK_COMMAND, (uri: vscode.Uri) => isEvidenceLink(uri.toString(true)) && vscode.env.openExternal(uri)),
		vscode.commands.registerCommand('iso27001.writeRationale', (uri: vscode.Uri, line: number, character: number) => writeRationale(uri, line, character)),
	);
}

/** A tree item passed by a view/title menu is not export arguments. */
function isExportArgs(args: unknown): args is ExportArgs {
	return typeof args === 'object' && args !== null && ('format' in args || 'target' in args || 'folder' in args || 'report' in args);
}

/** The findings view's inline action: applies the preferred quick fix of that finding. */
async function addAnnotation(node: FindingNode | undefined): Promise<boolean> {
	if (node?.kind !== 'finding') {
		return false;
	}
	const { finding, uri } = node.item;
	const doc = await vscode.workspace.openTextDocument(uri);
	const at = new vscode.Range(finding.line - 1, finding.column - 1, finding.line - 1, finding.column - 1);
	const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at, vscode.CodeActionKind.QuickFix.value);
	const preferred = actions.find((a) => a.isPreferred && a.title.startsWith('Add @iso27001'));
	if (!preferred?.edit) {
		void vscode.window.showWarningMessage('ISO 27001: no annotation fix is available for this finding any more.');
		return false;
	}
	const ok = await vscode.workspace.applyEdit(preferred.edit);
	if (ok && preferred.command) {
		// A new annotation: the cursor goes to its rationale placeholder.
		await vscode.commands.executeCommand(preferred.command.command, ...((preferred.command.arguments ?? []) as unknown[]));
		return ok;
	}
	// IDs appended to an annotation above: the finding, where it is after the edit.
	const shifted = preferred.edit.get(uri).reduce((n, e) => n + (e.range.start.line < at.start.line ? e.newText.split('\n').length - 1 : 0), 0);
	await vscode.window.showTextDocument(doc, { selection: at.with(at.start.translate(shifted), at.end.translate(shifted)), preview: false });
	return ok;
}
