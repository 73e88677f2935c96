// Installs code-server (a real VS Code: server + web workbench) from test/code-server/package-lock.json
// into .vscode-test/code-server/ on first use, with `npm ci`; skips the install when the folder was
// installed from the same lock (hash in .install-hash). Run directly to install only.
//
// Offline on Debian: everything comes from the npm registry except ripgrep. code-server's VS Code
// depends on @vscode/ripgrep, whose postinstall downloads `rg` from GitHub unless it finds the archive
// in $TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<rg version>-<target>.tar.gz. We put
// Debian's /usr/bin/rg there. Native modules (kerberos, argon2, …) build from source: they need
// build-essential, python3 and libkrb5-dev, the Node headers (nodedir) and, as root,
// npm_config_unsafe_perm=true; one calls `npx node-gyp`, which needs npm_config_yes=true.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './sessions.mjs';

const SOURCE_DIR = join(REPO_ROOT, 'test', 'code-server');
export const INSTALL_DIR = join(REPO_ROOT, '.vscode-test', 'code-server');
const HASH_FILE = join(INSTALL_DIR, '.install-hash');
const LOG_FILE = join(REPO_ROOT, '.vscode-test', 'code-server-install.log');
export const CODE_SERVER_ENTRY = join(INSTALL_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const VSCODE_DIR = join(INSTALL_DIR, 'node_modules', 'code-server', 'lib', 'vscode');

function lockHash() {
	const h = createHash('sha256');
	for (const f of ['package.json', 'package-lock.json']) {
		h.update(readFileSync(join(SOURCE_DIR, f)));
	}
	// Native modules are built for one Node ABI and architecture.
	h.update(`${process.versions.modules} ${process.platform} ${process.arch}`);
	return h.digest('hex');
}

export function isInstalled() {
	return existsSync(CODE_SERVER_ENTRY) && existsSync(HASH_FILE) && readFileSync(HASH_FILE, 'utf8').trim() === lockHash();
}

function which(cmd) {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		if (dir && existsSync(join(dir, cmd))) {
			return join(dir, cmd);
		}
	}
	return undefined;
}

