import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ScanResult } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');
const FIXTURES = path.join(__dirname, '../claims/fixtures');

function run(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, env: { ...process.env, NO_COLOR: '1' } });
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('iso27001 claims, and claims: in the configuration (built bundle)', function () {
	this.timeout(60000);
	let tmp: string;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
		writeFileSync(path.join(tmp, rel), text);
	};
	before(() => assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)'));
	beforeEach(() => {
		tmp = mkdtempSync(path.join(tmpdir(), 'iso-claims-'));
		mkdirSync(path.join(tmp, 'docs'));
		for (const f of ['per-control.md', 'control-table.md', 'by-clause.md']) {
			copyFileSync(path.join(FIXTURES, f), path.join(tmp, 'docs', f));
		}
		write('src/auth.ts', '// @iso27001 A.8.5, A.5.15, A.8.3 — log-on and role checks\nexport function login(): void {}\n');
		write('src/crypto.ts', '// @iso27001 A.8.24 — sealing\nexport function seal(): void {}\n');
		write('src/net.ts', '// @iso27001 A.8.20 — network policy\nexport const policy = 1;\n');
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	it('checks a document given on the command line: JSON with each claim, its evidence, the unclaimed controls; exit 1', () => {
		const r = run(['claims', path.join(tmp, 'docs', 'per-control.md'), '--dir', tmp, '--format', 'json', '-q']);
		assert.equal(r.code, 1, r.stderr);
		const json = JSON.parse(r.stdout) as {
			documents: { file: string; claims: { id: string; line: number; controls: { id: string; status: string; evidence: { kind: string; ref: string }[] }[] }[] }[];
			unclaimed: { id: string }[]; problems: { code: string; line: number }[];
		};
		assert.equal(json.documents[0].file, 'docs/per-control.md');
		const secure = json.documents[0].claims.find((c) => c.id === 'A.9.4.2')!;
		assert.deepEqual(secure.controls, [{ id: 'A.8.5', status: 'evidenced', evidence: [{ kind: 'code', ref: 'src/auth.ts:1' }] }]);
		assert.deepEqual(json.documents[0].claims.find((c) => c.id === 'A.12.4.1')!.controls[0].status, 'no evidence');
		assert.deepEqual(json.unclaimed.map((u) => u.id), ['A.5.1', 'A.5.15', 'A.8.20'], 'A.5.1: annotated in a document that is not checked here');
		assert.ok(json.problems.some((p) => p.code === 'claim-title-mismatch' && p.line === 32));
	});

	it('prints text and Markdown, exits 0 when every claim is evidenced and every title fits', () => {
		write('docs/ok.md', '# Our controls\n\n| Control | Title |\n|---|---|\n| A.8.24 | Use of cryptography |\n| A.8.5 | Secure authentication |\n');
		const text = run(['claims', 'docs/ok.md', '-q'], tmp);
		assert.equal(text.code, 0, text.stdout + text.stderr);
		assert.match(text.stdout, /✓ A\.8\.24 code src\/crypto\.ts:1/);
		assert.match(text.stdout, /iso27001 claims passed: 0 title mismatch\(es\), 0 claim\(s\) without evidence/);
		write('docs/evil.md', '## A.8.24 <script>alert(1)</script> | x\n');
		const md = run(['claims', 'docs/evil.md', '--format', 'markdown', '-q'], tmp);
		assert.equal(md.code, 0, md.stderr);
		assert.ok(!md.stdout.includes('<script>') && md.stdout.includes('&lt;script&gt;'));
	});

	it('refuses documents outside the folder, missing ones, and a run with none (exit 2)', () => {
		const outside = mkdtempSync(path.join(tmpdir(), 'iso-outside-'));
		try {
			writeFileSync(path.join(outside, 'x.md'), 'A.8.24\n');
			const r = run(['claims', path.join(outside, 'x.md'), '--dir', tmp]);
			assert.equal(r.code, 2);
			assert.match(r.stderr, /is outside the folder/);
		} finally {
			rmSync(outside, { recursive: true, force: true });
		}
		assert.match(run(['claims', 'docs/nope.md', '-q'], tmp).stderr, /does not exist/);
		const none = run(['claims', '-q'], tmp);
		assert.equal(none.code, 2);
		assert.match(none.stderr, /claims needs at least one document/);
		assert.equal(run(['scan', tmp, '--dir', tmp]).code, 2);
	});

	it('claims: in .iso27001.yaml puts claim problems on the documents\' lines for scan and check; bad entries are config-errors', () => {
		write('.iso27001.yaml', 'claims:\n  - docs/control-table.md\n  - ../outside.md\n  - docs/missing.md\n');
		const scan = run(['scan', tmp, '--format', 'json', '-q']);
		assert.equal(scan.code, 0, scan.stderr);
		const result = JSON.parse(scan.stdout) as ScanResult;
		const brief = result.problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.code}`);
		for (const expected of [
			'.iso27001.yaml:3:5 config-error', '.iso27001.yaml:4:5 config-error', 'docs/control-table.md:13:3 claim-title-mismatch',
			'docs/control-table.md:12:3 claim-without-evidence', 'docs/control-table.md:15:3 unknown-control',
		]) {
			assert.ok(brief.includes(expected), `${expected} in ${brief.join(', ')}`);
		}
		const check = run(['check', tmp, '-q']);
		assert.equal(check.code, 1);
		assert.match(check.stdout, /docs\/control-table\.md:13:3/);
		assert.match(check.stdout, /claim problems?/);
		const viaConfig = run(['claims', '--dir', tmp, '--format', 'json', '-q']);
		assert.equal(viaConfig.code, 1);
		assert.deepEqual((JSON.parse(viaConfig.stdout) as { documents: { file: string }[] }).documents.map((d) => d.file), ['docs/control-table.md']);
	});
});
