import { strict as assert } from 'node:assert';
import { helpText, parseCli, UsageError } from '../../../src/cli/args';

function usageError(argv: string[]): string {
	try {
		parseCli(argv);
	} catch (e) {
		assert.ok(e instanceof UsageError, `a UsageError for ${argv.join(' ')}`);
		return e.message;
	}
	assert.fail(`no usage error for ${argv.join(' ')}`);
}

describe('cli: arguments', () => {
	it('names an unknown option and the closest known one', () => {
		assert.equal(usageError(['scan', '.', '--fromat', 'json']), 'unknown option --fromat; did you mean --format?');
		assert.equal(usageError(['check', '--sinc=HEAD']), 'unknown option --sinc; did you mean --since?');
		assert.equal(usageError(['scan', '--colour']), 'unknown option --colour');
		assert.equal(usageError(['scan', '-x']), 'unknown option -x');
	});

	it('rejects help for an unknown command instead of printing the general help', () => {
		assert.equal(usageError(['help', 'nope']), "unknown command 'nope'; expected one of scan, export, check, claims");
		assert.equal(parseCli(['help', 'check']).helpFor, 'check');
		assert.equal(parseCli(['help']).helpFor, undefined);
	});

	it("lists each command's own options in its help", () => {
		const check = helpText('check');
		assert.match(check, /--since GIT_REF/);
		assert.doesNotMatch(check, /--format|--output/);
		const scan = helpText('scan');
		assert.match(scan, /--format FORMAT/);
		assert.match(scan, /--output FILE/);
		assert.doesNotMatch(scan, /--since/);
		assert.doesNotMatch(helpText('export'), /--since/);
		assert.match(helpText(), /--since GIT_REF/);
	});

	it('parses --cache with its location and strategy, and refuses them without --cache', () => {
		assert.equal(parseCli(['scan']).cache, undefined);
		assert.deepEqual(parseCli(['scan', '--cache']).cache, { location: undefined, strategy: 'metadata' });
		assert.deepEqual(parseCli(['check', '--cache', '--cache-location', 'tmp/c', '--cache-strategy', 'content']).cache, { location: 'tmp/c', strategy: 'content' });
		assert.deepEqual(parseCli(['export', '--cache', '--cache-strategy=metadata']).cache, { location: undefined, strategy: 'metadata' });
		assert.equal(usageError(['scan', '--cache', '--cache-strategy', 'mtime']), "--cache-strategy must be one of metadata, content, not 'mtime'");
		assert.equal(usageError(['scan', '--cache-location', 'x']), '--cache-location needs --cache');
		assert.equal(usageError(['scan', '--cache-strategy', 'content']), '--cache-strategy needs --cache');
		assert.equal(usageError(['scan', '--cache', '--cache-location=']), '--cache-location needs a folder');
		assert.equal(usageError(['scan', '--cach']), 'unknown option --cach; did you mean --cache?');
		for (const command of ['scan', 'export', 'check'] as const) {
			assert.match(helpText(command), /--cache-location DIR/);
			assert.match(helpText(command), /--cache-strategy S/);
		}
	});
});
