import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CoverageNode } from '../../../../src/extension/coverageView';
import { exportMatrix, type ExportUi } from '../../../../src/extension/exportMatrix';
import type { FindingNode } from '../../../../src/extension/findingsView';
import { codeOf, editorApi, fileUri, ourDiagnostics, resultWhen, type Iso27001Api, testHooks } from '../editorApi';

describe('editor features (single folder)', () => {
	let api: Iso27001Api;
	before(async () => {
		api = await editorApi();
		await api.getScanResult();
	});
	beforeEach(async () => {
		await api.getScanResult(); // The previous test's revert is indexed.
	});
	afterEach(async () => {
		// Unsaved edits of a test must not leak into the next one.
		for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
			await vscode.window.showTextDocument(doc);
			await vscode.commands.executeCommand('workbench.action.files.revert');
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	it('shows diagnostics for files that were never opened, with code, docs link and related controls', () => {
		const uri = fileUri('src/legacyDigest.go'); // No test opens it.
		assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'legacyDigest.go is not open');
		const unmapped = ourDiagnostics(uri).filter((d) => codeOf(d) === 'unmapped-sensitive-code');
		assert.equal(unmapped.length, 1);
		const d = unmapped[0];
		assert.equal(d.range.start.line, 6);
		assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
		assert.match(d.message, /crypto code \(suggested: A\.8\.24\)/);
		assert.ok(typeof d.code === 'object' && d.code.target.toString().endsWith('docs/rules.md#unmapped-sensitive-code-crypto'));
		assert.match(d.relatedInformation?.[0].message ?? '', /^A\.8\.24 Use of cryptography: suggested control/);
		const legacy = ourDiagnostics(fileUri('src/session.ts')).filter((x) => codeOf(x) === 'legacy-control');
		assert.equal(legacy.length, 1);
		assert.deepEqual(legacy[0].tags, [vscode.DiagnosticTag.Deprecated]);
	});

	it('underlines the whole sensitive call (callee and arguments), in files opened or not', async () => {
		const covered = async (rel: string): Promise<string[]> => {
			const text = Buffer.from(await vscode.workspace.fs.readFile(fileUri(rel))).toString('utf8');
			const lines = text.split('\n');
			return ourDiagnostics(fileUri(rel)).filter((d) => codeOf(d) === 'unmapped-sensitive-code').map((d) => {
				assert.equal(d.range.start.line, d.range.end.line, 'one line');
				return lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
			});
		};
		assert.deepEqual(await covered('src/legacyDigest.go'), ['md5.Sum(body)']);
		assert.deepEqual(await covered('src/tokens.ts'), ["crypto.createHash('md5')"]);
		assert.deepEqual(await covered('src/vault.ts'), ["vault.read('secret/db/password')"]);
	});

	it('holds back an annotation\'s problems on the line being typed until the cursor leaves it', async () => {
		const uri = fileUri('src/vault.ts');
		const doc = await vscode.workspace.openTextDocument(uri);
		const editor = await vscode.window.showTextDocument(doc);
		// Enter on line 3, then type a directive with an ID that does not exist (yet) on the new line.
		await editor.edit((b) => b.insert(new vscode.Position(2, 0), '\n'));
		editor.selection = new vscode.Selection(2, 0, 2, 0);
		await editor.edit((b) => b.insert(new vscode.Position(2, 0), '// @iso27001 A.8.9'));
		await editor.edit((b) => b.insert(new vscode.Position(2, 18), '9'));
		assert.equal(editor.selection.active.line, 2, 'the cursor is on the typed line');
		const r = await api.getScanResult();
		assert.ok(r.problems.some((p) => p.file === 'src/vault.ts' && p.line === 3 && p.code === 'unknown-control'), 'the engine reports A.8.99');
		const onLine = (): vscode.Diagnostic[] => ourDiagnostics(uri).filter((d) => d.range.start.line === 2);
		assert.deepEqual(onLine().map(codeOf), [], 'no squiggle while typing');
		editor.selection = new vscode.Selection(0, 0, 0, 0);
		for (const start = Date.now(); onLine().length === 0 && Date.now() - start < 10_000;) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		assert.deepEqual(onLine().map(codeOf), ['unknown-control'], 'shown once the cursor left the line');
	});

	it('offers quick fixes; the preferred one maps the finding and the diagnostic goes before saving', async () => {
		const uri = fileUri('src/tokens.ts');
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		const diagnostic = ourDiagnostics(uri).find((d) => codeOf(d) === 'unmapped-sensitive-code')!;
		const at = diagnostic.range;
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at, vscode.CodeActionKind.QuickFix.value);
		const ours = actions.filter((a) => a.title.includes('@iso27001'));
		assert.deepEqual(ours.map((a) => a.title), [
			'Add @iso27001 A.8.24 (Use of cryptography)',
			'Accept as exception: @iso27001-ignore crypto — reason…',
		]);
		assert.equal(ours[0].isPreferred, true);
		assert.ok(await vscode.workspace.applyEdit(ours[0].edit!));
		assert.equal(doc.isDirty, true);
		assert.equal(doc.lineAt(10).text, '// @iso27001 A.8.24');
		const r = await api.getScanResult();
		const f = r.findings.find((x) => x.file === 'src/tokens.ts' && x.api === 'crypto.createHash');
		assert.equal(f?.mapped, true);
		assert.deepEqual(ourDiagnostics(uri).filter((d) => codeOf(d) === 'unmapped-sensitive-code'), []);
		assert.equal(doc.isDirty, true, 'still unsaved');
		// Its command puts a rationale placeholder after the ID, selected.
		assert.equal(ours[0].command?.command, 'iso27001.writeRationale');
		await vscode.commands.executeCommand(ours[0].command.command, ...((ours[0].command.arguments ?? []) as unknown[]));
		const editor = vscode.window.activeTextEditor!;
		assert.equal(doc.lineAt(10).text, '// @iso27001 A.8.24 — rationale');
		assert.equal(doc.getText(editor.selection), 'rationale');
	});

	it('the ignore quick fix leaves the cursor on the reason', async () => {
		const uri = fileUri('src/tokens.ts');
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		const diagnostic = ourDiagnostics(uri).find((d) => codeOf(d) === 'unmapped-sensitive-code')!;
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
		const ignore = actions.find((a) => a.title.startsWith('Accept as exception'))!;
		assert.ok(await vscode.workspace.applyEdit(ignore.edit!));
		await vscode.commands.executeCommand(ignore.command!.command, ...((ignore.command!.arguments ?? []) as unknown[]));
		const editor = vscode.window.activeTextEditor!;
		assert.equal(doc.lineAt(10).text, '// @iso27001-ignore crypto — ');
		assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [10, doc.lineAt(10).text.length]);
		await editor.edit((b) => b.insert(editor.selection.active, 'cache keys only'));
		const r = await api.getScanResult();
		const f = r.findings.find((x) => x.file === 'src/tokens.ts' && x.api === 'crypto.createHash');
		assert.equal(f?.ignored, true);
		assert.equal(f?.ignoreReason, 'cache keys only');
	});

	it('fixes all unmapped findings of a file at once (source.fixAll.iso27001)', async () => {
		const uri = fileUri('src/many.ts');
		const we = new vscode.WorkspaceEdit();
		we.createFile(uri, { contents: Buffer.from("import * as crypto from 'node:crypto';\n\nexport function a(x: string): string {\n\treturn crypto.createHash('md5').update(x).digest('hex');\n}\n\nexport function b(): Buffer {\n\treturn crypto.randomBytes(32);\n}\n") });
		assert.ok(await vscode.workspace.applyEdit(we));
		try {
			let r = await api.getScanResult();
			assert.equal(r.findings.filter((f) => f.file === 'src/many.ts' && !f.mapped).length, 2);
			const doc = await vscode.workspace.openTextDocument(uri);
			const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.iso27001');
			const fixAll = actions.find((a) => a.title.startsWith('Add @iso27001 annotations for all 2'));
			assert.ok(fixAll?.edit, JSON.stringify(actions.map((a) => a.title)));
			assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
			r = await api.getScanResult();
			assert.deepEqual(r.findings.filter((f) => f.file === 'src/many.ts').map((f) => f.mapped), [true, true]);
			assert.deepEqual([doc.lineAt(2).text, doc.lineAt(7).text], ['// @iso27001 A.8.24', '// @iso27001 A.8.24']);
		} finally {
			const del = new vscode.WorkspaceEdit();
			del.deleteFile(uri);
			await vscode.workspace.applyEdit(del);
		}
	});

	it('the findings view\'s inline "Add annotation" applies the preferred fix', async () => {
		const tree = testHooks(api).findings;
		const crypto = tree.getChildren().find((n) => n.kind === 'category' && n.category === 'crypto')!;
		const file = tree.getChildren(crypto).find((n) => n.kind === 'file' && n.uri.path.endsWith('src/tokens.ts'))!;
		const [finding] = tree.getChildren(file);
		assert.equal(await vscode.commands.executeCommand('iso27001.addAnnotation', finding), true);
		const r = await api.getScanResult();
		assert.equal(r.findings.find((f) => f.file === 'src/tokens.ts' && f.api === 'crypto.createHash')?.mapped, true);
		// The cursor is on the new annotation's rationale placeholder, not on the line the finding was on.
		const editor = vscode.window.activeTextEditor!;
		assert.equal(editor.document.uri.toString(), fileUri('src/tokens.ts').toString());
		assert.equal(editor.selection.active.line, 10);
		assert.equal(editor.document.lineAt(10).text, '// @iso27001 A.8.24 — rationale');
		assert.equal(editor.document.getText(editor.selection), 'rationale');
	});

	it('rewrites a legacy 2013 ID to its 2022 ID', async () => {
		const uri = fileUri('src/session.ts');
		const doc = await vscode.workspace.openTextDocument(uri);
		const legacy = ourDiagnostics(uri).find((x) => codeOf(x) === 'legacy-control')!;
		const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, legacy.range);
		const rewrite = actions.find((a) => a.title.startsWith('Rewrite A.9.4.1'));
		assert.equal(rewrite?.title, 'Rewrite A.9.4.1 as A.8.3');
		assert.ok(await vscode.workspace.applyEdit(rewrite.edit!));
		assert.match(doc.lineAt(2).text, /@iso27001 A\.8\.3 — session tokens/);
		const r = await api.getScanResult();
		assert.deepEqual(r.problems.filter((p) => p.code === 'legacy-control'), []);
		assert.deepEqual(ourDiagnostics(uri).filter((x) => codeOf(x) === 'legacy-control'), []);
	});

	it('the coverage tree lists themes, controls with status and SoA, and locations that open', async () => {
		await api.getScanResult();
		const tree = testHooks(api).coverage;
		const themes = tree.getChildren();
		const folders = testHooks(api).index.folders();
		assert.equal(folders.length, 1, 'one folder indexed');
		assert.ok(testHooks(api).index.result(folders[0]), 'the folder has a result');
		assert.deepEqual(themes.map((t) => tree.getTreeItem(t).label), ['A.5 Organizational', 'A.6 People', 'A.7 Physical', 'A.8 Technological']);
		const controlsOf = (label: string): CoverageNode[] => tree.getChildren(themes.find((t) => tree.getTreeItem(t).label === label));
		const a824 = controlsOf('A.8 Technological').find((c) => c.kind === 'control' && c.control.id === 'A.8.24')!;
		const item = tree.getTreeItem(a824);
		assert.equal(item.label, 'A.8.24 Use of cryptography');
		assert.equal(item.description, '2 locations');
		assert.equal(item.contextValue, 'control-covered');
		const locations = tree.getChildren(a824).map((l) => tree.getTreeItem(l));
		assert.deepEqual(locations.map((l) => l.label), ['src/session.ts:8', 'src/tokens.ts:3']);
		assert.equal(locations[1].command?.command, 'vscode.open');
		assert.match(String(locations[1].description), /encryptCardToken — AES-256-GCM for stored card tokens/);
		const a74 = tree.getTreeItem(controlsOf('A.7 Physical').find((c) => c.kind === 'control' && c.control.id === 'A.7.4')!);
		assert.equal(a74.description, 'excluded (SoA)');
		assert.match((a74.tooltip as vscode.MarkdownString).value, /Cloud hosted; the provider monitors the premises/);
		await vscode.commands.executeCommand('iso27001.showUncoveredOnly');
		const uncovered = tree.getChildren().flatMap((t) => tree.getChildren(t));
		assert.ok(uncovered.length > 50 && uncovered.every((c) => c.kind === 'control' && c.control.status === 'uncovered'));
		await vscode.commands.executeCommand('iso27001.showAll');
		assert.equal(tree.getChildren().flatMap((t) => tree.getChildren(t)).length, 93);
		assert.match(testHooks(api).statusBar.text, /ISO 27001 \d+(\.\d)?% \$\(warning\) 3$/);
	});

	it('the coverage tree reads each theme by name, says "1 location", and keeps its shape when filtered', async () => {
		await api.getScanResult();
		const tree = testHooks(api).coverage;
		const technological = (): vscode.TreeItem => tree.getTreeItem(tree.getChildren().find((t) => t.kind === 'theme' && t.theme === 'A.8')!);
		const all = technological();
		assert.match(all.tooltip as string, /^A\.8 Technological: \d+ of 34 applicable controls covered$/);
		assert.match(all.accessibilityInformation?.label ?? '', /^A\.8 Technological, \d+ of 34 applicable controls covered$/);
		const a83 = tree.getChildren(tree.getChildren().find((t) => t.kind === 'theme' && t.theme === 'A.8')).find((c) => c.kind === 'control' && c.control.id === 'A.8.3')!;
		const a83Item = tree.getTreeItem(a83);
		assert.equal(a83Item.description, '1 location');
		assert.equal(a83Item.accessibilityInformation?.label, 'A.8.3 Information access restriction, covered, 1 location');
		assert.doesNotMatch(tree.description ?? '', /uncovered/);
		await vscode.commands.executeCommand('iso27001.showUncoveredOnly');
		try {
			const filtered = technological();
			assert.equal(filtered.id, all.id, 'the same theme row: what was expanded stays expanded');
			const shown = tree.getChildren(tree.getChildren().find((t) => t.kind === 'theme' && t.theme === 'A.8')).length;
			assert.equal(filtered.description, `${shown} uncovered`);
			assert.match(tree.description ?? '', /% covered · showing the \d+ uncovered$/);
		} finally {
			await vscode.commands.executeCommand('iso27001.showAll');
		}
		assert.doesNotMatch(tree.description ?? '', /uncovered/);
	});

	it('the findings tree groups unmapped findings by category and file', async () => {
		await api.getScanResult();
		const tree = testHooks(api).findings;
		const label = (n: FindingNode): string => { const l = tree.getTreeItem(n).label; return typeof l === 'string' ? l : (l?.label ?? ''); };
		const categories = tree.getChildren();
		assert.deepEqual(categories.map(label), ['Cryptography', 'Secrets']);
		const [crypto, secrets] = categories.map((c) => tree.getTreeItem(c));
		assert.deepEqual([crypto.iconPath, secrets.iconPath].map((i) => (i as vscode.ThemeIcon).id), ['key', 'lock'], 'each category its own icon');
		const tip = (crypto.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
		assert.match(tip, /ciphers, hashing for security/, 'says what the category holds');
		assert.match(tip, /A\.8\.24\*\* Use of cryptography/, 'names the controls it suggests');
		assert.doesNotMatch(tip, /^crypto$/);
		const files = tree.getChildren(categories[0]);
		assert.deepEqual(files.map(label), ['legacyDigest.go', 'tokens.ts'], 'the file name, never cut off');
		const fileItem = tree.getTreeItem(files[1]);
		assert.equal(fileItem.description, 'src', 'the folder after the name');
		assert.equal(fileItem.resourceUri?.toString(), fileUri('src/tokens.ts').toString(), 'the file\'s icon from the icon theme');
		assert.equal(fileItem.iconPath, vscode.ThemeIcon.File, 'a file icon, not a folder');
		const findings = tree.getChildren(files[1]);
		assert.deepEqual(findings.map(label), ['crypto.createHash']);
		assert.equal(tree.getTreeItem(findings[0]).contextValue, 'finding');
	});

	it('exports the matrix without prompts', async () => {
		const target = fileUri('out/matrix.csv');
		const written = await vscode.commands.executeCommand<vscode.Uri>('iso27001.exportMatrix', { format: 'csv', target });
		assert.equal(written.toString(), target.toString());
		const csv = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
		assert.match(csv, /Control ID,Control title,Theme/);
		assert.match(csv, /A\.8\.24,Use of cryptography,.*src\/tokens\.ts/);
		const html = fileUri('out/matrix.html');
		await vscode.commands.executeCommand('iso27001.exportMatrix', { format: 'html', target: html });
		assert.match(Buffer.from(await vscode.workspace.fs.readFile(html)).toString('utf8'), /^<!DOCTYPE html>/i);
		await vscode.workspace.fs.delete(fileUri('out'), { recursive: true });
	});

	it('export with prompts: saves outside the repository by default, says where, and opens HTML rendered', async () => {
		const folder = vscode.workspace.workspaceFolders![0].uri;
		const dir = vscode.Uri.joinPath(folder, '..', 'exports');
		const opened: string[] = [];
		const dialogs: (vscode.Uri | undefined)[] = [];
		let message = '';
		let answered!: Promise<unknown>;
		const state = new Map<string, unknown>();
		const memento = { keys: () => [...state.keys()], get: (k: string) => state.get(k), update: (k: string, v: unknown) => Promise.resolve(void state.set(k, v)) } as vscode.Memento;
		const ui: ExportUi = {
			// The report (the matrix), then the format.
			showQuickPick: ((items: { format?: string; report?: string }[]) => Promise.resolve(items.find((i) => i.format === 'html' || i.report === 'matrix'))) as unknown as ExportUi['showQuickPick'],
			showSaveDialog: (options) => {
				dialogs.push(options?.defaultUri);
				return Promise.resolve(vscode.Uri.joinPath(dir, 'matrix.html'));
			},
			showInformationMessage: (m, ...items) => {
				message = m;
				answered = Promise.resolve(items[0]);
				return answered as Thenable<string | undefined>;
			},
			openExternal: (target) => {
				opened.push(target.toString());
				return Promise.resolve(true);
			},
		};
		try {
			await vscode.workspace.fs.createDirectory(dir);
			const written = await exportMatrix(testHooks(api).index, '0.0.0', {}, { ui, memento });
			assert.equal(written?.toString(), vscode.Uri.joinPath(dir, 'matrix.html').toString());
			assert.ok(dialogs[0] && !dialogs[0].fsPath.startsWith(`${folder.fsPath}/`), `the dialog starts outside the repository: ${dialogs[0]?.fsPath}`);
			assert.ok(message.includes(written.fsPath), `the message says where: ${message}`);
			await answered;
			await new Promise((resolve) => setImmediate(resolve));
			assert.deepEqual(opened, [written.toString()], 'Open in Browser: rendered, not as source text');
			assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === written.toString()), 'no text editor on the HTML');
			await exportMatrix(testHooks(api).index, '0.0.0', {}, { ui, memento });
			assert.equal(dialogs[1]?.fsPath, vscode.Uri.joinPath(dir, 'iso27001-matrix-single.html').fsPath, 'the next export starts where the last was written');
		} finally {
			await vscode.workspace.fs.delete(dir, { recursive: true });
		}
	});

	it('updates on edit, create, rename and delete', async () => {
		const doc = await vscode.workspace.openTextDocument(fileUri('src/vault.ts'));
		const editor = await vscode.window.showTextDocument(doc);
		await editor.edit((b) => b.insert(new vscode.Position(2, 0), '// @iso27001 A.5.17 — secrets come from the vault\n'));
		let r = await api.getScanResult();
		assert.ok(r.annotations.some((a) => a.file === 'src/vault.ts' && a.controls.includes('A.5.17')), 'edit');
		await vscode.commands.executeCommand('workbench.action.files.revert');
		r = await api.getScanResult();
		assert.ok(!r.annotations.some((a) => a.file === 'src/vault.ts'), 'revert drops the unsaved text');

		const created = fileUri('src/acl.ts');
		const we = new vscode.WorkspaceEdit();
		we.createFile(created, { contents: Buffer.from('// @iso27001 A.5.15 — role checks\nexport const canRefund = (r: string) => r === "admin";\n') });
		assert.ok(await vscode.workspace.applyEdit(we));
		r = await api.getScanResult();
		assert.ok(r.annotations.some((a) => a.file === 'src/acl.ts'), 'create');
		const files = r.files;

		const renamed = fileUri('src/policy/acl.ts');
		const move = new vscode.WorkspaceEdit();
		move.renameFile(created, renamed);
		assert.ok(await vscode.workspace.applyEdit(move));
		r = await api.getScanResult();
		assert.deepEqual(r.annotations.filter((a) => a.file.endsWith('acl.ts')).map((a) => a.file), ['src/policy/acl.ts'], 'rename');
		assert.equal(r.files, files);

		const del = new vscode.WorkspaceEdit();
		del.deleteFile(fileUri('src/policy'), { recursive: true });
		assert.ok(await vscode.workspace.applyEdit(del));
		r = await api.getScanResult();
		assert.ok(!r.annotations.some((a) => a.file.endsWith('acl.ts')), 'delete');
		assert.equal(r.files, files - 1);
	});

	it('picks up files written behind VS Code\'s back through the file watcher', async () => {
		const uri = fileUri('lib/external.py');
		await vscode.workspace.fs.writeFile(uri, Buffer.from('# @iso27001 A.8.16 — monitoring hook\ndef watch():\n    pass\n'));
		await resultWhen(api, (r) => r.annotations.some((a) => a.file === 'lib/external.py'), 'the watcher to report lib/external.py');
		await vscode.workspace.fs.delete(fileUri('lib'), { recursive: true });
		await resultWhen(api, (r) => !r.annotations.some((a) => a.file === 'lib/external.py'), 'the watcher to report the deletion');
	});

	it('rescans when .iso27001.yaml changes, and shows its errors on that file', async () => {
		const config = fileUri('.iso27001.yaml');
		const original = await vscode.workspace.fs.readFile(config);
		try {
			const doc = await vscode.workspace.openTextDocument(config);
			const editor = await vscode.window.showTextDocument(doc);
			await editor.edit((b) => b.replace(new vscode.Range(3, 0, 3, 0), '  A.8.24: { applicable: false, justification: "test" }\n'));
			await doc.save();
			let r = await resultWhen(api, (x) => x.coverage.controls.find((c) => c.id === 'A.8.24')?.status === 'excluded', 'A.8.24 excluded');
			assert.ok(r.problems.some((p) => p.code === 'not-applicable-control'));

			await vscode.workspace.fs.writeFile(config, Buffer.from('catalog: [unclosed\n'));
			await resultWhen(api, () => ourDiagnostics(config).some((d) => codeOf(d) === 'config-error'), 'a config-error diagnostic on .iso27001.yaml');
			const d = ourDiagnostics(config).find((x) => codeOf(x) === 'config-error')!;
			assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
			r = await api.getScanResult();
			assert.ok(r.annotations.length > 0, 'the previous content stays');
		} finally {
			await vscode.workspace.fs.writeFile(config, original);
		}
		await resultWhen(api, (x) => x.coverage.controls.find((c) => c.id === 'A.8.24')?.status === 'covered' && ourDiagnostics(config).length === 0, 'config restored');
	});

	it('runs workspace custom rules in a trusted workspace', async () => {
		const r = await api.getScanResult();
		assert.ok(r.findings.some((f) => f.file === 'src/vault.ts' && f.category === 'secrets' && f.api === 'vault.read' && f.rule === 'vault-read'));
	});
});
