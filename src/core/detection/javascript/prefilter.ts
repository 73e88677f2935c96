import { MAX_PARSED_CHARS } from '../../parse/parsedSource';
import { AnchoredClauses, type Clause } from '../anchoredClauses';
import { SECURITY_PHRASE } from '../names';

/**
 * The JavaScript detector's prefilter on the raw text (a Latin-1 view of the bytes, before a file is
 * decoded): {@link mayMatchJavaScriptCode} on the text without the comments that are certainly
 * comments ({@link withoutCommentLines}). Generated API clients name modules, roles and permissions
 * in their documentation comments; they are no longer lexed for that. Removing those lines first is
 * cheaper than checking the raw text first: nearly every such file passes on its comments alone.
 */
export function mayMatchJavaScript(text: string): boolean {
	// Files too large to parse get only the lexical rules, which key on call shapes that comments
	// rarely hold: a copy without comment lines would cost megabytes for nothing.
	return mayMatchJavaScriptCode(text.length > MAX_PARSED_CHARS ? text : withoutCommentLines(text));
}

/**
 * Lines that can only be comments, removed: a `//` line (without `{`: JSX text may hold an
 * expression), and a block opening a line whose following lines all start with `*` and that ends
 * a line with its `*\/` (without `${`: a template literal may hold a hole). Whatever else looks
 * like such a line is template or JSX text, never code, so no code is removed; the exact check on
 * the lexed text follows for the files that pass. Line breaks stay, so no two tokens are joined.
 */
export function withoutCommentLines(text: string): string {
	const head = FIRST_COMMENT_LINES.exec(text);
	return (head === null ? text : text.slice(head[0].length)).replace(COMMENT_LINES, '\n');
}

/** Either kind of comment line, in one pass (one copy of a multi-megabyte text, not two). */
const COMMENT_LINE = [
	String.raw`[ \t]*\/\*(?:(?!\*\/|\$\{)[^\n])*(?:\n[ \t]*\*(?!\/)(?:(?!\*\/|\$\{)[^\n])*)*(?:\n[ \t]*)?\*\/[ \t]*\r?(?=\n|$)`,
	String.raw`[ \t]*\/\/[^{\n]*(?=\n|$)`,
].join('|');
/** At the start of the text. */
const FIRST_COMMENT_LINES = new RegExp(`^(?:${COMMENT_LINE})`);
/**
 * After a line break, which is kept: a search that starts at a literal `\n` skips ahead faster
 * than one that tries `^` (multiline) at every offset.
 */
const COMMENT_LINES = new RegExp(`\\n(?:${COMMENT_LINE})`, 'g');

/**
 * True when some rule of the walker (or of the lexical fallback) could fire on the code. Each
 * clause below is the lexical shadow of a rule: a rule that resolves a call through imports needs
 * the module's name as an import string (or a global such as `crypto`); a heuristic rule needs the
 * exact names it keys on (`hasRole`, `rejectUnauthorized`, a role compared with a literal). Words
 * that are merely security-sounding (`role`, `session`, `security`, `authorization` in the URLs
 * and field names of generated API clients) do not cost a parse on their own. Runs on the raw text
 * (see {@link mayMatchJavaScript}) and on the code with comments blanked before a file is parsed.
 *
 * The clauses are not tried one after the other over the whole text (two dozen passes, ~70 MB/s):
 * one pass finds the clauses' anchors, literals one of which every match of a clause contains, and
 * only the clauses whose anchors occur are tried.
 */
export function mayMatchJavaScriptCode(text: string): boolean {
	if (text.length > MAX_PARSED_CHARS) {
		return LEXICAL.test(text) || LEXICAL_ENV.test(text);
	}
	return CODE_CLAUSES.anyMatch(text);
}

/**
 * Modules the rules resolve calls through, as they appear in import/require strings: the whole name
 * (`'node:crypto'`) or a subpath (`"crypto-js/aes"`). Regular-expression fragments.
 */
const MODULES = [
	'crypto', 'crypto-js', 'jose', 'jwa', 'jws', 'jsonwebtoken', 'jwt-decode', 'express-jwt', 'koa-jwt', 'jwks-rsa', 'scrypt-js',
	'node-forge', 'tweetnacl', 'libsodium(?:-wrappers(?:-sumo)?)?', 'sodium(?:-native|-plus)?', 'bcrypt(?:js|-ts)?', 'argon2',
	'passport(?:-[\\w-]+)?', 'express-session', 'cookie-session', 'koa-session', 'iron-session', 'next-auth', 'openid-client',
	'simple-oauth2', 'google-auth-library', 'googleapis', 'otplib', 'speakeasy', 'otpauth', 'node-2fa', 'casbin', 'accesscontrol',
	'acl', 'https', 'tls', 'http2', 'node-vault', 'aws-sdk', '@aws-sdk/client-(?:kms|secrets-manager)', '@google-cloud/secret-manager',
	'@azure/(?:keyvault-secrets|msal-node|msal-browser)', '@simplewebauthn/server', '@nestjs/(?:jwt|passport)', '@casl/ability',
	'@node-rs/(?:bcrypt|argon2)',
];

