import { CATEGORY_CONTROLS } from '../detection/categories';
import type { RawFinding } from '../detection/detector';
import type { Annotation, Category, Finding, IgnoreDirective } from '../types';

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

/** A finding is mapped when an annotation's scope contains its line; ignored when an ignore with a reason does. */
export function mapFinding(
	path: string, f: RawFinding, annotations: readonly Annotation[], ignores: readonly IgnoreDirective[],
): Finding {
	return {
		file: path, line: f.line, column: f.column, category: f.category, message: f.message, api: f.api,
		suggestedControls: f.suggestedControls ?? CATEGORY_CONTROLS[f.category],
		rule: f.rule ?? `builtin.${f.category}`, confidence: f.confidence ?? 'high', ...coverageAt(f.line, f.category, annotations, ignores),
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
