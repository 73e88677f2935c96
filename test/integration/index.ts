// Entry point VS Code calls in the extension host (extensionTestsPath = out/integration/index.js), under
// code-server (scripts/integration/run-code-server.mjs) or Electron (scripts/integration/run-electron.mjs).
// Runs the compiled tests of one session, out/integration/suites/<ISO27001_TEST_SESSION>/**/*.test.js,
// and rejects when a test fails: VS Code then exits with code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as MochaTypes from 'mocha';
import * as vscode from 'vscode';

type MochaModule = typeof MochaTypes & { default: typeof MochaTypes };

/** Every compiled test file under `dir`, sorted. */
function testFiles(dir: string): string[] {
	return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.test.js'))
		.map((f) => path.join(dir, f))
		.sort();
}

/**
 * One line per test through console.log (the only output the extension host forwards under
 * code-server), the failures with their stacks, and the closing "session: N passed, N failed, N skipped".
 */
function reporterFor(mocha: typeof MochaTypes, session: string) {
	const { EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = mocha.Runner.constants;
	return class SessionReporter extends mocha.reporters.Base {
		constructor(runner: MochaTypes.Runner, options?: MochaTypes.MochaOptions) {
			super(runner, options);
			const failures: { title: string; err: Error }[] = [];
			let depth = 0;
			const indent = () => '  '.repeat(Math.max(depth, 1));
			runner.on(EVENT_SUITE_BEGIN, (suite) => {
				if (suite.title) {
					console.log(`${indent()}${suite.title}`);
				}
				depth++;
			});
			runner.on(EVENT_SUITE_END, () => depth--);
			runner.on(EVENT_TEST_PASS, (test) => console.log(`${indent()}✓ ${test.title} (${test.duration ?? 0} ms)`));
			runner.on(EVENT_TEST_PENDING, (test) => console.log(`${indent()}- ${test.title} (skipped)`));
			runner.on(EVENT_TEST_FAIL, (test, err: Error) => {
				failures.push({ title: test.fullTitle(), err });
				console.log(`${indent()}✗ ${test.title}`);
			});
			runner.once(EVENT_RUN_END, () => {
				failures.forEach((f, i) => console.log(`\n${i + 1}) ${f.title}\n${f.err.stack ?? String(f.err)}`));
				const s = runner.stats!;
				console.log(`\n${session}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
			});
		}
	};
}

export async function run(): Promise<void> {
	const session = process.env.ISO27001_TEST_SESSION;
	if (!session) {
		throw new Error('ISO27001_TEST_SESSION is not set: run the tests through scripts/integration/run-code-server.mjs or run-electron.mjs');
	}
	// mocha is an ES module package (lib/mocha.cjs behind it); import() loads it in any extension host.
	const mod = (await import('mocha')) as MochaModule;
	const mocha = mod.default;
	const dir = path.join(__dirname, 'suites', session);
	// ISO27001_TEST_FILES (comma-separated parts of file names) and ISO27001_TEST_GREP (a test title
	// pattern) narrow a session while iterating; `npm test` sets neither.
	const only = (process.env.ISO27001_TEST_FILES ?? '').split(',').filter((x) => x !== '');
	const files = (fs.existsSync(dir) ? testFiles(dir) : []).filter((f) => only.length === 0 || only.some((o) => path.basename(f).includes(o)));
	if (files.length === 0) {
		throw new Error(`no compiled tests for session "${session}" in ${dir}`);
	}
	const grep = process.env.ISO27001_TEST_GREP;
	const runner = new mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: reporterFor(mocha, session), ...(grep ? { grep } : {}) });
	for (const f of files) {
		runner.addFile(f);
	}
	console.log(`session ${session}: ${files.length} test file(s), VS Code ${vscode.version}`);
	const failures = await new Promise<number>((resolve) => runner.run(resolve));
	if (failures > 0) {
		throw new Error(`${failures} test(s) failed in session ${session}`);
	}
}
