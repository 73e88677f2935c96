import { strict as assert } from 'node:assert';
import { DEFAULT_EXCLUDES, DEFAULT_MAX_FILE_SIZE, parseConfig } from '../../../src/core/config/loadConfig';
import { ConfigError } from '../../../src/core/errors';

function errorAt(text: string): string {
	try {
		parseConfig(text, 'ws/.iso27001.yaml');
	} catch (e) {
		assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
		return `${e.line}:${e.column} ${e.detail}`;
	}
	assert.fail('expected a ConfigError');
}

describe('config loading', () => {
	it('gives defaults for an empty file', () => {
		const c = parseConfig('', 'x.yaml');
		assert.equal(c.catalog, 'iso27001-2022');
		assert.deepEqual(c.include, ['**/*']);
		assert.deepEqual(c.exclude, DEFAULT_EXCLUDES);
		assert.equal(c.gitignore, true);
		assert.equal(c.maxFileSize, DEFAULT_MAX_FILE_SIZE);
		assert.equal(c.categories.crypto, true);
	});

	it('reads every key of the SPEC example', () => {
		const c = parseConfig(`catalog: iso27001-2022
include: ["src/**", "lib/**"]
exclude: ["**/legacy/**"]
gitignore: false
maxFileSize: 512KB
soa:
  A.7.4: { applicable: false, justification: "Cloud hosted; provider monitors premises" }
  A.8.24: { applicable: true }
sensitiveCode:
  categories: { crypto: true, logging: false }
  rules:
    - id: vault-read
      category: secrets
      languages: [typescript, javascript]
      calls: ["vault.read", "getSecret"]
    - id: legacy-des
      category: crypto
      pattern: "DES(ede)?\\\\.encrypt"
`, 'x.yaml');
		assert.deepEqual(c.include, ['src/**', 'lib/**']);
		assert.deepEqual(c.exclude, ['**/legacy/**']);
		assert.equal(c.gitignore, false);
		assert.equal(c.maxFileSize, 512 * 1024);
		assert.deepEqual(c.soa['A.7.4'], { applicable: false, justification: 'Cloud hosted; provider monitors premises' });
		assert.deepEqual(c.soaAt['A.7.4'], { line: 7, column: 3 });
		assert.equal(c.categories.logging, false);
		assert.equal(c.categories.crypto, true);
		assert.equal(c.rules.length, 2);
		assert.deepEqual(c.rules[0].calls, ['vault.read', 'getSecret']);
		assert.equal(c.rules[1].pattern, 'DES(ede)?\\.encrypt');
		assert.deepEqual(c.rules[1].patternAt, { line: 18, column: 16 });
	});

	it('reports malformed YAML at its position', () => {
		assert.match(errorAt('include: [a, b\nexclude: x\n'), /^\d+:\d+ invalid YAML/);
		assert.match(errorAt('soa:\n  A.7.4: { applicable: false\n'), /invalid YAML/);
	});

	it('reports schema errors at the offending node', () => {
		assert.equal(errorAt('exlude: ["a"]'), "1:1 unknown key 'exlude' in the configuration; expected one of catalog, include, exclude, gitignore, maxFileSize, soa, sensitiveCode, claims");
		assert.equal(errorAt('gitignore: yes please'), '1:12 gitignore must be true or false');
		assert.equal(errorAt('include: 3'), '1:10 include must be a list of strings');
		assert.equal(errorAt('soa:\n  A.7.4: { justification: x }'), "2:10 soa entry A.7.4 needs 'applicable: true' or 'applicable: false'");
		assert.equal(errorAt('soa:\n  A.7.4: { applicable: false, why: x }'), "2:31 unknown key 'why' in soa entry A.7.4; expected one of applicable, justification, implementation, evidence");
		assert.equal(errorAt('maxFileSize: huge'), "1:14 maxFileSize must be a size such as 1048576, 512KB or 2MB, not 'huge'");
		assert.equal(errorAt('- a\n- b'), '1:1 the configuration must be a mapping');
	});

	it('validates custom rules', () => {
		assert.equal(errorAt('sensitiveCode:\n  rules:\n    - id: r\n      category: magic\n      calls: [x]'), "4:17 rule 'r': unknown category 'magic'; expected one of crypto, auth, access-control, secrets, tls, logging");
		assert.equal(errorAt('sensitiveCode:\n  rules:\n    - id: r\n      category: crypto'), "3:7 rule 'r' needs exactly one of 'calls' (a list of call names) or 'pattern' (a regular expression)");
		assert.match(errorAt('sensitiveCode:\n  rules:\n    - id: r\n      category: crypto\n      pattern: "(unclosed"'), /^5:16 rule 'r': invalid regular expression/);
		assert.equal(errorAt('sensitiveCode:\n  rules:\n    - { id: r, category: crypto, calls: [a] }\n    - { id: r, category: crypto, calls: [b] }'), "4:7 duplicate rule id 'r'");
	});

	it('validates custom patterns with the linear-time engine detection uses', () => {
		assert.equal(
			errorAt("sensitiveCode:\n  rules:\n    - id: dup\n      category: crypto\n      pattern: '(\\w+)=\\1'"),
			"5:16 rule 'dup': pattern uses a backreference (\\1…), which the linear-time regular expression engine does not support",
		);
		assert.equal(
			errorAt('sensitiveCode:\n  rules:\n    - { id: la, category: tls, pattern: "x(?=y)" }'),
			"3:41 rule 'la': pattern uses lookahead (?=…), which the linear-time regular expression engine does not support",
		);
		assert.match(errorAt("sensitiveCode:\n  rules:\n    - id: e\n      category: crypto\n      pattern: 'a|'"), /^5:16 rule 'e': pattern matches the empty string/);
		const c = parseConfig("sensitiveCode:\n  rules:\n    - id: ok\n      category: crypto\n      pattern: '(a+)+$'", 'x.yaml');
		assert.equal(c.rules[0].pattern, '(a+)+$');
		assert.equal(errorAt('sensitiveCode:\n  categories: { crypt: false }'), "2:17 unknown key 'crypt' in sensitiveCode.categories; expected one of crypto, auth, access-control, secrets, tls, logging");
	});
});
