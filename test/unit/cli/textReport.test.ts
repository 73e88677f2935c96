import { strict as assert } from 'node:assert';
import { createStyle } from '../../../src/cli/style';
import { formatFinding, renderTextReport } from '../../../src/cli/textReport';
import { computeCoverage } from '../../../src/core/coverage/coverage';
import type { ScanResult, Soa } from '../../../src/core/types';
import { builtInCatalogs } from '../helpers';

function result(soa: Soa): ScanResult {
	const { c2022 } = builtInCatalogs();
	const annotations = [{ file: 'a.ts', line: 1, controls: ['A.8.24'], legacyIds: [], rationale: '', scope: { kind: 'file' as const, startLine: 1, endLine: 1, symbol: null } }];
	return {
		tool: { name: 'iso27001', version: 't' }, root: '/r', catalog: { id: c2022.id, framework: c2022.framework, version: c2022.version },
		files: 1, annotations, findings: [], problems: [], coverage: computeCoverage(c2022, annotations, soa),
	};
}

describe('cli: text report', () => {
	it('says n/a for a theme whose controls the SoA all excludes, not 0/0 100.0%', () => {
		const { c2022 } = builtInCatalogs();
		const soa: Soa = Object.fromEntries(c2022.controls.filter((c) => c.theme === 'A.7').map((c) => [c.id, { applicable: false, justification: 'cloud' }]));
		const lines = renderTextReport(result(soa), c2022.title, createStyle(false)).split('\n');
		const physical = lines.find((l) => l.trim().startsWith('Physical'));
		assert.ok(physical, lines.join('\n'));
		assert.match(physical, /\bn\/a\b/);
		assert.doesNotMatch(physical, /0\/0|100\.0%/);
		assert.match(physical, /\(14 excluded\)/);
		const tech = lines.find((l) => l.trim().startsWith('Technological'));
		assert.match(tech ?? '', /1\/34\s+2\.9%/);
		assert.match(lines.find((l) => l.trim().startsWith('Total')) ?? '', /1\/79\s+1\.3%/);
	});

	it('says n/a for the total when nothing is applicable', () => {
		const { c2022 } = builtInCatalogs();
		const soa: Soa = Object.fromEntries(c2022.controls.map((c) => [c.id, { applicable: false, justification: 'x' }]));
		const total = renderTextReport(result(soa), c2022.title, createStyle(false)).split('\n').find((l) => l.trim().startsWith('Total'));
		assert.match(total ?? '', /\bn\/a\b/);
	});
});

describe('text report: a finding says why it was flagged', () => {
	const plain = createStyle(false);
	const base = {
		file: 'src/a.ts', line: 3, column: 5, category: 'auth' as const, api: 'session.destroy', suggestedControls: ['A.8.5'],
		mapped: false, coveredBy: [], ignored: false, ignoreReason: null,
	};

	it('adds the message, and the rule for what names and shapes imply', () => {
		assert.equal(formatFinding({ ...base, message: '`session.destroy(…)` looks like session handling', rule: 'app.auth.session', confidence: 'medium' }, plain),
			'src/a.ts:3:5 auth session.destroy → A.8.5  — `session.destroy(…)` looks like session handling [app.auth.session, medium]');
		assert.equal(formatFinding({ ...base, message: 'Session destroyed', rule: 'javascript.auth', confidence: 'high' }, plain),
			'src/a.ts:3:5 auth session.destroy → A.8.5  — Session destroyed');
	});

	it('says when the annotation around it names only controls the Statement of Applicability excludes', () => {
		assert.equal(formatFinding({ ...base, message: 'Session destroyed', rule: 'javascript.auth', confidence: 'high', excludedBy: ['A.8.5'] }, plain),
			'src/a.ts:3:5 auth session.destroy → A.8.5  — Session destroyed  (annotated with A.8.5, which the Statement of Applicability excludes)');
	});
});
