import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { changedLines, GitError, isLineChanged, type ChangedLines } from '../../../src/core/git/changedLines';

/** Runs git in `dir` with a fixed identity and no user or system configuration. */
function git(dir: string, ...args: string[]): string {
	return execFileSync('git', args, {
		cwd: dir, encoding: 'utf8',
		env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
	});
}

/** A fresh repository in a temp folder with user.name/email set locally. */
function initRepo(prefix: string): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	git(dir, 'init', '-q', '-b', 'main');
	git(dir, 'config', 'user.name', 'Test');
	git(dir, 'config', 'user.email', 'test@example.com');
	git(dir, 'config', 'commit.gpgsign', 'false');
	return dir;
}

function lines(n: number, prefix = 'line'): string {
	return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}\n`).join('');
}

/** The changed lines of `file` as a sorted array, or 'all'. */
function of(changed: ChangedLines, file: string): number[] | 'all' | undefined {
	const l = changed.files.get(file);
	return l === 'all' || l === undefined ? l : [...l].sort((a, b) => a - b);
}

describe('changedLines (git diff of the work tree against a ref)', function () {
	this.timeout(30000);
	let repo: string;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
		writeFileSync(path.join(repo, rel), text);
	};

	beforeEach(() => {
		repo = initRepo('iso-git-');
		write('src/a.ts', lines(10));
		write('src/b.ts', lines(5));
		write('pkg/sub/c.ts', lines(4));
		write('.gitignore', 'ignored/\n');
		git(repo, 'add', '-A');
		git(repo, 'commit', '-q', '-m', 'first');
	});
	afterEach(() => rmSync(repo, { recursive: true, force: true }));

	it('reports nothing for an unchanged work tree, and resolves the ref', async () => {
		const changed = await changedLines(repo, 'HEAD');
		assert.equal(changed.files.size, 0);
		assert.equal(changed.ref, 'HEAD');
		assert.equal(changed.commit, git(repo, 'rev-parse', 'HEAD').trim());
	});

	it('marks changed and added lines on the new side, not deleted ones', async () => {
		const a = lines(10).split('\n');
		a[2] = 'changed 3';
		a.splice(6, 0, 'inserted A', 'inserted B');
		write('src/a.ts', a.join('\n'));
		write('src/b.ts', lines(5).split('\n').filter((_, i) => i !== 1 && i !== 2).join('\n'));
		const changed = await changedLines(repo, 'HEAD');
		assert.deepEqual(of(changed, 'src/a.ts'), [3, 7, 8]);
		assert.deepEqual(of(changed, 'src/b.ts'), []);
		assert.ok(isLineChanged(changed, 'src/a.ts', 7));
		assert.ok(!isLineChanged(changed, 'src/a.ts', 9));
		assert.ok(!isLineChanged(changed, 'src/b.ts', 2));
		assert.ok(!isLineChanged(changed, 'pkg/sub/c.ts', 1));
	});

	it('counts staged and committed changes since an older ref', async () => {
		write('src/a.ts', `${lines(10)}line 11\n`);
		git(repo, 'commit', '-q', '-am', 'second');
		write('src/b.ts', `new first\n${lines(5)}`);
		git(repo, 'add', 'src/b.ts');
		const changed = await changedLines(repo, 'HEAD~1');
		assert.deepEqual(of(changed, 'src/a.ts'), [11]);
		assert.deepEqual(of(changed, 'src/b.ts'), [1]);
		assert.equal((await changedLines(repo, 'HEAD')).files.has('src/a.ts'), false);
	});

	it('treats untracked, not ignored files as wholly new', async () => {
		write('src/new.ts', lines(3));
		write('ignored/skip.ts', lines(3));
		const changed = await changedLines(repo, 'HEAD');
		assert.equal(of(changed, 'src/new.ts'), 'all');
		assert.ok(isLineChanged(changed, 'src/new.ts', 3));
		assert.equal(changed.files.has('ignored/skip.ts'), false);
	});

	it('gives paths relative to a scan root in a subfolder and leaves out files outside it', async () => {
		write('pkg/sub/c.ts', `${lines(4)}added 5\n`);
		write('pkg/sub/new.ts', 'x\n');
		write('src/a.ts', `changed\n${lines(10)}`);
		const changed = await changedLines(path.join(repo, 'pkg'), 'HEAD');
		assert.deepEqual([...changed.files.keys()].sort(), ['sub/c.ts', 'sub/new.ts']);
		assert.deepEqual(of(changed, 'sub/c.ts'), [5]);
		assert.equal(of(changed, 'sub/new.ts'), 'all');
	});

	it('handles paths with spaces, quotes and non-ASCII characters', async () => {
		write('docs/my file "é".ts', lines(2));
		write('src/ünïcode dir/x.ts', lines(2));
		git(repo, 'add', '-A');
		git(repo, 'commit', '-q', '-m', 'odd names');
		write('docs/my file "é".ts', `${lines(2)}three\n`);
		write('src/ünïcode dir/x.ts', `zero\n${lines(2)}`);
		write('src/new ✓.ts', 'new\n');
		const changed = await changedLines(repo, 'HEAD');
		assert.deepEqual(of(changed, 'docs/my file "é".ts'), [3]);
		assert.deepEqual(of(changed, 'src/ünïcode dir/x.ts'), [1]);
		assert.equal(of(changed, 'src/new ✓.ts'), 'all');
	});

	it('does not mistake added lines that look like diff headers for headers', async () => {
		write('src/a.ts', `${lines(10)}++ b/evil.ts\n@@ -1 +1,9 @@\ndiff --git x y\n`);
		const changed = await changedLines(repo, 'HEAD');
		assert.deepEqual([...changed.files.keys()], ['src/a.ts']);
		assert.deepEqual(of(changed, 'src/a.ts'), [11, 12, 13]);
	});

	it('fails with a GitError for an unknown ref', async () => {
		await assert.rejects(changedLines(repo, 'nosuchref'), (e: Error) => e instanceof GitError && /unknown git ref 'nosuchref'/.test(e.message));
		await assert.rejects(changedLines(repo, '--output=x'), GitError);
	});

	it('fails with a GitError outside a git repository', async () => {
		const plain = mkdtempSync(path.join(tmpdir(), 'iso-nogit-'));
		try {
			await assert.rejects(changedLines(plain, 'HEAD'), (e: Error) => e instanceof GitError && /not inside a git repository/.test(e.message));
		} finally {
			rmSync(plain, { recursive: true, force: true });
		}
	});
});
