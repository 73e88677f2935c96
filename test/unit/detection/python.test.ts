import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';
import { brief, runDetectors } from './helpers';

/** The records of the rule files for this language family, as the engine runs them. */
const detectors = () => recordDetectors(builtinRules().filter((r) => r.id.startsWith('python.')), 'medium');

const run = (code: string) => runDetectors(detectors(), 'python', code);
/** The Python records plus the application rules (`app.*`, any language) that cover a Python behaviour. */
const withApp = (...ids: string[]) => recordDetectors(builtinRules().filter((r) => r.id.startsWith('python.') || ids.includes(r.id)), 'medium');

describe('tree-sitter detectors: Python', () => {
	it('resolves hashlib, hmac, secrets, cryptography and PyCryptodome through imports and aliases', async () => {
		const code = [
			'import hashlib as h, hmac, secrets, os',
			'from cryptography.hazmat.primitives.ciphers.aead import AESGCM',
			'from Crypto.Cipher import AES',
			'h.sha256(b"x").hexdigest()',
			'hmac.compare_digest(a, b)',
			'secrets.token_hex(16); os.urandom(32)',
			'AESGCM.generate_key(bit_length=256)',
			'AES.new(key, AES.MODE_GCM)',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'4:crypto:hashlib.sha256',
			'5:crypto:hmac.compare_digest',
			'6:crypto:secrets.token_hex',
			'6:crypto:os.urandom',
			'7:crypto:cryptography.hazmat.primitives.ciphers.aead.AESGCM.generate_key',
			'8:crypto:Crypto.Cipher.AES.new',
		]);
	});

	it('finds secrets.choice, secrets.compare_digest and SystemRandom', async () => {
		const code = [
			'import secrets, random',
			"''.join(secrets.choice(chars) for i in range(12))",
			'secrets.compare_digest(a, b)',
			'rng = random.SystemRandom()',
			'random.choice(chars)',
		].join('\n');
		assert.deepEqual(brief(await run(code)), ['2:crypto:secrets.choice', '3:crypto:secrets.compare_digest', '4:crypto:random.SystemRandom']);
	});

	it('finds TLS mail clients: SMTP_SSL as a call or a class reference, and STARTTLS', async () => {
		const code = [
			'import smtplib',
			'cls = smtplib.SMTP_SSL if use_ssl else smtplib.SMTP',
			'conn = smtplib.SMTP_SSL(host, 465)',
			'conn.starttls(keyfile=k)',
		].join('\n');
		assert.deepEqual(brief(await run(code)), ['2:tls:smtplib.SMTP_SSL', '3:tls:smtplib.SMTP_SSL', '4:tls:smtplib.SMTP_SSL.starttls']);
		assert.deepEqual(brief(await run('conn.starttls()\nsmtplib = None')), []);
	});

	it('finds auth: bcrypt, passlib (through a typed variable), JWT, Flask-Login and Django; making a hasher is crypto, @login_required access control', async () => {
		const code = [
			'import bcrypt, jwt',
			'from passlib.context import CryptContext',
			'from flask_login import login_required, current_user',
			'from django.contrib.auth import authenticate',
			'ctx = CryptContext(schemes=["bcrypt"])',
			'@login_required',
			'def view():',
			'    ctx.verify(p, h); bcrypt.checkpw(p, h)',
			'    token = jwt.encode(claims, key)',
			'    if current_user.is_authenticated: authenticate(request)',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'5:crypto:passlib.context.CryptContext',
			'6:access-control:flask_login.login_required',
			'8:auth:passlib.context.CryptContext.verify',
			'8:auth:bcrypt.checkpw',
			'9:auth:jwt.encode',
			'10:auth:flask_login.current_user.is_authenticated',
			'10:auth:django.contrib.auth.authenticate',
		]);
	});

	it('finds access control, TLS, secrets and audit logging', async () => {
		const code = [
			'import os, ssl, logging, requests, boto3',
			'from django.contrib.auth.decorators import permission_required',
			'audit = logging.getLogger("audit")',
			'@permission_required("polls.add")',
			'def f():',
			'    ctx = ssl.create_default_context()',
			'    ctx.check_hostname = False',
			'    ctx.verify_mode = ssl.CERT_NONE',
			'    requests.get(url, verify=False)',
			'    key = os.environ["API_KEY"]; pw = os.getenv("DB_PASSWORD")',
			'    boto3.client("secretsmanager").get_secret_value(SecretId="x")',
			'    audit.info("login failed")',
			'    request.user.has_perm("x")',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'4:access-control:django.contrib.auth.decorators.permission_required',
			'6:tls:ssl.create_default_context',
			'7:tls:ctx.check_hostname',
			'8:tls:ssl.CERT_NONE',
			'9:tls:verify',
			'10:secrets:os.environ',
			'10:secrets:os.getenv',
			'11:secrets:get_secret_value',
			'12:logging:audit.info',
			'13:access-control:request.user.has_perm',
		]);
	});

	it('does not flag look-alikes: local functions, unimported modules, ordinary env vars and loggers', async () => {
		const code = [
			'import os, logging',
			'def encode(x): return x',
			'def sha256(x): return x',
			'encode(1); sha256(2); jwt.encode(3)',
			'os.getenv("PORT"); os.environ["HOME"]; os.getenv("PWD")',
			'log = logging.getLogger(__name__); log.info("x")',
			'session.get(url, verify=False)',
		].join('\n');
		assert.deepEqual(brief(await run(code)), []);
	});

	it('reports the exact position, in JS string offsets after non-ASCII text', async () => {
		const code = 'import hashlib\ns = "é😀"; hashlib.md5(b"x")\n';
		const [finding] = await run(code);
		assert.equal(finding.line, 2);
		assert.equal(finding.column, 's = "é😀"; '.length + 1);
		assert.equal(finding.api, 'hashlib.md5');
		assert.match(finding.message, /hashlib\.md5/);
	});

	it('falls back to a lexical pass on a file with syntax errors', async () => {
		const code = ['import hashlib as h', 'import os', 'def broken(:', '    h.sha256(data', '    os.getenv("SECRET_TOKEN")', '    encode('].join('\n');
		assert.deepEqual(brief(await run(code)), ['4:crypto:hashlib.sha256', '5:secrets:os.getenv']);
	});

	it('skips files the prefilter rejects', () => {
		// The tree-sitter engine's detector (the lexical one runs the few Python pattern records).
		const [python] = detectors().filter((d) => d.languages.has('python') && d.id.startsWith('rules-tree-sitter'));
		assert.equal(python.mayMatch('def f():\n    return 1\n'), false);
		assert.equal(python.mayMatch('import hashlib\n'), true);
	});

	it('finds every call in a 5,000-line file', async () => {
		const lines = ['import hashlib, os'];
		for (let i = 0; i < 5000; i++) {
			lines.push(i % 100 === 0 ? `x${i} = hashlib.sha256(b"${i}")` : `def f${i}(a, b):\n    return [a + b for _ in range(${i})]`);
		}
		const findings = await run(lines.join('\n'));
		assert.equal(findings.length, 50);
	});
});

