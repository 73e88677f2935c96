import { strict as assert } from 'node:assert';
import { brief, javascriptDetectors, runDetectors } from './helpers';

const run = (code: string) => runDetectors(javascriptDetectors(), 'typescript', code);
const ids = async (...lines: string[]): Promise<string[]> => brief(await run(lines.join('\n')));

describe('javascript detector: library families', () => {
	it('crypto libraries: node-forge, crypto-js (default, named, subpath), tweetnacl, libsodium', async () => {
		assert.deepEqual(
			await ids(
				"import forge from 'node-forge';",
				"import CryptoJS, { SHA256 } from 'crypto-js';",
				"import AES from 'crypto-js/aes';",
				"import nacl from 'tweetnacl';",
				"import sodium from 'libsodium-wrappers';",
				'forge.pki.rsa.generateKeyPair(2048);',
				'CryptoJS.AES.encrypt(msg, key).toString();',
				'SHA256(msg);',
				'AES.decrypt(ct, key);',
				'nacl.secretbox(msg, nonce, key);',
				'sodium.crypto_secretbox_easy(msg, nonce, key);',
				'CryptoJS.enc.Utf8.parse(s);',
				'forge.util.encode64(s);',
				'sodium.to_base64(b);',
			),
			['6:crypto:node-forge.pki.rsa.generateKeyPair', '7:crypto:crypto-js.AES.encrypt', '8:crypto:crypto-js.SHA256', '9:crypto:crypto-js.AES.decrypt', '10:crypto:tweetnacl.secretbox', '11:crypto:libsodium-wrappers.crypto_secretbox_easy'],
		);
	});

	it('password hashing: bcrypt, bcryptjs, argon2', async () => {
		assert.deepEqual(
			await ids("const bcrypt = require('bcrypt');", "import * as argon2 from 'argon2';", "import { compareSync } from 'bcryptjs';", 'await bcrypt.hash(pw, 12);', 'await argon2.verify(h, pw);', 'compareSync(pw, h);', 'bcrypt.getRounds(h);'),
			['4:crypto:bcrypt.hash', '5:auth:argon2.verify', '6:auth:bcryptjs.compareSync'],
		);
	});

	it('JWT: jsonwebtoken sign/verify (a decode without verification is no site, LABELING.md), jose, NestJS JwtService through constructor injection', async () => {
		const findings = await run(
			[
				"import * as jwt from 'jsonwebtoken';",
				"import { jwtVerify, createRemoteJWKSet } from 'jose';",
				"import { JwtService } from '@nestjs/jwt';",
				'jwt.decode(token);',
				'const jwks = createRemoteJWKSet(new URL(url));',
				'await jwtVerify(token, jwks);',
				'class AuthService {',
				'\tconstructor(private readonly tokens: JwtService) {}',
				'\tissue() { return this.tokens.signAsync({ sub: 1 }); }',
				'}',
			].join('\n'),
		);
		assert.deepEqual(brief(findings), ['5:auth:jose.createRemoteJWKSet', '6:auth:jose.jwtVerify', '9:auth:@nestjs/jwt.JwtService.signAsync']);
		assert.equal(findings[0].message, '`jose.createRemoteJWKSet` verifies tokens or fetches their keys');
	});

	it('passport, strategies, request login helpers and sessions', async () => {
		assert.deepEqual(
			await ids(
				"import passport from 'passport';",
				"import { Strategy as LocalStrategy } from 'passport-local';",
				"const GoogleStrategy = require('passport-google-oauth20').Strategy;",
				"import session from 'express-session';",
				'passport.use(new LocalStrategy(verify));',
				'passport.use(new GoogleStrategy(opts, verify));',
				"app.post('/login', passport.authenticate('local'));",
				"app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));",
				'app.get("/out", (req, res) => { req.logout(() => res.redirect("/")); if (req.isAuthenticated()) {} });',
				'order.logout();',
			),
			['5:auth:passport.use', '5:auth:passport-local.Strategy', '6:auth:passport.use', '6:auth:passport-google-oauth20.Strategy', '7:auth:passport.authenticate', '8:auth:express-session', '8:secrets:process.env.SESSION_SECRET', '9:auth:req.logout', '9:auth:req.isAuthenticated'],
		);
	});

	it('OAuth/OIDC clients: openid-client, simple-oauth2, google-auth-library, MSAL', async () => {
		assert.deepEqual(
			await ids(
				"import { Issuer } from 'openid-client';",
				"import { AuthorizationCode } from 'simple-oauth2';",
				"import { OAuth2Client } from 'google-auth-library';",
				'const issuer = await Issuer.discover(url);',
				'const client = new issuer.Client({ client_id, client_secret });',
				'const tokens = await client.callback(redirect, params, checks);',
				'const google = new OAuth2Client(id);',
				'await google.verifyIdToken({ idToken });',
				'const oauth = new AuthorizationCode(cfg);',
				'await oauth.getToken(opts);',
				'await msalApp.acquireTokenByCode(req);',
				'client.close();',
			),
			['4:auth:openid-client.Issuer.discover', '5:auth:openid-client.Client', '6:auth:openid-client.Client.callback', '7:auth:google-auth-library.OAuth2Client', '8:auth:google-auth-library.OAuth2Client.verifyIdToken', '9:auth:simple-oauth2.AuthorizationCode', '10:auth:simple-oauth2.AuthorizationCode.getToken', '11:auth:msalApp.acquireTokenByCode'],
		);
	});

	it('access control: casbin, CASL, role checks; not arbitrary includes or can()', async () => {
		assert.deepEqual(
			await ids(
				"import { newEnforcer } from 'casbin';",
				"import { defineAbility, ForbiddenError } from '@casl/ability';",
				'const e = await newEnforcer(model, policy);',
				"if (await e.enforce(sub, obj, 'read')) {}",
				'const ability = defineAbility((can) => can("read", "Post"));',
				"ability.can('update', post);",
				"ForbiddenError.from(ability).throwUnlessCan('delete', post);",
				"if (user.roles.includes('admin') || hasPermission(user, 'x') || this.auth.isAdmin()) {}",
				"if (tags.includes('admin') || list.some((x) => x) || door.can('open')) {}",
			),
			['3:access-control:casbin.newEnforcer', '4:access-control:casbin.Enforcer.enforce', '5:access-control:@casl/ability.defineAbility', '6:access-control:@casl/ability.Ability.can', '7:access-control:@casl/ability.ForbiddenError.throwUnlessCan', '8:access-control:roles.includes', '8:access-control:hasPermission', '8:access-control:auth.isAdmin'],
		);
	});

	it('access control: role decorators and role comparisons', async () => {
		assert.deepEqual(
			await ids('class C {', "\t@Roles('admin')", '\tremove() {}', '}', "if (req.user.role !== 'admin') throw new Forbidden();", "if (item.type === 'admin') {}"),
			['2:access-control:@Roles', '5:access-control:.role'],
		);
	});

	it('TLS: servers, agents, requests with TLS options, disabled validation anywhere', async () => {
		const findings = await run(
			[
				"import https from 'node:https';",
				"import * as tls from 'tls';",
				"import axios from 'axios';",
				'https.createServer({ key, cert }, app);',
				"https.get('https://example.com', (res) => res);",
				'https.request({ host, ca: caPem });',
				'tls.connect(443, host);',
				'const client = axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });',
				"process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';",
				'const opts = { checkServerIdentity: () => undefined, rejectUnauthorized: true };',
			].join('\n'),
		);
		assert.deepEqual(brief(findings), ['4:tls:https.createServer', '6:tls:https.request', '7:tls:tls.connect', '8:tls:https.Agent', '8:tls:rejectUnauthorized', '9:tls:process.env.NODE_TLS_REJECT_UNAUTHORIZED', '10:tls:checkServerIdentity']);
		const property = findings.find((f) => f.api === 'rejectUnauthorized');
		assert.equal(property?.column, 61);
		assert.equal(property?.message, 'TLS certificate validation disabled (rejectUnauthorized: false)');
	});

	it('secrets: env variables by name, destructuring, bracket access; not harmless ones', async () => {
		assert.deepEqual(
			await ids(
				'const a = process.env.JWT_SECRET;',
				"const b = process.env['DB_PASSWORD'];",
				'const { STRIPE_API_KEY, PORT, TOKEN_TTL } = process.env;',
				'const c = process.env.PORT ?? process.env.NODE_ENV ?? process.env.PWD ?? process.env.TOKEN_URL;',
				"import { env } from 'node:process';",
				'const d = env.GITHUB_TOKEN;',
			),
			['1:secrets:process.env.JWT_SECRET', '2:secrets:process.env.DB_PASSWORD', '3:secrets:process.env.STRIPE_API_KEY', '6:secrets:process.env.GITHUB_TOKEN'],
		);
	});

	it('secrets: cloud secret managers, Vault and key files', async () => {
		assert.deepEqual(
			await ids(
				"import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
				"import { SecretClient } from '@azure/keyvault-secrets';",
				"import { SecretManagerServiceClient } from '@google-cloud/secret-manager';",
				"import { readFileSync } from 'node:fs';",
				'const sm = new SecretsManagerClient({});',
				'const out = await sm.send(new GetSecretValueCommand({ SecretId: id }));',
				'const kv = new SecretClient(url, cred);',
				"await kv.getSecret('db');",
				'const [v] = await new SecretManagerServiceClient().accessSecretVersion({ name });',
				"const vault = require('node-vault')({ endpoint });",
				"await vault.read('secret/data/app');",
				"const key = readFileSync('./certs/server.key');",
				'const pem = readFileSync(privateKeyPath);',
				"const cfg = readFileSync('./config.json', 'utf8');",
				'await ssm.getParameter({ Name: n, WithDecryption: true }).promise();',
			),
			['6:secrets:@aws-sdk/client-secrets-manager.GetSecretValueCommand', '8:secrets:@azure/keyvault-secrets.SecretClient.getSecret', '9:secrets:@google-cloud/secret-manager.SecretManagerServiceClient.accessSecretVersion', '11:secrets:node-vault.Client.read', '12:secrets:fs.readFileSync', '13:secrets:fs.readFileSync', '15:secrets:ssm.getParameter'],
		);
	});

	it('logging: audit loggers by name or channel, security event phrases; not every log call', async () => {
		assert.deepEqual(
			await ids(
				"import winston from 'winston';",
				"const audit = winston.createLogger({ defaultMeta: { service: 'audit' } });",
				"const sec = logger.child({ channel: 'security' });",
				"audit.info('user created', { id });",
				"sec.warn('x');",
				"auditLog.record({ action: 'delete' });",
				"logger.warn('Login failed for ' + user.email);",
				"console.log('Access denied to', path);",
				"logger.info({ user }, 'password changed');",
				"console.log('server started');",
				"logger.error('failed to parse config');",
				"res.status(401).send('Unauthorized');",
			),
			['4:logging:audit.info', '5:logging:sec.warn', '6:logging:auditLog.record', '7:logging:logger.warn', '8:logging:console.log', '9:logging:logger.info'],
		);
	});

	it('accepts every file it flags (the prefilter misses nothing here)', async () => {
		const [detector] = javascriptDetectors();
		for (const code of ["const { env } = require('process'); env.API_KEY;", 'if (u.role === "admin") {}', "log.warn('access denied');"]) {
			assert.ok(detector.mayMatch(code), code);
			assert.equal((await run(code)).length, 1, code);
		}
	});
});

