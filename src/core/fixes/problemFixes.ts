/**
 * Quick fixes for two annotation problems, from the file text and the problem alone: where the
 * reason of an `@iso27001-ignore` goes (`missing-ignore-reason`), and the controls an unknown ID most
 * likely meant (`unknown-control`).
 */
import { closestControls } from '../catalog/closest';
import { LineIndex } from '../text/lineIndex';
import type { Catalog, CatalogControl, Problem } from '../types';
import type { Position, TextEdit } from './edits';

/** A separator at the end of a directive: the reason is still to be written after it. */
const TRAILING_SEPARATOR = /(?:—|–|--|:|->|\s-)$/;

/**
 * For a `missing-ignore-reason` problem: the cursor position where the reason goes, after ` — `
 * (inserted when no separator ends the directive, a space added when one is glued on). Null for
 * another problem or one without an end.
 */
export function ignoreReasonFix(text: string, problem: Problem): { readonly edit: TextEdit | null; readonly cursor: Position } | null {
	if (problem.code !== 'missing-ignore-reason' || problem.endColumn === undefined || (problem.endLine ?? problem.line) !== problem.line) {
		return null;
	}
	const lines = new LineIndex(text);
	const start = lines.lineStart(problem.line);
	const directive = text.slice(start + problem.column - 1, Math.min(start + problem.endColumn - 1, lines.lineEnd(problem.line)));
	const trimmed = directive.trimEnd();
	const at = problem.column + trimmed.length;
	const edit = (newText: string): TextEdit => ({ line: problem.line, column: at, endLine: problem.line, endColumn: problem.column + directive.length, newText });
	if (!TRAILING_SEPARATOR.test(trimmed)) {
		return { edit: edit(' — '), cursor: { line: problem.line, column: at + 3 } };
	}
	if (directive.length > trimmed.length) {
		return { edit: null, cursor: { line: problem.line, column: at + 1 } };
	}
	return { edit: edit(' '), cursor: { line: problem.line, column: at + 1 } };
}

/**
 * For an `unknown-control` problem: the edits replacing the unknown ID with each of the closest
 * controls of `catalog` (by number, then by the title words of the rest of the line).
 */
export function unknownControlFixes(text: string, problem: Problem, catalog: Catalog): { readonly control: CatalogControl; readonly edit: TextEdit }[] {
	if (problem.code !== 'unknown-control' || problem.endColumn === undefined || (problem.endLine ?? problem.line) !== problem.line) {
		return [];
	}
	const lines = new LineIndex(text);
	const start = lines.lineStart(problem.line);
	const token = text.slice(start + problem.column - 1, start + problem.endColumn - 1);
	const rest = text.slice(start + problem.endColumn - 1, lines.lineEnd(problem.line));
	const range = { line: problem.line, column: problem.column, endLine: problem.line, endColumn: problem.endColumn };
	return closestControls(catalog, token, rest).map((control) => ({ control, edit: { ...range, newText: control.id } }));
}
