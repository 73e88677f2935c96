import { strict as assert } from 'node:assert';
import { parse } from 'csv-parse/sync';
import {
	CSV_COLUMNS,
	CSV_EXCEPTION_STATUS,
	defuseFormula,
	quoteField,
	toCsv,
} from '../../../src/core/export/csv';
import { buildMatrix, exceptionCells, MATRIX_COLUMNS, matrixRowCells } from '../../../src/core/export/matrix';
import { expectedRowCount, fixtureInput, HOSTILE } from './fixture';

describe('export/csv', () => {
	const matrix = buildMatrix(fixtureInput());
	const text = toCsv(matrix);
	const records = parse(text, { bom: true });
	const provenance = [
		'ISO/IEC 27001:2022 Annex A (iso27001-2022)',
		'iso27001 0.1.0',
		'2024-05-01T12:00:00.000Z',
		'0123456789abcdef0123456789abcdef01234567',
	];

	it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
		assert.ok(text.startsWith('\uFEFF'));
		assert.ok(text.endsWith('\r\n'));
		// Outside quoted fields there is no bare LF: strip quoted fields, then check.
		const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
		assert.equal(/[^\r]\n/.test(unquoted), false);
		assert.equal(/\r[^\n]/.test(unquoted), false);
	});

	it('parses back: column titles, then the matrix rows, then the exceptions', () => {
		assert.deepEqual(records[0], [...CSV_COLUMNS]);
		assert.deepEqual(records[0].slice(0, 11), [...MATRIX_COLUMNS]);
		assert.equal(records.length, 1 + matrix.rows.length + matrix.exceptions.length);
		matrix.rows.forEach((row, i) => {
			const expected = [...matrixRowCells(row), '', '', ...provenance].map(defuseFormula);
			assert.deepEqual(records[i + 1], expected, `row ${i + 1}`);
		});
		assert.ok(records.every((r) => r.length === CSV_COLUMNS.length));
	});

	it('lists accepted exceptions as rows with their own status, category and reason', () => {
		const rows = records.slice(1 + matrix.rows.length);
		assert.equal(rows.length, 2);
		matrix.exceptions.forEach((e, i) => {
			const [category, file, lines, symbol, reason] = exceptionCells(e);
			const r = rows[i];
			assert.deepEqual(r.slice(0, 4), ['', '', '', '']);
			assert.equal(r[4], CSV_EXCEPTION_STATUS);
			assert.deepEqual([r[5], r[6], r[7], r[8]], [file, lines, symbol, defuseFormula(reason)]);
			assert.equal(r[10], '');
			assert.equal(r[11], category);
		});
		assert.equal(rows[1][8], `'-2 md5, "not security"\nonly cache keys`);
	});

	it('keeps quotes, commas, newlines and HTML intact', () => {
		const values = records.flat();
		assert.ok(values.includes(HOSTILE.quoted));
		assert.ok(values.includes(HOSTILE.script));
		assert.ok(values.includes(HOSTILE.pipes));
		assert.ok(values.includes(HOSTILE.apostrophe));
		assert.ok(text.includes('"AES-256-GCM, ""authenticated""\nencryption"'));
		assert.ok(values.includes('Not applicable — Cloud hosted; provider monitors premises'));
		assert.ok(values.includes('13–40'));
	});

	it('defuses formula injection for each dangerous leading character', () => {
		const rationales = records.slice(1).map((r) => r[8]);
		const cases: [string, string][] = [
			[HOSTILE.hyperlink, `'=HYPERLINK("http://x")`],
			[HOSTILE.plus, `'+1`],
			[HOSTILE.minus, `'-2`],
			[HOSTILE.at, `'@SUM(A1)`],
			[HOSTILE.tab, `'\tTabbed value`],
			[HOSTILE.cr, `'\r=cr-led`],
			[HOSTILE.spaced, `'  =1+1`],
		];
		for (const [raw, defused] of cases) {
			assert.ok(rationales.includes(defused), `${JSON.stringify(raw)} is defused`);
			assert.ok(!rationales.includes(raw), `${JSON.stringify(raw)} does not appear raw`);
		}
		for (const value of records.flat()) {
			assert.equal(/^\s*[=+\-@]|^[\t\r]/.test(value), false, `dangerous field ${JSON.stringify(value)}`);
		}
	});

	it('defuseFormula: only dangerous starts, including after whitespace and full-width signs', () => {
		for (const v of ['=1', '+1', '-1', '@x', '\tx', '\rx', ' =1', '\n+1', '\uFF1D1']) {
			assert.equal(defuseFormula(v), `'${v}`, JSON.stringify(v));
		}
		for (const v of ['', 'A.8.24', 'a=b', '1-2', 'x@y', '— dash', "'already"]) {
			assert.equal(defuseFormula(v), v, JSON.stringify(v));
		}
	});

	it('quoteField: quotes only when RFC 4180 needs it, doubling quotes', () => {
		assert.equal(quoteField('plain'), 'plain');
		assert.equal(quoteField('a,b'), '"a,b"');
		assert.equal(quoteField('say "hi"'), '"say ""hi"""');
		assert.equal(quoteField('a\nb'), '"a\nb"');
		assert.equal(quoteField('a\rb'), '"a\rb"');
	});

	it('leaves the commit column empty outside git', () => {
		const input = fixtureInput({ exceptions: [] });
		const csv = toCsv(buildMatrix({ ...input, meta: { ...input.meta, commit: null } }));
		const parsed = parse(csv, { bom: true });
		assert.ok(parsed.slice(1).every((r) => r[r.length - 1] === ''));
		assert.equal(parsed.length, 1 + expectedRowCount());
	});
});
