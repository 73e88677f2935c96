// The eval's terminal output: per set, tables of TP/FP/FN, precision, recall and F1 (overall, per
// category, per language, per app), optionally the misses, then the targets met or missed.
import { rowTarget, TARGETS } from './targets.mjs';

export const SET_TITLES = { library: 'library', tune: 'apps: tune', 'held-out': 'apps: held-out' };

const fmt = (x) => (x === null ? '   —' : x.toFixed(2).padStart(4));
const num = (n, w = 5) => String(n).padStart(w);
function mark(x, min) {
	if (x === null || min === undefined) return ' ';
	return x >= min ? '✓' : '✗';
}

/** A table of score rows; `targetOf(row)` gives the thresholds to mark a row against, or null. */
export function table(title, rows, targetOf) {
	const w = Math.max(title.length, ...rows.map(([n]) => n.length));
	const lines = [`${title.padEnd(w)}   req   opt    TP    FP    FN  precision  recall    F1`];
	for (const [name, s] of rows) {
		const t = targetOf(s) ?? {};
		lines.push(`${name.padEnd(w)} ${num(s.required)} ${num(s.optional)} ${num(s.tp)} ${num(s.fp)} ${num(s.fn)}     `
			+ `${fmt(s.precision)} ${mark(s.precision, t.p)}   ${fmt(s.recall)} ${mark(s.recall, t.r)}  ${fmt(s.f1)}`);
	}
	return lines.join('\n');
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function header(r) {
	const c = r.corpus;
	const title = SET_TITLES[r.set];
	if (c.files === 0) {
		const apps = c.apps?.length ? ` (${c.apps.map((a) => a.app).join(', ')} without files)` : '';
		return `── ${title}: no files yet${apps}; not scored ──`;
	}
	const where = c.apps ? `${plural(c.apps.length, 'app')} (${c.apps.map((a) => a.app).join(', ')})` : c.yaml.join(', ');
	const langs = Object.entries(c.filesPerLanguage).map(([l, n]) => `${l} ${n}`).join(', ');
	const hard = c.apps ? `, ${plural(c.hardNegatives, 'hard negative')}` : '';
	return `── ${title} — ${where}: ${plural(c.files, 'file')} (${langs}), ${c.negativeFiles} negative; `
		+ `labels: ${c.labels.required} required, ${c.labels.optional} optional${hard} ──`;
}

function missLines(r) {
	const out = [`False positives (${r.falsePositives.length}):`];
	for (const x of r.falsePositives) out.push(`  ${x.file}:${x.line} ${x.category} ${x.api}${x.hardNegative !== undefined ? `  [hard negative: ${x.hardNegative}]` : ''}`);
	out.push(`False negatives (${r.falseNegatives.length}):`);
	for (const x of r.falseNegatives) out.push(`  ${x.file}:${x.line} ${x.category} ${x.api}`);
	return out;
}

/** The text block of one set. */
export function setText(r, misses) {
	const out = [header(r)];
	if (r.corpus.files === 0) return out;
	const of = (kind) => (row) => rowTarget(r.set, kind, row);
	out.push('', table('overall', [['all', r.overall]], of('overall')));
	out.push('', table('category', Object.entries(r.categories), of('category')));
	out.push('', table('language', Object.entries(r.languages), of('language')));
	if (r.appScores && Object.keys(r.appScores).length) out.push('', table('app', Object.entries(r.appScores), of('app')));
	out.push('');
	const flagged = r.flaggedNegativeFiles;
	out.push(`Negative files with findings: ${flagged.length}/${r.corpus.negativeFiles}${flagged.length ? `\n  ${flagged.join('\n  ')}` : ''}`);
	if (r.corpus.labels.optional) out.push(`Findings on optional labels (not scored): ${r.optionalFindings}/${r.corpus.labels.optional}`);
	if (r.corpus.hardNegatives) out.push(`Hard negatives flagged: ${r.hardNegativesFlagged}/${r.corpus.hardNegatives}`);
	if (r.problems.length) out.push(`Corpus files the scan skipped (file-error): ${r.problems.length}\n  ${r.problems.join('\n  ')}`);
	if (misses) {
		const rules = Object.entries(r.rules ?? {}).sort((a, b) => b[1].tp + b[1].fp - a[1].tp - a[1].fp);
		out.push('', 'rule                                         TP    FP', ...rules.map(([id, c]) => `${id.padEnd(42)} ${String(c.tp).padStart(5)} ${String(c.fp).padStart(5)}`));
		out.push('', ...missLines(r));
	}
	return out;
}

function targetLine(t) {
	const title = SET_TITLES[t.set];
	if (!t.checked) return `  – ${title}: no files yet, not checked`;
	const spec = TARGETS[t.set];
	const cats = spec.categories === 'all' ? 'every category' : 'every category with required labels';
	if (t.met) return `  ✓ ${title}: met (overall precision and recall ≥ ${spec.overallPrecision.toFixed(2)}; ${cats} ≥ ${spec.categoryMin.toFixed(2)} on both)`;
	const missed = t.checks.filter((c) => !c.met).map((c) => `${c.name} ${c.value === null ? '—' : c.value.toFixed(2)} < ${c.min.toFixed(2)}`);
	return `  ✗ ${title}: missed — ${missed.join('; ')}`;
}

/** The whole text report for the chosen sets. */
export function reportText(result, { sets, misses, corpusDir }) {
	const out = [`Sensitive-code detection eval; matching (file, category, line${result.tolerance ? ` ±${result.tolerance}` : ' exact'}); `
		+ 'req/opt = required/optional labels (a finding on an optional label is neither TP nor FP).'];
	for (const name of sets) out.push('', ...setText(result.sets[name], misses));
	if (result.findingsOutsideCorpus) out.push('', `Findings outside the corpus files: ${result.findingsOutsideCorpus}`);
	out.push('', 'Targets (the tuning set has none):', ...result.targets.map(targetLine));
	out.push(result.meetsTargets ? 'All targets met.' : 'Targets missed.');
	out.push(`Files are under ${corpusDir}/ (paths above are relative to it).`);
	return `${out.join('\n')}\n`;
}
