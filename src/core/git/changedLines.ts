/**
 * The lines of the work tree that changed since a git ref (`iso27001 check --since REF`): added or
 * modified lines of tracked files (`git diff REF`, new side), and every line of untracked files
 * that are not ignored. Paths are relative to the scan root, which may be a subfolder of the
 * repository; files outside it are left out.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A git failure the user can act on: not a repository, unknown ref, git missing. */
export class GitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'GitError';
	}
}

/** Changed lines per file, relative to the scan root with `/` separators. */
export interface ChangedLines {
	/** The ref as given. */
	readonly ref: string;
	/** The commit it resolved to. */
	readonly commit: string;
	/** File → its changed 1-based line numbers, or `'all'` for a new (untracked) file. */
	readonly files: ReadonlyMap<string, ReadonlySet<number> | 'all'>;
}

/** True when `line` of `file` (relative to the scan root) is new or changed. */
export function isLineChanged(changed: ChangedLines, file: string, line: number): boolean {
	const lines = changed.files.get(file);
	return lines === 'all' || (lines !== undefined && lines.has(line));
}

/** Options every git invocation gets: no pager, no colour, no quoting of non-ASCII paths, no locks. */
const GIT_CONFIG = ['-c', 'core.quotePath=false', '-c', 'color.ui=never', '--no-pager'];

interface GitRun {
	readonly code: number;
	readonly stderr: string;
}

/**
 * Runs git in `cwd` (no shell), feeding each stdout record (split on `separator`) to `onRecord`.
 * Rejects with a GitError when git cannot be started.
 */
function git(cwd: string, args: readonly string[], onRecord: (record: string) => void, separator: '\n' | '\0' = '\n'): Promise<GitRun> {
	return new Promise((resolve, reject) => {
		const child = spawn('git', [...GIT_CONFIG, ...args], {
			cwd, windowsHide: true, stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' },
		});
		let stderr = '';
		let pending = '';
		child.stderr.setEncoding('utf8').on('data', (s: string) => {
			stderr += s;
		});
		const done = new Promise<void>((ok) => {
			if (separator === '\n') {
				createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onRecord).on('close', ok);
				return;
			}
			child.stdout.setEncoding('utf8').on('data', (s: string) => {
				const parts = (pending + s).split(separator);
				pending = parts.pop() ?? '';
				parts.forEach(onRecord);
			}).on('end', () => {
				if (pending !== '') {
					onRecord(pending);
				}
				ok();
			});
		});
		child.on('error', (e: NodeJS.ErrnoException) => {
			reject(new GitError(e.code === 'ENOENT' ? 'git is not installed or not on the PATH; --since needs it' : `could not run git: ${e.message}`));
		});
		child.on('close', (code) => {
			void done.then(() => resolve({ code: code ?? -1, stderr }));
		});
	});
}

/** Runs git and returns its trimmed stdout, or null with its stderr when it exits non-zero. */
async function gitOutput(cwd: string, args: readonly string[]): Promise<{ out: string | null; stderr: string }> {
	const lines: string[] = [];
	const r = await git(cwd, args, (l) => lines.push(l));
	return { out: r.code === 0 ? lines.join('\n').trim() : null, stderr: r.stderr.trim() };
}

/** Lines changed in the work tree of the repository holding `root` since `ref`. Throws GitError. */
export async function changedLines(root: string, ref: string): Promise<ChangedLines> {
	const top = await gitOutput(root, ['rev-parse', '--show-toplevel']);
	if (top.out === null || top.out === '') {
		const why = /not a git repository/i.test(top.stderr) || top.stderr === '' ? '' : ` (${firstLine(top.stderr)})`;
		throw new GitError(`${root} is not inside a git repository; --since needs one${why}`);
	}
	if (ref === '' || ref.startsWith('-')) {
		throw new GitError(`'${ref}' is not a git ref`);
	}
	const commit = await gitOutput(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
	if (commit.out === null || commit.out === '') {
		throw new GitError(`unknown git ref '${ref}': no commit of that name in ${top.out}` +
			' (in CI, fetch the history it needs, e.g. actions/checkout with fetch-depth: 0)');
	}
	const files = new Map<string, Set<number> | 'all'>();
	await diffLines(root, commit.out, files);
	const untracked = await git(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.'], (file) => {
		if (file !== '') {
			files.set(file, 'all');
		}
	}, '\0');
	if (untracked.code !== 0) {
		throw new GitError(`git ls-files failed: ${firstLine(untracked.stderr)}`);
	}
	return { ref, commit: commit.out, files };
}

