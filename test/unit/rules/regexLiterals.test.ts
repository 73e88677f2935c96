import * as assert from 'node:assert/strict';
import { regexLiterals } from '../../../src/core/rules/regexLiterals';

describe('rules: the literals a pattern needs, for the anchor pass', () => {
	it('takes the longest required literal of a sequence, or one per alternative', () => {
		assert.deepEqual(regexLiterals(String.raw`\bnew\s+\w*Authentication\s*\(`), ['authentication']);
		assert.deepEqual(regexLiterals(String.raw`\b(?:IsSecureConnection|isSecure\s*\()`), ['issecureconnection', 'issecure']);
		assert.deepEqual(regexLiterals(String.raw`^(?:WWW|Proxy)-Authenticate$`), ['-authenticate']);
		assert.deepEqual(regexLiterals(String.raw`(?<api>openssl\s+enc)`), ['openssl']);
	});

	it('needs nothing from what may be absent: optional parts, lookarounds, classes and short runs', () => {
		assert.equal(regexLiterals(String.raw`(?:secret)?\w+`), null);
		assert.equal(regexLiterals(String.raw`(?<!password)\s*=`), null);
		assert.equal(regexLiterals(String.raw`[a-z]+\d`), null);
		assert.equal(regexLiterals(String.raw`foo|ab`), null, 'one alternative needs no literal of three characters');
		assert.deepEqual(regexLiterals(String.raw`ab?cdef`), ['cdef']);
		assert.deepEqual(regexLiterals(String.raw`toke+n`), ['toke']);
	});

	it('never claims a literal a match can do without (checked on sample matches)', () => {
		const cases: [string, string[]][] = [
			[String.raw`\.(?:role|roles|is_?admin)\b\s*(?:===?|\.includes\s*\()`, ['.role ===', '.isadmin.includes(', '.is_admin ==']],
			[String.raw`(?:bearer|basic)\s+[\w.-]+`, ['Bearer abc', 'basic x']],
			[String.raw`cookies(?:\.(?:signed|encrypted))*\[\s*:?\w*(?:auth|session)\w*\]\s*=`, ['cookies.signed[:autologin_auth] =', 'cookies[:session]=']],
		];
		for (const [pattern, samples] of cases) {
			const literals = regexLiterals(pattern);
			assert.ok(literals !== null, pattern);
			for (const s of samples) {
				assert.ok(new RegExp(pattern, 'i').test(s), `${pattern} should match ${s}`);
				assert.ok(literals.some((l) => s.toLowerCase().includes(l)), `${s} contains none of ${literals.join(', ')}`);
			}
		}
	});
});
