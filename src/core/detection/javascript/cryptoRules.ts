import { algorithmArg, type CallRule, type CallSite, type Hit } from './ast';

/** node:crypto functions and what they do. `randomUUID` and `randomInt` are left out: identifiers and dice, not key material. */
export const NODE_CRYPTO: ReadonlyMap<string, string> = new Map([
	['createHash', 'Hash computed'],
	['hash', 'Hash computed'],
	['createHmac', 'HMAC computed'],
	['createCipheriv', 'Cipher created'],
	['createCipher', 'Cipher created (deprecated API, no IV)'],
	['createDecipheriv', 'Decipher created'],
	['createDecipher', 'Decipher created (deprecated API, no IV)'],
	['createSign', 'Signer created'],
	['createVerify', 'Signature verifier created'],
	['sign', 'Data signed'],
	['verify', 'Signature verified'],
	['generateKeyPair', 'Key pair generated'],
	['generateKeyPairSync', 'Key pair generated'],
	['generateKey', 'Secret key generated'],
	['generateKeySync', 'Secret key generated'],
	['pbkdf2', 'Key derived with PBKDF2'],
	['pbkdf2Sync', 'Key derived with PBKDF2'],
	['scrypt', 'Key derived with scrypt'],
	['scryptSync', 'Key derived with scrypt'],
	['hkdf', 'Key derived with HKDF'],
	['hkdfSync', 'Key derived with HKDF'],
	['randomBytes', 'Secure random bytes generated'],
	['pseudoRandomBytes', 'Random bytes generated (deprecated alias of randomBytes)'],
	['randomFill', 'Secure random bytes generated'],
	['randomFillSync', 'Secure random bytes generated'],
	['getRandomValues', 'Secure random values generated'],
	['createPrivateKey', 'Private key loaded'],
	['createPublicKey', 'Public key loaded'],
	['createSecretKey', 'Secret key loaded'],
	['publicEncrypt', 'Data encrypted with a public key'],
	['privateDecrypt', 'Data decrypted with a private key'],
	['privateEncrypt', 'Data encrypted with a private key'],
	['publicDecrypt', 'Data decrypted with a public key'],
	['timingSafeEqual', 'Constant-time comparison'],
	['diffieHellman', 'Diffie-Hellman key agreement'],
	['createDiffieHellman', 'Diffie-Hellman key agreement'],
	['createDiffieHellmanGroup', 'Diffie-Hellman key agreement'],
	['getDiffieHellman', 'Diffie-Hellman key agreement'],
	['createECDH', 'ECDH key agreement'],
]);

/** WebCrypto `crypto.subtle` methods and what they do. */
export const SUBTLE: ReadonlyMap<string, string> = new Map([
	['encrypt', 'Data encrypted'],
	['decrypt', 'Data decrypted'],
	['sign', 'Data signed'],
	['verify', 'Signature verified'],
	['digest', 'Digest computed'],
	['generateKey', 'Key generated'],
	['deriveKey', 'Key derived'],
	['deriveBits', 'Key bits derived'],
	['importKey', 'Key imported'],
	['exportKey', 'Key exported'],
	['wrapKey', 'Key wrapped'],
	['unwrapKey', 'Key unwrapped'],
]);

/** Other libraries, exact qualified names. */
const OTHER: ReadonlyMap<string, string> = new Map([
	// Key import and export and JWE are cryptography; JWT sign/verify at token level is authentication (eval/LABELING.md).
	['jose.CompactEncrypt', 'JWE encrypted'],
	['jose.compactDecrypt', 'JWE decrypted'],
	['jose.createLocalJWKSet', 'Local JWK set loaded'],
	['jose.importJWK', 'Key imported'],
	['jose.importPKCS8', 'Private key imported'],
	['jose.importSPKI', 'Public key imported'],
	['jose.importX509', 'Certificate key imported'],
	['jose.exportJWK', 'Key exported'],
	['jose.generateKeyPair', 'Key pair generated'],
	['jose.generateSecret', 'Secret key generated'],
	['scrypt-js.scrypt', 'Key derived with scrypt'],
	['scrypt-js.syncScrypt', 'Key derived with scrypt'],
	['jwa.Algorithm.sign', 'Data signed (JWA algorithm)'],
	['jwa.Algorithm.verify', 'Signature verified (JWA algorithm)'],
	['@aws-sdk/client-kms.EncryptCommand', 'KMS encryption requested'],
	['@aws-sdk/client-kms.DecryptCommand', 'KMS decryption requested'],
	['@aws-sdk/client-kms.GenerateDataKeyCommand', 'KMS data key generated'],
	['@aws-sdk/client-kms.SignCommand', 'KMS signature requested'],
	['@aws-sdk/client-kms.ReEncryptCommand', 'KMS re-encryption requested'],
]);

