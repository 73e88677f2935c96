import { strict as assert } from 'node:assert';
import { buildMatrix, matrixRowCells, MATRIX_COLUMNS } from '../../../src/core/export/matrix';
import { fixtureInput, fixtureResult } from './fixture';

describe('export/matrix: evidence kind', () => {
	it('is code for code, document for Markdown, AsciiDoc and reStructuredText, empty for a gap', () => {
		const base = fixtureResult();
		const doc = (file: string, controls: string[]) => ({
			file, line: 1, controls, legacyIds: [], rationale: 'policy', scope: { kind: 'file' as const, startLine: 1, endLine: 9, symbol: null },
		});
		const annotations = [...base.annotations, doc('docs/access.md', ['A.5.17']), doc('docs/ir.rst', ['A.8.15']), doc('docs/k.adoc', ['A.8.15'])];
		const matrix = buildMatrix(fixtureInput({ result: { ...base, annotations } }));
		const kindOf = (id: string) => matrix.rows.filter((r) => r.controlId === id).map((r) => [r.file, r.evidenceKind]);
		assert.deepEqual(kindOf('A.5.17'), [['docs/access.md', 'document']]);
		assert.deepEqual(kindOf('A.8.15'), [['docs/ir.rst', 'document'], ['docs/k.adoc', 'document']]);
		assert.deepEqual(kindOf('A.8.5'), [['src/auth/login.ts', 'code']]);
		assert.deepEqual(kindOf('A.7.1'), [[null, null]]);
		const column = MATRIX_COLUMNS.indexOf('Evidence kind');
		assert.equal(matrixRowCells(matrix.rows.find((r) => r.controlId === 'A.5.17')!)[column], 'document');
		assert.equal(matrixRowCells(matrix.rows.find((r) => r.controlId === 'A.7.1')!)[column], '');
	});
});
