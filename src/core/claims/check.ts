/**
 * Checks hand-written compliance documents against the catalog and the workspace's evidence: each
 * claimed control's evidence (code, documents, SoA), claims without evidence, titles that name
 * another control, 2013 numbering, unknown IDs; and the controls the workspace evidences that no
 * document claims. Problems sit on the document's lines, so every front end shows them.
 */
import { evidenceKindOfPath } from '../lexer';
import type { Catalog, Problem, ProblemCode, ScanResult, Severity } from '../types';
import { readDocument } from './references';
import { ClaimCatalogs, type ResolvedReference } from './resolve';

/** A claims document as read: its text, or why it could not be read. */
export type ClaimsDocument = { readonly path: string; readonly text: string } | { readonly path: string; readonly error: string };

/** One piece of evidence of a control. */
export interface ClaimEvidence {
	readonly kind: 'code' | 'document' | 'link';
	/** `src/auth.ts:12`, `docs/ir.md`, `https://…`. */
	readonly ref: string;
}

/** What a reference claims, with the evidence found for it. */
export interface Claim extends ResolvedReference {
	readonly file: string;
	/** Per claimed control: its evidence (empty: none), or null when the SoA excludes the control. */
	readonly evidence: Readonly<Record<string, readonly ClaimEvidence[] | null>>;
}

/** The outcome of checking the claims documents. */
export interface ClaimsReport {
	readonly documents: readonly { readonly file: string; readonly claims: readonly Claim[] }[];
	/** Controls with evidence that no document claims, with that evidence. */
	readonly unclaimed: readonly { readonly id: string; readonly title: string; readonly evidence: readonly ClaimEvidence[] }[];
	readonly problems: readonly Problem[];
}

/** What {@link checkClaims} needs. */
export interface ClaimsInput {
	readonly documents: readonly ClaimsDocument[];
	readonly result: ScanResult;
	readonly catalog: Catalog;
	readonly legacy?: Catalog;
}

/** Checks every document; never throws on a document's content. */
export function checkClaims(input: ClaimsInput): ClaimsReport {
	const catalogs = new ClaimCatalogs(input.catalog, input.legacy);
	const evidence = evidenceByControl(input.result, new Set(input.documents.map((d) => d.path)));
	const problems: Problem[] = [];
	const documents: { file: string; claims: Claim[] }[] = [];
	const claimed = new Set<string>();
	for (const doc of input.documents) {
		if ('error' in doc) {
			problems.push(problem(doc.path, 1, 1, 0, 'file-error', 'warning', `claims document cannot be read: ${doc.error}`));
			continue;
		}
		const read = readDocument(doc.text);
		const claims = read.references.map((ref) => withEvidence(doc.path, catalogs.resolve(ref), evidence));
		claims.forEach((c) => c.controls.forEach((id) => claimed.add(id)));
		documents.push({ file: doc.path, claims });
		const own = documentProblems(doc.path, claims, catalogs);
		if (read.unclosedFence !== null) {
			const message = 'the code block opened here is never closed: the rest of the claims document is read as code, without claims';
			own.push(problem(doc.path, read.unclosedFence, 1, 3, 'file-error', 'warning', message));
		}
		problems.push(...own.sort((a, b) => a.line - b.line || a.column - b.column));
	}
	const unclaimed = input.catalog.controls
		.filter((c) => !claimed.has(c.id) && (evidence.get(c.id)?.length ?? 0) > 0)
		.map((c) => ({ id: c.id, title: c.title, evidence: evidence.get(c.id)! }));
	return { documents, unclaimed, problems };
}

/** Evidence per current control: annotations (outside the claims documents themselves), then the SoA's. Null: excluded. */
function evidenceByControl(result: ScanResult, claimsPaths: ReadonlySet<string>): Map<string, ClaimEvidence[] | null> {
	const map = new Map<string, ClaimEvidence[] | null>(result.coverage.controls.map((c) => [c.id, c.status === 'excluded' ? null : []]));
	for (const a of result.annotations) {
		if (!claimsPaths.has(a.file)) {
			a.controls.forEach((id) => map.get(id)?.push({ kind: evidenceKindOfPath(a.file), ref: `${a.file}:${a.line}` }));
		}
	}
	const rank = { code: 0, document: 1, link: 2 } as const;
	for (const c of result.coverage.controls) {
		const list = map.get(c.id);
		list?.push(...(c.evidence ?? []).map((ref): ClaimEvidence => ({ kind: /^https?:/i.test(ref) ? 'link' : 'document', ref })));
		list?.sort((x, y) => rank[x.kind] - rank[y.kind]);
	}
	return map;
}

