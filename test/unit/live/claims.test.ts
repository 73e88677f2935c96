import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FolderIndex } from '../../../src/core/live/folderIndex';
import { toScanJson } from '../../../src/core/scan/json';
import { scanWorkspace } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

describe('FolderIndex: claims documents', () => {
	let root: string;
	let index: FolderIndex;
	const write = (rel: string, text: string): void => {
		mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
		writeFileSync(path.join(root, rel), text);
	};
	const options = () => ({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 'iso27001', version: 'test' } });
	const claimProblems = () => index.result()!.result.problems.filter((p) => p.code.startsWith('claim-')).map((p) => `${p.file}:${p.line} ${p.code}`);

	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-live-claims-'));
		write('.iso27001.yaml', 'claims: [docs/iso.md]\n');
		write('docs/iso.md', '# Controls\n\n- A.8.24 Use of cryptography\n- A.8.5 Secure authentication\n');
		write('src/crypto.ts', '// @iso27001 A.8.24 — sealing\nexport function seal() {}\n');
		index = new FolderIndex(options());
	});
	afterEach(() => {
		index.dispose();
		rmSync(root, { recursive: true, force: true });
	});

	it('puts claim problems in the result as the CLI does, and drops one once the code evidences the control', async () => {
		await index.rescan();
		assert.deepEqual(toScanJson(index.result()!.result), toScanJson((await scanWorkspace(options())).result));
		assert.deepEqual(claimProblems(), ['docs/iso.md:4 claim-without-evidence']);
		write('src/auth.ts', '// @iso27001 A.8.5 — log-on\nexport function login() {}\n');
		await index.update([{ path: 'src/auth.ts', kind: 'changed' }]);
		assert.deepEqual(claimProblems(), []);
	});
});
