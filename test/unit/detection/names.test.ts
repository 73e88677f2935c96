import { strict as assert } from 'node:assert';
import { isSecretName, isSecurityEventName, nameWords, namesKeyMaterial, SECURITY_PHRASE } from '../../../src/core/detection/names';

describe('shared name heuristics', () => {
	it('recognises secret-looking names in every casing, and not lifetimes, scopes or the working directory', () => {
		for (const name of ['DB_PASSWORD', 'JWT_SECRET', 'apiKey', 'api-key', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'client_secret', 'SIGNING_KEY', 'db_passwd']) {
			assert.ok(isSecretName(name), name);
		}
		for (const name of ['PORT', 'PWD', 'OLDPWD', 'TOKEN_EXPIRY', 'JWT_EXPIRES_IN', 'OAUTH_SCOPES', 'AUTH_URL', 'NODE_ENV', 'HOME']) {
			assert.ok(!isSecretName(name), name);
		}
	});

	it('recognises security events named in code, as audit logs and analytics receive them', () => {
		for (const name of ['login_failed', 'user.login.failed', 'TOKEN_REVOKED', 'mfaEnabled', 'api_key_created', 'password-changed', 'role:granted', 'failed_login', 'user.created']) {
			assert.ok(isSecurityEventName(name), name);
		}
		for (const name of ['page_viewed', 'checkout_completed', 'user_id', 'login', 'sign_in', 'Login failed for user', 'session_start', 'token', 'https://x.y/login_failed']) {
			assert.ok(!isSecurityEventName(name), name);
		}
	});

	it('recognises messages that record security events, and not operational errors', () => {
		for (const message of ['failed to parse a JWT token', 'Role %s is created', 'invalid authentication request to user', 'client SASL authentication has failed',
			'host name verification failed', 'Creating a new SSL key', 'Submitted certificate request', 'Downloaded certificate for node1', 'Failed login for bob']) {
			assert.ok(SECURITY_PHRASE.test(message), message);
		}
		for (const message of ['Error: Unable to decode password for user %s, removing entry.', 'failed to parse config file', 'cache warmed', 'created a new table']) {
			assert.ok(!SECURITY_PHRASE.test(message), message);
		}
	});

	it('recognises key material in paths and variable names', () => {
		assert.deepEqual(nameWords('privateKeyPath'), ['private', 'key', 'path']);
		for (const text of ['certs/server.key', 'keyData', '~/.ssh/id_rsa', 'tls.pem', 'keystore.jks', 'credentials.json']) {
			assert.ok(namesKeyMaterial(text), text);
		}
		for (const text of ['config.yaml', 'data', 'monkey.txt', 'README.md']) {
			assert.ok(!namesKeyMaterial(text), text);
		}
	});
});
