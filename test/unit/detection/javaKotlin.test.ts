import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';
import { brief, runDetectors } from './helpers';

/** The records of the rule files for this language family, as the engine runs them. */
const detectors = () => recordDetectors(builtinRules().filter((r) => r.id.startsWith('jvm.')), 'medium');

const run = (code: string) => runDetectors(detectors(), 'kotlin', code);

describe('tree-sitter detectors: Kotlin', () => {
	it('resolves aliases, constructor calls, typed parameters and trust managers', async () => {
		const code = [
			'import javax.crypto.Cipher',
			'import java.security.MessageDigest as MD',
			'import java.security.SecureRandom',
			'import org.springframework.security.crypto.password.PasswordEncoder',
			'class A(private val encoder: PasswordEncoder) {',
			'    @Secured("ROLE_ADMIN") fun f() {',
			'        Cipher.getInstance("AES"); MD.getInstance("SHA-256"); SecureRandom()',
			'        encoder.matches(a, b); System.getenv("TOKEN")',
			'        val tm = object : X509TrustManager { override fun checkServerTrusted(c: Array<X509Certificate>, a: String) {} }',
			'    }',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'6:access-control:org.springframework.security.access.annotation.Secured',
			'7:crypto:javax.crypto.Cipher.getInstance',
			'7:crypto:java.security.MessageDigest.getInstance',
			'7:crypto:java.security.SecureRandom',
			'8:auth:org.springframework.security.crypto.password.PasswordEncoder.matches',
			'8:secrets:java.lang.System.getenv',
			'9:tls:javax.net.ssl.X509TrustManager',
			'9:tls:checkServerTrusted',
		]);
	});

	it('does not flag unimported look-alikes, and falls back lexically on broken code', async () => {
		assert.deepEqual(brief(await run('fun getInstance(s: String) = s\nfun f() { Cipher.getInstance("x"); getInstance("y"); System.getenv("PORT") }\n')), []);
		const broken = 'import javax.crypto.Cipher\nfun f( {\n    Cipher.getInstance("AES"\n';
		assert.deepEqual(brief(await run(broken)), ['3:crypto:javax.crypto.Cipher.getInstance']);
	});
});
