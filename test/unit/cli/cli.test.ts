import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');
const EXAMPLES = path.join(REPO, 'examples');

function run(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function scanJson(dir: string, ...extra: string[]): ScanResult {
	const r = run(['scan', dir, '--format', 'json', ...extra]);
	assert.equal(r.code, 0, r.stderr);
	return JSON.parse(r.stdout) as ScanResult;
}

describe('iso27001 CLI (built bundle)', function () {
	this.timeout(60000);
	let tmp: string;

	before(() => {
		assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		tmp = mkdtempSync(path.join(tmpdir(), 'iso-cli-'));
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	const write = (rel: string, text: string | Buffer): void => {
		mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
		writeFileSync(path.join(tmp, rel), text);
	};

	it('scans the examples: SPEC keys, annotations with scopes, each deliberate problem', () => {
		const r = scanJson(EXAMPLES);
		assert.deepEqual(Object.keys(r), ['tool', 'root', 'catalog', 'files', 'annotations', 'findings', 'problems', 'coverage']);
		assert.deepEqual(r.catalog, { id: 'iso27001-2022', framework: 'ISO/IEC 27001', version: '2022' });
		assert.equal(r.root, EXAMPLES);
		assert.ok(r.files >= 14, `files: ${r.files}`);
		const codes = new Set(r.problems.map((p) => p.code));
		for (const code of ['legacy-control', 'unknown-control', 'malformed-annotation', 'missing-ignore-reason', 'not-applicable-control']) {
			assert.ok(codes.has(code as never), `missing problem ${code}: ${JSON.stringify(r.problems)}`);
		}
		const getSecret = r.annotations.find((a) => a.file === 'api/src/crypto/vault.ts' && a.scope.symbol === 'getSecret');
		assert.ok(getSecret, JSON.stringify(r.annotations.filter((a) => a.file.endsWith('vault.ts'))));
		assert.equal(getSecret.scope.kind, 'declaration');
		assert.deepEqual(getSecret.controls, ['A.5.17', 'A.8.24']);
		const legacy = r.annotations.find((a) => a.legacyIds.includes('A.9.4.1'));
		assert.ok(legacy && legacy.controls.includes('A.8.3'));
		assert.ok(!r.annotations.some((a) => a.controls.includes('A.5.1')), 'annotations inside strings must not count');
		const physical = r.coverage.controls.find((c) => c.id === 'A.7.4');
		assert.deepEqual(physical, { id: 'A.7.4', title: 'Physical security monitoring', theme: 'Physical', status: 'excluded', locations: 1, evidence: [] });
		assert.equal(r.coverage.controls.length, 93);
	});

	it('prints a human summary with a bar per theme', () => {
		const r = run(['scan', EXAMPLES]);
		assert.equal(r.code, 0, r.stderr);
		for (const theme of ['Organizational', 'People', 'Physical', 'Technological', 'Total']) {
			assert.match(r.stdout, new RegExp(`^  ${theme}\\s+[█░]{24}`, 'm'));
		}
		assert.match(r.stdout, /worker\/app\/tokens\.py:\d+:\d+ {2}error {4}unknown-control/);
		assert.ok(!r.stdout.includes('\u001b['), 'NO_COLOR must turn colour off');
	});

	it('exits 2 with file:line:col for an invalid configuration', () => {
		write('.iso27001.yaml', 'include: ["src/**"]\nsoa:\n  A.7.4: { applicable: maybe }\n');
		const r = run(['scan', tmp]);
		assert.equal(r.code, 2);
		assert.equal(r.stderr.trim(), `${path.join(tmp, '.iso27001.yaml')}:3:24: soa entry A.7.4: applicable must be true or false`);
		write('.iso27001.yaml', 'include: [unclosed\n');
		const y = run(['scan', tmp]);
		assert.equal(y.code, 2);
		assert.match(y.stderr, /\.iso27001\.yaml:\d+:\d+: invalid YAML/);
	});

	it('exits 2 for a broken custom catalog, naming its position', () => {
		write('.iso27001.yaml', 'catalog: org-controls.yaml\n');
		write('org-controls.yaml', 'id: org\nframework: Org\nversion: 1\ntitle: Org controls\nthemes:\n  - { id: T, name: Tech }\ncontrols:\n  - { id: ORG-1, title: Keys, theme: X, description: Keys are managed. }\n');
		const r = run(['check', tmp]);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /org-controls\.yaml:8:\d+: /);
	});

	it('exits 2 on bad usage', () => {
		assert.equal(run(['frobnicate']).code, 2);
		assert.equal(run(['export', EXAMPLES]).code, 2);
		assert.equal(run(['scan', EXAMPLES, '--format', 'xml']).code, 2);
		const missing = run(['scan', path.join(tmp, 'missing')]);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /missing' does not exist/);
		const typo = run(['scan', EXAMPLES, '--fromat', 'json']);
		assert.equal(typo.code, 2);
		assert.match(typo.stderr, /unknown option --fromat; did you mean --format\?/);
		assert.equal(run(['help', 'nope']).code, 2);
		const help = run(['--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /iso27001 scan/);
	});

	it('check fails on unknown controls and passes on a clean tree', () => {
		const bad = run(['check', EXAMPLES]);
		assert.equal(bad.code, 1);
		assert.match(bad.stdout, /worker\/app\/tokens\.py:\d+:\d+ {2}error {4}unknown-control/);
		write('src/a.ts', '// @iso27001 A.8.24 — ok\nexport const x = 1;\n');
		const good = run(['check', tmp]);
		assert.equal(good.code, 0, good.stdout);
		assert.match(good.stdout, /check passed/);
	});

	it('exports a CSV that parses back, one row per location plus one per uncovered control', () => {
		const out = path.join(tmp, 'm.csv');
		const r = run(['export', EXAMPLES, '--format', 'csv', '--output', out]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /Wrote the CSV traceability matrix/);
		const scan = scanJson(EXAMPLES);
		const rows: string[][] = parseCsv(readFileSync(out, 'utf8'), { bom: true });
		const body = rows.slice(1).filter((row) => row[4] !== 'accepted exception' && row[4] !== 'unmapped sensitive code');
		const expected = scan.coverage.controls.reduce((n, c) => n + Math.max(1, c.locations + (c.evidence?.length ?? 0)), 0);
		assert.equal(body.length, expected);
		assert.deepEqual(rows[0].slice(0, 10), ['Control ID', 'Control title', 'Theme', 'Applicability', 'Status', 'File', 'Lines', 'Symbol', 'Rationale', 'Legacy ID']);
	});

	it('skips huge and binary files with file-error, reads non-UTF-8 leniently, and goes on', () => {
		write('big.ts', `// @iso27001 A.8.24\n${'x'.repeat(5000)}\n`);
		write('bin.ts', Buffer.concat([Buffer.from('// @iso27001 A.8.24\n'), Buffer.from([0, 1, 2, 0])]));
		write('latin.py', Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' @iso27001 A.8.24 - ok\nx = 1\n', 'latin1')]));
		write('ok.go', 'package a\n\n// @iso27001 A.8.5 — fine\nfunc Login() {}\n');
		const r = scanJson(tmp, '--max-file-size', '1000');
		const errors = r.problems.filter((p) => p.code === 'file-error').map((p) => `${p.file}: ${p.message}`);
		assert.deepEqual(errors.sort(), ['big.ts: skipped: 5 KB is over the 1000 B limit (maxFileSize)', 'bin.ts: skipped: binary file']);
		assert.deepEqual(r.annotations.map((a) => `${a.file} ${a.controls.join(',')} ${a.scope.symbol ?? ''}`), ['latin.py A.8.24 x', 'ok.go A.8.5 Login']);
	});

	it('gives the same result with worker threads as in one thread', () => {
		for (let i = 0; i < 700; i++) {
			const lang = i % 3;
			if (lang === 0) {
				write(`ts/m${i}.ts`, `import x from 'y';\n\n// @iso27001 A.8.${(i % 34) + 1} — r${i}\nexport function f${i}(a: number): number {\n\treturn a + ${i};\n}\n`);
			} else if (lang === 1) {
				write(`py/m${i}.py`, `import os\n\n# @iso27001 A.5.${(i % 37) + 1}, A.10.1.1 — r${i}\ndef f${i}(a):\n    return a + ${i}\n`);
			} else {
				write(`go/m${i}.go`, `package m\n\n// @iso27001 A.8.99 — r${i}\nfunc F${i}() int {\n\treturn ${i}\n}\n`);
			}
		}
		const threaded = scanJson(tmp, '--workers', '2');
		const single = scanJson(tmp, '--workers', '0');
		assert.equal(threaded.files, 700);
		assert.equal(threaded.annotations.length, 467);
		assert.deepEqual(threaded, single);
		const stats = run(['scan', tmp, '--format', 'json', '--workers', '2'], { ISO27001_STATS: '1' });
		assert.match(stats.stderr, /"workers":2/);
	});
});