describe('javascript detector: JWS/JWA, passport strategies, OAuth and credential headers', () => {
	it('jws signs and verifies whole tokens (auth); a jwa algorithm signs and verifies bytes (crypto)', async () => {
		assert.deepEqual(
			await ids(
				"const jws = require('jws');",
				"const jwa = require('jwa');",
				'const token = jws.sign({ header, payload, secret });',
				'const ok = jws.verify(token, alg, key);',
				'function s(input, key) { const algo = jwa(alg); return algo.sign(input, key); }',
				'function v(input, sig, key) { const algo = jwa(alg); return algo.verify(input, sig, key); }',
			),
			['3:auth:jws.sign', '4:auth:jws.verify', '5:crypto:jwa.Algorithm.sign', '6:crypto:jwa.Algorithm.verify'],
		);
	});

	it('passport strategies: the verify callback, the OAuth state store and the token exchange', async () => {
		assert.deepEqual(
			await ids(
				"const passport = require('passport-strategy');",
				'Strategy.prototype.authenticate = function (req) {',
				'  this._verify(username, password, verified);',
				'  this._stateStore.verify(req, state, loaded);',
				'  self._oauth2.getOAuthAccessToken(code, params, cb);',
				'  other.verify(x);',
				'};',
			),
			['3:auth:this._verify', '4:auth:_stateStore.verify', '5:auth:_oauth2.getOAuthAccessToken'],
		);
		assert.deepEqual(await ids('function f() { this._verify(a); }'), []);
	});

	it('HTTP Basic credentials in an authorization header, not other headers', async () => {
		assert.deepEqual(
			await ids(
				"headers['Proxy-Authorization'] = `Basic ${Buffer.from(auth).toString('base64')}`;",
				"const h = { Authorization: 'Basic ' + creds, Accept: 'text/plain' };",
				"headers['Proxy-Connection'] = 'close';",
			),
			['1:auth:Proxy-Authorization', '2:auth:Authorization'],
		);
	});
});
