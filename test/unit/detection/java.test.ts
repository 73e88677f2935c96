import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';
import { brief, runDetectors } from './helpers';

/** The records of the rule files for this language family, as the engine runs them. */
const detectors = () => recordDetectors(builtinRules().filter((r) => r.id.startsWith('jvm.')), 'medium');

const run = (code: string) => runDetectors(detectors(), 'java', code);

describe('tree-sitter detectors: Java', () => {
	it('resolves JCA, Spring Security, JWT, trust managers and env reads', async () => {
		const code = [
			'import javax.crypto.*;',
			'import java.security.MessageDigest;',
			'import org.springframework.security.crypto.password.PasswordEncoder;',
			'import io.jsonwebtoken.Jwts;',
			'class A implements X509TrustManager {',
			'  public void checkServerTrusted(X509Certificate[] c, String a) {}',
			'  @PreAuthorize("hasRole(\'ADMIN\')") void f(PasswordEncoder encoder) {',
			'    Cipher c = Cipher.getInstance("AES/GCM/NoPadding"); MessageDigest.getInstance("SHA-256");',
			'    new javax.crypto.spec.SecretKeySpec(k, "AES"); encoder.matches(raw, hash);',
			'    Jwts.builder().setSubject(s).compact(); System.getenv("DB_PASSWORD");',
			'  }',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'5:tls:javax.net.ssl.X509TrustManager',
			'6:tls:checkServerTrusted',
			'7:access-control:org.springframework.security.access.prepost.PreAuthorize',
			'8:crypto:javax.crypto.Cipher.getInstance',
			'8:crypto:java.security.MessageDigest.getInstance',
			'9:crypto:javax.crypto.spec.SecretKeySpec',
			'9:auth:org.springframework.security.crypto.password.PasswordEncoder.matches',
			'10:auth:io.jsonwebtoken.Jwts.builder',
			'10:secrets:java.lang.System.getenv',
		]);
	});

	it('does not flag unimported look-alikes or ordinary env vars', async () => {
		const code = ['class Cipher { static Cipher getInstance(String s) { return null; } }', 'class B { void f() { Cipher.getInstance("x"); encoder.matches(a, b); System.getenv("HOME"); } }'].join('\n');
		assert.deepEqual(brief(await run(code)), []);
	});

	it('reports exact positions after non-ASCII text, and falls back lexically on broken code', async () => {
		const [f] = await run('import java.security.SecureRandom;\nclass A { String s = "é😀"; SecureRandom r = new SecureRandom(); }\n');
		assert.deepEqual([f.line, f.column, f.api], [2, 'class A { String s = "é😀"; SecureRandom r = '.length + 1, 'java.security.SecureRandom']);
		const broken = ['import javax.crypto.Cipher;', 'class A {', '  void f( {', '    Cipher.getInstance("AES"', '    System.getenv("API_TOKEN")'].join('\n');
		assert.deepEqual(brief(await run(broken)), ['4:crypto:javax.crypto.Cipher.getInstance', '5:secrets:java.lang.System.getenv']);
	});
});

describe('tree-sitter detectors: Java object-based primitives, Android Keystore and named calls', () => {
	it('reports the JCA call that creates the object, not the follow-up calls on it', async () => {
		const code = [
			'import javax.crypto.Cipher;',
			'import javax.crypto.KeyGenerator;',
			'class A { byte[] f(Key k, byte[] data) throws Exception {',
			'  Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");',
			'  cipher.init(Cipher.ENCRYPT_MODE, k);',
			'  KeyGenerator kg = KeyGenerator.getInstance("AES");',
			'  kg.init(256); kg.generateKey();',
			'  return cipher.doFinal(data);',
			'} }',
		].join('\n');
		assert.deepEqual(brief(await run(code)), ['4:crypto:javax.crypto.Cipher.getInstance', '6:crypto:javax.crypto.KeyGenerator.getInstance']);
	});

	it('finds Android Keystore key parameters and biometric prompts', async () => {
		const code = [
			'import android.security.keystore.KeyGenParameterSpec;',
			'import androidx.biometric.BiometricPrompt;',
			'class A { void f() {',
			'  KeyGenParameterSpec spec = new KeyGenParameterSpec.Builder(alias, purposes).build();',
			'  final BiometricPrompt prompt = new BiometricPrompt(activity, executor, this);',
			'  prompt.authenticate(info);',
			'} }',
		].join('\n');
		assert.deepEqual(brief(await run(code)), ['4:crypto:android.security.keystore.KeyGenParameterSpec.Builder', '6:auth:androidx.biometric.BiometricPrompt.authenticate']);
	});

	it('flags encrypt/decrypt calls and key getters of other classes, not same-file wrappers of the same arity', async () => {
		const code = [
			'import java.security.Key;',
			'class A extends CipherStorageBase {',
			'  byte[] encryptString(Key key, String value) { return encryptString(key, value, MODE); }',
			'  String decryptBytes(Key key, byte[] b) { return decryptBytes(key, b, null); }',
			'  String decryptBytes(Key key, byte[] b, Handler h) { return null; }',
			'  void g(CipherStorage storage, Key k) {',
			'    final Key key = extractGeneratedKey(alias, level);',
			'    encryptString(key, "x");',
			'    storage.decryptBytes(k, bytes);',
			'    final Key local = makeKey();',
			'  }',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), ['3:crypto:encryptString', '7:secrets:extractGeneratedKey', '9:crypto:storage.decryptBytes']);
	});
});
