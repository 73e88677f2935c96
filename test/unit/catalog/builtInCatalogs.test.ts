import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import {
	BUILT_IN_CATALOG_IDS,
	builtInCatalogPath,
	CatalogIndex,
	loadCatalogFile,
} from '../../../src/core/catalog';
import type { Catalog } from '../../../src/core/types';

const controlsDir = path.join(__dirname, '../../../controls');
const load = (id: (typeof BUILT_IN_CATALOG_IDS)[number]): Catalog => loadCatalogFile(builtInCatalogPath(id, controlsDir));

/** The 2022 controls with no 2013 predecessor. */
const NEW_2022 = ['A.5.7', 'A.5.23', 'A.5.30', 'A.7.4', 'A.8.9', 'A.8.10', 'A.8.11', 'A.8.12', 'A.8.16', 'A.8.23', 'A.8.28'];

function countsByTheme(catalog: Catalog): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const theme of catalog.themes) {
		counts[theme.id] = 0;
	}
	for (const control of catalog.controls) {
		counts[control.theme]++;
	}
	return counts;
}

function titleOf(catalog: Catalog, id: string): string | undefined {
	return catalog.controls.find((c) => c.id === id)?.title;
}

describe('built-in catalogs', () => {
	const c2022 = load('iso27001-2022');
	const c2013 = load('iso27001-2013');

	it('lists both built-in catalogs, current first', () => {
		assert.deepEqual([...BUILT_IN_CATALOG_IDS], ['iso27001-2022', 'iso27001-2013']);
		assert.equal(builtInCatalogPath('iso27001-2013', controlsDir), path.join(controlsDir, 'iso27001-2013.yaml'));
	});

	describe('iso27001-2022', () => {
		it('has the expected header', () => {
			assert.equal(c2022.id, 'iso27001-2022');
			assert.equal(c2022.framework, 'ISO/IEC 27001');
			assert.equal(c2022.version, '2022');
			assert.equal(c2022.title, 'ISO/IEC 27001:2022 Annex A');
			assert.equal(c2022.legacyOf, undefined);
			assert.deepEqual(c2022.themes, [
				{ id: 'A.5', name: 'Organizational' },
				{ id: 'A.6', name: 'People' },
				{ id: 'A.7', name: 'Physical' },
				{ id: 'A.8', name: 'Technological' },
			]);
		});

		it('has 37/8/14/34 = 93 controls', () => {
			assert.deepEqual(countsByTheme(c2022), { 'A.5': 37, 'A.6': 8, 'A.7': 14, 'A.8': 34 });
			assert.equal(c2022.controls.length, 93);
		});

		it('numbers controls consecutively within each theme, in order', () => {
			const expected = [
				...Array.from({ length: 37 }, (_, i) => `A.5.${i + 1}`),
				...Array.from({ length: 8 }, (_, i) => `A.6.${i + 1}`),
				...Array.from({ length: 14 }, (_, i) => `A.7.${i + 1}`),
				...Array.from({ length: 34 }, (_, i) => `A.8.${i + 1}`),
			];
			assert.deepEqual(c2022.controls.map((c) => c.id), expected);
			for (const c of c2022.controls) {
				assert.ok(c.id.startsWith(`${c.theme}.`), c.id);
			}
		});

		it('uses the standard titles', () => {
			const titles: Record<string, string> = {
				'A.5.1': 'Policies for information security',
				'A.5.7': 'Threat intelligence',
				'A.5.9': 'Inventory of information and other associated assets',
				'A.5.13': 'Labelling of information',
				'A.5.17': 'Authentication information',
				'A.5.22': 'Monitoring, review and change management of supplier services',
				'A.5.23': 'Information security for use of cloud services',
				'A.5.24': 'Information security incident management planning and preparation',
				'A.5.30': 'ICT readiness for business continuity',
				'A.5.31': 'Legal, statutory, regulatory and contractual requirements',
				'A.5.34': 'Privacy and protection of PII',
				'A.5.36': 'Compliance with policies, rules and standards for information security',
				'A.5.37': 'Documented operating procedures',
				'A.6.3': 'Information security awareness, education and training',
				'A.6.6': 'Confidentiality or non-disclosure agreements',
				'A.6.8': 'Information security event reporting',
				'A.7.4': 'Physical security monitoring',
				'A.7.7': 'Clear desk and clear screen',
				'A.7.14': 'Secure disposal or re-use of equipment',
				'A.8.1': 'User endpoint devices',
				'A.8.5': 'Secure authentication',
				'A.8.16': 'Monitoring activities',
				'A.8.17': 'Clock synchronization',
				'A.8.20': 'Networks security',
				'A.8.24': 'Use of cryptography',
				'A.8.25': 'Secure development life cycle',
				'A.8.28': 'Secure coding',
				'A.8.31': 'Separation of development, test and production environments',
				'A.8.34': 'Protection of information systems during audit testing',
			};
			for (const [id, title] of Object.entries(titles)) {
				assert.equal(titleOf(c2022, id), title, id);
			}
		});
	});

	describe('iso27001-2013', () => {
		it('has the expected header', () => {
			assert.equal(c2013.id, 'iso27001-2013');
			assert.equal(c2013.framework, 'ISO/IEC 27001');
			assert.equal(c2013.version, '2013');
			assert.equal(c2013.legacyOf, 'iso27001-2022');
			assert.equal(c2013.themes.length, 14);
			assert.deepEqual(c2013.themes.find((t) => t.id === 'A.9'), { id: 'A.9', name: 'Access control' });
			assert.equal(c2013.themes.find((t) => t.id === 'A.14')?.name, 'System acquisition, development and maintenance');
			assert.equal(c2013.themes.find((t) => t.id === 'A.17')?.name, 'Information security aspects of business continuity management');
		});

		it('has the 14 clause counts = 114 controls', () => {
			assert.deepEqual(countsByTheme(c2013), {
				'A.5': 2, 'A.6': 7, 'A.7': 6, 'A.8': 10, 'A.9': 14, 'A.10': 2, 'A.11': 15,
				'A.12': 14, 'A.13': 7, 'A.14': 13, 'A.15': 5, 'A.16': 7, 'A.17': 4, 'A.18': 8,
			});
			assert.equal(c2013.controls.length, 114);
			for (const c of c2013.controls) {
				assert.ok(c.id.startsWith(`${c.theme}.`), c.id);
			}
		});

		it('uses the standard titles', () => {
			const titles: Record<string, string> = {
				'A.5.1.2': 'Review of the policies for information security',
				'A.6.2.1': 'Mobile device policy',
				'A.6.2.2': 'Teleworking',
				'A.7.3.1': 'Termination or change of employment responsibilities',
				'A.8.2.3': 'Handling of assets',
				'A.9.2.4': 'Management of secret authentication information of users',
				'A.9.4.2': 'Secure log-on procedures',
				'A.9.4.3': 'Password management system',
				'A.9.4.5': 'Access control to program source code',
				'A.10.1.1': 'Policy on the use of cryptographic controls',
				'A.10.1.2': 'Key management',
				'A.11.1.4': 'Protecting against external and environmental threats',
				'A.11.1.6': 'Delivery and loading areas',
				'A.11.2.9': 'Clear desk and clear screen policy',
				'A.12.1.4': 'Separation of development, testing and operational environments',
				'A.12.4.3': 'Administrator and operator logs',
				'A.12.4.4': 'Clock synchronisation',
				'A.13.2.4': 'Confidentiality or nondisclosure agreements',
				'A.14.1.1': 'Information security requirements analysis and specification',
				'A.14.2.3': 'Technical review of applications after operating platform changes',
				'A.15.1.3': 'Information and communication technology supply chain',
				'A.16.1.4': 'Assessment of and decision on information security events',
				'A.17.1.3': 'Verify, review and evaluate information security continuity',
				'A.18.1.4': 'Privacy and protection of personally identifiable information',
				'A.18.2.3': 'Technical compliance review',
			};
			for (const [id, title] of Object.entries(titles)) {
				assert.equal(titleOf(c2013, id), title, id);
			}
		});

		it('maps 2013 controls to their 2022 successors (ISO/IEC 27002:2022 Table B.2)', () => {
			const mappings: Record<string, string[]> = {
				'A.5.1.1': ['A.5.1'],
				'A.5.1.2': ['A.5.1'],
				'A.6.1.5': ['A.5.8'],
				'A.6.2.1': ['A.8.1'],
				'A.6.2.2': ['A.6.7'],
				'A.7.2.1': ['A.5.4'],
				'A.8.1.2': ['A.5.9'],
				'A.8.1.3': ['A.5.10'],
				'A.8.2.3': ['A.5.10'],
				'A.8.3.3': ['A.7.10'],
				'A.9.1.2': ['A.5.15'],
				'A.9.2.3': ['A.8.2'],
				'A.9.2.4': ['A.5.17'],
				'A.9.2.6': ['A.5.18'],
				'A.9.3.1': ['A.5.17'],
				'A.9.4.1': ['A.8.3'],
				'A.9.4.2': ['A.8.5'],
				'A.9.4.3': ['A.5.17'],
				'A.10.1.1': ['A.8.24'],
				'A.10.1.2': ['A.8.24'],
				'A.11.1.1': ['A.7.1'],
				'A.11.1.6': ['A.7.2'],
				'A.11.2.5': ['A.7.10'],
				'A.11.2.8': ['A.8.1'],
				'A.12.1.2': ['A.8.32'],
				'A.12.4.1': ['A.8.15'],
				'A.12.4.2': ['A.8.15'],
				'A.12.4.3': ['A.8.15'],
				'A.12.4.4': ['A.8.17'],
				'A.12.6.1': ['A.8.8'],
				'A.12.6.2': ['A.8.19'],
				'A.13.1.1': ['A.8.20'],
				'A.13.2.1': ['A.5.14'],
				'A.13.2.2': ['A.5.14'],
				'A.13.2.3': ['A.5.14'],
				'A.13.2.4': ['A.6.6'],
				'A.14.1.1': ['A.5.8'],
				'A.14.1.3': ['A.8.26'],
				'A.14.2.1': ['A.8.25'],
				'A.14.2.5': ['A.8.27'],
				'A.14.2.6': ['A.8.31'],
				'A.14.2.9': ['A.8.29'],
				'A.16.1.2': ['A.6.8'],
				'A.16.1.3': ['A.6.8'],
				'A.17.2.1': ['A.8.14'],
				'A.18.1.1': ['A.5.31'],
				'A.18.1.2': ['A.5.32'],
				'A.18.1.5': ['A.5.31'],
				'A.18.2.1': ['A.5.35'],
				'A.18.2.3': ['A.5.36', 'A.8.8'],
			};
			const index = new CatalogIndex(c2022, c2013);
			for (const [id, targets] of Object.entries(mappings)) {
				assert.deepEqual(index.mapLegacy(id), targets, id);
			}
		});

		it('merges several 2013 controls into one 2022 control where the standard does', () => {
			const sources = (target: string): string[] =>
				c2013.controls.filter((c) => c.mapsTo?.includes(target)).map((c) => c.id);
			assert.deepEqual(sources('A.8.32'), ['A.12.1.2', 'A.14.2.2', 'A.14.2.3', 'A.14.2.4']);
			assert.deepEqual(sources('A.7.10'), ['A.8.3.1', 'A.8.3.2', 'A.8.3.3', 'A.11.2.5']);
			assert.deepEqual(sources('A.5.17'), ['A.9.2.4', 'A.9.3.1', 'A.9.4.3']);
			assert.deepEqual(sources('A.5.18'), ['A.9.2.2', 'A.9.2.5', 'A.9.2.6']);
			assert.deepEqual(sources('A.5.29'), ['A.17.1.1', 'A.17.1.2', 'A.17.1.3']);
			assert.deepEqual(sources('A.8.8'), ['A.12.6.1', 'A.18.2.3']);
			assert.deepEqual(sources('A.7.2'), ['A.11.1.2', 'A.11.1.6']);
		});

		it('maps every 2013 control to at least one 2022 control', () => {
			for (const c of c2013.controls) {
				assert.ok((c.mapsTo?.length ?? 0) >= 1, c.id);
			}
			assert.equal(c2013.controls.reduce((n, c) => n + (c.mapsTo?.length ?? 0), 0), 115);
		});

		it('targets every 2022 control except the 11 new ones', () => {
			const targets = new Set(c2013.controls.flatMap((c) => c.mapsTo ?? []));
			for (const c of c2022.controls) {
				assert.equal(targets.has(c.id), !NEW_2022.includes(c.id), c.id);
			}
			assert.equal(targets.size, 93 - 11);
		});
	});

	for (const catalog of [c2022, c2013]) {
		it(`${catalog.id}: every description is one sentence of its own`, () => {
			assert.equal(new Set(catalog.controls.map((c) => c.description)).size, catalog.controls.length, 'descriptions must be distinct');
			for (const c of catalog.controls) {
				assert.match(c.description, /^[A-Z][^\n]*[a-z)]\.$/, `${c.id}: ${c.description}`);
				assert.doesNotMatch(c.description.slice(0, -1), /[.!?](\s|$)/, `${c.id} has more than one sentence`);
				assert.notEqual(c.description.toLowerCase(), c.title.toLowerCase(), c.id);
				assert.notEqual(c.description.slice(0, -1).toLowerCase(), c.title.toLowerCase(), c.id);
				assert.ok(c.description.length >= 30 && c.description.length <= 200, `${c.id}: length ${c.description.length}`);
			}
		});

		it(`${catalog.id}: titles are capitalised only at the start (bar acronyms)`, () => {
			for (const c of catalog.controls) {
				assert.match(c.title, /^[A-Z]/, c.id);
				const rest = c.title.split(' ').slice(1).filter((w) => !/^(ICT|PII)$/.test(w));
				for (const w of rest) {
					assert.match(w, /^[^A-Z]/, `${c.id}: ${c.title}`);
				}
			}
		});
	}
});