/**
 * Module names common as words or in URLs (`'https://…'`, `googleapis-common`): as anchors they
 * are taken with the delimiter that must follow them in an import string.
 */
const COMMON_MODULE_WORDS = new Set(['https', 'tls', 'acl', 'googleapis', 'jose', 'jwa', 'jws']);

/** The literal every string the module fragment matches contains (`'libsodium(?:-wrappers)?'` → `libsodium`). */
function moduleAnchors(fragment: string): string[] {
	const literal = fragment.split('(')[0];
	return COMMON_MODULE_WORDS.has(fragment) ? ['\'', '"', '`', '/'].map((q) => literal + q) : [literal];
}

/** A clause: one regular expression and its anchors. */
function clause(source: string | RegExp, anchors: readonly string[], anchorsIgnoreCase?: readonly string[]): Clause {
	const re = typeof source === 'string' ? new RegExp(source) : source;
	return { test: (text) => re.test(text), anchors, anchorsIgnoreCase };
}

/**
 * Names a rule looks for as the called name (`REQUEST_METHODS`, `CHECK_NAMES`, `auditLog()`), which
 * generated clients also define as methods (`checkAccess(params, options, callback) {`).
 */
const CALLED = String.raw`\b(?:log[iI]n|log[oO]ut|isAuthenticated|isUnauthenticated|has(?:Any|All)?(?:Role|Permission|Authority|Scope)s?|check(?:Role|Permission|Access)s?|require(?:Role|Permission|Admin)s?|ensure(?:Role|Permission|Admin)s?|assert(?:Role|Permission|Access)s?|is(?:Super)?Admin|authori[sz]e|isAuthori[sz]ed)\b|(?<![\w$.])audit(?:Log|Event|Trail)?\b`;
/**
 * What follows a called name (`f(`, `o['f'](`, `(0, m.f)(`, `f!(`, `f?.(`, `f<T>(`), unless it is a
 * definition with plain parameters and its body on the same line (`f(a, b) {`), which no call is.
 */
const CALL_AFTER = String.raw`(?:['"\x60]\s*\])?(?:\s+as\s+[^)]{1,60})?[\s)!]*(?:\?\.\s*)?(?:<[^;()]{0,200}>\s*)?\((?![\w$,\s]*\)[ \t]*\{)`;

/** `LOG_METHODS` of the logging rules, after a receiver: `.info`, `['warn']`. */
const LOG_CALL = String.raw`(?:\s+as\s+[^)]{1,60})?[\s)!?]*(?:\.\s*|\[\s*['"\x60])(?:log|info|warn|warning|error|debug|trace|fatal|notice|critical|crit|alert|emerg|verbose|audit|event|record|write)\b`;

/** `process.env.DB_PASSWORD`, `const { API_KEY } = Bun.env`, `import.meta.env.VITE_TOKEN`. */
const ENV_OBJECT = /\b(?:process|Bun)\b|import\s*\.\s*meta/;
const ENV_WORD = /\benv\b/;
/** A superset of `isSecretName` (names.ts), unanchored. */
const ENV_NAME = /secret|passw(?:or)?d|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|auth[-_]?key|credential|signing[-_]?key|encryption[-_]?key|_key\b/i;

/** Conditions that together shadow a rule, the rarer (or cheaper) first; the anchors are the first's. */
function pair(first: RegExp, second: RegExp, anchors: readonly string[], anchorsIgnoreCase?: readonly string[]): Clause {
	return { test: (text) => first.test(text) && second.test(text), anchors, anchorsIgnoreCase };
}

/**
 * The clauses of {@link mayMatchJavaScriptCode}, each with the literals one of which every text it
 * accepts contains (the unit tests check each clause's matches for them).
 */
