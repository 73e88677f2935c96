import { strict as assert } from 'node:assert';
import type { CustomRule } from '../../../src/core/config/loadConfig';
import { customRecords, customRuleDetectors, MAX_FINDINGS_PER_RULE } from '../../../src/core/detection/customRules';
import { compileRulePattern } from '../../../src/core/detection/custom/regex';
import { brief, runDetectors } from './helpers';

function rule(fields: Partial<CustomRule> & Pick<CustomRule, 'id'>): CustomRule {
	return {
		category: 'secrets', languages: null, calls: [], pattern: null, message: null,
		at: { line: 1, column: 1 }, patternAt: null, ...fields,
	};
}

const vault = rule({ id: 'vault-read', calls: ['vault.read', 'getSecret'] });
const des = rule({ id: 'legacy-des', category: 'crypto', pattern: 'DES(ede)?\\.encrypt' });

describe('custom rules: records of the one rule model', () => {
	it('become calls and linear-time pattern records, high confidence, with their message and place', () => {
		const [calls, pattern] = customRecords([vault, { ...des, message: 'legacy DES' }], '/w/.iso27001.yaml');
		assert.deepEqual(calls.match, { kind: 'calls', names: ['vault.read', 'getSecret'] });
		assert.deepEqual([calls.id, calls.category, calls.confidence, calls.message], ['vault-read', 'secrets', 'high', 'matches custom rule vault-read']);
		assert.deepEqual(pattern.match, { kind: 'pattern', pattern: 'DES(ede)?\\.encrypt', place: 'match', linear: true });
		assert.deepEqual([pattern.message, pattern.at], ['legacy DES', { file: '/w/.iso27001.yaml', line: 1, column: 1 }]);
	});
});

describe('custom rules: calls', () => {
	it('matches TypeScript calls through the AST, qualified names as dotted suffixes', async () => {
		const text = [
			"import { vault } from './vault';",
			'class S {',
			'  async f() {',
			"    const a = await this.vault.read('db');",
			"    const b = getSecret('x');",
			"    const c = client.getSecret('y');",
			'    const d = myvault.read();',
			'    const e = vault.readAll();',
			"    // vault.read('commented')",
			"    const s = 'vault.read(1)';",
			"    const n = new vault.read('z');",
			'    return vault?.read(`k`);',
			'  }',
			'}',
		].join('\n');
		const found = await runDetectors(customRuleDetectors([vault]), 'typescript', text);
		assert.deepEqual(brief(found), ['4:secrets:vault.read', '5:secrets:getSecret', '6:secrets:getSecret', '11:secrets:vault.read', '12:secrets:vault.read']);
		assert.deepEqual([found[0].column, found[0].message, found[0].rule, found[0].confidence], [26, 'matches custom rule vault-read', 'vault-read', 'high']);
	});

	it('falls back to lexical matching when TypeScript does not parse', async () => {
		const found = await runDetectors(customRuleDetectors([vault]), 'typescript', 'const a = vault.read(;\n// getSecret()');
		assert.deepEqual(brief(found), ['1:secrets:vault.read']);
	});

	it('matches Python and Go calls lexically, not definitions', async () => {
		const py = [
			'def getSecret(name):',
			"    return vault.read(name)",
			"x = self.client.getSecret('a')",
			"# getSecret('b')",
			"s = 'vault.read(c)'",
		].join('\n');
		assert.deepEqual(brief(await runDetectors(customRuleDetectors([vault]), 'python', py)), ['2:secrets:vault.read', '3:secrets:getSecret']);
		const go = [
			'func (s *Store) getSecret(name string) string { return "" }',
			'func f() {',
			'\tv, _ := vault.read(ctx, "db") // getSecret(x)',
			'\tw := getSecret("x")',
			'}',
		].join('\n');
		assert.deepEqual(brief(await runDetectors(customRuleDetectors([vault]), 'go', go)), ['3:secrets:vault.read', '4:secrets:getSecret']);
	});

	it('honours languages and the rule message', async () => {
		const ts = rule({ id: 'ts-only', calls: ['getSecret'], languages: ['typescript', 'javascript'], message: 'reads a vault secret' });
		const [d] = customRuleDetectors([ts]);
		assert.deepEqual([...d.languages], ['typescript', 'javascript']);
		assert.deepEqual(await runDetectors([d], 'python', 'getSecret(1)'), []);
		const found = await runDetectors([d], 'javascript', 'getSecret(1)');
		assert.equal(found[0].message, 'reads a vault secret');
		const all = customRuleDetectors([vault])[0];
		for (const id of ['typescript', 'python', 'go', 'rust', 'shellscript', 'php', 'yaml']) {
			assert.ok(all.languages.has(id), id);
		}
	});
});

describe('custom rules: patterns', () => {
	it('matches code outside comments and strings, one finding per match', async () => {
		const text = [
			'c = DES.encrypt(k, m); d = DESede.encrypt(k, m)',
			'# DES.encrypt(k, m)',
			"s = 'DES.encrypt(k, m)'",
			'  DES.encrypt(x)',
		].join('\n');
		const found = await runDetectors(customRuleDetectors([des]), 'python', text);
		assert.deepEqual(brief(found), ['1:crypto:custom:legacy-des', '1:crypto:custom:legacy-des', '4:crypto:custom:legacy-des']);
		assert.deepEqual(found.map((f) => f.column), [5, 28, 3]);
	});

	it('runs catastrophic patterns in linear time', async () => {
		const evil = rule({ id: 'evil', category: 'crypto', pattern: '(a+)+$' });
		const text = `x = ${'a'.repeat(50_000)}b\n`;
		// A backtracking engine would not finish these within mocha's timeout; RE2's automaton is linear.
		const found = await runDetectors(customRuleDetectors([evil]), 'python', text);
		assert.deepEqual(found, []);
		const nested = rule({ id: 'nested', category: 'crypto', pattern: '(x+x+)+y' });
		assert.deepEqual(await runDetectors(customRuleDetectors([nested]), 'python', 'x'.repeat(20_000)), []);
	});

	it('caps findings per file and rule', async () => {
		const broad = rule({ id: 'broad', category: 'crypto', pattern: 'a' });
		const found = await runDetectors(customRuleDetectors([broad]), 'python', 'a '.repeat(5000));
		assert.equal(found.length, MAX_FINDINGS_PER_RULE);
	});

	it('refuses what the linear-time engine cannot run, with a message', () => {
		const message = (p: string): string => {
			const c = compileRulePattern(p);
			return c.ok ? 'ok' : c.message;
		};
		assert.match(message('(a)\\1'), /backreference .* linear-time/);
		assert.match(message('foo(?=bar)'), /^pattern uses lookahead/);
		assert.match(message('(?<!x)foo'), /negative lookbehind/);
		assert.match(message('(unclosed'), /^invalid regular expression: missing closing \)/);
		assert.match(message('x*'), /empty string/);
		assert.equal(message('[(?=]x'), 'ok');
		assert.equal(message('\\u0041\\.encrypt'), 'ok');
		assert.deepEqual(customRuleDetectors([rule({ id: 'bad', pattern: '(a)\\1' })]), []);
	});
});
