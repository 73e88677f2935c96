import { strict as assert } from 'node:assert';
import { brief, javascriptDetectors, runDetectors } from './helpers';

const ids = async (code: string): Promise<string[]> => brief(await runDetectors(javascriptDetectors(), 'javascript', code, 'snippet.js'));

describe('javascript detector: compiled CommonJS output', () => {
	it('resolves requires wrapped in TypeScript, tslib, Babel and esbuild interop helpers', async () => {
		const code = [
			'const tls = __importStar(require("tls"));',
			'const crypto_1 = tslib_1.__importDefault(require("crypto"));',
			'var import_crypto = __toESM(require("node:crypto"));',
			'var _jwt = _interopRequireDefault(require("jsonwebtoken"));',
			'tls.connect({ host });',
			'crypto_1.default.createHash("sha256");',
			'import_crypto.randomBytes(16);',
			'_jwt.default.verify(token, key);',
		].join('\n');
		assert.deepEqual(await ids(code), ['5:tls:tls.connect', '6:crypto:crypto.createHash', '7:crypto:crypto.randomBytes', '8:auth:jsonwebtoken.verify']);
	});

	it('resolves the `(0, mod_1.fn)(…)` call form TypeScript emits for named imports', async () => {
		const code = ['const crypto_1 = require("crypto");', '(0, crypto_1.createHash)("sha256");', 'crypto_1.createHmac("sha256", key);'].join('\n');
		assert.deepEqual(await ids(code), ['2:crypto:crypto.createHash', '3:crypto:crypto.createHmac']);
	});

	it('does not treat an unrelated helper or sequence as a module', async () => {
		const code = ['const m = wrap(require("crypto"));', 'm.createHash("sha256");', '(0, local.createHash)("sha256");'].join('\n');
		assert.deepEqual(await ids(code), []);
	});

	it('binds a variable declared first and assigned a require later (optional dependency)', async () => {
		const code = [
			'var crypto;',
			'try {',
			"\tcrypto = require('crypto');",
			'} catch (e) {}',
			'function derive(p, s) {',
			"\treturn crypto.pbkdf2Sync(p, s, 1000, 32, 'sha256');",
			'}',
			'function shadow(crypto) {',
			"\tcrypto = require('crypto');",
			'}',
		].join('\n');
		assert.deepEqual(await ids(code), ['6:crypto:crypto.pbkdf2Sync']);
	});

	it('reports the deprecated crypto.pseudoRandomBytes', async () => {
		assert.deepEqual(await ids("const crypto = require('crypto');\ncrypto.pseudoRandomBytes(32);"), ['2:crypto:crypto.pseudoRandomBytes']);
	});
});

describe('javascript detector: environment keys named by constants', () => {
	it('resolves a computed key bound to a string constant', async () => {
		const code = [
			'var ENV_SECRET = "AWS_SECRET_ACCESS_KEY";',
			'const ENV_REGION = "AWS_REGION";',
			'const ENV_EXPIRATION = "AWS_CREDENTIAL_EXPIRATION";',
			'const ENV_SCOPE = "AWS_CREDENTIAL_SCOPE";',
			'function read() {',
			'\tconst secret = process.env[ENV_SECRET];',
			'\tconst region = process.env[ENV_REGION];',
			'\treturn [process.env[ENV_EXPIRATION], process.env[ENV_SCOPE]];',
			'}',
			'function shadowed(ENV_SECRET) {',
			'\treturn process.env[ENV_SECRET];',
			'}',
		].join('\n');
		assert.deepEqual(await ids(code), ['6:secrets:process.env.AWS_SECRET_ACCESS_KEY']);
	});
});
