#!/usr/bin/env node
// Detection yardstick: materialises the labeled corpus of real third-party files listed in
// eval/corpus.yaml (pinned npm and Debian packages, checked by sha256) into .eval/, runs
// `iso27001 scan --format json` on it and scores the findings against the labels.
//
//   node scripts/eval.mjs [--json] [--tolerance N] [--corpus FILE]
//
// Exit codes: 0 whatever the scores; 1 when the corpus cannot be materialised (download,
// integrity or sha256 failure) or the scan does not produce a JSON report.
// Labeling rules and the matching rule: eval/LABELING.md.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const EVAL_DIR = path.join(ROOT, '.eval');
const CACHE_DIR = path.join(EVAL_DIR, 'cache');
const SRC_DIR = path.join(EVAL_DIR, 'src');
const CORPUS_DIR = path.join(EVAL_DIR, 'corpus');
const CATEGORIES = ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging'];
const TARGETS = { overallPrecision: 0.9, overallRecall: 0.9, categoryMin: 0.8 };

class MaterialiseError extends Error {}

function parseArgs(argv) {
	const opts = { json: false, tolerance: 0, corpus: path.join(ROOT, 'eval', 'corpus.yaml') };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--json') opts.json = true;
		else if (a === '--tolerance') opts.tolerance = Number(argv[++i]);
		else if (a.startsWith('--tolerance=')) opts.tolerance = Number(a.slice('--tolerance='.length));
		else if (a === '--corpus') opts.corpus = path.resolve(argv[++i]);
		else if (a === '--help' || a === '-h') {
			process.stdout.write('usage: node scripts/eval.mjs [--json] [--tolerance N] [--corpus FILE]\n');
			process.exit(0);
		} else {
			process.stderr.write(`eval: unknown argument ${a}\n`);
			process.exit(2);
		}
	}
	if (!Number.isInteger(opts.tolerance) || opts.tolerance < 0) {
		process.stderr.write('eval: --tolerance needs a non-negative integer\n');
		process.exit(2);
	}
	return opts;
}

const log = (msg) => process.stderr.write(`eval: ${msg}\n`);
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const safeName = (s) => s.replace(/^@/, '').replace(/[^A-Za-z0-9._+-]+/g, '_');

function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
	if (r.error) throw new MaterialiseError(`${cmd} ${args.join(' ')}: ${r.error.message}`);
	if (r.status !== 0) throw new MaterialiseError(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr || ''}${r.stdout || ''}`);
	return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// Corpus loading and validation

function loadCorpus(file) {
	let doc;
	try {
		doc = YAML.parse(fs.readFileSync(file, 'utf8'));
	} catch (e) {
		throw new MaterialiseError(`cannot read ${file}: ${e.message}`);
	}
	const sources = new Map();
	for (const s of doc.sources ?? []) {
		if (sources.has(s.id)) throw new MaterialiseError(`duplicate source ${s.id}`);
		if (s.type === 'npm' && !(s.name && s.version && s.integrity)) throw new MaterialiseError(`npm source ${s.id} needs name, version, integrity`);
		if (s.type === 'deb' && !(s.name && s.version && s.sha256)) throw new MaterialiseError(`deb source ${s.id} needs name, version, sha256`);
		if (s.type !== 'npm' && s.type !== 'deb') throw new MaterialiseError(`source ${s.id}: unknown type ${s.type}`);
		sources.set(s.id, s);
	}
	const files = [];
	const seen = new Set();
	for (const f of doc.files ?? []) {
		const src = sources.get(f.source);
		if (!src) throw new MaterialiseError(`file ${f.path}: unknown source ${f.source}`);
		if (!/^[0-9a-f]{64}$/.test(f.sha256 ?? '')) throw new MaterialiseError(`file ${f.path}: missing sha256`);
		const rel = `${f.language}/${safeName(src.name)}/${f.path.replace(/^package\//, '')}`;
		if (seen.has(rel)) throw new MaterialiseError(`duplicate corpus file ${rel}`);
		seen.add(rel);
		const keys = new Set();
		for (const l of f.labels ?? []) {
			if (!CATEGORIES.includes(l.category)) throw new MaterialiseError(`${rel}:${l.line}: unknown category ${l.category}`);
			if (!Number.isInteger(l.line) || l.line < 1) throw new MaterialiseError(`${rel}: bad label line ${l.line}`);
			const k = `${l.line}:${l.category}`;
			if (keys.has(k)) throw new MaterialiseError(`${rel}:${l.line}: duplicate label ${l.category}`);
			keys.add(k);
		}
		files.push({ ...f, labels: f.labels ?? [], rel, src });
	}
	return { sources, files };
}