/** Parses `git diff --unified=0` of the work tree against `commit`, paths relative to `root`. */
async function diffLines(root: string, commit: string, files: Map<string, Set<number> | 'all'>): Promise<void> {
	const parser = new DiffParser(files);
	const r = await git(root, [
		'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--unified=0', '--relative',
		'--src-prefix=a/', '--dst-prefix=b/', commit, '--', '.',
	], (line) => parser.line(line));
	if (r.code !== 0) {
		throw new GitError(`git diff against ${commit} failed: ${firstLine(r.stderr)}`);
	}
}

const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** A line-by-line parser of a zero-context unified diff that counts hunk lines so content is never read as a header. */
class DiffParser {
	private file: Set<number> | null = null;
	/** Lines of the current hunk still to skip (old side `-`, new side `+`). */
	private oldLeft = 0;
	private newLeft = 0;

	constructor(private readonly files: Map<string, Set<number> | 'all'>) {}

	line(line: string): void {
		if (this.oldLeft > 0 || this.newLeft > 0) {
			if (line.startsWith('-')) {
				this.oldLeft--;
			} else if (line.startsWith('+')) {
				this.newLeft--;
			}
			return;
		}
		if (line.startsWith('diff ')) {
			this.file = null;
		} else if (line.startsWith('+++ ')) {
			const name = headerPath(line.slice(4));
			this.file = name === null ? null : this.lines(name);
		} else if (line.startsWith('@@ ')) {
			this.hunk(line);
		}
	}

	private lines(name: string): Set<number> {
		const known = this.files.get(name);
		if (known instanceof Set) {
			return known;
		}
		const fresh = new Set<number>();
		this.files.set(name, fresh);
		return fresh;
	}

	private hunk(line: string): void {
		const m = HUNK.exec(line);
		if (!m) {
			return;
		}
		const start = Number(m[2]);
		const count = m[3] === undefined ? 1 : Number(m[3]);
		this.oldLeft = m[1] === undefined ? 1 : Number(m[1]);
		this.newLeft = count;
		for (let l = start; l < start + count; l++) {
			this.file?.add(l);
		}
	}
}

/** The path of a `+++ b/path` header (C-quoted when it has special characters), or null for /dev/null. */
function headerPath(raw: string): string | null {
	const text = raw.startsWith('"') ? unquote(raw) : raw.replace(/\t$/, '');
	return text.startsWith('b/') ? text.slice(2) : null;
}

const ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Undoes git's C-style quoting (`"b/a\"b\303\251"`), octal escapes being UTF-8 bytes. */
function unquote(quoted: string): string {
	const bytes: number[] = [];
	const body = quoted.slice(1, quoted.lastIndexOf('"') > 0 ? quoted.lastIndexOf('"') : undefined);
	let i = 0;
	while (i < body.length) {
		const ch = String.fromCodePoint(body.codePointAt(i) ?? 0);
		if (ch !== '\\') {
			bytes.push(...Buffer.from(ch, 'utf8'));
			i += ch.length;
			continue;
		}
		const next = body[i + 1] ?? '';
		if (/[0-7]/.test(next)) {
			bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
			i += 4;
		} else {
			bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
			i += 2;
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function firstLine(s: string): string {
	return s.split('\n')[0] ?? s;
}
