import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkClaims, type ClaimsReport } from '../../../src/core/claims/check';
import { computeCoverage } from '../../../src/core/coverage/coverage';
import type { Annotation, ScanResult, Soa } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const fixture = (name: string) => ({ path: `docs/${name}`, text: readFileSync(path.join(FIXTURES, name), 'utf8') });

function ann(file: string, line: number, controls: string[]): Annotation {
	return { file, line, controls, legacyIds: [], rationale: '', scope: { kind: 'statement', startLine: line + 1, endLine: line + 1, symbol: null } };
}

/** The workspace's evidence: code, a document, SoA evidence; A.7.4 excluded; an annotation inside a claims document. */
function workspace(): ScanResult {
	const { c2022 } = builtInCatalogs();
	const annotations = [
		ann('src/auth.ts', 10, ['A.8.5', 'A.5.15', 'A.8.3']), ann('src/crypto.ts', 4, ['A.8.24']), ann('docs/ir.md', 1, ['A.5.24']),
		ann('src/net.ts', 3, ['A.8.20']), ann('docs/control-table.md', 19, ['A.5.1']),
	];
	const soa: Soa = {
		'A.7.4': { applicable: false, justification: 'cloud' },
		'A.5.37': { applicable: true, justification: '', implementation: 'Runbooks', evidence: ['https://wiki.example.com/ops'] },
	};
	return {
		tool: { name: 'iso27001', version: 't' }, root: '/w', catalog: { id: c2022.id, framework: c2022.framework, version: c2022.version },
		files: 5, annotations, findings: [], problems: [], coverage: computeCoverage(c2022, annotations, soa),
	};
}

function check(...names: string[]): ClaimsReport {
	const { c2022, c2013 } = builtInCatalogs();
	return checkClaims({ documents: names.map(fixture), result: workspace(), catalog: c2022, legacy: c2013 });
}

const brief = (r: ClaimsReport) => r.problems.map((p) => `${p.line}:${p.column} ${p.code}`);

