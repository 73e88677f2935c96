/**
 * `iso27001 claims DOC...`: checks hand-written compliance documents against the catalog and the
 * workspace's evidence, and prints what each reference claims, its evidence, the problems, and the
 * controls the workspace evidences that no document claims (text, JSON or Markdown).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { checkClaims, type Claim, type ClaimEvidence, type ClaimsReport } from '../core/claims/check';
import { readClaimsDocuments } from '../core/claims/read';
import { escapeMarkdown, markdownTable } from '../core/export/markdown';
import type { ScanOutcome } from '../core/scan/scan';
import type { Problem } from '../core/types';
import { UsageError } from './args';
import type { Style } from './style';
import { formatProblem } from './textReport';

/** Codes that make `claims` exit 1. */
export const CLAIM_FAILURES: readonly string[] = ['claim-title-mismatch', 'claim-without-evidence'];

/**
 * The documents given on the command line as paths relative to `root`; a document that does not
 * exist, is not a file, or lies outside `root` is a usage error (exit 2).
 */
export function claimsPaths(root: string, docs: readonly string[]): string[] {
	return docs.map((doc) => {
		const abs = path.resolve(doc);
		const rel = path.relative(root, abs);
		if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
			throw new UsageError(`claims document '${doc}' is outside the folder ${root} (give the workspace with --dir)`);
		}
		if (!existsSync(abs)) {
			throw new UsageError(`claims document '${doc}' does not exist`);
		}
		if (!statSync(abs).isFile()) {
			throw new UsageError(`claims document '${doc}' is not a file`);
		}
		return rel.split(path.sep).join('/');
	});
}

/** Checks the documents against the scan. */
export function claimsReport(outcome: ScanOutcome, docs: readonly string[]): ClaimsReport {
	const { settings, result } = outcome;
	return checkClaims({ documents: readClaimsDocuments(result.root, docs), result, catalog: settings.catalog, legacy: settings.legacy[0] });
}

/** Whether the report fails `claims` (a title mismatch or a claim without evidence). */
export function claimsFailed(report: ClaimsReport): boolean {
	return report.problems.some((p) => CLAIM_FAILURES.includes(p.code));
}

/** A control's state in a claim. */
function controlState(c: Claim, id: string): 'evidenced' | 'no evidence' | 'excluded by the SoA' {
	const e = c.evidence[id];
	return e === null ? 'excluded by the SoA' : e !== undefined && e.length > 0 ? 'evidenced' : 'no evidence';
}

function evidenceList(list: readonly ClaimEvidence[], max = 3): string {
	const shown = list.slice(0, max).map((e) => `${e.kind} ${e.ref}`).join(', ');
	return list.length > max ? `${shown} and ${list.length - max} more` : shown;
}

/** `A.9.4.1 (2013: Information access restriction) → A.8.3`, `A.10 (2013 clause Cryptography) → A.8.24`. */
function describeClaim(c: Claim): string {
	const what = c.level === 'unknown' ? ' (not a control)'
		: c.level === 'theme' ? ` (theme ${c.title})`
			: c.legacy ? ` (2013${c.level === 'clause' ? ' clause' : ''}${c.title ? `: ${c.title}` : ''})` : ` ${c.title}`;
	const mapped = c.legacy && c.controls.length > 0 ? ` → ${c.controls.join(', ')}` : '';
	return `${c.ref.id}${what}${mapped}`;
}

/** The text report. */
export function renderClaimsText(report: ClaimsReport, style: Style): string {
	const out: string[] = [];
	for (const doc of report.documents) {
		out.push(style.bold(`Claims in ${doc.file}`));
		for (const c of doc.claims) {
			out.push(`  ${`${c.ref.line}:${c.ref.column}`.padEnd(7)} ${describeClaim(c)}`);
			for (const id of c.controls) {
				const state = controlState(c, id);
				const mark = state === 'evidenced' ? style.green('✓') : state === 'no evidence' ? style.red('✗') : style.dim('–');
				const detail = state === 'evidenced' ? evidenceList(c.evidence[id]!) : state === 'no evidence' ? 'claimed without evidence' : state;
				out.push(`          ${mark} ${id} ${detail}`);
			}
		}
		out.push('');
	}
	out.push(style.bold('Evidenced, but claimed by no document'));
	out.push(...(report.unclaimed.length === 0 ? ['  none'] : report.unclaimed.map((u) => `  ${u.id} ${u.title}: ${evidenceList(u.evidence)}`)));
	if (report.problems.length > 0) {
		out.push('', style.bold('Problems'), ...report.problems.map((p) => `  ${formatProblem(p, style)}`));
	}
	const n = (code: string): number => report.problems.filter((p) => p.code === code).length;
	const summary = `${n('claim-title-mismatch')} title mismatch(es), ${n('claim-without-evidence')} claim(s) without evidence`;
	out.push('', claimsFailed(report) ? style.red(`iso27001 claims failed: ${summary}`) : style.green(`iso27001 claims passed: ${summary}`));
	return `${out.join('\n')}\n`;
}

/** The JSON report: documents with their claims (each claimed control with its state and evidence), unclaimed controls, problems. */
export function renderClaimsJson(report: ClaimsReport): string {
	const claim = (c: Claim) => ({
		line: c.ref.line, column: c.ref.column, id: c.ref.id, context: c.ref.context, givenTitle: c.ref.title,
		level: c.level, legacy: c.legacy, title: c.title,
		controls: c.controls.map((id) => ({ id, status: controlState(c, id), evidence: c.evidence[id] ?? [] })),
		mismatch: c.mismatch ?? null,
	});
	const problem = (p: Problem) => ({ file: p.file, line: p.line, column: p.column, code: p.code, severity: p.severity, message: p.message });
	return `${JSON.stringify({
		documents: report.documents.map((d) => ({ file: d.file, claims: d.claims.map(claim) })),
		unclaimed: report.unclaimed, problems: report.problems.map(problem),
	}, null, 2)}\n`;
}

/** The Markdown report: a table per document, the unclaimed controls, the problems; every value escaped. */
export function renderClaimsMarkdown(report: ClaimsReport): string {
	const lines = ['# ISO 27001 claims check', ''];
	for (const doc of report.documents) {
		lines.push(`## ${escapeMarkdown(doc.file)}`, '');
		const rows = doc.claims.map((c) => [
			String(c.ref.line), describeClaim(c), c.ref.title,
			c.controls.map((id) => `${id}: ${controlState(c, id) === 'evidenced' ? evidenceList(c.evidence[id]!) : controlState(c, id)}`).join('\n'),
		]);
		lines.push(...(rows.length === 0 ? ['No Annex A reference.'] : markdownTable(['Line', 'Reference', 'Title given', 'Evidence'], rows)), '');
	}
	lines.push('## Evidenced, but claimed by no document', '');
	lines.push(...(report.unclaimed.length === 0 ? ['None.'] : markdownTable(['Control', 'Title', 'Evidence'], report.unclaimed.map((u) => [u.id, u.title, evidenceList(u.evidence, 10)]))), '');
	lines.push('## Problems', '');
	lines.push(...(report.problems.length === 0 ? ['None.'] : markdownTable(['Place', 'Code', 'Message'], report.problems.map((p) => [`${p.file}:${p.line}:${p.column}`, p.code, p.message]))));
	return `${lines.join('\n')}\n`;
}
