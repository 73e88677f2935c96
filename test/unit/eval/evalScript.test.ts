// The detection eval's loader, scoring and targets (scripts/eval/*.mjs), on in-memory corpora:
// no download, no scan.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Label { line: number; category: string; api: string; optional: boolean }
interface CorpusFile {
	yaml: string; set: string; app: string | null; rel: string; language: string;
	labels: Label[]; negatives: { line: number; note: string }[];
}
interface Doc { app: string | null; set: string; files: CorpusFile[] }
interface Score { tp: number; fp: number; fn: number; precision: number | null; recall: number | null; required: number; optional: number }
interface Site { file: string; line: number; category: string; hardNegative?: string }
interface SetResult {
	corpus: { files: number; labels: { required: number; optional: number }; hardNegatives: number };
	overall: Score; categories: Record<string, Score>; languages: Record<string, Score>;
	optionalFindings: number; hardNegativesFlagged: number; falsePositives: Site[]; falseNegatives: Site[];
}
interface TargetResult { set: string; checked: boolean; met: boolean; checks: { name: string; met: boolean }[] }
interface Finding { file: string; line: number; category: string; api?: string }
interface Modules {
	load: {
		parseCorpusDoc(doc: unknown, yaml: string, kind: 'library' | 'app'): Doc;
		combineDocs(docs: Doc[]): { files: CorpusFile[]; apps: { app: string }[] };
	};
	materialise: { lineProblems(file: CorpusFile, text: string): string[] };
	score: {
		evaluateSet(name: string, files: CorpusFile[], findings: Finding[], tolerance: number): SetResult;
		dedupeFindings(findings: Finding[]): Finding[];
	};
	targets: { checkTargets(sets: Record<string, SetResult>): { targets: TargetResult[]; meetsTargets: boolean } };
	args: { parseArgs(argv: string[]): { error?: string; sets?: string[]; apps?: string; tolerance?: number; misses?: boolean } };
	text: { reportText(result: unknown, opts: { sets: string[]; misses: boolean; corpusDir: string }): string };
}

const SCRIPTS = path.join(__dirname, '../../../scripts/eval');
const HASH = 'a'.repeat(64);

async function importModules(): Promise<Modules> {
	const names = ['load', 'materialise', 'score', 'targets', 'args', 'text'] as const;
	const loaded = await Promise.all(names.map((n) => import(pathToFileURL(path.join(SCRIPTS, `${n}.mjs`)).href)));
	return Object.fromEntries(names.map((n, i) => [n, loaded[i]])) as unknown as Modules;
}

/** An application document as eval/apps/*.yaml holds it, with one debsrc source and one file. */
function appDoc(over: Record<string, unknown> = {}, file: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		app: 'lighttpd', split: 'tune', description: 'web server',
		sources: [{ id: 'debsrc:lighttpd', type: 'debsrc', name: 'lighttpd', version: '1.4.69-1', orig: 'lighttpd_1.4.69.orig.tar.xz', sha256: HASH }],
		files: [{
			source: 'debsrc:lighttpd', path: 'lighttpd-1.4.69/src/mod_auth.c', sha256: HASH, language: 'c', lines: 100,
			labels: [{ line: 10, category: 'auth', api: 'check' }, { line: 20, category: 'logging', api: 'log_error', optional: true }],
			negatives: [{ line: 30, note: 'definition' }],
			...file,
		}],
		...over,
	};
}

let m: Modules;
const loadModules = async (): Promise<void> => {
	m ??= await importModules();
};
const rejects = (doc: unknown, pattern: RegExp, kind: 'library' | 'app' = 'app'): void => {
	assert.throws(() => m.load.parseCorpusDoc(doc, 'eval/apps/lighttpd.yaml', kind), pattern);
};

