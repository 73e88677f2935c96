/** SARIF: the detection rules (rule records) that produced results, described in the `iso27001-rules` extension. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { toSarif, type SarifOptions } from '../../../src/core/report/sarif';
import { DETECTION_COMPONENT } from '../../../src/core/report/sarifDetection';
import { builtinRules } from '../../../src/core/rules/load';
import type { Finding, ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');

const validate = (() => {
	const dir = path.dirname(require.resolve('@microsoft/jest-sarif/package.json'));
	const schema = JSON.parse(readFileSync(path.join(dir, 'lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
	const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
	addFormats(ajv);
	return ajv.compile(schema);
})();

const OPTIONS: SarifOptions = {
	toolVersion: '0.1.0', informationUri: 'https://example.com/iso27001', rulesHelpBase: 'https://example.com/iso27001/blob/main/docs/rules.md',
};

function finding(over: Partial<Finding>): Finding {
	return {
		file: 'app/models/user.rb', line: 3, column: 5, category: 'crypto', message: 'm', api: 'OpenSSL::Cipher.new', suggestedControls: ['A.8.24'],
		mapped: false, coveredBy: [], ignored: false, ignoreReason: null, rule: 'ruby.crypto.cipher', confidence: 'high', ...over,
	};
}

function scan(findings: Finding[]): ScanResult {
	return {
		tool: { name: 'iso27001', version: '0.1.0' }, root: '/work/p', catalog: { id: 'iso27001-2022', framework: 'ISO/IEC 27001', version: '2022' },
		files: 1, annotations: [], findings, problems: [], coverage: { percent: 0, controls: [] },
	};
}

describe('SARIF: detection rules as a tool extension', () => {
	const findings = [
		finding({}),
		finding({ line: 8, rule: 'app.crypto.secret-hash', confidence: 'medium', api: 'hash_password' }),
		finding({ line: 9, category: 'tls', rule: 'javascript.tls', api: 'tls.connect' }),
		finding({ line: 12 }),
		finding({ line: 20, rule: 'ruby.auth.jwt', category: 'auth', mapped: true, coveredBy: ['A.8.5'] }),
		finding({ line: 30, rule: 'php.crypto.hash', ignored: true, ignoreReason: 'ETag' }),
	];
	const log = toSarif(scan(findings), OPTIONS);
	const run = log.runs[0];

	it('describes each detection rule of a reported finding once, from its record, in the iso27001-rules extension', () => {
		const [extension] = run.tool.extensions ?? [];
		assert.equal(extension?.name, DETECTION_COMPONENT);
		assert.deepEqual(extension.rules.map((r) => r.id), ['ruby.crypto.cipher', 'app.crypto.secret-hash', 'javascript.tls', 'php.crypto.hash']);
		const record = builtinRules().find((r) => r.id === 'ruby.crypto.cipher')!;
		const cipher = extension.rules[0];
		assert.equal(cipher.shortDescription.text, record.summary);
		assert.deepEqual(cipher.properties, { category: 'crypto', confidence: 'high', tags: ['security', 'iso27001', 'crypto', 'high-confidence'], languages: ['ruby'] });
		assert.equal(cipher.helpUri, `${OPTIONS.rulesHelpBase}#ruby-crypto-cipher`);
		assert.equal(extension.rules[1].properties.confidence, 'medium');
		// A finding of a detector without records still gets a descriptor, pointing at the rules reference.
		assert.equal(extension.rules[2].helpUri, `${OPTIONS.rulesHelpBase}#detection-rules`);
	});

	it('every helpUri anchor of a detection rule exists in docs/rules.md', () => {
		const doc = readFileSync(path.join(REPO, 'docs/rules.md'), 'utf8');
		for (const r of run.tool.extensions?.[0].rules ?? []) {
			const anchor = r.helpUri.split('#')[1];
			assert.ok(doc.includes(`<a name="${anchor}"></a>`), `docs/rules.md lacks the anchor ${anchor}`);
		}
		const ids = builtinRules().map((r) => r.id.replace(/[^a-z0-9-]/g, '-'));
		assert.equal(new Set(ids).size, ids.length, 'two rule ids share an anchor');
	});

	it('each result names a rule of the extension; each category rule relates to its detection rules', () => {
		const extension = run.tool.extensions![0];
		for (const r of run.results) {
			const id = r.properties?.['iso27001/detectionRule'];
			assert.ok(id !== undefined && extension.rules.some((d) => d.id === id), `${r.ruleId}: ${id}`);
		}
		const related = (ruleId: string): string[] => (run.tool.driver.rules.find((r) => r.id === ruleId)?.relationships ?? [])
			.map((rel) => {
				assert.deepEqual([rel.kinds, rel.target.toolComponent], [['superset'], { name: DETECTION_COMPONENT, index: 0 }]);
				assert.equal(extension.rules[rel.target.index].id, rel.target.id);
				return rel.target.id;
			});
		assert.deepEqual(related('unmapped-sensitive-code/crypto'), ['ruby.crypto.cipher', 'app.crypto.secret-hash', 'php.crypto.hash']);
		assert.deepEqual(related('unmapped-sensitive-code/tls'), ['javascript.tls']);
		assert.deepEqual(related('unmapped-sensitive-code/auth'), []);
		assert.equal(run.tool.driver.rules.find((r) => r.id === 'unknown-control')?.relationships, undefined);
	});

	it('stays valid SARIF 2.1.0, and adds no extension to a log without findings', () => {
		assert.ok(validate(JSON.parse(JSON.stringify(log))), JSON.stringify(validate.errors, null, 2));
		const empty = toSarif(scan([]), OPTIONS);
		assert.equal(empty.runs[0].tool.extensions, undefined);
		assert.ok(validate(JSON.parse(JSON.stringify(empty))));
	});
});
