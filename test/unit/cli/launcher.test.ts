import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');

/** `bin/iso27001.js` runs the CLI in a worker thread with heap limits. */
describe('iso27001 launcher (built bundle)', function () {
	this.timeout(60000);
	let root: string;
	before(() => {
		assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-launch-'));
		writeFileSync(path.join(root, 'a.js'), "const crypto = require('crypto');\nexports.h = () => crypto.createHash('md5');\n");
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	it('scans with a bounded heap: far above what a scan holds, far below the main thread default', () => {
		const r = spawnSync(process.execPath, [CLI, 'scan', root, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, ISO27001_STATS: '1' } });
		assert.equal(r.status, 0, r.stderr);
		const stats = JSON.parse(/^ISO27001_STATS (.*)$/m.exec(r.stderr)?.[1] ?? '{}') as { heapLimitMB?: number };
		assert.ok(stats.heapLimitMB !== undefined && stats.heapLimitMB >= 1024 && stats.heapLimitMB < 1100, `heap limit ${stats.heapLimitMB} MB`);
		// The report, written by the worker, reaches standard output whole.
		assert.equal((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length, 1);
	});

	it('loads the CLI bundle through a V8 code cache in the temporary folder, written once', () => {
		const tmp = mkdtempSync(path.join(tmpdir(), 'iso-launch-tmp-'));
		const run = (): string => {
			const r = spawnSync(process.execPath, [CLI, 'scan', root, '--format', 'json'], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
			assert.equal(r.status, 0, r.stderr);
			return r.stdout;
		};
		try {
			const first = run();
			const cacheDir = path.join(tmp, 'iso27001-code-cache');
			const bins = readdirSync(cacheDir).filter((f) => /^cli\.js-[0-9a-f]{24}\.bin$/.test(f));
			assert.equal(bins.length, 1, readdirSync(cacheDir).join(', '));
			const written = statSync(path.join(cacheDir, bins[0])).mtimeMs;
			assert.equal(run(), first);
			assert.equal(statSync(path.join(cacheDir, bins[0])).mtimeMs, written, 'a valid cache is not written again');
			// The run was short: it left a cache of what it compiled too, written once.
			const runCache = path.join(cacheDir, bins[0].replace(/\.bin$/, '.run.bin'));
			const runWritten = statSync(runCache).mtimeMs;
			assert.equal(run(), first);
			assert.equal(statSync(runCache).mtimeMs, runWritten, 'the run\'s cache is not written again');
		} finally {
			rmSync(tmp, { recursive: true, force: true });
		}
	});

	it('passes the exit code on', () => {
		const r = spawnSync(process.execPath, [CLI, 'scan', root, '--format', 'nonsense'], { encoding: 'utf8' });
		assert.equal(r.status, 2);
		assert.match(r.stderr, /nonsense/);
	});

	it('tells the CLI when its output is a terminal (colour in the text report)', function () {
		// `script` gives the command a pseudo-terminal (util-linux); where it is missing, skip.
		if (spawnSync('script', ['--version']).status !== 0) {
			this.skip();
		}
		const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
		delete env.NO_COLOR;
		delete env.FORCE_COLOR;
		const command = [process.execPath, CLI, 'scan', root].map((a) => `'${a}'`).join(' ');
		const r = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env });
		assert.equal(r.status, 0, r.stdout);
		assert.ok(/\[3[0-9]m/.test(r.stdout) && r.stdout.includes('\u001b['), r.stdout);
	});
});
