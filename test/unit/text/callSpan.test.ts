import * as assert from 'node:assert/strict';
import { sensitiveSpanEnd } from '../../../src/core/text/callSpan';

/** The text a finding of `api` at the marker `⟦` covers. */
function span(marked: string, api: string, maxLines?: number): string {
	const at = marked.indexOf('⟦');
	const text = marked.replace('⟦', '');
	return text.slice(at, sensitiveSpanEnd(text, at, api, maxLines));
}

describe('text: the span of a sensitive call or option', () => {
	it('covers the callee up to the API\'s name and its arguments, not the rest of the chain', () => {
		assert.equal(span("return ⟦crypto.createHash('md5').update(url).digest('hex');", 'crypto.createHash'), "crypto.createHash('md5')");
		assert.equal(span('const iv = ⟦randomBytes(16);', 'crypto.randomBytes'), 'randomBytes(16)');
		assert.equal(span('⟦_client().get_secret_value(SecretId="db")["SecretString"]', 'boto3.secretsmanager.get_secret_value'), '_client().get_secret_value(SecretId="db")');
		assert.equal(span('return ⟦md5.Sum(body)\n}', 'crypto/md5.Sum'), 'md5.Sum(body)');
		assert.equal(span('x := ⟦s.http.ListenAndServeTLS("", "")', 'net/http.Server.ListenAndServeTLS'), 's.http.ListenAndServeTLS("", "")');
		assert.equal(span('if (user?.⟦roles?.includes(\'admin\') && fresh) {', 'roles.includes'), "roles?.includes('admin')");
	});

	it('covers index expressions and composite literals', () => {
		assert.equal(span('pw = ⟦os.environ["DB_PASSWORD"]\n', 'os.environ'), 'os.environ["DB_PASSWORD"]');
		assert.equal(span('cfg := &⟦tls.Config{MinVersion: tls.VersionTLS13}}', 'crypto/tls.Config'), 'tls.Config{MinVersion: tls.VersionTLS13}');
	});

	it('skips brackets inside strings', () => {
		assert.equal(span("⟦getSecret(')(', \"]\", `}`) + 1", 'getSecret'), "getSecret(')(', \"]\", `}`)");
	});

	it('follows arguments over a few lines, and ends at the first line when the call runs on', () => {
		assert.equal(span('⟦sign({ sub: id },\n\tkey,\n\t{ expiresIn: 60 });', 'jsonwebtoken.sign'), 'sign({ sub: id },\n\tkey,\n\t{ expiresIn: 60 })');
		const body = Array.from({ length: 20 }, (_, i) => `\tline${i}();`).join('\n');
		assert.equal(span(`const s = ⟦https.createServer(  \n${body}\n);`, 'https.createServer'), 'https.createServer(');
		assert.equal(span('⟦sign(a,\nb)', 'jsonwebtoken.sign', 0), 'sign(a,');
	});

	it('covers an option with its value', () => {
		assert.equal(span('{ ⟦InsecureSkipVerify: true}}', 'crypto/tls.Config.InsecureSkipVerify'), 'InsecureSkipVerify: true');
		assert.equal(span('requests.get(url, ⟦verify=False, timeout=3)', 'requests.verify'), 'verify=False');
		assert.equal(span('\t⟦rejectUnauthorized: process.env.X !== "1",\n', 'tls.rejectUnauthorized'), 'rejectUnauthorized: process.env.X !== "1"');
		assert.equal(span('if ⟦token == other:', 'x.token'), 'token', 'a comparison is no option');
	});

	it('is at least the identifier, and empty where none starts', () => {
		assert.equal(span('⟦vault', 'vault.read'), 'vault');
		assert.equal(span('⟦(x)', 'x'), '');
		assert.equal(span('⟦open(', 'open'), 'open(');
	});
});
