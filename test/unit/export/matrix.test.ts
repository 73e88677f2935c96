import { strict as assert } from 'node:assert';
import {
	applicabilityText,
	buildMatrix,
	EXCEPTION_COLUMNS,
	exceptionCells,
	formatLines,
	MATRIX_COLUMNS,
	matrixRowCells,
} from '../../../src/core/export/matrix';
import { CATALOG, expectedRowCount, fixtureInput, HOSTILE, LEGACY_CATALOG } from './fixture';

describe('export/matrix', () => {
	const matrix = buildMatrix(fixtureInput());

	it('has the SPEC columns in order', () => {
		assert.deepEqual(
			[...MATRIX_COLUMNS],
			['Control ID', 'Control title', 'Theme', 'Applicability', 'Status', 'File', 'Lines', 'Symbol', 'Rationale', 'Legacy ID', 'Evidence kind'],
		);
		assert.deepEqual([...EXCEPTION_COLUMNS], ['Category', 'File', 'Lines', 'Symbol', 'Reason']);
	});

	it('has one row per (control, location) and one per control without location', () => {
		assert.equal(matrix.rows.length, expectedRowCount());
		assert.equal(matrix.rows.length, 15);
	});

	it('lists controls in catalog order and locations by file, then line', () => {
		const ids = [...new Set(matrix.rows.map((r) => r.controlId))];
		assert.deepEqual(ids, CATALOG.controls.map((c) => c.id));
		const crypto = matrix.rows.filter((r) => r.controlId === 'A.8.24').map((r) => `${r.file}:${r.line}`);
		assert.deepEqual(crypto, ['src/a/keys.ts:5', 'src/a/keys.ts:50', 'src/auth/login.ts:12', 'src/z/crypto.ts:30']);
		const access = matrix.rows.filter((r) => r.controlId === 'A.5.15').map((r) => `${r.file}:${r.line}`);
		assert.deepEqual(access, [
			'src/a/keys.ts:5',
			'src/log.ts:8',
			'src/log.ts:20',
			'src/log.ts:30',
			'src/log.ts:31',
			'src/log|pipe.ts:3',
		]);
	});

	it('shows gaps as rows without location', () => {
		const gap = matrix.rows.find((r) => r.controlId === 'A.5.17');
		assert.ok(gap);
		assert.equal(gap.status, 'uncovered');
		assert.equal(gap.file, null);
		assert.equal(gap.startLine, null);
		assert.equal(gap.rationale, '');
		assert.deepEqual(matrixRowCells(gap), [
			'A.5.17', 'Authentication information', 'A.5 Organizational', 'Applicable', 'uncovered', '', '', '', '', '', '',
		]);
	});

	it('keeps the locations of a control excluded by the SoA, with status excluded', () => {
		const rows = matrix.rows.filter((r) => r.controlId === 'A.7.4');
		assert.equal(rows.length, 1);
		assert.equal(rows[0].status, 'excluded');
		assert.equal(rows[0].file, 'src/site.ts');
		assert.equal(rows[0].rationale, HOSTILE.minus);
		assert.equal(applicabilityText(rows[0]), 'Not applicable — Cloud hosted; provider monitors premises');
		const perimeter = matrix.rows.find((r) => r.controlId === 'A.7.1');
		assert.equal(perimeter?.status, 'excluded');
		assert.equal(perimeter?.file, null);
	});

	it('formats lines with an en dash, or a single line', () => {
		assert.equal(formatLines(12, 40), '12–40');
		assert.equal(formatLines(12, 12), '12');
		assert.equal(formatLines(null, null), '');
		const login = matrix.rows.find((r) => r.controlId === 'A.8.5');
		assert.equal(login && matrixRowCells(login)[6], '13–40');
		assert.equal(login && matrixRowCells(login)[7], 'AuthService.login');
	});

	it('lists legacy IDs, filtered by the legacy catalog when given', () => {
		const legacyOf = (m: ReturnType<typeof buildMatrix>, id: string): string[] =>
			m.rows.filter((r) => r.controlId === id && r.file === 'src/auth/login.ts').flatMap((r) => [...r.legacyIds]);
		assert.deepEqual(legacyOf(matrix, 'A.8.5'), ['A.9.4.2']);
		assert.deepEqual(legacyOf(matrix, 'A.8.24'), ['A.9.4.2']);
		const mapped = buildMatrix(fixtureInput({ legacyCatalog: LEGACY_CATALOG }));
		assert.deepEqual(legacyOf(mapped, 'A.8.5'), ['A.9.4.2']);
		assert.deepEqual(legacyOf(mapped, 'A.8.24'), []);
	});

	it('builds the header: provenance, counts and per-theme coverage', () => {
		const h = matrix.header;
		assert.deepEqual(h.tool, { name: 'iso27001', version: '0.1.0' });
		assert.equal(h.catalog.id, 'iso27001-2022');
		assert.equal(h.catalog.title, 'ISO/IEC 27001:2022 Annex A');
		assert.equal(h.generatedAt, '2024-05-01T12:00:00.000Z');
		assert.equal(h.commit, '0123456789abcdef0123456789abcdef01234567');
		assert.equal(h.root, '/repo');
		assert.deepEqual(h.coverage, { percent: 60, covered: 3, uncovered: 2, excluded: 2, applicable: 5, unmapped: 0 });
		assert.deepEqual(h.themes, [
			{ id: 'A.5', name: 'Organizational', covered: 1, applicable: 2, percent: 50 },
			{ id: 'A.7', name: 'Physical', covered: 0, applicable: 0, percent: null },
			{ id: 'A.8', name: 'Technological', covered: 2, applicable: 3, percent: 66.7 },
		]);
	});

	it('keeps a null commit outside git', () => {
		const input = fixtureInput();
		const m = buildMatrix({ ...input, meta: { ...input.meta, commit: null } });
		assert.equal(m.header.commit, null);
	});

	it('lists exceptions by file, then line', () => {
		assert.deepEqual(
			matrix.exceptions.map(exceptionCells),
			[
				['logging', 'src/audit.ts', '3–7', 'audit', HOSTILE.script],
				['crypto', 'src/cache.ts', '10', '', '-2 md5, "not security"\nonly cache keys'],
			],
		);
	});

	it('falls back when coverage lacks a control, and appends controls the catalog lacks', () => {
		const input = fixtureInput();
		const controls = input.result.coverage.controls.filter((c) => c.id !== 'A.8.24');
		const extra = { id: 'X.1', title: 'Custom', theme: 'X', status: 'uncovered' as const, locations: 0 };
		const m = buildMatrix({ ...input, result: { ...input.result, coverage: { percent: 60, controls: [...controls, extra] } } });
		assert.equal(m.rows.find((r) => r.controlId === 'A.8.24')?.status, 'covered');
		const last = m.rows[m.rows.length - 1];
		assert.equal(last.controlId, 'X.1');
		assert.equal(last.themeName, 'X');
		assert.equal(matrixRowCells(last)[2], 'X');
	});

	it('is deterministic', () => {
		assert.deepEqual(buildMatrix(fixtureInput()), matrix);
	});
});
