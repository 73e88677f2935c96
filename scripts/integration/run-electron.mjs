// Runs the same integration sessions as run-code-server.mjs in desktop VS Code (Electron) through
// @vscode/test-electron, for machines with a display (or xvfb-run) and internet: test-electron downloads
// VS Code into .vscode-test/ unless VSCODE_EXECUTABLE names an installed VS Code executable.
//
//   node scripts/integration/run-electron.mjs [session ...]
//   VSCODE_EXECUTABLE=/usr/share/code/code node scripts/integration/run-electron.mjs
//   VSCODE_VERSION=1.100.3 node scripts/integration/run-electron.mjs     (default: stable)
//
// runTests() always passes --disable-workspace-trust, so the untrusted session (restricted) spawns the
// executable itself with the same arguments less that one.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { buildTests } from './build-tests.mjs';
import { REPO_ROOT, SESSION_ENV, TESTS_INDEX, prepareWorkspace, selectSessions } from './sessions.mjs';

const COUNTS = /^(\S+): (\d+) passed, (\d+) failed, (\d+) skipped$/m;

async function vscodeExecutable() {
	if (process.env.VSCODE_EXECUTABLE) {
		return process.env.VSCODE_EXECUTABLE;
	}
	const version = process.env.VSCODE_VERSION ?? 'stable';
	try {
		return await downloadAndUnzipVSCode({ version, cachePath: join(REPO_ROOT, '.vscode-test'), timeout: 30_000 });
	} catch (e) {
		throw new Error(`could not download VS Code ${version} (${e.message}).\n`
			+ '  This runner needs internet access to the VS Code update server, or VSCODE_EXECUTABLE set to an installed\n'
			+ '  VS Code executable (e.g. /usr/share/code/code). Offline, use: node scripts/integration/run-code-server.mjs');
	}
}

/** Runs VS Code the way runTests() does, less --disable-workspace-trust; resolves with its exit code. */
function runUntrusted(executable, args, env) {
	return new Promise((resolve, reject) => {
		const child = spawn(executable, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		child.stdout.on('data', (d) => process.stdout.write(d));
		child.stderr.on('data', (d) => process.stderr.write(d));
		child.on('error', reject);
		child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** Captures what the session prints, to read its closing count line. */
function captureStdout() {
	let text = '';
	const write = process.stdout.write.bind(process.stdout);
	process.stdout.write = (chunk, ...rest) => {
		text += String(chunk);
		return write(chunk, ...rest);
	};
	return () => {
		process.stdout.write = write;
		return text;
	};
}

async function runSession(executable, session) {
	const { tmp, workspacePath } = prepareWorkspace(session);
	const profile = [`--user-data-dir=${join(tmp, 'user-data')}`, `--extensions-dir=${join(tmp, 'extensions')}`];
	const launchArgs = [workspacePath, '--disable-extensions', ...profile];
	const env = { ...session.env, [SESSION_ENV]: session.name };
	try {
		if (session.trust) {
			// runTests() adds --disable-workspace-trust itself.
			await runTests({
				vscodeExecutablePath: executable,
				extensionDevelopmentPath: REPO_ROOT,
				extensionTestsPath: TESTS_INDEX,
				extensionTestsEnv: env,
				launchArgs,
			});
			return { ok: true, reason: 'exit code 0' };
		}
		const args = [...launchArgs, '--no-sandbox', '--disable-gpu-sandbox', '--disable-updates', '--skip-welcome',
			'--skip-release-notes', `--extensionTestsPath=${TESTS_INDEX}`, `--extensionDevelopmentPath=${REPO_ROOT}`];
		const code = await runUntrusted(executable, args, env);
		return { ok: code === 0, reason: `exit code ${code}` };
	} catch (e) {
		return { ok: false, reason: e.code !== undefined || e.signal !== undefined ? `exit code ${e.code ?? e.signal}` : e.message };
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

async function main() {
	const sessions = selectSessions(process.argv.slice(2));
	if (!existsSync(join(REPO_ROOT, 'dist', 'extension.js'))) {
		throw new Error('dist/extension.js is missing: run `npm run build` first');
	}
	const executable = await vscodeExecutable();
	await buildTests();
	mkdirSync(join(REPO_ROOT, '.vscode-test'), { recursive: true });
	const results = [];
	for (const session of sessions) {
		console.log(`\n[${session.name}] ${session.open}${session.trust ? '' : ' (untrusted)'}`);
		const started = Date.now();
		const stop = captureStdout();
		let r;
		try {
			r = await runSession(executable, session);
		} finally {
			const m = COUNTS.exec(stop());
			r = { ...r, name: session.name, seconds: (Date.now() - started) / 1000, counts: m ? { passed: +m[2], failed: +m[3], skipped: +m[4] } : null };
		}
		results.push(r);
		console.log(`[${session.name}] ${r.ok ? 'passed' : `FAILED: ${r.reason}`} in ${r.seconds.toFixed(1)} s`);
	}
	const total = { passed: 0, failed: 0, skipped: 0 };
	console.log('\nsessions:');
	for (const r of results) {
		const c = r.counts ?? { passed: 0, failed: 0, skipped: 0 };
		total.passed += c.passed;
		total.failed += !r.ok && c.failed === 0 ? 1 : c.failed;
		total.skipped += c.skipped;
		console.log(`  ${r.name.padEnd(12)} ${r.ok ? 'ok    ' : 'FAILED'} ${r.seconds.toFixed(1).padStart(6)} s  ${r.counts ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : r.reason}`);
	}
	console.log(`\nelectron: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
	return results.every((r) => r.ok) ? 0 : 1;
}

main().then((code) => {
	process.exitCode = code;
}, (e) => {
	console.error(`error: ${e.message}`);
	process.exitCode = 1;
});