describe('python security logging', () => {
	it('flags loggers named for security or audit, and log calls whose message is a security event', async () => {
		const code = [
			'import logging',
			"security_logger = logging.getLogger('django.security.%s' % name)",
			"logger = logging.getLogger(__name__)",
			'def f(user):',
			"    security_logger.error('Suspicious operation')",
			"    logger.warning('Login failed for %s', user)",
			"    logger.info('Cache warmed in %d ms', 3)",
			"    logging.warning(f'Access denied to {user}')",
			"    print('login failed')",
		].join('\n');
		// Security events in any language's log messages are `app.logging.security-event`'s; so is what a logger
		// named for the security trail records (line 5, also found by the logger-name record: one finding after dedupe).
		assert.deepEqual(brief(await runDetectors(withApp('app.logging.security-event'), 'python', code)), [
			'5:logging:security_logger.error',
			'5:logging:security_logger.error',
			'6:logging:logger.warning',
			'8:logging:logging.warning',
		]);
	});
});

describe('python: framework helpers and calls known by name and arguments', () => {
	it('finds Django crypto helpers, is_authenticated, secret settings and log_response for security events', async () => {
		const code = [
			'from django.conf import settings',
			'from django.utils.crypto import constant_time_compare, salted_hmac, get_random_string',
			'from django.utils.log import log_response',
			'def f(request, token, user):',
			'    secret = settings.SECRET_KEY',
			'    debug = settings.DEBUG',
			'    ok = constant_time_compare(token, expected) and request.user.is_authenticated',
			'    h = salted_hmac(key_salt, value, secret=secret)',
			'    s = get_random_string(32)',
			"    log_response('Forbidden (%s): %s', reason, request.path)",
			"    log_response('%s: %s', response.reason_phrase, request.path)",
			'settings.SECRET_KEY = "test"',
		].join('\n');
		// Secret settings of any language's configuration objects are `app.secrets.config-read`'s.
		assert.deepEqual(brief(await runDetectors(withApp('app.secrets.config-read'), 'python', code)), [
			'5:secrets:settings.SECRET_KEY',
			'7:crypto:django.utils.crypto.constant_time_compare',
			'7:auth:request.user.is_authenticated',
			'8:crypto:django.utils.crypto.salted_hmac',
			'9:crypto:django.utils.crypto.get_random_string',
			'10:logging:django.utils.log.log_response',
		]);
	});

	it('finds signature primitives given a key, JWS objects, secrets hashed into keys and logins with a password', async () => {
		const code = [
			'import hashlib',
			'def g(self, alg_obj, api_jws, key, jwt):',
			'    key = alg_obj.prepare_key(key)',
			'    sig = alg_obj.sign(signing_input, key)',
			'    ok = alg_obj.verify(signing_input, key, sig)',
			'    tok = api_jws.encode(payload, key, algorithm)',
			'    raw = jwt.encode("utf-8")',
			'    hasher = getattr(hashlib, algorithm)',
			'    derived = hasher(key_salt + secret).digest()',
			'    k2 = self.digest_method(self.salt + secret_key).digest()',
			'    self.connection.login(self.username, self.password)',
			'    form.verify(data)',
			'    text.encode("utf-8")',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'3:crypto:alg_obj.prepare_key',
			'4:crypto:alg_obj.sign',
			'5:crypto:alg_obj.verify',
			'6:auth:api_jws.encode',
			'9:crypto:hashlib.getattr',
			'10:crypto:self.digest_method',
			'11:auth:self.connection.login',
		]);
	});
});
