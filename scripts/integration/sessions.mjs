// The integration test sessions, shared by run-code-server.mjs and run-electron.mjs. Each session opens
// its own fixture workspace in a fresh VS Code and runs only the compiled tests of its suite folder
// (out/integration/suites/<name>/**/*.test.js), chosen by test/integration/index.ts from the
// ISO27001_TEST_SESSION environment variable.
//
//   fixtures: files and folders of test/integration/fixtures/ copied into a fresh temporary folder
//             (tests may create, delete and rename files);
//   open:     what VS Code opens in that copy: a folder, or a .code-workspace file (multi-root);
//   trust:    false leaves the workspace untrusted (restricted mode).
import { cpSync, mkdtempSync } from 'node:fs';
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
];

/** The sessions named on the command line (all when none is), or an error naming the known ones. */
export function selectSessions(argv) {
	const names = argv.filter((a) => !a.startsWith('-'));
	if (names.length === 0) {
		return SESSIONS;
	}
	const unknown = names.filter((n) => !SESSIONS.some((s) => s.name === n));
	if (unknown.length > 0) {
		throw new Error(`unknown session(s) ${unknown.join(', ')}; known: ${SESSIONS.map((s) => s.name).join(', ')}`);
	}
	return SESSIONS.filter((s) => names.includes(s.name));
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
	return { tmp, workspacePath: join(workspaceDir, session.open) };
}
