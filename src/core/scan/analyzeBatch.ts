import * as path from 'node:path';
import { SourceReader } from '../files/readSource';
import { languageForPath } from '../lexer';
import type { Problem } from '../types';
import { ANNOTATION_MARKER, analyzeFile, zeroTimings, type AnalyzerContext, type FileAnalysis, type PhaseTimings } from './analyzeFile';

/** Result of analysing a batch of files: only files with something to report are listed. */
export interface BatchResult {
	readonly analyses: FileAnalysis[];
	readonly problems: Problem[];
	/** Files read (skipped-as-irrelevant files included; files that could not be read excluded). */
	readonly scanned: number;
	readonly bytes: number;
	/** Time spent on this batch, per phase. */
	readonly timings: PhaseTimings;
}

const MARKER_BYTES = Buffer.from(ANNOTATION_MARKER);

/**
 * Reads and analyses files (paths relative to `root`). Shared by the worker threads and the
 * in-process path used for small scans and by the editor. A failure in one file becomes a
 * `file-error` problem for that file; the batch goes on.
 */
export async function analyzeBatch(
	root: string, files: readonly string[], ctx: AnalyzerContext, reader: SourceReader,
): Promise<BatchResult> {
	const out: BatchResult = { analyses: [], problems: [], scanned: 0, bytes: 0, timings: zeroTimings() };
	const before = { ...ctx.timings };
	let readMs = 0;
	// Detectors decide from the text; until they need it, a byte search for the marker is enough.
	const wanted = ctx.detectors.length > 0 ? () => true : (b: Buffer) => b.includes(MARKER_BYTES);
	let bytes = 0;
	for (const rel of files) {
		const t0 = performance.now();
		const read = reader.read(path.join(root, rel), rel, wanted);
		readMs += performance.now() - t0;
		bytes += read.bytes;
		if (read.kind === 'error') {
			out.problems.push(read.problem);
			continue;
		}
		(out as { scanned: number }).scanned++;
		if (read.kind === 'skipped') {
			continue;
		}
		const languageId = languageForPath(rel) ?? 'plaintext';
		try {
			const a = await analyzeFile({ path: rel, text: read.text, languageId }, ctx);
			if (a.annotations.length || a.ignores.length || a.findings.length || a.problems.length) {
				out.analyses.push(a);
			}
		} catch (e) {
			out.problems.push({ file: rel, line: 1, column: 1, code: 'file-error', severity: 'warning', message: `analysis failed: ${(e as Error).message}` });
		}
	}
	const t = ctx.timings;
	return { ...out, bytes, timings: { walk: 0, read: readMs, lex: t.lex - before.lex, scope: t.scope - before.scope, detect: t.detect - before.detect } };
}
