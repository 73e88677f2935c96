/** The tree-sitter rule engine: what it derives from records (prefilter, languages) and how names resolve. */
import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { parseRuleFile } from '../../../src/core/rules/load';
import { runDetectors } from '../detection/helpers';

const rules = (body: string) => parseRuleFile('r.yaml', `rules:\n${body}`);
const record = (id: string, match: string, extra = '') =>
	`  - id: ${id}\n    category: crypto\n    confidence: high\n    summary: s\n    message: "\`{api}\` x"\n${extra}${match}`;

describe('rules: the tree-sitter engine', () => {
	it('runs a record only on its languages, a detector per language, whose prefilter is derived from the records', () => {
		const detectors = recordDetectors(rules(record('a.hash', "    api:\n      names: ['hashlib.*']\n", '    languages: [python]\n')), 'medium');
		assert.deepEqual(detectors.map((d) => d.id), ['rules-tree-sitter:python']);
		assert.equal(detectors[0].mayMatch('import os\nos.getcwd()\n'), false, 'no anchor: the file is not parsed');
		assert.equal(detectors[0].mayMatch('import hashlib\n'), true);
	});

	it('leaves out records below the confidence asked for', () => {
		const medium = rules(record('a.m', '    member:\n      names: [sign]\n').replace('confidence: high', 'confidence: medium'));
		assert.deepEqual(recordDetectors(medium, 'high'), []);
	});

	it('stops a glob at a call result, which a name can spell with ()', async () => {
		const text = 'import jwt, ssl\nclaims = jwt.decode(t, key)\nclaims.get("sub")\nctx = ssl.create_default_context()\nctx.load_cert_chain(c)\n';
		const glob = recordDetectors(rules(record('a.jwt', "    api:\n      names: ['jwt.*']\n")), 'medium');
		assert.deepEqual((await runDetectors(glob, 'python', text)).map((f) => `${f.line}:${f.api}`), ['2:jwt.decode']);
		const result = recordDetectors(rules(record('a.ssl', "    api:\n      names: ['ssl.create_default_context().*']\n")), 'medium');
		assert.deepEqual((await runDetectors(result, 'python', text)).map((f) => `${f.line}:${f.api}`), ['5:ssl.create_default_context().load_cert_chain']);
	});

	it('resolves a wildcard import only to the classes the records name', async () => {
		const text = 'import javax.crypto.*;\nclass A { void f() { Cipher.getInstance("AES"); Arrays.fill(b, 0); } }\n';
		const detectors = recordDetectors(rules(record('a.jca', "    api:\n      names: ['javax.crypto.*', 'javax.crypto.Cipher.*']\n")), 'medium');
		assert.deepEqual((await runDetectors(detectors, 'java', text)).map((f) => f.api), ['javax.crypto.Cipher.getInstance']);
	});
});
