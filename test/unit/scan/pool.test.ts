import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BatchResult } from '../../../src/core/analysis/batch';
import { BatchQueue, WorkerPool } from '../../../src/core/scan/pool';
import { CURRENT, NEXT, takeBatch } from '../../../src/core/scan/protocol';
import { runSettings } from '../../../src/core/scan/scan';
import { CONTROLS_DIR } from '../helpers';

describe('the scan queue', () => {
	const batches = [['a.py'], ['b.go'], ['c.ts'], ['d.js'], ['e.md']];

	it('gives workers the reserved batches first and this thread the others first, each batch once', () => {
		const queue = new BatchQueue(batches, undefined, 1, 2);
		const counters = new Int32Array(queue.shared);
		const worker = (): string | undefined => takeBatch(counters, queue.batches, true)?.files[0];
		const main = (): string | undefined => queue.take()?.files[0];
		assert.equal(main(), 'c.ts');
		assert.equal(worker(), 'a.py');
		assert.equal(main(), 'd.js');
		assert.equal(main(), 'e.md');
		// No shared batch left: this thread helps with the reserved ones rather than wait.
		assert.equal(main(), 'b.go');
		assert.equal(worker(), undefined);
		assert.equal(main(), undefined);
	});

	it('without reserved batches, every thread takes them in order', () => {
		const queue = new BatchQueue(batches, undefined, 1);
		const counters = new Int32Array(queue.shared);
		assert.deepEqual([queue.take()?.id, takeBatch(counters, queue.batches, true)?.id, queue.take()?.id], [0, 1, 2]);
	});

	it('a cancelled scan takes no further batch, reserved or shared', () => {
		const controller = new AbortController();
		const queue = new BatchQueue(batches, controller.signal, 1, 2);
		const counters = new Int32Array(queue.shared);
		controller.abort();
		assert.equal(queue.take(), undefined);
		assert.equal(takeBatch(counters, queue.batches, true), undefined);
	});
});

/** The pool driving the bundled scan worker (`npm run build` first, as the other worker tests). */
describe('the worker pool (built bundle)', function () {
	this.timeout(60000);
	const DIST = path.join(__dirname, '../../../dist');
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-pool-'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	/** Files with an annotation, a finding, or both, in languages of both kinds of batch. */
	const files = (): string[] => {
		const names: string[] = [];
		for (let i = 0; i < 6; i++) {
			writeFileSync(path.join(root, `m${i}.js`), `// @iso27001 A.8.24\nconst crypto = require('crypto');\nexports.h${i} = () => crypto.createHash('md5');\n`);
			writeFileSync(path.join(root, `p${i}.py`), `import hashlib\n# @iso27001 A.8.24\ndef h${i}():\n    return hashlib.md5(b"x")\n`);
			names.push(`m${i}.js`, `p${i}.py`);
		}
		return names;
	};

	async function analyse(retireAbove: number): Promise<{ analyses: string; failed: string[]; recycled: number }> {
		const { init } = runSettings({ root, controlsDir: CONTROLS_DIR, wasmDir: path.join(DIST, 'wasm'), workerScript: null, tool: { name: 't', version: '0' } });
		const pool = new WorkerPool(path.join(DIST, 'worker.js'), init, 1, retireAbove);
		const results: BatchResult[] = [];
		const failed: string[] = [];
		try {
			await pool.run(new BatchQueue(files().map((f) => [f]), undefined, pool.size), (r) => results.push(r), (f) => failed.push(...f));
		} finally {
			await pool.dispose();
		}
		const analyses = results.flatMap((r) => r.analyses).sort((a, b) => a.path.localeCompare(b.path));
		return { analyses: JSON.stringify(analyses), failed, recycled: pool.recycled };
	}

	it('replaces a worker past its memory limit between batches, with the same results', async () => {
		const kept = await analyse(0);
		// A limit of one byte: the worker retires after every batch while batches are left.
		const recycled = await analyse(1);
		assert.equal(kept.recycled, 0);
		assert.equal(recycled.recycled, 11);
		assert.deepEqual(recycled.failed, []);
		assert.equal(recycled.analyses, kept.analyses);
		assert.match(kept.analyses, /p5\.py/);
	});

	it('reports the batch of a worker that exits in the middle of it, and finishes', async () => {
		// A worker that takes the first batch, as the scan worker does, and exits while it holds it.
		const script = path.join(root, 'dies.js');
		writeFileSync(script, [
			"const { parentPort } = require('node:worker_threads');",
			'parentPort.on("message", (start) => {',
			'  const counters = new Int32Array(start.shared);',
			`  Atomics.store(counters, ${CURRENT} + start.slot, Atomics.add(counters, ${NEXT}, 1));`,
			'  process.exit(3);',
			'});',
		].join('\n'));
		const { init } = runSettings({ root, controlsDir: CONTROLS_DIR, wasmDir: null, workerScript: null, tool: { name: 't', version: '0' } });
		const pool = new WorkerPool(script, init, 1);
		const failed: string[] = [];
		try {
			await pool.run(new BatchQueue([['a.js', 'b.js'], ['c.js']], undefined, pool.size), () => undefined, (f, reason) => failed.push(`${f.join(',')}: ${reason}`));
		} finally {
			await pool.dispose();
		}
		assert.deepEqual(failed, ['a.js,b.js: worker exited with code 3']);
	});
});
