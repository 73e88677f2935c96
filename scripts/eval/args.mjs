// Command line of scripts/eval.mjs.
import path from 'node:path';
import { ROOT, SETS } from './common.mjs';

export const USAGE = `usage: node scripts/eval.mjs [--json] [--set library|tune|held-out|all] [--misses]
                           [--tolerance N] [--corpus FILE] [--apps DIR]
  --json         print the numbers as JSON instead of tables
  --set S        print only the library corpus, the tuning or the held-out app set (default all)
  --misses       list the false positives and false negatives of the printed sets
  --tolerance N  let a finding match a label up to N lines away (exploration only)
  --corpus FILE  library corpus (default eval/corpus.yaml)
  --apps DIR     application corpus folder, every *.yaml in it (default eval/apps)
Exit codes: 0 all targets met; 1 the corpus cannot be loaded, downloaded, verified or scanned;
2 bad arguments; 3 a target is missed.
`;

/** Parsed options, or { error } for a bad command line, or { help: true }. */
export function parseArgs(argv) {
	const opts = {
		json: false, misses: false, tolerance: 0, sets: SETS,
		corpus: path.join(ROOT, 'eval', 'corpus.yaml'), apps: path.join(ROOT, 'eval', 'apps'),
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].startsWith('--') && argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
		const value = () => inline ?? argv[++i];
		if (flag === '--json') opts.json = true;
		else if (flag === '--misses') opts.misses = true;
		else if (flag === '--tolerance') opts.tolerance = Number(value());
		else if (flag === '--corpus') opts.corpus = path.resolve(value() ?? '');
		else if (flag === '--apps') opts.apps = path.resolve(value() ?? '');
		else if (flag === '--set') {
			const s = value();
			if (s !== 'all' && !SETS.includes(s)) return { error: `--set needs library, tune, held-out or all, not ${s ?? 'nothing'}` };
			opts.sets = s === 'all' ? SETS : [s];
		} else if (flag === '--help' || flag === '-h') return { help: true };
		else return { error: `unknown argument ${argv[i]}` };
	}
	if (!Number.isInteger(opts.tolerance) || opts.tolerance < 0) return { error: '--tolerance needs a non-negative integer' };
	return opts;
}
