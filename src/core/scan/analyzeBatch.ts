import * as path from 'node:path';
import { SourceReader } from '../files/readSource';
import { languageForPath, lex, maskNonCode } from '../lexer';
import { MAX_PARSED_CHARS } from '../parse/parsedSource';
import { JAVASCRIPT_LANGUAGE_IDS } from '../scope/estree';
import type { Problem, SourceFile } from '../types';
import { ANNOTATION_MARKER, analyzeFile, isDeclarationFile, type AnalyzerContext, type FileAnalysis, type PhaseTimings } from './analyzeFile';

/** Result of analysing a batch of files: only files with something to report are listed. */
export interface BatchResult {
	readonly analyses: FileAnalysis[];
	readonly problems: Problem[];
	/** Files read (skipped-as-irrelevant files included; files that could not be read excluded). */
	readonly scanned: number;
	readonly bytes: number;
	/** Time spent on this batch, per phase. */
	readonly timings: PhaseTimings;
	/** Files read but left for another thread to analyse (see `BatchOptions.defer`). */
	readonly deferred: SourceFile[];
	/** The files counted in `scanned` (read, whether or not they held anything): the editor's index keeps them. */
	readonly readPaths: string[];
}

/** How a thread treats its batches. */
export interface BatchOptions {
	/**
	 * Language ids whose files (when they hold something to analyse) are returned in `deferred`
	 * instead of analysed here: scan workers leave TypeScript/JavaScript to the thread that has the
	 * TypeScript parser loaded, so that it is loaded once per scan (~100 MB and ~0.3 s per copy).
	 * Files over `MAX_PARSED_CHARS` are never parsed, so they are analysed where they are read.
	 */
	readonly defer?: ReadonlySet<string>;
}

const MARKER_BYTES = Buffer.from(ANNOTATION_MARKER);

/**
 * Reads and analyses files (paths relative to `root`). Shared by the worker threads and the
 * in-process path used for small scans and by the editor. A failure in one file becomes a
 * `file-error` problem for that file; the batch goes on.
 */
export async function analyzeBatch(
	root: string, files: readonly string[], ctx: AnalyzerContext, reader: SourceReader, options: BatchOptions = {},
): Promise<BatchResult> {
	const analyses: FileAnalysis[] = [];
	const problems: Problem[] = [];
	const deferred: SourceFile[] = [];
	const readPaths: string[] = [];
	const before = { ...ctx.timings };
	let scanned = 0;
	let bytes = 0;
	let readMs = 0;
	for (const rel of files) {
		const t0 = performance.now();
		const read = reader.read(path.join(root, rel), rel, wantedFor(rel, ctx));
		readMs += performance.now() - t0;
		bytes += read.bytes;
		if (read.kind === 'error') {
			problems.push(read.problem);
			continue;
		}
		scanned++;
		readPaths.push(rel);
		if (read.kind === 'skipped') {
			continue;
		}
		const file: SourceFile = { path: rel, text: read.text, languageId: languageForPath(rel) ?? 'plaintext' };
		// Files too large to parse are analysed lexically: they need no parser, so no hand-back (and
		// a multi-megabyte bundle is not copied to the other thread).
		if (options.defer?.has(file.languageId) && file.text.length <= MAX_PARSED_CHARS) {
			// Only files that need the parser are handed back; the others have nothing to report.
			// Plain JavaScript is analysed here when Meriyah parses it (it needs no TypeScript-ESTree).
			if (needsParser(file, ctx) && !(JAVASCRIPT_LANGUAGE_IDS.has(file.languageId) && await analyzeWithoutFullParser(file, ctx, analyses, problems))) {
				deferred.push(file);
			}
			continue;
		}
		await analyzeInto(file, ctx, analyses, problems);
	}
	return { analyses, problems, scanned, bytes, timings: timingsSince(ctx, before, readMs), deferred, readPaths };
}

