import { coverageByTheme, percentOf } from '../core/coverage/coverage';
import type { Finding, Problem, ScanResult } from '../core/types';
import type { Style } from './style';

const BAR_WIDTH = 24;

/** A coverage bar: filled for covered, light for the rest. */
export function bar(covered: number, applicable: number, style: Style): string {
	const filled = applicable === 0 ? BAR_WIDTH : Math.round((covered / applicable) * BAR_WIDTH);
	return style.green('█'.repeat(filled)) + style.dim('░'.repeat(BAR_WIDTH - filled));
}

/** The human summary of `scan`: coverage per theme with bars, then counts, then problems. */
export function renderTextReport(result: ScanResult, catalogTitle: string, style: Style): string {
	const out: string[] = [];
	out.push(style.bold(`ISO 27001 coverage of ${result.root}`));
	out.push(style.dim(`${catalogTitle} · ${result.files} file${result.files === 1 ? '' : 's'} scanned`));
	out.push('');
	const themes = coverageByTheme(result.coverage);
	const width = Math.max(5, ...themes.map((t) => t.theme.length));
	let covered = 0;
	let applicable = 0;
	for (const t of themes) {
		covered += t.covered;
		applicable += t.applicable;
		const excluded = t.excluded > 0 ? style.dim(`  (${t.excluded} excluded)`) : '';
		out.push(`  ${t.theme.padEnd(width)}  ${figures(t.covered, t.applicable, style)}${excluded}`);
	}
	out.push(style.bold(`  ${'Total'.padEnd(width)}  ${figures(covered, applicable, style)}`));
	out.push('');
	const unmapped = result.findings.filter(isUnmapped);
	const errors = result.problems.filter((p) => p.severity === 'error').length;
	out.push(`  ${result.annotations.length} annotation${plural(result.annotations.length)} · ${unmapped.length} unmapped finding${plural(unmapped.length)} · ` +
		`${result.problems.length} problem${plural(result.problems.length)} (${errors} error${plural(errors)}, ${result.problems.length - errors} other)`);
	if (result.problems.length > 0) {
		out.push('', style.bold('Problems'));
		for (const p of result.problems) {
			out.push(`  ${formatProblem(p, style)}`);
		}
	}
	if (unmapped.length > 0) {
		out.push('', style.bold('Unmapped sensitive code'));
		for (const f of unmapped) {
			out.push(`  ${formatFinding(f, style)}`);
		}
	}
	return `${out.join('\n')}\n`;
}

/**
 * Bar, `covered/applicable` and percentage; with nothing applicable (the SoA excludes every control)
 * there is no coverage to show: an empty bar and `n/a`, not `0/0 100.0%`.
 */
function figures(covered: number, applicable: number, style: Style): string {
	if (applicable === 0) {
		return `${style.dim('░'.repeat(BAR_WIDTH))}  ${'n/a'.padStart(7)}`;
	}
	return `${bar(covered, applicable, style)}  ${`${covered}/${applicable}`.padStart(7)}  ${formatPercent(percentOf(covered, applicable)).padStart(6)}`;
}

/** `file:line:col  severity  code  message` */
export function formatProblem(p: Problem, style: Style): string {
	const sev = p.severity === 'error' ? style.red('error  ') : p.severity === 'warning' ? style.yellow('warning') : style.cyan('info   ');
	return `${style.bold(`${p.file}:${p.line}:${p.column}`)}  ${sev}  ${style.dim(p.code)}  ${p.message}`;
}

/**
 * `file:line:col category api → suggested controls` (the format `check` promises), then why it was
 * flagged, and the rule when only names and shapes imply it (`medium`).
 */
export function formatFinding(f: Finding, style: Style): string {
	const why = f.message.trim() === '' ? '' : `  ${style.dim(`— ${f.message.trim()}${f.confidence === 'medium' ? ` [${f.rule}, medium]` : ''}`)}`;
	return `${style.bold(`${f.file}:${f.line}:${f.column}`)} ${f.category} ${f.api} → ${f.suggestedControls.join(', ')}${why}${excludedNote(f, style)}`;
}

/** Why an annotated finding is still unmapped: its controls are excluded by the Statement of Applicability. */
function excludedNote(f: Finding, style: Style): string {
	const ids = f.excludedBy ?? [];
	return ids.length === 0 ? '' : `  ${style.dim(`(annotated with ${ids.join(', ')}, which the Statement of Applicability excludes)`)}`;
}

/** An unmapped finding: not covered by an annotation, not accepted by an ignore. */
export function isUnmapped(f: Finding): boolean {
	return !f.mapped && !f.ignored;
}

function formatPercent(p: number): string {
	return `${p.toFixed(1)}%`;
}

function plural(n: number): string {
	return n === 1 ? '' : 's';
}
