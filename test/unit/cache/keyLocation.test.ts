import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cacheKey, rulesDigest } from '../../../src/core/cache/key';
import { defaultCacheLocation } from '../../../src/core/cache/location';
import { runSettings } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

describe('cache key and location', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-cache-key-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const init = (config: string, extra: { maxFileSize?: number; trustCustomRules?: boolean } = {}) => {
		writeFileSync(path.join(root, '.iso27001.yaml'), config);
		const { maxFileSize, trustCustomRules } = extra;
		return runSettings({
			root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 't' },
			overrides: { maxFileSize }, trustCustomRules, anchors: false,
		}).init;
	};

	it('changes with every setting that changes results, and with the strategy and the build', () => {
		const base = cacheKey(init(''), 'metadata');
		assert.equal(cacheKey(init(''), 'metadata'), base, 'the same settings give the same key');
		const variants: [string, string][] = [
			['content strategy', cacheKey(init(''), 'content')],
			['catalog', cacheKey(init('catalog: iso27001-2013\n'), 'metadata')],
			['SoA', cacheKey(init('soa:\n  A.7.4: { applicable: false, justification: no premises }\n'), 'metadata')],
			['category off', cacheKey(init('sensitiveCode:\n  categories: { crypto: false }\n'), 'metadata')],
			['confidence', cacheKey(init('sensitiveCode:\n  minConfidence: high\n'), 'metadata')],
			['custom rule', cacheKey(init('sensitiveCode:\n  rules:\n    - { id: acme.vault, category: secrets, calls: [vault.read] }\n'), 'metadata')],
			['size limit', cacheKey(init('', { maxFileSize: 1000 }), 'metadata')],
			['untrusted workspace', cacheKey(init('sensitiveCode:\n  rules:\n    - { id: acme.vault, category: secrets, calls: [vault.read] }\n', { trustCustomRules: false }), 'metadata')],
		];
		for (const [what, key] of variants) {
			assert.notEqual(key, base, what);
		}
		assert.equal(new Set(variants.map(([, k]) => k)).size, variants.length, 'every variant has its own key');
		// The running build: a file of it changed (rebuilt) changes the key.
		const build = path.join(root, 'cli.js');
		writeFileSync(build, 'x');
		utimesSync(build, 1000, 1000);
		const built = cacheKey(init(''), 'metadata', [build]);
		utimesSync(build, 2000, 2000);
		assert.notEqual(cacheKey(init(''), 'metadata', [build]), built);
	});

	it('hashes the rule files: their names and contents', () => {
		const dir = (name: string, files: Record<string, string>): string => {
			const d = path.join(root, name);
			mkdirSync(d);
			for (const [f, text] of Object.entries(files)) {
				writeFileSync(path.join(d, f), text);
			}
			return d;
		};
		const a = rulesDigest(dir('a', { 'crypto.yaml': 'rules: []\n', 'notes.txt': 'x' }));
		assert.equal(rulesDigest(dir('b', { 'crypto.yaml': 'rules: []\n', 'notes.txt': 'y' })), a, 'only rule files count');
		assert.notEqual(rulesDigest(dir('c', { 'crypto.yaml': 'rules: [] \n' })), a);
		assert.notEqual(rulesDigest(dir('d', { 'tls.yaml': 'rules: []\n' })), a);
		assert.notEqual(rulesDigest(), a, 'the built-in rules');
	});

	it('does not depend on where the root or the WebAssembly files are', () => {
		const a = init('');
		assert.equal(cacheKey({ ...a, root: '/elsewhere', wasmDir: '/wasm', deferLanguages: ['typescript'] }, 'metadata'), cacheKey(a, 'metadata'));
	});

	it('lives in node_modules/.cache/iso27001 when the root has node_modules', () => {
		const env = { env: {}, platform: 'linux' as const, home: '/home/u' };
		const elsewhere = defaultCacheLocation(root, env);
		assert.ok(elsewhere.startsWith(path.join('/home/u', '.cache', 'iso27001') + path.sep), elsewhere);
		mkdirSync(path.join(root, 'node_modules'));
		assert.equal(defaultCacheLocation(root, env), path.join(root, 'node_modules', '.cache', 'iso27001'));
	});

	it('else in the OS cache folder, one folder per root', () => {
		const linux = { env: {}, platform: 'linux' as const, home: '/home/u' };
		const a = defaultCacheLocation('/work/a', linux);
		const b = defaultCacheLocation('/work/b', linux);
		assert.notEqual(a, b);
		assert.equal(path.dirname(a), path.join('/home/u', '.cache', 'iso27001'));
		assert.equal(defaultCacheLocation('/work/a/', linux), a, 'the same root, spelt differently');
		assert.equal(path.dirname(defaultCacheLocation('/work/a', { ...linux, env: { XDG_CACHE_HOME: '/xdg' } })), path.join('/xdg', 'iso27001'));
		assert.equal(path.dirname(defaultCacheLocation('/work/a', { ...linux, env: { XDG_CACHE_HOME: 'relative' } })), path.join('/home/u', '.cache', 'iso27001'), 'a relative XDG_CACHE_HOME is ignored (XDG spec)');
		assert.equal(path.dirname(defaultCacheLocation('/work/a', { ...linux, platform: 'darwin' })), path.join('/home/u', 'Library', 'Caches', 'iso27001'));
		assert.equal(path.dirname(defaultCacheLocation('/work/a', { env: { LOCALAPPDATA: '/appdata' }, platform: 'win32', home: '/home/u' })), path.join('/appdata', 'iso27001'));
	});
});
