import { strict as assert } from 'node:assert';
import { columnsOf, entryAt, EntryFinder, NextEntries, type CacheEntry } from '../../../src/core/cache/entries';

const entry = (size: number): CacheEntry => ({ size, mtimeMs: size * 1000 + 0.5, hash: '', analysis: null });
/** Paths whose order by code unit differs from a naive one: `a.ts` < `a/b.ts` < `a0.ts` ('.' < '/' < '0'), `Z` < `a`. */
const PATHS = ['a/b.ts', 'a0.ts', 'Z.ts', 'a.ts', 'a/c/d.ts', 'é.py'];

describe('cache entries as columns', () => {
	it('sorts the columns by path in code unit order, each column aligned with its path', () => {
		const columns = columnsOf(PATHS.map((p, i) => [p, entry(i)] as const));
		assert.deepEqual(columns.paths, ['Z.ts', 'a.ts', 'a/b.ts', 'a/c/d.ts', 'a0.ts', 'é.py']);
		for (let i = 0; i < columns.paths.length; i++) {
			assert.deepEqual(entryAt(columns, i), entry(PATHS.indexOf(columns.paths[i])));
		}
	});

	it('finds every path in any order, and none that is absent', () => {
		const { paths } = columnsOf(PATHS.map((p, i) => [p, entry(i)] as const));
		const finder = new EntryFinder(paths);
		// In order (the cursor), backwards and shuffled (binary search), twice each.
		for (const order of [paths, [...paths].reverse(), PATHS, paths]) {
			for (const p of order) {
				assert.equal(finder.find(p), paths.indexOf(p), p);
			}
		}
		for (const absent of ['', 'a', 'a/', 'a/b.t', 'a/b.tsx', 'zzz', 'A.ts']) {
			assert.equal(finder.find(absent), -1, absent);
		}
		assert.equal(new EntryFinder([]).find('a.ts'), -1);
	});

	it('writes the entries kept by index and the new ones by path, a new one replacing the kept one of its path', () => {
		const last = columnsOf(PATHS.map((p, i) => [p, entry(i)] as const));
		const finder = new EntryFinder(last.paths);
		const next = new NextEntries(last, finder);
		assert.equal(next.size, 0);
		next.keep(finder.find('a.ts'));
		next.keep(finder.find('a/b.ts'));
		next.keep(finder.find('a/b.ts'));
		next.set('new.ts', entry(40));
		next.set('a.ts', entry(41));
		assert.equal(next.size, 3, 'a.ts once, a/b.ts once, new.ts');
		assert.deepEqual(next.columns(), columnsOf([['a.ts', entry(41)], ['a/b.ts', entry(PATHS.indexOf('a/b.ts'))], ['new.ts', entry(40)]]));
		// Kept again after a new result: the last entry wins, still once.
		next.keep(finder.find('a.ts'));
		assert.equal(next.size, 3);
		assert.deepEqual(entryAt(next.columns(), 0), entry(PATHS.indexOf('a.ts')));
		assert.equal(next.delete('a/b.ts'), true);
		assert.equal(next.delete('a/b.ts'), false);
		assert.equal(next.delete('new.ts'), true);
		assert.equal(next.delete('Z.ts'), false, 'never kept');
		assert.deepEqual(next.columns().paths, ['a.ts']);
	});

	it('writes the last columns unchanged when every entry was kept', () => {
		const last = columnsOf(PATHS.map((p, i) => [p, entry(i)] as const));
		const finder = new EntryFinder(last.paths);
		const next = new NextEntries(last, finder);
		last.paths.forEach((_, i) => next.keep(i));
		assert.equal(next.columns(), last);
	});
});