function run(cmd, args, options) {
	const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
	const out = `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}\n`;
	writeFileSync(LOG_FILE, out, { flag: 'a' });
	if (r.error || r.status !== 0) {
		const tail = out.split('\n').slice(-40).join('\n');
		throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}); full log: ${LOG_FILE}\n${tail}`);
	}
	return r.stdout;
}

function ripgrepTarget() {
	if (process.platform !== 'linux') {
		throw new Error(`the code-server runner is for Linux; on ${process.platform} use scripts/integration/run-electron.mjs`);
	}
	const targets = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
	const target = targets[process.arch];
	if (!target) {
		throw new Error(`no ripgrep target known for ${process.arch}`);
	}
	return target;
}

/** Reads @vscode/ripgrep's version from code-server's VS Code lock, and the rg release its postinstall wants from the package itself. */
function ripgrepVersions(env, tmp) {
	const shrinkwrap = JSON.parse(readFileSync(join(VSCODE_DIR, 'npm-shrinkwrap.json'), 'utf8'));
	const packageVersion = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
	if (!packageVersion) {
		throw new Error(`@vscode/ripgrep not found in ${join(VSCODE_DIR, 'npm-shrinkwrap.json')}`);
	}
	const packDir = join(tmp, 'ripgrep-package');
	mkdirSync(packDir, { recursive: true });
	run('npm', ['pack', `@vscode/ripgrep@${packageVersion}`, '--pack-destination', packDir, '--silent'], { env, cwd: packDir });
	const tgz = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
	run('tar', ['-xzf', join(packDir, tgz), '-C', packDir]);
	const postinstall = readFileSync(join(packDir, 'package', 'lib', 'postinstall.js'), 'utf8');
	const m = /const VERSION = '([^']+)'/.exec(postinstall);
	if (!m) {
		throw new Error('could not read the ripgrep release (const VERSION) from @vscode/ripgrep/lib/postinstall.js');
	}
	return { packageVersion, rgVersion: m[1] };
}

function checkPrerequisites() {
	const missing = [];
	if (!which('rg')) { missing.push('ripgrep'); }
	if (!which('krb5-config') && !existsSync('/usr/include/gssapi/gssapi.h')) { missing.push('libkrb5-dev'); }
	if (!which('make') || !which('g++')) { missing.push('build-essential'); }
	if (!which('python3')) { missing.push('python3'); }
	if (missing.length > 0) {
		throw new Error(`installing code-server needs: apt-get install -y ${missing.join(' ')}`);
	}
}

/** Installs code-server when needed; returns the seconds the install took, or null when it was already there. */
export function ensureCodeServer({ log = console.log } = {}) {
	if (isInstalled()) {
		return null;
	}
	checkPrerequisites();
	const started = Date.now();
	log(`installing code-server into ${INSTALL_DIR} (first use; log: ${LOG_FILE})`);
	rmSync(INSTALL_DIR, { recursive: true, force: true });
	mkdirSync(INSTALL_DIR, { recursive: true });
	writeFileSync(LOG_FILE, '');
	for (const f of ['package.json', 'package-lock.json']) {
		copyFileSync(join(SOURCE_DIR, f), join(INSTALL_DIR, f));
	}
	const tmp = mkdtempSync(join(tmpdir(), 'iso27001-code-server-install-'));
	try {
		const env = {
			...process.env,
			TMPDIR: tmp, // where @vscode/ripgrep looks for its cached download
			npm_config_unsafe_perm: 'true',
			npm_config_yes: 'true',
			npm_config_audit: 'false',
			npm_config_fund: 'false',
			npm_config_update_notifier: 'false',
		};
		// node-gyp must build against the headers of the running Node rather than download them.
		const headers = join(dirname(dirname(process.execPath)), 'include', 'node');
		if (!env.npm_config_nodedir && existsSync(join(headers, 'node.h'))) {
			env.npm_config_nodedir = dirname(dirname(process.execPath));
		}
		// 1. Unpack without scripts, to read the ripgrep versions from what will be installed.
		run('npm', ['ci', '--ignore-scripts'], { env, cwd: INSTALL_DIR });
		const { packageVersion, rgVersion } = ripgrepVersions(env, tmp);
		const cacheDir = join(tmp, `vscode-ripgrep-cache-${packageVersion}`);
		const stage = join(tmp, 'rg-stage');
		mkdirSync(cacheDir, { recursive: true });
		mkdirSync(stage, { recursive: true });
		copyFileSync(which('rg'), join(stage, 'rg'));
		const archive = `ripgrep-${rgVersion}-${ripgrepTarget()}.tar.gz`;
		run('tar', ['-czf', join(cacheDir, archive), '-C', stage, 'rg']);
		log(`  ripgrep: @vscode/ripgrep ${packageVersion} will use ${which('rg')} (as ${archive})`);
		// 2. The real install, with scripts (code-server's postinstall installs VS Code's own dependencies).
		run('npm', ['ci'], { env, cwd: INSTALL_DIR });
		const rg = join(VSCODE_DIR, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
		if (!existsSync(rg) || !existsSync(CODE_SERVER_ENTRY)) {
			throw new Error(`code-server install incomplete (${existsSync(rg) ? CODE_SERVER_ENTRY : rg} missing); log: ${LOG_FILE}`);
		}
		writeFileSync(HASH_FILE, `${lockHash()}\n`);
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
	const seconds = (Date.now() - started) / 1000;
	log(`code-server installed in ${seconds.toFixed(1)} s`);
	return seconds;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		const s = ensureCodeServer();
		if (s === null) {
			console.log(`code-server already installed in ${INSTALL_DIR}`);
		}
	} catch (e) {
		console.error(`error: ${e.message}`);
		process.exit(1);
	}
}
