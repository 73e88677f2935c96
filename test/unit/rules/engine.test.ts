import * as assert from 'node:assert/strict';
import { dedupe } from '../../../src/core/analysis/mapping';
import { parseConfig } from '../../../src/core/config/loadConfig';
import type { RawFinding } from '../../../src/core/detection/detector';
import { ConfigError } from '../../../src/core/errors';
import { nameWords } from '../../../src/core/detection/names';
import { MEDIUM_MAX_CHARS, ruleDetector } from '../../../src/core/rules/engine';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { identifierWords } from '../../../src/core/rules/view';
import { builtinRules, parseRuleFile } from '../../../src/core/rules/load';
import { anchorWords } from '../../../src/core/rules/matchers';
import type { RuleMatch } from '../../../src/core/rules/model';
import { runDetectors } from '../detection/helpers';

const session = 'function out(req) {\n  req.session.destroy(done);\n}\n';

describe('rules: confidence', () => {
	it('findings carry their rule and confidence, and the message says why', async () => {
		const detector = ruleDetector(builtinRules(), 'medium');
		assert.ok(detector);
		const [f] = await runDetectors([detector], 'javascript', session);
		assert.equal(f.rule, 'app.auth.session');
		assert.equal(f.confidence, 'medium');
		assert.equal(f.line, 2);
		assert.match(f.message, /`session\.destroy\(…\)` looks like session handling/);
	});

	it('minConfidence high leaves medium rules out', async () => {
		const detector = ruleDetector(builtinRules(), 'high');
		assert.ok(detector);
		assert.deepEqual(await runDetectors([detector], 'javascript', session), []);
		assert.equal(ruleDetector(builtinRules().filter((r) => r.confidence === 'medium'), 'high'), null);
	});

	it('sensitiveCode.minConfidence is read and validated', () => {
		assert.equal(parseConfig('', 'x.yaml').minConfidence, 'medium');
		assert.equal(parseConfig('sensitiveCode:\n  minConfidence: high\n', 'x.yaml').minConfidence, 'high');
		assert.throws(() => parseConfig('sensitiveCode:\n  minConfidence: low\n', 'x.yaml'),
			(e: unknown) => e instanceof ConfigError && e.line === 2 && /minConfidence must be one of high, medium/.test(e.detail));
	});

	it('a medium finding gives way to a high one of its category on the same line', () => {
		const f = (over: Partial<RawFinding>): RawFinding => ({ line: 3, column: 1, category: 'auth', api: 'a', message: 'm', ...over });
		const kept = dedupe([f({ confidence: 'medium', api: 'login' }), f({ confidence: 'high', api: 'passport.authenticate', column: 5 }),
			f({ confidence: 'medium', category: 'logging', api: 'log' })]);
		assert.deepEqual(kept.map((k) => k.api), ['log', 'passport.authenticate']);
	});
});

describe('rules: bundles and generated files', () => {
	it('run only high-confidence records on a file over MEDIUM_MAX_CHARS, in both engines', async () => {
		const code = "const crypto = require('crypto');\nfunction out(req) {\n  req.session.destroy(done);\n  return crypto.createHash('sha256');\n}\n";
		const small = await runDetectors(recordDetectors(builtinRules(), 'medium'), 'javascript', code);
		assert.ok(small.some((f) => f.confidence === 'medium' && f.line === 3), 'the session call is judged in a small file');
		const padding = `// ${'x'.repeat(100)}\n`.repeat(Math.ceil(MEDIUM_MAX_CHARS / 100));
		const large = await runDetectors(recordDetectors(builtinRules(), 'medium'), 'javascript', `${code}${padding}`);
		assert.deepEqual(large.filter((f) => f.confidence === 'medium'), []);
		assert.ok(large.some((f) => f.confidence === 'high' && f.line === 4 && f.category === 'crypto'), 'the hash is still found');
	});
});

