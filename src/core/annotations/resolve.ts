import { CATEGORIES, type Annotation, type Category, type IgnoreDirective, type Problem, type Scope, type Soa } from '../types';
import type { ControlIdResolver, IdClass } from './controlIds';
import type { PositionedToken, RawDirective } from './directives';

/** Annotations, accepted exceptions and problems of one file. */
export interface ResolvedDirectives {
	readonly annotations: Annotation[];
	readonly ignores: IgnoreDirective[];
	readonly problems: Problem[];
}

const CATEGORY_SET: ReadonlySet<string> = new Set(CATEGORIES);

/**
 * Checks each directive's IDs against the catalog and the Statement of Applicability, pairs it with
 * its scope (same order as `directives`) and reports every problem at the offending token.
 */
export function resolveDirectives(
	file: string, directives: readonly RawDirective[], scopes: readonly Scope[], ids: ControlIdResolver, soa: Soa,
): ResolvedDirectives {
	const out: ResolvedDirectives = { annotations: [], ignores: [], problems: [] };
	directives.forEach((d, i) => {
		const scope = scopes[i];
		if (d.malformed) {
			out.problems.push(problem(file, d.line, d.column, 'malformed-annotation', 'error', d.malformed, d.endColumn));
			return;
		}
		if (d.kind === 'ignore') {
			resolveIgnore(file, d, scope, out);
		} else {
			resolveAnnotation(file, d, scope, ids, soa, out);
		}
	});
	return out;
}

function resolveIgnore(file: string, d: RawDirective, scope: Scope, out: ResolvedDirectives): void {
	const category = d.ids[0];
	if (!CATEGORY_SET.has(category.text)) {
		out.problems.push(tokenProblem(file, d, category, 'malformed-annotation', 'error',
			`unknown category '${category.text}' in @iso27001-ignore; expected one of ${CATEGORIES.join(', ')}`));
		return;
	}
	if (!d.rationale) {
		out.problems.push(problem(file, d.line, d.column, 'missing-ignore-reason', 'error',
			`@iso27001-ignore ${category.text} needs a reason (write it after '—'); an exception without a reason does not suppress findings`,
			d.endColumn));
	}
	out.ignores.push({ file, line: d.line, column: d.column, category: category.text as Category, reason: d.rationale, scope });
}

function resolveAnnotation(
	file: string, d: RawDirective, scope: Scope, ids: ControlIdResolver, soa: Soa, out: ResolvedDirectives,
): void {
	const controls: string[] = [];
	const legacyIds: string[] = [];
	const add = (id: string): void => {
		if (!controls.includes(id)) {
			controls.push(id);
		}
	};
	for (const token of d.ids) {
		const c = ids.classify(token.text);
		switch (c.kind) {
			case 'control':
				add(c.id);
				break;
			case 'legacy':
				legacyIds.push(c.id);
				c.mapsTo.forEach(add);
				out.problems.push(tokenProblem(file, d, token, 'legacy-control', 'warning', legacyMessage(c, ids)));
				break;
			case 'unknown':
				out.problems.push(tokenProblem(file, d, token, 'unknown-control', 'error',
					`unknown control '${token.text}': not in the workspace catalog`));
				break;
			case 'malformed':
				out.problems.push(tokenProblem(file, d, token, 'malformed-annotation', 'error', c.reason));
				break;
		}
	}
	for (const token of d.ids) {
		const c = ids.classify(token.text);
		const targets = c.kind === 'control' ? [c.id] : c.kind === 'legacy' ? c.mapsTo : [];
		for (const id of targets) {
			const entry = soa[id];
			if (entry && !entry.applicable) {
				out.problems.push(tokenProblem(file, d, token, 'not-applicable-control', 'warning',
					`${id} is excluded by the Statement of Applicability${entry.justification ? ` (${entry.justification})` : ''}`));
			}
		}
	}
	if (controls.length > 0) {
		out.annotations.push({ file, line: d.line, controls, legacyIds, rationale: d.rationale, scope });
	}
}

/**
 * `A.9.4.1 'Information access restriction' is an ISO/IEC 27001:2013 control; in ISO/IEC
 * 27001:2022 it maps to A.8.3 'Information access restriction'`: both titles, so a mislabelled ID shows.
 */
function legacyMessage(c: Extract<IdClass, { kind: 'legacy' }>, ids: ControlIdResolver): string {
	const targets = c.mapsTo.map((id) => `${id} '${ids.title(id) ?? ''}'`);
	const list = targets.length <= 2 ? targets.join(' and ') : `${targets.slice(0, -1).join(', ')} and ${targets[targets.length - 1]}`;
	return `${c.id} '${c.title}' is an ${c.edition} control; in ${ids.edition} it maps to ${list}`;
}

function tokenProblem(
	file: string, _d: RawDirective, token: PositionedToken, code: Problem['code'], severity: Problem['severity'], message: string,
): Problem {
	return problem(file, token.line, token.column, code, severity, message, token.column + token.text.length);
}

function problem(
	file: string, line: number, column: number, code: Problem['code'], severity: Problem['severity'],
	message: string, endColumn: number,
): Problem {
	return { file, line, column, code, severity, message, endLine: line, endColumn };
}