const FORGE: ReadonlyMap<string, string> = new Map([
	['pki', 'PKI operation'],
	['cipher', 'Cipher operation'],
	['md', 'Message digest'],
	['hmac', 'HMAC'],
	['pkcs5', 'Key derivation'],
	['pkcs7', 'PKCS#7 operation'],
	['pkcs12', 'PKCS#12 operation'],
	['random', 'Secure random generated'],
	['prng', 'Secure random generated'],
	['rsa', 'RSA operation'],
	['ed25519', 'Ed25519 operation'],
	['aes', 'AES operation'],
	['des', 'DES operation'],
	['sha1', 'Message digest'],
	['sha256', 'Message digest'],
	['sha512', 'Message digest'],
	['md5', 'Message digest'],
	['pss', 'RSA-PSS signature'],
	['kem', 'Key encapsulation'],
]);

const CRYPTO_JS_ALGORITHMS = /^(aes|des|tripledes|rc4(drop)?|rabbit(legacy)?|blowfish|md5|sha\d*|ripemd160|hmac[\w-]*|pbkdf2|evpkdf|algo)$/i;
const SODIUM_MODULES = new Set(['libsodium-wrappers', 'libsodium-wrappers-sumo', 'sodium-native', 'sodium-plus', 'sodium', 'libsodium']);
const WEAK = /^(md[245]|sha-?1|rc[24]|des\b|des-|bf-|blowfish)|-ecb$/i;

function describe(label: string, api: string, site: CallSite): string {
	const algorithm = algorithmArg(site.args);
	if (algorithm === null || algorithm.length > 40) {
		return `${label} with ${api}`;
	}
	return `${label} with ${api} (${algorithm}${WEAK.test(algorithm) ? ', a weak algorithm' : ''})`;
}

function hit(label: string, api: string, site: CallSite): Hit {
	return { category: 'crypto', api, message: describe(label, api, site) };
}

/** node:crypto, WebCrypto, KMS and the odd library known by exact name. */
const nodeCryptoRule: CallRule = (site) => {
	const q = site.qname;
	if (q === null) {
		return null;
	}
	if (q.startsWith('crypto.')) {
		const rest = q.slice(7);
		const label = rest.startsWith('subtle.') ? SUBTLE.get(rest.slice(7)) : NODE_CRYPTO.get(rest);
		return label === undefined ? null : hit(label, q, site);
	}
	const label = OTHER.get(q);
	return label === undefined ? null : hit(label, q, site);
};

/** node-forge, crypto-js, tweetnacl, libsodium. */
const libraryCryptoRule: CallRule = (site) => {
	const q = site.qname;
	if (q === null) {
		return null;
	}
	const parts = q.split('.');
	const [module, first] = parts;
	if (first === undefined) {
		return null;
	}
	switch (module) {
		case 'node-forge': {
			const label = FORGE.get(first);
			return label === undefined ? null : hit(`${label}`, `node-forge.${parts.slice(1).join('.')}`, site);
		}
		case 'crypto-js':
			return CRYPTO_JS_ALGORITHMS.test(first) || q.endsWith('.lib.WordArray.random') ? hit('CryptoJS operation', q, site) : null;
		case 'tweetnacl':
			return first === 'util' ? null : hit('NaCl operation', q, site);
		default: {
			const last = parts[parts.length - 1];
			return SODIUM_MODULES.has(module) && /^(crypto_|randombytes)/.test(last) ? hit('libsodium operation', q, site) : null;
		}
	}
};

/** Crypto rules, in order. */
export const CRYPTO_RULES: readonly CallRule[] = [nodeCryptoRule, libraryCryptoRule];
