import type { FileAnalysis } from '../analysis/analyzeFile';
import { coverageAt, unrelatedControlProblems, type MappingContext } from '../analysis/mapping';
import type { Annotation, Finding, IgnoreDirective, Problem, Scope } from '../types';

/** Where an edit's declaration lies, before and after the edit (1-based lines). */
export interface Region {
	/** First line of the declaration (its leading comments included), the same before and after. */
	readonly first: number;
	/** Its last line in the new text, and in the old one. */
	readonly last: number;
	readonly oldLast: number;
	/** Lines the edit added (negative: removed). */
	readonly delta: number;
	/** The new text's last line, as `fileScope` counts it. */
	readonly lastLine: number;
}

/**
 * The whole file's analysis after an edit inside one declaration: what `previous` held before and
 * after the region (moved by the edit's line delta), and what `partial` (the analysis of a copy
 * holding only that declaration) found inside it. Null when nothing is left to report.
 */
export function spliceRegion(path: string, previous: FileAnalysis | null, partial: FileAnalysis, region: Region, ctx: MappingContext): FileAnalysis | null {
	const mover = new Mover(region);
	const inRegion = (line: number): boolean => line >= region.first && line <= region.last;
	const around = <T extends { line: number }>(items: readonly T[] | undefined, inside: readonly T[], move: (x: T) => T, moveBefore = move): T[] => {
		const all = items ?? [];
		return [
			...all.filter((x) => x.line < region.first).map(moveBefore),
			...inside.filter((x) => inRegion(x.line)),
			...all.filter((x) => x.line > region.oldLast).map(move),
		];
	};
	const annotations: Annotation[] = around(previous?.annotations, partial.annotations, mover.directive);
	const ignores: IgnoreDirective[] = around(previous?.ignores, partial.ignores, mover.directive);
	// The copy lacks the other declarations' annotations: coverage is decided against the whole file's.
	const recovered = partial.findings.filter((f) => inRegion(f.line)).map((f) => recover(f, annotations, ignores, ctx));
	const findings: Finding[] = around(previous?.findings, recovered, mover.finding, (f) => f);
	// Like the mapping, the region's unrelated-control problems follow the whole file's annotations.
	const inside = [...partial.problems.filter((p) => p.code !== 'unrelated-control'), ...unrelatedControlProblems(recovered, ctx.title)];
	const problems: Problem[] = around(previous?.problems, inside, mover.problem);
	problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
	const own = spliceOwn(previous, partial, region, (f) => recover(f, annotations, ignores, ctx), mover);
	const empty = annotations.length + ignores.length + findings.length + problems.length + own.ownCalls.length === 0;
	return empty ? null : { path, annotations, ignores, findings, problems, ...withOwn(own) };
}

/**
 * The own-function candidates and definitions after the edit: the region's candidates from `partial`, the others
 * moved; definitions are the previous ones and the region's (one that the edit removed stays until the exact
 * analysis that follows the fast one).
 */
function spliceOwn(previous: FileAnalysis | null, partial: FileAnalysis, region: Region, recovered: (f: Finding) => Finding, mover: Mover): Required<Pick<FileAnalysis, 'defines' | 'ownCalls'>> {
	const before = previous?.ownCalls ?? [];
	const ownCalls = [
		...before.filter((c) => c.finding.line < region.first),
		...(partial.ownCalls ?? []).filter((c) => c.finding.line >= region.first && c.finding.line <= region.last).map((c) => ({ ...c, finding: recovered(c.finding) })),
		...before.filter((c) => c.finding.line > region.oldLast).map((c) => ({ ...c, finding: mover.finding(c.finding) })),
	];
	const seen = new Set<string>();
	const defines = [...(previous?.defines ?? []), ...(partial.defines ?? [])].filter((d) => !seen.has(`${d.category}\0${d.name}`) && (seen.add(`${d.category}\0${d.name}`), true));
	return { defines, ownCalls };
}

/** The optional fields, present only when they hold something. */
function withOwn(own: Required<Pick<FileAnalysis, 'defines' | 'ownCalls'>>): Pick<FileAnalysis, 'defines' | 'ownCalls'> {
	return { ...(own.defines.length > 0 ? { defines: own.defines } : {}), ...(own.ownCalls.length > 0 ? { ownCalls: own.ownCalls } : {}) };
}

/** Moves what lay before or after the region to its place in the new text; the same object when nothing moves. */
class Mover {
	constructor(private readonly r: Region) {}

	private shift(line: number): number {
		return line > this.r.oldLast ? line + this.r.delta : line;
	}

	private scope(s: Scope): Scope {
		const { first, oldLast, delta, lastLine } = this.r;
		if (s.kind === 'file') {
			return s.endLine === lastLine ? s : { ...s, endLine: lastLine };
		}
		if (s.endLine < first || delta === 0) {
			return s;
		}
		return { ...s, startLine: this.shift(s.startLine), endLine: s.endLine + (s.endLine > oldLast || s.startLine < first ? delta : 0) };
	}

	readonly directive = <T extends { line: number; scope: Scope }>(x: T): T => {
		const line = this.shift(x.line);
		const scope = this.scope(x.scope);
		return line === x.line && scope === x.scope ? x : { ...x, line, scope };
	};

	/** Findings before the region stay as they are; after it, they move by the delta. */
	readonly finding = (f: Finding): Finding => (this.r.delta === 0
		? f
		: {
			...f, line: f.line + this.r.delta,
			...(f.anchor ? { anchor: { ...f.anchor, line: this.shift(f.anchor.line) } } : {}),
			...(f.end ? { end: { ...f.end, line: f.end.line + this.r.delta } } : {}),
		});

	readonly problem = (p: Problem): Problem => (this.shift(p.line) === p.line && (p.endLine === undefined || this.shift(p.endLine) === p.endLine)
		? p
		: { ...p, line: this.shift(p.line), ...(p.endLine !== undefined ? { endLine: this.shift(p.endLine) } : {}) });
}

/** `f` mapped and ignored as the whole file's annotations and ignores decide; the anchor and end only while it is open. */
function recover(f: Finding, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[], ctx: MappingContext): Finding {
	const { anchor, end, ...rest } = f;
	delete (rest as { excludedBy?: unknown }).excludedBy; // decided again by `cover`
	const cover = coverageAt(f.line, f.category, annotations, ignores, ctx.soa);
	const open = !cover.mapped && !cover.ignored;
	return { ...rest, ...cover, ...(open && anchor ? { anchor } : {}), ...(open && end ? { end } : {}) };
}