export const JS_CODE_CLAUSES: readonly Clause[] = [
	// a module the rules resolve calls through, as an import string: `'node:crypto'`, `"crypto-js/aes"`
	clause(String.raw`['"\x60](?:node:)?(?:${MODULES.join('|')})['"\x60/]`, MODULES.flatMap(moduleAnchors)),
	// globals and lexical fallbacks
	clause(String.raw`\b(?:crypto|webcrypto|Deno)\b|msCrypto`, ['crypto', 'Deno', 'msCrypto']),
	clause(
		String.raw`(?<![\w$.])(?:createHash|createHmac|createCipheriv|createDecipheriv|createSign|createVerify|pbkdf2Sync|pbkdf2|scryptSync|hkdfSync|generateKeyPairSync|generateKeyPair|generateKeySync|randomBytes|createPrivateKey|createPublicKey|createSecretKey|publicEncrypt|privateDecrypt|timingSafeEqual)\s*\(`,
		['createHash', 'createHmac', 'createCipheriv', 'createDecipheriv', 'createSign', 'createVerify', 'pbkdf2', 'scryptSync', 'hkdfSync',
			'generateKey', 'randomBytes', 'createPrivateKey', 'createPublicKey', 'createSecretKey', 'publicEncrypt', 'privateDecrypt', 'timingSafeEqual'],
	),
	clause(
		String.raw`\b(?:jwt|jsonwebtoken)\s*\.\s*(?:sign|verify|decode)\b|\b(?:passport|bcrypt|bcryptjs|argon2)\b|SignJWT|EncryptJWT|jwtVerify|jwtDecrypt|createRemoteJWKSet`,
		['jwt', 'jsonwebtoken', 'passport', 'bcrypt', 'argon2', 'SignJWT', 'EncryptJWT', 'createRemoteJWKSet'],
	),
	clause(
		String.raw`(?<![\w$.])(?:session|cookieSession)\s*\(\s*\{|\b(?:https|tls)\s*\.\s*(?:createServer|connect|createSecureContext)\b`,
		['session', 'cookieSession', 'createServer', 'connect', 'createSecureContext'],
	),
	// auth
	clause(String.raw`acquireToken|getOAuth(?:Access|Request)Token`, ['acquireToken', 'getOAuth']),
	// access control
	clause(
		String.raw`@\s*\(?\s*(?:[\w$]+\s*\.\s*)*(?:Roles|HasRoles|RequireRoles|Permissions|RequirePermissions|HasPermissions|Authorized|PreAuthorize|Scopes)\b`,
		['Roles', 'Permissions', 'Authorized', 'PreAuthorize', 'Scopes'],
	),
	clause(
		String.raw`\bUseGuards\b|newEnforcer|defineAbility|throwUnlessCan|\benforce(?:Sync|Ex)?\b|(?:\babilit|Abilit)(?:y|ies)\b`,
		['UseGuards', 'newEnforcer', 'defineAbility', 'throwUnlessCan', 'enforce', 'abilit', 'Abilit'],
	),
	clause(
		String.raw`\b(?:roles|userRoles|permissions|userPermissions|authorities|grantedAuthorities)\b(?:\s+as\s+[^)]{1,60})?[\s)!?]*(?:\.\s*(?:includes|indexOf|some|every|has|find)\b|\[\s*['"\x60](?:includes|indexOf|some|every|has|find)['"\x60])`,
		['roles', 'Roles', 'permissions', 'Permissions', 'authorities', 'Authorities'],
	),
	// a role compared with a literal: `user.role === 'admin'`, `'admin' !== user.roleName`, `u['role'] == 'x'`
	clause(
		String.raw`\.\s*(?:role|userRole|roleName|roleId)[\s)]*[!=]==?[\s(]*['"\x60]|['"\x60][\s)]*[!=]==?[^;\n]{0,200}?\.\s*(?:role|userRole|roleName|roleId)\b|\[\s*['"\x60](?:role|userRole|roleName|roleId)['"\x60]\s*\]`,
		['role', 'Role'],
	),
	// TLS options and the process-wide switch
	clause(
		String.raw`rejectUnauthorized|strictSSL|checkServerIdentity|secureProtocol|minVersion|NODE_TLS_REJECT_UNAUTHORIZED`,
		['rejectUnauthorized', 'strictSSL', 'checkServerIdentity', 'secureProtocol', 'minVersion', 'NODE_TLS_REJECT_UNAUTHORIZED'],
	),
	// secret managers
	clause(String.raw`getSecretValue|accessSecretVersion|GetSecretValueCommand|WithDecryption|getSecret\b`, ['getSecret', 'GetSecret', 'accessSecretVersion', 'WithDecryption']),
	// audit functions: `logAudit()`
	clause(String.raw`\b(?:log|record|emit|write|track|send)(?:Audit|Security)`, ['Audit', 'Security']),
	// JWT service receivers (`this.jwtService.sign`); log calls on audit and security loggers (`this.auditLog.info`)
	clause(new RegExp(String.raw`jwt\w*(?:service|helper|util|provider|manager)`, 'i'), [], ['jwt']),
	clause(new RegExp(String.raw`(?:audit[\w$]*|\bsecurity(?:log|logger|events?)?|securitylog[\w$]*)${LOG_CALL}`, 'i'), [], ['audit', 'security']),
	// a called name (`hasRole(user, 'admin')`)
	clause(
		`(?:${CALLED})${CALL_AFTER}`,
		['logIn', 'login', 'logOut', 'logout', 'isAuthenticated', 'isUnauthenticated', 'Role', 'Permission', 'Authority', 'Scope', 'Access',
			'Admin', 'authorize', 'authorise', 'isAuthorized', 'isAuthorised', 'audit'],
	),
	// `{ Authorization: 'Basic ' + creds }`
	pair(/['"`](?:Basic|Digest)\s/, /authorization/i, ['Basic', 'Digest']),
	// key material read with fs: `fs.readFileSync('server.key')`
	pair(/read(?:File|Json)/, /['"`](?:node:)?fs(?:\/promises|-extra)?['"`]/, ['readFile', 'readJson']),
	// a logger created for an audit or security channel: `pino({ name: 'security' })`, `logger.child({ channel: 'audit' })`
	pair(/audit|security/i, /logger|\bchild\b|pino|bunyan|createChild/i, [], ['audit', 'security']),
	// a log call whose message is a security event: `logger.warn('Login failed')` (the phrases cost more than the logger)
	pair(/\b(?:console|log|logger|_log|_logger|winston|pino|bunyan)\b|Log(?:ger)?\b/, SECURITY_PHRASE, ['console', 'log', 'winston', 'pino', 'bunyan', 'Log']),
	// a secret read from the environment: `process.env.DB_PASSWORD`
	{ test: (text) => ENV_WORD.test(text) && ENV_OBJECT.test(text) && ENV_NAME.test(text), anchors: ['env'] },
];

const CODE_CLAUSES = new AnchoredClauses(JS_CODE_CLAUSES);

/** A comment may stand between two tokens of a lexical rule (they match code with comments blanked). */
const C = String.raw`(?:\/[*/]|`;
/**
 * Files too large to parse get only the lexical rules (`lexical.ts`), whose patterns key on a call
 * or member chain, not on imports: a module name in a string (`"crypto"` in a list of built-in
 * modules) is not enough. Each clause is a rule's first token and what may follow it.
 */
const LEXICAL = new RegExp([
	String.raw`\b(?:crypto|webcrypto|jwt|jsonwebtoken|bcrypt|bcryptjs|argon2|passport|https|tls)\s*${C}\.)`,
	String.raw`(?<![\w$.])(?:session|cookieSession|createHash|createHmac|createCipheriv|createDecipheriv|createSign|createVerify|pbkdf2Sync|pbkdf2|scryptSync|hkdfSync|generateKeyPairSync|generateKeyPair|generateKeySync|randomBytes|createPrivateKey|createPublicKey|createSecretKey|publicEncrypt|privateDecrypt|timingSafeEqual|jwtVerify|jwtDecrypt|createRemoteJWKSet|getSecretValue|accessSecretVersion)\s*${C}\()`,
	String.raw`\bnew\s+(?:SignJWT|EncryptJWT|GetSecretValueCommand)\b|\brejectUnauthorized\b|\benforce\b|throwUnlessCan`,
	String.raw`(?:\b(?:hasRole|hasAnyRole|hasPermission|hasPermissions|checkPermission|checkPermissions|isAdmin|requireRole|requirePermission|authorize|newEnforcer|defineAbility)|[Aa]udit[\w$]*|\bsecurity(?:Log|Logger)?)\s*${C}[.(])`,
	// `process.env.NODE_TLS_REJECT_UNAUTHORIZED` (secret reads: LEXICAL_ENV)
	String.raw`\bprocess\s*${C}\.\s*${C}env\s*${C}\.\s*${C}NODE_TLS_REJECT_UNAUTHORIZED))))`,
].join('|'));
const SECRET_WORD = String.raw`(?:secret|passw|pwd|token|api[-_]?key|private[-_]?key|access[-_]?key|auth[-_]?key|credential|signing[-_]?key|encryption[-_]?key|_key\b)`;
const LEXICAL_ENV = new RegExp(String.raw`\bprocess\s*${C}\.\s*${C}env\s*${C}\[\s*['"\x60][\w$]*${SECRET_WORD}|\.\s*${C}[\w$]*${SECRET_WORD}))))`, 'i');

