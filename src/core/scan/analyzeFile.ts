import type { ControlIdResolver } from '../annotations/controlIds';
import { findDirectives } from '../annotations/directives';
import { resolveDirectives } from '../annotations/resolve';
import { CATEGORY_CONTROLS } from '../detection/categories';
import type { Detector, RawFinding } from '../detection/detector';
import type { ParsedSource } from '../parse/parsedSource';
import { lex } from '../lexer';
import type { ScopeResolver } from '../scope';
import { findAnchors } from '../scope/anchor';
import type { Annotation, Category, Finding, IgnoreDirective, LexResult, Problem, Soa, SourceFile } from '../types';

/** Everything the engine found in one file. Plain data: it crosses worker boundaries. */
export interface FileAnalysis {
	readonly path: string;
	readonly annotations: readonly Annotation[];
	readonly ignores: readonly IgnoreDirective[];
	readonly findings: readonly Finding[];
	readonly problems: readonly Problem[];
}

/** What the per-file analysis needs, built once per scan (or per worker). */
export interface AnalyzerContext {
	readonly ids: ControlIdResolver;
	readonly soa: Soa;
	readonly scopes: ScopeResolver;
	readonly detectors: readonly Detector[];
	/** Categories whose findings are reported (`sensitiveCode.categories`). */
	readonly categories: ReadonlySet<Category>;
	/** Whether unmapped findings get the editor's quick-fix `anchor` (the CLI prints none). */
	readonly anchors: boolean;
	/** Milliseconds spent per phase, accumulated by `analyzeFile` (for `npm run bench`). */
	readonly timings: PhaseTimings;
}

/** Where a scan's time goes, in milliseconds of thread time (summed over threads). */
export interface PhaseTimings {
	walk: number;
	read: number;
	lex: number;
	/** Parsing (TypeScript-ESTree, Meriyah, tree-sitter), whether scopes or detectors asked first. */
	parse: number;
	scope: number;
	detect: number;
}

/** All phases at zero. */
export function zeroTimings(): PhaseTimings {
	return { walk: 0, read: 0, lex: 0, parse: 0, scope: 0, detect: 0 };
}

/**
 * TypeScript declaration files (`.d.ts`, `.d.mts`, `.d.cts`) and Python stubs (`.pyi`) hold no
 * executable code, hence no call sites.
 */
export function isDeclarationFile(path: string): boolean {
	return /\.d\.[cm]?ts$|\.pyi$/i.test(path);
}

/** The text every annotation contains; files without it skip lexing and parsing entirely. */
export const ANNOTATION_MARKER = '@iso27001';

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

/**
 * Analyses one file: annotations with their scopes, accepted exceptions, problems, and findings of
 * the detectors, each marked mapped/ignored by the annotations whose scope contains it.
 * Files with neither an annotation nor a detector prefilter hit cost one `indexOf`.
 */
export async function analyzeFile(file: SourceFile, ctx: AnalyzerContext, prepared?: PreparedFile): Promise<FileAnalysis> {
	const hasMarker = file.text.includes(ANNOTATION_MARKER);
	let detectors = prepared?.detectors ?? candidateDetectors(file, ctx);
	if (!hasMarker && detectors.length === 0) {
		return { path: file.path, annotations: [], ignores: [], findings: [], problems: [] };
	}
	const t0 = performance.now();
	// A caller that already lexed exactly this text (the scan, the editor's fast re-analysis) passes the result.
	const lexResult = prepared?.lex ?? lex(file.text, file.languageId);
	const t1 = performance.now();
	const source = ctx.scopes.open(file, lexResult, prepared?.withoutComments);
	try {
		if (prepared?.detectors === undefined) {
			detectors = codeDetectors(detectors, () => source.withoutComments());
		}
		const parsers = ctx.scopes.parsers;
		const p1 = parsers.parseMillis;
		const resolved = hasMarker ? await resolveAnnotations(source, ctx) : { annotations: [], ignores: [], problems: [] };
		const t2 = performance.now();
		const p2 = parsers.parseMillis;
		const raw: RawFinding[] = [];
		for (const d of detectors) {
			raw.push(...(await d.detect(source)));
		}
		const t3 = performance.now();
		const p3 = parsers.parseMillis;
		const findings = await withAnchors(source, ctx, dedupe(raw.filter((f) => ctx.categories.has(f.category)))
			.map((f) => mapFinding(file.path, f, resolved.annotations, resolved.ignores)));
		// Each file is parsed once, by whichever step asks first: its time is parse, not that step's.
		const p4 = parsers.parseMillis;
		ctx.timings.lex += t1 - t0;
		ctx.timings.parse += p4 - p1;
		ctx.timings.scope += t2 - t1 - (p2 - p1) + (performance.now() - t3) - (p4 - p3);
		ctx.timings.detect += t3 - t2 - (p3 - p2);
		return { path: file.path, ...resolved, findings };
	} finally {
		source.dispose();
	}
}

