// `iso27001 scan FILE...`: files (or several paths) are scanned with the configuration of the
// workspace that holds them, found from the files themselves.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { filesNotScanned } from '../../../src/cli/targets';
import type { ScanOutcome } from '../../../src/core/scan/scan';
import type { ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function scanJson(args: string[], cwd: string): { result: ScanResult; stderr: string } {
	const r = run(['scan', ...args, '--format', 'json'], cwd);
	assert.equal(r.code, 0, r.stderr);
	return { result: JSON.parse(r.stdout) as ScanResult, stderr: r.stderr };
}

/** A workspace's own rule: its findings show that the workspace's configuration was used. */
const CONFIG = 'exclude: ["**/generated/**"]\nsensitiveCode:\n  rules:\n    - id: acme-unlock\n      category: secrets\n      languages: [typescript]\n      calls: ["acme.unlock"]\n';
const A = "// @iso27001 A.8.24 — a\nexport const a = 1;\nexport const s = acme.unlock('db');\n";
const B = '// @iso27001 A.5.15 — b\nexport const b = 2;\n';
const C = '# @iso27001 A.8.15 — c\nc = 3\n';

describe('iso27001 scan FILE... (built bundle)', function () {
	this.timeout(60000);
	let tmp: string;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
		writeFileSync(path.join(tmp, rel), text);
	};

	before(() => {
		assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'iso-paths-')));
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	it('scans one file with the configuration of the nearest folder above it with .iso27001.yaml', () => {
		write('.iso27001.yaml', CONFIG);
		write('src/a.ts', A);
		write('src/b.ts', B);
		// Run from inside src/: the root is still the folder with the configuration.
		const { result, stderr } = scanJson(['a.ts'], path.join(tmp, 'src'));
		assert.equal(result.root, tmp);
		assert.equal(result.files, 1);
		assert.deepEqual(result.annotations.map((a) => `${a.file}:${a.controls.join(',')}`), ['src/a.ts:A.8.24']);
		assert.deepEqual(result.findings.map((f) => `${f.file}:${f.rule}`), ['src/a.ts:acme-unlock']);
		assert.match(stderr, /scanning 1 path of .* \(the nearest folder with \.iso27001\.yaml\)/);
		assert.equal(result.coverage.controls.find((c) => c.id === 'A.5.15')?.status, 'uncovered', 'b.ts is not part of the scan');
	});

	it('scans several paths, files and folders, of one workspace', () => {
		write('.iso27001.yaml', CONFIG);
		write('src/a.ts', A);
		write('src/b.ts', B);
		write('worker/c.py', C);
		write('worker/generated/d.py', C);
		const { result } = scanJson(['src/b.ts', 'worker'], tmp);
		assert.deepEqual(result.annotations.map((a) => a.file), ['src/b.ts', 'worker/c.py'], 'the folder\'s files minus what the configuration excludes');
		assert.equal(result.files, 2);
	});

	it('takes the git repository\'s root when no .iso27001.yaml is above, else the file\'s folder', () => {
		write('pkg/src/a.ts', A);
		write('pkg/src/b.ts', B);
		const alone = scanJson(['pkg/src/b.ts'], tmp);
		assert.equal(alone.result.root, path.join(tmp, 'pkg', 'src'));
		assert.match(alone.stderr, /the file's folder/);
		execFileSync('git', ['init', '-q'], { cwd: tmp });
		const inRepo = scanJson(['pkg/src/b.ts'], tmp);
		assert.equal(inRepo.result.root, tmp);
		assert.deepEqual(inRepo.result.annotations.map((a) => a.file), ['pkg/src/b.ts']);
		assert.match(inRepo.stderr, /the git repository's root/);
		// The workspace's own rule is not in the default configuration.
		assert.deepEqual(scanJson(['pkg/src/a.ts'], tmp).result.findings, []);
	});

	it('says which files it did not scan, and refuses paths of different workspaces', () => {
		write('.iso27001.yaml', CONFIG);
		write('generated/x.ts', A);
		write('notes.unknownext', 'hello');
		write('src/b.ts', B);
		const r = run(['scan', 'generated/x.ts', 'notes.unknownext', 'src/b.ts', '--format', 'json'], tmp);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual((JSON.parse(r.stdout) as ScanResult).annotations.map((a) => a.file), ['src/b.ts']);
		assert.match(r.stderr, /'generated\/x\.ts' was not scanned/);
		assert.match(r.stderr, /'notes\.unknownext' was not scanned/);
		write('other/.iso27001.yaml', '{}\n');
		write('other/c.py', C);
		const mixed = run(['scan', 'src/b.ts', 'other/c.py'], tmp);
		assert.equal(mixed.code, 2);
		assert.match(mixed.stderr, /'src\/b\.ts' and 'other\/c\.py' belong to different workspaces/);
	});

	it('still takes one folder as the workspace, and names a missing path or a file given to another command', () => {
		write('.iso27001.yaml', CONFIG);
		write('src/a.ts', A);
		const folder = scanJson(['src'], tmp);
		assert.equal(folder.result.root, path.join(tmp, 'src'));
		assert.equal(folder.stderr, '');
		const missing = run(['scan', 'src/nope.ts'], tmp);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /'src\/nope\.ts' does not exist/);
		const exported = run(['export', 'src/a.ts', '--format', 'csv'], tmp);
		assert.equal(exported.code, 2);
		assert.match(exported.stderr, /'src\/a\.ts' is not a folder \(only scan takes files\)/);
	});
});

describe('files named but not scanned', () => {
	it('lists none for a whole-folder scan without going through the files read', () => {
		// A whole folder names no file: the list of files read (every file of the tree) is not needed.
		const outcome = { detail: { get readPaths(): never {
			throw new Error('the files read were consulted');
		}, fileProblems: [] } } as unknown as ScanOutcome;
		assert.deepEqual(filesNotScanned({ root: '/ws', paths: undefined, note: undefined }, outcome), []);
	});
});