/**
 * Whether a file's bytes are worth decoding: it holds an annotation, or a detector of its language
 * may match. The detectors' prefilters look for ASCII keywords, so they run on a Latin-1 view of the
 * bytes (a copy, no UTF-8 validation); the real decode happens only for files that pass.
 */
function wantedFor(rel: string, ctx: AnalyzerContext): (bytes: Buffer) => boolean {
	const languageId = languageForPath(rel) ?? 'plaintext';
	const detectors = isDeclarationFile(rel) ? [] : ctx.detectors.filter((d) => d.languages.has(languageId));
	if (detectors.length === 0) {
		return (b) => b.includes(MARKER_BYTES);
	}
	return (b) => {
		if (b.includes(MARKER_BYTES)) {
			return true;
		}
		const view = b.toString('latin1');
		return detectors.some((d) => d.mayMatch(view));
	};
}

/**
 * Whether analysing a file can need its parse: it holds an annotation, or a detector whose
 * prefilters accept it (the second on the text with comments blanked, as `detect` would test it).
 * False means `analyzeFile` would report nothing.
 */
function needsParser(file: SourceFile, ctx: AnalyzerContext): boolean {
	if (file.text.includes(ANNOTATION_MARKER)) {
		return true;
	}
	const detectors = isDeclarationFile(file.path) ? [] : ctx.detectors.filter((d) => d.languages.has(file.languageId) && d.mayMatch(file.text));
	if (detectors.length === 0) {
		return false;
	}
	if (detectors.some((d) => d.mayMatchCode === undefined)) {
		return true;
	}
	const t0 = performance.now();
	const code = maskNonCode(file.text, { comments: lex(file.text, file.languageId).comments, strings: [] });
	ctx.timings.lex += performance.now() - t0;
	return detectors.some((d) => d.mayMatchCode?.(code) === true);
}

/**
 * Analyses a file in a thread without TypeScript-ESTree; false (and nothing added) when its
 * analysis needed that parser, so that the file goes to a thread that has it.
 */
async function analyzeWithoutFullParser(file: SourceFile, ctx: AnalyzerContext, analyses: FileAnalysis[], problems: Problem[]): Promise<boolean> {
	const parsers = ctx.scopes.parsers;
	parsers.missedFullParser = false;
	const a: FileAnalysis[] = [];
	const p: Problem[] = [];
	await analyzeInto(file, ctx, a, p);
	if (parsers.missedFullParser) {
		parsers.missedFullParser = false;
		return false;
	}
	analyses.push(...a);
	problems.push(...p);
	return true;
}

/** Analyses files whose text is already read (deferred by another thread, or edited buffers). */
export async function analyzeTexts(files: readonly SourceFile[], ctx: AnalyzerContext): Promise<BatchResult> {
	const analyses: FileAnalysis[] = [];
	const problems: Problem[] = [];
	const before = { ...ctx.timings };
	for (const file of files) {
		await analyzeInto(file, ctx, analyses, problems);
	}
	return { analyses, problems, scanned: 0, bytes: 0, timings: timingsSince(ctx, before, 0), deferred: [], readPaths: [] };
}

/** Analyses one file into `analyses` (when it has anything to report) or, if analysis fails, `problems`. */
async function analyzeInto(file: SourceFile, ctx: AnalyzerContext, analyses: FileAnalysis[], problems: Problem[]): Promise<void> {
	try {
		const a = await analyzeFile(file, ctx);
		if (a.annotations.length > 0 || a.ignores.length > 0 || a.findings.length > 0 || a.problems.length > 0) {
			analyses.push(a);
		}
	} catch (e) {
		problems.push({ file: file.path, line: 1, column: 1, code: 'file-error', severity: 'warning', message: `analysis failed: ${(e as Error).message}` });
	}
}

/** The context's phase times accumulated since `before`, plus this batch's reading time. */
function timingsSince(ctx: AnalyzerContext, before: PhaseTimings, readMs: number): PhaseTimings {
	const t = ctx.timings;
	return { walk: 0, read: readMs, lex: t.lex - before.lex, scope: t.scope - before.scope, detect: t.detect - before.detect };
}
