import * as assert from 'node:assert/strict';
import { lastAssignment } from '../../../src/core/text/assignments';

describe('lastAssignment', () => {
	const code = ['h = make()', 'if h == other:', '    h := again()', '    $h .= more', '    use(h)', ''].join('\n');
	const at = (needle: string): number => code.indexOf(needle);

	it('finds the last assignment before the offset, in any of its spellings, not a comparison', () => {
		const last = lastAssignment(code, 'h', at('use(h)'), 1000);
		assert.deepEqual(last && code.slice(last.start, last.end), '$h .=');
		const before = lastAssignment(code, 'h', at('    $h'), 1000);
		assert.deepEqual(before && code.slice(before.start, before.end), 'h :=');
	});

	it('looks only within the window, and not at a longer name or a member', () => {
		assert.equal(lastAssignment(code, 'h', at('use(h)'), 5), null);
		assert.equal(lastAssignment('x.h = 1\nsh = 2\nuse(h)', 'h', 14, 100), null);
	});
});
