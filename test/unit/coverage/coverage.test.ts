import { strict as assert } from 'node:assert';
import { computeCoverage, coverageByTheme, percentOf } from '../../../src/core/coverage/coverage';
import type { Annotation } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

const at = (controls: string[]): Annotation => ({ file: 'a.ts', line: 1, controls, legacyIds: [], rationale: '', scope: { kind: 'file', startLine: 1, endLine: 1, symbol: null } });

describe('coverage', () => {
	it('lists every control with covered / uncovered / excluded and the percent over applicable controls', () => {
		const { c2022 } = builtInCatalogs();
		const cov = computeCoverage(c2022, [at(['A.8.24', 'A.5.17']), at(['A.8.24']), at(['A.7.4'])], {
			'A.7.4': { applicable: false, justification: 'cloud' }, 'A.7.1': { applicable: false, justification: 'cloud' },
		});
		assert.equal(cov.controls.length, 93);
		const byId = new Map(cov.controls.map((c) => [c.id, c]));
		assert.deepEqual(byId.get('A.8.24'), { id: 'A.8.24', title: 'Use of cryptography', theme: 'Technological', status: 'covered', locations: 2 });
		assert.equal(byId.get('A.5.17')?.status, 'covered');
		assert.equal(byId.get('A.7.4')?.status, 'excluded');
		assert.equal(byId.get('A.7.4')?.locations, 1);
		assert.equal(byId.get('A.5.1')?.status, 'uncovered');
		assert.equal(cov.percent, percentOf(2, 91));
		assert.equal(cov.percent, 2.2);
		const themes = coverageByTheme(cov);
		assert.deepEqual(themes.map((t) => [t.theme, t.covered, t.applicable, t.excluded]), [
			['Organizational', 1, 37, 0], ['People', 0, 8, 0], ['Physical', 0, 12, 2], ['Technological', 1, 34, 0],
		]);
	});

	it('is 100% when nothing is applicable', () => {
		assert.equal(percentOf(0, 0), 100);
	});
});
