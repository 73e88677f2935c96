import type { Category } from '../../types';
import { NODE_CRYPTO, SUBTLE } from './cryptoRules';
import { isSecretName } from './secretsRules';

/** A finding of the lexical fallback, at an offset of the file. */
export interface LexicalHit {
	readonly offset: number;
	readonly category: Category;
	readonly api: string;
	readonly message: string;
}

/**
 * A pattern over code with comments and strings blanked; `report` returns null to skip a match, and
 * may move the hit's offset (by default the match's).
 */
interface LexicalRule {
	readonly pattern: RegExp;
	readonly report: (m: RegExpMatchArray, text: string, masked: string) => (Omit<LexicalHit, 'offset'> & { offset?: number }) | null;
}

const CRYPTO_FUNCTIONS = 'createHash|createHmac|createCipheriv|createDecipheriv|createSign|createVerify|pbkdf2Sync|pbkdf2|scryptSync|hkdfSync|generateKeyPairSync|generateKeyPair|generateKeySync|randomBytes|createPrivateKey|createPublicKey|createSecretKey|publicEncrypt|privateDecrypt|timingSafeEqual';
const LOG_METHODS = 'log|info|warn|error|debug|trace|fatal|notice|critical';

function hit(category: Category, api: string, message: string): Omit<LexicalHit, 'offset'> {
	return { category, api, message: `${message} (${api}; found lexically, the file does not parse)` };
}

