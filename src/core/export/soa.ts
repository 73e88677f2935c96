/**
 * The Statement of Applicability (ISO/IEC 27001 clause 6.1.3 d), `export --report soa`: one entry
 * per control of the catalog with its applicability, justification, implementation and evidence
 * (code locations, documents, links). Built from the traceability matrix, so it shows exactly the
 * evidence the matrix does; rendered as CSV, Markdown, JSON here and as HTML in `soaHtml.ts`,
 * with the matrix exports' escaping (formula-safe CSV cells, escaped Markdown).
 */

import { defuseFormula, quoteField } from './csv';
import { escapeMarkdown, markdownTable } from './markdown';
import {
	buildMatrix, formatLines, type EvidenceKind, type MatrixHeader, type MatrixInput, type MatrixRow,
} from './matrix';
import type { CoverageStatus } from '../types';

/** One piece of evidence of a control. */
export interface SoaEvidence {
	readonly kind: EvidenceKind;
	/** A repository path (code, documents) or an http(s) URL (links). */
	readonly ref: string;
	/** `12–40` for an annotation's scope; empty otherwise. */
	readonly lines: string;
	readonly symbol: string;
	/** The annotation's rationale; empty for the SoA's own evidence. */
	readonly note: string;
}

/** One control of the Statement of Applicability. */
export interface SoaControl {
	readonly id: string;
	readonly title: string;
	readonly themeId: string;
	readonly themeName: string;
	readonly applicable: boolean;
	readonly justification: string;
	readonly implementation: string;
	readonly status: CoverageStatus;
	readonly evidence: readonly SoaEvidence[];
}

/** The whole Statement of Applicability. */
export interface SoaReport {
	readonly header: MatrixHeader;
	readonly controls: readonly SoaControl[];
}

/** Column titles of the tabular formats, in order. */
export const SOA_COLUMNS = [
	'Control ID', 'Control title', 'Theme', 'Applicable', 'Justification', 'Implementation', 'Status', 'Evidence',
] as const;

/** Builds the Statement of Applicability. Pure: same input, same output. */
export function buildSoaReport(input: MatrixInput): SoaReport {
	const matrix = buildMatrix(input);
	const controls: SoaControl[] = [];
	let current: { -readonly [K in keyof SoaControl]: SoaControl[K] } | undefined;
	for (const row of matrix.rows) {
		if (current?.id !== row.controlId) {
			current = {
				id: row.controlId, title: row.controlTitle, themeId: row.themeId, themeName: row.themeName,
				applicable: row.applicable, justification: row.justification,
				implementation: input.soa[row.controlId]?.implementation ?? '', status: row.status, evidence: [],
			};
			controls.push(current);
		}
		const item = evidenceOf(row);
		if (item !== null) {
			(current.evidence as SoaEvidence[]).push(item);
		}
	}
	const title = `Statement of Applicability — ${input.catalog.title}`;
	return { header: { ...matrix.header, title }, controls };
}

function evidenceOf(row: MatrixRow): SoaEvidence | null {
	if (row.evidenceKind === null || row.file === null) {
		return null;
	}
	const note = row.evidenceKind === 'link' || row.line === null ? '' : row.rationale;
	return { kind: row.evidenceKind, ref: row.file, lines: formatLines(row.startLine, row.endLine), symbol: row.symbol ?? '', note };
}

/** One evidence item as a line of text: `code: src/a.ts:12–40 (AuthService.login) — why`. */
export function evidenceText(e: SoaEvidence): string {
	return `${e.kind}: ${evidencePlace(e)}`;
}

/** An evidence item without its kind: `src/a.ts:12–40 (AuthService.login) — why`. */
export function evidencePlace(e: SoaEvidence): string {
	const place = e.lines === '' ? e.ref : `${e.ref}:${e.lines}`;
	const symbol = e.symbol === '' ? '' : ` (${e.symbol})`;
	return `${place}${symbol}${e.note === '' ? '' : ` — ${e.note}`}`;
}

/** The cells of one control, one per {@link SOA_COLUMNS} entry (evidence one item per line). */
export function soaCells(c: SoaControl): string[] {
	const theme = c.themeName && c.themeName !== c.themeId ? `${c.themeId} ${c.themeName}` : c.themeId;
	return [
		c.id, c.title, theme, c.applicable ? 'Yes' : 'No', c.justification, c.implementation, c.status,
		c.evidence.map(evidenceText).join('\n'),
	];
}

/** CSV (RFC 4180, UTF-8 with BOM, CRLF, formula-safe cells): one row per control, then provenance columns. */
export function soaToCsv(report: SoaReport): string {
	const h = report.header;
	const provenance = [`${h.catalog.title} (${h.catalog.id})`, `${h.tool.name} ${h.tool.version}`, h.generatedAt, h.commit ?? ''];
	const record = (fields: readonly string[]): string => fields.map((f) => quoteField(defuseFormula(f))).join(',') + '\r\n';
	let out = '\uFEFF' + record([...SOA_COLUMNS, 'Catalog', 'Tool', 'Generated at', 'Commit']);
	for (const c of report.controls) {
		out += record([...soaCells(c), ...provenance]);
	}
	return out;
}

/** Markdown (GFM): title, provenance, the table; every value escaped. */
export function soaToMarkdown(report: SoaReport): string {
	const h = report.header;
	const c = h.coverage;
	return [
		`# ${escapeMarkdown(h.title)}`,
		'',
		`- **Tool:** ${escapeMarkdown(`${h.tool.name} ${h.tool.version}`)}`,
		`- **Catalog:** ${escapeMarkdown(`${h.catalog.title} (${h.catalog.id})`)}`,
		`- **Generated:** ${escapeMarkdown(h.generatedAt)}`,
		`- **Commit:** ${h.commit === null ? 'not a git repository' : escapeMarkdown(h.commit)}`,
		`- **Controls:** ${c.applicable} applicable (${c.covered} with evidence, ${c.uncovered} without), ${c.excluded} not applicable`,
		'',
		...markdownTable(SOA_COLUMNS, report.controls.map(soaCells)),
		'',
	].join('\n');
}

/** JSON: the header and the controls with their evidence, keys in a fixed order. */
export function soaToJson(report: SoaReport): string {
	const controls = report.controls.map((c) => ({
		id: c.id, title: c.title, themeId: c.themeId, themeName: c.themeName, applicable: c.applicable,
		justification: c.justification, implementation: c.implementation, status: c.status,
		evidence: c.evidence.map((e) => ({ kind: e.kind, ref: e.ref, lines: e.lines, symbol: e.symbol, note: e.note })),
	}));
	return JSON.stringify({ header: report.header, controls }, null, 2) + '\n';
}
