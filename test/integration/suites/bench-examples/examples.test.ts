// Editor benchmark on the bundled examples/ (npm run bench:editor).
import * as assert from 'node:assert/strict';
import { measureReopen } from '../bench/reopen';
import { compareWithTargets, TARGETS } from '../bench/targets';
import { editorApi, testHooks } from '../editorApi';

describe('editor benchmark: examples', () => {
	it('activation and the first complete result', async () => {
		const api = await editorApi();
		const r = await api.getScanResult();
		const s = testHooks(api).stats();
		console.log(`BENCH examples: activate() ${s.activationMillis.toFixed(1)} ms; first complete result of ${r.files} files ${(s.folders[0].firstResultAt - s.activatedAt).toFixed(0)} ms after activation (worker scan ${s.folders[0].scanMillis.toFixed(0)} ms)`);
		for (const line of compareWithTargets({ activation: s.activationMillis }, TARGETS.filter((t) => t.key === 'activation'))) {
			console.log(`BENCH examples: ${line}`);
		}
		assert.ok(r.annotations.length > 20);
	});

	it('reopening the workspace, with the persistent cache and without', async function () {
		this.timeout(5 * 60_000);
		const api = await editorApi();
		const r = await api.getScanResult();
		await measureReopen(api, r.files, 5, (line) => console.log(`BENCH examples: ${line}`));
	});
});
