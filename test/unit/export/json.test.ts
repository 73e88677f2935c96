import { strict as assert } from 'node:assert';
import { toJson } from '../../../src/core/export/json';
import { buildMatrix, type Matrix } from '../../../src/core/export/matrix';
import { fixtureInput, HOSTILE } from './fixture';

/** Reverses the key order of every object, recursively. */
function shuffleKeys(value: unknown): unknown {
	if (Array.isArray(value)) {return value.map(shuffleKeys);}
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffleKeys(v)]));
	}
	return value;
}

describe('export/json', () => {
	const matrix = buildMatrix(fixtureInput());
	const text = toJson(matrix);

	it('parses back to the same matrix', () => {
		assert.deepEqual(JSON.parse(text), matrix);
		assert.equal(toJson(JSON.parse(text) as Matrix), text);
	});

	it('uses two-space indentation and ends with a newline', () => {
		assert.ok(text.startsWith('{\n  "header": {\n    "title": '));
		assert.ok(text.endsWith('}\n'));
	});

	it('has a stable key order whatever the input order', () => {
		assert.equal(toJson(shuffleKeys(matrix) as Matrix), text);
		const parsed = JSON.parse(text) as Matrix;
		assert.deepEqual(Object.keys(parsed), ['header', 'rows', 'exceptions', 'gaps']);
		assert.deepEqual(Object.keys(parsed.rows[0]), [
			'controlId', 'controlTitle', 'themeId', 'themeName', 'applicable', 'justification', 'status',
			'file', 'line', 'startLine', 'endLine', 'symbol', 'rationale', 'legacyIds', 'evidenceKind',
		]);
	});

	it('keeps hostile values and nulls as data', () => {
		const parsed = JSON.parse(text) as Matrix;
		const rationales = parsed.rows.map((r) => r.rationale);
		for (const v of [HOSTILE.script, HOSTILE.hyperlink, HOSTILE.quoted, HOSTILE.cr]) {assert.ok(rationales.includes(v));}
		const gap = parsed.rows.find((r) => r.controlId === 'A.5.17');
		assert.equal(gap?.file, null);
		assert.equal(parsed.header.themes[1].percent, null);
	});
});
