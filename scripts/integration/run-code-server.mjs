// Runs the integration tests inside a real VS Code extension host, headless and offline: code-server
// (VS Code server + web workbench, installed from the npm registry on first use) opened in Debian's
// Chromium through playwright-core. For each session of sessions.mjs: a fresh copy of its fixture
// workspace, a fresh code-server on a free port (fresh user-data and extensions folders), one page whose
// URL carries the extension development and tests paths; the extension host's console is printed, and
// the session ends with the exit code VS Code hands to window.codeAutomationExit.
//
//   node scripts/integration/run-code-server.mjs [session ...]
//
// Environment: ISO27001_TEST_TIMEOUT_MS (per session, default 8 minutes), CHROMIUM_PATH (default
// /usr/bin/chromium), ISO27001_TEST_KEEP=1 keeps the temporary folders, ISO27001_TEST_SCREENSHOT=1
// saves a screenshot of each session's workbench under .vscode-test/logs/. While iterating,
// ISO27001_TEST_FILES=editor,completion runs only the session's test files whose names contain one of
// those parts, and ISO27001_TEST_GREP=<pattern> only the tests whose titles match (test/integration/index.ts).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { buildTests } from './build-tests.mjs';
import { CHROMIUM, CHROMIUM_ARGS, freePort, running, startCodeServer, stopAll, waitForServer, workbenchUrl } from './codeServer.mjs';
import { ensureCodeServer } from './install-code-server.mjs';
import { REPO_ROOT, SESSION_ENV, TESTS_INDEX, prepareWorkspace, selectSessions } from './sessions.mjs';

const TIMEOUT_MS = Number(process.env.ISO27001_TEST_TIMEOUT_MS ?? 8 * 60_000);
const LOG_DIR = join(REPO_ROOT, '.vscode-test', 'logs');
const COUNTS = /^(\S+): (\d+) passed, (\d+) failed, (\d+) skipped$/m;

/** One session: returns { name, ok, reason, seconds, counts }. */
async function runSession(session) {
	const started = Date.now();
	const { tmp, workspacePath } = prepareWorkspace(session);
	const logFile = join(LOG_DIR, `${session.name}-code-server.log`);
	let output = '';
	let finished = false;
	let timer;
	const print = (line) => {
		output += `${line}\n`;
		process.stdout.write(`  ${line.replace(/\n/g, '\n  ')}\n`);
	};
	try {
		const port = await freePort();
		// The extension host inherits the server's environment: this selects the session's tests.
		const server = startCodeServer({ port, workspacePath, tmp, logFile, trust: session.trust, env: { ...session.env, [SESSION_ENV]: session.name } });
		await waitForServer(port, server, logFile);

		const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
		const browserEntry = { stop: () => browser.close() };
		running.add(browserEntry);
		const page = await browser.newPage();

		let settle;
		const done = new Promise((resolve) => { settle = resolve; });
		let exited = false;
		await page.exposeFunction('codeAutomationLog', (_type, args) => {
			const text = Array.isArray(args) ? format(...args) : String(args);
			if (exited || finished) {
				return; // the workbench losing its server while it is stopped
			}
			// Expected noise with long stacks: the extension gallery (open-vsx) cannot be reached offline, and
			// test mode refuses the workspace trust prompt (which is what keeps the restricted session untrusted).
			if (/ENOTFOUND open-vsx\.org/.test(text)) {
				print('(extension gallery unreachable offline: ignored)');
			} else if (/refused to show dialog in tests.*trust the authors/s.test(text)) {
				print('(workspace trust prompt refused in test mode: the workspace stays restricted)');
			} else {
				print(text);
			}
		});
		await page.exposeFunction('codeAutomationExit', (code) => {
			exited = true;
			settle({ ok: code === 0, reason: `VS Code exit code ${code}` });
		});
		page.on('crash', () => settle({ ok: false, reason: 'the workbench page crashed' }));
		server.once('exit', (code, sig) => settle({ ok: false, reason: `code-server exited (${code ?? sig}) during the tests` }));
		browser.on('disconnected', () => settle({ ok: false, reason: 'the browser disconnected' }));
		timer = setTimeout(() => settle({ ok: false, reason: `timed out after ${TIMEOUT_MS / 1000} s` }), TIMEOUT_MS);

		await page.goto(workbenchUrl(port, workspacePath, TESTS_INDEX), { waitUntil: 'domcontentloaded', timeout: 120_000 });
		const result = await done;
		if (process.env.ISO27001_TEST_SCREENSHOT === '1') {
			await page.screenshot({ path: join(LOG_DIR, `${session.name}.png`) }).catch(() => {});
		}
		const m = COUNTS.exec(output);
		const counts = m ? { passed: Number(m[2]), failed: Number(m[3]), skipped: Number(m[4]) } : null;
		return { name: session.name, ...result, counts };
	} catch (e) {
		return { name: session.name, ok: false, reason: e.message, counts: null };
	} finally {
		clearTimeout(timer);
		finished = true;
		await stopAll();
		if (process.env.ISO27001_TEST_KEEP === '1') {
			print(`(kept ${tmp})`);
		} else {
			rmSync(tmp, { recursive: true, force: true });
		}
		session.seconds = (Date.now() - started) / 1000;
	}
}

function tail(file, lines) {
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n') : '(no log)';
}

async function main() {
	const sessions = selectSessions(process.argv.slice(2));
	for (const sig of ['SIGINT', 'SIGTERM']) {
		process.once(sig, () => {
			void stopAll().finally(() => process.exit(130));
		});
	}
	const installSeconds = ensureCodeServer();
	if (!existsSync(CHROMIUM)) {
		throw new Error(`no browser at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
	}
	if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) {
		throw new Error('dist/extension.js is missing: run `npm run build` first');
	}
	await buildTests();
	mkdirSync(LOG_DIR, { recursive: true });

	const results = [];
	for (const session of sessions) {
		console.log(`\n[${session.name}] ${session.open}${session.trust ? '' : ' (untrusted)'}`);
		const r = await runSession(session);
		r.seconds = session.seconds;
		results.push(r);
		console.log(`[${session.name}] ${r.ok ? 'passed' : `FAILED: ${r.reason}`} in ${r.seconds.toFixed(1)} s`);
		if (!r.ok) {
			const logFile = join(LOG_DIR, `${session.name}-code-server.log`);
			console.log(`  last lines of ${relative(REPO_ROOT, logFile)}:\n${tail(logFile, 15).replace(/^/gm, '    ')}`);
		}
	}

	console.log('\nsessions:');
	if (installSeconds !== null) {
		console.log(`  code-server install: ${installSeconds.toFixed(1)} s`);
	}
	const total = { passed: 0, failed: 0, skipped: 0 };
	for (const r of results) {
		const c = r.counts ?? { passed: 0, failed: 0, skipped: 0 };
		// A session that failed without a failing test (crash, timeout, no tests) counts as one failure.
		const failed = !r.ok && c.failed === 0 ? 1 : c.failed;
		total.passed += c.passed;
		total.failed += failed;
		total.skipped += c.skipped;
		console.log(`  ${r.name.padEnd(12)} ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(1).padStart(6)} s  ${r.counts ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : r.reason}`);
	}
	console.log(`\nintegration: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
	return results.every((r) => r.ok) ? 0 : 1;
}

main().then((code) => {
	process.exitCode = code;
}, async (e) => {
	console.error(`error: ${e.message}`);
	await stopAll();
	process.exitCode = 1;
});
