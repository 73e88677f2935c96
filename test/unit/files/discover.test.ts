import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Minimatch } from 'minimatch';
import { DEFAULT_EXCLUDES } from '../../../src/core/config/loadConfig';
import { discoverFiles } from '../../../src/core/files/discover';

describe('file discovery', () => {
	let root: string;
	const write = (rel: string, text = 'x'): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-discover-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const list = async (opts: Partial<Parameters<typeof discoverFiles>[1]> = {}) =>
		discoverFiles(root, { include: ['**/*'], exclude: DEFAULT_EXCLUDES, gitignore: true, ...opts });

	it('applies include and exclude globs and the default excludes', async () => {
		write('src/a.ts');
		write('src/b.py');
		write('node_modules/lib/index.js');
		write('dist/out.js');
		write('src/vendor/x.go');
		write('docs/readme.md');
		assert.deepEqual((await list()).files.map((f) => f.path), ['docs/readme.md', 'src/a.ts', 'src/b.py']);
		assert.deepEqual((await list({ include: ['src/**'] })).files.map((f) => f.path), ['src/a.ts', 'src/b.py']);
		assert.deepEqual((await list({ exclude: [...DEFAULT_EXCLUDES, '**/*.py'] })).files.map((f) => f.path), ['docs/readme.md', 'src/a.ts']);
		assert.deepEqual((await list({ accept: (p) => p.endsWith('.ts') })).files.map((f) => f.path), ['src/a.ts']);
	});

	it('honours nested .gitignore files, relative to their folder, unless turned off', async () => {
		write('.gitignore', 'generated/\n*.log\n');
		write('generated/a.ts');
		write('app/.gitignore', '/local.ts\n!keep.log\n');
		write('app/local.ts');
		write('app/sub/local.ts');
		write('app/keep.log');
		write('app/x.log');
		write('app/main.ts');
		const files = (await list()).files.map((f) => f.path);
		assert.deepEqual(files, ['.gitignore', 'app/.gitignore', 'app/keep.log', 'app/main.ts', 'app/sub/local.ts']);
		const all = (await list({ gitignore: false })).files.map((f) => f.path);
		assert.ok(all.includes('generated/a.ts') && all.includes('app/local.ts'));
	});

	it('follows symlinked folders once and reports a loop instead of walking it forever', async () => {
		write('src/a.ts');
		symlinkSync(path.join(root, 'src'), path.join(root, 'src', 'loop'));
		symlinkSync(path.join(root, 'missing'), path.join(root, 'dangling'));
		const r = await list();
		assert.deepEqual(r.files.map((f) => f.path), ['src/a.ts']);
		const messages = r.problems.map((p) => `${p.code} ${p.file}: ${p.message}`);
		assert.equal(messages.length, 2);
		assert.match(messages.find((m) => m.includes('src/loop'))!, /^file-error src\/loop: symbolic link loop/);
		assert.match(messages.find((m) => m.includes('dangling'))!, /broken symbolic link/);
	});

	it('finds a folder reached twice through a link when the root itself is a link', async () => {
		write('deep/sub/a.ts');
		write('deep/b.ts');
		symlinkSync(path.join(root, 'deep', 'sub'), path.join(root, 'other'));
		const linkedRoot = `${root}-link`;
		symlinkSync(root, linkedRoot);
		try {
			const r = await discoverFiles(linkedRoot, { include: ['**/*'], exclude: [], gitignore: false });
			// Whichever way is walked first wins; the other is reported, naming the first.
			assert.deepEqual(r.files.map((f) => f.path), ['deep/b.ts', 'other/a.ts']);
			assert.deepEqual(r.problems.map((p) => `${p.file}: ${p.message}`), ['deep/sub: symbolic link loop or duplicate folder (already scanned as other); skipped']);
		} finally {
			rmSync(linkedRoot, { force: true });
		}
	});

	it('lists exactly the files that no exclude matches, themselves or through a folder', async () => {
		const rels = [
			'src/a.ts', 'src/node_modules', 'node_modules', 'x/dist', 'x/dist.js', 'lib/app.min.js', 'lib/app.map', 'a/b/out/c.ts', 'a/bin/Debug/d.cs',
			'a/bin/Release', 'a/obj/o.cs', '.venv/s.py', 'docs/.hidden/h.md', 'keep/build.ts', 'keep/builds/b.ts', 'coverage.ts', 'deep/x/y/z/vendorx/v.go',
		];
		for (const rel of rels) {
			write(rel);
		}
		const globs = [...DEFAULT_EXCLUDES, 'keep/builds/**', '**/h.md'];
		const ms = globs.map((g) => new Minimatch(g, { dot: true, nocomment: true }));
		// The reference: a file is out when a glob matches it or one of its folders (with a trailing slash).
		const out = (rel: string): boolean => {
			const parts = rel.split('/');
			const folders = parts.slice(0, -1).map((_, k) => `${parts.slice(0, k + 1).join('/')}/`);
			return [rel, ...folders].some((p) => ms.some((m) => m.match(p)));
		};
		const expected = rels.filter((r) => !out(r)).sort();
		assert.deepEqual((await list({ exclude: globs })).files.map((f) => f.path), expected);
		assert.ok(expected.includes('src/node_modules') && expected.includes('x/dist') && !expected.includes('lib/app.min.js'), 'files named like excluded folders stay');
	});

	it('stops when aborted', async () => {
		write('a/x.ts');
		const ac = new AbortController();
		ac.abort();
		assert.equal((await list({ signal: ac.signal })).files.length, 0);
	});
});
