import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';

const REPO = path.join(__dirname, '../../..');
const CLI = path.join(REPO, 'bin', 'iso27001.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
	const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
	return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('iso27001 export --report soa (built bundle)', function () {
	this.timeout(60000);
	let tmp: string;
	before(() => assert.ok(existsSync(path.join(REPO, 'dist', 'cli.js')), 'dist/cli.js missing: run `npm run build` (npm test does)'));
	beforeEach(() => {
		tmp = mkdtempSync(path.join(tmpdir(), 'iso-soa-cli-'));
		const write = (rel: string, text: string): void => {
			mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
			writeFileSync(path.join(tmp, rel), text);
		};
		write('.iso27001.yaml', 'soa:\n  A.7.4: { applicable: false, justification: "Cloud hosted" }\n  A.5.24:\n    implementation: "Runbook"\n    evidence: ["docs/ir.md", "https://wiki.example.com/ir"]\n');
		write('docs/ir.md', '# Incident response\n');
		write('docs/access.md', '<!-- @iso27001-file A.5.15 — access control policy -->\n# Access\n');
		write('src/crypto.ts', '// @iso27001 A.8.24 — sealed keys\nexport function seal(): void {}\n');
	});
	afterEach(() => rmSync(tmp, { recursive: true, force: true }));

	it('writes the Statement of Applicability as CSV: every control, its evidence of each kind', () => {
		const out = path.join(tmp, 'out', 'soa.csv');
		const r = run(['export', tmp, '--format', 'csv', '--report', 'soa', '--output', out, '-q']);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stderr, /Wrote the CSV Statement of Applicability \(93 controls\)/);
		const records: string[][] = parseCsv(readFileSync(out, 'utf8'), { bom: true });
		assert.equal(records.length, 1 + 93);
		const row = (id: string) => records.find((x) => x[0] === id)!;
		assert.deepEqual([row('A.5.24')[3], row('A.5.24')[5], row('A.5.24')[6], row('A.5.24')[7]], [
			'Yes', 'Runbook', 'covered', 'document: docs/ir.md\nlink: https://wiki.example.com/ir',
		]);
		assert.equal(row('A.5.15')[7], 'document: docs/access.md:1–2 — access control policy');
		assert.equal(row('A.8.24')[7], 'code: src/crypto.ts:2 (seal) — sealed keys');
		assert.deepEqual([row('A.7.4')[3], row('A.7.4')[4], row('A.7.4')[6]], ['No', 'Cloud hosted', 'excluded']);
	});

	it('renders every format, and refuses an unknown report or --report outside export', () => {
		for (const format of ['markdown', 'html', 'json']) {
			const r = run(['export', tmp, '--format', format, '--report', 'soa', '-q']);
			assert.equal(r.code, 0, r.stderr);
			assert.ok(r.stdout.includes('Statement of Applicability'), format);
		}
		assert.equal(run(['export', tmp, '--format', 'csv', '--report', 'matrix', '-q']).code, 0);
		const bad = run(['export', tmp, '--format', 'csv', '--report', 'soa2']);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /--report must be one of matrix, soa, not 'soa2'/);
		assert.equal(run(['scan', tmp, '--report', 'soa']).code, 2);
	});
});