describe('rules: the anchor pass', () => {
	it('still selects a rule whose rare anchor comes late in a large file full of common anchors', async () => {
		const records = parseRuleFile('r.yaml', [
			'rules:',
			'  - id: t.option', '    category: tls', '    confidence: high', '    summary: s', '    message: m',
			'    option:', '      keys: [rejectUnauthorized]', "      value: '^false'",
			'  - id: t.compare', '    category: auth', '    confidence: high', '    summary: s', '    message: m',
			'    compare:', '      words: [token]',
		].join('\n'));
		const detector = ruleDetector(records, 'medium');
		assert.ok(detector);
		const common = 'const token = next();\n'.repeat(3000);
		const text = `${common}${'// filler\n'.repeat(20_000)}const agent = { rejectUnauthorized: false };\n`;
		const found = await runDetectors([detector], 'javascript', text);
		assert.ok(found.some((f) => f.rule === 't.option' && f.line === 3000 + 20_000 + 1), 'the late, rare anchor still selects its rule');
	});

	it('anchors a name record on its argument words when those are rarer than its call words, and never on a compound', () => {
		const record = (args: string): RuleMatch => parseRuleFile('r.yaml', [
			'rules:', '  - id: t.name', '    category: crypto', '    confidence: medium', '    summary: s', '    message: m',
			'    name:', '      words: [seal, open]', `      args: ${args}`,
		].join('\n'))[0].match;
		assert.deepEqual(anchorWords(record('[nonce, nonces]')), ['nonce', 'nonces'], 'a file without a nonce is not read for Seal/Open calls');
		assert.deepEqual(anchorWords(record('[iv, nonce]')), ['seal', 'open'], 'a two-letter argument word would select every file');
		assert.deepEqual(anchorWords(record('[apikey, secret]')), ['seal', 'open'], 'a file spells a compound api_key, not apikey');
	});
});

describe('rules: languages', () => {
	it('runs on programming languages, not on documents or data', async () => {
		const detector = ruleDetector(builtinRules(), 'medium');
		assert.ok(detector);
		const text = 'Call `session.destroy(done)` after logout.\n\nreq.session.destroy(done);\n';
		for (const languageId of ['markdown', 'asciidoc', 'restructuredtext', 'yaml']) {
			assert.deepEqual(await runDetectors([detector], languageId, text), [], languageId);
		}
		assert.equal((await runDetectors([detector], 'javascript', 'req.session.destroy(done);\n')).length, 1);
	});
});

describe('rules: identifier words', () => {
	it('splits every identifier as nameWords does (random identifiers)', () => {
		const parts = ['has', 'Has', 'HAS', 'permission', 'Permission', 'API', 'Key', 'key', '_', '__', '2fa', 'X', 'v4', '$', 'é', 'In', 'ID'];
		let seed = 7;
		const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		for (let n = 0; n < 2000; n++) {
			const id = Array.from({ length: 1 + Math.floor(next() * 5) }, () => parts[Math.floor(next() * parts.length)]).join('');
			assert.deepEqual(identifierWords(id), nameWords(id), id);
		}
	});
});

describe('rules: the prefilter, per language', () => {
	const records = parseRuleFile('r.yaml', [
		'rules:',
		'  - { id: r.ruby, category: crypto, confidence: high, languages: [ruby], summary: s, message: m, pattern: "OpenSSL::Cipher" }',
		'  - { id: r.php, category: crypto, confidence: high, languages: [php], summary: s, message: m, pattern: "openssl_encrypt(?=\\\\s*\\\\()" }',
		'  - { id: r.any, category: auth, confidence: high, summary: s, message: m, name: { words: [login] } }',
	].join('\n'));
	const detector = ruleDetector(records, 'medium');

	it('tests a file only against the rules of its language, and all rules when the language is not given', () => {
		assert.ok(detector);
		assert.equal(detector.mayMatch('c = OpenSSL::Cipher.new', 'ruby'), true);
		assert.equal(detector.mayMatch('c = OpenSSL::Cipher.new', 'php'), false);
		assert.equal(detector.mayMatch('openssl_encrypt ($x)', 'php'), true);
		assert.equal(detector.mayMatch('openssl_encrypt ($x)', 'ruby'), false);
		assert.equal(detector.mayMatch('do_login(u)', 'python'), true);
		assert.equal(detector.mayMatch('OpenSSL::Cipher and openssl_encrypt(x)'), true);
		assert.equal(detector.mayMatch('nothing here'), false);
	});

	it('finds what the prefilter lets through, in the record\'s language only', async () => {
		assert.ok(detector);
		assert.deepEqual((await runDetectors([detector], 'php', '<?php\n$c = openssl_encrypt($d);\nOpenSSL::Cipher;')).map((f) => `${f.line}:${f.rule}`), ['2:r.php']);
	});
});
