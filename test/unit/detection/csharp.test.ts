import * as assert from 'node:assert/strict';
import { recordDetectors } from '../../../src/core/rules/detectors';
import { builtinRules } from '../../../src/core/rules/load';
import { brief, runDetectors } from './helpers';

/** The records of the rule files for this language family, as the engine runs them. */
const detectors = () => recordDetectors(builtinRules().filter((r) => r.id.startsWith('csharp.')), 'medium');

const run = (code: string) => runDetectors(detectors(), 'csharp', code);

describe('tree-sitter detectors: C#', () => {
	it('finds crypto, authorization attributes, JWT, sign-in, TLS callbacks and env secrets', async () => {
		const code = [
			'using System.Security.Cryptography;',
			'using System.IdentityModel.Tokens.Jwt;',
			'[Authorize(Roles = "Admin")]',
			'class A {',
			'  [AllowAnonymous] void F() {',
			'    var aes = Aes.Create(); SHA256.HashData(d);',
			'    handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => true;',
			'    var h = new JwtSecurityTokenHandler(); h.WriteToken(t);',
			'    await HttpContext.SignInAsync(principal);',
			'    Environment.GetEnvironmentVariable("DB_PASSWORD");',
			'  }',
			'}',
		].join('\n');
		assert.deepEqual(brief(await run(code)), [
			'3:access-control:Microsoft.AspNetCore.Authorization.Authorize',
			'5:access-control:Microsoft.AspNetCore.Authorization.AllowAnonymous',
			'6:crypto:System.Security.Cryptography.Aes.Create',
			'6:crypto:System.Security.Cryptography.SHA256.HashData',
			'7:tls:handler.ServerCertificateCustomValidationCallback',
			'8:auth:System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler',
			'8:auth:System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler.WriteToken',
			'9:auth:HttpContext.SignInAsync',
			'10:secrets:System.Environment.GetEnvironmentVariable',
		]);
		const [tls] = (await run(code)).filter((f) => f.category === 'tls');
		assert.match(tls.message, /validation disabled/);
	});

	it('does not flag look-alikes or ordinary env vars', async () => {
		const code = 'class A { string Encode(string x) => x; void F() { Encode("a"); Environment.GetEnvironmentVariable("PORT"); cache.Create(); } }';
		assert.deepEqual(brief(await run(code)), []);
	});

	it('reports exact positions after non-ASCII text, and falls back lexically on broken code', async () => {
		const [f] = await run('class A { void F() { var s = "é😀"; RandomNumberGenerator.GetBytes(32); } }');
		assert.deepEqual([f.column, f.api], ['class A { void F() { var s = "é😀"; '.length + 1, 'System.Security.Cryptography.RandomNumberGenerator.GetBytes']);
		const broken = 'using System.Security.Cryptography;\nclass A { void F( {\n  var a = Aes.Create(\n  [Authorize]\n';
		assert.deepEqual(brief(await run(broken)), ['3:crypto:System.Security.Cryptography.Aes.Create', '4:access-control:Microsoft.AspNetCore.Authorization.Authorize']);
	});
});
