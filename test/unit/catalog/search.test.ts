import { strict as assert } from 'node:assert';
import { catalogLookup, searchControls } from '../../../src/core/catalog/search';
import { byRelevance } from '../../../src/core/catalog/relevance';
import type { Catalog } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

const ids = (catalog: Catalog, query: string, limit?: number): string[] => searchControls(catalog, query, limit).map((m) => m.control.id);

describe('catalog search', () => {
	const { c2022, c2013 } = builtInCatalogs();
	const a82x = ['A.8.2', 'A.8.20', 'A.8.21', 'A.8.22', 'A.8.23', 'A.8.24', 'A.8.25', 'A.8.26', 'A.8.27', 'A.8.28', 'A.8.29'];

	it('returns every control in catalog order for an empty query', () => {
		assert.deepEqual(ids(c2022, ''), c2022.controls.map((c) => c.id));
		assert.deepEqual(ids(c2022, '   ', 3), ['A.5.1', 'A.5.2', 'A.5.3']);
	});

	it('matches an ID prefix with or without the A. prefix, exact match first', () => {
		assert.deepEqual(ids(c2022, '8.2'), a82x);
		assert.deepEqual(ids(c2022, 'A.8.2'), a82x);
		assert.deepEqual(ids(c2022, 'a.8.2'), a82x);
		assert.deepEqual(ids(c2022, 'A.8.24'), ['A.8.24']);
		assert.equal(searchControls(c2022, 'A.8.24')[0].via, 'id');
	});

	it('matches compact IDs without dots, below written prefixes', () => {
		assert.deepEqual(ids(c2022, 'a82'), a82x);
		assert.deepEqual(ids(c2022, '824'), ['A.8.24']);
		assert.deepEqual(ids(c2022, 'a824'), ['A.8.24']);
	});

	it('lists a whole theme for its prefix, in catalog order', () => {
		assert.equal(ids(c2022, 'A.6.').length, 8);
		assert.equal(ids(c2022, 'A.').length, 93);
		assert.deepEqual(ids(c2022, '7.1'), ['A.7.1', 'A.7.10', 'A.7.11', 'A.7.12', 'A.7.13', 'A.7.14']);
	});

	it('finds A.8.24 "Use of cryptography" first for crypto, case-insensitively', () => {
		for (const q of ['crypto', 'CRYPTO', 'Cryptography', 'crypt']) {
			assert.equal(ids(c2022, q)[0], 'A.8.24', q);
		}
		const hits = searchControls(c2022, 'crypto');
		assert.equal(hits[0].via, 'text');
		assert.ok(hits.every((h, i) => i === 0 || h.score <= hits[i - 1].score));
	});

	it('matches description words: password finds A.5.17 Authentication information', () => {
		assert.equal(ids(c2022, 'password')[0], 'A.5.17');
		assert.equal(ids(c2022, 'passwords')[0], 'A.5.17');
		assert.equal(ids(c2013, 'password')[0], 'A.9.4.3', 'the 2013 title "Password management system" first');
	});

	it('ranks title matches above description matches, whole words above prefixes', () => {
		const log = ids(c2022, 'log');
		assert.equal(log[0], 'A.8.15', 'Logging');
		assert.ok(log.includes('A.5.17'), 'description "never logged"');
		const auth = ids(c2022, 'authentication');
		assert.deepEqual(auth.slice(0, 2).sort(), ['A.5.17', 'A.8.5']);
	});

	it('ANDs the words of a multi-word query, any order, word prefixes counting', () => {
		assert.deepEqual(ids(c2022, 'secure coding'), ['A.8.28']);
		assert.deepEqual(ids(c2022, 'coding secure'), ['A.8.28']);
		assert.equal(ids(c2022, 'access control')[0], 'A.5.15');
		assert.deepEqual(ids(c2022, 'netw sec').slice(0, 2), ['A.8.20', 'A.8.21']);
		assert.equal(ids(c2022, 'network sec')[0], 'A.8.21', 'a whole word beats a prefix (network vs Networks)');
		assert.deepEqual(ids(c2022, 'crypto zebra'), []);
	});

	it('matches theme names: technological gives only A.8 controls', () => {
		const tech = ids(c2022, 'technological');
		assert.equal(tech.length, 34);
		assert.ok(tech.every((id) => id.startsWith('A.8.')));
	});

	it('returns nothing for unknown words, IDs or punctuation', () => {
		assert.deepEqual(ids(c2022, 'xyzzy'), []);
		assert.deepEqual(ids(c2022, 'A.9.9'), []);
		assert.deepEqual(ids(c2022, '—'), []);
	});

	it('respects the limit', () => {
		assert.deepEqual(ids(c2022, '8.2', 3), ['A.8.2', 'A.8.20', 'A.8.21']);
		assert.deepEqual(ids(c2022, 'crypto', 0), []);
	});

	it('searches custom catalogs with other ID styles', () => {
		const custom: Catalog = {
			id: 'acme', framework: 'ACME', version: '1', title: 'ACME controls', source: 'acme.yaml',
			themes: [{ id: 'SEC', name: 'Security' }],
			controls: [
				{ id: 'SEC-01', title: 'Key rotation', theme: 'SEC', description: 'Rotate signing keys yearly.' },
				{ id: 'SEC-02', title: 'Audit trail', theme: 'SEC', description: 'Log privileged actions.' },
				{ id: 'SEC-10', title: 'Password storage', theme: 'SEC', description: 'Hash with a slow KDF.' },
			],
		};
		assert.deepEqual(ids(custom, 'sec-0'), ['SEC-01', 'SEC-02']);
		assert.deepEqual(ids(custom, '1'), ['SEC-10']);
		assert.deepEqual(ids(custom, '01'), ['SEC-01']);
		assert.deepEqual(ids(custom, 'sec1'), ['SEC-10']);
		assert.deepEqual(ids(custom, 'audit'), ['SEC-02']);
		assert.deepEqual(ids(custom, 'security'), ['SEC-01', 'SEC-02', 'SEC-10']);
	});

	it('looks controls and themes up by ID, cached per catalog', () => {
		const lookup = catalogLookup(c2022);
		assert.equal(lookup, catalogLookup(c2022));
		assert.equal(lookup.control('A.8.24')?.title, 'Use of cryptography');
		assert.equal(lookup.control('A.9.4.1'), undefined);
		assert.equal(lookup.theme('A.8')?.name, 'Technological');
		assert.deepEqual(catalogLookup(c2013).control('A.9.4.1')?.mapsTo, ['A.8.3']);
	});

});

