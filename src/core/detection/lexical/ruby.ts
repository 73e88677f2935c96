/** Ruby: OpenSSL, Digest, SecureRandom, secure_compare, BCrypt, Devise, JWT, Pundit, CanCanCan, Rails credentials. */
import type { Detector } from '../detector';
import { SECURITY_PHRASE } from '../names';
import { lexicalDetector, secretArgument, type LexicalRule, type RuleContext } from './engine';

/** The `def` a match lies in (the nearest one above it), e.g. `==` or `is_password?`; null at top level. */
function enclosingDef(masked: string, offset: number): string | null {
	const re = /^[ \t]*def[ \t]+(?:self\.)?(\S+?)(?=[ \t(;]|$)/gm;
	let name: string | null = null;
	for (let m = re.exec(masked); m !== null && m.index < offset; m = re.exec(masked)) {
		name = m[1];
	}
	return name;
}

/** Methods that compare a password: hashing inside them is password verification (auth), elsewhere it hashes for storage (crypto). */
const COMPARING_DEF = /^(?:==|is_password\?|(?:verify|check|authenticate|valid)\w*[?!]?)$/;

function passwordComparison(m: RegExpExecArray, ctx: RuleContext): string | null {
	const def = enclosingDef(ctx.masked, m.index);
	return def !== null && COMPARING_DEF.test(def) ? m[0] : null;
}

/** The arguments of a call on the rest of its line: `(a, @key)` or ` a, @key`. */
function lineArgs(masked: string, from: number): string {
	const end = masked.indexOf('\n', from);
	return masked.slice(from, end < 0 ? masked.length : end);
}

/** `alg.sign(data, @key)`, `authenticator.auth(padded_key, msg)`: a signature or MAC primitive given a key. */
function keyedPrimitive(m: RegExpExecArray, ctx: RuleContext): string | null {
	const args = lineArgs(ctx.masked, m.index + m[0].length);
	return /^[ \t]*\(?[^)]*?(?:^|[\s,(@])\w*(?:key|secret)\b/i.test(args) ? m[0] : null;
}

const LOG_STRING = /(["'])((?:(?!\1)[^\\\n]|\\.)*)\1/;

/** `logger.warn "Login failed …"`, `warn env, "attack prevented by …"`: the first string argument records a security event. */
function securityLogMessage(m: RegExpExecArray, ctx: RuleContext): string | null {
	const end = ctx.source.file.text.indexOf('\n', m.index);
	const rest = ctx.source.file.text.slice(m.index + m[0].length, end < 0 ? undefined : end);
	const message = LOG_STRING.exec(rest);
	return message !== null && SECURITY_PHRASE.test(message[2]) ? m[0] : null;
}

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
	// OpenSSL::PKey methods that sign, verify or encrypt with the key
	{ re: /(?<=\.)(?:dsa_sign_asn1|dsa_verify_asn1|sign_pss|verify_pss|sign_raw|verify_raw|private_encrypt|private_decrypt|public_encrypt|public_decrypt)\b/g, api: (m) => `OpenSSL::PKey#${m[0]}`, category: 'crypto', what: 'signature or public-key operation' },
	// auth: BCrypt hashing inside a password comparison (`def ==(secret)`) verifies a password
	{ re: new RegExp(String.raw`${B}BCrypt::Engine\.hash_secret\b`, 'g'), api: passwordComparison, category: 'auth', what: 'password verification' },
	{ re: new RegExp(String.raw`${B}BCrypt::Engine\.(?:hash_secret|generate_salt)\b`, 'g'), category: 'crypto', what: 'password hashing' },
	// a signature or MAC primitive given a key: `JWT::Signature.sign(alg, input, @key)`, `authenticator.verify(key, sig, data)`
	{ re: /(?<=[\w\])]\.)(?:sign|verify|auth)(?=[ \t]*\(|[ \t]+[@\w])/g, api: keyedPrimitive, category: 'crypto', what: 'signature or MAC with a key' },
	// auth
	{ re: new RegExp(String.raw`${B}BCrypt::Password\.(?:create|new)`, 'g'), category: 'auth', what: 'password hashing or verification' },
	{ re: /(?<![\w:.$@])has_secure_password\b/g, category: 'auth', what: 'password authentication (has_secure_password)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8}(?:self\.)?)authenticate(?=\s*\()/g, api: 'authenticate', category: 'auth', what: 'credential verification' },
	{ re: /(?<![\w.$@]|::|\bdef[ \t]{1,8}(?:self\.)?)authenticate_\w+!/g, category: 'auth', what: 'authentication required (Devise)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})authenticate_(?:or_request_)?with_http_(?:basic|token|digest)\w*/g, category: 'auth', what: 'HTTP authentication' },
	{ re: new RegExp(String.raw`${B}(?:::)?JWT\.(?:encode|decode)\b`, 'g'), category: 'auth', what: 'JWT signed or verified' },
	{ re: /(?<![\w:.$@])warden\.(?:authenticate[!?]?|user|set_user|logout)\b/g, category: 'auth', what: 'Warden authentication' },
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8}(?:self\.)?)(?:sign_in|sign_out|bypass_sign_in|sign_in_and_redirect)(?=[ \t]*\(|[ \t]+[@:\w])(?![ \t]+(?:if|unless|and|or|do|then)\b)/g, category: 'auth', what: 'sign-in or sign-out (Devise)' },
	// access-control
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8})authorize(?=[ \t]*\(|[ \t]+[@:\w])(?![ \t]+(?:if|unless|and|or|do|then)\b)/g, api: 'Pundit.authorize', category: 'access-control', what: 'authorization check (Pundit)' },
	{ re: /(?<![\w:.$@]|\bdef[ \t]{1,8})(?:policy_scope|verify_authorized|verify_policy_scoped)\b(?![ \t]*=[^=~])/g, category: 'access-control', what: 'authorization policy (Pundit)' },
	// a policy queried and its answer acted on: `raise NotAuthorizedError unless policy.public_send(query)`
	{ re: /(?<=\b(?:unless|if)[ \t]+!?[ \t]*)policy\.(?:public_send|send|__send__)\b/g, api: 'Pundit policy query', category: 'access-control', what: 'authorization check (policy query)' },
	// a policy scope resolved: `policy_scope_class.new(user, scope).resolve`
	{ re: /(?<![\w:.$@])\w*[Ss]cope\w*\.new[ \t]*\([^()\n]*\)\.resolve\b/g, api: 'Pundit policy scope resolve', category: 'access-control', what: 'authorization scope resolved' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})(?:can|cannot)\?/g, category: 'access-control', what: 'permission check (CanCanCan)' },
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8})authorize!/g, category: 'access-control', what: 'authorization check (CanCanCan)' },
	{ re: /(?<![\w:.$@])(?:load_and_authorize_resource|authorize_resource)\b/g, category: 'access-control', what: 'resource authorization (CanCanCan)' },
	// tls
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::SSL::(?:SSLContext|SSLSocket|SSLServer)\b(?:\.new\b)?`, 'g'), category: 'tls', what: 'TLS context or socket' },
	{ re: new RegExp(String.raw`${B}(?:::)?OpenSSL::SSL::VERIFY_NONE\b`, 'g'), category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<=\.)use_ssl\s*=\s*true\b/g, api: 'Net::HTTP#use_ssl=', category: 'tls', what: 'TLS client' },
	// logging: security events at info level and above (`debug` is diagnostics)
	{ re: /(?<![\w:$@]|\bdef[ \t]{1,8}(?:self\.)?)(?:(?:@?\w+\.)*(?:logger|log)\.)?(?:info|warn|warning|error|fatal|unknown)\b(?=[ \t]*\(|[ \t]+[@\w"'])/g, api: securityLogMessage, category: 'logging', what: 'security event logged' },
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
		mayMatch: /OpenSSL|Digest::SHA|\.(?:sign|verify|auth)\b|dsa_|_pss|policy|[Ss]cope|info|warn|error|fatal|SecureRandom|secure_compare|sign_(?:in|out)|RbNaCl|BCrypt|secure_password|authenticate|JWT|warden|authoriz|policy_scope|can(?:not)?\?|ENV|Rails\.application/,
		rules: RULES,
	});
}
