import * as assert from 'node:assert/strict';
import { treeSitterDetectors } from '../../../src/core/detection/treeSitter';
import { brief, runDetectors } from './helpers';

const run = (code: string) => runDetectors(treeSitterDetectors(), 'go', code);

describe('tree-sitter detectors: Go', () => {
	it('resolves crypto, x/crypto, TLS, JWT and env reads through aliased imports', async () => {
		const code = [
			'package main',
			'import (',
			'\tcrand "crypto/rand"',
			'\t"crypto/sha256"',
			'\t"crypto/tls"',
			'\t"os"',
			'\t"golang.org/x/crypto/bcrypt"',
			'\tjwtv5 "github.com/golang-jwt/jwt/v5"',
			')',
			'func main() {',
			'\tcrand.Read(b); sha256.Sum256(d)',
			'\tcfg := &tls.Config{InsecureSkipVerify: true}',
			'\tbcrypt.GenerateFromPassword(p, 12)',
			'\tt := jwtv5.NewWithClaims(m, c); t.SignedString(k)',
			'\tos.Getenv("API_KEY")',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'11:crypto:crypto/rand.Read',
			'11:crypto:crypto/sha256.Sum256',
			'12:tls:crypto/tls.Config',
			'12:tls:crypto/tls.Config.InsecureSkipVerify',
			'13:auth:golang.org/x/crypto/bcrypt.GenerateFromPassword',
			'14:auth:github.com/golang-jwt/jwt/v5.NewWithClaims',
			'14:auth:jwt.Token.SignedString',
			'15:secrets:os.Getenv',
		]);
	});

	it('does not flag math/rand, ordinary env vars or local look-alikes', async () => {
		const code = ['package main', 'import (', '\t"math/rand"', '\t"os"', ')', 'func Sum256(b []byte) {}', 'func main() { rand.Read(b); os.Getenv("PORT"); Sum256(nil); sha256.New() }'].join('\n');
		assert.deepEqual(brief(await run(code)), []);
	});

	it('reports exact positions after non-ASCII text', async () => {
		const [f] = await run('package main\nimport "crypto/hmac"\nfunc main() { s := "é😀"; hmac.New(h, k) }\n');
		assert.deepEqual([f.line, f.column, f.api], [3, 'func main() { s := "é😀"; '.length + 1, 'crypto/hmac.New']);
	});

	it('falls back to a lexical pass on a mid-edit file', async () => {
		const code = ['package main', 'import (', '\tcrand "crypto/rand"', '\t"crypto/tls"', ')', 'func main() {', '\tcrand.Read(b', '\tc := tls.Config{InsecureSkipVerify: true', '\tif x {'].join('\n');
		assert.deepEqual(brief(await run(code)), ['7:crypto:crypto/rand.Read', '8:tls:crypto/tls.Config', '8:tls:crypto/tls.Config.InsecureSkipVerify']);
	});
});