/** The detectors of the file's language whose raw-text prefilter accepts it (none for declaration files). */
export function candidateDetectors(file: SourceFile, ctx: AnalyzerContext, text = file.text): Detector[] {
	return isDeclarationFile(file.path) ? [] : ctx.detectors.filter((d) => d.languages.has(file.languageId) && d.mayMatch(text));
}

/**
 * Those of `detectors` whose second prefilter accepts the code with comments blanked (documentation
 * comments full of "password" and "role" must not cost a parse).
 */
export function codeDetectors(detectors: readonly Detector[], withoutComments: () => string): Detector[] {
	// Only detectors with a code prefilter (JavaScript's) need the masked copy: other files are not masked for it.
	return detectors.filter((d) => d.mayMatchCode === undefined || d.mayMatchCode(withoutComments()));
}

async function resolveAnnotations(source: ParsedSource, ctx: AnalyzerContext) {
	const { file } = source;
	const directives = findDirectives(file.text, source.lex.comments, ctx.ids.looksLikeId, source.lines);
	if (directives.length === 0) {
		return { annotations: [], ignores: [], problems: [] };
	}
	const requests = directives.map((d) => ({ comment: d.comment, fileLevel: d.kind === 'file' }));
	const scopes = await ctx.scopes.resolve(file, source.lex, requests, source);
	return resolveDirectives(file.path, directives, scopes, ctx.ids, ctx.soa);
}

/**
 * Sets the editor's `anchor` (where a quick fix inserts an annotation) on findings that are neither
 * mapped nor ignored, on the parses the file already has (unless `ctx.anchors` is off: a lexical
 * search for anchors in a multi-megabyte bundle costs seconds). Costs nothing when there are none; a
 * failure leaves the findings without anchors (the quick fixes then use the finding's line).
 */
async function withAnchors(source: ParsedSource, ctx: AnalyzerContext, findings: Finding[]): Promise<Finding[]> {
	const open = ctx.anchors ? findings.filter((f) => !f.mapped && !f.ignored) : [];
	if (open.length === 0) {
		return findings;
	}
	try {
		const anchors = await findAnchors(ctx.scopes, source, open);
		const byFinding = new Map(open.map((f, k) => [f, anchors[k]]));
		return findings.map((f) => {
			const anchor = byFinding.get(f);
			return anchor === undefined ? f : { ...f, anchor };
		});
	} catch {
		return findings;
	}
}

/** One finding per (line, column, category, api): two detectors may see the same call. */
function dedupe(findings: readonly RawFinding[]): RawFinding[] {
	const seen = new Set<string>();
	return findings
		.filter((f) => {
			const key = `${f.line}:${f.column}:${f.category}:${f.api}`;
			return seen.has(key) ? false : (seen.add(key), true);
		})
		.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** A finding is mapped when an annotation's scope contains its line; ignored when an ignore with a reason does. */
function mapFinding(
	path: string, f: RawFinding, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[],
): Finding {
	return {
		file: path, line: f.line, column: f.column, category: f.category, message: f.message, api: f.api,
		suggestedControls: f.suggestedControls ?? CATEGORY_CONTROLS[f.category], ...coverageAt(f.line, f.category, annotations, ignores),
	};
}

/** Which annotations map a finding of `category` at `line`, and which ignore (with a reason) suppresses it. */
export function coverageAt(
	line: number, category: Category, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[],
): Pick<Finding, 'mapped' | 'coveredBy' | 'ignored' | 'ignoreReason'> {
	const coveredBy: string[] = [];
	for (const a of annotations) {
		if (a.scope.startLine <= line && line <= a.scope.endLine) {
			for (const c of a.controls) {
				if (!coveredBy.includes(c)) {
					coveredBy.push(c);
				}
			}
		}
	}
	const ignore = ignores.find((i) => i.category === category && i.reason !== '' && i.scope.startLine <= line && line <= i.scope.endLine);
	return { mapped: coveredBy.length > 0, coveredBy, ignored: ignore !== undefined, ignoreReason: ignore?.reason ?? null };
}
