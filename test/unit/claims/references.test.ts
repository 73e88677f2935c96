import { strict as assert } from 'node:assert';
import { ClaimCatalogs } from '../../../src/core/claims/resolve';
import { findReferences } from '../../../src/core/claims/references';
import { fitsTitle, namesTitle } from '../../../src/core/claims/titles';
import { builtInCatalogs } from '../helpers';

describe('claims: references and titles', () => {
	it('finds references in headings, tables, lists and prose with the title given; not in code blocks, comments or longer names', () => {
		const text = [
			'# A.5.15 Access control', //1
			'Setext A.8.24', //2
			'=============', //3
			'- A.8.5: Secure authentication — OIDC', //4
			'1. **A.8.15** (Logging) is kept a year.', //5
			'We meet A.5.17. See [A.8.16](https://x/a) and ISO A.10 Cryptography; v1.A.5.1 and DATA.5.1 and A.5.1x are not.', //6
			'| Control | Title |', //7
			'| `A.8.20` | Networks security |', //8
			'```', //9
			'A.8.9 in a code block', //10
			'```', //11
			'<!-- @iso27001 A.8.10 — an annotation, not a claim -->', //12
		].join('\n');
		assert.deepEqual(findReferences(text).map((r) => [r.id, r.line, r.column, r.context, r.title]), [
			['A.5.15', 1, 3, 'heading', 'Access control'], ['A.8.24', 2, 8, 'heading', ''],
			['A.8.5', 4, 3, 'list', 'Secure authentication'], ['A.8.15', 5, 6, 'list', 'Logging'],
			['A.5.17', 6, 9, 'prose', ''], ['A.8.16', 6, 22, 'prose', ''], ['A.10', 6, 51, 'prose', 'Cryptography'],
			['A.8.20', 8, 4, 'table', 'Networks security'],
		]);
	});

	it('titles: tolerant of case, punctuation and shortening; strict about another control\'s title', () => {
		assert.ok(fitsTitle('USE OF CRYPTOGRAPHY', 'Use of cryptography'));
		assert.ok(fitsTitle('Cryptography', 'Use of cryptography'));
		assert.ok(fitsTitle('Use of cryptography, with KMS-held keys', 'Use of cryptography'));
		assert.ok(fitsTitle('Privacy & protection of PII', 'Privacy and protection of PII'));
		assert.ok(!fitsTitle('Networks security', 'Monitoring activities'));
		assert.equal(namesTitle('Networks security', 'Networks security'), 2);
		assert.equal(namesTitle('availability of information processing facilities', 'Availability of information processing facilities'), 4);
		assert.equal(namesTitle('Compliance review', 'Compliance'), 0, 'a one-word title is not named by a longer text');
		assert.equal(namesTitle('we use strong keys', 'Use of cryptography'), 0);
	});

	it('resolves 2022 and 2013 controls, 2013 objectives and clauses, 2022 themes; names the other control', () => {
		const { c2022, c2013 } = builtInCatalogs();
		const catalogs = new ClaimCatalogs(c2022, c2013);
		const resolve = (line: string) => {
			const r = catalogs.resolve(findReferences(line)[0]);
			return [r.level, r.legacy, r.controls.join(','), r.mismatch?.id ?? null];
		};
		assert.deepEqual(resolve('## A.8.5 Secure log-on procedures'), ['control', false, 'A.8.5', null], 'the 2013 title of the control that maps to it');
		assert.deepEqual(resolve('## A.9.4.2 Secure authentication'), ['control', true, 'A.8.5', null], 'the 2022 title of its mapping');
		assert.deepEqual(resolve('## A.8.5 Use of cryptography'), ['control', false, 'A.8.5', 'A.8.24']);
		assert.deepEqual(resolve('## A.9.4 System and application access control'), ['clause', true, 'A.8.3,A.8.5,A.5.17,A.8.18,A.8.4', null]);
		assert.deepEqual(resolve('## A.8 Technological controls'), ['theme', false, '', null]);
		assert.deepEqual(resolve('## A.6 People controls'), ['theme', false, '', null]);
		assert.deepEqual(resolve('## A.7 Human resource security')[3], 'A.7', '2013 clause name under a 2022 theme number');
		assert.deepEqual(resolve('## A.14 System acquisition, development and maintenance').slice(0, 2), ['clause', true]);
		assert.deepEqual(resolve('A.19 Quantum'), ['unknown', false, '', null]);
		assert.deepEqual(resolve('A.5.38 More'), ['unknown', false, '', null]);
	});
});
