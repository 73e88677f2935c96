// The integration test sessions, shared by run-code-server.mjs and run-electron.mjs. Each session opens
// its own fixture workspace in a fresh VS Code and runs only the compiled tests of its suite folder
// (out/integration/suites/<name>/**/*.test.js), chosen by test/integration/index.ts from the
// ISO27001_TEST_SESSION environment variable.
//
//   fixtures: files and folders of test/integration/fixtures/ copied into a fresh temporary folder
//             (tests may create, delete and rename files);
//   open:     what VS Code opens in that copy: a folder, or a .code-workspace file (multi-root);
//   trust:    false leaves the workspace untrusted (restricted mode);
//   generate: optional, writes generated files into the folder VS Code opens;
//   env:      optional, environment variables of the VS Code (extension host) the session runs in.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'integration', 'fixtures');
export const OUT_DIR = join(REPO_ROOT, 'out', 'integration');
export const TESTS_INDEX = join(OUT_DIR, 'index.js');
/** Read by test/integration/index.ts in the extension host. */
export const SESSION_ENV = 'ISO27001_TEST_SESSION';

export const SESSIONS = [
	{ name: 'single', fixtures: ['single'], open: 'single', trust: true },
	{ name: 'multiroot', fixtures: ['multi-a', 'multi-b', 'multiroot.code-workspace'], open: 'multiroot.code-workspace', trust: true },
	{ name: 'restricted', fixtures: ['single'], open: 'single', trust: false },
	// Evidence beyond code: a policy document annotated in a comment, SoA implementation and evidence, a claims document.
	{ name: 'evidence', fixtures: ['evidence'], open: 'evidence', trust: true },
	// Cancelling a scan. Under 400 files (IN_PROCESS_LIMIT in src/core/scan/scan.ts) the index worker
	// scans on its own thread, pausing between batches of 64 files, so a cancel sent with the rescan
	// always stops it after its first batch. Helper threads, as in bigger workspaces, would race it.
	{ name: 'cancel', fixtures: [], open: 'cancel', trust: true, generate: (dir) => generateSources(dir, 300) },
	// The persistent cache across a reopened workspace. The copied files are dated a minute back: the
	// cache does not keep results of files modified in the last 2 seconds (their time may not change
	// on a second write), and the first scan starts within those seconds of the copy. Its tests close
	// windows with a cache write pending: the write's delay is made longer than any test (`env`).
	{ name: 'cache', fixtures: ['single'], open: 'single', trust: true, generate: (dir) => backdate(dir, Date.now() / 1000 - 60), env: { ISO27001_CACHE_SAVE_DELAY_MS: '600000' } },
];

/**
 * Sessions run only when named (`npm run bench:editor`): the editor benchmark, on the examples and
 * on a generated 50,000-file workspace (`generate` writes it into the session's folder).
 */
export const BENCH_SESSIONS = [
	{ name: 'bench', fixtures: [], open: 'bench', trust: true, generate: generateBenchWorkspace },
	// Both dated back a minute, so that the first scan caches every file (see the cache session).
	{ name: 'bench-examples', fixtures: [], open: 'examples', trust: true, generate: (dir) => { cpSync(join(REPO_ROOT, 'examples'), dir, { recursive: true }); backdate(dir, Date.now() / 1000 - 60); } },
];

/** 50,000 generated files (ISO27001_BENCH_FILES), and a 2,000-line file for the benchmark to edit. */
function generateBenchWorkspace(dir) {
	generateSources(dir, Number(process.env.ISO27001_BENCH_FILES ?? 50_000));
	// The file the benchmark edits: 2,000 lines of TypeScript.
	const lines = ["import { createHash } from 'node:crypto';", ''];
	for (let i = 0; lines.length + 5 <= 2000; i++) {
		lines.push(`// @iso27001 A.8.24 — digest ${i}`, `export function digest${i}(s: string): string {`, `\treturn createHash('sha256').update(s + ${i}).digest('hex');`, '}', '');
	}
	while (lines.length < 2000) {
		lines.push('// end of generated digests');
	}
	writeFileSync(join(dir, 'edited.ts'), `${lines.join('\n')}\n`);
	// Dated back a minute, so that the first scan caches every file (see the cache session).
	backdate(dir, Date.now() / 1000 - 60);
}

/** `files` small files, 100 per folder: TS, Python and Go, one in 20 annotated, one in 50 with unmapped crypto. */
function generateSources(dir, files) {
	for (let i = 0; i < files; i++) {
		const folder = join(dir, 'generated', `pkg${Math.floor(i / 100)}`);
		if (i % 100 === 0) {
			mkdirSync(folder, { recursive: true });
		}
		const kind = i % 3;
		const note = i % 20 === 0 ? `@iso27001 A.8.${(i % 34) + 1} — generated rationale ${i}` : `helper ${i}`;
		const crypto = i % 50 === 0;
		if (kind === 0) {
			writeFileSync(join(folder, `m${i}.ts`), `${crypto ? "import { createHash } from 'node:crypto';\n" : ''}// ${note}\nexport function f${i}(x: number): number {\n\treturn x * ${i};\n}\n${crypto ? `export const h${i} = () => createHash('md5');\n` : ''}`);
		} else if (kind === 1) {
			writeFileSync(join(folder, `m${i}.py`), `${crypto ? 'import hashlib\n' : ''}# ${note}\ndef f${i}(x):\n    return x * ${i}\n${crypto ? `\n\ndef h${i}(b):\n    return hashlib.md5(b)\n` : ''}`);
		} else {
			writeFileSync(join(folder, `m${i}.go`), `package p\n\n// ${note}\nfunc F${i}(x int) int {\n\treturn x * ${i}\n}\n`);
		}
	}
}

/** Sets the modification time of every file under `dir` to `seconds` since the epoch. */
function backdate(dir, seconds) {
	for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
		if (entry.isFile()) {
			utimesSync(join(entry.parentPath ?? entry.path, entry.name), seconds, seconds);
		}
	}
}

/** The sessions named on the command line (all when none is), or an error naming the known ones. */
export function selectSessions(argv) {
	const names = argv.filter((a) => !a.startsWith('-'));
	if (names.length === 0) {
		return SESSIONS;
	}
	const all = [...SESSIONS, ...BENCH_SESSIONS];
	const unknown = names.filter((n) => !all.some((s) => s.name === n));
	if (unknown.length > 0) {
		throw new Error(`unknown session(s) ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
	}
	return all.filter((s) => names.includes(s.name));
}

/**
 * A fresh temporary folder holding a copy of the session's fixtures (under workspace/); returns it and
 * the absolute path VS Code opens. The caller removes `tmp`.
 */
export function prepareWorkspace(session) {
	const tmp = mkdtempSync(join(tmpdir(), `iso27001-it-${session.name}-`));
	const workspaceDir = join(tmp, 'workspace');
	for (const f of session.fixtures) {
		cpSync(join(FIXTURES_DIR, f), join(workspaceDir, f), { recursive: true });
	}
	if (session.generate) {
		mkdirSync(join(workspaceDir, session.open), { recursive: true });
		session.generate(join(workspaceDir, session.open));
	}
	return { tmp, workspacePath: join(workspaceDir, session.open) };
}
