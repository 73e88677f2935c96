import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeBatch } from '../../../src/core/analysis/batch';
import { createAnalyzerContext, type AnalyzerContext } from '../../../src/core/analysis/context';
import { GATED_ABOVE_CHARS, LargeFileGate } from '../../../src/core/analysis/largeFileGate';
import { defaultConfig } from '../../../src/core/config/loadConfig';
import { SourceReader } from '../../../src/core/files/readSource';
import { builtInCatalogs } from '../helpers';

/** Lets pending callbacks and promise reactions run (no clock involved). */
async function turns(n = 20): Promise<void> {
	for (let i = 0; i < n; i++) {
		await new Promise((resolve) => setImmediate(resolve));
	}
}

/** Whether `p` has settled after a few turns of the event loop. */
async function settled(p: Promise<unknown>): Promise<boolean> {
	let done = false;
	void p.then(() => {
		done = true;
	});
	await turns();
	return done;
}

describe('the large-file gate (one thread at a time on a large file)', () => {
	it('lets one holder in at a time: a second waits until the first releases', async () => {
		const a = new LargeFileGate(new SharedArrayBuffer(4), 101);
		const b = new LargeFileGate(a.shared, 102);
		await a.acquire();
		const second = b.acquire();
		assert.equal(await settled(second), false);
		a.release();
		await second;
		// Now b holds it: a waits in turn.
		const third = a.acquire();
		assert.equal(await settled(third), false);
		b.release();
		await third;
		a.release();
	});

	it('is freed for the others when its holder died (the pool releases a dead worker\'s hold)', async () => {
		const dead = new LargeFileGate(new SharedArrayBuffer(4), 201);
		const alive = new LargeFileGate(dead.shared, 202);
		await dead.acquire();
		const waiting = alive.acquire();
		alive.releaseFrom(999); // Not the holder: nothing changes.
		assert.equal(await settled(waiting), false);
		alive.releaseFrom(201);
		await waiting;
		alive.release();
	});

	describe('in a batch', () => {
		let root: string;
		let ctx: AnalyzerContext;
		before(() => {
			const { c2022, c2013 } = builtInCatalogs();
			ctx = createAnalyzerContext({
				root: '/', catalog: c2022, legacy: [c2013], soa: {}, maxFileSize: 1 << 24, wasmDir: null,
				detection: { categories: defaultConfig().categories, rules: [], trustCustomRules: true },
			});
			root = mkdtempSync(path.join(tmpdir(), 'iso-gate-'));
			const line = "exports.h = () => require('crypto').createHash('md5');\n";
			writeFileSync(path.join(root, 'small.js'), line);
			writeFileSync(path.join(root, 'large.js'), line.repeat(Math.ceil((GATED_ABOVE_CHARS + 1) / line.length)));
		});
		after(() => {
			ctx.scopes.dispose();
			rmSync(root, { recursive: true, force: true });
		});

		it('analyses a large file only while it holds the gate; small files never wait', async () => {
			const other = new LargeFileGate(new SharedArrayBuffer(4), 301);
			const gate = new LargeFileGate(other.shared, 302);
			await other.acquire();
			const small = await analyzeBatch(root, ['small.js'], ctx, new SourceReader(1 << 24), { gate });
			assert.equal(small.analyses.length, 1);
			const large = analyzeBatch(root, ['large.js'], ctx, new SourceReader(1 << 24), { gate });
			assert.equal(await settled(large), false, 'waits while another thread holds the gate');
			other.release();
			assert.equal((await large).analyses[0]?.path, 'large.js');
			// Released after the file: the other thread gets in again at once.
			await other.acquire();
			other.release();
		});
	});
});
