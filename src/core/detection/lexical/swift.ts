/** Swift: CryptoKit, CommonCrypto, Security (keychain, SecKey, SecTrust), LocalAuthentication, URLSession trust. */
import type { Detector } from '../detector';
import { lexicalDetector, secretArgument, type LexicalRule } from './engine';

/** The start of a type or function name: not part of a longer name nor a member. */
const B = String.raw`(?<![\w.])`;

const RULES: readonly LexicalRule[] = [
	// crypto: CryptoKit
	{ re: new RegExp(String.raw`${B}(?:CryptoKit\.)?SHA(?:256|384|512)\.hash(?=\s*\()`, 'g'), category: 'crypto', what: 'SHA-2 digest (CryptoKit)' },
	{ re: new RegExp(String.raw`${B}(?:CryptoKit\.)?(?:AES\.GCM|ChaChaPoly)\.(?:seal|open|SealedBox)(?=\s*\()`, 'g'), category: 'crypto', what: 'authenticated encryption (CryptoKit)' },
	{ re: new RegExp(String.raw`${B}(?:CryptoKit\.)?HMAC\s*<[^<>\n]*>`, 'g'), api: (m) => m[0].replace(/\s+/g, ''), category: 'crypto', what: 'HMAC (CryptoKit)' },
	{ re: new RegExp(String.raw`${B}(?:CryptoKit\.)?(?:P256|P384|P521|Curve25519)\.(?:Signing|KeyAgreement)\.PrivateKey(?=\s*\()`, 'g'), category: 'crypto', what: 'private key created (CryptoKit)' },
	{ re: new RegExp(String.raw`${B}(?:CryptoKit\.)?(?:SymmetricKey|HKDF\s*<[^<>\n]*>\.deriveKey)(?=\s*\()`, 'g'), category: 'crypto', what: 'key creation or derivation (CryptoKit)' },
	// crypto: CommonCrypto and Security
	{ re: new RegExp(String.raw`${B}(?:CCCrypt\w*|CC_SHA(?:224|256|384|512)\w*|CCHmac\w*|CCKeyDerivationPBKDF|CCCryptorCreate\w*)(?=\s*\()`, 'g'), category: 'crypto', what: 'cryptographic operation (CommonCrypto)' },
	{ re: new RegExp(String.raw`${B}(?:SecRandomCopyBytes|SecKeyCreateRandomKey|SecKeyCreateSignature|SecKeyVerifySignature|SecKeyCreateEncryptedData|SecKeyCreateDecryptedData)(?=\s*\()`, 'g'), category: 'crypto', what: 'cryptographic operation (Security)' },
	// secrets
	{ re: new RegExp(String.raw`${B}SecItem(?:CopyMatching|Add|Update)(?=\s*\()`, 'g'), category: 'secrets', what: 'keychain item read or written' },
	{ re: /(?<![\w.])ProcessInfo\s*\.\s*processInfo\s*\.\s*environment\s*\[/g, api: secretArgument((n) => `ProcessInfo.environment[${n}]`), category: 'secrets', what: 'secret read from the environment' },
	// auth
	{ re: /(?<=\.\s{0,16})(?:evaluatePolicy|evaluateAccessControl)(?=\s*\()/g, api: (m) => `LAContext.${m[0]}`, category: 'auth', what: 'biometric or passcode authentication' },
	{ re: new RegExp(String.raw`${B}(?:ASWebAuthenticationSession|ASAuthorizationController|ASAuthorizationAppleIDProvider)(?=\s*\()`, 'g'), category: 'auth', what: 'sign-in flow' },
	// tls
	{ re: /\bdidReceive\s+challenge\s*:\s*URLAuthenticationChallenge\b/g, api: 'URLSessionDelegate.urlSession(_:didReceive:completionHandler:)', category: 'tls', what: 'server trust or client certificate handling' },
	{ re: new RegExp(String.raw`${B}URLCredential\s*\(\s*trust\s*:`, 'g'), api: 'URLCredential(trust:)', category: 'tls', what: 'server trust accepted' },
	{ re: new RegExp(String.raw`${B}(?:SecTrustEvaluate(?:WithError|AsyncWithError)?|SecTrustSetAnchorCertificates|SecPolicyCreateSSL|sec_protocol_options_set_verify_block)(?=\s*\()`, 'g'), category: 'tls', what: 'certificate validation' },
	{ re: new RegExp(String.raw`${B}NWProtocolTLS\.Options(?=\s*\()`, 'g'), category: 'tls', what: 'TLS options (Network)' },
];

/** The Swift detector. */
export function swiftDetector(): Detector {
	return lexicalDetector({
		id: 'lexical:swift',
		languages: ['swift'],
		mayMatch: /SHA\d|AES\.GCM|ChaChaPoly|HMAC|P256|P384|P521|Curve25519|SymmetricKey|HKDF|CC[A-Z_]|Sec[A-Z]|sec_protocol|ProcessInfo|evaluate(?:Policy|AccessControl)|ASWebAuthenticationSession|ASAuthorization|didReceive|URLCredential|NWProtocolTLS/,
		rules: RULES,
	});
}

/** Property lists (`Info.plist`): App Transport Security switched off. */
export function plistDetector(): Detector {
	const rules: readonly LexicalRule[] = [
		{ re: /<key>\s*NSAllowsArbitraryLoads(?:InWebContent|ForMedia)?\s*<\/key>\s*<true\s*\/>/g, api: 'NSAllowsArbitraryLoads', category: 'tls', what: 'App Transport Security disabled' },
		{ re: /<key>\s*NSExceptionAllowsInsecureHTTPLoads\s*<\/key>\s*<true\s*\/>/g, api: 'NSExceptionAllowsInsecureHTTPLoads', category: 'tls', what: 'App Transport Security exception' },
	];
	return lexicalDetector({ id: 'lexical:plist', languages: ['xml'], mayMatch: /NSAllowsArbitraryLoads|NSExceptionAllowsInsecureHTTPLoads/, rules });
}
