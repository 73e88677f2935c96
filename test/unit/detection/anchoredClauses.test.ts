import { strict as assert } from 'node:assert';
import { AnchoredClauses, type Clause } from '../../../src/core/detection/anchoredClauses';
import { JS_CODE_CLAUSES } from '../../../src/core/detection/javascript/prefilter';

/** Texts each clause of the JavaScript code prefilter accepts: at least one for every alternative of its pattern. */
const JS_EXAMPLES: readonly (readonly string[])[] = [
	[
		...['crypto', 'crypto-js', 'jose', 'jwa', 'jws', 'jsonwebtoken', 'jwt-decode', 'express-jwt', 'koa-jwt', 'jwks-rsa', 'scrypt-js', 'node-forge',
			'tweetnacl', 'libsodium', 'libsodium-wrappers', 'libsodium-wrappers-sumo', 'sodium', 'sodium-native', 'sodium-plus', 'bcrypt', 'bcryptjs',
			'bcrypt-ts', 'argon2', 'passport', 'passport-local', 'express-session', 'cookie-session', 'koa-session', 'iron-session', 'next-auth',
			'openid-client', 'simple-oauth2', 'google-auth-library', 'googleapis', 'otplib', 'speakeasy', 'otpauth', 'node-2fa', 'casbin',
			'accesscontrol', 'acl', 'https', 'tls', 'http2', 'node-vault', 'aws-sdk', '@aws-sdk/client-kms', '@aws-sdk/client-secrets-manager',
			'@google-cloud/secret-manager', '@azure/keyvault-secrets', '@azure/msal-node', '@azure/msal-browser', '@simplewebauthn/server',
			'@nestjs/jwt', '@nestjs/passport', '@casl/ability', '@node-rs/bcrypt', '@node-rs/argon2',
		].flatMap((m) => [`require('${m}')`, `import x from "node:${m}"`, `import(\`${m}/sub\`)`]),
	],
	['crypto.subtle', 'globalThis.webcrypto', 'Deno.env', 'window.msCrypto'],
	['createHash', 'createHmac', 'createCipheriv', 'createDecipheriv', 'createSign', 'createVerify', 'pbkdf2Sync', 'pbkdf2', 'scryptSync', 'hkdfSync',
		'generateKeyPairSync', 'generateKeyPair', 'generateKeySync', 'randomBytes', 'createPrivateKey', 'createPublicKey', 'createSecretKey',
		'publicEncrypt', 'privateDecrypt', 'timingSafeEqual'].map((f) => `x = ${f} (a)`),
	['jwt.sign(p)', 'jsonwebtoken . verify(t)', 'jwt.decode(t)', 'passport', 'bcrypt', 'bcryptjs', 'argon2', 'new SignJWT()', 'new EncryptJWT()',
		'jwtVerify(t)', 'jwtDecrypt(t)', 'createRemoteJWKSet(u)'],
	['app.use(session({ secret }))', 'cookieSession( {', 'https.createServer(o)', 'tls . connect(o)', 'tls.createSecureContext(o)'],
	['acquireToken(r)', 'getOAuthAccessToken(c)', 'getOAuthRequestToken(c)'],
	['@Roles(', '@HasRoles(', '@RequireRoles(', '@Permissions(', '@RequirePermissions(', '@HasPermissions(', '@Authorized(', '@PreAuthorize(',
		'@Scopes(', '@ ( auth.Roles)'],
	['@UseGuards(G)', 'newEnforcer(m)', 'defineAbility(f)', 'throwUnlessCan(a)', 'e.enforce(s)', 'enforceSync(s)', 'enforceEx(s)', 'ability.can',
		'abilities', 'userAbility', 'UserAbilities'],
	['roles.includes(r)', 'userRoles.indexOf(r)', 'permissions.some(f)', 'userPermissions.every(f)', 'authorities.has(a)',
		'grantedAuthorities.find(f)', "(roles as string[])['includes']"],
	["user.role === 'admin'", "u.userRole == 'x'", "'admin' !== user.roleName", "u.roleId != `1`", "u['role']", 'u[ "userRole" ]'],
	['rejectUnauthorized: false', 'strictSSL: false', 'checkServerIdentity: f', 'secureProtocol', 'minVersion', 'NODE_TLS_REJECT_UNAUTHORIZED'],
	['getSecretValue(p)', 'accessSecretVersion(r)', 'new GetSecretValueCommand(p)', 'WithDecryption: true', 'vault.getSecret(n)'],
	['logAudit(e)', 'recordSecurity(e)', 'emitAudit(e)', 'writeSecurity(e)', 'trackAudit(e)', 'sendSecurity(e)'],
	['this.jwtService.sign(p)', 'JwtHelper', 'JWT_UTIL', 'jwtTokenProvider', 'jwtManager'],
	['this.auditLog.info(m)', 'AUDIT.warn(m)', "securityLogger['error'](m)", 'security.log(m)', 'SecurityEvents.record(m)', 'securitylogStore.write(m)'],
	['logIn(u)', 'login(u)', 'logOut()', 'logout()', 'isAuthenticated()', 'isUnauthenticated()', 'hasRole(u)', 'hasAnyRoles(u)', 'hasAllPermission(u)',
		'hasAuthority(a)', 'hasScopes(s)', 'checkRole(r)', 'checkPermissions(p)', 'checkAccess(a)', 'requireRole(r)', 'requireAdmin()',
		'ensurePermission(p)', 'ensureAdmins()', 'assertRole(r)', 'assertAccess(a)', 'isAdmin(u)', 'isSuperAdmin(u)', 'authorize(u)',
		'authorise(u)', 'isAuthorized(u)', 'isAuthorised(u)', 'audit(e)', 'auditLog(e)', 'auditEvent(e)', 'auditTrail(e)'],
	["{ Authorization: 'Basic ' + c }", 'headers.authorization = "Digest x"'],
	["require('fs').readFileSync('k')", "import { readJson } from 'fs-extra'", "readFile(p) // 'node:fs/promises'"],
	["pino({ name: 'security' })", "logger.child({ channel: 'audit' })", 'bunyan.createChild(AUDIT)', 'createChild({ topic: "Security" })'],
	["console.warn('Login failed')", "log('Access denied')", "this.logger.info('password changed')", "winston.info('role granted')",
		"pino().warn('brute-force')", "_log('Forbidden')", "Logger.warn('account locked')", "myLog.error('too many attempts')"],
	['process.env.DB_PASSWORD', 'const { API_KEY } = Bun.env', 'import.meta.env.VITE_TOKEN'],
];

