/** Python's sensitive APIs, as tables for `python.ts`. */
import { methodRules, RuleSet, type RuleSpec } from './common';

export const RULES = new RuleSet(
	[
		['hashlib.*', 'crypto', 'Cryptographic hash or key derivation'],
		['hmac.new', 'crypto', 'HMAC'],
		['hmac.HMAC', 'crypto', 'HMAC'],
		['hmac.digest', 'crypto', 'HMAC'],
		['hmac.compare_digest', 'crypto', 'Constant-time digest comparison'],
		['secrets.token_bytes', 'crypto', 'Secure random for keys or tokens'],
		['secrets.token_hex', 'crypto', 'Secure random for keys or tokens'],
		['secrets.token_urlsafe', 'crypto', 'Secure random for keys or tokens'],
		['secrets.randbits', 'crypto', 'Secure random for keys or tokens'],
		['secrets.SystemRandom', 'crypto', 'Secure random for keys or tokens'],
		['secrets.choice', 'crypto', 'Secure random for keys or tokens'],
		['secrets.randbelow', 'crypto', 'Secure random for keys or tokens'],
		['secrets.compare_digest', 'crypto', 'Constant-time digest comparison'],
		['random.SystemRandom', 'crypto', 'Secure random for keys or tokens'],
		['os.urandom', 'crypto', 'Secure random bytes'],
		['cryptography.fernet.*', 'crypto', 'Fernet symmetric encryption'],
		['cryptography.hazmat.*', 'crypto', 'Cryptographic primitive'],
		['cryptography.x509.*', 'crypto', 'X.509 certificate handling'],
		['Crypto.*', 'crypto', 'PyCryptodome primitive'],
		['Cryptodome.*', 'crypto', 'PyCryptodome primitive'],
		['nacl.*', 'crypto', 'libsodium primitive'],
		['bcrypt.*', 'auth', 'Password hashing'],
		['passlib.*', 'auth', 'Password hashing'],
		['argon2.*', 'auth', 'Password hashing'],
		['jwt.*', 'auth', 'JWT signed or verified'],
		['jose.*', 'auth', 'JOSE/JWT signed or verified'],
		['flask_login.login_user', 'auth', 'User login'],
		['flask_login.logout_user', 'auth', 'User logout'],
		['flask_login.login_required', 'auth', 'Login required'],
		['flask_login.fresh_login_required', 'auth', 'Login required'],
		['django.contrib.auth.authenticate', 'auth', 'User authentication'],
		['django.contrib.auth.login', 'auth', 'User login'],
		['django.contrib.auth.logout', 'auth', 'User logout'],
		['django.contrib.auth.hashers.*', 'auth', 'Password hashing'],
		['django.contrib.auth.decorators.login_required', 'auth', 'Login required'],
		['django.contrib.auth.decorators.permission_required', 'access-control', 'Permission check'],
		['django.contrib.auth.decorators.user_passes_test', 'access-control', 'Access check'],
		['django.contrib.admin.views.decorators.staff_member_required', 'access-control', 'Staff-only access'],
		['rest_framework.decorators.permission_classes', 'access-control', 'API permission policy'],
		['smtplib.SMTP_SSL', 'tls', 'SMTP over TLS'],
		['imaplib.IMAP4_SSL', 'tls', 'IMAP over TLS'],
		['poplib.POP3_SSL', 'tls', 'POP3 over TLS'],
		['ftplib.FTP_TLS', 'tls', 'FTP over TLS'],
		['ssl._create_unverified_context', 'tls', 'TLS context without certificate validation'],
		['ssl.*', 'tls', 'TLS configuration'],
		['logging.AuditLogger.*', 'logging', 'Security audit logging'],
		['django.utils.crypto.constant_time_compare', 'crypto', 'Constant-time comparison'],
		['django.utils.crypto.salted_hmac', 'crypto', 'HMAC'],
		['django.utils.crypto.get_random_string', 'crypto', 'Secure random string for secrets or tokens'],
		['django.utils.crypto.pbkdf2', 'crypto', 'Key derived with PBKDF2'],
		...['Signer', 'TimestampSigner', 'Serializer', 'TimedSerializer', 'URLSafeSerializer', 'URLSafeTimedSerializer'].map(
			(name): RuleSpec => [`itsdangerous.${name}`, 'crypto', 'Signed token (itsdangerous)'],
		),
	],
	['cryptography.hazmat.backends.default_backend', 'ssl.SSLError', 'ssl.SSLContext.check_hostname'],
);

/** Attributes that are sensitive when read, not only when called. */
export const REFS = new RuleSet([
	['ssl.CERT_NONE', 'tls', 'Certificate validation disabled'],
	['flask_login.current_user.is_authenticated', 'auth', 'Authentication check'],
	['smtplib.SMTP_SSL', 'tls', 'SMTP over TLS'],
	['imaplib.IMAP4_SSL', 'tls', 'IMAP over TLS'],
	['poplib.POP3_SSL', 'tls', 'POP3 over TLS'],
	['ftplib.FTP_TLS', 'tls', 'FTP over TLS'],
]);

export const METHODS = methodRules([
	['has_perm', 'django', 'django.contrib.auth.models.User.has_perm', 'access-control', 'Permission check'],
	['has_perms', 'django', 'django.contrib.auth.models.User.has_perms', 'access-control', 'Permission check'],
	['check_password', 'django', 'django.contrib.auth.models.User.check_password', 'auth', 'Password verification'],
	['get_secret_value', 'boto3', 'boto3.secretsmanager.get_secret_value', 'secrets', 'Secret read from AWS Secrets Manager'],
	['read_secret_version', 'hvac', 'hvac.Client.secrets.kv.read_secret_version', 'secrets', 'Secret read from Vault'],
	['starttls', 'smtplib|imaplib', 'smtplib.SMTP.starttls', 'tls', 'Connection upgraded to TLS (STARTTLS)'],
	['stls', 'poplib', 'poplib.POP3.stls', 'tls', 'Connection upgraded to TLS (STLS)'],
	['read_secret', 'hvac', 'hvac.Client.secrets.kv.read_secret', 'secrets', 'Secret read from Vault'],
]);

/** Names that `from module import *` resolves (prefix rules would otherwise claim every local name). */
export const WILDCARD_NAMES: ReadonlySet<string> = new Set(
	'hashlib.sha1 hashlib.sha256 hashlib.sha512 hashlib.md5 hashlib.new hashlib.pbkdf2_hmac hashlib.scrypt hmac.new hmac.compare_digest'
		.concat(' bcrypt.hashpw bcrypt.checkpw bcrypt.gensalt ssl.create_default_context ssl.wrap_socket')
		.split(' '),
);

export const ENV = new Set(['os.getenv', 'os.environ.get', 'os.environ.setdefault', 'os.environ.pop']);
export const HTTP_LIBS = ['requests', 'httpx', 'aiohttp', 'urllib3'];
export const RETURNS: ReadonlyMap<string, string> = new Map([
	['ssl.create_default_context', 'ssl.SSLContext'],
	['ssl._create_unverified_context', 'ssl.SSLContext'],
	['boto3.client', 'boto3.client'],
]);
