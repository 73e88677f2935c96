import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareWithTargets, TARGETS } from '../../integration/suites/bench/targets';

describe('bench:editor: figures compared with their targets', () => {
	it('says for each target whether the figure met it, by how much one was missed, and which were not measured', () => {
		const [activation, loop, reanalysis] = TARGETS;
		const lines = compareWithTargets({ [activation.key]: activation.below / 10, [reanalysis.key]: reanalysis.below + 2.5 });
		assert.equal(lines.length, TARGETS.length + 1);
		assert.equal(lines[0], `${activation.what}: ${(activation.below / 10).toFixed(1)} ms, target < ${activation.below} ms: met`);
		assert.equal(lines[1], `${loop.what}: not measured (target < ${loop.below} ms)`);
		assert.equal(lines[2], `${reanalysis.what}: ${(reanalysis.below + 2.5).toFixed(1)} ms, target < ${reanalysis.below} ms: MISSED by 2.5 ms`);
		assert.equal(lines[3], `targets met: 1 of ${TARGETS.length} (1 not measured)`);
	});

	it('a figure equal to its target misses it ("below")', () => {
		const t = { key: 'x', what: 'x', below: 5 };
		assert.deepEqual(compareWithTargets({ x: 5 }, [t]), ['x: 5.0 ms, target < 5 ms: MISSED by 0.0 ms', 'targets met: 0 of 1']);
		assert.deepEqual(compareWithTargets({ x: 4.9 }, [t]), ['x: 4.9 ms, target < 5 ms: met', 'targets met: 1 of 1']);
	});
});

describe('bench:editor stays out of npm test', () => {
	it('the sessions run without names (npm test) are not the benchmark\'s', async () => {
		const file = pathToFileURL(path.join(__dirname, '../../../scripts/integration/sessions.mjs')).href;
		const sessions = (await import(file)) as { selectSessions(argv: string[]): { name: string }[]; BENCH_SESSIONS: { name: string }[] };
		const bench = sessions.BENCH_SESSIONS.map((s) => s.name);
		assert.deepEqual(bench.sort(), ['bench', 'bench-examples']);
		assert.ok(!sessions.selectSessions([]).some((s) => bench.includes(s.name)));
		assert.deepEqual(sessions.selectSessions(['bench-examples', 'bench']).map((s) => s.name).sort(), ['bench', 'bench-examples'], 'npm run bench:editor names them');
	});
});
