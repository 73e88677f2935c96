import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';
import { brief, runDetectors } from './helpers';

/** The records of the rule files for this language family, as the engine runs them. */
const detectors = () => recordDetectors(builtinRules().filter((r) => r.id.startsWith('go.')), 'medium');

const run = (code: string) => runDetectors(detectors(), 'go', code);

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
			'12:tls:InsecureSkipVerify',
			'13:crypto:golang.org/x/crypto/bcrypt.GenerateFromPassword',
			'14:auth:t.SignedString',
			'15:secrets:os.Getenv',
		]);
	});

	it('reports JWT key parsing as crypto and leaves unsigned token construction out', async () => {
		const code = [
			'package main',
			'import "github.com/golang-jwt/jwt/v4"',
			'func main() {',
			'\tkey, _ := jwt.ParseRSAPrivateKeyFromPEM(data)',
			'\tpub, _ := jwt.ParseEdPublicKeyFromPEM(data)',
			'\ttoken := jwt.NewWithClaims(method, claims)',
			'\tparsed, _ := jwt.Parse(s, keyFunc)',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'4:crypto:github.com/golang-jwt/jwt.ParseRSAPrivateKeyFromPEM',
			'5:crypto:github.com/golang-jwt/jwt.ParseEdPublicKeyFromPEM',
			'7:auth:github.com/golang-jwt/jwt.Parse',
		]);
	});

	it('reports gorilla/securecookie codecs as crypto', async () => {
		const code = ['package main', 'import "github.com/gorilla/securecookie"', 'func main() {', '\tcodecs := securecookie.CodecsFromPairs(keys...)', '\tsecurecookie.EncodeMulti(name, v, codecs...)', '}'].join('\n');
		assert.deepEqual(brief(await run(code)), ['4:crypto:github.com/gorilla/securecookie.CodecsFromPairs', '5:crypto:github.com/gorilla/securecookie.EncodeMulti']);
	});

	it('reports file reads of key material by path or receiving variable, not other reads', async () => {
		const code = [
			'package main',
			'import (',
			'\t"io/ioutil"',
			'\t"os"',
			')',
			'func main() {',
			'\tkeyData, err := os.ReadFile(location)',
			'\tb, _ := ioutil.ReadFile("certs/server.pem")',
			'\tb, _ = os.ReadFile(filepath.Join(dir, "id_rsa"))',
			'\tcfg, _ := os.ReadFile("config.yaml")',
			'\tdata, _ := os.ReadFile(path)',
			'}',
		].join('\n');
		const expected = ['7:secrets:os.ReadFile', '8:secrets:io/ioutil.ReadFile', '9:secrets:os.ReadFile'];
		assert.deepEqual(brief(await run(code)), expected);
		const broken = ['package main', 'import "os"', 'func main() {', '\tkeyData, err := os.ReadFile(location', '\tcfg, _ := os.ReadFile("config.yaml"', '\tif x {'].join('\n');
		assert.deepEqual(brief(await run(broken)), ['4:secrets:os.ReadFile'], 'lexical fallback');
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
		assert.deepEqual(brief(await run(code)), ['7:crypto:crypto/rand.Read', '8:tls:crypto/tls.Config', '8:tls:InsecureSkipVerify']);
	});
});

describe('tree-sitter detectors: Go calls known by type, name and arguments', () => {
	it('finds crypto.Hash fields, key parsing, token-endpoint requests, oauth2 jws and TLS configs', async () => {
		const code = [
			'package p',
			'import (',
			'\t"crypto"',
			'\t"crypto/tls"',
			'\t"golang.org/x/oauth2/jws"',
			')',
			'type M struct { Name string; Hash crypto.Hash }',
			'func (m *M) f(js *S, hc *http.Client) {',
			'\thasher := m.Hash.New()',
			'\tpk, err := internal.ParseKey(js.conf.PrivateKey)',
			'\ttk, err := internal.RetrieveToken(ctx, id, secret, c.conf.TokenURL, v)',
			'\tpayload, err := jws.Encode(&h, claims, pk)',
			'\tresp, err := hc.PostForm(js.conf.TokenURL, v)',
			'\tln := &listener{conf: m.TLSConfig()}',
			'\tother := m.Name.New()',
			'\tresp2, err := hc.PostForm(js.conf.URL, v)',
			'\t_ = tls.VersionTLS12',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'9:crypto:crypto.Hash.New', '10:crypto:internal.ParseKey', '11:auth:internal.RetrieveToken', '12:auth:golang.org/x/oauth2/jws.Encode',
			'13:auth:hc.PostForm', '14:tls:m.TLSConfig',
		]);
	});
});
