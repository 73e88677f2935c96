/** PHP: OpenSSL, hash, sodium, password hashing, php-jwt, sessions, cURL TLS options, Laravel Gate/Auth. */
import type { Detector } from '../detector';
import { isSecretName } from '../names';
import { lexicalDetector, secretArgument, securityEventMessage, type LexicalRule, type RuleContext } from './engine';

/** A global function call: not a method, not a static member, not a declaration (`\` namespace prefix allowed). */
const F = String.raw`(?<![\w$]|->|::|\bfunction[ \t]{1,8}&?)\\?`;

/** Hash algorithms used for security (`hash('md5', …)` and checksums are left out: cache keys, ETags). */
const SECURE_HASH = /^(?:sha(?:224|256|384|512)(?:\/\d+)?|sha3-\d+|blake2\w*|whirlpool|ripemd\d+)$/i;

function hashCall(m: RegExpExecArray, ctx: RuleContext): string | null {
	const algorithm = ctx.stringAt(m.index + m[0].length);
	return algorithm !== null && SECURE_HASH.test(algorithm) ? `hash(${algorithm.toLowerCase()})` : null;
}

const RULES: readonly LexicalRule[] = [
	// Verifying a password is authentication; hashing one for storage is cryptography (eval/LABELING.md).
	{ re: new RegExp(String.raw`${F}(?:password_(?:verify|needs_rehash)|sodium_crypto_pwhash_str_verify)(?=\s*\()`, 'g'), category: 'auth', what: 'password verification' },
	{ re: new RegExp(String.raw`${F}(?:password_hash|sodium_crypto_pwhash_str)(?=\s*\()`, 'g'), category: 'crypto', what: 'password hashing' },
	{ re: /(?<![\w$]|->)\\?(?:Firebase\\JWT\\)?JWT::(?:encode|decode|sign|verify)\b/g, category: 'auth', what: 'JWT signed or verified' },
	{ re: new RegExp(String.raw`${F}session_(?:start|regenerate_id)(?=\s*\()`, 'g'), category: 'auth', what: 'session management' },
	{ re: /(?<![\w$]|->)\\?(?:Auth::(?:attempt|login|loginUsingId|once|logout|validate|check)|Hash::(?:make|check))\b/g, category: 'auth', what: 'authentication (Laravel)' },
	// Symfony Security: the token storage holds the authenticated identity (reading it checks who is logged in,
	// setting it logs in or out); authentication managers, trust resolvers, entry points, session strategies.
	{ re: /(?<=\$\w*|->\s*)(?:tokenStorage|securityContext)\s*->\s*(?:get|set)Token(?=\s*\()/gi, api: (m) => `TokenStorageInterface.${/setToken/i.test(m[0]) ? 'setToken' : 'getToken'}`, category: 'auth', what: 'authenticated identity read or set (Symfony token storage)' },
	{ re: /(?<=->\s*)(?:isAuthenticated|isFullFledged|isRememberMe|isAuthenticatedFully)(?=\s*\()/g, api: (m) => `->${m[0]}`, category: 'auth', what: 'authentication state checked' },
	{ re: /(?<=->\s*)(?:authenticate|onAuthentication)(?=\s*\()/g, api: unlessOwnMethod, category: 'auth', what: 'authentication' },
	{ re: /(?<=\$\w*|->\s*)\w*[eE]ntryPoint\s*->\s*start(?=\s*\()/g, api: 'AuthenticationEntryPointInterface.start', category: 'auth', what: 'authentication started' },
	// Laravel guards: `$this->auth->guard($name)->check()`, `auth()->user()`.
	{
		re: /(?:(?<![\w$>])auth\s*\(\s*\)|->\s*guard\s*\([^()\n]{0,80}\)|Auth::guard\s*\([^()\n]{0,80}\))\s*->\s*(check|guest|user|id|attempt|login|loginUsingId|logout|validate|once|viaRemember)(?=\s*\()/g,
		api: (m) => `Illuminate\\Contracts\\Auth\\Guard.${m[1]}`, category: 'auth', what: 'authentication (Laravel guard)',
	},
	// crypto: an encrypter or a signer constructed or configured with a key.
	{ re: /(?<![\w$\\])new\s+\\?(?:\w+\\)*\w*Encrypter(?=\s*\()/g, api: (m) => m[0].replace(/^new\s+/, 'new '), category: 'crypto', what: 'encrypter constructed with a key' },
	{ re: /(?<=::|->\s*)set(?:Secret|Signing|Encryption)Key(?=\s*\()/g, api: (m) => m[0], category: 'crypto', what: 'signing or encryption key set' },
	// crypto
	{ re: new RegExp(String.raw`${F}openssl_(?:encrypt|decrypt|sign|verify|seal|open|pkey_new|pkey_get_private|pkey_get_public|pkey_export|private_encrypt|private_decrypt|public_encrypt|public_decrypt|random_pseudo_bytes|pbkdf2|digest|csr_sign|csr_new)(?=\s*\()`, 'g'), category: 'crypto', what: 'OpenSSL operation' },
	{ re: new RegExp(String.raw`${F}(?:hash_hmac(?:_file)?|hash_pbkdf2|hash_hkdf|hash_equals|random_bytes|random_int|crypt)(?=\s*\()`, 'g'), category: 'crypto', what: 'cryptographic primitive' },
	{ re: new RegExp(String.raw`${F}hash(?=\s*\()`, 'g'), api: hashCall, category: 'crypto', what: 'cryptographic hash' },
	{ re: new RegExp(String.raw`${F}sodium_(?:crypto_\w+|randombytes_\w+)(?=\s*\()`, 'g'), category: 'crypto', what: 'libsodium operation' },
	// tls
	{ re: /(?<![\w$])CURLOPT_SSL_VERIFY(?:PEER|HOST)(?=\s*(?:,|=>)\s*(?:false|0|FALSE|False)\b)/g, api: (m) => `${m[0]}=false`, category: 'tls', what: 'certificate verification disabled' },
	{ re: /(?<![\w$])CURLOPT_SSL_VERIFY(?:PEER|HOST|STATUS)\b/g, category: 'tls', what: 'certificate verification setting' },
	{ re: new RegExp(String.raw`${F}stream_socket_enable_crypto(?=\s*\()`, 'g'), category: 'tls', what: 'TLS on a stream' },
	// secrets
	{ re: new RegExp(String.raw`${F}(?:getenv|env)\s*\(`, 'g'), api: secretArgument((n) => `getenv(${n})`), category: 'secrets', what: 'secret read from the environment' },
	{ re: /\$_(?:ENV|SERVER)\s*\[/g, api: secretArgument((n) => `$_ENV[${n}]`), category: 'secrets', what: 'secret read from the environment' },
	// configuration values that are secrets (`$config['key']`, `$this->config['api_secret']`), read for use rather than
	// tested for presence inside `empty(…)`/`isset(…)`.
	{ re: /(?<!\b(?:empty|isset)\s*\(\s*)\$(?:this\s*->\s*)?(?:config|settings|options|conf)\s*\[/gi, api: configSecret, category: 'secrets', what: 'secret read from configuration' },
	// PSR-3 loggers (`$this->logger->warning('Login failed …')`): only messages that record a security event,
	// and not at debug level, which is diagnostics rather than an audit record.
	{
		re: /\$(?:this\s*->\s*)?\w*log(?:ger)?\s*->\s*(info|notice|warning|error|critical|alert|emergency)\s*\(/gi,
		api: securityEventMessage((m) => `Psr\\Log\\LoggerInterface.${m[1]}`), category: 'logging', what: 'security event logged',
	},
	// access-control
	{ re: /(?<![\w$]|->)\\?Gate::(?:allows|denies|authorize|check|any|none|inspect|forUser)\b/g, category: 'access-control', what: 'authorization check (Laravel Gate)' },
	{ re: /\$this\s*->\s*authorize(?:ForUser)?(?=\s*\()/g, category: 'access-control', what: 'authorization check' },
	{ re: /(?<=->\s*)gate\s*->\s*(?:allows|denies|authorize|check|any|none|inspect|forUser)(?=\s*\()/g, api: (m) => `Illuminate\\Contracts\\Auth\\Access\\Gate.${m[0].replace(/^gate\s*->\s*/, '')}`, category: 'access-control', what: 'authorization check (Laravel Gate)' },
	// Symfony: access decision managers, authorization checkers and controller helpers.
	{ re: /(?<=\$\w*|->\s*)\w*[dD]ecisionManager\s*->\s*decide(?=\s*\()/g, api: 'AccessDecisionManagerInterface.decide', category: 'access-control', what: 'access decision (Symfony)' },
	{ re: /(?<=->\s*)(?:isGranted|denyAccessUnlessGranted)(?=\s*\()/g, api: (m) => `->${m[0]}`, category: 'access-control', what: 'authorization check (Symfony)' },
	{ re: /(?<=->[ \t]{0,8})(?:can|cannot|cant|hasRole|hasAnyRole|hasPermissionTo|hasAnyPermission)(?=\s*\()/g, api: (m) => `->${m[0]}`, category: 'access-control', what: 'permission check' },
];

/**
 * `->name(`, unless it is `$this->name(` and the file declares `function name(`: a same-file wrapper,
 * whose body carries the site.
 */
function unlessOwnMethod(m: RegExpExecArray, ctx: RuleContext): string | null {
	const before = ctx.masked.slice(Math.max(0, m.index - 16), m.index);
	if (/\$this\s*->\s*$/.test(before) && new RegExp(String.raw`\bfunction\s+&?${m[0]}\s*\(`).test(ctx.masked)) {
		return null;
	}
	return `->${m[0]}`;
}

/** `$config['key']`: the subscript names a secret, or is the bare `key` a configuration holds its encryption key under. */
function configSecret(m: RegExpExecArray, ctx: RuleContext): string | null {
	const name = ctx.stringAt(m.index + m[0].length);
	return name !== null && (isSecretName(name) || name.toLowerCase() === 'key') ? `$config[${name}]` : null;
}

/** Blanks inline HTML outside `<?php … ?>` (same length, line breaks kept); files without `<?` are all PHP. */
export function blankInlineHtml(masked: string): string {
	if (!masked.includes('<?')) {
		return masked;
	}
	const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
	let out = '';
	let pos = 0;
	while (pos < masked.length) {
		const open = masked.indexOf('<?', pos);
		if (open < 0) {
			out += blank(masked.slice(pos));
			break;
		}
		out += blank(masked.slice(pos, open));
		const close = masked.indexOf('?>', open + 2);
		const end = close < 0 ? masked.length : close + 2;
		out += masked.slice(open, end);
		pos = end;
	}
	return out;
}

/** The PHP detector. */
export function phpDetector(): Detector {
	return lexicalDetector({
		id: 'lexical:php',
		languages: ['php'],
		mayMatch: /openssl_|hash|random_(?:bytes|int)|log(?:ger)?\s*->|crypt\s*\(|sodium_|password_|JWT::|session_|Auth::|Hash::|CURLOPT_SSL|stream_socket_enable_crypto|getenv|env\s*\(|\$_(?:ENV|SERVER)|Gate::|authorize|->\s*(?:can|cannot|cant|has\w*(?:Role|Permission))|Token\s*\(|isAuthenticated|isFullFledged|isRememberMe|onAuthentication|ntryPoint|guard|gate|ecisionManager|isGranted|Encrypter|set\w+Key|config|settings|options/,
		rules: RULES,
		prepare: blankInlineHtml,
	});
}
