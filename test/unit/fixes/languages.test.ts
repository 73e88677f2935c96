import * as assert from 'node:assert/strict';
import { annotate, ignore, src } from './helpers';

/** The edit as `line|newText`, compact for `equal`. */
const brief = (e: { line: number; column: number; endLine: number; endColumn: number; newText: string }): string => {
	assert.equal(e.endLine, e.line);
	assert.equal(e.endColumn, e.column);
	return `${e.line}:${e.column}|${e.newText}`;
};

describe('fixes: add annotation, per language (real analysis before and after)', () => {
	it('TypeScript: above the decorators of a method, between its JSDoc and the code', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'',
			'@Injectable()',
			'export class Hasher {',
			'  /** Hashes a password. */',
			'  @Log()',
			'  hash(p: string) {',
			"    return createHash('sha256').update(p).digest('hex');",
			'  }',
			'}',
		);
		const r = await annotate('a.ts', 'typescript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '6:1|  // @iso27001 A.8.24\n');
		assert.equal(r.text.split('\n').slice(4, 8).join('\n'), '  /** Hashes a password. */\n  // @iso27001 A.8.24\n  @Log()\n  hash(p: string) {');
		assert.equal(r.after.mapped, true);
		assert.deepEqual(r.after.coveredBy, ['A.8.24']);
	});

	it('TypeScript: above a nested arrow function bound to a const, not above the method', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'export class S {',
			'  run(items: string[]) {',
			'    const total = items.length;',
			'    const digest = (p: string) =>',
			"      createHash('md5').update(p).digest('hex');",
			'    return items.map(digest);',
			'  }',
			'}',
		);
		const r = await annotate('a.ts', 'typescript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '5:1|    // @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('TypeScript: a top-level statement gets the comment above itself', async () => {
		const text = src("import { createHash } from 'node:crypto';", '', 'export const h = createHash(', "  'sha1',", ');');
		const r = await annotate('a.ts', 'typescript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '3:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('TypeScript: above a function with a JSDoc block, under the block', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'/**',
			' * Fingerprint of a payload.',
			' */',
			'export function fingerprint(b: Buffer): string {',
			"  return createHash('sha256').update(b).digest('hex');",
			'}',
		);
		const r = await annotate('a.ts', 'typescript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '5:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('JavaScript: above a function assigned to module.exports', async () => {
		const text = src(
			"const crypto = require('crypto');",
			'module.exports.hash = function (p) {',
			"  return crypto.createHash('sha256').update(p).digest('hex');",
			'};',
		);
		const r = await annotate('a.js', 'javascript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '2:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Python: above the decorators of a method in a class', async () => {
		const text = src(
			'import hashlib',
			'',
			'class Accounts:',
			'    @login_required',
			'    @cached',
			'    def digest(self, data):',
			'        return hashlib.sha256(data).hexdigest()',
		);
		const r = await annotate('a.py', 'python', text, 'hashlib.sha256');
		assert.equal(brief(r.edit), '4:1|    # @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Python: a module-level statement', async () => {
		const text = src('import hashlib', '', 'DIGEST = hashlib.md5(b"x").hexdigest()', 'print(DIGEST)');
		const r = await annotate('a.py', 'python', text, 'hashlib.md5');
		assert.equal(brief(r.edit), '3:1|# @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Go: tab indentation kept, comment right above the func (after its doc comment)', async () => {
		const text = src(
			'package main',
			'',
			'import "crypto/sha256"',
			'',
			'type Store struct{}',
			'',
			'// Sum hashes the payload.',
			'func (s *Store) Sum(b []byte) [32]byte {',
			'\tif len(b) > 0 {',
			'\t\treturn sha256.Sum256(b)',
			'\t}',
			'\treturn [32]byte{}',
			'}',
		);
		const r = await annotate('a.go', 'go', text, 'crypto/sha256.Sum256');
		assert.equal(brief(r.edit), '8:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Java: above the annotations of a method', async () => {
		const text = src(
			'import java.security.MessageDigest;',
			'',
			'public class Hasher {',
			'    @Override',
			'    @Deprecated',
			'    public byte[] hash(byte[] data) throws Exception {',
			'        MessageDigest md = MessageDigest.getInstance("SHA-256");',
			'        return md.digest(data);',
			'    }',
			'}',
		);
		const r = await annotate('Hasher.java', 'java', text, 'java.security.MessageDigest.getInstance');
		assert.equal(brief(r.edit), '4:1|    // @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('C#: above the attributes of a method', async () => {
		const text = src(
			'using System.Security.Cryptography;',
			'',
			'namespace App',
			'{',
			'    public class Hasher',
			'    {',
			'        [HttpPost("hash")]',
			'        public byte[] Hash(byte[] data)',
			'        {',
			'            using var sha = SHA256.Create();',
			'            return sha.ComputeHash(data);',
			'        }',
			'    }',
			'}',
		);
		const r = await annotate('Hasher.cs', 'csharp', text, 'System.Security.Cryptography.SHA256.Create');
		assert.equal(brief(r.edit), '7:1|        // @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Ruby: above the def', async () => {
		const text = src("require 'openssl'", '', 'class Crypto', '  def digest(data)', '    OpenSSL::Digest::SHA256.hexdigest(data)', '  end', 'end');
		const r = await annotate('a.rb', 'ruby', text, 'OpenSSL::Digest::SHA256.hexdigest');
		assert.equal(brief(r.edit), '4:1|  # @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('PHP: above the method, with //', async () => {
		const text = src('<?php', 'class Auth {', '    public function check($p, $h) {', '        return password_verify($p, $h);', '    }', '}');
		const r = await annotate('a.php', 'php', text, 'password_verify');
		assert.equal(brief(r.edit), '3:1|    // @iso27001 A.8.5\n');
		assert.equal(r.after.mapped, true);
	});

	it('Rust: above the attributes of a fn', async () => {
		const text = src(
			'use sha2::{Digest, Sha256};',
			'',
			'#[inline]',
			'#[must_use]',
			'fn hash(x: &[u8]) -> Vec<u8> {',
			'    let mut hasher = Sha256::new();',
			'    hasher.update(x);',
			'    hasher.finalize().to_vec()',
			'}',
		);
		const r = await annotate('a.rs', 'rust', text, 'sha2::Sha256::new');
		assert.equal(brief(r.edit), '3:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('shell: above the function, and a top-level command above itself', async () => {
		const text = src('#!/bin/bash', 'hashit() {', '  openssl dgst -sha256 "$1"', '}', 'openssl enc -aes-256-cbc -in a -out b');
		const inFunction = await annotate('a.sh', 'shellscript', text, 'openssl dgst');
		assert.equal(brief(inFunction.edit), '2:1|# @iso27001 A.8.24\n');
		assert.equal(inFunction.after.mapped, true);
		const topLevel = await annotate('a.sh', 'shellscript', text, 'openssl enc');
		assert.equal(brief(topLevel.edit), '5:1|# @iso27001 A.8.24\n');
		assert.equal(topLevel.after.mapped, true);
	});

	it('a tab-indented TypeScript file gets tabs', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'export class S {',
			'\tprivate readonly salt = 1;',
			'\tdigest(p: string): string {',
			"\t\treturn createHash('sha256').update(p).digest('hex');",
			'\t}',
			'}',
		);
		const r = await annotate('a.ts', 'typescript', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '4:1|\t// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});

	it('Vue: `//` inside the <script> element', async () => {
		const text = src('<template><div/></template>', '<script setup lang="ts">', "import { createHash } from 'node:crypto';", "const h = createHash('sha256');", '</script>');
		const r = await annotate('a.vue', 'vue', text, 'crypto.createHash');
		assert.equal(brief(r.edit), '4:1|// @iso27001 A.8.24\n');
		assert.equal(r.after.mapped, true);
	});
});

describe('fixes: add ignore (real analysis before and after)', () => {
	it('TypeScript: above the method, cursor on the reason; with a reason the finding is ignored', async () => {
		const text = src(
			"import { createHash } from 'node:crypto';",
			'export class Cache {',
			'  key(p: string) {',
			"    return createHash('md5').update(p).digest('hex');",
			'  }',
			'}',
		);
		const r = await ignore('a.ts', 'typescript', text, 'crypto.createHash', 'cache keys only');
		assert.equal(brief(r.edit), '3:1|  // @iso27001-ignore crypto — \n');
		assert.equal(r.cursorLine, '  // @iso27001-ignore crypto — cache keys only');
		assert.equal(r.after.ignored, true);
		assert.equal(r.after.ignoreReason, 'cache keys only');
		assert.equal(r.after.mapped, false);
	});

	it('Python: above the decorators of a def', async () => {
		const text = src('import hashlib', '', '@app.route("/")', 'def index():', '    return hashlib.md5(b"x").hexdigest()');
		const r = await ignore('a.py', 'python', text, 'hashlib.md5', 'etag');
		assert.equal(brief(r.edit), '3:1|# @iso27001-ignore crypto — \n');
		assert.equal(r.after.ignored, true);
	});

	it('HTML-style block comments close after the cursor', async () => {
		const text = src('<template><div/></template>', '<script>', "const c = require('crypto');", "c.createHash('md5');", '</script>');
		const r = await ignore('a.vue', 'vue', text, 'crypto.createHash', 'not security');
		assert.equal(brief(r.edit), '4:1|// @iso27001-ignore crypto — \n');
		assert.equal(r.after.ignored, true);
	});
});
