/** Ruby: OpenSSL, Digest, SecureRandom, secure_compare, BCrypt, Devise, JWT, Pundit, CanCanCan, Rails credentials. */
import type { Detector } from '../detector';
import { lexicalDetector, secretArgument, type LexicalRule } from './engine';

/** Not preceded by a name character or a scope operator: the start of a constant path. */
const B = String.raw`(?<![\w:.$@])`;

const RULES: readonly LexicalRule[] = [
	// crypto
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::Cipher(?:::\w+)*\.new\b`, 'g'), category: 'crypto', what: 'OpenSSL cipher created' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::HMAC(?:\.\w+)?`, 'g'), category: 'crypto', what: 'HMAC computed' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::PKey::(?:RSA|EC|DSA|DH)\.(?:new|generate)\b`, 'g'), category: 'crypto', what: 'asymmetric key created or loaded' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::(?:PKey\.(?:generate_key|read)|KDF\.\w+|PKCS5\.\w+)`, 'g'), category: 'crypto', what: 'key generation or derivation' },
	{ re: new RegExp(String.raw`${B}(?:::)?(?:OpenSSL::)?Digest::SHA(?:2|256|384|512)\b(?:\.\w+)?`, 'g'), category: 'crypto', what: 'SHA-2 digest' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::Digest(?:::\w+)?\.(?:new|digest|hexdigest|base64digest)\b`, 'g'), category: 'crypto', what: 'OpenSSL digest' },
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8}(?:self\.)?)(?:(?:::)?(?:\w+::)*\w+\.)?(?:fixed_length_)?secure_compare(?=[ \t]*\(|[ \t]+[@\w])/g, category: 'crypto', what: 'constant-time comparison' },
	{ re: new RegExp(String.raw`${B}SecureRandom\.(?!uuid\b)\w+`, 'g'), category: 'crypto', what: 'secure random value' },
	{ re: new RegExp(String.raw`${B}RbNaCl::\w+(?:::\w+)*\.new\b`, 'g'), category: 'crypto', what: 'libsodium primitive' },
	// auth
	{ re: new RegExp(String.raw`${B}BCrypt::(?:Password\.(?:create|new)|Engine\.\w+)`, 'g'), category: 'auth', what: 'password hashing or verification' },
	{ re: /(?<![\w:.$@])has_secure_password\b/g, category: 'auth', what: 'password authentication (has_secure_password)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8}(?:self\.)?)authenticate(?=\s*\()/g, api: 'authenticate', category: 'auth', what: 'credential verification' },
	{ re: /(?<![\w.$@]|::|\bdef[ \t]{1,8}(?:self\.)?)authenticate_\w+!/g, category: 'auth', what: 'authentication required (Devise)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})authenticate_(?:or_request_)?with_http_(?:basic|token|digest)\w*/g, category: 'auth', what: 'HTTP authentication' },
	{ re: new RegExp(String.raw`${B}(?:::)?JWT\.(?:encode|decode)\b`, 'g'), category: 'auth', what: 'JWT signed or verified' },
	{ re: /(?<![\w:.$@])warden\.(?:authenticate[!?]?|user|set_user|logout)\b/g, category: 'auth', what: 'Warden authentication' },
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8}(?:self\.)?)(?:sign_in|sign_out|bypass_sign_in|sign_in_and_redirect)(?=[ \t]*\(|[ \t]+[@:\w])(?![ \t]+(?:if|unless|and|or|do|then)\b)/g, category: 'auth', what: 'sign-in or sign-out (Devise)' },
	// access-control
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8})authorize(?=[ \t]*\(|[ \t]+[@:\w])(?![ \t]+(?:if|unless|and|or|do|then)\b)/g, api: 'Pundit.authorize', category: 'access-control', what: 'authorization check (Pundit)' },
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8})(?:policy_scope|verify_authorized|verify_policy_scoped)\b/g, category: 'access-control', what: 'authorization policy (Pundit)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})(?:can|cannot)\?/g, category: 'access-control', what: 'permission check (CanCanCan)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})authorize!/g, category: 'access-control', what: 'authorization check (CanCanCan)' },
	{ re: /(?<![\w:.$@])(?:load_and_authorize_resource|authorize_resource)\b/g, category: 'access-control', what: 'resource authorization (CanCanCan)' },
	// tls
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::SSL::(?:SSLContext|SSLSocket|SSLServer)\b(?:\.new\b)?`, 'g'), category: 'tls', what: 'TLS context or socket' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::SSL::VERIFY_NONE\b`, 'g'), category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<=\.)use_ssl\s*=\s*true\b/g, api: 'Net::HTTP#use_ssl=', category: 'tls', what: 'TLS client' },
	// secrets
	{ re: /(?<![\w:.$@])ENV\s*\[/g, api: secretArgument((n) => `ENV[${n}]`), category: 'secrets', what: 'secret read from the environment' },
	{ re: /(?<![\w:.$@])ENV\.fetch\s*\(?/g, api: secretArgument((n) => `ENV.fetch(${n})`), category: 'secrets', what: 'secret read from the environment' },
	{ re: new RegExp(String.raw`${B}(?:::)?Rails\.application\.(?:credentials|secrets)\b`, 'g'), category: 'secrets', what: 'Rails credentials read' },
];

/** The Ruby detector. */
export function rubyDetector(): Detector {
	return lexicalDetector({
		id: 'lexical:ruby',
		languages: ['ruby'],
		mayMatch: /OpenSSL|Digest::SHA|SecureRandom|secure_compare|sign_(?:in|out)|RbNaCl|BCrypt|secure_password|authenticate|JWT|warden|authoriz|policy_scope|can(?:not)?\?|ENV|Rails\.application/,
		rules: RULES,
	});
}