describe('claims: hand-written compliance documents checked against the catalog and the evidence', () => {
	it('a page per control in 2013 IDs: mapped to 2022, evidence found, an ID under another control\'s title named', () => {
		const r = check('per-control.md');
		const claims = r.documents[0].claims;
		assert.deepEqual(claims.map((c) => [c.ref.id, c.ref.context, c.level, c.legacy, c.controls.join(',')]), [
			['A.9.4.1', 'heading', 'control', true, 'A.8.3'], ['A.9.4.2', 'heading', 'control', true, 'A.8.5'],
			['A.10.1.1', 'heading', 'control', true, 'A.8.24'], ['A.10.1.2', 'heading', 'control', true, 'A.8.24'],
			['A.10.1.1', 'prose', 'control', true, 'A.8.24'], ['A.12.4.1', 'heading', 'control', true, 'A.8.15'],
			['A.17.1.2', 'heading', 'control', true, 'A.5.29'],
		]);
		assert.deepEqual(claims[1].evidence, { 'A.8.5': [{ kind: 'code', ref: 'src/auth.ts:10' }] });
		assert.deepEqual(brief(r), [
			'8:4 legacy-control', '13:4 legacy-control', '18:4 legacy-control', '23:4 legacy-control', '26:11 legacy-control',
			'28:4 legacy-control', '28:4 claim-without-evidence', '32:4 claim-title-mismatch', '32:4 claim-without-evidence',
		]);
		const mismatch = r.problems.find((p) => p.code === 'claim-title-mismatch')!;
		assert.equal(mismatch.message, "A.17.1.2 is 'Implementing information security continuity', but the document gives it 'Availability of information processing facilities', the title of A.17.2.1");
		assert.match(r.problems[0].message, /^A\.9\.4\.1 is a 2013 ID \(Information access restriction\); in ISO\/IEC 27001:2022 Annex A it is A\.8\.3 Information access restriction$/);
		assert.match(r.problems[6].message, /A\.12\.4\.1 is claimed, but nothing evidences A\.8\.15 Logging/);
	});

	it('a 2022 control table: shortened titles pass, another control\'s title is named, unknown IDs and SoA exclusions', () => {
		const r = check('control-table.md');
		const claims = r.documents[0].claims;
		assert.deepEqual(claims.map((c) => [c.ref.id, c.ref.context, c.ref.title]), [
			['A.5.15', 'table', 'Access control'], ['A.5.17', 'table', 'Authentication information'], ['A.8.5', 'table', 'Secure authentication'],
			['A.8.24', 'table', 'Cryptography'], ['A.8.15', 'table', 'Logging'], ['A.8.16', 'table', 'Networks security'],
			['A.7.4', 'table', 'Physical security monitoring'], ['A.8.99', 'table', 'Quantum key distribution'],
			['A.5.24', 'table', 'Incident management planning'],
		]);
		assert.deepEqual(brief(r), [
			'9:3 claim-without-evidence', '12:3 claim-without-evidence', '13:3 claim-title-mismatch', '13:3 claim-without-evidence', '15:3 unknown-control',
		]);
		assert.match(r.problems[2].message, /A\.8\.16 is 'Monitoring activities', but the document gives it 'Networks security', the title of A\.8\.20$/);
		assert.deepEqual(claims[6].evidence, { 'A.7.4': null }, 'excluded by the SoA: no claim-without-evidence');
		assert.deepEqual(claims[8].evidence['A.5.24'], [{ kind: 'document', ref: 'docs/ir.md:1' }]);
	});

	it('claims by 2013 clause in a 2022 document: clauses mapped, A.8 Asset management flagged, mixed numbering said', () => {
		const r = check('by-clause.md');
		const claims = r.documents[0].claims;
		assert.deepEqual(claims.map((c) => [c.ref.id, c.level, c.title]), [
			['A.8', 'clause', 'Asset management'], ['A.9', 'clause', 'Access control'], ['A.10', 'clause', 'Cryptography'],
			['A.8.24', 'control', 'Use of cryptography'], ['A.16', 'clause', 'Information security incident management'], ['A.18', 'clause', 'Compliance'],
		]);
		assert.deepEqual(claims[2].controls, ['A.8.24']);
		assert.ok(claims[1].controls.includes('A.8.5') && claims[1].controls.includes('A.5.15'));
		assert.deepEqual(brief(r), [
			'6:1 claim-title-mismatch', '6:1 claim-without-evidence', '6:1 legacy-control', '11:1 legacy-control', '17:1 legacy-control',
			'22:1 legacy-control', '27:1 legacy-control', '27:1 claim-without-evidence',
		]);
		const a8 = r.problems.find((p) => p.code === 'claim-title-mismatch')!;
		assert.match(a8.message, /^'Asset management' is the 2013 clause A\.8; in ISO\/IEC 27001:2022 Annex A A\.8 is 'Technological'\. The A\.8 'Asset management' controls are now A\.5\.9 /);
		assert.ok(r.problems.some((p) => /mixes 2013 numbering \(A\.8, line 6\) with current numbering \(A\.8\.24, line 20\)/.test(p.message)));
		assert.match(r.problems.find((p) => p.line === 11)!.message, /^A\.9 is the 2013 clause 'Access control', which names no control; in ISO\/IEC 27001:2022 Annex A it is A\.5\.15 Access control, /);
	});

	it('lists what the workspace evidences that no document claims, never counting annotations inside the claims documents', () => {
		const r = check('per-control.md', 'control-table.md', 'by-clause.md');
		assert.deepEqual(r.unclaimed.map((u) => [u.id, u.evidence.map((e) => `${e.kind} ${e.ref}`)]), [
			['A.5.37', ['link https://wiki.example.com/ops']], ['A.8.20', ['code src/net.ts:3']],
		]);
	});

	it('bad documents: unreadable, without any reference, IDs that are not controls; nothing else lost', () => {
		const { c2022, c2013 } = builtInCatalogs();
		const r = checkClaims({
			documents: [
				{ path: 'docs/gone.md', error: 'ENOENT' }, { path: 'docs/none.md', text: '# Security\n\nWe take security seriously.\n' },
				{ path: 'docs/odd.txt', text: 'A.19 Quantum\nA.5.99 Unknown\nA.12.9.9 Made up\nA.8.24 Use of cryptography\n\u0000\u0001' },
			],
			result: workspace(), catalog: c2022, legacy: c2013,
		});
		assert.deepEqual(r.problems.map((p) => `${p.file}:${p.line} ${p.code}`), [
			'docs/gone.md:1 file-error', 'docs/none.md:1 file-error', 'docs/odd.txt:1 unknown-control', 'docs/odd.txt:2 unknown-control', 'docs/odd.txt:3 unknown-control',
		]);
		assert.match(r.problems[1].message, /no Annex A reference/);
		assert.deepEqual(r.documents.find((d) => d.file === 'docs/odd.txt')?.claims[3].evidence, { 'A.8.24': [{ kind: 'code', ref: 'src/crypto.ts:4' }] });
	});

	it('says where an unclosed code block swallows the rest of a document', () => {
		const { c2022, c2013 } = builtInCatalogs();
		const text = '# Controls\n\n- A.8.24 Use of cryptography\n\n```yaml\nkeys: kms\n\n- A.8.5 Secure authentication\n';
		const r = checkClaims({ documents: [{ path: 'docs/c.md', text }], result: workspace(), catalog: c2022, legacy: c2013 });
		assert.deepEqual(r.documents[0].claims.map((c) => c.ref.id), ['A.8.24']);
		assert.deepEqual(r.problems.map((p) => `${p.line}:${p.column} ${p.code}`), ['5:1 file-error']);
		assert.match(r.problems[0].message, /never closed/);
	});
});
