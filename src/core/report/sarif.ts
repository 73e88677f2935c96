/**
 * `iso27001 scan --format sarif`: the scan result as a SARIF 2.1.0 log that GitHub code scanning
 * accepts. Unmapped findings and problems are results; accepted exceptions (ignored findings) are
 * results with an in-source suppression; mapped findings are not results.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { Finding, Problem, ScanResult, Severity } from '../types';
import { builtinRules } from '../rules/load';
import type { RuleRecord } from '../rules/model';
import { detectionComponent, type SarifDetectionComponent, type SarifRelationship } from './sarifDetection';
import { allRules, ruleAnchor, unmappedRuleId, type RuleInfo, type SarifLevel } from './sarifRules';

export type { SarifLevel } from './sarifRules';

/** Options of {@link toSarif}. */
export interface SarifOptions {
	/** The tool's semantic version (package.json `version`). */
	readonly toolVersion: string;
	/** The tool's home page. */
	readonly informationUri: string;
	/** URL of the rules help page; each rule's `helpUri` is `${rulesHelpBase}#<anchor>`. */
	readonly rulesHelpBase: string;
	/**
	 * The text of a 1-based line of a file (path relative to the root), for fingerprints that do not
	 * change when lines elsewhere in the file move. Without it (or when it returns undefined) the
	 * line number is used instead.
	 */
	readonly lineText?: (file: string, line: number) => string | undefined;
	/** The detection rule records the findings' `rule` ids name (default: the built-in rules). */
	readonly detectionRules?: readonly RuleRecord[];
}

/** A SARIF `message`. */
export interface SarifMessage {
	readonly text: string;
	readonly markdown?: string;
}

/** A SARIF `reportingDescriptor` (a rule). */
export interface SarifRule {
	readonly id: string;
	readonly name: string;
	readonly shortDescription: SarifMessage;
	readonly fullDescription: SarifMessage;
	readonly help: { readonly text: string; readonly markdown: string };
	readonly helpUri: string;
	readonly defaultConfiguration: { readonly level: SarifLevel };
	readonly properties: { readonly tags: readonly string[] };
	/** A category rule's detection rules (in the `iso27001-rules` extension) that found results in this run. */
	readonly relationships?: readonly SarifRelationship[];
}

/** A SARIF `region` (1-based; `endColumn` is exclusive). */
export interface SarifRegion {
	readonly startLine: number;
	readonly startColumn?: number;
	readonly endLine?: number;
	readonly endColumn?: number;
}

/** A SARIF `location` with its `physicalLocation`. */
export interface SarifLocation {
	readonly physicalLocation: {
		readonly artifactLocation: { readonly uri: string; readonly uriBaseId: '%SRCROOT%' };
		readonly region?: SarifRegion;
	};
}

/** A SARIF `suppression`. */
export interface SarifSuppression {
	readonly kind: 'inSource';
	readonly status: 'accepted';
	readonly justification?: string;
}

/** A SARIF `result`. */
export interface SarifResult {
	readonly ruleId: string;
	readonly ruleIndex: number;
	readonly level: SarifLevel;
	readonly message: SarifMessage;
	readonly locations?: readonly SarifLocation[];
	readonly partialFingerprints: Readonly<Record<string, string>>;
	readonly suppressions?: readonly SarifSuppression[];
	/** For unmapped sensitive code: the detection rule that found it (docs/rules.md) and its confidence. */
	readonly properties?: { readonly 'iso27001/detectionRule': string; readonly 'iso27001/confidence': 'high' | 'medium' };
}

/** A SARIF `run`. */
export interface SarifRun {
	readonly tool: {
		readonly driver: {
			readonly name: string;
			readonly version: string;
			readonly semanticVersion: string;
			readonly informationUri: string;
			readonly rules: readonly SarifRule[];
		};
		/** The detection rules that produced results (see `sarifDetection.ts`); absent without findings. */
		readonly extensions?: readonly SarifDetectionComponent[];
	};
	readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
	readonly columnKind: 'utf16CodeUnits';
	readonly results: readonly SarifResult[];
}

/** A SARIF 2.1.0 log. */
export interface SarifLog {
	readonly $schema: string;
	readonly version: '2.1.0';
	readonly runs: readonly SarifRun[];
}

/** The `$schema` the log declares. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The `partialFingerprints` key; bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'iso27001/v1';

/** A result before fingerprinting: where, what rule, what to say. */
interface Pending {
	readonly ruleId: string;
	readonly level: SarifLevel;
	readonly message: SarifMessage;
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly endLine?: number;
	readonly endColumn?: number;
	/** Set for accepted exceptions (ignored findings). */
	readonly justification?: string;
	readonly properties?: SarifResult['properties'];
}

