import { strict as assert } from 'node:assert';
import {
	languageForPath, languageForShebang, LANGUAGES, languageSpec, SUPPORTED_LANGUAGE_IDS,
} from '../../../src/core/lexer';

describe('lexer: language table', () => {
	it('maps extensions to VS Code language ids', () => {
		const cases: [string, string][] = [
			['src/a.ts', 'typescript'], ['a.tsx', 'typescriptreact'], ['a.mjs', 'javascript'], ['a.jsx', 'javascriptreact'],
			['a.py', 'python'], ['a.go', 'go'], ['A.java', 'java'], ['a.kt', 'kotlin'], ['a.cs', 'csharp'], ['a.c', 'c'],
			['a.cpp', 'cpp'], ['a.h', 'cpp'], ['a.rs', 'rust'], ['a.swift', 'swift'], ['a.rb', 'ruby'], ['a.php', 'php'],
			['a.sh', 'shellscript'], ['a.yml', 'yaml'], ['a.YAML', 'yaml'], ['a.sql', 'sql'], ['main.tf', 'terraform'],
			['a.hcl', 'terraform'], ['a.html', 'html'], ['a.xml', 'xml'], ['a.vue', 'vue'], ['a.lua', 'lua'],
			['a.scala', 'scala'], ['a.css', 'css'], ['a.scss', 'scss'], ['a.less', 'less'], ['a.jsonc', 'jsonc'],
			['a.toml', 'toml'], ['a.ps1', 'powershell'], ['a.mk', 'makefile'], ['x.dockerfile', 'dockerfile'],
			['C:\\src\\app.py', 'python'],
		];
		for (const [path, id] of cases) {
			assert.equal(languageForPath(path), id, path);
		}
	});

	it('maps exact file names before extensions, and file name prefixes', () => {
		const cases: [string, string][] = [
			['Dockerfile', 'dockerfile'], ['docker/Containerfile', 'dockerfile'], ['Dockerfile.prod', 'dockerfile'],
			['Makefile', 'makefile'], ['GNUmakefile', 'makefile'], ['home/.bashrc', 'shellscript'], ['.zshrc', 'shellscript'],
			['Gemfile', 'ruby'], ['Rakefile', 'ruby'], ['Jenkinsfile', 'groovy'], ['tsconfig.json', 'jsonc'],
			['.env', 'dotenv'], ['.env.local', 'dotenv'],
		];
		for (const [path, id] of cases) {
			assert.equal(languageForPath(path), id, path);
		}
	});

	it('returns undefined for unsupported files', () => {
		for (const path of ['a.png', 'README', 'a.json', 'LICENSE', 'a.', '.gitignore', 'dir.ts/file']) {
			assert.equal(languageForPath(path), undefined, path);
		}
	});

	it('recognises interpreters in shebang lines', () => {
		const cases: [string, string | undefined][] = [
			['#!/usr/bin/env python3', 'python'], ['#!/usr/bin/python3.11 -u', 'python'], ['#!/bin/bash -e', 'shellscript'],
			['#!/bin/sh', 'shellscript'], ['#!/usr/bin/env -S node --no-warnings', 'javascript'], ['#!/usr/bin/env ruby', 'ruby'],
			['#! /usr/bin/env zsh', 'shellscript'], ['#!/usr/bin/env LANG=C bash', 'shellscript'], ['#!/usr/bin/env pwsh', 'powershell'],
			['#!/usr/bin/perl', undefined], ['echo hi', undefined], ['', undefined],
		];
		for (const [line, id] of cases) {
			assert.equal(languageForShebang(line), id, line);
		}
	});

	it('has a spec for every id, with comment syntax to insert', () => {
		assert.ok(SUPPORTED_LANGUAGE_IDS.length >= 30);
		assert.equal(new Set(SUPPORTED_LANGUAGE_IDS).size, SUPPORTED_LANGUAGE_IDS.length, 'ids are unique');
		for (const id of SUPPORTED_LANGUAGE_IDS) {
			const spec = languageSpec(id);
			assert.ok(spec, id);
			const insert = spec.insert;
			if ('line' in insert) {
				assert.ok(spec.lineComments.includes(insert.line), id);
			} else {
				assert.ok(spec.blockComments.some(([a, b]) => a === insert.block[0] && b === insert.block[1]), id);
			}
		}
		assert.equal(languageSpec('cobol'), undefined);
		assert.deepEqual(languageSpec('html')?.insert, { block: ['<!--', '-->'] });
		assert.deepEqual(languageSpec('python')?.insert, { line: '#' });
		assert.equal(languageSpec('rust')?.nestedBlockComments, true);
		const extensions = LANGUAGES.flatMap((l) => l.extensions);
		assert.equal(new Set(extensions).size, extensions.length, 'extensions are unique');
	});
});
