import type { Detector } from '../detection/detector';
import { isDeclarationFile, lex, maskNonCode } from '../lexer';
import { MAX_PARSED_CHARS } from '../parse/parsedSource';
import type { LexResult, SourceFile } from '../types';
import type { AnalyzerContext } from './context';

/** The text every annotation contains; files without it skip lexing and parsing entirely. */
export const ANNOTATION_MARKER = '@iso27001';
const MARKER_BYTES = Buffer.from(ANNOTATION_MARKER);

/**
 * What a caller already computed for a file, so that it is not computed again: its lexer result,
 * the text with comments blanked, and the detectors whose prefilters (`mayMatch` and
 * `mayMatchCode`) both accept it.
 */
export interface PreparedFile {
	readonly lex: LexResult;
	readonly withoutComments?: string;
	readonly detectors?: readonly Detector[];
}

/** The detectors of the file's language whose raw-text prefilter accepts it (none for declaration files). */
export function candidateDetectors(file: SourceFile, ctx: AnalyzerContext, text = file.text): Detector[] {
	return isDeclarationFile(file.path) ? [] : ctx.detectors.filter((d) => d.languages.has(file.languageId) && d.mayMatch(text, file.languageId));
}

/**
 * Those of `detectors` whose second prefilter accepts the code with comments blanked (documentation
 * comments full of "password" and "role" must not cost a parse).
 */
export function codeDetectors(detectors: readonly Detector[], withoutComments: () => string): Detector[] {
	// Only detectors with a code prefilter (JavaScript's) need the masked copy: other files are not masked for it.
	return detectors.filter((d) => d.mayMatchCode === undefined || d.mayMatchCode(withoutComments()));
}

/** A file's test before decoding (none: only the annotation marker counts), and the detectors that passed it. */
export interface WantedBytes {
	readonly test: ((latin1: () => string) => boolean) | { readonly contains: Buffer };
	/** After the test: the detectors whose prefilter accepted the bytes. */
	detectors: Detector[];
}

/**
 * Whether a file's bytes are worth decoding: it holds an annotation, or a detector of its language
 * may match. The detectors' prefilters look for ASCII keywords, so they run on a Latin-1 view of the
 * bytes (a copy, no UTF-8 validation); the real decode happens only for files that pass. Without a
 * detector (declaration files, languages without one, detection off) only the annotation marker
 * counts, which the reader can look for without holding a large file whole.
 */
export function wantedFor(rel: string, languageId: string, ctx: AnalyzerContext): WantedBytes {
	const candidates = isDeclarationFile(rel) ? [] : ctx.detectors.filter((d) => d.languages.has(languageId));
	if (candidates.length === 0) {
		return { test: { contains: MARKER_BYTES }, detectors: [] };
	}
	const out: WantedBytes = {
		detectors: [],
		test: (latin1) => {
			const view = latin1();
			out.detectors = candidates.filter((d) => d.mayMatch(view, languageId));
			return out.detectors.length > 0 || view.includes(ANNOTATION_MARKER);
		},
	};
	return out;
}

/**
 * Lexes a file and applies the detectors' second prefilter (on the code, comments blanked) once,
 * for `analyzeFile`; null when the file holds nothing to report (no annotation, no detector left).
 */
export function prepare(file: SourceFile, ctx: AnalyzerContext, candidates: readonly Detector[]): PreparedFile | null {
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
