import * as path from 'node:path';
import type { SourceReader } from '../files/readSource';
import { languageOfFile } from '../files/scriptLanguage';
import { JAVASCRIPT_LANGUAGE_IDS } from '../parse/estree';
import { MAX_ESTREE_CHARS } from '../parse/parsedSource';
import type { LexResult, Problem, SourceFile } from '../types';
import { analyzeFile, type FileAnalysis } from './analyzeFile';
import type { AnalyzerContext, PhaseTimings } from './context';
import { GATED_ABOVE_CHARS, type LargeFileGate } from './largeFileGate';
import { prepare, wantedFor, type PreparedFile, type WantedBytes } from './prefilter';

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
	readonly deferred: HandedBackFile[];
	/** The files counted in `scanned` (read, whether or not they held anything): the editor's index keeps them. */
	readonly readPaths: string[];
	/** Listed files that no longer exist when they were to be read (deleted or renamed meanwhile). */
	readonly missing: string[];
}

/**
 * A file one thread read, lexed and prefiltered, handed to another thread to analyse (plain data:
 * it crosses threads). `detectors` are indices into the context's detectors, which every thread
 * builds in the same order from the same `AnalyzerInit`.
 */
export interface HandedBackFile {
	readonly file: SourceFile;
	readonly lex: LexResult;
	readonly withoutComments?: string;
	readonly detectors: readonly number[];
}

/** How a thread treats its batches. */
export interface BatchOptions {
	/**
	 * Language ids whose files (when they hold something to analyse) are returned in `deferred`
	 * instead of analysed here: scan workers leave TypeScript/JavaScript to the thread that has the
	 * TypeScript parser loaded, so that it is loaded once per scan (~100 MB and ~0.3 s per copy).
	 * Files of TypeScript-ESTree languages over `MAX_ESTREE_CHARS` are never parsed, so they are analysed where they are read.
	 */
	readonly defer?: ReadonlySet<string>;
	/** Shared by the scan's threads: files over `GATED_ABOVE_CHARS` are prepared and analysed one thread at a time. */
	readonly gate?: LargeFileGate;
}

/** Collects one batch's output. */
class BatchOutput {
	readonly analyses: FileAnalysis[] = [];
	readonly problems: Problem[] = [];
	readonly deferred: HandedBackFile[] = [];
	readonly readPaths: string[] = [];
	readonly missing: string[] = [];
	bytes = 0;
	readMs = 0;
	private readonly before: PhaseTimings;

	constructor(private readonly ctx: AnalyzerContext) {
		this.before = { ...ctx.timings };
	}

	/** Analyses one file into `analyses` (when it has anything to report) or, if analysis fails, `problems`. */
	async analyze(file: SourceFile, prepared?: PreparedFile): Promise<void> {
		try {
			const a = await analyzeFile(file, this.ctx, prepared);
			if (a.annotations.length > 0 || a.ignores.length > 0 || a.findings.length > 0 || a.problems.length > 0 || (a.ownCalls?.length ?? 0) > 0) {
				this.analyses.push(a);
			}
		} catch (e) {
			this.problems.push({ file: file.path, line: 1, column: 1, code: 'file-error', severity: 'warning', message: `analysis failed: ${(e as Error).message}` });
		}
	}

	result(): BatchResult {
		const t = this.ctx.timings;
		const b = this.before;
		const timings = { walk: 0, read: this.readMs, lex: t.lex - b.lex, parse: t.parse - b.parse, scope: t.scope - b.scope, detect: t.detect - b.detect };
		const { analyses, problems, deferred, readPaths, missing, bytes } = this;
		return { analyses, problems, scanned: readPaths.length, bytes, timings, deferred, readPaths, missing };
	}
}

/**
 * Reads and analyses files (paths relative to `root`). Shared by the worker threads, the
 * in-process path used for small scans, and the editor's index. A failure in one file becomes a
 * `file-error` problem for that file; the batch goes on.
 */
