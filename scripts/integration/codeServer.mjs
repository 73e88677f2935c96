// Starting and stopping code-server (a real VS Code: server + web workbench) and Debian's Chromium, shared
// by run-code-server.mjs (the integration tests) and ../screenshots.mjs. Everything started here is
// registered in `running`, so that any exit path can stop it with stopAll(): code-server runs in its own
// process group (extension host, pty host, file watcher) and is stopped as a group.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CODE_SERVER_ENTRY } from './install-code-server.mjs';
import { REPO_ROOT } from './sessions.mjs';

export const SERVER_START_TIMEOUT_MS = 60_000;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];

/** Everything started (code-server, browsers), as `{ stop() }` entries, in start order. */
export const running = new Set();

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until code-server answers /healthz, or fails when it exits first or takes too long. */
export async function waitForServer(port, child, logFile) {
	const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering; see ${logFile}`);
		}
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz`);
			if (res.ok) {
				return;
			}
		} catch {
			// not listening yet
		}
		await delay(200);
	}
	throw new Error(`code-server did not answer on port ${port} within ${SERVER_START_TIMEOUT_MS / 1000} s; see ${logFile}`);
}

/** SIGTERM to code-server's whole process group (extension host, pty host, file watcher), then SIGKILL. */
export async function killGroup(child) {
	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
			return true;
		} catch {
			return false; // the group is gone
		}
	};
	if (!signal('SIGTERM')) {
		return;
	}
	for (let i = 0; i < 50; i++) {
		await delay(100);
		if (!signal(0)) {
			return;
		}
	}
	signal('SIGKILL');
}

/** Stops the browser before the server (the other way round the workbench logs a reconnect loop). */
export async function stopAll() {
	for (const r of [...running].reverse()) {
		running.delete(r);
		await r.stop().catch(() => {});
	}
}

/**
 * Starts code-server on 127.0.0.1:<port> with fresh user-data and extensions folders under `tmp`, opening
 * `workspacePath`; its output goes to `logFile`. `trust: true` adds --disable-workspace-trust; `env` is
 * merged into the server's environment (which the extension host inherits).
 */
export function startCodeServer({ port, workspacePath, tmp, logFile, trust, env = {} }) {
	const args = [CODE_SERVER_ENTRY, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
		'--disable-update-check', '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', join(tmp, 'extensions')];
	if (trust) {
		args.push('--disable-workspace-trust');
	}
	args.push(workspacePath);
	const log = createWriteStream(logFile);
	const child = spawn(process.execPath, args, {
		cwd: tmp,
		detached: true, // its own process group, so that it can be stopped with its children
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	});
	child.stdout.pipe(log);
	child.stderr.pipe(log);
	const entry = { stop: () => killGroup(child) };
	running.add(entry);
	child.once('exit', () => running.delete(entry));
	return child;
}

/**
 * The workbench URL opening `workspacePath` (a folder, or a .code-workspace file) with this repository as
 * the extension under development; with `testsPath`, VS Code runs that test module's run() and reports
 * through window.codeAutomationExit, without it the workbench stays interactive.
 */
export function workbenchUrl(port, workspacePath, testsPath) {
	const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
	const payload = [['extensionDevelopmentPath', remote(REPO_ROOT)]];
	if (testsPath) {
		payload.push(['extensionTestsPath', remote(testsPath)]);
	}
	payload.push(['skipWelcome', 'true']);
	const open = workspacePath.endsWith('.code-workspace') ? 'workspace' : 'folder';
	return `http://127.0.0.1:${port}/?${open}=${encodeURIComponent(workspacePath)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
