import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { decode, SourceReader } from '../../../src/core/files/readSource';

/** Runs `fn` in a fresh temporary folder, removed afterwards. */
function inTempDir(fn: (dir: string) => void): void {
	const dir = mkdtempSync(path.join(tmpdir(), 'iso-read-'));
	try {
		fn(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('reading source files', () => {
	it('decodes as a strict UTF-8 decoder would, with Latin-1 for anything else', () => {
		const strict = new TextDecoder('utf-8', { fatal: true });
		const cases = [
			Buffer.from('plain ascii // @iso27001 A.8.24\n'),
			Buffer.from('\ufeffconst s = "héllo → 世界 🎉";\n'),
			Buffer.from([0x23, 0x20, 0x63, 0x61, 0x66, 0xe9, 0x0a]), // Latin-1 é
			Buffer.from([0x61, 0xed, 0xa0, 0x80, 0x62]), // an encoded surrogate is not UTF-8
			Buffer.from([0x61, 0xc0, 0xaf]), // overlong `/`
			Buffer.from([0xf0, 0x9f, 0x8e]), // truncated sequence at the end
			Buffer.alloc(0),
		];
		for (const bytes of cases) {
			let expected: string;
			try {
				expected = strict.decode(bytes);
			} catch {
				expected = bytes.toString('latin1');
			}
			assert.equal(decode(bytes), expected, bytes.toString('hex'));
			assert.equal(decode(bytes, bytes.toString('latin1')), expected, `${bytes.toString('hex')} with its Latin-1 view`);
		}
	});

	it('hands the prefilter a Latin-1 view and reuses it as the text of an ASCII file', () => inTempDir((dir) => {
		writeFileSync(path.join(dir, 'a.js'), 'const x = 1;\n');
		writeFileSync(path.join(dir, 'u.js'), 'const x = "é";\n');
		const reader = new SourceReader(1 << 20);
		const views: string[] = [];
		for (const name of ['a.js', 'u.js']) {
			const out = reader.read(path.join(dir, name), name, (latin1) => (views.push(latin1()), latin1() === views.at(-1)));
			assert.equal(out.kind, 'text');
			if (out.kind === 'text') {
				assert.equal(out.text, name === 'a.js' ? 'const x = 1;\n' : 'const x = "é";\n');
			}
		}
		assert.equal(views[1], 'const x = "Ã©";\n', 'the view is Latin-1, one byte one character');
		assert.equal(reader.read(path.join(dir, 'a.js'), 'a.js', () => false).kind, 'skipped');
	}));

	it('reads files larger than its buffer whole, and refuses them past the limit', () => inTempDir((dir) => {
		const sizes = [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 7];
		for (const size of sizes) {
			writeFileSync(path.join(dir, `f${size}.js`), Buffer.alloc(size, 'a'));
		}
		const reader = new SourceReader(4 << 20);
		for (const size of [...sizes, 0, 3 * (1 << 20) + 7, 1]) {
			const out = reader.read(path.join(dir, `f${size}.js`), `f${size}.js`, () => true);
			assert.equal(out.kind, 'text');
			assert.equal(out.bytes, size);
			assert.ok(out.kind === 'text' && out.text.length === size && !/[^a]/.test(out.text), `${size} bytes read whole`);
		}
		// A limit below the reader's buffer, and one between the buffer and the file.
		for (const limit of [1000, 2 << 20]) {
			const small = new SourceReader(limit);
			const out = small.read(path.join(dir, `f${3 * (1 << 20) + 7}.js`), 'big.js', () => true);
			assert.equal(out.kind, 'error');
			assert.match(out.kind === 'error' ? out.problem.message : '', /is over the .* limit \(maxFileSize\)/);
			assert.equal(small.read(path.join(dir, 'f1.js'), 'f1.js', () => true).kind, 'text');
		}
	}));

	it('looks for the marker in a large file a buffer at a time, finding it across two reads, and reads only such files whole', () => inTempDir((dir) => {
		const MB = 1 << 20;
		const marker = Buffer.from('@iso27001');
		// Where the marker starts: nowhere, inside the first buffer, across the first boundary (every
		// split of it), across a later boundary (after carried-over bytes), at the very end.
		const size = 3 * MB + 5;
		const cases: [string, number | null][] = [
			['none', null], ['first', 10], ['last', size - marker.length],
			...Array.from({ length: marker.length - 1 }, (_, k): [string, number] => [`split${k + 1}`, MB - (k + 1)]),
			['second', 2 * MB - 16 - 4], ['later', 2 * MB - 3 * 8 - 4],
		];
		for (const [name, at] of cases) {
			const bytes = Buffer.alloc(size, 'a');
			if (at !== null) {
				marker.copy(bytes, at);
			}
			writeFileSync(path.join(dir, `${name}.d.ts`), bytes);
		}
		const reader = new SourceReader(8 * MB);
		for (const [name, at] of cases) {
			const out = reader.read(path.join(dir, `${name}.d.ts`), `${name}.d.ts`, { contains: marker });
			assert.equal(out.bytes, size, name);
			assert.equal(out.kind, at === null ? 'skipped' : 'text', name);
			if (out.kind === 'text') {
				assert.equal(out.text.length, size, `${name}: read whole`);
				assert.equal(out.text.indexOf('@iso27001'), at, name);
			}
		}
		// Small files: read once, the same verdicts; a marker without its last byte is no marker.
		writeFileSync(path.join(dir, 'small.ts'), '// @iso27001 A.8.24\n');
		writeFileSync(path.join(dir, 'almost.ts'), '// @iso2700\n');
		assert.equal(reader.read(path.join(dir, 'small.ts'), 'small.ts', { contains: marker }).kind, 'text');
		assert.equal(reader.read(path.join(dir, 'almost.ts'), 'almost.ts', { contains: marker }).kind, 'skipped');
		// Past the limit it is a size error, marker or not, as for a file read whole.
		for (const name of ['none', 'first']) {
			const out = new SourceReader(2 * MB).read(path.join(dir, `${name}.d.ts`), `${name}.d.ts`, { contains: marker });
			assert.match(out.kind === 'error' ? out.problem.message : '', /is over the .* limit \(maxFileSize\)/, name);
		}
	}));

	it('decodes a file larger than its buffer a buffer at a time as it decodes one read whole', () => inTempDir((dir) => {
		const MB = 1 << 20;
		// Characters of 2, 3 and 4 bytes cut by a buffer's end at every byte, a BOM, a NUL past the probe.
		const chars = ['é', '→', '🎉'];
		const cuts = chars.flatMap((c) => Array.from({ length: Buffer.byteLength(c) - 1 }, (_, k) => ({ c, before: k + 1 })));
		const size = (cuts.length + 1) * MB + 11;
		const utf8 = Buffer.alloc(size, 'x');
		Buffer.from('\ufeff// é\n').copy(utf8, 0);
		utf8[20_000] = 0;
		cuts.forEach(({ c, before }, k) => Buffer.from(c).copy(utf8, (k + 1) * MB - before));
		const bad = Buffer.from(utf8);
		bad[2 * MB + 5] = 0xff;
		const cut = Buffer.from(utf8.subarray(0, size - 1));
		Buffer.from('🎉').copy(cut, cut.length - 3);
		const cases: [string, Buffer][] = [['utf8', utf8], ['invalid', bad], ['cut at the end', cut], ['ascii', Buffer.alloc(2 * MB, 'y')], ['latin1', Buffer.concat([Buffer.alloc(MB + 1, 'z'), Buffer.from([0xe9])])]];
		const reader = new SourceReader(64 * MB);
		for (const [name, bytes] of cases) {
			writeFileSync(path.join(dir, 'f.js'), bytes);
			const out = reader.read(path.join(dir, 'f.js'), 'f.js', () => true);
			assert.equal(out.bytes, bytes.length, name);
			assert.ok(out.kind === 'text' && out.text === decode(bytes), name);
		}
		writeFileSync(path.join(dir, 'bin.js'), Buffer.concat([Buffer.from([0]), utf8]));
		assert.equal(reader.read(path.join(dir, 'bin.js'), 'bin.js', () => true).kind, 'error');
	}));

	it('holds the text of a file larger than its buffer on the V8 heap, with no buffer of its size', () => inTempDir((dir) => {
		const size = 3 * (1 << 20) + 7;
		writeFileSync(path.join(dir, 'big.js'), Buffer.alloc(size, 'a'));
		const reader = new SourceReader(1 << 30);
		const before = process.memoryUsage().external;
		const out = reader.read(path.join(dir, 'big.js'), 'big.js', (latin1) => latin1().length > 0);
		// An external string and a buffer of the file's size each count as external memory.
		const grown = process.memoryUsage().external - before;
		assert.ok(out.kind === 'text' && out.text.length === size);
		assert.ok(grown < size / 2, `${grown} bytes of external memory for a file of ${size}`);
	}));
});