describe('catalog: completion relevance', () => {
	const { c2022 } = builtInCatalogs();
	const ids = (ms: readonly { control: { id: string } }[]): string[] => ms.map((m) => m.control.id);
	const none = { suggested: [], used: new Map<string, number>(), excluded: () => false };

	it('keeps the catalog order when nothing else is known', () => {
		assert.deepEqual(ids(byRelevance(searchControls(c2022, ''), none)).slice(0, 3), ['A.5.1', 'A.5.2', 'A.5.3']);
	});

	it('puts what the covered code calls for first, then what the workspace uses, excluded controls last', () => {
		const ranked = ids(byRelevance(searchControls(c2022, ''), {
			suggested: ['A.8.5', 'A.5.17'], used: new Map([['A.8.24', 3], ['A.8.15', 1], ['A.5.1', 0]]), excluded: (id) => id === 'A.5.17' || id === 'A.5.2',
		}));
		assert.deepEqual(ranked.slice(0, 4), ['A.8.5', 'A.8.24', 'A.8.15', 'A.5.1']);
		assert.deepEqual(ranked.slice(-2), ['A.5.17', 'A.5.2'], 'excluded last, in the same order among themselves');
		assert.equal(ranked.length, 93);
	});

	it('lets the typed text decide first', () => {
		const ranked = ids(byRelevance(searchControls(c2022, '8.2'), { ...none, suggested: ['A.8.24'] }));
		assert.equal(ranked[0], 'A.8.2', 'the exact ID before the suggestion');
		assert.equal(ranked[1], 'A.8.24', 'the suggestion first among the prefix matches');
	});
});
