import { strict as assert } from 'node:assert';
import { BatchQueue } from '../../../src/core/scan/pool';
import { takeBatch } from '../../../src/core/scan/protocol';

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
