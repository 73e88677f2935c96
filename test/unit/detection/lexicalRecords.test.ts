/**
 * The languages whose detection is rule records only (Ruby, PHP, Rust, Swift and Info.plist, shell,
 * C/C++): what the built-in detectors report through `createDetectors`, as a scan runs them. The
 * records' own examples are in `rules/fixtures/`; these check the whole set together (no rule
 * shadowing another, one finding per site, positions and messages).
 */
import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { createDetectors } from '../../../src/core/detection';
import type { RawFinding } from '../../../src/core/detection/detector';
import { rustUses } from '../../../src/core/rules/rustPaths';
import { blankInlineHtml } from '../../../src/core/rules/view';
import { runDetectors } from './helpers';

const detectors = createDetectors({ categories: defaultConfig().categories, rules: [], trustCustomRules: false });

/** `line:category:rule` of the findings of the language's own records (the `app.*` records, for every language, are tested apart). */
async function run(languageId: string, lines: readonly string[]): Promise<string[]> {
	const found: RawFinding[] = await runDetectors(detectors, languageId, lines.join('\n'));
	return found.filter((f) => f.rule !== undefined && !f.rule.startsWith('app.')).map((f) => `${f.line}:${f.category}:${f.rule ?? ''}`);
}

describe('lexical rule records through createDetectors', () => {
	it('Ruby: crypto, auth, access control, TLS, secrets and logging, one finding per site', async () => {
		assert.deepEqual(await run('ruby', [
			"cipher = OpenSSL::Cipher.new('aes-256-gcm')",
			'd = Digest::SHA256.hexdigest(data)',
			'h = OpenSSL::Digest::SHA1.hexdigest(data)',
			'class PostsController < ApplicationController',
			'  before_action :authenticate_user!',
			'  def update',
			'    authorize @post',
			'    JWT.encode(payload, secret, "HS256")',
			'  end',
			'end',
			'ctx.verify_mode = OpenSSL::SSL::VERIFY_NONE',
			"key = ENV['STRIPE_SECRET_KEY']",
			'Rails.logger.info "User logged in: #{user.id}"',
		]), [
			'1:crypto:ruby.crypto.cipher', '2:crypto:ruby.crypto.digest', '3:crypto:ruby.crypto.digest', '5:auth:ruby.auth.authenticate',
			'7:access-control:ruby.access-control.authorize', '8:auth:ruby.auth.jwt', '11:tls:ruby.tls.verify-none', '12:secrets:ruby.secrets.env',
			'13:logging:ruby.logging.security-event',
		]);
	});

	it('Ruby: BCrypt hashing is crypto for storage and auth inside a password comparison, never both', async () => {
		assert.deepEqual(await run('ruby', [
			'class Password',
			'  def self.create(secret)',
			'    Password.new(BCrypt::Engine.hash_secret(secret, @salt))',
			'  end',
			'  def ==(secret)',
			'    super(BCrypt::Engine.hash_secret(secret, @salt))',
			'  end',
			'end',
		]), ['3:crypto:ruby.crypto.password-hash', '6:auth:ruby.auth.password-compare']);
	});

	it('places a finding at the call site with the record\'s message', async () => {
		const [f] = await runDetectors(detectors, 'ruby', 'x = 1\n  y = SecureRandom.bytes(16)');
		assert.deepEqual([f.line, f.column, f.rule, f.message], [2, 7, 'ruby.crypto.secure-random', '`SecureRandom.bytes` draws a secure random value']);
	});

	it('PHP: one finding per site where two records could claim it, none in inline HTML', async () => {
		assert.deepEqual(await run('php', [
			'<p>openssl_encrypt( random_bytes(4)</p>',
			'<?php',
			'$p = password_hash($pw, PASSWORD_ARGON2ID);',
			'if (sodium_crypto_pwhash_str_verify($stored, $pw)) {}',
			'curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);',
			"$h = hash('sha256', $data);",
			"$e = hash('md5', $data);",
			"$this->logger->error('An exception was thrown when handling an AccessDeniedException.');",
			"$this->logger->notice('Access denied for user.');",
		]), ['3:crypto:php.crypto.password-hash', '4:auth:php.auth.password-verify', '5:tls:php.tls.verify-off', '6:crypto:php.crypto.hash', '9:logging:php.logging.security-event']);
	});

	it('C, Swift, Info.plist, shell and Rust', async () => {
		assert.deepEqual(await run('c', ['SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);', 'crypto_pwhash_str(out, pw, n, o, m);']),
			['1:tls:c.tls.verify-none', '2:auth:c.auth.password-hash']);
		assert.deepEqual(await run('swift', ['let box = try AES.GCM.seal(plain, using: key)', 'let s = SecItemCopyMatching(q, &item)']),
			['1:crypto:swift.crypto.cryptokit', '2:secrets:swift.secrets.keychain']);
		assert.deepEqual(await run('xml', ['<dict>', '  <key>NSAllowsArbitraryLoads</key>', '  <true/>', '</dict>']), ['2:tls:swift.tls.ats-disabled']);
		assert.deepEqual(await run('shellscript', ['curl -fsSLk https://x', 'curl -K cfg https://x', 'read -rs PW']),
			['1:tls:shell.tls.verify-off', '3:secrets:shell.secrets.prompt']);
		assert.deepEqual(await run('rust', [
			'use jsonwebtoken::{encode, Header};',
			'let token = encode(&Header::default(), &claims, &key)?;',
			'fn encode2() {}',
		]), ['2:auth:rust.auth.jwt']);
	});

	it('resolves Rust use declarations', () => {
		const { names } = rustUses('use jsonwebtoken::{encode, decode as jwt_decode, Header};\nuse sha2::{Digest, Sha256};\nuse ring::{aead::{self, LessSafeKey}, rand};');
		assert.equal(names.get('encode'), 'jsonwebtoken::encode');
		assert.equal(names.get('jwt_decode'), 'jsonwebtoken::decode');
		assert.equal(names.get('Sha256'), 'sha2::Sha256');
		assert.equal(names.get('aead'), 'ring::aead');
		assert.equal(names.get('LessSafeKey'), 'ring::aead::LessSafeKey');
		assert.equal(names.get('rand'), 'ring::rand');
	});

	it('blanks PHP inline HTML, keeping lengths and line breaks', () => {
		assert.equal(blankInlineHtml('a<?php b ?>c'), ' <?php b ?> ');
		assert.equal(blankInlineHtml('<p>\n<?= x ?>'), '   \n<?= x ?>');
		assert.equal(blankInlineHtml('no tags'), 'no tags');
	});
});
