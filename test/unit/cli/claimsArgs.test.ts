import { strict as assert } from 'node:assert';
import { helpText, parseCli, UsageError } from '../../../src/cli/args';

describe('cli: claims arguments', () => {
	it('takes several documents, --dir and --format; other commands refuse --dir and extra arguments', () => {
		const a = parseCli(['claims', 'docs/a.md', 'docs/b.md', '--dir', 'repo', '--format', 'json']);
		assert.deepEqual([a.command, a.docs, a.dir, a.format], ['claims', ['docs/a.md', 'docs/b.md'], 'repo', 'json']);
		assert.deepEqual(parseCli(['claims']).docs, []);
		assert.equal(parseCli(['claims', 'x.md']).dir, '.');
		assert.deepEqual(parseCli(['scan', 'src']).docs, []);
		assert.throws(() => parseCli(['scan', '--dir', 'x']), (e: unknown) => e instanceof UsageError && /--dir is an option of claims only/.test(e.message));
		assert.throws(() => parseCli(['export', 'a', 'b']), UsageError);
		assert.deepEqual(parseCli(['scan', 'a', 'b']).paths, ['a', 'b'], 'scan takes several paths');
	});

	it('lists claims in the help, with its own options', () => {
		assert.match(helpText(), /iso27001 claims DOC\.\.\. \[--dir DIR\]/);
		const own = helpText('claims');
		assert.match(own, /--dir DIR/);
		assert.doesNotMatch(own, /--since/);
		assert.doesNotMatch(helpText('scan'), /--dir/);
	});
});
