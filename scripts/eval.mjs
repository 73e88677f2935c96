#!/usr/bin/env node
// Detection yardstick: materialises the labelled corpora into .eval/ — the library corpus
// (eval/corpus.yaml: files of pinned npm and Debian packages) and the application corpus
// (eval/apps/*.yaml: one application each, split into a tuning and a held-out set) — runs
// `iso27001 scan --format json` once on .eval/corpus and scores the findings against the labels,
// reporting the three sets separately. Options: scripts/eval/args.mjs (`--help`).
// Labeling rules, the matching rule, the file format and the split: eval/LABELING.md.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs, USAGE } from './eval/args.mjs';
import { CORPUS_DIR, MaterialiseError, ROOT } from './eval/common.mjs';
import { loadCorpus } from './eval/load.mjs';
import { materialise } from './eval/materialise.mjs';
import { evaluate } from './eval/score.mjs';
import { checkTargets } from './eval/targets.mjs';
import { reportText } from './eval/text.mjs';

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

/** Loads, materialises, scans and scores; null (exit 1 set) when the corpus cannot be materialised. */
function runEval(opts) {
	try {
		const corpus = loadCorpus(opts.corpus, opts.apps);
		materialise(corpus);
		return evaluate(corpus, scan(), opts.tolerance);
	} catch (e) {
		if (!(e instanceof MaterialiseError)) throw e;
		process.stderr.write(`eval: ${e.message}\n`);
		process.exitCode = 1;
		return null;
	}
}

function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (opts.help) {
		process.stdout.write(USAGE);
		return;
	}
	if (opts.error) {
		process.stderr.write(`eval: ${opts.error}\n${USAGE}`);
		process.exitCode = 2;
		return;
	}
	const scored = runEval(opts);
	if (!scored) return;
	const { targets, meetsTargets } = checkTargets(scored.sets);
	const sets = Object.fromEntries(opts.sets.map((s) => [s, scored.sets[s]]));
	const result = { ...scored, sets, targets, meetsTargets };
	if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	else process.stdout.write(reportText(result, { sets: opts.sets, misses: opts.misses, corpusDir: path.relative(ROOT, CORPUS_DIR) }));
	if (!meetsTargets) process.exitCode = 3;
}

main();