export async function analyzeBatch(
	root: string, files: readonly string[], ctx: AnalyzerContext, reader: SourceReader, options: BatchOptions = {},
): Promise<BatchResult> {
	const out = new BatchOutput(ctx);
	for (const rel of files) {
		const t0 = performance.now();
		const languageId = languageOfFile(root, rel) ?? 'plaintext';
		const wanted = wantedFor(rel, languageId, ctx);
		const read = reader.read(path.join(root, rel), rel, wanted.test);
		out.readMs += performance.now() - t0;
		out.bytes += read.bytes;
		if (read.kind === 'error' || read.kind === 'missing') {
			if (read.kind === 'error') {
				out.problems.push(read.problem);
			} else {
				out.missing.push(rel);
			}
			continue;
		}
		out.readPaths.push(rel);
		if (read.kind === 'skipped') {
			continue;
		}
		const file: SourceFile = { path: rel, text: read.text, languageId };
		if (options.gate !== undefined && file.text.length > GATED_ABOVE_CHARS) {
			await options.gate.hold(() => analyzeRead(file, wanted, ctx, options, out));
		} else {
			await analyzeRead(file, wanted, ctx, options, out);
		}
	}
	return out.result();
}

/** Prepares and analyses one file read from disk, or hands it back (see `BatchOptions.defer`). */
async function analyzeRead(file: SourceFile, wanted: WantedBytes, ctx: AnalyzerContext, options: BatchOptions, out: BatchOutput): Promise<void> {
	const prepared = prepare(file, ctx, wanted.detectors);
	if (prepared === null) {
		return; // Nothing to report: no annotation, and no detector accepts the code.
	}
	// Files too large to parse are analysed lexically: they need no parser, so no hand-back (and
	// a multi-megabyte bundle is not copied to the other thread). Plain JavaScript is analysed here
	// when Meriyah parses it (it needs no TypeScript-ESTree).
	if (options.defer?.has(file.languageId) && file.text.length <= MAX_ESTREE_CHARS) {
		if (!(JAVASCRIPT_LANGUAGE_IDS.has(file.languageId) && await analyzeWithoutFullParser(file, ctx, prepared, out))) {
			out.deferred.push(handBack(file, prepared, ctx));
		}
		return;
	}
	await out.analyze(file, prepared);
}

function handBack(file: SourceFile, prepared: PreparedFile, ctx: AnalyzerContext): HandedBackFile {
	const detectors = (prepared.detectors ?? []).map((d) => ctx.detectors.indexOf(d));
	return { file, lex: prepared.lex, withoutComments: prepared.withoutComments, detectors };
}

/**
 * Analyses a file in a thread without TypeScript-ESTree; false (and nothing added) when its
 * analysis needed that parser, so that the file goes to a thread that has it.
 */
async function analyzeWithoutFullParser(file: SourceFile, ctx: AnalyzerContext, prepared: PreparedFile, into: BatchOutput): Promise<boolean> {
	const parsers = ctx.scopes.parsers;
	parsers.missedFullParser = false;
	const attempt = new BatchOutput(ctx);
	await attempt.analyze(file, prepared);
	if (parsers.missedFullParser) {
		parsers.missedFullParser = false;
		return false;
	}
	into.analyses.push(...attempt.analyses);
	into.problems.push(...attempt.problems);
	return true;
}

/**
 * Analyses files whose text is already in memory: edited buffers (plain `SourceFile`s, lexed here)
 * or files another thread read and lexed ({@link HandedBackFile}s, not lexed or prefiltered again).
 */
export async function analyzeTexts(files: readonly (SourceFile | HandedBackFile)[], ctx: AnalyzerContext): Promise<BatchResult> {
	const out = new BatchOutput(ctx);
	for (const f of files) {
		if ('lex' in f) {
			const detectors = f.detectors.map((i) => ctx.detectors[i]);
			await out.analyze(f.file, { lex: f.lex, withoutComments: f.withoutComments, detectors });
		} else {
			await out.analyze(f);
		}
	}
	return out.result();
}
