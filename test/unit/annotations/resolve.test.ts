import { strict as assert } from 'node:assert';
import { createControlIdResolver } from '../../../src/core/annotations/controlIds';
import { findDirectives } from '../../../src/core/annotations/directives';
import { LineIndex } from '../../../src/core/text/lineIndex';
import { resolveDirectives } from '../../../src/core/annotations/resolve';
import type { Scope, Soa } from '../../../src/core/types';
import { builtInCatalogs, lineComment } from '../helpers';

const SCOPE: Scope = { kind: 'statement', startLine: 2, endLine: 2, symbol: null };

function resolve(text: string, soa: Soa = {}) {
	const { c2022, c2013 } = builtInCatalogs();
	const ids = createControlIdResolver(c2022, [c2013]);
	const ds = findDirectives(text, lineComment(text), ids.looksLikeId, new LineIndex(text));
	return resolveDirectives('a.ts', ds, ds.map(() => SCOPE), ids, soa);
}

describe('annotation resolution', () => {
	it('keeps 2022 IDs, de-duplicated, with rationale and scope', () => {
		const r = resolve('// @iso27001 A.8.24 A.8.24 A.5.17 — why');
		assert.deepEqual(r.problems, []);
		assert.deepEqual(r.annotations, [{ file: 'a.ts', line: 1, controls: ['A.8.24', 'A.5.17'], legacyIds: [], rationale: 'why', scope: SCOPE }]);
	});

	it('maps a legacy 2013 ID to its 2022 controls and reports legacy-control at the ID', () => {
		const r = resolve('// @iso27001 A.10.1.1 — encryption policy');
		assert.deepEqual(r.annotations[0].controls, ['A.8.24']);
		assert.deepEqual(r.annotations[0].legacyIds, ['A.10.1.1']);
		assert.equal(r.problems.length, 1);
		assert.equal(r.problems[0].code, 'legacy-control');
		assert.equal(r.problems[0].severity, 'warning');
		assert.equal(r.problems[0].column, 14);
		assert.match(r.problems[0].message, /maps to A\.8\.24/);
	});

	it('names the 2013 title and the 2022 control(s) with their titles in legacy-control, so a mislabelled ID shows', () => {
		const one = resolve('// @iso27001 A.9.4.1 — role checks');
		assert.equal(one.problems[0].message, "A.9.4.1 'Information access restriction' is an ISO/IEC 27001:2013 control; in ISO/IEC 27001:2022 it maps to A.8.3 'Information access restriction'");
		const two = resolve('// @iso27001 A.18.2.3 — configuration scans');
		assert.equal(two.problems[0].message, "A.18.2.3 'Technical compliance review' is an ISO/IEC 27001:2013 control; in ISO/IEC 27001:2022 it maps to A.5.36 'Compliance with policies, rules and standards for information security' and A.8.8 'Management of technical vulnerabilities'");
	});

	it('reports unknown-control for a well-formed ID in no catalog, and keeps the known ones', () => {
		const r = resolve('// @iso27001 A.8.24, A.8.99 — x');
		assert.deepEqual(r.annotations[0].controls, ['A.8.24']);
		assert.deepEqual(r.problems.map((p) => [p.code, p.column, p.severity]), [['unknown-control', 22, 'error']]);
	});

	it('reports malformed-annotation with a hint for mistyped IDs', () => {
		const r = resolve('// @iso27001 A8.24 a.8.24 A.8');
		assert.equal(r.annotations.length, 0);
		assert.deepEqual(r.problems.map((p) => p.code), ['malformed-annotation', 'malformed-annotation', 'malformed-annotation']);
		assert.match(r.problems[0].message, /A\.8\.24/);
		assert.match(r.problems[1].message, /upper case/);
		assert.match(r.problems[2].message, /theme/);
	});

	it('reports not-applicable-control for a control the SoA excludes, also through a legacy ID', () => {
		const soa: Soa = { 'A.7.4': { applicable: false, justification: 'cloud hosted' }, 'A.8.24': { applicable: false, justification: '' } };
		const r = resolve('// @iso27001 A.7.4 A.10.1.2', soa);
		const codes = r.problems.map((p) => p.code).sort();
		assert.deepEqual(codes, ['legacy-control', 'not-applicable-control', 'not-applicable-control']);
		assert.match(r.problems.find((p) => p.code === 'not-applicable-control')!.message, /cloud hosted/);
		assert.deepEqual(r.annotations[0].controls, ['A.7.4', 'A.8.24']);
	});

	it('records ignores with their reason, and reports a missing reason', () => {
		const ok = resolve('// @iso27001-ignore crypto — md5 for cache keys');
		assert.deepEqual(ok.problems, []);
		assert.equal(ok.ignores[0].category, 'crypto');
		assert.equal(ok.ignores[0].reason, 'md5 for cache keys');
		const missing = resolve('// @iso27001-ignore secrets');
		assert.equal(missing.problems[0].code, 'missing-ignore-reason');
		assert.equal(missing.ignores[0].reason, '');
	});

	it('reports an unknown ignore category as malformed', () => {
		const r = resolve('// @iso27001-ignore cryptography — x');
		assert.equal(r.ignores.length, 0);
		assert.equal(r.problems[0].code, 'malformed-annotation');
		assert.match(r.problems[0].message, /unknown category 'cryptography'/);
	});

	it('reports a malformed directive at its position', () => {
		const r = resolve('x();  // @iso27001');
		assert.deepEqual(r.problems.map((p) => [p.code, p.line, p.column]), [['malformed-annotation', 1, 10]]);
	});
});
