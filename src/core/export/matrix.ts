/**
 * The traceability matrix: control → code locations → rationale, built from a scan result, the
 * catalog and the Statement of Applicability. Every export format renders this one model, so they
 * all show the same rows in the same order.
 */

import { isHttpUrl } from '../config/evidence';
import { evidenceKindOfPath } from '../lexer';
import { buildGaps, type MatrixGap } from './gaps';
import type {
	Annotation,
	Catalog,
	CoverageStatus,
	IgnoreDirective,
	ScanResult,
	Soa,
} from '../types';

/** What {@link buildMatrix} needs. */
export interface MatrixInput {
	/** The scan; `coverage.controls` lists every control of the catalog with its status. */
	readonly result: ScanResult;
	/** The catalog the scan resolved IDs against: titles, themes (theme id → name). */
	readonly catalog: Catalog;
	/** Applicability and justification per control id; a control not listed is applicable. */
	readonly soa: Soa;
	/** Accepted exceptions (`@iso27001-ignore CATEGORY — reason`), listed as given. */
	readonly exceptions: readonly IgnoreDirective[];
	/** Provenance printed in the header. `generatedAt` is ISO 8601; `commit` is null outside git. */
	readonly meta: {
		readonly toolName: string;
		readonly toolVersion: string;
		readonly generatedAt: string;
		readonly commit: string | null;
		readonly root: string;
	};
	/**
	 * Optional legacy (2013) catalog whose `mapsTo` says which 2022 controls a legacy ID maps to.
	 * With it, a row lists only the annotation's legacy IDs that map to the row's control; without
	 * it, a row lists all of the annotation's legacy IDs.
	 */
	readonly legacyCatalog?: Catalog;
}

/** Coverage of one theme: covered controls over applicable controls. */
export interface ThemeCoverage {
	/** `A.8` */
	readonly id: string;
	/** `Technological` */
	readonly name: string;
	readonly covered: number;
	/** Controls of the theme not excluded by the SoA. */
	readonly applicable: number;
	/** 0–100 with one decimal; null when the theme has no applicable control. */
	readonly percent: number | null;
}

/** The matrix header: provenance and coverage summary. */
export interface MatrixHeader {
	/** Document title, e.g. `Traceability matrix — ISO/IEC 27001:2022 Annex A`. */
	readonly title: string;
	readonly tool: { readonly name: string; readonly version: string };
	readonly catalog: {
		readonly id: string;
		readonly framework: string;
		readonly title: string;
		readonly version: string;
	};
	/** ISO 8601. */
	readonly generatedAt: string;
	/** The git commit scanned, or null outside a git repository. */
	readonly commit: string | null;
	readonly root: string;
	readonly coverage: {
		/** Covered over applicable controls, 0–100, one decimal (as the scan reports it). */
		readonly percent: number;
		readonly covered: number;
		readonly uncovered: number;
		readonly excluded: number;
		/** covered + uncovered. */
		readonly applicable: number;
		/** Sensitive-code findings neither mapped nor accepted (the gaps section). */
		readonly unmapped: number;
	};
	/** Per theme, in catalog order. */
	readonly themes: readonly ThemeCoverage[];
}

/**
 * One row: a (control, code location) pair, or a control with no location (all location fields
 * null / empty) so gaps show.
 */
export interface MatrixRow {
	readonly controlId: string;
	readonly controlTitle: string;
	readonly themeId: string;
	readonly themeName: string;
	/** From the SoA; true when the control is not listed there. */
	readonly applicable: boolean;
	/** SoA justification, empty when none. */
	readonly justification: string;
	readonly status: CoverageStatus;
	/** Path relative to the root, `/` separators (or the SoA's evidence: a path or an http(s) URL); null on a row without location. */
	readonly file: string | null;
	/** 1-based line of the annotation; null on a row without location. */
	readonly line: number | null;
	/** 1-based inclusive line range of the annotation's scope; null on a row without location. */
	readonly startLine: number | null;
	readonly endLine: number | null;
	/** Qualified declaration name, or null. */
	readonly symbol: string | null;
	/** Annotation rationale, empty when none. */
	readonly rationale: string;
	/** Legacy (2013) IDs as written that map to this control. */
	readonly legacyIds: readonly string[];
	/** `code` or `document` (an annotation in Markdown, AsciiDoc, reStructuredText), `link` (a URL); null without location. */
	readonly evidenceKind: EvidenceKind | null;
}

/** What a piece of evidence is (SPEC "Evidence kind"). */
export type EvidenceKind = 'code' | 'document' | 'link';

/** One accepted exception (`@iso27001-ignore`). */
export interface MatrixException {
	readonly category: string;
	readonly file: string;
	/** 1-based line of the directive. */
	readonly line: number;
	/** 1-based inclusive line range of the directive's scope. */
	readonly startLine: number;
	readonly endLine: number;
	readonly symbol: string | null;
	readonly reason: string;
}

