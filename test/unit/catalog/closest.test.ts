import { strict as assert } from 'node:assert';
import { closestControls } from '../../../src/core/catalog/closest';
import { builtInCatalogs } from '../helpers';

describe('catalog: the closest controls to an unknown ID', () => {
	const { c2022 } = builtInCatalogs();
	const ids = (token: string, text = ''): string[] => closestControls(c2022, token, text).map((c) => c.id);

	it('by number: swapped or mistyped digits, then neighbours in the same theme', () => {
		assert.equal(ids('A.8.42')[0], 'A.8.24', 'swapped digits');
		assert.ok(ids('A.8.99').includes('A.8.9'), ids('A.8.99').join());
		assert.ok(ids('A.8.35').every((id) => id.startsWith('A.8.')), ids('A.8.35').join());
		assert.equal(ids('A.5.377')[0], 'A.5.37');
		assert.ok(ids('A.8.42').length <= 3);
	});

	it('by title words of the rationale, after the numbers', () => {
		const got = ids('A.8.42', 'cryptographic keys of the audit logging');
		assert.deepEqual(got.slice(0, 1), ['A.8.24']);
		assert.ok(got.includes('A.8.15'), `logging: ${got.join()}`);
		assert.equal(ids('X', 'secure coding rules')[0], 'A.8.28', 'no number: the title alone, most words first');
	});

	it('offers nothing when nothing is close', () => {
		assert.deepEqual(ids('Z', ''), []);
	});
});
