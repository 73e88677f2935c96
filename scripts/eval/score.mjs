// Scoring the scan's findings against the labels, per set (library, tune, held-out). The matching
// rule is eval/LABELING.md's: same file, same category, same line (or within --tolerance lines),
// findings deduplicated by (file, line, category), each label matching at most one finding. A
// finding on an optional label is neither a true nor a false positive; an unmatched optional label
// is not a false negative.
import { CATEGORIES, SETS } from './common.mjs';

const ratio = (a, b) => (b === 0 ? null : a / b);

/** Precision, recall and F1 of a count, with its label numbers. */
export function scores(c) {
	const precision = ratio(c.tp, c.tp + c.fp);
	const recall = ratio(c.tp, c.tp + c.fn);
	// F1 is 0 when nothing matched but something was expected or reported; undefined on an empty slice.
	const f1 = c.tp === 0 ? (c.fp + c.fn > 0 ? 0 : null) : (2 * precision * recall) / (precision + recall);
	return { tp: c.tp, fp: c.fp, fn: c.fn, precision, recall, f1, required: c.required ?? 0, optional: c.optional ?? 0 };
}

/** The findings deduplicated by (file, line, category), first one kept. */
export function dedupeFindings(findings) {
	const out = new Map();
	for (const f of findings ?? []) {
		const k = `${f.file}\0${f.line}\0${f.category}`;
		if (!out.has(k)) out.set(k, f);
	}
	return [...out.values()];
}

const site = (file, line, category, api) => ({ file: file.rel, line, category, api, language: file.language, ...(file.app ? { app: file.app } : {}) });

/** Pairs findings (of these files only) with labels: exact lines first, then the nearest within `tolerance`. */
export function matchFindings(files, findings, tolerance) {
	const byRel = new Map(files.map((f) => [f.rel, f]));
	const index = new Map();
	for (const file of files) {
		for (const l of file.labels) {
			const k = `${file.rel}\0${l.category}`;
			if (!index.has(k)) index.set(k, []);
			index.get(k).push({ ...l, file, matched: false });
		}
	}
	const candidates = (f) => index.get(`${f.file}\0${f.category}`) ?? [];
	const hits = [];
	const pending = [];
	for (const f of findings) {
		const exact = candidates(f).find((l) => !l.matched && l.line === f.line);
		if (exact) {
			exact.matched = true;
			hits.push({ finding: f, label: exact });
		} else pending.push(f);
	}
	const fps = [];
	for (const f of pending) {
		const near = candidates(f).filter((l) => !l.matched && Math.abs(l.line - f.line) <= tolerance)
			.sort((a, b) => Math.abs(a.line - f.line) - Math.abs(b.line - f.line) || Number(a.optional) - Number(b.optional));
		if (near.length) {
			near[0].matched = true;
			hits.push({ finding: f, label: near[0] });
		} else fps.push({ ...site(byRel.get(f.file), f.line, f.category, f.api ?? ''), rule: f.rule });
	}
	const fns = [...index.values()].flat().filter((l) => !l.matched && !l.optional).map((l) => site(l.file, l.line, l.category, l.api));
	return { tps: hits.filter((h) => !h.label.optional), optionalHits: hits.filter((h) => h.label.optional), fps, fns };
}

const bucket = () => ({ tp: 0, fp: 0, fn: 0, required: 0, optional: 0 });
const sortedKeys = (xs) => [...new Set(xs)].sort();

/** Counts per overall, category, language and app (app files only). */
function tally(files, m) {
	const byRel = new Map(files.map((f) => [f.rel, f]));
	const overall = bucket();
	const perCat = Object.fromEntries(CATEGORIES.map((c) => [c, bucket()]));
	const perLang = Object.fromEntries(sortedKeys(files.map((f) => f.language)).map((l) => [l, bucket()]));
	const perApp = Object.fromEntries(sortedKeys(files.filter((f) => f.app).map((f) => f.app)).map((a) => [a, bucket()]));
	const rows = (file, category) => [overall, perCat[category], perLang[file.language], perApp[file.app]].filter(Boolean);
	for (const file of files) for (const l of file.labels) for (const b of rows(file, l.category)) b[l.optional ? 'optional' : 'required']++;
	for (const t of m.tps) for (const b of rows(t.label.file, t.label.category)) b.tp++;
	for (const x of m.fps) for (const b of rows(byRel.get(x.file), x.category)) b.fp++;
	for (const x of m.fns) for (const b of rows(byRel.get(x.file), x.category)) b.fn++;
	const scored = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, scores(v)]));
	return { overall: scores(overall), categories: scored(perCat), languages: scored(perLang), appScores: scored(perApp) };
}

const bySite = (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.category.localeCompare(b.category);

/** Scores one set's files against the findings on them. */
export function evaluateSet(name, files, findings, tolerance) {
	const m = matchFindings(files, findings, tolerance);
	const negatives = new Map(files.flatMap((f) => f.negatives.map((n) => [`${f.rel}\0${n.line}`, n.note])));
	for (const x of m.fps) {
		const note = negatives.get(`${x.file}\0${x.line}`);
		if (note !== undefined) x.hardNegative = note;
	}
	const negativeFiles = files.filter((f) => f.labels.length === 0);
	// Per rule: true and false positives (optional-label hits are neither), for tuning on the tuning set.
	const rules = {};
	const rule = (id) => (rules[id ?? '?'] ??= { tp: 0, fp: 0 });
	for (const t of m.tps) rule(t.finding.rule).tp++;
	for (const x of m.fps) rule(x.rule).fp++;
	const count = (optional) => files.reduce((n, f) => n + f.labels.filter((l) => l.optional === optional).length, 0);
	const languages = sortedKeys(files.map((f) => f.language));
	return {
		set: name,
		rules,
		corpus: {
			files: files.length,
			negativeFiles: negativeFiles.length,
			labels: { required: count(false), optional: count(true) },
			hardNegatives: negatives.size,
			filesPerLanguage: Object.fromEntries(languages.map((l) => [l, files.filter((f) => f.language === l).length])),
		},
		...tally(files, m),
		optionalFindings: m.optionalHits.length,
		hardNegativesFlagged: m.fps.filter((x) => x.hardNegative !== undefined).length,
		flaggedNegativeFiles: negativeFiles.filter((f) => m.fps.some((x) => x.file === f.rel)).map((f) => f.rel),
		falsePositives: m.fps.sort(bySite),
		falseNegatives: m.fns.sort(bySite),
	};
}

/** Scores every set of the corpus against the scan report. */
export function evaluate(corpus, report, tolerance) {
	const byRel = new Map(corpus.files.map((f) => [f.rel, f]));
	const findings = dedupeFindings((report.findings ?? []).filter((f) => byRel.has(f.file)));
	const fileErrors = (report.problems ?? []).filter((p) => p.code === 'file-error' && byRel.has(p.file));
	const sets = {};
	for (const name of SETS) {
		const files = corpus.files.filter((f) => f.set === name);
		const r = evaluateSet(name, files, findings.filter((f) => byRel.get(f.file).set === name), tolerance);
		r.corpus.yaml = sortedKeys(files.map((f) => f.yaml));
		if (name === 'library') delete r.appScores;
		else r.corpus.apps = corpus.apps.filter((a) => a.split === name);
		r.problems = fileErrors.filter((p) => byRel.get(p.file).set === name).map((p) => `${p.file}:${p.line} ${p.message}`);
		sets[name] = r;
	}
	return {
		tolerance,
		scannedFiles: report.files ?? null,
		findingsOutsideCorpus: (report.findings ?? []).filter((f) => !byRel.has(f.file)).length,
		sets,
	};
}
