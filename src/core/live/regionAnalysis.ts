/**
 * Fast re-analysis of an edited TypeScript or JavaScript buffer: when an edit stays inside the body
 * of one top-level declaration (a function, class, …), only that declaration is analysed again,
 * on a copy of the text where the bodies of the other top-level functions and classes are blanked
 * (so the parse is small but imports, top-level aliases and line numbers are intact); everything
 * outside it is taken from the previous analysis, lines shifted. The live index follows this with
 * an exact analysis of the whole file as soon as no other change waits (see `FolderIndex.update`).
 */
import { analyzeFile, type AnalyzerContext, type FileAnalysis } from '../scan/analyzeFile';
import { lex, maskNonCode } from '../lexer';
import { LineIndex } from '../text/lineIndex';
import type { Annotation, Finding, IgnoreDirective, Problem, Scope, SourceFile } from '../types';

/** Languages the fast path applies to: those whose full parse (TypeScript-ESTree) is the slow one. */
export const FAST_LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);

/** The changed span: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new one. */
export interface TextChange {
	readonly start: number;
	readonly oldEnd: number;
	readonly newEnd: number;
}

/** The smallest single span that turns `before` into `after` (common prefix and suffix removed). */
export function diffTexts(before: string, after: string): TextChange {
	const max = Math.min(before.length, after.length);
	let start = 0;
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) {
		start++;
	}
	let tail = 0;
	while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) {
		tail++;
	}
	return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** A `{ … }` at the top level of the file: offsets of the braces. */
interface Block {
	readonly open: number;
	readonly close: number;
	/** A function, method or class body, whose inside does not affect the rest of the file. */
	readonly body: boolean;
	/** Offset where the top-level statement holding it starts (after the previous one ended). */
	readonly statementStart: number;
}

/**
 * Re-analyses `file` (the new buffer text) from `previous` (the analysis of `before`, the text it
 * replaced), or returns undefined when the fast path does not apply: another language, an edit
 * that is not inside one top-level body, a file-level directive inside the edited declaration, or
 * braces the lexer cannot pair (mid-edit code) — the caller then analyses the whole file.
 */
export async function reanalyzeRegion(
	before: string, previous: FileAnalysis | null, file: SourceFile, ctx: AnalyzerContext,
): Promise<FileAnalysis | null | undefined> {
	if (!FAST_LANGUAGES.has(file.languageId)) {
		return undefined;
	}
	const change = diffTexts(before, file.text);
	const lexed = lex(file.text, file.languageId);
	const code = maskNonCode(file.text, lexed);
	const blocks = topLevelBlocks(code);
	if (blocks === null) {
		return undefined;
	}
	const target = blocks.find((b) => b.body && b.open < change.start && change.newEnd <= b.close);
	if (!target) {
		return undefined;
	}
	// The other functions and classes are blanked, with their leading comments: the parse, the
	// scope resolution and the detectors' walk shrink to this declaration and the file's other
	// top-level statements (imports, aliases), with every offset, line and column unchanged.
	const parts: string[] = [];
	const blanked: [number, number][] = [];
	let pos = 0;
	for (const b of blocks) {
		if (b === target || !b.body) {
			continue;
		}
		const whole = file.text.slice(b.statementStart, b.close + 1);
		// An @iso27001-file comment covers the whole file, so it must stay; keep the header then.
		const from = whole.includes('@iso27001-file') ? b.open + 1 : b.statementStart;
		const to = from === b.statementStart ? b.close + 1 : b.close;
		parts.push(file.text.slice(pos, from), blankKeepingLines(file.text, from, to));
		blanked.push([from, to]);
		pos = to;
	}
	parts.push(file.text.slice(pos));
	// Blanked spans start and end in code, so the copy's comments and strings are the file's
	// outside them: no second lexing pass.
	const partialLex = { comments: outside(lexed.comments, blanked), strings: outside(lexed.strings, blanked) };
	const partial = await analyzeFile({ ...file, text: parts.join('') }, ctx, partialLex);

	const lines = new LineIndex(file.text);
	// The region starts at the declaration's leading comments (its annotation), on a line of its own.
	let lead = target.statementStart;
	while (lead < target.open && /\s/.test(file.text[lead])) {
		lead++;
	}
	const first = lines.lineAt(lead);
	if (target.statementStart > 0 && lines.lineAt(target.statementStart - 1) === first) {
		return undefined; // Shares a line with the statement before it.
	}
	const last = lines.lineAt(target.close);
	const delta = lineCount(file.text) - lineCount(before);
	// The file scope's last line, counted as `fileScope` counts it (a final newline opens no line).
	const lastLine = Math.max(1, lines.lineCount);
	const inRegion = (line: number): boolean => line >= first && line <= last;
	const oldLast = last - delta;
	const isFileScope = (a: { scope: Scope }): boolean => a.scope.kind === 'file';
	if ([...partial.annotations, ...(previous?.annotations ?? [])].some((a) => isFileScope(a) && (inRegion(a.line) || (a.line >= first && a.line <= oldLast)))) {
		return undefined; // An @iso27001-file added or removed inside the edit changes the whole file's coverage.
	}
	const shift = (line: number): number => (line > oldLast ? line + delta : line);
	const keep = <T extends { line: number }>(items: readonly T[] | undefined): T[] => (items ?? []).filter((x) => x.line < first || x.line > oldLast);
	const shiftScope = (s: Scope): Scope => (s.kind === 'file'
		? { ...s, endLine: lastLine }
		: { ...s, startLine: shift(s.startLine), endLine: s.endLine >= first ? s.endLine + (s.endLine > oldLast || s.startLine < first ? delta : 0) : s.endLine });
	const annotations: Annotation[] = [
		...keep(previous?.annotations).map((a) => ({ ...a, line: shift(a.line), scope: shiftScope(a.scope) })),
		...partial.annotations.filter((a) => inRegion(a.line)),
	];
	const ignores: IgnoreDirective[] = [
		...keep(previous?.ignores).map((i) => ({ ...i, line: shift(i.line), scope: shiftScope(i.scope) })),
		...partial.ignores.filter((i) => inRegion(i.line)),
	];
	const findings: Finding[] = [
		...keep(previous?.findings).map((f) => ({ ...f, line: shift(f.line), ...(f.anchor ? { anchor: { ...f.anchor, line: shift(f.anchor.line) } } : {}) })),
		...partial.findings.filter((f) => inRegion(f.line)),
	];
	const problems: Problem[] = [
		...keep(previous?.problems).map((p) => ({ ...p, line: shift(p.line), ...(p.endLine !== undefined ? { endLine: shift(p.endLine) } : {}) })),
		...partial.problems.filter((p) => inRegion(p.line)),
	];
	const byLine = (a: { line: number; column?: number }, b: { line: number; column?: number }): number => a.line - b.line || (a.column ?? 0) - (b.column ?? 0);
	annotations.sort(byLine);
	ignores.sort(byLine);
	findings.sort(byLine);
	problems.sort(byLine);
	if (annotations.length + ignores.length + findings.length + problems.length === 0) {
		return null;
	}
	return { path: file.path, annotations, ignores, findings, problems };
}

