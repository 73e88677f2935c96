import { execFile } from 'node:child_process';

/** The commit checked out in `dir` (with `-dirty` when the work tree has changes), or null outside git. */
export function gitCommit(dir: string): Promise<string | null> {
	const run = (args: string[]): Promise<string | null> => new Promise((resolve) => {
		execFile('git', args, { cwd: dir, timeout: 5000, windowsHide: true }, (err, stdout) => resolve(err ? null : stdout.trim()));
	});
	return run(['rev-parse', 'HEAD']).then(async (head) => {
		if (!head) {
			return null;
		}
		const status = await run(['status', '--porcelain', '--untracked-files=no', '--', '.']);
		return status ? `${head}-dirty` : head;
	});
}
