import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, type Iso27001Api } from '../helpers';

/** The workspace folder's URI joined with a relative path. */
function fileUri(rel: string): vscode.Uri {
	return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
}

/** 0-based line of the first line of `doc` containing `text`, and the column just after `text`. */
function endOf(doc: vscode.TextDocument, text: string): vscode.Position {
	for (let i = 0; i < doc.lineCount; i++) {
		const at = doc.lineAt(i).text.indexOf(text);
		if (at !== -1) {
			return new vscode.Position(i, at + text.length);
		}
	}
	throw new Error(`'${text}' not in ${doc.uri.path}`);
}

/** Our items (control IDs of the catalog or ignore categories), in our rank order. */
async function ours(uri: vscode.Uri, position: vscode.Position, trigger?: string): Promise<vscode.CompletionItem[]> {
	const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, trigger);
	const categories = ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging'];
	return list.items
		.filter((i) => typeof i.detail === 'string' && (/^A\.\d+\.\d+$/.test(label(i)) || (categories.includes(label(i)) && i.detail.startsWith('suggests'))))
		.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
}

function label(i: vscode.CompletionItem): string {
	return typeof i.label === 'string' ? i.label : i.label.label;
}

function text(md: vscode.MarkdownString | string | undefined): string {
	return (typeof md === 'string' ? md : md?.value ?? '').replace(/\\(.)/g, '$1');
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
	const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
	return hovers.flatMap((h) => h.contents.map((c) => text(typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n---\n');
}

describe('completion and hover of control IDs', () => {
	let demo: vscode.TextDocument;
	before(async () => {
		const { api } = await activateExtension();
		await api.getScanResult();
		demo = await vscode.workspace.openTextDocument(fileUri('src/hoverDemo.ts'));
	});

	it('offers every control with its title right after "@iso27001 ", replacing the word there', async () => {
		const items = await ours(demo.uri, endOf(demo, '// @iso27001 '), ' ');
		assert.equal(items.length, 93);
		const a824 = items.find((i) => label(i) === 'A.8.24')!;
		assert.equal(a824.detail, 'Use of cryptography');
		assert.equal((a824.insertText as vscode.SnippetString).value, 'A.8.24 — ${1:rationale}', 'at the end of the line: a rationale placeholder');
		const rows = items.filter((i) => !/excluded/.test(i.detail ?? ''));
		assert.deepEqual(rows.map((i) => (typeof i.label === 'string' ? undefined : i.label.description)), rows.map((i) => i.detail), 'every row shows its title');
		assert.match(text(a824.documentation), /Technological/);
		assert.match(text(a824.documentation), /Applicability: applicable/);
		const a74 = items.find((i) => label(i) === 'A.7.4')!;
		assert.match(a74.detail ?? '', /excluded/);
		assert.match(text(a74.documentation), /excluded: Cloud hosted/);
		const range = a824.range as { inserting: vscode.Range; replacing: vscode.Range };
		assert.equal(range.replacing.end.character, endOf(demo, '// @iso27001 crypto').character, 'replaces the word under the cursor');
	});

	it('orders by relevance: the controls the workspace uses first, then the catalog order, excluded last', async () => {
		const items = (await ours(demo.uri, endOf(demo, '// @iso27001 '), ' ')).map(label);
		// The fixture annotates A.8.24 twice, A.8.3, A.8.5 and A.8.15 once.
		assert.deepEqual(items.slice(0, 5), ['A.8.24', 'A.8.3', 'A.8.5', 'A.8.15', 'A.5.1']);
		assert.equal(items[items.length - 1], 'A.7.4', 'excluded by the Statement of Applicability');
	});

	it('puts the controls suggested by the code the annotation covers first', async () => {
		const vault = await vscode.workspace.openTextDocument(fileUri('src/vault.ts'));
		const line = endOf(vault, 'export async function databasePassword').line;
		const edit = new vscode.WorkspaceEdit();
		edit.insert(vault.uri, new vscode.Position(line, 0), '// @iso27001 \n');
		assert.ok(await vscode.workspace.applyEdit(edit));
		try {
			// vault.read is a secrets finding: A.5.17 (used nowhere yet), then A.8.24.
			const items = await ours(vault.uri, new vscode.Position(line, '// @iso27001 '.length), ' ');
			assert.deepEqual(items.slice(0, 2).map(label), ['A.5.17', 'A.8.24']);
			assert.equal(typeof items[0].label === 'string' ? undefined : items[0].label.description, 'Authentication information');
		} finally {
			const undo = new vscode.WorkspaceEdit();
			undo.delete(vault.uri, new vscode.Range(line, 0, line + 1, 0));
			assert.ok(await vscode.workspace.applyEdit(undo));
			assert.ok(await vault.save());
		}
	});

	it('ranks by title words and by ID prefix', async () => {
		const crypto = await ours(demo.uri, endOf(demo, '// @iso27001 crypto'));
		assert.equal(label(crypto[0]), 'A.8.24');
		assert.match(crypto[0].filterText ?? '', /crypto.*Use of cryptography/);
		const byId = await ours(demo.uri, endOf(demo, '// @iso27001 8.2'), '.');
		// The exact ID first; among the prefix matches, A.8.24 (used in the workspace) before the others.
		assert.deepEqual(byId.slice(0, 4).map(label), ['A.8.2', 'A.8.24', 'A.8.20', 'A.8.21']);
	});

	it('offers the six categories after "@iso27001-ignore " with their suggested controls', async () => {
		const items = await ours(demo.uri, endOf(demo, '// @iso27001-ignore '), ' ');
		assert.deepEqual(items.map(label).sort(), ['access-control', 'auth', 'crypto', 'logging', 'secrets', 'tls']);
		assert.equal(items.find((i) => label(i) === 'auth')?.detail, 'suggests A.8.5, A.5.17');
	});

	it('offers nothing in strings, plain comments or code', async () => {
		assert.deepEqual(await ours(demo.uri, endOf(demo, "'// @iso27001 A.8."), '.'), [], 'inside a string');
		assert.deepEqual(await ours(demo.uri, endOf(demo, '// Fixture'), ' '), [], 'a comment without a directive');
		assert.deepEqual(await ours(demo.uri, endOf(demo, 'export const '), ' '), [], 'code');
	});

	it('completes and hovers in a new unsaved document, with the first folder\'s catalog', async () => {
		const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: '// @iso27001 \n// @iso27001 A.7.4 — cameras\nexport const x = 1;\n' });
		try {
			assert.equal(doc.uri.scheme, 'untitled');
			const items = await ours(doc.uri, new vscode.Position(0, '// @iso27001 '.length), ' ');
			assert.equal(items.length, 93);
			const hover = await hoverText(doc.uri, endOf(doc, '@iso27001 A.7'));
			assert.match(hover, /A\.7\.4/);
			assert.match(hover, /Applicability: excluded: Cloud hosted/, 'the folder\'s Statement of Applicability');
		} finally {
			await vscode.window.showTextDocument(doc);
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		}
	});

	describe('with an annotation typed into the buffer (reverted afterwards)', () => {
		const inserted = '\n// @iso27001 A.8.24, A.9.4.1 A.7.4 — demo rationale\nexport const demoAnnotated = 2;\n';
		let api: Iso27001Api;
		let lineCount = 0;
		before(async () => {
			api = (await activateExtension()).api;
			lineCount = demo.lineCount;
			const edit = new vscode.WorkspaceEdit();
			edit.insert(demo.uri, new vscode.Position(lineCount, 0), inserted);
			assert.ok(await vscode.workspace.applyEdit(edit));
			const r = await api.getScanResult();
			assert.ok(r.annotations.some((a) => a.file === 'src/hoverDemo.ts'), 'the unsaved annotation is indexed');
		});
		after(async () => {
			// Undo the insertion by an edit (code-server has no revertAll), and save: the file is as before.
			const edit = new vscode.WorkspaceEdit();
			edit.delete(demo.uri, new vscode.Range(lineCount, 0, demo.lineCount, 0));
			assert.ok(await vscode.workspace.applyEdit(edit));
			assert.ok(await demo.save());
			const r = await api.getScanResult();
			assert.ok(!r.annotations.some((a) => a.file === 'src/hoverDemo.ts'), 'reverted');
		});

		it('offers nothing once the rationale has started', async () => {
			assert.deepEqual(await ours(demo.uri, endOf(demo, '@iso27001 A.8.24, A.9.4.1 A.7.4 — '), ' '), [], 'after the separator');
			assert.deepEqual(await ours(demo.uri, endOf(demo, '— demo '), ' '), [], 'in the rationale');
			const next = await ours(demo.uri, endOf(demo, '@iso27001 A.8.24, '), ' ');
			assert.ok(next.length > 0 && !next.some((i) => label(i) === 'A.8.24'), 'after a comma: IDs not yet listed');
			assert.equal(next[0].insertText, label(next[0]), 'a rationale follows: the ID alone');
		});

		it('hovers a control ID with title, theme, applicability, coverage and other locations', async () => {
			const hover = await hoverText(demo.uri, endOf(demo, '// @iso27001 A.8.2'));
			assert.match(hover, /A\.8\.24/);
			assert.match(hover, /Use of cryptography/);
			assert.match(hover, /Technological/);
			assert.match(hover, /Applicability: applicable/);
			assert.match(hover, /Coverage: covered/);
			assert.match(hover, /Also annotated in/);
			assert.match(hover, /src\/session\.ts:8/);
			assert.match(hover, /src\/tokens\.ts:3/);
			assert.doesNotMatch(hover, /src\/hoverDemo\.ts/, 'not the annotation under the cursor');
			assert.equal(await hoverText(demo.uri, endOf(demo, '— demo rat')), '', 'no hover in the rationale');
		});

		it('hovers a legacy 2013 ID with what it maps to, and an excluded control with its justification', async () => {
			const legacy = await hoverText(demo.uri, endOf(demo, 'A.8.24, A.9.4'));
			assert.match(legacy, /A\.9\.4\.1/);
			assert.match(legacy, /legacy/);
			assert.match(legacy, /Maps to[\s\S]*A\.8\.3/);
			assert.match(legacy, /src\/session\.ts:3/);
			const excluded = await hoverText(demo.uri, endOf(demo, 'A.9.4.1 A.7'));
			assert.match(excluded, /Applicability: excluded: Cloud hosted; the provider monitors the premises/);
		});
	});
});
