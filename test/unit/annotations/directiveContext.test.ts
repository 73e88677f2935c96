import { strict as assert } from 'node:assert';
import { createControlIdResolver } from '../../../src/core/annotations/controlIds';
import { directiveContextAt, directiveTokenAt } from '../../../src/core/annotations/directiveContext';
import { builtInCatalogs } from '../helpers';

/** The context with the cursor at the `|` of `marked` (which is removed). */
function at(marked: string, lineEnd?: number) {
	const column = marked.indexOf('|');
	const line = marked.slice(0, column) + marked.slice(column + 1);
	const { c2022, c2013 } = builtInCatalogs();
	return directiveContextAt(line, column, createControlIdResolver(c2022, [c2013]).looksLikeId, lineEnd);
}

function tokenAt(marked: string) {
	const column = marked.indexOf('|');
	return directiveTokenAt(marked.slice(0, column) + marked.slice(column + 1), column);
}

describe('directive context at the cursor', () => {
	it('offers IDs right after the directive and its space', () => {
		const c = at('// @iso27001 |');
		assert.deepEqual(c, { kind: 'ids', directive: 'controls', partial: '', start: 13, end: 13, markerStart: 3, present: [] });
		assert.equal(at('# @iso27001-file |')?.directive, 'file');
		assert.equal(at('  * @iso27001 |')?.kind, 'ids');
	});

	it('returns the partial token and its span, replacing the rest of the token', () => {
		assert.deepEqual(at('// @iso27001 A.8.2|'), { kind: 'ids', directive: 'controls', partial: 'A.8.2', start: 13, end: 18, markerStart: 3, present: [] });
		const mid = at('// @iso27001 A.8|.24 — why');
		assert.equal(mid?.partial, 'A.8');
		assert.equal(mid?.end, 19);
		assert.equal(at('// @iso27001 crypto|')?.partial, 'crypto');
	});

	it('offers after each separator, listing the IDs already written', () => {
		assert.deepEqual(at('// @iso27001 A.8.24, |')?.present, ['A.8.24']);
		assert.deepEqual(at('// @iso27001 A.8.24,|')?.partial, '');
		const c = at('// @iso27001 A.8.24, A.5.17 A.8|');
		assert.deepEqual(c?.present, ['A.8.24', 'A.5.17']);
		assert.equal(c?.partial, 'A.8');
		assert.deepEqual(at('// @iso27001 A.9.4.1 |')?.present, ['A.9.4.1'], 'legacy IDs keep the list open');
		assert.deepEqual(at('// @iso27001 A8.24 |')?.present, ['A8.24'], 'so do mistyped IDs');
	});

	it('offers nothing once the rationale has started', () => {
		assert.equal(at('// @iso27001 A.8.24 — |'), null);
		assert.equal(at('// @iso27001 A.8.24 —|'), null);
		assert.equal(at('// @iso27001 A.8.24 - |'), null);
		assert.equal(at('// @iso27001 A.8.24 -|'), null);
		assert.equal(at('// @iso27001 A.8.24: |'), null);
		assert.equal(at('// @iso27001 A.8.24:|'), null);
		assert.equal(at('// @iso27001 A.8.24 AES keys |'), null);
		assert.equal(at('// @iso27001 crypto |'), null, 'a word that is no ID starts the rationale');
		assert.equal(at('// @iso27001 A.8.24 — uses A.8.5 |'), null);
	});

	it('offers nothing outside a directive or on the directive word', () => {
		assert.equal(at('const x = 1; |'), null);
		assert.equal(at('// see docs |'), null);
		assert.equal(at('// @iso27001|'), null);
		assert.equal(at('// @iso2700|'), null);
		assert.equal(at('// @iso27001-fi|'), null);
		assert.equal(at('// @iso27001-bogus |'), null);
		assert.equal(at('// mail foo@iso27001 |'), null);
		assert.equal(at('// @iso270011 |'), null);
		assert.equal(at('|// @iso27001 '), null);
	});

	it('offers one category after @iso27001-ignore, then nothing', () => {
		assert.deepEqual(at('// @iso27001-ignore |'), { kind: 'category', directive: 'ignore', partial: '', start: 20, end: 20, markerStart: 3, present: [] });
		assert.equal(at('// @iso27001-ignore cry|')?.partial, 'cry');
		assert.equal(at('// @iso27001-ignore crypto |'), null);
		assert.equal(at('// @iso27001-ignore crypto — |'), null);
		assert.equal(at('// @iso27001-ignore crypto:|'), null);
	});

	it('uses the last directive before the cursor, and stops at the line end it is given', () => {
		assert.equal(at('// @iso27001 A.8.24 — x @iso27001 |')?.present.length, 0);
		assert.equal(at('/* @iso27001 A.8.24 */ |', 19), null);
		assert.equal(at('/* @iso27001 A.8.2| */', 19)?.end, 18);
	});
});

describe('directive token under a position', () => {
	it('finds IDs of @iso27001 and @iso27001-file, including at their end', () => {
		assert.deepEqual(tokenAt('// @iso27001 A.8.24, A.5.|17 — why'), { kind: 'id', directive: 'controls', text: 'A.5.17', start: 21, end: 27 });
		assert.equal(tokenAt('// @iso27001 |A.8.24')?.text, 'A.8.24');
		assert.equal(tokenAt('// @iso27001 A.8.24|')?.text, 'A.8.24');
		assert.equal(tokenAt('# @iso27001-file A.9.|4.1')?.text, 'A.9.4.1');
		assert.equal(tokenAt('// @iso27001 A.8.2|4: envelope')?.text, 'A.8.24', 'glued separator split off');
	});

	it('finds the category of @iso27001-ignore', () => {
		assert.deepEqual(tokenAt('// @iso27001-ignore cry|pto — cache keys'), { kind: 'category', directive: 'ignore', text: 'crypto', start: 20, end: 26 });
	});

	it('ignores the directive word, separators and the rationale', () => {
		assert.equal(tokenAt('// @iso2|7001 A.8.24'), null);
		assert.equal(tokenAt('// @iso27001 A.8.24 |— why'), null);
		assert.equal(tokenAt('// @iso27001 A.8.24 — see A.8.|5'), null);
		assert.equal(tokenAt('// @iso27001-ignore crypto — A.8.|24'), null);
		assert.equal(tokenAt('// A.8.|24'), null);
	});
});
