/** C and C++: OpenSSL (EVP, HMAC, RAND, RSA, PBKDF2, SSL) and libsodium; secrets from `getenv`. */
import type { Detector } from '../detector';
import { lexicalDetector, secretArgument, type LexicalRule } from './engine';

/** A C function call: the name not part of a longer name or member access, followed by `(`. */
function call(names: string): RegExp {
	return new RegExp(String.raw`(?<![\w.>$]|::[ \t]{0,4}|\b(?:struct|enum|union)[ \t]{1,8})(?:${names})(?=\s*\()`, 'g');
}

const RULES: readonly LexicalRule[] = [
	// tls
	{ re: /(?<![\w.>])SSL_CTX_set_verify(?=\s*\([^;]{0,300}?\bSSL_VERIFY_NONE\b)/g, api: 'SSL_CTX_set_verify(SSL_VERIFY_NONE)', category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<![\w.>])SSL_set_verify(?=\s*\([^;]{0,300}?\bSSL_VERIFY_NONE\b)/g, api: 'SSL_set_verify(SSL_VERIFY_NONE)', category: 'tls', what: 'certificate verification disabled' },
	{ re: call(String.raw`SSL_CTX_new|SSL_new|SSL_connect|SSL_accept|SSL_do_handshake|SSL_CTX_set_verify|SSL_set_verify|SSL_CTX_use_certificate\w*|SSL_CTX_use_PrivateKey\w*|SSL_CTX_load_verify_locations|SSL_CTX_set_min_proto_version|SSL_set_tlsext_host_name|SSL_set1_host`), category: 'tls', what: 'TLS (OpenSSL)' },
	// crypto: OpenSSL
	{ re: call(String.raw`EVP_(?:Encrypt|Decrypt|Cipher|Seal|Open)(?:Init(?:_ex2?)?|Update|Final(?:_ex)?)|EVP_AEAD_CTX_\w+`), category: 'crypto', what: 'cipher (OpenSSL EVP)' },
	{ re: call(String.raw`EVP_Digest(?:Sign|Verify)(?:Init(?:_ex)?|Update|Final)?|EVP_(?:Sign|Verify)(?:Init(?:_ex)?|Update|Final)|EVP_PKEY_(?:sign|verify|encrypt|decrypt|derive)(?:_init)?`), category: 'crypto', what: 'signature or public-key operation (OpenSSL EVP)' },
	{ re: call(String.raw`EVP_DigestInit(?:_ex2?)?|EVP_Digest|EVP_Q_digest|SHA(?:224|256|384|512)(?:_Init|_Update|_Final)?`), category: 'crypto', what: 'digest (OpenSSL)' },
	{ re: call(String.raw`HMAC(?:_Init(?:_ex)?|_Update|_Final|_CTX_new)?|EVP_MAC_(?:init|update|final|fetch)|CMAC_Init`), category: 'crypto', what: 'MAC (OpenSSL)' },
	{ re: call(String.raw`RAND_(?:priv_)?bytes(?:_ex)?`), category: 'crypto', what: 'secure random bytes (OpenSSL)' },
	{ re: call(String.raw`RSA_generate_key(?:_ex)?|EC_KEY_generate_key|EVP_PKEY_(?:keygen|generate|paramgen)(?:_init)?|EVP_PKEY_Q_keygen|EVP_RSA_gen|DH_generate_key|RSA_(?:public|private)_(?:encrypt|decrypt)|RSA_(?:sign|verify)|ECDSA_(?:do_)?(?:sign|verify)`), category: 'crypto', what: 'key generation or public-key operation (OpenSSL)' },
	{ re: call(String.raw`PKCS5_PBKDF2_HMAC(?:_SHA1)?|EVP_PBE_scrypt|EVP_KDF_derive|HKDF|EVP_BytesToKey`), category: 'crypto', what: 'key derivation (OpenSSL)' },
	{ re: call(String.raw`AES_(?:set_(?:en|de)crypt_key|encrypt|decrypt|cbc_encrypt|gcm128_\w+)`), category: 'crypto', what: 'AES (OpenSSL low level)' },
	// crypto: libsodium
	{ re: call(String.raw`crypto_pwhash_str(?:_verify)?`), category: 'auth', what: 'password hashing or verification (libsodium)' },
	{ re: call(String.raw`crypto_(?:secretbox|box|sign|aead|auth|kx|kdf|pwhash|generichash|hash|stream|scalarmult|onetimeauth|secretstream|shorthash)\w*|randombytes_(?:buf|random|uniform)\w*|sodium_init`), category: 'crypto', what: 'libsodium operation' },
	// secrets
	{ re: call(String.raw`(?:std::)?getenv|secure_getenv|_dupenv_s|GetEnvironmentVariable[AW]?`), api: secretArgument((n) => `getenv(${n})`), category: 'secrets', what: 'secret read from the environment' },
];

/** The C and C++ detector (Objective-C uses the same C APIs). */
export function opensslDetector(): Detector {
	return lexicalDetector({
		id: 'lexical:c',
		languages: ['c', 'cpp', 'objective-c', 'objective-cpp'],
		mayMatch: /SSL_|EVP_|HMAC|RAND_|RSA_|EC_KEY|DH_generate|ECDSA_|PKCS5_|HKDF|AES_|SHA\d|crypto_|randombytes_|sodium_init|getenv|_dupenv_s|GetEnvironmentVariable/,
		rules: RULES,
	});
}
