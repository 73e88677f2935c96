import { strict as assert } from 'node:assert';
import { ProgressLine } from '../../../src/cli/progress';
import { colourWanted, createStyle } from '../../../src/cli/style';

/** Just enough of a terminal stream to record what is written. */
function fakeStream(): NodeJS.WriteStream & { written: string[] } {
	const written: string[] = [];
	return { written, columns: 40, write: (s: string) => (written.push(s), true) } as unknown as NodeJS.WriteStream & { written: string[] };
}

describe('terminal output', () => {
	it('uses colour only on a terminal, never with NO_COLOR, always with FORCE_COLOR', () => {
		assert.equal(colourWanted({ isTTY: true }, {}), true);
		assert.equal(colourWanted({ isTTY: false }, {}), false);
		assert.equal(colourWanted({ isTTY: true }, { NO_COLOR: '1' }), false);
		assert.equal(colourWanted({ isTTY: true }, { TERM: 'dumb' }), false);
		assert.equal(colourWanted({ isTTY: false }, { FORCE_COLOR: '1' }), true);
		assert.equal(createStyle(false).red('x'), 'x');
		assert.equal(createStyle(true).red('x'), '\u001b[31mx\u001b[39m');
	});

	it('draws one self-overwriting progress line, clipped to the terminal, and clears it', () => {
		const stream = fakeStream();
		const progress = new ProgressLine(stream, true, 0);
		progress.update(`scanning 10/20 files ${'x'.repeat(100)}`);
		assert.equal(stream.written.length, 1);
		assert.ok(stream.written[0].startsWith('\r\u001b[2Kscanning 10/20 files'));
		assert.equal(stream.written[0].length, '\r\u001b[2K'.length + 39);
		progress.update('scanning 11/20 files');
		assert.equal(stream.written.length, 1, 'redrawn at most every 100 ms');
		progress.clear();
		assert.equal(stream.written.at(-1), '\r\u001b[2K');
	});

	it('prints nothing when disabled (not a terminal, or --quiet) or for short scans', () => {
		const off = fakeStream();
		const disabled = new ProgressLine(off, false, 0);
		disabled.update('scanning');
		disabled.clear();
		assert.deepEqual(off.written, []);
		const short = fakeStream();
		const delayed = new ProgressLine(short, true, 60_000);
		delayed.update('scanning');
		delayed.clear();
		assert.deepEqual(short.written, []);
	});
});
