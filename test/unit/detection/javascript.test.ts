import { strict as assert } from 'node:assert';
import { brief, javascriptDetectors, runDetectors } from './helpers';

const run = (code: string, languageId = 'typescript', path = 'snippet.ts') => runDetectors(javascriptDetectors(), languageId, code, path);
const ids = async (code: string, languageId = 'typescript'): Promise<string[]> => brief(await run(code, languageId));

describe('javascript detector: imports, aliases and scopes', () => {
	it('handles the languages of TypeScript-ESTree', () => {
		const [detector] = javascriptDetectors();
		for (const id of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue']) {
			assert.ok(detector.languages.has(id), id);
		}
		assert.ok(!detector.languages.has('python'));
	});

	it('prefilters files that mention nothing sensitive', () => {
		const [detector] = javascriptDetectors();
		assert.equal(detector.mayMatch('export const add = (a: number, b: number) => a + b;\n// see https://example.com\n'), false);
		// A module counts with the name of one of its APIs (through which an alias reaches it).
		assert.equal(detector.mayMatch("import { createHash as h } from 'node:crypto'"), true);
		assert.equal(detector.mayMatch("import { h } from 'node:crypto'"), false);
		assert.equal(detector.mayMatch('const { env } = process;\nenv.DB_PASSWORD;'), true);
		assert.equal(detector.mayMatch('process.exit(1)'), false);
		// Environment reads count only with a secret-looking name somewhere in the file.
		assert.equal(detector.mayMatch('const { env } = process;\nenv.HOME;'), false);
	});

	it('prefilters by imports and exact names, not by security-sounding words', () => {
		const [detector] = javascriptDetectors();
		// Generated API clients: roles, sessions and security in URLs and field names; no rule can fire.
		const client = "const c = require('googleapis-common');\nthis.roles = { list: (p) => c.createAPIRequest({ url: '/v1/{+name}/roles:getSecurityPolicy' }) };\nif (session) { x.authorization = y; }\n";
		assert.equal(detector.mayMatch(client), false);
		for (const yes of ["require('jsonwebtoken').verify(t, k)", 'import x from "crypto-js/aes"', "require('passport-local')", 'u.role === "admin"', "'admin' !== user.roleName",
			'(roles as string[]).includes(r)', '@Roles("admin")', 'hasPermission(u)', "logger.warn('Login failed')", "{ Authorization: 'Basic ' + c }",
			'const s = pino({ name: "security" })', "fs.readFileSync('server.key') // require('fs')"]) {
			assert.equal(detector.mayMatch(yes), !yes.startsWith('fs.') || yes.includes("'fs'"), yes);
		}
	});

	it('resolves namespace, default, named and renamed imports, with node: prefixes', async () => {
		const code = [
			"import * as c from 'node:crypto';",
			"import crypto2 from 'crypto';",
			"import { createHash as h, randomBytes } from 'node:crypto';",
			"c.createCipheriv('aes-256-gcm', key, iv);",
			"crypto2.createHmac('sha256', key);",
			"h('sha256');",
			'randomBytes(32);',
		].join('\n');
		assert.deepEqual(await ids(code), ['4:crypto:crypto.createCipheriv', '5:crypto:crypto.createHmac', '6:crypto:crypto.createHash', '7:crypto:crypto.randomBytes']);
	});

	it('resolves require, destructuring with renames, sub-objects and re-aliases', async () => {
		const code = [
			"const { createHash: h } = require('crypto');",
			"const { subtle } = require('node:crypto').webcrypto;",
			"const nodeCrypto = require('crypto');",
			'const mk = nodeCrypto.createSign;',
			"h('sha256');",
			"subtle.encrypt({ name: 'AES-GCM', iv }, key, data);",
			"mk('RSA-SHA256');",
			"require('crypto').pbkdf2Sync(pw, salt, 1e5, 32, 'sha512');",
		].join('\n');
		assert.deepEqual(await ids(code), ['5:crypto:crypto.createHash', '6:crypto:crypto.subtle.encrypt', '7:crypto:crypto.createSign', '8:crypto:crypto.pbkdf2Sync']);
	});

	it('resolves awaited dynamic imports and TypeScript import-equals', async () => {
		const code = [
			"import jwtLib = require('jsonwebtoken');",
			'async function f() {',
			"\tconst { hash } = await import('bcrypt');",
			'\tawait hash(pw, 12);',
			"\tjwtLib.verify(token, key);",
			'}',
		].join('\n');
		assert.deepEqual(await ids(code), ['4:crypto:bcrypt.hash', '5:auth:jsonwebtoken.verify']);
	});

	it('does not take a local function named sign for crypto or JWT', async () => {
		const code = ['function sign(payload: object) { return JSON.stringify(payload); }', 'sign({ a: 1 });', 'const verify = (x: string) => x.length > 0;', "verify('x');"].join('\n');
		assert.deepEqual(await ids(code), []);
	});

	it('flags sign imported from jsonwebtoken', async () => {
		const code = ["import { sign } from 'jsonwebtoken';", "export const token = sign({ sub: 'u1' }, secret, { expiresIn: '1h' });"].join('\n');
		const findings = await run(code);
		assert.deepEqual(brief(findings), ['2:auth:jsonwebtoken.sign']);
		assert.equal(findings[0].message, '`jsonwebtoken.sign` issues a token');
		assert.equal(findings[0].rule, 'js.auth.token-sign');
	});

	it('lets parameters and block declarations shadow imports', async () => {
		const code = [
			"import jwt from 'jsonwebtoken';",
			"import { createHash } from 'crypto';",
			'function issue(jwt: { sign(p: object): string }) {',
			'\treturn jwt.sign({});',
			'}',
			'{',
			'\tconst createHash = (s: string) => s;',
			"\tcreateHash('not crypto');",
			'}',
			'const arrow = (createHash: (s: string) => string) => createHash("x");',
			"jwt.sign({}, key);",
			"createHash('sha1');",
		].join('\n');
		// The parameter is no jsonwebtoken; a signer named `jwt` is still reported by its name (js.auth.jwt-service).
		assert.deepEqual(await ids(code), ['4:auth:jwt.sign', '11:auth:jsonwebtoken.sign', '12:crypto:crypto.createHash']);
	});

	it('lets a catch parameter and a loop variable shadow imports', async () => {
		const code = [
			"import crypto from 'crypto';",
			'try { x(); } catch (crypto) { crypto.createHash(); }',
			'for (const crypto of list) { crypto.createHash(); }',
		].join('\n');
		assert.deepEqual(await ids(code), []);
	});

	it('resolves WebCrypto through window, globalThis and the bare global', async () => {
		const code = [
			"await crypto.subtle.digest('SHA-256', data);",
			"await window.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);",
			'globalThis.crypto.getRandomValues(new Uint8Array(16));',
			'crypto.randomUUID();',
		].join('\n');
		const findings = await run(code);
		assert.deepEqual(brief(findings), ['1:crypto:crypto.subtle.digest', '2:crypto:crypto.subtle.generateKey', '3:crypto:crypto.getRandomValues']);
		assert.equal(findings[1].rule, 'js.crypto.key');
	});

	it('reports the exact line and column of the call', async () => {
		const code = ["import { createCipheriv } from 'node:crypto';", '', 'export function enc(key: Buffer, iv: Buffer) {', "\tconst c = createCipheriv('aes-256-gcm', key, iv);", '}'].join('\n');
		const [finding] = await run(code);
		assert.deepEqual([finding.line, finding.column, finding.api], [4, 12, 'crypto.createCipheriv']);
		assert.equal(finding.message, '`crypto.createCipheriv` encrypts or decrypts');
	});

	it('marks weak algorithms in the message', async () => {
		const [finding] = await run("import crypto from 'crypto';\ncrypto.createHash('md5').update(x).digest('hex');");
		assert.equal(finding.rule, 'js.crypto.weak-algorithm');
		assert.match(finding.message, /weak algorithm/);
		const [strong] = await run("import crypto from 'crypto';\ncrypto.createHash('sha256').update(x).digest('hex');");
		assert.equal(strong.rule, 'js.crypto.hash');
	});

	it('does not flag randomUUID, randomInt or unrelated crypto members', async () => {
		assert.deepEqual(await ids("import crypto from 'crypto';\ncrypto.randomUUID();\ncrypto.randomInt(6);\ncrypto.getHashes();"), []);
	});

	it('flags node:crypto key handling and KDFs', async () => {
		const code = [
			"import * as crypto from 'crypto';",
			"crypto.generateKeyPairSync('ed25519');",
			'crypto.scrypt(pw, salt, 64, cb);',
			"crypto.hkdfSync('sha256', ikm, salt, info, 32);",
			'crypto.createPrivateKey(pem);',
			'crypto.timingSafeEqual(a, b);',
			'crypto.publicEncrypt(pub, buf);',
			'crypto.diffieHellman({ privateKey, publicKey });',
		].join('\n');
		assert.equal((await ids(code)).length, 7);
	});

	it('works in TSX files', async () => {
		const code = [
			"import { SignJWT } from 'jose';",
			'export function App({ user }: { user: { role: string } }) {',
			"\tconst t = new SignJWT({ sub: 'x' });",
			"\treturn <div role=\"main\">{user.role === 'admin' ? <Admin /> : null}</div>;",
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code, 'typescriptreact', 'App.tsx')), ['3:auth:jose.SignJWT', '4:access-control:.role']);
	});

	it('finds code in the script of a Vue component at its true position', async () => {
		const code = ['<template><p>hi</p></template>', '<script setup lang="ts">', "import bcrypt from 'bcryptjs';", 'const ok = await bcrypt.compare(pw, hash);', '</script>'].join('\n');
		const findings = await run(code, 'vue', 'Login.vue');
		assert.deepEqual(brief(findings), ['4:auth:bcryptjs.compare']);
		assert.equal(findings[0].column, 18);
	});

	it('parses plain JavaScript with Meriyah: sloppy scripts, and JSX in .js files', async () => {
		// A sloppy-mode script (`with` is no module code) and React code in a .js file: both parse, so the
		// syntax-tree rules (import tracking) apply rather than the lexical fallback.
		const sloppy = ["var c = require('crypto');", 'with (Math) { x = PI; }', "c.createHash('md5');"].join('\n');
		const [a] = await run(sloppy, 'javascript', 'legacy.js');
		assert.equal(brief([a]).join(), '3:crypto:crypto.createHash');
		assert.doesNotMatch(a.message, /lexically/);
		const react = ["import { createHash } from 'crypto';", 'export const Digest = ({ s }) => <code>{createHash(\'sha256\').update(s).digest(\'hex\')}</code>;'].join('\n');
		const [b] = await run(react, 'javascript', 'Digest.js');
		assert.equal(brief([b]).join(), '2:crypto:crypto.createHash');
		assert.doesNotMatch(b.message, /lexically/);
	});

	it('falls back to lexical rules when the file does not parse', async () => {
		const code = [
			"const crypto = require('crypto'), jwt = require('jsonwebtoken');",
			"// crypto.createHash('md5') in a comment is not code",
			'function broken( {',
			"\tconst h = crypto.createHash('sha256');",
			"\tjwt.sign(payload, 'not-a-call: crypto.createHmac(');",
			"\tconst agent = new https.Agent({ rejectUnauthorized: false });",
			"\tconst k = process.env['API_KEY'], port = process.env.PORT;",
		].join('\n');
		const findings = await run(code);
		assert.deepEqual(brief(findings), ['4:crypto:crypto.createHash', '5:auth:jsonwebtoken.sign', '6:tls:rejectUnauthorized = false', '7:secrets:process.env.API_KEY']);
		assert.equal(findings[0].column, 12);
		assert.match(findings[0].message, /lexically/);
	});

	it('checks lexically what comes before a called name: members, definitions, receivers', async () => {
		const code = [
			"import { createHash } from 'crypto'; import { jwtVerify } from 'jose'; import session from 'express-session'; function broken( {",
			'\tuser.hasRole(r); function hasRole (u) {} $hasRole(u); isAdmin(u);',
			'\tconst h = createHash(a); x.createHash(b); function createHmac(k) {} $randomBytes(1);',
			'\tenforcer . enforce(s); e.enforce(t); other.enforce(u); enforce(v);',
			'\tForbiddenError.from(a) .throwUnlessCan(x); throwUnlessCan(y);',
			'\tjwtVerify(t); a.jwtVerify(t); session({ secret }); app.session({}); getSecretValue(p); $getSecretValue(p);',
		].join('\n');
		const findings = await run(code);
		assert.deepEqual(brief(findings), [
			'2:access-control:user.hasRole', '2:access-control:isAdmin', '3:crypto:crypto.createHash', '4:access-control:enforcer.enforce', '4:access-control:e.enforce',
			'5:access-control:throwUnlessCan', '5:access-control:throwUnlessCan', '6:auth:jose.jwtVerify', '6:auth:express-session', '6:secrets:getSecretValue',
		]);
		assert.deepEqual(findings.map((f) => f.column), [2, 56, 12, 2, 25, 26, 45, 2, 32, 70]);
	});

	it('finds audit log calls lexically at the start of the logger\'s name', async () => {
		const code = [
			'function broken( {',
			"\tmyAuditLog.info('deleted');",
			"\tsecurityLogger . warn ('x');",
			"\tsecurityAudit.error('y');",
			"\tinsecurity.warn('not a security logger'); securityLogs.info('nor this');",
			"\taudit.logger('not a log method'); $auditTrail.log('z');",
		].join('\n');
		const findings = await run(code);
		assert.deepEqual(brief(findings), ['2:logging:myAuditLog.info', '3:logging:securityLogger.warn', '4:logging:securityAudit.error', '6:logging:$auditTrail.log']);
		assert.deepEqual(findings.map((f) => f.column), [2, 2, 2, 36]);
	});

	it('finds every call in a file of over 5,000 lines', async () => {
		const block = (i: number): string =>
			[
				`export class Service${i} {`,
				'\tconstructor(private readonly repo: Repo, private readonly key: Buffer) {}',
				`\tasync handle(req: Request): Promise<Response> {`,
				`\t\tconst rows = await this.repo.find({ id: req.params.id, page: ${i} });`,
				"\t\tconst iv = crypto.randomBytes(12);",
				"\t\tconst c = crypto.createCipheriv('aes-256-gcm', this.key, iv);",
				'\t\tif (!req.user.roles.includes(\'admin\')) { logger.warn(`access denied for ${req.user.id}`); }',
				'\t\treturn { status: 200, body: rows.map((r) => ({ ...r, total: r.a + r.b })), token: process.env.API_TOKEN };',
				'\t}',
				'}',
			].join('\n');
		const file = (blocks: number): string => ["import * as crypto from 'node:crypto';", ...Array.from({ length: blocks }, (_, i) => block(i))].join('\n');
		const code = file(520);
		assert.ok(code.split('\n').length > 5000);
		// Loads TypeScript and warms its parser up, as the first files of a workspace scan would.
		await run(file(300));
		const findings = await run(code);
		assert.equal(findings.length, 520 * 5);
	});
});
