import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const MODULE = path.join(__dirname, '../../../src/core/parse/codeCache.ts');

/**
 * Loads `file` in a fresh process: within one process V8's in-memory compilation cache would serve
 * the second load and the on-disk cache would never be consulted.
 */
function loadInChild(file: string, cacheDir: string, after: 'saveCache' | 'saveRunCache' = 'saveCache'): { fromCache: boolean; answer: number; fromRunCache?: boolean } {
	const script = `const { requireWithCodeCache } = require(${JSON.stringify(MODULE)});
const m = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
m.saveCache();
const answer = m.exports.twice(21);
${after === 'saveRunCache' ? 'm.saveRunCache();' : ''}
process.stdout.write(JSON.stringify({ fromCache: m.fromCache, answer, ...(m.fromRunCache ? { fromRunCache: true } : {}) }));`;
	const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { encoding: 'utf8', cwd: path.join(__dirname, '../../..') });
	assert.equal(r.status, 0, r.stderr);
	return JSON.parse(r.stdout) as { fromCache: boolean; answer: number };
}

describe('V8 code cache for the bundled parser', function () {
	this.timeout(60000);
	let dir: string;
	beforeEach(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'iso-cache-'));
	});
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('compiles and writes the cache, then a new process loads from it; a corrupt cache is replaced', () => {
		const file = path.join(dir, 'mod.js');
		writeFileSync(file, `const path = require('node:path');\nexports.twice = (x) => x * 2;\nexports.base = path.basename(__filename);\n${'exports.f = function () { return 1; };\n'.repeat(200)}`);
		const cacheDir = path.join(dir, 'cache');
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		const bins = readdirSync(cacheDir).filter((f) => f.endsWith('.bin'));
		assert.equal(bins.length, 1);
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: true, answer: 42 });
		writeFileSync(path.join(cacheDir, bins[0]), 'not a V8 code cache');
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: true, answer: 42 });
	});

	it('after a run, writes once a second cache with what the run compiled, which later loads prefer', () => {
		const file = path.join(dir, 'mod.js');
		// `lazy` is compiled only when called: in the top level's cache it is not; in the run's it is.
		writeFileSync(file, `exports.lazy = function (x) { return x + 1; };\nexports.twice = (x) => exports.lazy(x) * 2 - 2;\n${'exports.f = function () { return 1; };\n'.repeat(200)}`);
		const cacheDir = path.join(dir, 'cache');
		const caches = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).sort();
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		const [top] = caches();
		assert.match(top, /^mod\.js-[0-9a-f]{24}\.bin$/);
		assert.deepEqual(loadInChild(file, cacheDir, 'saveRunCache'), { fromCache: true, answer: 42 });
		const run = top.replace(/\.bin$/, '.run.bin');
		assert.deepEqual(caches(), [top, run].sort());
		assert.ok(statSync(path.join(cacheDir, run)).size > statSync(path.join(cacheDir, top)).size, 'the run\'s cache holds more functions');
		const written = statSync(path.join(cacheDir, run)).mtimeMs;
		assert.deepEqual(loadInChild(file, cacheDir, 'saveRunCache'), { fromCache: true, fromRunCache: true, answer: 42 });
		assert.equal(statSync(path.join(cacheDir, run)).mtimeMs, written, 'written once');
		// A corrupt run cache is dropped (a compile), then written again after a run.
		writeFileSync(path.join(cacheDir, run), 'not a V8 code cache');
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		assert.deepEqual(caches(), [top]);
		assert.deepEqual(loadInChild(file, cacheDir, 'saveRunCache'), { fromCache: true, answer: 42 });
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: true, fromRunCache: true, answer: 42 });
		// A new version of the file removes both caches of the old one.
		writeFileSync(file, 'exports.twice = (x) => x * 2; // changed\n');
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		assert.equal(caches().length, 1);
		assert.notEqual(caches()[0], top);
	});

	it('ignores the cache of an older version of the file', () => {
		const file = path.join(dir, 'mod.js');
		const cacheDir = path.join(dir, 'cache');
		writeFileSync(file, 'exports.twice = (x) => x * 2;\n');
		loadInChild(file, cacheDir);
		writeFileSync(file, 'exports.twice = (x) => x * 2 + 0; // changed\n');
		writeFileSync(path.join(cacheDir, 'other.js-0123456789abcdef01234567.bin'), 'another file\'s cache');
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		// The older version's cache is gone (the temporary folder would collect one per upgrade); other files' stay.
		assert.equal(readdirSync(cacheDir).filter((f) => f.startsWith('mod.js-')).length, 1);
		assert.ok(readdirSync(cacheDir).includes('other.js-0123456789abcdef01234567.bin'));
		assert.deepEqual(loadInChild(file, cacheDir), { fromCache: true, answer: 42 });
	});

	it('keeps the cache of a file of the same name in another folder (another checkout)', () => {
		const cacheDir = path.join(dir, 'cache');
		const files = ['a', 'b'].map((sub) => {
			mkdirSync(path.join(dir, sub));
			writeFileSync(path.join(dir, sub, 'mod.js'), `exports.twice = (x) => x * 2; // ${sub}\n`);
			return path.join(dir, sub, 'mod.js');
		});
		for (const file of files) {
			assert.deepEqual(loadInChild(file, cacheDir), { fromCache: false, answer: 42 });
		}
		for (const file of files) {
			assert.deepEqual(loadInChild(file, cacheDir), { fromCache: true, answer: 42 });
		}
		assert.equal(readdirSync(cacheDir).filter((f) => /^mod\.js-[0-9a-f]{24}\.bin$/.test(f)).length, 2);
	});
});