const RULES: readonly LexicalRule[] = [
	{
		pattern: /\b(?:crypto|webcrypto)\s*\.\s*(?:(subtle)\s*\.\s*)?([A-Za-z]\w*)\s*\(/g,
		report: (m) => {
			const label = m[1] === undefined ? NODE_CRYPTO.get(m[2]) : SUBTLE.get(m[2]);
			return label === undefined || m[2] === 'randomUUID' ? null : hit('crypto', `crypto.${m[1] === undefined ? '' : 'subtle.'}${m[2]}`, label);
		},
	},
	{
		pattern: new RegExp(`\\b(${CRYPTO_FUNCTIONS})\\s*\\(`, 'g'),
		report: (m, _text, masked) => after(masked, m, NOT_MEMBER_OR_DEFINED) ? null : hit('crypto', `crypto.${m[1]}`, NODE_CRYPTO.get(m[1]) ?? 'Cryptographic operation'),
	},
	{
		pattern: /\b(?:jwt|jsonwebtoken)\s*\.\s*(sign|verify|decode)\s*\(/g,
		report: (m) => hit('auth', `jsonwebtoken.${m[1]}`, m[1] === 'decode' ? 'JWT decoded without verification' : `JWT ${m[1] === 'sign' ? 'signed' : 'verified'}`),
	},
	{
		pattern: /\b(bcrypt|bcryptjs|argon2)\s*\.\s*(hash|hashSync|compare|compareSync|verify|genSalt|genSaltSync)\s*\(/g,
		report: (m) => hit('auth', `${m[1]}.${m[2]}`, /^(compare|verify)/.test(m[2]) ? 'Password verified' : 'Password hashed'),
	},
	{
		pattern: /\bpassport\s*\.\s*(use|authenticate|serializeUser|deserializeUser)\s*\(/g,
		report: (m) => hit('auth', `passport.${m[1]}`, 'Passport authentication'),
	},
	{
		pattern: /(?:\bnew\s+(SignJWT|EncryptJWT)\b|\b(jwtVerify|jwtDecrypt|createRemoteJWKSet)\s*\()/g,
		report: (m, _text, masked) => m[2] !== undefined && after(masked, m, NOT_MEMBER) ? null : hit('auth', `jose.${m[1] ?? m[2]}`, 'JWT operation'),
	},
	{
		pattern: /\b(session|cookieSession)\s*\(\s*\{/g,
		report: (m, _text, masked) => after(masked, m, NOT_MEMBER) ? null : hit('auth', m[1] === 'session' ? 'express-session' : 'cookie-session', 'Session middleware configured'),
	},
	{
		pattern: /\brejectUnauthorized\s*:\s*(?:false|0)\b/g,
		report: () => hit('tls', 'rejectUnauthorized', 'TLS certificate validation disabled (rejectUnauthorized: false)'),
	},
	{
		pattern: /\b(https|tls)\s*\.\s*(createServer|connect|createSecureContext)\s*\(/g,
		report: (m) => hit('tls', `${m[1]}.${m[2]}`, 'TLS endpoint configured'),
	},
	{
		pattern: /\bprocess\s*\.\s*env\s*\.\s*NODE_TLS_REJECT_UNAUTHORIZED\s*=(?!=)/g,
		report: () => hit('tls', 'process.env.NODE_TLS_REJECT_UNAUTHORIZED', 'TLS certificate validation disabled for the whole process'),
	},
	{
		pattern: /\bprocess\s*\.\s*env\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[)/g,
		report: (m, text) => {
			const name = m[1] ?? /^\s*['"`]([\w$]+)['"`]\s*\]/.exec(text.slice((m.index ?? 0) + m[0].length))?.[1];
			return name === undefined || !isSecretName(name) ? null : hit('secrets', `process.env.${name}`, `Secret read from the environment (${name})`);
		},
	},
	{
		// Each alternative starts at its name (a leading `\.` or `\be\s*\.` stopped the search at every
		// dot of a minified bundle); what must come before it is checked here, and the hit is reported
		// where it starts: the name, the `enforcer`/`e` receiver, the dot before `throwUnlessCan`.
		pattern: /\b(?:(hasRole|hasAnyRole|hasPermission|hasPermissions|checkPermission|checkPermissions|isAdmin|requireRole|requirePermission|authorize|newEnforcer|defineAbility)|(enforce)|(throwUnlessCan))\s*\(/g,
		report: (m, _text, masked) => {
			if (m[1] !== undefined) {
				return after(masked, m, NOT_DEFINED) ? null : hit('access-control', m[1], 'Role or permission check');
			}
			const receiver = before(masked, m, m[2] !== undefined ? /\b(?:enforcer|e)\s*\.\s*$/ : /\.\s*$/);
			return receiver < 0 ? null : { ...hit('access-control', m[2] ?? m[3], 'Role or permission check'), offset: receiver };
		},
	},
	{
		pattern: /(?:\b(getSecretValue|accessSecretVersion)\s*\(|\bnew\s+(GetSecretValueCommand)\b)/g,
		report: (m, _text, masked) => m[1] !== undefined && after(masked, m, /\$$/) ? null : hit('secrets', m[1] ?? m[2], 'Secret read from a secret manager'),
	},
	{
		// A log call on a word holding "audit" or on `security`, `securityLog`, `securityLogger`. The
		// pattern starts at the literal (a leading `\b\w*` made it thirty times slower on bundles);
		// the word's start is found here.
		pattern: new RegExp(`(?:[Aa]udit|security)\\w*(?=\\s*\\.\\s*(?:${LOG_METHODS})\\s*\\()`, 'g'),
		report: (m, _text, masked) => {
			let start = m.index ?? 0;
			while (start > 0 && isWordChar(masked.charCodeAt(start - 1))) {
				start--;
			}
			const end = (m.index ?? 0) + m[0].length;
			const word = masked.slice(start, end);
			if (!/[Aa]udit/.test(word) && !/^security(?:Log|Logger)?$/.test(word)) {
				return null;
			}
			const method = /^\s*\.\s*(\w+)/.exec(masked.slice(end, end + 200))?.[1];
			return { ...hit('logging', `${word}.${method}`, 'Audit event logged'), offset: start };
		},
	},
];

/**
 * What may not come right before a called name, checked after the match instead of as a leading
 * lookbehind (which keeps V8 from skipping ahead to the name's literal): a member access (`.f(`,
 * `$f(`) and a definition (`function f(`). The name's `\b` already excludes a word character.
 */
const NOT_MEMBER_OR_DEFINED = /(?:[$.]|function\s+)$/;
const NOT_MEMBER = /[$.]$/;
const NOT_DEFINED = /(?:\$|function\s+)$/;
/** How far back those checks look. */
const LOOK_BACK = 64;

/** Whether the text right before the match ends with `pattern` (anchored with `$`). */
function after(masked: string, m: RegExpMatchArray, pattern: RegExp): boolean {
	const at = m.index ?? 0;
	return pattern.test(masked.slice(Math.max(0, at - LOOK_BACK), at));
}

/** Where `pattern` (anchored with `$`) starts right before the match, or -1. */
function before(masked: string, m: RegExpMatchArray, pattern: RegExp): number {
	const at = m.index ?? 0;
	const from = Math.max(0, at - LOOK_BACK);
	const found = pattern.exec(masked.slice(from, at));
	return found === null ? -1 : from + found.index;
}

/** `[A-Za-z0-9_]`, what `\w` matches. */
function isWordChar(c: number): boolean {
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * The fallback for files that do not parse (mid-edit): the most telling call patterns, by qualified
 * name, over `masked` (the text with comments and strings blanked). `text` is the original, to read
 * `process.env['NAME']` keys.
 */
export function lexicalFindings(masked: string, text: string): LexicalHit[] {
	const hits: LexicalHit[] = [];
	const seen = new Set<string>();
	for (const rule of RULES) {
		for (const m of masked.matchAll(rule.pattern)) {
			const found = rule.report(m, text, masked);
			if (found === null) {
				continue;
			}
			const { offset = m.index, ...rest } = found;
			if (!seen.has(`${offset}:${rest.category}`)) {
				seen.add(`${offset}:${rest.category}`);
				hits.push({ offset, ...rest });
			}
		}
	}
	return hits;
}
