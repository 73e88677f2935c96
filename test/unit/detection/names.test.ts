import { strict as assert } from 'node:assert';
import { isSecretName, nameWords, namesKeyMaterial } from '../../../src/core/detection/names';

describe('shared name heuristics', () => {
	it('recognises secret-looking names in every casing, and not lifetimes, scopes or the working directory', () => {
		for (const name of ['DB_PASSWORD', 'JWT_SECRET', 'apiKey', 'api-key', 'GITHUB_TOKEN', 'STRIPE_API_KEY', 'AWS_SECRET_ACCESS_KEY', 'client_secret', 'SIGNING_KEY', 'db_passwd']) {
			assert.ok(isSecretName(name), name);
		}
		for (const name of ['PORT', 'PWD', 'OLDPWD', 'TOKEN_EXPIRY', 'JWT_EXPIRES_IN', 'OAUTH_SCOPES', 'AUTH_URL', 'NODE_ENV', 'HOME']) {
			assert.ok(!isSecretName(name), name);
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