/** The whole traceability matrix. */
export interface Matrix {
	readonly header: MatrixHeader;
	readonly rows: readonly MatrixRow[];
	readonly exceptions: readonly MatrixException[];
	/** Unmapped sensitive code, by category. */
	readonly gaps: readonly MatrixGap[];
}

/** Column titles of the matrix, in order (SPEC "Traceability matrix"). */
export const MATRIX_COLUMNS = [
	'Control ID',
	'Control title',
	'Theme',
	'Applicability',
	'Status',
	'File',
	'Lines',
	'Symbol',
	'Rationale',
	'Legacy ID',
	'Evidence kind',
] as const;

/** Column titles of the accepted-exceptions table, in order. */
export const EXCEPTION_COLUMNS = ['Category', 'File', 'Lines', 'Symbol', 'Reason'] as const;

/** A control as the matrix needs it, whatever source (catalog or coverage) it came from. */
interface ControlInfo {
	readonly id: string;
	readonly title: string;
	readonly theme: string;
}

/** Builds the matrix. Pure: same input, same output. */
export function buildMatrix(input: MatrixInput): Matrix {
	const { result, catalog, soa } = input;
	const controls = orderedControls(result, catalog);
	const statusById = new Map(result.coverage.controls.map((c) => [c.id, c.status]));
	const themeNames = new Map(catalog.themes.map((t) => [t.id, t.name]));
	const byControl = annotationsByControl(result.annotations);
	const legacyMap = legacyMapping(input.legacyCatalog);
	const rows: MatrixRow[] = [];
	const statuses = new Map<string, CoverageStatus>();
	for (const control of controls) {
		const entry = soa[control.id];
		const applicable = entry?.applicable !== false;
		const locations = byControl.get(control.id) ?? [];
		const status =
			statusById.get(control.id) ??
			(!applicable ? 'excluded' : locations.length > 0 ? 'covered' : 'uncovered');
		statuses.set(control.id, status);
		const base = {
			controlId: control.id,
			controlTitle: control.title,
			themeId: control.theme,
			themeName: themeNames.get(control.theme) ?? control.theme,
			applicable,
			justification: entry?.justification ?? '',
			status,
		};
		const evidence = entry?.evidence ?? [];
		if (locations.length === 0 && evidence.length === 0) {
			rows.push({ ...base, ...EMPTY_LOCATION });
			continue;
		}
		for (const a of locations) {
			rows.push({ ...base, ...locationFields(a, control.id, legacyMap) });
		}
		for (const e of evidence) {
			const evidenceKind = isHttpUrl(e) ? 'link' : 'document';
			rows.push({ ...base, ...EMPTY_LOCATION, file: e, rationale: entry?.implementation ?? '', evidenceKind });
		}
	}
	const gaps = buildGaps(result.findings);
	const header = buildHeader(input, controls, statuses, themeNames);
	return { header: { ...header, coverage: { ...header.coverage, unmapped: gaps.length } }, rows, exceptions: buildExceptions(input.exceptions), gaps };
}

/** Location fields of a row without location. */
const EMPTY_LOCATION = {
	file: null, line: null, startLine: null, endLine: null, symbol: null, rationale: '', legacyIds: [] as readonly string[], evidenceKind: null,
} as const;

/** Location fields of a row for annotation `a` and control `controlId`. */
function locationFields(
	a: Annotation,
	controlId: string,
	legacyMap: ReadonlyMap<string, readonly string[]> | null,
): Pick<MatrixRow, 'file' | 'line' | 'startLine' | 'endLine' | 'symbol' | 'rationale' | 'legacyIds' | 'evidenceKind'> {
	const legacyIds = a.legacyIds.filter((id) => {
		const targets = legacyMap?.get(id);
		return targets === undefined || targets.includes(controlId);
	});
	return {
		file: a.file,
		line: a.line,
		startLine: a.scope.startLine,
		endLine: a.scope.endLine,
		symbol: a.scope.symbol,
		rationale: a.rationale,
		legacyIds,
		evidenceKind: evidenceKindOfPath(a.file),
	};
}

/** Catalog controls in catalog order, then controls the coverage lists that the catalog lacks. */
function orderedControls(result: ScanResult, catalog: Catalog): ControlInfo[] {
	const list: ControlInfo[] = catalog.controls.map((c) => ({ id: c.id, title: c.title, theme: c.theme }));
	const known = new Set(list.map((c) => c.id));
	for (const c of result.coverage.controls) {
		if (!known.has(c.id)) {
			known.add(c.id);
			list.push({ id: c.id, title: c.title, theme: c.theme });
		}
	}
	return list;
}

/** Annotations per control id, each list sorted by file, then line. */
function annotationsByControl(annotations: readonly Annotation[]): Map<string, Annotation[]> {
	const map = new Map<string, Annotation[]>();
	for (const a of annotations) {
		for (const id of new Set(a.controls)) {
			const list = map.get(id);
			if (list) {list.push(a);}
			else {map.set(id, [a]);}
		}
	}
	for (const list of map.values()) {list.sort(compareLocations);}
	return map;
}

