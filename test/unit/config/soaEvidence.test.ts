import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkEvidence } from '../../../src/core/config/evidence';
import { parseConfig } from '../../../src/core/config/loadConfig';
import { buildMatrix } from '../../../src/core/export/matrix';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { toScanJson } from '../../../src/core/scan/json';
import { CONTROLS_DIR } from '../helpers';

describe('SoA: implementation and evidence', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-soa-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	const scan = () => scanWorkspace({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' } });

	it('parses implementation and evidence; such an entry is applicable unless it says otherwise', () => {
		const cfg = parseConfig([
			'soa:',
			'  A.5.24:',
			'    implementation: "Incident response runbook, reviewed yearly"',
			'    evidence: ["docs/ir.md", "https://wiki.example.com/ir"]',
			'  A.7.4: { applicable: false, justification: Cloud }',
		].join('\n'), '/w/.iso27001.yaml');
		assert.deepEqual(cfg.soa['A.5.24'], {
			applicable: true, justification: '', implementation: 'Incident response runbook, reviewed yearly',
			evidence: ['docs/ir.md', 'https://wiki.example.com/ir'],
		});
		assert.deepEqual(cfg.soa['A.7.4'], { applicable: false, justification: 'Cloud' });
		assert.deepEqual(cfg.soaEvidenceAt?.['A.5.24'], [{ line: 4, column: 16 }, { line: 4, column: 30 }]);
		assert.throws(() => parseConfig('soa:\n  A.5.1: { justification: x }\n', 'c.yaml'), /needs 'applicable: true' or 'applicable: false'/);
	});

	it('classifies evidence: existing paths inside the workspace and http(s) URLs only', () => {
		write('docs/ir.md', '# IR\n');
		assert.deepEqual(checkEvidence(root, 'docs/ir.md'), { kind: 'document', value: 'docs/ir.md' });
		assert.deepEqual(checkEvidence(root, './docs/../docs/ir.md'), { kind: 'document', value: 'docs/ir.md' });
		assert.deepEqual(checkEvidence(root, 'https://wiki.example.com/ir?x=1'), { kind: 'link', value: 'https://wiki.example.com/ir?x=1' });
		const errors: [string, RegExp][] = [
			['../../etc/passwd', /outside the workspace/], ['/etc/passwd', /relative to the workspace root/],
			['javascript:alert(1)', /not an http\(s\) URL/], ['file:///etc/passwd', /not an http\(s\) URL/],
			['JavaScript:alert(1)', /not an http\(s\) URL/], ['data:text/html,<b>x</b>', /not an http\(s\) URL/],
			['https://', /not an http\(s\) URL/], ['docs/missing.md', /does not exist/], ['C:\\Windows\\win.ini', /relative to the workspace root|not an http/],
		];
		for (const [value, message] of errors) {
			const checked = checkEvidence(root, value);
			assert.ok('error' in checked, value);
			assert.match(checked.error, message, value);
		}
	});

	it('refuses a symbolic link that leads out of the workspace', function () {
		const outside = mkdtempSync(path.join(tmpdir(), 'iso-outside-'));
		try {
			writeFileSync(path.join(outside, 'secret.md'), 'x');
			try {
				symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'link.md'));
			} catch {
				this.skip();
			}
			const checked = checkEvidence(root, 'link.md');
			assert.ok('error' in checked && /outside the workspace/.test(checked.error));
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
	});

	it('covers a control with evidence, lists it in the coverage JSON and the matrix; bad entries are config-errors at their line', async () => {
		write('docs/security/incident-response.md', '# Incident response\n');
		write('.iso27001.yaml', [
			'soa:',
			'  A.5.24:',
			'    implementation: "Incident response runbook, reviewed yearly"',
			'    evidence: ["docs/security/incident-response.md", "https://wiki.example.com/ir"]',
			'  A.5.25:',
			'    implementation: "Triage by the on-call engineer"',
			'    evidence:',
			'      - ../../etc/passwd',
			'      - "javascript:alert(document.cookie)"',
			'      - file:///etc/passwd',
			'      - docs/missing.md',
			'',
		].join('\n'));
		const outcome = await scan();
		const json = toScanJson(outcome.result);
		const control = (id: string) => json.coverage.controls.find((c) => c.id === id)!;
		assert.equal(control('A.5.24').status, 'covered');
		assert.deepEqual(control('A.5.24').evidence, ['docs/security/incident-response.md', 'https://wiki.example.com/ir']);
		assert.equal(control('A.5.24').locations, 0);
		assert.equal(control('A.5.25').status, 'uncovered');
		assert.deepEqual(control('A.5.25').evidence, []);
		assert.deepEqual(control('A.5.1').evidence, []);
		assert.deepEqual(json.problems.map((p) => [p.code, p.file, p.line, p.column]), [
			['config-error', '.iso27001.yaml', 8, 9], ['config-error', '.iso27001.yaml', 9, 9],
			['config-error', '.iso27001.yaml', 10, 9], ['config-error', '.iso27001.yaml', 11, 9],
		]);
		assert.match(json.problems[1].message, /soa: A\.5\.25: evidence 'javascript:alert\(document\.cookie\)' is not an http\(s\) URL/);
		const matrix = buildMatrix({
			result: outcome.result, catalog: outcome.settings.catalog, soa: outcome.settings.config.soa, exceptions: [],
			meta: { toolName: 'iso27001', toolVersion: 'test', generatedAt: '2024-01-01T00:00:00Z', commit: null, root },
		});
		const rows = (id: string) => matrix.rows.filter((r) => r.controlId === id).map((r) => [r.status, r.file, r.evidenceKind, r.rationale]);
		assert.deepEqual(rows('A.5.24'), [
			['covered', 'docs/security/incident-response.md', 'document', 'Incident response runbook, reviewed yearly'],
			['covered', 'https://wiki.example.com/ir', 'link', 'Incident response runbook, reviewed yearly'],
		]);
		assert.deepEqual(rows('A.5.25'), [['uncovered', null, null, '']]);
	});
});
