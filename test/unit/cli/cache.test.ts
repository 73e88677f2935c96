import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');

interface Run { code: number; stdout: string; stderr: string; cached: number | undefined }

function parseRun(code: number | null, stdout: string, stderr: string): Run {
	const stats = /^ISO27001_STATS (.*)$/m.exec(stderr)?.[1];
	return { code: code ?? -1, stdout, stderr, cached: stats === undefined ? undefined : (JSON.parse(stats) as { cached: number }).cached };
}

function run(args: string[], env: NodeJS.ProcessEnv): Run {
	const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ISO27001_STATS: '1', ...env } });
	return parseRun(r.status, r.stdout, r.stderr);
}

function runAsync(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, NO_COLOR: '1', ISO27001_STATS: '1', ...env } });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', (code) => resolve(parseRun(code, stdout, stderr)));
	});
}

describe('iso27001 CLI --cache (built bundle)', function () {
	this.timeout(60000);
	let tmp: string;
	let root: string;
	let env: NodeJS.ProcessEnv;

	before(() => {
		assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		tmp = mkdtempSync(path.join(tmpdir(), 'iso-cli-cache-'));
		root = path.join(tmp, 'ws');
		env = { XDG_CACHE_HOME: path.join(tmp, 'xdg') };
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	/** Files with a modification time in the past, so that the cache keeps them. */
	const write = (rel: string, text: string): void => {
		const abs = path.join(root, rel);
		mkdirSync(path.dirname(abs), { recursive: true });
		writeFileSync(abs, text);
		utimesSync(abs, 1_600_000_000, 1_600_000_000);
	};
	const workspace = (): void => {
		write('a.ts', "import { createHash } from 'node:crypto';\n// @iso27001 A.8.24 — hashing\nexport const h = () => createHash('md5');\n");
		write('b.py', 'import hashlib\nx = hashlib.md5(b"")\n# @iso27001 A.99.1\ny = 1\n');
		write('c.go', 'package c\n\nfunc F() {}\n');
	};

	it('keeps its cache in the OS cache folder, or in node_modules/.cache/iso27001 when the root has node_modules', () => {
		workspace();
		const fresh = run(['scan', root, '--format', 'json'], env);
		const cold = run(['scan', root, '--format', 'json', '--cache'], env);
		const warm = run(['scan', root, '--format', 'json', '--cache'], env);
		assert.equal(warm.code, 0, warm.stderr);
		assert.equal(cold.stdout, fresh.stdout);
		assert.equal(warm.stdout, fresh.stdout);
		assert.deepEqual([fresh.cached, cold.cached, warm.cached], [0, 0, 3]);
		const xdg = path.join(tmp, 'xdg', 'iso27001');
		assert.equal(spawnSync('find', [xdg, '-name', 'results.json'], { encoding: 'utf8' }).stdout.trim().split('\n').length, 1);
		mkdirSync(path.join(root, 'node_modules'));
		assert.equal(run(['check', root, '--cache'], env).cached, 0, 'a new location');
		assert.ok(existsSync(path.join(root, 'node_modules', '.cache', 'iso27001', 'results.json')));
		const exported = run(['export', root, '--format', 'csv', '--cache', '--cache-strategy', 'content'], env);
		assert.equal(exported.code, 0, exported.stderr);
		assert.equal(run(['export', root, '--format', 'csv', '--cache', '--cache-strategy', 'content'], env).cached, 3);
	});

	it('warns on stderr about a corrupt cache or an unwritable location, and still prints the right results', () => {
		workspace();
		const location = path.join(tmp, 'cache');
		const fresh = run(['scan', root, '--format', 'json'], env).stdout;
		run(['scan', root, '--cache', '--cache-location', location], env);
		writeFileSync(path.join(location, 'results.json'), readFileSync(path.join(location, 'results.json')).subarray(0, 100));
		const corrupt = run(['scan', root, '--format', 'json', '--cache', '--cache-location', location], env);
		assert.equal(corrupt.code, 0);
		assert.equal(corrupt.stdout, fresh);
		assert.match(corrupt.stderr, /^iso27001: warning: the cache file .*results\.json is corrupt or truncated .*; it is discarded and rebuilt$/m);
		const rebuilt = run(['scan', root, '--format', 'json', '--cache', '--cache-location', location], env);
		assert.equal(rebuilt.cached, 3);
		assert.doesNotMatch(rebuilt.stderr, /warning/);
		const blocked = path.join(tmp, 'a-file');
		writeFileSync(blocked, '');
		const unwritable = run(['check', root, '--cache', '--cache-location', path.join(blocked, 'cache')], env);
		assert.equal(unwritable.code, 1, 'check fails on the unmapped finding, as without the cache');
		assert.match(unwritable.stderr, /^iso27001: warning: cannot write the cache file .*; the results are complete but were not cached$/m);
	});

	it('concurrent runs leave a whole cache file', async () => {
		workspace();
		const args = ['scan', root, '--format', 'json', '--cache', '--cache-location', path.join(tmp, 'cache')];
		const fresh = run(['scan', root, '--format', 'json'], env).stdout;
		const runs = await Promise.all(Array.from({ length: 4 }, () => runAsync(args, env)));
		for (const r of runs) {
			assert.equal(r.code, 0, r.stderr);
			assert.equal(r.stdout, fresh);
		}
		const after = run(args, env);
		assert.doesNotMatch(after.stderr, /warning/);
		assert.equal(after.cached, 3);
	});

	it('caches the results of worker threads (a scan large enough for the pool)', () => {
		for (let i = 0; i < 450; i++) {
			write(`m${i % 9}/f${i}.ts`, i % 15 === 0
				? `import { createHash } from 'node:crypto';\n// @iso27001 A.8.24 — ${i}\nexport const h${i} = () => createHash('md5');\n`
				: i % 7 === 0 ? `import { randomBytes } from 'node:crypto';\nexport const t${i} = randomBytes(32);\n` : `export const v${i} = ${i};\n`);
		}
		const args = ['scan', root, '--format', 'json', '--workers', '1', '--cache', '--cache-location', path.join(tmp, 'cache')];
		const fresh = run(['scan', root, '--format', 'json', '--workers', '1'], env);
		const cold = run(args, env);
		const warm = run(args, env);
		assert.equal(cold.stdout, fresh.stdout);
		assert.equal(warm.stdout, fresh.stdout);
		assert.deepEqual([cold.cached, warm.cached], [0, 450]);
		assert.ok((JSON.parse(fresh.stdout) as { findings: unknown[] }).findings.length > 30);
	});
});
