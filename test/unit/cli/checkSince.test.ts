import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { selectCheckFailures } from '../../../src/cli/main';
import type { ChangedLines } from '../../../src/core/git/changedLines';
import type { Finding, Problem, ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function git(dir: string, ...args: string[]): void {
	execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
}

const OLD = '// @iso27001 A.8.99 — an old unknown control\nexport const a = 1;\n';

describe('iso27001 check --since (built bundle)', function () {
	this.timeout(60000);
	let repo: string;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
		writeFileSync(path.join(repo, rel), text);
	};

	before(() => {
		assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		repo = mkdtempSync(path.join(tmpdir(), 'iso-since-'));
		git(repo, 'init', '-q', '-b', 'main');
		git(repo, 'config', 'user.name', 'Test');
		git(repo, 'config', 'user.email', 'test@example.com');
		write('src/a.ts', OLD);
		git(repo, 'add', '-A');
		git(repo, 'commit', '-q', '-m', 'history with an unknown control');
	});
	afterEach(() => rmSync(repo, { recursive: true, force: true }));

	it('fails only on a problem in a changed line and counts the old ones it left aside', () => {
		write('src/a.ts', `${OLD}// @iso27001 A.8.98 — a new unknown control\nexport const b = 2;\n`);
		const r = run(['check', repo, '--since', 'HEAD']);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /^src\/a\.ts:3:\d+ {2}error {4}unknown-control .*A\.8\.98/m);
		assert.ok(!/A\.8\.99/.test(r.stdout), r.stdout);
		assert.match(r.stdout, /^left aside 0 findings and 1 problem on lines not changed since HEAD$/m);
		assert.match(r.stdout, /check failed \(lines changed since HEAD\): 0 unmapped findings, 1 unknown or malformed control ID$/m);
	});

	it('passes with only old problems and says what it left aside', () => {
		write('src/a.ts', `${OLD}export const c = 3;\n`);
		const r = run(['check', repo, '--since', 'HEAD']);
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^left aside 0 findings and 1 problem on lines not changed since HEAD$/m);
		assert.match(r.stdout, /check passed \(lines changed since HEAD\)/);
		assert.equal(run(['check', repo]).code, 1, 'without --since the old problems still fail');
	});

	it('counts untracked files as new and works on a subfolder of the repository', () => {
		write('pkg/b.ts', OLD);
		git(repo, 'add', '-A');
		git(repo, 'commit', '-q', '-m', 'a package');
		write('pkg/new.ts', '// @iso27001 A.8.97\nexport const d = 4;\n');
		write('src/c.ts', '// @iso27001 A.8.96 (outside the scanned folder)\n');
		const r = run(['check', path.join(repo, 'pkg'), '--since', 'HEAD']);
		assert.equal(r.code, 1, r.stdout + r.stderr);
		assert.match(r.stdout, /^new\.ts:1:\d+ {2}error {4}unknown-control/m);
		assert.match(r.stdout, /^left aside 0 findings and 1 problem on lines not changed since HEAD$/m);
	});

	it('exits 2 for an unknown ref', () => {
		const r = run(['check', repo, '--since', 'nosuchref']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /unknown git ref 'nosuchref'/);
		assert.equal(r.stdout, '');
	});

	it('exits 2 outside a git repository', () => {
		const plain = mkdtempSync(path.join(tmpdir(), 'iso-nogit-'));
		try {
			writeFileSync(path.join(plain, 'a.ts'), OLD);
			const r = run(['check', plain, '--since', 'HEAD']);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /not inside a git repository/);
		} finally {
			rmSync(plain, { recursive: true, force: true });
		}
	});

	it('exits 2 when --since is given to another command', () => {
		const r = run(['scan', repo, '--since', 'HEAD']);
		assert.equal(r.code, 2);
		assert.match(r.stderr, /--since is an option of check only/);
	});
});

describe('check --since: which findings and problems fail', () => {
	const finding = (file: string, line: number, over: Partial<Finding> = {}): Finding => ({
		file, line, column: 1, category: 'crypto', message: 'hash', api: 'crypto.createHash', suggestedControls: ['A.8.24'],
		mapped: false, coveredBy: [], ignored: false, ignoreReason: null, rule: 'test.crypto', confidence: 'high', ...over,
	});
	const problem = (file: string, line: number, code: Problem['code'] = 'unknown-control'): Problem => ({
		file, line, column: 1, code, severity: code === 'legacy-control' ? 'warning' : 'error', message: code,
	});
	const result: ScanResult = {
		tool: { name: 'iso27001', version: '0' }, root: '/r', catalog: { id: 'c', framework: 'f', version: '1' }, files: 3, annotations: [],
		findings: [
			finding('a.ts', 2), finding('a.ts', 5), finding('a.ts', 6, { mapped: true, coveredBy: ['A.8.24'] }),
			finding('a.ts', 7, { ignored: true, ignoreReason: 'ok' }), finding('new.ts', 40), finding('old.ts', 1),
		],
		problems: [problem('a.ts', 5), problem('old.ts', 2, 'malformed-annotation'), problem('a.ts', 2, 'legacy-control'), problem('a.ts', 9)],
		coverage: { percent: 0, controls: [] },
	};
	const changed: ChangedLines = { ref: 'main', commit: 'abc', files: new Map<string, ReadonlySet<number> | 'all'>([['a.ts', new Set([5, 6, 7])], ['new.ts', 'all']]) };

	it('keeps unmapped findings and failing problems on changed lines, counts the rest', () => {
		const s = selectCheckFailures(result, changed);
		assert.deepEqual(s.unmapped.map((f) => `${f.file}:${f.line}`), ['a.ts:5', 'new.ts:40']);
		assert.deepEqual(s.failing.map((p) => `${p.file}:${p.line}`), ['a.ts:5']);
		assert.equal(s.asideFindings, 2);
		assert.equal(s.asideProblems, 2);
	});

	it('without --since everything unmapped or failing counts', () => {
		const s = selectCheckFailures(result, null);
		assert.equal(s.unmapped.length, 4);
		assert.equal(s.failing.length, 3);
		assert.equal(s.asideFindings + s.asideProblems, 0);
	});
});