describe('eval script: loading the corpora', () => {
	before(loadModules);

	it('places app files under apps/<app>/ in their split and library files under <language>/<package>/', () => {
		const app = m.load.parseCorpusDoc(appDoc({ app: 'mono-xsp', split: 'held-out' }), 'eval/apps/mono-xsp.yaml', 'app');
		assert.equal(app.files[0].rel, 'apps/mono-xsp/lighttpd-1.4.69/src/mod_auth.c');
		assert.equal(app.files[0].set, 'held-out');
		assert.deepEqual(app.files[0].labels.map((l) => l.optional), [false, true]);
		const lib = m.load.parseCorpusDoc({
			sources: [{ id: 'npm:jws@4.0.0', type: 'npm', name: 'jws', version: '4.0.0', integrity: 'sha512-x' }],
			files: [{ source: 'npm:jws@4.0.0', path: 'package/lib/sign-stream.js', sha256: HASH, language: 'javascript', labels: [] }],
		}, 'eval/corpus.yaml', 'library');
		assert.equal(lib.files[0].rel, 'javascript/jws/lib/sign-stream.js');
		assert.equal(lib.files[0].set, 'library');
	});

	it('keeps the files of an app with several npm sources under each package\'s name', () => {
		const npm = (name: string): Record<string, unknown> => ({ id: `npm:${name}`, type: 'npm', name, version: '1.0.0', integrity: 'sha512-x' });
		const file = (name: string): Record<string, unknown> => ({ source: `npm:${name}`, path: 'package/src/index.ts', sha256: HASH, language: 'typescript', labels: [] });
		const doc = (names: string[]): Record<string, unknown> => ({ app: 'feathers', split: 'tune', description: 'x', sources: names.map(npm), files: names.map(file) });
		const two = m.load.parseCorpusDoc(doc(['@scope/a', 'b']), 'eval/apps/feathers.yaml', 'app');
		assert.deepEqual(two.files.map((f) => f.rel), ['apps/feathers/scope_a/src/index.ts', 'apps/feathers/b/src/index.ts']);
		const one = m.load.parseCorpusDoc(doc(['@scope/a']), 'eval/apps/feathers.yaml', 'app');
		assert.equal(one.files[0].rel, 'apps/feathers/package/src/index.ts');
	});
});

