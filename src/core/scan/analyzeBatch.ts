import * as path from 'node:path';
import { SourceReader } from '../files/readSource';
import { languageForPath, lex, maskNonCode } from '../lexer';
import { MAX_PARSED_CHARS } from '../parse/parsedSource';
import { JAVASCRIPT_LANGUAGE_IDS } from '../scope/estree';
import type { Problem, SourceFile } from '../types';
import type { Detector } from '../detection/detector';
import { ANNOTATION_MARKER, analyzeFile, codeDetectors, isDeclarationFile, type AnalyzerContext, type FileAnalysis, type PhaseTimings, type PreparedFile } from './analyzeFile';

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
		const languageId = languageForPath(rel) ?? 'plaintext';
		const wanted = wantedFor(rel, languageId, ctx);
		const read = reader.read(path.join(root, rel), rel, wanted.test ?? { contains: MARKER_BYTES });
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
		const file: SourceFile = { path: rel, text: read.text, languageId };
		const prepared = prepare(file, ctx, wanted.detectors);
		if (prepared === null) {
			continue; // Nothing to report: no annotation, and no detector accepts the code.
		}
		// Files too large to parse are analysed lexically: they need no parser, so no hand-back (and
		// a multi-megabyte bundle is not copied to the other thread). Plain JavaScript is analysed here
		// when Meriyah parses it (it needs no TypeScript-ESTree).
		if (options.defer?.has(file.languageId) && file.text.length <= MAX_PARSED_CHARS) {
			if (!(JAVASCRIPT_LANGUAGE_IDS.has(file.languageId) && await analyzeWithoutFullParser(file, ctx, prepared, analyses, problems))) {
				deferred.push(file);
			}
			continue;
		}
		await analyzeInto(file, ctx, analyses, problems, prepared);
	}
	return { analyses, problems, scanned, bytes, timings: timingsSince(ctx, before, readMs), deferred, readPaths };
}

/** A file's test before decoding (none: only the annotation marker counts), and the detectors that passed it. */
interface WantedBytes {
	test?: (bytes: Buffer, latin1: () => string) => boolean;
	detectors: Detector[];
}

/**
 * Whether a file's bytes are worth decoding: it holds an annotation, or a detector of its language
 * may match. The detectors' prefilters look for ASCII keywords, so they run on a Latin-1 view of the
 * bytes (a copy, no UTF-8 validation); the real decode happens only for files that pass. `detectors`
 * is left holding the detectors that accepted the bytes. Without a detector (declaration files,
 * languages without one, detection off) `test` is undefined: only the annotation marker counts, which
 * the reader can look for without holding a large file whole.
 */
function wantedFor(rel: string, languageId: string, ctx: AnalyzerContext): WantedBytes {
	const candidates = isDeclarationFile(rel) ? [] : ctx.detectors.filter((d) => d.languages.has(languageId));
	const out: WantedBytes = { detectors: [] };
	if (candidates.length > 0) {
		out.test = (b, latin1) => {
			const view = latin1();
			out.detectors = candidates.filter((d) => d.mayMatch(view));
			return out.detectors.length > 0 || b.includes(MARKER_BYTES);
		};
	}
	return out;
}

/**
 * Lexes a file and applies the detectors' second prefilter (on the code, comments blanked) once,
 * for `analyzeFile`; null when the file holds nothing to report (no annotation, no detector left).
 */
function prepare(file: SourceFile, ctx: AnalyzerContext, candidates: readonly Detector[]): PreparedFile | null {
	const t0 = performance.now();
	const lexed = lex(file.text, file.languageId);
	// Files too large to parse get only lexical rules, which run on the masked code anyway: the
	// second prefilter would cost another copy of a multi-megabyte text for nothing.
	const needsCode = file.text.length <= MAX_PARSED_CHARS && candidates.some((d) => d.mayMatchCode !== undefined);
	const withoutComments = needsCode ? maskNonCode(file.text, { comments: lexed.comments, strings: [] }) : undefined;
	ctx.timings.lex += performance.now() - t0;
	const detectors = withoutComments === undefined ? [...candidates] : codeDetectors(candidates, () => withoutComments);
	if (detectors.length === 0 && !file.text.includes(ANNOTATION_MARKER)) {
		return null;
	}
	return { lex: lexed, withoutComments, detectors };
}

/**
 * Analyses a file in a thread without TypeScript-ESTree; false (and nothing added) when its
 * analysis needed that parser, so that the file goes to a thread that has it.
 */
async function analyzeWithoutFullParser(
	file: SourceFile, ctx: AnalyzerContext, prepared: PreparedFile, analyses: FileAnalysis[], problems: Problem[],
): Promise<boolean> {
	const parsers = ctx.scopes.parsers;
	parsers.missedFullParser = false;
	const a: FileAnalysis[] = [];
	const p: Problem[] = [];
	await analyzeInto(file, ctx, a, p, prepared);
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
async function analyzeInto(file: SourceFile, ctx: AnalyzerContext, analyses: FileAnalysis[], problems: Problem[], prepared?: PreparedFile): Promise<void> {
	try {
		const a = await analyzeFile(file, ctx, prepared);
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
	return { walk: 0, read: readMs, lex: t.lex - before.lex, parse: t.parse - before.parse, scope: t.scope - before.scope, detect: t.detect - before.detect };
}
