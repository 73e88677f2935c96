import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../src/core/errors';
import { loadRuleDir, parseRuleFile } from '../../../src/core/rules/load';

const rule = (body: string): string => `rules:\n  - id: my.rule\n    category: auth\n    confidence: medium\n    summary: s\n    message: m\n${body}`;

function errorOf(text: string): ConfigError {
	try {
		parseRuleFile('r.yaml', text);
	} catch (e) {
		assert.ok(e instanceof ConfigError, String(e));
		return e;
	}
	assert.fail('expected a ConfigError');
}

describe('rules: rule files are validated with file:line:col', () => {
	it('refuses a pattern that opens with a long lookbehind, which would be tried at every offset of every file', () => {
		const e = errorOf(rule("    text: '(?<=\\bcreateTransport\\s*\\(\\s*\\{[^{}]{0,400}?)(?<api>\\bsecure)\\s*:'\n"));
		assert.match(e.detail, /starts with a lookbehind that can span many characters/);
		assert.equal(e.line, 7);
		assert.equal(parseRuleFile('r.yaml', rule("    pattern: '(?<=\\.\\s{0,16})danger(?=\\s*\\()'\n")).length, 1, 'a short lookbehind is fine');
		assert.equal(parseRuleFile('r.yaml', rule("    text: '\\bcreateTransport\\s*\\(\\s*\\{[^{}]{0,400}?(?<api>\\bsecure)\\s*:'\n")).length, 1, 'the same, starting with its literal');
	});

	it('reads a valid record of each kind', () => {
		const records = parseRuleFile('r.yaml', rule('    name:\n      words: [session]\n      with: [destroy*]\n      receiver: true\n'));
		assert.deepEqual(records[0].match, { kind: 'name', words: ['session'], with: ['destroy*'], receiver: true, unless: [], args: null, near: null, acts: null, inputs: false });
		assert.deepEqual(records[0].at, { file: 'r.yaml', line: 2, column: 5 });
		const read = parseRuleFile('r.yaml', rule('    read:\n      objects: [env]\n      key: secret\n'));
		assert.equal(read[0].match.kind, 'read');
		const api = parseRuleFile('r.yaml', rule("    api:\n      names: [crypto.createHash, 'github.com/golang-jwt/jwt.*']\n      use: new\n      args: md5\n"));
		assert.deepEqual(api[0].match, { kind: 'api', names: ['crypto.createHash', 'github.com/golang-jwt/jwt.*'], use: 'new', unless: [], args: 'md5' });
		assert.match(errorOf(rule('    api:\n      names: [crypto..x]\n')).detail, /must be a qualified name/);
		assert.match(errorOf(rule('    api:\n      names: [a.b]\n      use: sometimes\n')).detail, /use must be one of call, new, decorator, reference/);
		const keyed = parseRuleFile('r.yaml', rule("    api:\n      names: [process.env.*]\n      use: reference\n      key: secret\n"));
		assert.deepEqual(keyed[0].match, { kind: 'api', names: ['process.env.*'], use: 'reference', unless: [], args: null, key: 'secret' });
		assert.match(errorOf(rule("    api:\n      names: [fs.readFile]\n      key: '(x'\n")).detail, /key is not a valid regular expression/);
		const method = parseRuleFile('r.yaml', rule("    method:\n      names: [hasRole, acquireToken*]\n      receiver: 'req|request'\n      imports: [passport-*]\n      message: security-event\n"));
		assert.deepEqual(method[0].match, {
			kind: 'method', names: ['hasRole', 'acquireToken*'], receiver: 'req|request', imports: ['passport-*'], use: 'call', args: null, message: 'security-event',
		});
		assert.match(errorOf(rule('    method:\n      names: [has.role]\n')).detail, /must be a name such as 'hasRole'/);
		assert.match(errorOf(rule('    method:\n      names: [x]\n      use: new\n')).detail, /use must be one of call, decorator/);
		const equals = parseRuleFile('r.yaml', rule('    equals:\n      keys: [role, roleName]\n'));
		assert.deepEqual(equals[0].match, { kind: 'equals', keys: ['role', 'roleName'] });
		const guarded = parseRuleFile('r.yaml', rule("    pattern: 'raise\\s+Forbidden'\n    place: guard\n"));
		assert.deepEqual(guarded[0].match, { kind: 'pattern', pattern: 'raise\\s+Forbidden', place: 'guard' });
	});

	it('reads the optional inside / not-inside, case and literal fields, and checks them', () => {
		const r = parseRuleFile('r.yaml', rule("    pattern: 'BCrypt'\n    case: sensitive\n    inside: '^==$'\n    not-inside: '^create$'\n"))[0];
		assert.deepEqual([r.inside, r.notInside, r.match], ['^==$', '^create$', { kind: 'pattern', pattern: 'BCrypt', place: 'match', matchCase: true }]);
		const plain = parseRuleFile('r.yaml', rule('    pattern: x\n'))[0];
		assert.deepEqual(['inside' in plain, 'notInside' in plain, 'matchCase' in plain.match], [false, false, false]);
		const log = parseRuleFile('r.yaml', rule('    log:\n      loggers: [logger]\n      message: security-event\n      literal: true\n'))[0];
		assert.deepEqual(log.match, { kind: 'log', loggers: ['logger'], message: 'security-event', unless: null, literal: true });
		const bad = errorOf(rule("    pattern: x\n    inside: '(def'\n"));
		assert.deepEqual([bad.line, bad.column], [8, 13]);
		assert.match(bad.detail, /inside is not a valid regular expression/);
		assert.match(errorOf(rule('    pattern: x\n    case: upper\n')).detail, /case must be one of sensitive, insensitive/);
		assert.match(errorOf(rule('    name:\n      words: [x]\n    case: sensitive\n')).detail, /'case' applies to pattern, text and string rules only/);
	});

	it('reads the optional api fields and the member kind, and refuses bad ones at file:line:col', () => {
		const api = parseRuleFile('r.yaml', rule("    api:\n      names: [os.getenv]\n      unless: ['*.init']\n      key: secret\n      near: 'key'\n      bare: true\n"));
		assert.deepEqual(api[0].match, { kind: 'api', names: ['os.getenv'], use: 'call', unless: ['*.init'], args: null, key: 'secret', near: 'key', bare: true });
		assert.equal(parseRuleFile('r.yaml', rule('    api:\n      names: [a.B]\n      use: extends\n'))[0].match.kind, 'api');
		assert.match(errorOf(rule("    api:\n      names: ['*.init']\n")).detail, /must be a qualified name/);
		const badKey = errorOf(rule("    api:\n      names: [a.b]\n      key: '(x'\n"));
		assert.equal(badKey.line, 9);
		assert.match(badKey.detail, /key is not a valid regular expression/);
		const member = parseRuleFile('r.yaml', rule("    member:\n      names: [SignedString, 'Parse*Key*']\n      imports: [github.com/golang-jwt/jwt]\n      external: true\n"));
		assert.deepEqual(member[0].match, {
			kind: 'member', names: ['SignedString', 'Parse*Key*'], use: 'call', receiver: null, imports: ['github.com/golang-jwt/jwt'], args: null, near: null, external: true,
		});
		const write = parseRuleFile('r.yaml', rule("    member:\n      names: [verify]\n      use: write\n      args: '^False$'\n      receiver: '.'\n"));
		assert.deepEqual([write[0].match.kind === 'member' && write[0].match.use, write[0].match.kind === 'member' && write[0].match.receiver], ['write', '.']);
		assert.match(errorOf(rule('    member:\n      names: [a.b]\n')).detail, /must be a member name/);
		assert.match(errorOf(rule('    member:\n      names: [x]\n      use: read\n')).detail, /use must be one of call, reference, write, define/);
		assert.match(errorOf(rule('    member:\n      names: [x]\n      extra: 1\n')).detail, /unknown key 'extra'/);
	});

	it('reads own-function on a name rule and refuses it on another kind, at file:line:col', () => {
		assert.equal(parseRuleFile('r.yaml', rule('    own-function: true\n    name:\n      words: [seal]\n'))[0].ownFunction, true);
		assert.equal('ownFunction' in parseRuleFile('r.yaml', rule('    own-function: false\n    name:\n      words: [seal]\n'))[0], false);
		const bad = errorOf(rule("    own-function: true\n    pattern: 'seal'\n"));
		assert.deepEqual([bad.line, bad.column], [7, 19]);
		assert.match(bad.detail, /'own-function' applies to name rules only/);
		const hashes = parseRuleFile('r.yaml', rule('    name:\n      words: [hash]\n      unless-args: [cache*]\n'))[0].match;
		assert.deepEqual(hashes.kind === 'name' ? hashes.unlessArgs : null, ['cache*']);
		const calls = parseRuleFile('r.yaml', rule('    name:\n      words: [seal]\n      arguments: true\n'))[0].match;
		assert.equal(calls.kind === 'name' ? calls.arguments : null, true);
	});

	it('names the line and column of an unknown category', () => {
		const e = errorOf(rule('    pattern: x\n').replace('category: auth', 'category: authn'));
		assert.equal(e.line, 3);
		assert.equal(e.column, 15);
		assert.match(e.detail, /category must be one of crypto, auth/);
	});

	it('refuses a rule with no match or two, an invalid regular expression, a bad word, a bad confidence', () => {
		assert.match(errorOf(rule('')).detail, /needs exactly one of api, name, read, option, string, log, pattern, text, compare, member, method, equals/);
		assert.match(errorOf(rule('    pattern: x\n    string: y\n')).detail, /not string and pattern/);
		const bad = errorOf(rule("    pattern: '(unclosed'\n"));
		assert.equal(bad.line, 7);
		assert.match(bad.detail, /not a valid regular expression/);
		assert.match(errorOf(rule('    name:\n      words: [Has Role]\n')).detail, /must be one lower-case word/);
		assert.match(errorOf(rule('    pattern: x\n').replace('confidence: medium', 'confidence: low')).detail, /confidence must be one of high, medium/);
		assert.match(errorOf(rule('    name:\n      words: [x]\n    place: guard\n')).detail, /'place' applies to pattern and string rules only/);
		assert.match(errorOf(rule('    pattern: x\n').replace('my.rule', 'My Rule')).detail, /lower-case words/);
	});

	it('refuses unknown keys, languages and duplicate ids', () => {
		assert.match(errorOf(rule('    pattern: x\n    severity: high\n')).detail, /unknown key 'severity'/);
		assert.match(errorOf(rule('    pattern: x\n    languages: [klingon]\n')).detail, /unknown language 'klingon'/);
		const twice = `${rule('    pattern: x\n')}${rule('    pattern: y\n').replace('rules:\n', '')}`;
		assert.match(errorOf(twice).detail, /duplicate rule id 'my.rule'/);
	});

	it('refuses the same id in two files of a folder', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
		fs.writeFileSync(path.join(dir, 'a.yaml'), rule('    pattern: x\n'));
		fs.writeFileSync(path.join(dir, 'b.yaml'), rule('    pattern: y\n'));
		assert.throws(() => loadRuleDir(dir), /b\.yaml:2:5: rule id 'my.rule' is also defined in .*a\.yaml/);
	});
});
