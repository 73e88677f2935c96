import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { addAnnotationEdit, addIgnoreEdit, applyEdits, type TextEdit } from '../../../src/core/fixes';
import { analyzeFile, type FileAnalysis } from '../../../src/core/analysis/analyzeFile';
import type { AnalyzerContext } from '../../../src/core/analysis/context';
import { createAnalyzerContext } from '../../../src/core/analysis/context';
import type { Finding } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

let shared: AnalyzerContext | undefined;

/** One analyzer context (2022 catalog with the 2013 one as legacy, every category on) for all fix tests. */
export function context(): AnalyzerContext {
	const { c2022, c2013 } = builtInCatalogs();
	shared ??= createAnalyzerContext({
		root: '/', catalog: c2022, legacy: [c2013], soa: {}, maxFileSize: 1 << 20, wasmDir: null,
		detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
	});
	return shared;
}

/** The real per-file analysis, as the scan and the editor run it. */
export function analyse(path: string, languageId: string, text: string): Promise<FileAnalysis> {
	return analyzeFile({ path, text, languageId }, context());
}

/** The one finding whose API is `api` (fails unless there is exactly one). */
export function findingOf(analysis: FileAnalysis, api: string): Finding {
	const found = analysis.findings.filter((f) => f.api === api);
	assert.equal(found.length, 1, `one finding of ${api} in ${JSON.stringify(analysis.findings.map((f) => f.api))}`);
	return found[0];
}

/** Lines joined with `\n`, plus a final line break. */
export function src(...lines: string[]): string {
	return `${lines.join('\n')}\n`;
}

export interface RoundTrip {
	readonly edit: TextEdit;
	/** The text after the edit. */
	readonly text: string;
	/** The finding of the same API in the re-analysed text. */
	readonly after: Finding;
}

/**
 * Analyses `text`, adds the annotation for the finding of `api` (its first suggested control) and
 * analyses the result again.
 */
export async function annotate(path: string, languageId: string, text: string, api: string): Promise<RoundTrip> {
	const before = findingOf(await analyse(path, languageId, text), api);
	assert.equal(before.mapped, false, `${api} is unmapped before the fix`);
	const edit = addAnnotationEdit(text, languageId, before);
	assert.ok(edit !== null, 'an edit');
	const next = applyEdits(text, [edit]);
	return { edit, text: next, after: findingOf(await analyse(path, languageId, next), api) };
}

/** Like {@link annotate} with `@iso27001-ignore` and `reason` typed at the cursor. */
export async function ignore(path: string, languageId: string, text: string, api: string, reason: string): Promise<RoundTrip & { cursorLine: string }> {
	const before = findingOf(await analyse(path, languageId, text), api);
	const fix = addIgnoreEdit(text, languageId, before);
	const inserted = applyEdits(text, [fix.edit]);
	const typed = applyEdits(inserted, [{ line: fix.cursor.line, column: fix.cursor.column, endLine: fix.cursor.line, endColumn: fix.cursor.column, newText: reason }]);
	return {
		edit: fix.edit, text: typed, cursorLine: typed.split(/\r?\n/)[fix.cursor.line - 1],
		after: findingOf(await analyse(path, languageId, typed), api),
	};
}