/** Converts a scan result to a SARIF 2.1.0 log (a plain, JSON-serialisable object). */
export function toSarif(result: ScanResult, options: SarifOptions): SarifLog {
	const infos = allRules();
	const ruleIndex = new Map(infos.map((r, i) => [r.id, i]));
	const reported = result.findings.filter((f) => !f.mapped);
	const detection = detectionComponent(reported, options.detectionRules ?? builtinRules(), options.rulesHelpBase, options.toolVersion, options.informationUri);
	const pending = [
		...reported.map(findingResult),
		...result.problems.map(problemResult),
	].sort(byPosition);
	const fingerprints = fingerprintAll(pending, options.lineText);
	const results = pending.map((p, i): SarifResult => ({
		ruleId: p.ruleId,
		ruleIndex: ruleIndex.get(p.ruleId) ?? -1,
		level: p.level,
		message: p.message,
		...(p.file === '' ? {} : { locations: [location(p)] }),
		partialFingerprints: { [FINGERPRINT_KEY]: fingerprints[i] },
		...(p.justification === undefined ? {} : { suppressions: [suppression(p.justification)] }),
		...(p.properties === undefined ? {} : { properties: p.properties }),
	}));
	return {
		$schema: SARIF_SCHEMA_URI,
		version: '2.1.0',
		runs: [{
			tool: {
				driver: {
					name: 'iso27001', version: options.toolVersion, semanticVersion: options.toolVersion, informationUri: options.informationUri,
					rules: infos.map((r) => sarifRule(r, options.rulesHelpBase, detection?.relationships.get(r.id))),
				},
				...(detection === null ? {} : { extensions: [detection.component] }),
			},
			originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(result.root) } },
			columnKind: 'utf16CodeUnits',
			results,
		}],
	};
}

/** The SARIF level of a problem severity. */
export function levelOf(severity: Severity): SarifLevel {
	return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function sarifRule(r: RuleInfo, helpBase: string, relationships: readonly SarifRelationship[] | undefined): SarifRule {
	return {
		id: r.id,
		name: r.name,
		shortDescription: { text: r.short },
		fullDescription: { text: r.full },
		help: { text: r.helpText, markdown: r.helpMarkdown },
		helpUri: `${helpBase}#${ruleAnchor(r.id)}`,
		defaultConfiguration: { level: r.level },
		properties: { tags: r.tags },
		...(relationships === undefined ? {} : { relationships }),
	};
}

function findingResult(f: Finding): Pending {
	const controls = f.suggestedControls.join(', ');
	const what = f.message.trim() === '' ? f.api : `${f.api} (${f.message.trim()})`;
	const base = {
		ruleId: unmappedRuleId(f.category), level: 'error' as const, file: f.file, line: f.line, column: f.column,
		properties: { 'iso27001/detectionRule': f.rule, 'iso27001/confidence': f.confidence },
	};
	if (f.ignored) {
		const reason = f.ignoreReason ?? '';
		return {
			...base,
			message: { text: `Accepted ${f.category} exception: ${what}${reason === '' ? '' : ` — ${reason}`}` },
			justification: reason,
		};
	}
	return {
		...base,
		message: {
			text: `Unmapped ${f.category} code: ${what} has no @iso27001 annotation. Suggested control${f.suggestedControls.length === 1 ? '' : 's'}: ${controls}. ` +
				`Add "@iso27001 ${controls} — rationale" or "@iso27001-ignore ${f.category} — reason".`,
		},
	};
}

function problemResult(p: Problem): Pending {
	return {
		ruleId: p.code, level: levelOf(p.severity), message: { text: p.message },
		file: p.file, line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn,
	};
}

function byPosition(a: Pending, b: Pending): number {
	return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column ||
		(a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * sha256 of rule id, file, the trimmed text of the result's line and the occurrence index among
 * results with the same (rule, file, text): stable across runs and when other lines move.
 */
function fingerprintAll(pending: readonly Pending[], lineText: SarifOptions['lineText']): string[] {
	const seen = new Map<string, number>();
	return pending.map((p) => {
		const text = lineText?.(p.file, p.line);
		const anchor = text === undefined ? `line:${p.line}` : `text:${text.trim()}`;
		const key = `${p.ruleId}\u0000${p.file}\u0000${anchor}`;
		const occurrence = seen.get(key) ?? 0;
		seen.set(key, occurrence + 1);
		return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex');
	});
}

function location(p: Pending): SarifLocation {
	const uri = p.file.split('/').map(encodeURIComponent).join('/');
	if (!(p.line >= 1)) {
		return { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } };
	}
	const endLine = p.endLine ?? p.line;
	const endOk = p.endColumn !== undefined && endLine >= p.line && (endLine > p.line || p.endColumn > p.column);
	const region: SarifRegion = {
		startLine: p.line,
		...(p.column >= 1 ? { startColumn: p.column } : {}),
		...(endOk ? { endLine, endColumn: p.endColumn } : {}),
	};
	return { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region } };
}

function suppression(justification: string): SarifSuppression {
	return justification === '' ? { kind: 'inSource', status: 'accepted' } : { kind: 'inSource', status: 'accepted', justification };
}

function rootUri(root: string): string {
	const href = pathToFileURL(root).href;
	return href.endsWith('/') ? href : `${href}/`;
}