// ---------------------------------------------------------------------------------------------
// Materialisation

function fetchNpm(src) {
	const dest = path.join(SRC_DIR, `npm_${safeName(src.name)}@${src.version}`);
	const stamp = path.join(dest, '.verified');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === src.integrity) return dest;
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const tgz = path.join(CACHE_DIR, `${safeName(src.name)}-${src.version}.tgz`);
	if (!fs.existsSync(tgz)) {
		log(`npm pack ${src.name}@${src.version}`);
		const out = run('npm', ['pack', `${src.name}@${src.version}`, '--silent', '--pack-destination', CACHE_DIR], ROOT)
			.trim().split('\n').pop();
		const produced = path.join(CACHE_DIR, out);
		if (produced !== tgz) fs.renameSync(produced, tgz);
	}
	const [algo, expected] = [src.integrity.slice(0, src.integrity.indexOf('-')), src.integrity.slice(src.integrity.indexOf('-') + 1)];
	const actual = createHash(algo).update(fs.readFileSync(tgz)).digest('base64');
	if (actual !== expected) {
		fs.rmSync(tgz, { force: true });
		throw new MaterialiseError(`integrity mismatch for ${src.name}@${src.version}: expected ${src.integrity}, got ${algo}-${actual}`);
	}
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	run('tar', ['-xzf', tgz, '-C', dest], ROOT);
	fs.writeFileSync(stamp, src.integrity);
	return dest;
}

function fetchDeb(src) {
	const dest = path.join(SRC_DIR, `deb_${safeName(src.name)}_${safeName(src.version)}`);
	const stamp = path.join(dest, '.verified');
	if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === src.sha256) return dest;
	fs.mkdirSync(CACHE_DIR, { recursive: true });
	const findDeb = () => fs.readdirSync(CACHE_DIR).find((n) => {
		if (!n.endsWith('.deb') || !n.startsWith(`${src.name}_`)) return false;
		return sha256(fs.readFileSync(path.join(CACHE_DIR, n))) === src.sha256;
	});
	let deb = findDeb();
	if (!deb) {
		log(`apt-get download ${src.name}=${src.version}`);
		try {
			run('apt-get', ['download', `${src.name}=${src.version}`], CACHE_DIR);
		} catch (e) {
			throw new MaterialiseError(`${e.message}\n(hint: run 'apt-get update' first; Debian may have replaced this version with a newer point/security release — update eval/corpus.yaml and re-check the labels)`);
		}
		deb = findDeb();
		if (!deb) {
			const got = fs.readdirSync(CACHE_DIR).filter((n) => n.startsWith(`${src.name}_`) && n.endsWith('.deb'))
				.map((n) => `${n} sha256 ${sha256(fs.readFileSync(path.join(CACHE_DIR, n)))}`);
			throw new MaterialiseError(`sha256 mismatch for ${src.name}=${src.version}: expected ${src.sha256}, got ${got.join(', ') || 'nothing'}`);
		}
	}
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	run('dpkg-deb', ['-x', path.join(CACHE_DIR, deb), dest], ROOT);
	fs.writeFileSync(stamp, src.sha256);
	return dest;
}

function materialise(corpus) {
	const roots = new Map();
	for (const src of corpus.sources.values()) {
		if (!corpus.files.some((f) => f.src === src)) continue;
		roots.set(src.id, src.type === 'npm' ? fetchNpm(src) : fetchDeb(src));
	}
	fs.rmSync(CORPUS_DIR, { recursive: true, force: true });
	fs.mkdirSync(CORPUS_DIR, { recursive: true });
	const problems = [];
	for (const f of corpus.files) {
		const from = path.join(roots.get(f.src.id), f.path);
		if (!fs.existsSync(from)) {
			problems.push(`${f.rel}: ${f.path} not found in ${f.src.id}`);
			continue;
		}
		const buf = fs.readFileSync(from);
		const actual = sha256(buf);
		if (actual !== f.sha256) {
			problems.push(`${f.rel}: sha256 mismatch (expected ${f.sha256}, got ${actual})`);
			continue;
		}
		const lineCount = buf.toString('utf8').split('\n').length;
		for (const l of f.labels) if (l.line > lineCount) problems.push(`${f.rel}:${l.line}: label beyond end of file`);
		const to = path.join(CORPUS_DIR, f.rel);
		fs.mkdirSync(path.dirname(to), { recursive: true });
		fs.writeFileSync(to, buf);
	}
	if (problems.length) throw new MaterialiseError(`corpus files do not match eval/corpus.yaml:\n  ${problems.join('\n  ')}`);
	fs.writeFileSync(path.join(CORPUS_DIR, '.iso27001.yaml'),
		'# Written by scripts/eval.mjs: scan every corpus file.\ninclude: ["**/*"]\nexclude: []\ngitignore: false\n');
}