function withEvidence(file: string, r: ResolvedReference, evidence: ReadonlyMap<string, ClaimEvidence[] | null>): Claim {
	return { ...r, file, evidence: Object.fromEntries(r.controls.map((id) => [id, evidence.has(id) ? evidence.get(id)! : []])) };
}

function problem(file: string, line: number, column: number, length: number, code: ProblemCode, severity: Severity, message: string): Problem {
	return { file, line, column, code, severity, message, endLine: line, endColumn: column + length };
}

/** `A.8.24 Use of cryptography`, for messages. */
function named(catalogs: ClaimCatalogs, ids: readonly string[]): string {
	return ids.map((id) => `${id} ${catalogs.control(id)?.title ?? ''}`.trim()).join(', ');
}

/** The problems of one document's claims: unknown IDs, 2013 numbering, title mismatches, claims without evidence. */
function documentProblems(file: string, claims: readonly Claim[], catalogs: ClaimCatalogs): Problem[] {
	if (claims.length === 0) {
		return [problem(file, 1, 1, 0, 'file-error', 'warning', 'claims document has no Annex A reference (such as A.8.24 or A.9.4.1): nothing to check')];
	}
	const out: Problem[] = [];
	const seen = new Set<string>();
	const year = catalogs.legacy?.version ?? 'legacy';
	for (const c of claims) {
		const at = (code: ProblemCode, severity: Severity, message: string): number => out.push(problem(file, c.ref.line, c.ref.column, c.ref.id.length, code, severity, message));
		if (c.level === 'unknown') {
			at('unknown-control', 'error', `${c.ref.id} is not a control of ${catalogs.catalog.title}${catalogs.legacy ? ` nor of ${catalogs.legacy.title}` : ''}`);
			continue;
		}
		if (c.mismatch !== undefined) {
			at('claim-title-mismatch', 'error', mismatchMessage(c, catalogs));
		} else if (c.legacy) {
			const what = c.level === 'clause' ? `the ${year} ${c.title ? `clause '${c.title}'` : 'control objective'}, which names no control` : `a ${year} ID (${c.title})`;
			at('legacy-control', 'warning', `${c.ref.id} is ${what}; in ${catalogs.catalog.title} it is ${named(catalogs, c.controls) || 'no control'}`);
		}
		const key = c.controls.join(',');
		const applicable = c.controls.filter((id) => c.evidence[id] !== null);
		if (c.controls.length > 0 && !seen.has(key) && applicable.length > 0 && applicable.every((id) => c.evidence[id]!.length === 0)) {
			at('claim-without-evidence', 'warning', `${c.ref.id} is claimed, but nothing evidences ${named(catalogs, applicable)}: no annotation in code or documents and no SoA evidence`);
		}
		seen.add(key);
	}
	out.push(...mixedNumbering(file, claims, year));
	return out;
}

function mismatchMessage(c: Claim, catalogs: ClaimCatalogs): string {
	const m = c.mismatch!;
	if (c.level === 'clause' && m.id === c.ref.id) {
		const theme = catalogs.catalog.themes.find((t) => t.id === c.ref.id);
		return `'${c.ref.title}' is the ${catalogs.legacy?.version ?? 'legacy'} clause ${m.id}; in ${catalogs.catalog.title} ${m.id} is '${theme?.name ?? ''}'. ` +
			`The ${m.id} '${m.title}' controls are now ${named(catalogs, c.controls)}`;
	}
	const whose = m.legacy && !c.legacy ? ` (${catalogs.legacy?.version ?? 'legacy'})` : '';
	return `${c.ref.id} is '${c.title}', but the document gives it '${c.ref.title}', the title of ${m.id}${whose}`;
}

/** One `legacy-control` problem where a document that uses current numbering first uses 2013 numbering. */
function mixedNumbering(file: string, claims: readonly Claim[], year: string): Problem[] {
	const current = claims.find((c) => !c.legacy && c.level === 'control');
	const old = claims.find((c) => c.legacy);
	if (current === undefined || old === undefined) {
		return [];
	}
	return [problem(file, old.ref.line, old.ref.column, old.ref.id.length, 'legacy-control', 'warning',
		`this document mixes ${year} numbering (${old.ref.id}, line ${old.ref.line}) with current numbering (${current.ref.id}, line ${current.ref.line}); use one numbering, the catalog's`)];
}