/** Orders by file (code point order, locale-independent), then line, then scope start. */
function compareLocations(
	a: { readonly file: string; readonly line: number; readonly scope: { readonly startLine: number } },
	b: { readonly file: string; readonly line: number; readonly scope: { readonly startLine: number } },
): number {
	if (a.file !== b.file) {return a.file < b.file ? -1 : 1;}
	if (a.line !== b.line) {return a.line - b.line;}
	return a.scope.startLine - b.scope.startLine;
}

/** Legacy id → 2022 ids it maps to, or null without a legacy catalog. */
function legacyMapping(legacy: Catalog | undefined): Map<string, readonly string[]> | null {
	if (!legacy) {return null;}
	const map = new Map<string, readonly string[]>();
	for (const c of legacy.controls) {
		if (c.mapsTo) {map.set(c.id, c.mapsTo);}
	}
	return map;
}

/** Covered over applicable, 0–100 with one decimal; null when nothing is applicable. */
function percentOf(covered: number, applicable: number): number | null {
	return applicable === 0 ? null : Math.round((covered / applicable) * 1000) / 10;
}

/** The header: provenance, overall counts, per-theme coverage. */
function buildHeader(
	input: MatrixInput,
	controls: readonly ControlInfo[],
	statuses: ReadonlyMap<string, CoverageStatus>,
	themeNames: ReadonlyMap<string, string>,
): Omit<MatrixHeader, 'coverage'> & { coverage: Omit<MatrixHeader['coverage'], 'unmapped'> } {
	const { catalog, meta, result } = input;
	const count = { covered: 0, uncovered: 0, excluded: 0 };
	const perTheme = new Map<string, { covered: number; applicable: number }>();
	for (const t of catalog.themes) {perTheme.set(t.id, { covered: 0, applicable: 0 });}
	for (const c of controls) {
		const status = statuses.get(c.id) ?? 'uncovered';
		count[status]++;
		let theme = perTheme.get(c.theme);
		if (!theme) {
			theme = { covered: 0, applicable: 0 };
			perTheme.set(c.theme, theme);
		}
		if (status !== 'excluded') {theme.applicable++;}
		if (status === 'covered') {theme.covered++;}
	}
	const themes = [...perTheme].map(([id, t]) => ({
		id,
		name: themeNames.get(id) ?? id,
		covered: t.covered,
		applicable: t.applicable,
		percent: percentOf(t.covered, t.applicable),
	}));
	const applicable = count.covered + count.uncovered;
	return {
		title: `Traceability matrix — ${catalog.title}`,
		tool: { name: meta.toolName, version: meta.toolVersion },
		catalog: { id: catalog.id, framework: catalog.framework, title: catalog.title, version: catalog.version },
		generatedAt: meta.generatedAt,
		commit: meta.commit,
		root: meta.root,
		coverage: { percent: result.coverage.percent, ...count, applicable },
		themes,
	};
}

/** Exceptions as matrix rows, sorted by file, then line. */
function buildExceptions(list: readonly IgnoreDirective[]): MatrixException[] {
	return [...list].sort(compareLocations).map((d) => ({
		category: d.category,
		file: d.file,
		line: d.line,
		startLine: d.scope.startLine,
		endLine: d.scope.endLine,
		symbol: d.scope.symbol,
		reason: d.reason,
	}));
}

/** `12–40`, or `12` when the range is one line; empty when unknown. Uses an en dash. */
export function formatLines(startLine: number | null, endLine: number | null): string {
	if (startLine === null) {return '';}
	if (endLine === null || endLine === startLine) {return String(startLine);}
	return `${startLine}–${endLine}`;
}

/** `A.8 Technological`, or the bare id when the theme has no distinct name. */
export function themeLabel(row: Pick<MatrixRow, 'themeId' | 'themeName'>): string {
	return row.themeName && row.themeName !== row.themeId ? `${row.themeId} ${row.themeName}` : row.themeId;
}

/** `Applicable`, or `Not applicable — <justification>` (the justification only when present). */
export function applicabilityText(row: Pick<MatrixRow, 'applicable' | 'justification'>): string {
	const word = row.applicable ? 'Applicable' : 'Not applicable';
	return row.justification ? `${word} — ${row.justification}` : word;
}

/** The display values of a row, one per {@link MATRIX_COLUMNS} entry. */
export function matrixRowCells(row: MatrixRow): string[] {
	return [
		row.controlId,
		row.controlTitle,
		themeLabel(row),
		applicabilityText(row),
		row.status,
		row.file ?? '',
		formatLines(row.startLine, row.endLine),
		row.symbol ?? '',
		row.rationale,
		row.legacyIds.join(', '),
		row.evidenceKind ?? '',
	];
}

/** The display values of an exception, one per {@link EXCEPTION_COLUMNS} entry. */
export function exceptionCells(e: MatrixException): string[] {
	return [e.category, e.file, formatLines(e.startLine, e.endLine), e.symbol ?? '', e.reason];
}
