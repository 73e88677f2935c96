import * as assert from 'node:assert/strict';
import { dropFollowUps } from '../../../src/core/analysis/followUps';
import type { RawFinding } from '../../../src/core/detection/detector';
import { lex } from '../../../src/core/lexer';
import { ParsedSource, SharedParsers } from '../../../src/core/parse/parsedSource';
import type { Category } from '../../../src/core/types';

const parsers = new SharedParsers();

/** A finding of `category` at the first `at` on `line` (1-based) of `text`. */
function at(text: string, line: number, needle: string, category: Category = 'crypto'): RawFinding {
	const column = text.split('\n')[line - 1].indexOf(needle) + 1;
	assert.ok(column > 0, `${needle} on line ${line}`);
	return { line, column, category, api: needle, message: needle, rule: 'test.rule', confidence: 'medium' };
}

function kept(languageId: string, text: string, findings: RawFinding[]): string[] {
	const source = new ParsedSource({ path: 'a', text, languageId }, lex(text, languageId), parsers);
	try {
		return dropFollowUps(findings, source).map((f) => `${f.line}:${f.api}`);
	} finally {
		source.dispose();
	}
}

describe('dropFollowUps: one finding per cryptographic operation', () => {
	const py = [
		'def seal(key, data, salt):',
		'    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), salt=salt)',
		'    derived = kdf.derive(key)',
		'    cipher = Cipher(algorithms.AES(derived), modes.CTR(salt))',
		'    encryptor = cipher.encryptor()',
		'    return encryptor.update(data) + encryptor.finalize()',
		'',
	].join('\n');

	it('drops the methods called on an object a found call made, through a chain of such objects', () => {
		const findings = [at(py, 2, 'PBKDF2HMAC'), at(py, 3, 'kdf.derive'), at(py, 4, 'Cipher'), at(py, 5, 'encryptor()'), at(py, 6, 'update'), at(py, 6, 'finalize')];
		assert.deepEqual(kept('python', py, findings), ['2:PBKDF2HMAC', '4:Cipher']);
	});

	it('keeps a method call when the line that made its object holds no crypto finding', () => {
		assert.deepEqual(kept('python', py, [at(py, 3, 'kdf.derive'), at(py, 4, 'Cipher')]), ['3:kdf.derive', '4:Cipher']);
	});

	it('keeps other categories, calls on self, and a password hasher\'s own operations', () => {
		const php = [
			'<?php',
			'$hasher = new PasswordHash(8, true);',
			'$hashed = $hasher->HashPassword($key);',
			'$this->cipher = openssl_cipher_iv_length($m);',
			'$out = $this->encrypt($data);',
			'',
		].join('\n');
		const findings = [at(php, 2, 'PasswordHash'), at(php, 3, '$hasher->HashPassword'), at(php, 4, 'openssl_cipher_iv_length'), at(php, 5, '$this->encrypt')];
		assert.deepEqual(kept('php', php, findings), ['2:PasswordHash', '3:$hasher->HashPassword', '4:openssl_cipher_iv_length', '5:$this->encrypt']);
		const tls = [at(py, 2, 'PBKDF2HMAC', 'tls'), at(py, 3, 'kdf.derive', 'tls')];
		assert.deepEqual(kept('python', py, tls), ['2:PBKDF2HMAC', '3:kdf.derive']);
	});

	it('takes the last assignment before the call: a parameter of the same name shadows the object', () => {
		const text = [
			'def a(key):',
			'    algorithm = serialization.NoEncryption()',
			'def b(algorithm=None):',
			'    return algorithm.lower()',
			'',
		].join('\n');
		assert.deepEqual(kept('python', text, [at(text, 2, 'serialization.NoEncryption'), at(text, 4, 'algorithm.lower')]), ['2:serialization.NoEncryption', '4:algorithm.lower']);
	});
});
