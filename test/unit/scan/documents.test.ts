import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

describe('scan: documents are evidence', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-docs-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	const scan = () => scanWorkspace({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' } });
	const status = (r: Awaited<ReturnType<typeof scan>>['result'], id: string) => r.coverage.controls.find((c) => c.id === id)?.status;

	it('counts annotations in Markdown, AsciiDoc and reStructuredText comments for coverage', async () => {
		write('docs/security/access.md', '<!-- @iso27001-file A.5.15 — access control policy -->\n# Access control\n\nBy role.\n');
		write('docs/ops/incidents.rst', 'Incidents\n=========\n\n.. @iso27001 A.5.24, A.5.26 — incident runbook\n\nCall on-call.\n');
		write('docs/hr/screening.adoc', '= Screening\n\n// @iso27001 A.6.1 — background checks\n== Checks\nBefore hiring.\n');
		const r = (await scan()).result;
		assert.deepEqual(r.annotations.map((a) => [a.file, a.line, a.controls, a.rationale, a.scope.kind]), [
			['docs/hr/screening.adoc', 3, ['A.6.1'], 'background checks', 'declaration'],
			['docs/ops/incidents.rst', 4, ['A.5.24', 'A.5.26'], 'incident runbook', 'statement'],
			['docs/security/access.md', 1, ['A.5.15'], 'access control policy', 'file'],
		]);
		for (const id of ['A.5.15', 'A.5.24', 'A.5.26', 'A.6.1']) {
			assert.equal(status(r, id), 'covered', id);
		}
		assert.deepEqual(r.problems, []);
	});

	it('does not take examples in code blocks, prose or plain text for annotations, nor prose for sensitive code', async () => {
		write('.iso27001.yaml', 'sensitiveCode:\n  rules:\n    - { id: secret-read, category: secrets, pattern: "getSecret\\\\(" }\n');
		write('README.md', '# Usage\n\nWrite `<!-- @iso27001 A.5.1 -->` or:\n\n```ts\n// @iso27001 A.8.24 — why\n```\n\nCall getSecret(name) — @iso27001 A.5.2 in prose.\n');
		write('docs/guide.adoc', '----\n// @iso27001 A.5.3\n----\n');
		write('docs/guide.rst', '.. code-block:: ts\n\n   // @iso27001 A.5.4\n\nExample::\n\n   .. @iso27001 A.5.5\n');
		write('notes.txt', '<!-- @iso27001 A.5.6 -->\n// @iso27001 A.5.7\n');
		write('src/a.ts', 'export const s = getSecret("db");\n');
		const r = (await scan()).result;
		assert.deepEqual(r.annotations, []);
		assert.deepEqual(r.findings.map((f) => f.file), ['src/a.ts']);
		assert.equal(r.files, 5, 'the config, three documents and the code file are read, plain text is not');
	});
});