describe('eval script: validation', () => {
	before(loadModules);

	it('names the YAML file and the entry in validation errors', () => {
		rejects(appDoc({}, { labels: [{ line: 10, category: 'authz' }] }), /^Error: eval\/apps\/lighttpd\.yaml: file lighttpd-1\.4\.69\/src\/mod_auth\.c:10: unknown category "authz"/);
		rejects(appDoc({}, { labels: [{ line: 10, category: 'auth' }, { line: 10, category: 'auth', optional: true }] }), /mod_auth\.c:10: duplicate label auth/);
		rejects(appDoc({}, { sha256: undefined }), /file lighttpd-1\.4\.69\/src\/mod_auth\.c: missing sha256/);
		rejects(appDoc({}, { source: 'debsrc:nginx' }), /mod_auth\.c: unknown source "debsrc:nginx"/);
		rejects(appDoc({ split: 'test' }), /app lighttpd: split must be tune or held-out/);
		rejects(appDoc({ split: 'held-out' }), /split must be tune \(fixed in eval\/LABELING\.md/);
	});

	it('rejects malformed labels, sources and app headers', () => {
		rejects(appDoc({}, { labels: [{ line: 10, category: 'auth', api: 'f(a', 'b)': null }] }), /unknown key "b\)".*quote an api/);
		rejects(appDoc({}, { labels: [{ line: 10, category: 'auth', optional: 'yes' }] }), /optional must be true or false/);
		rejects(appDoc({}, { negatives: [{ note: 'no line' }] }), /a negative needs a line/);
		rejects(appDoc({}, { path: '../etc/passwd' }), /path must be relative/);
		rejects(appDoc({}, { language: 'cobol' }), /unknown language "cobol"/);
		rejects(appDoc({ sources: [{ id: 'x', type: 'debsrc', name: 'x', version: '1-1', sha256: HASH }] }), /source x: debsrc source needs .* \(missing orig\)/);
		rejects(appDoc({ sources: [{ id: 'x', type: 'debsrc', name: 'x', version: 1.1, orig: 'x_1.orig.tar.gz', sha256: HASH }] }), /version must be a string/);
		rejects(appDoc({ sources: [{ id: 'x', type: 'git', name: 'x' }] }), /source x: unknown type "git"/);
		rejects(appDoc({ app: 'Lighttpd' }), /app must be a lower-case id/);
		rejects(appDoc({ description: '' }), /app lighttpd: needs a description/);
		rejects(null, /not a YAML mapping/, 'library');
	});
});

describe('eval script: joining documents and checking lines', () => {
	before(loadModules);

	it('joins documents, refusing a file or an app twice and one package with two checksums', () => {
		const a = m.load.parseCorpusDoc(appDoc(), 'a.yaml', 'app');
		const b = m.load.parseCorpusDoc(appDoc({ app: 'other' }), 'b.yaml', 'app');
		assert.equal(m.load.combineDocs([a, b]).files.length, 2);
		assert.throws(() => m.load.combineDocs([a, m.load.parseCorpusDoc(appDoc(), 'c.yaml', 'app')]), /c\.yaml: app lighttpd is also defined in a\.yaml/);
		const sources = [{ id: 'debsrc:lighttpd', type: 'debsrc', name: 'lighttpd', version: '1.4.69-1', orig: 'lighttpd_1.4.69.orig.tar.xz', sha256: 'b'.repeat(64) }];
		const c = m.load.parseCorpusDoc(appDoc({ app: 'third', sources }), 'c.yaml', 'app');
		assert.throws(() => m.load.combineDocs([a, c]), /c\.yaml: source debsrc:lighttpd: same package as debsrc:lighttpd in a\.yaml, different checksum/);
	});

	it('finds labels and negatives beyond the end of the file', () => {
		const [file] = m.load.parseCorpusDoc(appDoc(), 'eval/apps/lighttpd.yaml', 'app').files;
		assert.deepEqual(m.materialise.lineProblems(file, 'x\n'.repeat(40)), []);
		assert.deepEqual(m.materialise.lineProblems(file, 'x\n'.repeat(25)), [
			'eval/apps/lighttpd.yaml: file lighttpd-1.4.69/src/mod_auth.c:30: negative beyond end of file (26 lines)',
		]);
		assert.equal(m.materialise.lineProblems(file, 'x\n'.repeat(5)).length, 3);
	});
});

describe('eval script: scoring', () => {
	before(loadModules);
	const files = (): CorpusFile[] => m.load.parseCorpusDoc(appDoc({}, {
		labels: [
			{ line: 10, category: 'auth', api: 'check' },
			{ line: 12, category: 'crypto', api: 'hash' },
			{ line: 20, category: 'logging', api: 'log_error', optional: true },
			{ line: 22, category: 'tls', api: 'curl_opt', optional: true },
		],
	}), 'eval/apps/lighttpd.yaml', 'app').files;
	const at = (line: number, category: string): Finding => ({ file: 'apps/lighttpd/lighttpd-1.4.69/src/mod_auth.c', line, category, api: 'f' });

	it('counts a finding on an optional label as neither TP nor FP, and a missed optional label as no FN', () => {
		const r = m.score.evaluateSet('tune', files(), [at(10, 'auth'), at(20, 'logging'), at(40, 'secrets')], 0);
		assert.deepEqual([r.overall.tp, r.overall.fp, r.overall.fn], [1, 1, 1]);
		assert.equal(r.optionalFindings, 1);
		assert.deepEqual(r.corpus.labels, { required: 2, optional: 2 });
		assert.deepEqual([r.categories.logging.tp, r.categories.logging.fp, r.categories.logging.optional], [0, 0, 1]);
		assert.deepEqual(r.falseNegatives.map((x) => `${x.line} ${x.category}`), ['12 crypto']);
		assert.deepEqual([r.languages.c.required, r.languages.c.optional, r.languages.c.tp], [2, 2, 1]);
	});

	it('counts findings on hard negatives and marks them among the false positives', () => {
		const r = m.score.evaluateSet('tune', files(), [at(30, 'auth'), at(31, 'auth')], 0);
		assert.equal(r.corpus.hardNegatives, 1);
		assert.equal(r.hardNegativesFlagged, 1);
		assert.deepEqual(r.falsePositives.map((x) => x.hardNegative), ['definition', undefined]);
	});

	it('matches exact lines only, unless a tolerance is given', () => {
		assert.equal(m.score.evaluateSet('tune', files(), [at(11, 'auth')], 0).overall.tp, 0);
		const r = m.score.evaluateSet('tune', files(), [at(11, 'auth'), at(21, 'logging')], 1);
		assert.deepEqual([r.overall.tp, r.overall.fp, r.optionalFindings], [1, 0, 1]);
	});

	it('deduplicates findings by (file, line, category)', () => {
		assert.equal(m.score.dedupeFindings([at(10, 'auth'), at(10, 'auth'), at(10, 'crypto')]).length, 2);
	});
});

const score = (tp: number, fp: number, fn: number, required = tp + fn): Score => ({
	tp, fp, fn, required, optional: 0, precision: tp + fp ? tp / (tp + fp) : null, recall: tp + fn ? tp / (tp + fn) : null,
});
/** A scored set with these category counts (the others empty). */
function set(files: number, categories: Record<string, Score>): SetResult {
	const all = ['crypto', 'auth', 'access-control', 'secrets', 'tls', 'logging'];
	const cats = Object.fromEntries(all.map((c) => [c, categories[c] ?? score(0, 0, 0)]));
	const sum = Object.values(cats).reduce((a, s) => score(a.tp + s.tp, a.fp + s.fp, a.fn + s.fn), score(0, 0, 0));
	return {
		corpus: { files, labels: { required: sum.required, optional: 0 }, hardNegatives: 0 }, overall: sum, categories: cats,
		languages: {}, optionalFindings: 0, hardNegativesFlagged: 0, falsePositives: [], falseNegatives: [],
	};
}

describe('eval script: targets, output and options', () => {
	before(loadModules);

	it('checks the held-out set only on categories with required labels, and skips an empty set', () => {
		const good = set(3, { auth: score(10, 0, 0), tls: score(9, 1, 1) });
		const t = m.targets.checkTargets({ library: set(0, {}), tune: set(1, { auth: score(0, 5, 5) }), 'held-out': good });
		assert.deepEqual(t.targets.map((x) => [x.set, x.checked, x.met]), [['library', false, true], ['held-out', true, true]]);
		assert.equal(t.meetsTargets, true);
		const bad = set(3, { auth: score(30, 0, 0), tls: score(7, 0, 3) });
		const missed = m.targets.checkTargets({ library: set(0, {}), tune: set(0, {}), 'held-out': bad });
		assert.equal(missed.meetsTargets, false);
		assert.deepEqual(missed.targets[1].checks.filter((c) => !c.met).map((c) => c.name), ['tls recall']);
	});

	it('holds the library corpus to every category', () => {
		const lib = set(3, { auth: score(10, 0, 0) });
		const t = m.targets.checkTargets({ library: lib, tune: set(0, {}), 'held-out': set(0, {}) });
		assert.equal(t.meetsTargets, false);
		assert.ok(t.targets[0].checks.some((c) => c.name === 'crypto precision' && !c.met));
	});

	it('prints that a set has no files yet', () => {
		const sets = { library: set(0, {}), tune: set(0, {}), 'held-out': set(0, {}) };
		for (const s of Object.values(sets)) {
			Object.assign(s, { set: 'x', flaggedNegativeFiles: [], problems: [] });
		}
		Object.assign(sets['held-out'], { set: 'held-out', corpus: { ...sets['held-out'].corpus, apps: [] } });
		const { targets, meetsTargets } = m.targets.checkTargets(sets);
		const out = m.text.reportText({ tolerance: 0, sets, targets, meetsTargets, findingsOutsideCorpus: 0 }, { sets: ['held-out'], misses: true, corpusDir: '.eval/corpus' });
		assert.match(out, /── apps: held-out: no files yet; not scored ──/);
		assert.match(out, /– apps: held-out: no files yet, not checked\nAll targets met\./);
	});

	it('parses --set, --apps, --misses and --tolerance', () => {
		const o = m.args.parseArgs(['--set', 'tune', '--apps=/tmp/apps', '--misses', '--tolerance', '2']);
		assert.deepEqual([o.sets, o.apps, o.misses, o.tolerance], [['tune'], '/tmp/apps', true, 2]);
		assert.deepEqual(m.args.parseArgs([]).sets, ['library', 'tune', 'held-out']);
		assert.match(m.args.parseArgs(['--set', 'heldout']).error ?? '', /--set needs library, tune, held-out or all/);
		assert.match(m.args.parseArgs(['--tolerance', '-1']).error ?? '', /non-negative integer/);
		assert.match(m.args.parseArgs(['--frobnicate']).error ?? '', /unknown argument/);
	});
});
