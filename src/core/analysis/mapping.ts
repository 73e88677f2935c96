import type { RawFinding } from '../detection/detector';
import type { Annotation, Category, Finding, IgnoreDirective, Problem, Soa } from '../types';

/**
 * One finding per (line, column, category, api): two detectors may see the same call. A `medium`
 * finding is dropped where a `high` one of its category is on the same line: the API says it better.
 */
export function dedupe(findings: readonly RawFinding[]): RawFinding[] {
	const seen = new Set<string>();
	const high = new Set(findings.filter((f) => f.confidence !== 'medium').map((f) => `${f.line}:${f.category}`));
	return findings
		.filter((f) => {
			const key = `${f.line}:${f.column}:${f.category}:${f.api}`;
			if (f.confidence === 'medium' && high.has(`${f.line}:${f.category}`)) {
				return false;
			}
			return seen.has(key) ? false : (seen.add(key), true);
		})
		.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** What mapping a finding needs from its workspace: the Statement of Applicability, the suggested controls, titles. */
export interface MappingContext {
	readonly soa: Soa;
	/** Per category, in the workspace catalog's IDs (`categorySuggestions`). */
	readonly suggestions: Readonly<Record<Category, readonly string[]>>;
	/** A control's title in the workspace catalog, for messages. */
	readonly title: (id: string) => string | undefined;
}

/**
 * A finding is mapped when an annotation's scope contains its line with at least one control the SoA
 * does not exclude; ignored when an ignore with a reason does.
 */
export function mapFinding(
	path: string, f: RawFinding, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[], ctx: MappingContext,
): Finding {
	return {
		file: path, line: f.line, column: f.column, category: f.category, message: f.message, api: f.api,
		suggestedControls: f.suggestedControls ?? ctx.suggestions[f.category],
		rule: f.rule ?? `builtin.${f.category}`, confidence: f.confidence ?? 'high', ...coverageAt(f.line, f.category, annotations, ignores, ctx.soa),
	};
}

/**
 * Which applicable controls of the annotations around `line` map a finding of `category` (a control
 * the SoA excludes is no evidence: it maps nothing), and which ignore (with a reason) suppresses it.
 */
export function coverageAt(
	line: number, category: Category, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[], soa: Soa,
): Pick<Finding, 'mapped' | 'coveredBy' | 'ignored' | 'ignoreReason' | 'excludedBy'> {
	const coveredBy: string[] = [];
	const excludedBy: string[] = [];
	for (const a of annotations) {
		if (a.scope.startLine <= line && line <= a.scope.endLine) {
			for (const c of a.controls) {
				const into = soa[c]?.applicable === false ? excludedBy : coveredBy;
				if (!into.includes(c)) {
					into.push(c);
				}
			}
		}
	}
	const ignore = ignores.find((i) => i.category === category && i.reason !== '' && i.scope.startLine <= line && line <= i.scope.endLine);
	const mapped = coveredBy.length > 0;
	return {
		mapped, coveredBy, ignored: ignore !== undefined, ignoreReason: ignore?.reason ?? null,
		...(!mapped && excludedBy.length > 0 ? { excludedBy } : {}),
	};
}

/**
 * `unrelated-control` (information) at each mapped finding none of whose covering controls is among
 * its suggested ones, naming the controls that would fit; one per line and category. The finding
 * stays mapped. Nothing when the catalog suggests no control for the category.
 */
export function unrelatedControlProblems(findings: readonly Finding[], title: MappingContext['title']): Problem[] {
	const out: Problem[] = [];
	const seen = new Set<string>();
	const named = (ids: readonly string[], joint: string): string => {
		const each = ids.map((id) => (title(id) ? `${id} '${title(id)}'` : id));
		return each.length <= 1 ? each.join('') : `${each.slice(0, -1).join(', ')} ${joint} ${each[each.length - 1]}`;
	};
	for (const f of findings) {
		const key = `${f.line}:${f.category}`;
		if (!f.mapped || f.suggestedControls.length === 0 || f.coveredBy.some((c) => f.suggestedControls.includes(c)) || seen.has(key)) {
			continue;
		}
		seen.add(key);
		const which = f.coveredBy.length === 1 ? 'which is not' : 'none of which is';
		out.push({
			file: f.file, line: f.line, column: f.column, code: 'unrelated-control', severity: 'info',
			message: `${f.category} code (${f.message}) is mapped only by ${named(f.coveredBy, 'and')}, ${which} a control suggested for ${f.category} code; ${named(f.suggestedControls, 'or')} would fit`,
			...(f.end ? { endLine: f.end.line, endColumn: f.end.column } : {}),
		});
	}
	return out;
}
