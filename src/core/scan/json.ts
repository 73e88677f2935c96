import type { ScanResult } from '../types';

/**
 * The ScanResult exactly as SPEC prints it (`scan --format json`, the extension API): the same keys
 * in the same order, without editor-only fields such as problem end positions.
 */
export function toScanJson(r: ScanResult): ScanResult {
	return {
		tool: { name: r.tool.name, version: r.tool.version },
		root: r.root,
		catalog: { id: r.catalog.id, framework: r.catalog.framework, version: r.catalog.version },
		files: r.files,
		annotations: r.annotations.map((a) => ({
			file: a.file, line: a.line, controls: a.controls, legacyIds: a.legacyIds, rationale: a.rationale,
			scope: { kind: a.scope.kind, startLine: a.scope.startLine, endLine: a.scope.endLine, symbol: a.scope.symbol },
		})),
		findings: r.findings.map((f) => ({
			file: f.file, line: f.line, column: f.column, category: f.category, message: f.message, api: f.api,
			suggestedControls: f.suggestedControls, mapped: f.mapped, coveredBy: f.coveredBy, ignored: f.ignored, ignoreReason: f.ignoreReason,
			rule: f.rule, confidence: f.confidence,
		})),
		problems: r.problems.map((p) => ({ file: p.file, line: p.line, column: p.column, code: p.code, severity: p.severity, message: p.message })),
		coverage: {
			percent: r.coverage.percent,
			controls: r.coverage.controls.map((c) => ({ id: c.id, title: c.title, theme: c.theme, status: c.status, locations: c.locations, evidence: c.evidence ?? [] })),
		},
	};
}