// ---------------------------------------------------------------------------------------------
// Scan and scoring

function scan() {
	const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'iso27001.js'), 'scan', CORPUS_DIR, '--format', 'json', '--quiet'],
		{ cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 30 });
	if (r.error) throw new MaterialiseError(`scan failed: ${r.error.message}`);
	try {
		return JSON.parse(r.stdout);
	} catch {
		throw new MaterialiseError(`scan did not print a JSON report (exit ${r.status}):\n${(r.stderr || '').slice(0, 4000)}`);
	}
}

const ratio = (a, b) => (b === 0 ? null : a / b);
function scores(c) {
	const precision = ratio(c.tp, c.tp + c.fp);
	const recall = ratio(c.tp, c.tp + c.fn);
	// F1 is 0 when nothing matched but something was expected or reported; undefined on an empty slice.
	const f1 = c.tp === 0 ? (c.fp + c.fn > 0 ? 0 : null) : (2 * precision * recall) / (precision + recall);
	return { tp: c.tp, fp: c.fp, fn: c.fn, precision, recall, f1 };
}

function evaluate(corpus, report, tolerance) {
	const byRel = new Map(corpus.files.map((f) => [f.rel, f]));
	const findings = new Map(); // dedupe by (file, line, category)
	const outside = [];
	for (const f of report.findings ?? []) {
		if (!byRel.has(f.file)) {
			outside.push(f);
			continue;
		}
		const k = `${f.file}\0${f.line}\0${f.category}`;
		if (!findings.has(k)) findings.set(k, f);
	}
	const fps = [];
	const fns = [];
	const tps = [];
	const labelsByFileCat = new Map();
	for (const file of corpus.files) {
		for (const l of file.labels) {
			const k = `${file.rel}\0${l.category}`;
			if (!labelsByFileCat.has(k)) labelsByFileCat.set(k, []);
			labelsByFileCat.get(k).push({ ...l, file, matched: false });
		}
	}
	// Exact line matches first, then (with --tolerance) the nearest unmatched label.
	const pending = [];
	for (const f of findings.values()) {
		const ls = labelsByFileCat.get(`${f.file}\0${f.category}`) ?? [];
		const exact = ls.find((l) => !l.matched && l.line === f.line);
		if (exact) {
			exact.matched = true;
			tps.push({ finding: f, label: exact });
		} else pending.push(f);
	}
	for (const f of pending) {
		const ls = (labelsByFileCat.get(`${f.file}\0${f.category}`) ?? [])
			.filter((l) => !l.matched && Math.abs(l.line - f.line) <= tolerance)
			.sort((a, b) => Math.abs(a.line - f.line) - Math.abs(b.line - f.line));
		if (ls.length) {
			ls[0].matched = true;
			tps.push({ finding: f, label: ls[0] });
		} else fps.push({ file: f.file, line: f.line, category: f.category, api: f.api ?? '', language: byRel.get(f.file).language });
	}
	for (const ls of labelsByFileCat.values()) {
		for (const l of ls) if (!l.matched) fns.push({ file: l.file.rel, line: l.line, category: l.category, api: l.api, language: l.file.language });
	}
	const zero = () => ({ tp: 0, fp: 0, fn: 0 });
	const overall = zero();
	const perCat = Object.fromEntries(CATEGORIES.map((c) => [c, zero()]));
	const languages = [...new Set(corpus.files.map((f) => f.language))].sort();
	const perLang = Object.fromEntries(languages.map((l) => [l, zero()]));
	for (const t of tps) {
		overall.tp++; perCat[t.label.category].tp++; perLang[t.label.file.language].tp++;
	}
	for (const x of fps) {
		overall.fp++; if (perCat[x.category]) perCat[x.category].fp++; perLang[x.language].fp++;
	}
	for (const x of fns) {
		overall.fn++; perCat[x.category].fn++; perLang[x.language].fn++;
	}
	const negatives = corpus.files.filter((f) => f.labels.length === 0);
	const flaggedNegatives = negatives.filter((f) => fps.some((x) => x.file === f.rel)).map((f) => f.rel);
	const cmp = (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.category.localeCompare(b.category);
	const result = {
		tolerance,
		corpus: {
			files: corpus.files.length,
			negativeFiles: negatives.length,
			labels: corpus.files.reduce((n, f) => n + f.labels.length, 0),
			filesPerLanguage: Object.fromEntries(languages.map((l) => [l, corpus.files.filter((f) => f.language === l).length])),
			scannedFiles: report.files ?? null,
		},
		overall: scores(overall),
		categories: Object.fromEntries(CATEGORIES.map((c) => [c, scores(perCat[c])])),
		languages: Object.fromEntries(languages.map((l) => [l, scores(perLang[l])])),
		flaggedNegativeFiles: flaggedNegatives,
		falsePositives: fps.sort(cmp),
		falseNegatives: fns.sort(cmp),
		findingsOutsideCorpus: outside.length,
		problems: (report.problems ?? []).filter((p) => p.code === 'file-error').map((p) => `${p.file}:${p.line} ${p.message}`),
		targets: TARGETS,
	};
	const o = result.overall;
	const catFails = CATEGORIES.filter((c) => {
		const s = result.categories[c];
		return !(s.precision !== null && s.precision >= TARGETS.categoryMin && s.recall !== null && s.recall >= TARGETS.categoryMin);
	});
	result.meetsTargets = o.precision !== null && o.precision >= TARGETS.overallPrecision && o.recall !== null && o.recall >= TARGETS.overallRecall && catFails.length === 0;
	result.categoriesBelowTarget = catFails;
	return result;
}

// ---------------------------------------------------------------------------------------------
// Text output

const fmt = (x) => (x === null ? '   —' : x.toFixed(2).padStart(4));
function mark(x, target) {
	if (x === null) return ' ';
	return x >= target ? '✓' : '✗';
}
function table(title, rows, target) {
	const w = Math.max(title.length, ...rows.map(([n]) => n.length));
	const lines = [`${title.padEnd(w)}    TP    FP    FN  precision  recall    F1`];
	for (const [name, s] of rows) {
		lines.push(`${name.padEnd(w)} ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}     ${fmt(s.precision)} ${mark(s.precision, target.p)}   ${fmt(s.recall)} ${mark(s.recall, target.r)}  ${fmt(s.f1)}`);
	}
	return lines.join('\n');
}

function printText(r) {
	const out = [];
	const c = r.corpus;
	out.push(`Sensitive-code detection eval: ${c.files} files (${Object.entries(c.filesPerLanguage).map(([l, n]) => `${l} ${n}`).join(', ')}), ` +
		`${c.negativeFiles} negative, ${c.labels} labeled sites; matching (file, category, line${r.tolerance ? ` ±${r.tolerance}` : ' exact'}).`);
	out.push(`Targets: overall precision ≥ ${TARGETS.overallPrecision.toFixed(2)} and recall ≥ ${TARGETS.overallRecall.toFixed(2)}; every category ≥ ${TARGETS.categoryMin.toFixed(2)} on both.`);
	out.push('');
	out.push(table('overall', [['all', r.overall]], { p: TARGETS.overallPrecision, r: TARGETS.overallRecall }));
	out.push('');
	out.push(table('category', Object.entries(r.categories), { p: TARGETS.categoryMin, r: TARGETS.categoryMin }));
	out.push('');
	out.push(table('language', Object.entries(r.languages), { p: TARGETS.overallPrecision, r: TARGETS.overallRecall }));
	out.push('');
	out.push(`Negative files with findings: ${r.flaggedNegativeFiles.length}/${c.negativeFiles}${r.flaggedNegativeFiles.length ? `\n  ${r.flaggedNegativeFiles.join('\n  ')}` : ''}`);
	if (r.problems.length) out.push(`Corpus files the scan skipped (file-error): ${r.problems.length}\n  ${r.problems.join('\n  ')}`);
	out.push('');
	out.push(`False positives (${r.falsePositives.length}):`);
	for (const x of r.falsePositives) out.push(`  ${x.file}:${x.line} ${x.category} ${x.api}`);
	out.push('');
	out.push(`False negatives (${r.falseNegatives.length}):`);
	for (const x of r.falseNegatives) out.push(`  ${x.file}:${x.line} ${x.category} ${x.api}`);
	out.push('');
	out.push(r.meetsTargets ? 'Targets met.' : `Targets not met${r.categoriesBelowTarget.length ? ` (categories below ${TARGETS.categoryMin.toFixed(2)}: ${r.categoriesBelowTarget.join(', ')})` : ''}.`);
	out.push(`Files are under ${path.relative(ROOT, CORPUS_DIR)}/ (paths above are relative to it).`);
	process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

function main() {
	const opts = parseArgs(process.argv.slice(2));
	let result;
	try {
		const corpus = loadCorpus(opts.corpus);
		materialise(corpus);
		const report = scan();
		result = evaluate(corpus, report, opts.tolerance);
	} catch (e) {
		if (e instanceof MaterialiseError) {
			process.stderr.write(`eval: ${e.message}\n`);
			process.exitCode = 1;
			return;
		}
		throw e;
	}
	if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	else printText(result);
}

main();
