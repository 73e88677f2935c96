import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../../src/core/errors';
import { SourceReader } from '../../../src/core/files/readSource';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { loadWorkspaceSettings } from '../../../src/core/config/workspace';
import { CONTROLS_DIR } from '../helpers';

describe('workspace settings and scanning in one thread', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-ws-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	const scan = () => scanWorkspace({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' } });

	it('reports config-error problems for SoA entries that name no control or lack a justification', () => {
		write('.iso27001.yaml', 'soa:\n  A.7.99: { applicable: false, justification: x }\n  A.11.1.1: { applicable: false, justification: y }\n  A.7.4: { applicable: false }\n');
		const s = loadWorkspaceSettings(root, CONTROLS_DIR);
		assert.deepEqual(s.problems.map((p) => [p.code, p.file, p.line, p.column]), [
			['config-error', '.iso27001.yaml', 2, 3], ['config-error', '.iso27001.yaml', 3, 3], ['config-error', '.iso27001.yaml', 4, 3],
		]);
		assert.match(s.problems[0].message, /'A\.7\.99' is not a control of catalog iso27001-2022/);
		assert.match(s.problems[1].message, /a 2013 ID/);
		assert.match(s.problems[2].message, /without a justification/);
	});

	it('scans a script without an extension by its #! line, and no other extension-less file', async () => {
		write('bin/tool', '#!/usr/bin/env python3\nimport hashlib\n\ndigest = hashlib.md5(b"x").hexdigest()\n');
		write('bin/notes', 'import hashlib\ndigest = hashlib.md5(b"x").hexdigest()\n');
		write('LICENSE', 'MIT License\n');
		const r = (await scan()).result;
		assert.equal(r.files, 1);
		assert.deepEqual(r.findings.map((f) => [f.file, f.line, f.category]), [['bin/tool', 4, 'crypto']]);
	});

	it('uses the 2013 catalog when configured, without legacy mapping', async () => {
		write('.iso27001.yaml', 'catalog: iso27001-2013\n');
		write('a.ts', '// @iso27001 A.9.4.1 — access\nexport function f() {}\n');
		const r = (await scan()).result;
		assert.equal(r.catalog.id, 'iso27001-2013');
		assert.equal(r.coverage.controls.length, 114);
		assert.deepEqual(r.annotations[0].controls, ['A.9.4.1']);
		assert.deepEqual(r.problems, []);
	});

	it('scans with a custom organisation catalog', async () => {
		write('.iso27001.yaml', 'catalog: org.yaml\n');
		write('org.yaml', 'id: org\nframework: ACME controls\nversion: "1"\ntitle: ACME\nthemes:\n  - { id: SEC, name: Security }\ncontrols:\n  - { id: SEC-01, title: Keys, theme: SEC, description: Keys are rotated. }\n  - { id: SEC-02, title: Logs, theme: SEC, description: Logs are kept. }\n');
		write('a.py', '# @iso27001 SEC-01, SEC-09 — rotation\ndef rotate():\n    pass\n');
		const r = (await scan()).result;
		assert.deepEqual(r.catalog, { id: 'org', framework: 'ACME controls', version: '1' });
		assert.deepEqual(r.annotations[0].controls, ['SEC-01']);
		assert.deepEqual(r.problems.map((p) => [p.code, p.column]), [['unknown-control', 21]]);
		assert.equal(r.coverage.percent, 50);
	});

	it('suggests the workspace catalog\'s controls: 2013 IDs for the 2013 catalog, a custom catalog\'s suggestions:', async () => {
		const code = "import { createHash } from 'node:crypto';\nexport const digest = (s: string) => createHash('sha256').update(s).digest('hex');\n";
		write('a.ts', code);
		write('.iso27001.yaml', 'catalog: iso27001-2013\n');
		assert.deepEqual((await scan()).result.findings.map((f) => f.suggestedControls), [['A.10.1.1', 'A.10.1.2']]);
		write('.iso27001.yaml', 'catalog: org.yaml\n');
		write('org.yaml', 'id: org\nframework: ACME controls\nversion: "1"\ntitle: ACME\nthemes:\n  - { id: SEC, name: Security }\ncontrols:\n'
			+ '  - { id: SEC-01, title: Keys, theme: SEC, description: Keys are rotated. }\n  - { id: SEC-02, title: Logs, theme: SEC, description: Logs are kept. }\n'
			+ 'suggestions:\n  crypto: [SEC-01]\n');
		write('a.ts', `// @iso27001-file SEC-02 — audit module\n${code}`);
		const r = (await scan()).result;
		assert.deepEqual(r.findings.map((f) => [f.suggestedControls, f.mapped]), [[['SEC-01'], true]]);
		assert.deepEqual(r.problems.map((p) => [p.code, p.line]), [['unrelated-control', 3]]);
		assert.match(r.problems[0].message, /SEC-02 'Logs'.*SEC-01 'Keys' would fit/);
	});

	it('names the config position when the catalog file does not exist', () => {
		write('.iso27001.yaml', 'include: ["**/*"]\ncatalog: missing.yaml\n');
		assert.throws(() => loadWorkspaceSettings(root, CONTROLS_DIR), (e: unknown) => e instanceof ConfigError && e.line === 2 && e.column === 10);
	});

	it('reports unreadable paths as file-error and goes on', () => {
		mkdirSync(path.join(root, 'dir.ts'));
		const reader = new SourceReader(1024);
		const r = reader.read(path.join(root, 'dir.ts'), 'dir.ts', () => true);
		assert.equal(r.kind, 'error');
		assert.match(r.kind === 'error' ? r.problem.message : '', /cannot read file: EISDIR/);
		const missing = reader.read(path.join(root, 'gone.ts'), 'gone.ts', () => true);
		assert.equal(missing.kind, 'missing', 'a file that no longer exists is a typed outcome, not an error message');
	});

	it('reads a file larger than its initial buffer, and one exactly at the limit', () => {
		const big = `// @iso27001 A.8.24\n${'y'.repeat(3 * 1024 * 1024)}`;
		write('big.ts', big);
		const r = new SourceReader(big.length).read(path.join(root, 'big.ts'), 'big.ts', () => true);
		assert.equal(r.kind, 'text');
		assert.equal(r.kind === 'text' ? r.text.length : 0, big.length);
		const over = new SourceReader(big.length - 1).read(path.join(root, 'big.ts'), 'big.ts', () => true);
		assert.match(over.kind === 'error' ? over.problem.message : '', /over the 3 MB limit/);
	});
});
