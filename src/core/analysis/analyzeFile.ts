import { dropFollowUps } from './followUps';
import { findDirectives } from '../annotations/directives';
import { resolveDirectives } from '../annotations/resolve';
import type { RawFinding } from '../detection/detector';
import { lex } from '../lexer';
import type { ParsedSource } from '../parse/parsedSource';
import { ScopeProbe } from '../scope/anchor';
import { sensitiveSpanEnd } from '../text/callSpan';
import type { Annotation, Finding, IgnoreDirective, Problem, SourceFile } from '../types';
import type { AnalyzerContext } from './context';
import { dedupe, mapFinding, unrelatedControlProblems } from './mapping';
import { ownFunctionParts, type OwnCall, type OwnDefinition } from './ownFunctions';
import { ANNOTATION_MARKER, candidateDetectors, codeDetectors, type PreparedFile } from './prefilter';

/** Everything the engine found in one file. Plain data: it crosses worker boundaries. */
export interface FileAnalysis {
	readonly path: string;
	readonly annotations: readonly Annotation[];
	readonly ignores: readonly IgnoreDirective[];
	readonly findings: readonly Finding[];
	readonly problems: readonly Problem[];
	/** The file's functions that hold findings and are named for them (absent when none; see `ownFunctions.ts`). */
	readonly defines?: readonly OwnDefinition[];
	/** Calls that are findings where they reach another file's own function (absent when none; joined by `coverage/ownCalls.ts`). */
	readonly ownCalls?: readonly OwnCall[];
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
			for (const f of await d.detect(source)) {
				raw.push(f.rule === undefined ? { ...f, rule: `${d.id}.${f.category}`, confidence: 'high' } : f);
			}
		}
		const t3 = performance.now();
		const p3 = parsers.parseMillis;
		// Own-function candidates are judged apart: they neither hide a finding nor make one a follow-up.
		const reported = raw.filter((f) => ctx.categories.has(f.category));
		const isCandidate = (f: RawFinding): boolean => ctx.ownFunctions.ids.has(f.rule ?? '');
		const real = dedupe(dropFollowUps(reported.filter((f) => !isCandidate(f)), source));
		const kept = [...real, ...dedupe(reported.filter(isCandidate))].map((f) => mapFinding(file.path, f, resolved.annotations, resolved.ignores, ctx));
		// One scope probe per file, for the quick-fix anchors and the declarations holding findings alike.
		let probe: ScopeProbe | undefined;
		const probeOf = (): ScopeProbe => (probe ??= new ScopeProbe(ctx.scopes, source));
		const anchored = await withAnchors(source, ctx, kept, probeOf);
		const findings = anchored.slice(0, real.length);
		const own = await ownFunctionParts(source, probeOf, ctx.ownFunctions, findings, anchored.slice(real.length));
		// Each file is parsed once, by whichever step asks first: its time is parse, not that step's.
		const p4 = parsers.parseMillis;
		ctx.timings.lex += t1 - t0;
		ctx.timings.parse += p4 - p1;
		ctx.timings.scope += t2 - t1 - (p2 - p1) + (performance.now() - t3) - (p4 - p3);
		ctx.timings.detect += t3 - t2 - (p3 - p2);
		const unrelated = unrelatedControlProblems(findings, ctx.title);
		const problems = unrelated.length === 0 ? resolved.problems : [...resolved.problems, ...unrelated].sort((a, b) => a.line - b.line || a.column - b.column);
		return {
			path: file.path, ...resolved, problems, findings,
			...(own.defines.length > 0 ? { defines: own.defines } : {}), ...(own.ownCalls.length > 0 ? { ownCalls: own.ownCalls } : {}),
		};
	} finally {
		source.dispose();
	}
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
 * Sets the editor's `anchor` (where a quick fix inserts an annotation) and `end` (where the call or
 * option ends, for the diagnostic's range) on findings that are neither mapped nor ignored, on the
 * parses the file already has (unless `ctx.anchors` is off: a lexical search for anchors in a
 * multi-megabyte bundle costs seconds). Costs nothing when there are none; a failure leaves the
 * findings without anchors (the quick fixes then use the finding's line).
 */
async function withAnchors(source: ParsedSource, ctx: AnalyzerContext, all: Finding[], probe: () => ScopeProbe): Promise<Finding[]> {
	if (!ctx.anchors || all.every((f) => f.mapped || f.ignored)) {
		return all;
	}
	const { lines, file } = source;
	const findings = all.map((f) => (f.mapped || f.ignored
		? f
		: { ...f, end: lines.position(sensitiveSpanEnd(file.text, lines.lineStart(f.line) + f.column - 1, f.api)) }));
	const open = findings.filter((f) => !f.mapped && !f.ignored);
	try {
		const anchors = await probe().anchors(open);
		const byFinding = new Map(open.map((f, k) => [f, anchors[k]]));
		return findings.map((f) => {
			const anchor = byFinding.get(f);
			return anchor === undefined ? f : { ...f, anchor };
		});
	} catch {
		return findings;
	}
}
