import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CACHE_FILE } from '../../../src/core/cache/location';
import { INDEX_WORKER_LIMITS, startIndexWorker } from '../../../src/core/live/indexThread';
import type { HostMessage, WorkerMessage } from '../../../src/core/live/protocol';
import { SCAN_WORKER_LIMITS } from '../../../src/core/scan/pool';
import { CONTROLS_DIR } from '../helpers';

const DIST = path.join(__dirname, '../../../dist');

/** The bundled index worker, driven through its message protocol as the extension drives it. */
describe('index worker (built bundle)', function () {
	this.timeout(60000);
	let root: string;
	let worker: Worker;
	let messages: WorkerMessage[];
	let waiters: { until: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[];
	const send = (m: HostMessage): void => worker.postMessage(m);
	const next = (until: (m: WorkerMessage) => boolean): Promise<WorkerMessage> => {
		const found = messages.find(until);
		return found ? Promise.resolve(found) : new Promise((resolve) => waiters.push({ until, resolve }));
	};
	const body = (i: number): string => `export function f${i}(s: string): string {\n\treturn createHash('sha256').update(s).digest('hex');\n}\n`;

	before(() => {
		assert.ok(existsSync(path.join(DIST, 'indexWorker.js')), 'dist/indexWorker.js missing: run `npm run build` (npm test does)');
	});
	beforeEach(() => {
		root = mkdtempSync(path.join(tmpdir(), 'iso-worker-'));
		mkdirSync(path.join(root, 'src'));
		writeFileSync(path.join(root, 'src/a.ts'), `import { createHash } from 'node:crypto';\n\n// @iso27001 A.8.24 — digests\n${body(0)}\n${body(1)}`);
		messages = [];
		waiters = [];
		// Started as the extension starts it, so every test below runs under its heap limits.
		worker = startIndexWorker(path.join(DIST, 'indexWorker.js'));
		worker.on('message', (m: WorkerMessage) => {
			messages.push(m);
			for (const w of waiters.splice(0)) {
				if (w.until(m)) {
					w.resolve(m);
				} else {
					waiters.push(w);
				}
			}
		});
	});
	afterEach(async () => {
		await worker.terminate();
		rmSync(root, { recursive: true, force: true });
	});

	const open = (): void => send({
		type: 'open', folder: 'f', seq: 1, restore: false,
		options: { root, controlsDir: CONTROLS_DIR, wasmDir: path.join(DIST, 'wasm'), workerScript: path.join(DIST, 'worker.js'), tool: { name: 't', version: '0' } },
	});

	it('runs with heap limits (the scan workers\' young generation, a bounded old generation) and scans under them', async () => {
		const limits = worker.resourceLimits;
		assert.equal(limits?.maxYoungGenerationSizeMb, SCAN_WORKER_LIMITS.maxYoungGenerationSizeMb);
		assert.equal(limits?.maxOldGenerationSizeMb, INDEX_WORKER_LIMITS.maxOldGenerationSizeMb);
		assert.ok(INDEX_WORKER_LIMITS.maxOldGenerationSizeMb <= 1024);
		open();
		const snap = await next((m) => m.type === 'snapshot');
		assert.equal(snap.type === 'snapshot' && snap.files, 1);
	});

	it('scans, answers an edit inside a body with a fast then an exact delta, then done', async () => {
		open();
		const snap = await next((m) => m.type === 'snapshot');
		assert.equal(snap.type === 'snapshot' && snap.files, 1);
		await next((m) => m.type === 'done' && m.seq === 1);
		const text = `import { createHash } from 'node:crypto';\n\n// @iso27001 A.8.24 — digests\n${body(0)}\n${body(1).replace('\treturn', "\tconst x = createHash('md5');\n\treturn")}`;
		send({ type: 'changes', folder: 'f', seq: 2, changes: [{ path: 'src/a.ts', kind: 'changed', text }] });
		// The first edit of a buffer has no previous buffer text: exact at once.
		await next((m) => m.type === 'done' && m.seq === 2);
		const second = text.replace("createHash('md5')", "createHash('md4')");
		send({ type: 'changes', folder: 'f', seq: 3, changes: [{ path: 'src/a.ts', kind: 'changed', text: second }] });
		await next((m) => m.type === 'done' && m.seq === 3);
		const deltas = messages.filter((m) => m.type === 'delta');
		assert.deepEqual(deltas.map((d) => d.type === 'delta' && d.pass), ['full', 'fast', 'full']);
		const last = deltas[2].type === 'delta' ? deltas[2].entries[0].analysis : null;
		const fast = deltas[1].type === 'delta' ? deltas[1].entries[0].analysis : null;
		assert.deepEqual(fast?.findings.map((f) => [f.line, f.api, f.mapped]), last?.findings.map((f) => [f.line, f.api, f.mapped]));
		assert.deepEqual(last?.findings.map((f) => [f.line, f.mapped]), [[5, true], [9, false], [10, false]]);
	});

	it('reports a broken configuration and keeps going once it is fixed', async () => {
		writeFileSync(path.join(root, '.iso27001.yaml'), 'catalog: [\n');
		open();
		const err = await next((m) => m.type === 'configError');
		assert.equal(err.type === 'configError' && err.error.file.endsWith('.iso27001.yaml'), true);
		writeFileSync(path.join(root, '.iso27001.yaml'), 'catalog: iso27001-2022\n');
		send({ type: 'rescan', folder: 'f', seq: 2 });
		await next((m) => m.type === 'snapshot');
		await next((m) => m.type === 'done' && m.seq === 2);
	});

	it('with a cache, a reopened folder shows the cached results first, then the verified ones; a corrupt cache is a warning', async () => {
		const location = path.join(root, '..', `${path.basename(root)}-cache`);
		const openCached = (seq: number, restore = true): void => send({
			type: 'open', folder: 'f', seq, restore,
			options: { root, controlsDir: CONTROLS_DIR, wasmDir: path.join(DIST, 'wasm'), workerScript: path.join(DIST, 'worker.js'), tool: { name: 't', version: '0' }, cache: { location, strategy: 'metadata' } },
		});
		const snapshots = (): Extract<WorkerMessage, { type: 'snapshot' }>[] => messages.filter((m) => m.type === 'snapshot');
		try {
			utimesSync(path.join(root, 'src/a.ts'), 1_600_000_000, 1_600_000_000);
			openCached(1);
			await next((m) => m.type === 'done' && m.seq === 1);
			assert.deepEqual(snapshots().map((m) => [m.provisional, m.analysed]), [[false, 1]]);
			assert.ok(messages.some((m) => m.type === 'cacheSaved' && m.entries === 1), 'written after the scan');
			// Reopened (the host sends open again, as a new window does).
			messages = [];
			openCached(2);
			await next((m) => m.type === 'done' && m.seq === 2);
			assert.deepEqual(snapshots().map((m) => [m.provisional, m.analysed]), [[true, 0], [false, 0]]);
			assert.deepEqual(snapshots()[0].entries, snapshots()[1].entries);
			assert.deepEqual(messages.map((m) => m.type).slice(0, 2), ['scanning', 'snapshot'], 'the cached results come before any progress');
			// An update is written once updates settle.
			messages = [];
			writeFileSync(path.join(root, 'src/b.ts'), '// @iso27001 A.8.5 — login\nexport function login() {}\n');
			utimesSync(path.join(root, 'src/b.ts'), 1_600_000_000, 1_600_000_000);
			send({ type: 'changes', folder: 'f', seq: 3, changes: [{ path: 'src/b.ts', kind: 'changed' }] });
			await next((m) => m.type === 'done' && m.seq === 3);
			assert.ok(!messages.some((m) => m.type === 'cacheSaved'), 'not on the hot path');
			await next((m) => m.type === 'cacheSaved' && m.entries === 2);
			// A rescan uses the cache; the Rescan command's (fresh) analyses every file.
			messages = [];
			send({ type: 'rescan', folder: 'f', seq: 4 });
			send({ type: 'rescan', folder: 'f', seq: 5, fresh: true });
			await next((m) => m.type === 'done' && m.seq === 5);
			assert.deepEqual(snapshots().map((m) => m.analysed), [0, 2]);
			// Reopened while the host has results: no results from the cache first.
			messages = [];
			openCached(6, false);
			await next((m) => m.type === 'done' && m.seq === 6);
			assert.deepEqual(snapshots().map((m) => [m.provisional, m.analysed]), [[false, 0]]);
			writeFileSync(path.join(location, CACHE_FILE), 'garbage');
			messages = [];
			openCached(7);
			await next((m) => m.type === 'done' && m.seq === 7);
			assert.deepEqual(snapshots().map((m) => [m.provisional, m.analysed]), [[false, 2]]);
			const warning = messages.find((m) => m.type === 'warning');
			assert.match(warning?.type === 'warning' ? warning.message : '', /is not an iso27001 cache; it is discarded/);
		} finally {
			rmSync(location, { recursive: true, force: true });
		}
	});

	it('closing a folder does the cache write waiting for updates to settle, also while another update runs', async () => {
		const location = path.join(root, '..', `${path.basename(root)}-cache`);
		const past = (rel: string, text: string): void => {
			writeFileSync(path.join(root, rel), text);
			utimesSync(path.join(root, rel), 1_600_000_000, 1_600_000_000);
		};
		try {
			utimesSync(path.join(root, 'src/a.ts'), 1_600_000_000, 1_600_000_000);
			send({
				type: 'open', folder: 'f', seq: 1, restore: false,
				options: { root, controlsDir: CONTROLS_DIR, wasmDir: path.join(DIST, 'wasm'), workerScript: path.join(DIST, 'worker.js'), tool: { name: 't', version: '0' }, cache: { location, strategy: 'metadata' } },
			});
			await next((m) => m.type === 'done' && m.seq === 1);
			past('src/b.ts', '// @iso27001 A.8.5 — login\nexport function login() {}\n');
			send({ type: 'changes', folder: 'f', seq: 2, changes: [{ path: 'src/b.ts', kind: 'changed' }] });
			await next((m) => m.type === 'done' && m.seq === 2);
			messages = [];
			// Closed as the next update starts, within the delay of the write b.ts is waiting for. The update
			// reads a Python file, whose grammar loads asynchronously: the close arrives while it runs (had
			// it finished first, c.py would be written too and the count below would be 3).
			past('src/c.py', 'import hashlib\n\ndef digest(x):\n    return hashlib.md5(x)\n');
			send({ type: 'changes', folder: 'f', seq: 3, changes: [{ path: 'src/c.py', kind: 'changed' }] });
			send({ type: 'close', folder: 'f', seq: 4 });
			await next((m) => m.type === 'done' && m.seq === 4);
			assert.deepEqual(messages.filter((m) => m.type === 'cacheSaved').map((m) => m.type === 'cacheSaved' && m.entries), [2]);
		} finally {
			rmSync(location, { recursive: true, force: true });
		}
	});

	it('a closed folder answers done and posts nothing more', async () => {
		open();
		send({ type: 'close', folder: 'f', seq: 2 });
		await next((m) => m.type === 'done' && m.seq === 2);
		send({ type: 'changes', folder: 'f', seq: 3, changes: [{ path: 'src/a.ts', kind: 'changed' }] });
		await next((m) => m.type === 'done' && m.seq === 3);
		assert.equal(messages.filter((m) => m.type === 'delta').length, 0);
	});
});
