import { strict as assert } from 'node:assert';
import {
	buildMatrix,
	EXPORT_FORMATS,
	fileExtension,
	isExportFormat,
	renderMatrix,
	toCsv,
	toHtml,
	toJson,
	toMarkdown,
} from '../../../src/core/export';
import { fixtureInput } from './fixture';

describe('export/index', () => {
	const matrix = buildMatrix(fixtureInput());

	it('lists the four formats', () => {
		assert.deepEqual([...EXPORT_FORMATS], ['csv', 'markdown', 'html', 'json']);
		assert.ok(isExportFormat('html'));
		assert.equal(isExportFormat('xlsx'), false);
	});

	it('renders each format with its renderer', () => {
		assert.equal(renderMatrix('csv', matrix), toCsv(matrix));
		assert.equal(renderMatrix('markdown', matrix), toMarkdown(matrix));
		assert.equal(renderMatrix('html', matrix), toHtml(matrix));
		assert.equal(renderMatrix('json', matrix), toJson(matrix));
	});

	it('gives file extensions', () => {
		assert.deepEqual(EXPORT_FORMATS.map(fileExtension), ['csv', 'md', 'html', 'json']);
	});
});