/**
 * The top-level brace blocks of masked code (comments and strings blanked), or null when the braces
 * do not pair. A block is a body when its statement is a function (declaration, expression or
 * arrow) or a class; object literals, destructuring patterns and import lists are not.
 */
function topLevelBlocks(code: string): Block[] | null {
	const blocks: Block[] = [];
	let depth = 0;
	let open = -1;
	let statementStart = 0;
	let parens = 0;
	for (let i = 0; i < code.length; i++) {
		const c = code.charCodeAt(i);
		if (c === 40 /* ( */ || c === 91 /* [ */) {
			parens++;
		} else if (c === 41 /* ) */ || c === 93 /* ] */) {
			parens--;
		} else if (c === 123 /* { */) {
			if (depth === 0 && parens === 0) {
				open = i;
			}
			depth++;
		} else if (c === 125 /* } */) {
			depth--;
			if (depth < 0) {
				return null;
			}
			if (depth === 0 && open >= 0) {
				blocks.push({ open, close: i, body: isBody(code, open, statementStart), statementStart });
				open = -1;
				statementStart = i + 1;
			}
		} else if (c === 59 /* ; */ && depth === 0 && parens === 0) {
			statementStart = i + 1;
		}
	}
	return depth === 0 && parens === 0 ? blocks : null;
}

function isBody(code: string, open: number, statementStart: number): boolean {
	const head = code.slice(statementStart, open).trim();
	// `function f(…): T {`, `const f = (…) => {`, `= async function (…) {`, `class A extends B {`.
	return /(?:^|[\s=(])(?:async\s+)?function\b/.test(head) || /=>$/.test(head)
		|| /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\b/.test(head);
}

/** The spans (sorted by start) that do not start inside one of the sorted, disjoint `ranges`. */
function outside<T extends { readonly start: number }>(spans: readonly T[], ranges: readonly (readonly [number, number])[]): T[] {
	const out: T[] = [];
	let r = 0;
	for (const span of spans) {
		while (r < ranges.length && ranges[r][1] <= span.start) {
			r++;
		}
		if (r === ranges.length || span.start < ranges[r][0]) {
			out.push(span);
		}
	}
	return out;
}

/** `text[a, b)` with everything but line breaks turned into spaces (one `repeat` per line). */
function blankKeepingLines(text: string, a: number, b: number): string {
	const parts: string[] = [];
	let from = a;
	for (let nl = text.indexOf('\n', a); nl !== -1 && nl < b; nl = text.indexOf('\n', nl + 1)) {
		const cr = nl > from && text.charCodeAt(nl - 1) === 13;
		parts.push(' '.repeat(nl - from - (cr ? 1 : 0)), cr ? '\r\n' : '\n');
		from = nl + 1;
	}
	parts.push(' '.repeat(b - from));
	return parts.join('');
}

/** Line breaks plus one: only differences of it are used, so a final newline does not matter. */
function lineCount(text: string): number {
	let n = 1;
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
		n++;
	}
	return n;
}
