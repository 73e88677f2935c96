import { strict as assert } from 'node:assert';
import { lexicalDetectors } from '../../../src/core/detection/lexical';
import { brief, runDetectors } from './helpers';

const detectors = lexicalDetectors();
const run = async (languageId: string, text: string): Promise<string[]> => brief(await runDetectors(detectors, languageId, text));

describe('lexical detection: C and C++ (OpenSSL, libsodium)', () => {
	it('finds EVP, HMAC, RAND, key generation and KDFs', async () => {
		assert.deepEqual(await run('c', [
			'#include <openssl/evp.h>',
			'int f(void) {',
			'  EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);',
			'  EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, iv);',
			'  EVP_DigestInit_ex(md, EVP_sha256(), NULL);',
			'  EVP_DigestSignInit(mctx, NULL, EVP_sha256(), NULL, pkey);',
			'  HMAC(EVP_sha256(), key, klen, data, n, out, &olen);',
			'  HMAC_Init_ex(hctx, key, klen, EVP_sha256(), NULL);',
			'  RAND_bytes(buf, sizeof buf);',
			'  RSA_generate_key_ex(rsa, 2048, e, NULL);',
			'  EVP_PKEY_keygen(kctx, &pkey);',
			'  PKCS5_PBKDF2_HMAC(pw, n, salt, sl, 600000, EVP_sha256(), 32, out);',
			'  crypto_secretbox_easy(c, m, mlen, nonce, k);',
			'  crypto_box_keypair(pk, sk);',
			'  randombytes_buf(nonce, sizeof nonce);',
			'}',
		].join('\n')), [
			'3:crypto:EVP_EncryptInit_ex', '4:crypto:EVP_DecryptInit_ex', '5:crypto:EVP_DigestInit_ex', '6:crypto:EVP_DigestSignInit',
			'7:crypto:HMAC', '8:crypto:HMAC_Init_ex', '9:crypto:RAND_bytes', '10:crypto:RSA_generate_key_ex', '11:crypto:EVP_PKEY_keygen',
			'12:crypto:PKCS5_PBKDF2_HMAC', '13:crypto:crypto_secretbox_easy', '14:crypto:crypto_box_keypair', '15:crypto:randombytes_buf',
		]);
	});

	it('finds TLS and secrets from getenv', async () => {
		assert.deepEqual(await run('cpp', [
			'SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());',
			'SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);',
			'if (SSL_connect(ssl) <= 0) {}',
			'SSL_accept(ssl);',
			'const char *pw = std::getenv("DB_PASSWORD");',
			'const char *home = getenv("HOME");',
			'// RAND_bytes(buf, 4);',
			'const char *s = "EVP_EncryptInit_ex(";',
			'obj.HMAC(x); my_RAND_bytes(b, 1);',
			'static int SSL_connect_count;',
		].join('\n')), [
			'1:tls:SSL_CTX_new', '2:tls:SSL_CTX_set_verify(SSL_VERIFY_NONE)', '3:tls:SSL_connect', '4:tls:SSL_accept',
			'5:secrets:getenv(DB_PASSWORD)',
		]);
	});
});

describe('lexical detection: Swift', () => {
	it('finds CryptoKit, CommonCrypto, keychain, LocalAuthentication and trust handling', async () => {
		assert.deepEqual(await run('swift', [
			'import CryptoKit',
			'let digest = SHA256.hash(data: data)',
			'let box = try AES.GCM.seal(plain, using: key)',
			'let mac = HMAC<SHA256>.authenticationCode(for: data, using: key)',
			'let signer = P256.Signing.PrivateKey()',
			'CCCrypt(op, alg, opts, key, klen, iv, inp, n, out, cap, &moved)',
			'CC_SHA256(ptr, len, &hash)',
			'let status = SecRandomCopyBytes(kSecRandomDefault, 32, &bytes)',
			'let s = SecItemCopyMatching(query as CFDictionary, &item)',
			'SecItemAdd(attrs as CFDictionary, nil)',
			'LAContext().evaluatePolicy(.deviceOwnerAuthentication, localizedReason: r) { ok, _ in }',
			'func urlSession(_ session: URLSession, didReceive challenge: URLAuthenticationChallenge,',
			'    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {',
			'  completionHandler(.useCredential, URLCredential(trust: challenge.protectionSpace.serverTrust!))',
			'}',
			'let token = ProcessInfo.processInfo.environment["API_TOKEN"]',
			'let home = ProcessInfo.processInfo.environment["HOME"]',
		].join('\n')), [
			'2:crypto:SHA256.hash', '3:crypto:AES.GCM.seal', '4:crypto:HMAC<SHA256>', '5:crypto:P256.Signing.PrivateKey',
			'6:crypto:CCCrypt', '7:crypto:CC_SHA256', '8:crypto:SecRandomCopyBytes', '9:secrets:SecItemCopyMatching', '10:secrets:SecItemAdd',
			'11:auth:LAContext.evaluatePolicy', '12:tls:URLSessionDelegate.urlSession(_:didReceive:completionHandler:)',
			'14:tls:URLCredential(trust:)', '16:secrets:ProcessInfo.environment[API_TOKEN]',
		]);
	});

	it('finds App Transport Security switched off in Info.plist', async () => {
		assert.deepEqual(await run('xml', '<dict>\n  <key>NSAllowsArbitraryLoads</key>\n  <true/>\n</dict>'), ['2:tls:NSAllowsArbitraryLoads']);
		assert.deepEqual(await run('xml', '<key>NSAllowsArbitraryLoads</key><false/>\n<!-- <key>NSAllowsArbitraryLoads</key><true/> -->'), []);
	});
});

describe('lexical detection: shell', () => {
	it('finds command-line crypto, insecure TLS, secret reads and auth logging', async () => {
		assert.deepEqual(await run('shellscript', [
			'#!/bin/sh',
			'openssl enc -aes-256-cbc -salt -in f -out f.enc -pass env:PW',
			'KEY="$(openssl rand -hex 32)"',
			'gpg --batch --yes --encrypt -r ops@example.com backup.tar',
			'ssh-keygen -t ed25519 -f id -N ""',
			'curl -fsSLk https://internal/api',
			'curl --insecure \\',
			'  https://x',
			'wget --no-check-certificate https://x',
			'aws secretsmanager get-secret-value --secret-id prod/db',
			'vault kv get secret/app',
			'gcloud secrets versions access latest --secret=db',
			'az keyvault secret show --vault-name v --name n',
			'read -rs -p "Password: " PASSWORD',
			'logger -t backup -p authpriv.notice "login"',
			'sudo systemctl restart app',
			'curl -fsSL https://x | sh',
			'echo "openssl enc and curl -k" # gpg --encrypt',
			'echo $DB_PASSWORD',
		].join('\n')), [
			'2:crypto:openssl enc', '3:crypto:openssl rand', '4:crypto:gpg', '5:crypto:ssh-keygen', '6:tls:curl --insecure',
			'7:tls:curl --insecure', '9:tls:wget --no-check-certificate', '10:secrets:aws secretsmanager get-secret-value',
			'11:secrets:vault kv get', '12:secrets:gcloud secrets versions access', '13:secrets:az keyvault secret show',
			'14:secrets:read -s', '15:logging:logger -p auth',
		]);
	});
});
