/**
 * Shared data types of the engine. Everything here is plain data (JSON-serialisable), so it can
 * cross worker-thread boundaries and feed both front ends.
 *
 * Conventions: `line` and `column` are 1-based everywhere (as in the CLI's JSON); `offset`, `start`
 * and `end` are 0-based UTF-16 offsets into the file text, `end` exclusive. Paths in results are
 * relative to the scan root with `/` separators.
 */

/** A language id as VS Code names it (`typescript`, `python`, `csharp`, `shellscript`, …). */
export type LanguageId = string;

/** One source file handed to the engine. */
export interface SourceFile {
	/** Path relative to the scan root, `/` separators. */
	readonly path: string;
	readonly text: string;
	readonly languageId: LanguageId;
}

/** A comment found by the lexer. Python docstrings count as comments (`kind: 'doc'`). */
export interface Comment {
	readonly kind: 'line' | 'block' | 'doc';
	/** Offsets of the whole comment including its delimiters. */
	readonly start: number;
	readonly end: number;
	/** Offsets of the comment's content, without the opening and closing delimiters. */
	readonly contentStart: number;
	readonly contentEnd: number;
	/** 1-based line of `start`, and of the last character of the comment. */
	readonly line: number;
	readonly endLine: number;
	/** True when code precedes the comment on its first line (a trailing comment). */
	readonly trailing: boolean;
}

/** A string literal (or other non-code, non-comment span such as a regex literal or heredoc). */
export interface StringSpan {
	readonly start: number;
	readonly end: number;
}

/** What the lexer returns for one file. */
export interface LexResult {
	readonly comments: readonly Comment[];
	readonly strings: readonly StringSpan[];
}

export type ScopeKind = 'declaration' | 'statement' | 'file';

/** The code region an annotation covers (1-based, inclusive lines). */
export interface Scope {
	readonly kind: ScopeKind;
	readonly startLine: number;
	readonly endLine: number;
	/** Qualified name of the declaration (`AuthService.login`), or null when there is none. */
	readonly symbol: string | null;
}

/** The sensitive-code categories of SPEC. */
export const CATEGORIES = ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging'] as const;
export type Category = (typeof CATEGORIES)[number];

/** `@iso27001` annotation as in the CLI JSON. */
export interface Annotation {
	readonly file: string;
	readonly line: number;
	/** Resolved 2022 (or custom-catalog) control IDs, legacy IDs already mapped, de-duplicated. */
	readonly controls: readonly string[];
	/** Legacy (2013) IDs as written. */
	readonly legacyIds: readonly string[];
	readonly rationale: string;
	readonly scope: Scope;
}

/** `@iso27001-ignore CATEGORY — reason`: an accepted exception. */
export interface IgnoreDirective {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly category: Category;
	/** Empty when missing (which is a `missing-ignore-reason` problem). */
	readonly reason: string;
	readonly scope: Scope;
}

export interface Finding {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly category: Category;
	readonly message: string;
	readonly api: string;
	readonly suggestedControls: readonly string[];
	readonly mapped: boolean;
	readonly coveredBy: readonly string[];
	readonly ignored: boolean;
	readonly ignoreReason: string | null;
	/**
	 * Controls annotated around an unmapped finding that the Statement of Applicability excludes (so they
	 * map nothing): why it is unmapped. Present only then.
	 */
	readonly excludedBy?: readonly string[];
	/** The rule that found it (documented in `docs/rules.md`). */
	readonly rule: string;
	/** `high`: a known API reached through its import; `medium`: what names and shapes imply. */
	readonly confidence: 'high' | 'medium';
	/**
	 * Editor-only, not in the CLI JSON: where a quick fix inserts a new annotation for this finding
	 * (1-based line the comment goes in front of, and that line's indentation). Set on findings that
	 * are neither mapped nor ignored.
	 */
	readonly anchor?: { readonly line: number; readonly indent: string };
	/**
	 * Editor-only, not in the CLI JSON: where the sensitive call or option ends (1-based line and the
	 * 1-based column just past it), for the diagnostic's range. Set with `anchor`.
	 */
	readonly end?: { readonly line: number; readonly column: number };
}

export const PROBLEM_CODES = [
	'unknown-control',
	'legacy-control',
	'malformed-annotation',
	'missing-ignore-reason',
	'not-applicable-control',
	'unrelated-control',
	'claim-title-mismatch',
	'claim-without-evidence',
	'config-error',
	'file-error',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];
export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
	readonly file: string;
	readonly line: number;
	readonly column: number;
	readonly code: ProblemCode;
	readonly severity: Severity;
	readonly message: string;
	/** 1-based end position of the offending text when known (editor ranges); not in the CLI JSON. */
	readonly endLine?: number;
	readonly endColumn?: number;
}

export type CoverageStatus = 'covered' | 'uncovered' | 'excluded';

export interface ControlCoverage {
	readonly id: string;
	readonly title: string;
	readonly theme: string;
	readonly status: CoverageStatus;
	readonly locations: number;
	/** The SoA's evidence of the control (repository paths, http(s) URLs); absent when none. */
	readonly evidence?: readonly string[];
}

export interface Coverage {
	/** Covered controls over applicable controls, 0–100, one decimal. */
	readonly percent: number;
	readonly controls: readonly ControlCoverage[];
}

/** The object `iso27001 scan --format json` prints (SPEC), and the extension API returns. */
export interface ScanResult {
	readonly tool: { readonly name: string; readonly version: string };
	readonly root: string;
	readonly catalog: { readonly id: string; readonly framework: string; readonly version: string };
	readonly files: number;
	readonly annotations: readonly Annotation[];
	readonly findings: readonly Finding[];
	readonly problems: readonly Problem[];
	readonly coverage: Coverage;
}

/** A theme (2022) or clause (2013) grouping controls. */
export interface CatalogTheme {
	/** `A.5` */
	readonly id: string;
	/** `Organizational` */
	readonly name: string;
}

/** One control of a catalog. */
export interface CatalogControl {
	readonly id: string;
	/** Title exactly as the standard words it. */
	readonly title: string;
	/** Theme id (`A.5`). */
	readonly theme: string;
	/** One sentence in the project's own words (never the standard's text). */
	readonly description: string;
	/** Legacy catalogs only: the controls of `legacyOf` this control maps to. */
	readonly mapsTo?: readonly string[];
}

/** A loaded, validated control catalog. */
export interface Catalog {
	/** `iso27001-2022` */
	readonly id: string;
	/** `ISO/IEC 27001` */
	readonly framework: string;
	/** `2022` */
	readonly version: string;
	readonly title: string;
	/** Set on a legacy catalog: the id of the catalog its `mapsTo` IDs belong to. */
	readonly legacyOf?: string;
	/** A custom catalog's own suggested controls per sensitive-code category (`suggestions:`). */
	readonly suggestions?: Readonly<Partial<Record<Category, readonly string[]>>>;
	readonly themes: readonly CatalogTheme[];
	readonly controls: readonly CatalogControl[];
	/** The file it was loaded from, for messages. */
	readonly source: string;
}

/** One Statement of Applicability entry from `.iso27001.yaml`. */
export interface SoaEntry {
	readonly applicable: boolean;
	readonly justification: string;
	/** How the control is implemented outside the code (`implementation:`), empty when not given. */
	readonly implementation?: string;
	/** Repository paths and http(s) URLs (`evidence:`); once the workspace is loaded, only the valid ones. */
	readonly evidence?: readonly string[];
}

/** Statement of Applicability: control id → entry. Controls not listed are applicable. */
export type Soa = Readonly<Record<string, SoaEntry>>;
