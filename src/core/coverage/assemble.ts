import type { FileAnalysis } from '../analysis/analyzeFile';
import { checkClaims, type ClaimsDocument } from '../claims/check';
import type { Annotation, Catalog, Finding, IgnoreDirective, Problem, ScanResult, Soa } from '../types';
import { computeCoverage } from './coverage';

/** What a `ScanResult` is assembled from (a scan, or the editor's index after edits). */
export interface ResultParts {
	readonly tool: { readonly name: string; readonly version: string };
	readonly root: string;
	readonly catalog: Catalog;
	readonly soa: Soa;
	readonly files: number;
	readonly analyses: Iterable<FileAnalysis>;
	readonly problems: Iterable<Problem>;
	/** Hand-written compliance documents (`claims:`) to check against the result; their problems join it. */
	readonly claims?: { readonly documents: readonly ClaimsDocument[]; readonly legacy?: Catalog };
}

/** A `ScanResult`, plus the accepted exceptions (`@iso27001-ignore`) that exports and front ends need. */
export interface AssembledResult {
	readonly result: ScanResult;
	readonly ignores: readonly IgnoreDirective[];
	/**
	 * The problems of the claims documents (also in `result.problems`): they come from the whole
	 * result, not from one file's analysis, so the editor shows them apart from the per-file ones.
	 */
	readonly claimProblems: readonly Problem[];
}

type Placed = { file: string; line: number; column?: number };

const byPlace = (a: Placed, b: Placed): number =>
	a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.column ?? 0) - (b.column ?? 0);

/**
 * Merges per-file content into a `ScanResult`: everything sorted by place, coverage computed.
 * The CLI and the editor's index both assemble through here, so they print the same JSON.
 */
export function assembleResult(parts: ResultParts): AssembledResult {
	const annotations: Annotation[] = [];
	const findings: Finding[] = [];
	const ignores: IgnoreDirective[] = [];
	const problems: Problem[] = [...parts.problems];
	for (const a of parts.analyses) {
		annotations.push(...a.annotations);
		findings.push(...a.findings);
		ignores.push(...a.ignores);
		problems.push(...a.problems);
	}
	annotations.sort(byPlace);
	findings.sort(byPlace);
	ignores.sort(byPlace);
	problems.sort(byPlace);
	const { catalog } = parts;
	const result: ScanResult = {
		tool: { name: parts.tool.name, version: parts.tool.version },
		root: parts.root,
		catalog: { id: catalog.id, framework: catalog.framework, version: catalog.version },
		files: parts.files, annotations, findings, problems,
		coverage: computeCoverage(catalog, annotations, parts.soa),
	};
	let claimProblems: readonly Problem[] = [];
	if (parts.claims !== undefined && parts.claims.documents.length > 0) {
		claimProblems = checkClaims({ ...parts.claims, result, catalog }).problems;
		problems.push(...claimProblems);
		problems.sort(byPlace);
	}
	return { result, ignores, claimProblems };
}