describe('anchored prefilter clauses', () => {
	it('find every example of every JavaScript clause through the clause\'s own anchors', () => {
		assert.equal(JS_EXAMPLES.length, JS_CODE_CLAUSES.length, 'one list of examples per clause');
		JS_CODE_CLAUSES.forEach((c, k) => {
			const alone = new AnchoredClauses([c]);
			for (const text of JS_EXAMPLES[k]) {
				assert.ok(c.test(text), `clause ${k} accepts ${text}`);
				assert.ok(alone.anyMatch(text), `clause ${k}'s anchors occur in ${text}`);
			}
		});
	});

	it('give the answer of trying every clause, with overlapping and nested anchors, in either case', () => {
		const clauses: Clause[] = [
			{ test: (t) => /Role\b/.test(t), anchors: ['Role'] },
			{ test: (t) => /lex\d/.test(t), anchors: ['lex'] },
			{ test: (t) => /userRole:\d/.test(t), anchors: ['userRole'] },
			{ test: (t) => /AUDIT!/i.test(t), anchorsIgnoreCase: ['audit'] },
			{ test: (t) => /a\.b/.test(t), anchors: ['a.b'] },
		];
		const all = new AnchoredClauses(clauses);
		const parts = ['Role', 'Rolex1', 'lex', 'lex2', 'userRole:3', 'uSeRRole', 'AuDiT!', 'audit', 'a.b', 'axb', ' ', '\n'];
		let seed = 7;
		const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
		for (let i = 0; i < 3000; i++) {
			const text = Array.from({ length: 1 + next(6) }, () => parts[next(parts.length)]).join('');
			assert.equal(all.anyMatch(text), clauses.some((c) => c.test(text)), JSON.stringify(text));
		}
	});

	it('refuse a clause without anchors', () => {
		assert.throws(() => new AnchoredClauses([{ test: () => true, anchors: [] }]), /no anchor/);
	});
});
