import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { parseRuleFile } from '../../../src/core/rules/load';
import { runDetectors } from '../detection/helpers';

const JS = '[typescript, typescriptreact, javascript, javascriptreact, vue]';
const records = parseRuleFile('r.yaml', [
	'rules:',
	'  - id: t.hash',
	'    category: crypto',
	'    confidence: high',
	'    summary: s',
	"    message: '`{api}` computes a hash'",
	'    api:',
	'      names: [crypto.createHash]',
	`    languages: ${JS}`,
	'  - id: t.check',
	'    category: access-control',
	'    confidence: medium',
	'    summary: s',
	"    message: '`{api}` checks a role'",
	'    method:',
	'      names: [hasRole]',
	`    languages: ${JS}`,
].join('\n'));

describe('rules: the ESTree engine', () => {
	it('reports the record id, its confidence and its message with {api} replaced', async () => {
		const findings = await runDetectors(recordDetectors(records, 'medium'), 'typescript', "import { createHash as h } from 'node:crypto';\nh('sha256');\nif (hasRole(u, 'admin')) {}\n");
		assert.deepEqual(findings.map((f) => [f.line, f.rule, f.confidence, f.message]), [
			[2, 't.hash', 'high', '`crypto.createHash` computes a hash'],
			[3, 't.check', 'medium', '`hasRole` checks a role'],
		]);
	});

	it('leaves out medium records at minConfidence high, and the lexical engine leaves the records to it', async () => {
		const detectors = recordDetectors(records, 'high');
		assert.deepEqual(detectors.map((d) => d.id), ['javascript']);
		const findings = await runDetectors(detectors, 'typescript', "import crypto from 'crypto';\ncrypto.createHash('md5');\nhasRole(u);\n");
		assert.deepEqual(findings.map((f) => f.rule), ['t.hash']);
	});

	it('does not parse a file with no sensitive import, global or call', () => {
		const [detector] = recordDetectors(records, 'medium');
		assert.equal(detector.mayMatch("// crypto in a comment\nconst createHash = (s) => s;\nexport const h = createHash('x');\n"), false);
		// After lexing, the second prefilter sees the code with every comment blanked.
		assert.equal(detector.mayMatchCode?.("const createHash = (s) => s;                       \nexport const h = createHash('x');\n"), false);
		assert.equal(detector.mayMatch("const c = require('crypto');\nc.createHash('sha1');\n"), true);
		assert.equal(detector.mayMatch('export function hasRole(u, r) { return u.r === r; }\n'), false);
	});

	it('runs the same records lexically on a file that does not parse', async () => {
		const broken = "const c = require('crypto');\nfunction f( {\n\tc.createHash('sha1');\n\tother.createHash('x');\n\tif (hasRole(u)) {}\n";
		const findings = await runDetectors(recordDetectors(records, 'medium'), 'javascript', broken);
		assert.deepEqual(findings.map((f) => [f.line, f.rule, f.api]), [[3, 't.hash', 'crypto.createHash'], [5, 't.check', 'hasRole']]);
		assert.match(findings[0].message, /lexically/);
	});
});
