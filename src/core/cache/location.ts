import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** The cache file's name inside the cache folder. */
export const CACHE_FILE = 'results.json';

/** What the default location depends on besides the root (parameters, so tests need no real home). */
export interface LocationEnv {
	readonly env: NodeJS.ProcessEnv;
	readonly platform: NodeJS.Platform;
	readonly home: string;
}

const PROCESS_ENV: LocationEnv = { env: process.env, platform: process.platform, home: homedir() };

/**
 * The default cache folder of a scanned root (SPEC `--cache`): `node_modules/.cache/iso27001` under
 * the root when the root has a `node_modules` folder (where JavaScript tools keep theirs), else a
 * folder per root (named by a hash of its absolute path) in the OS cache folder: `$XDG_CACHE_HOME`,
 * `%LOCALAPPDATA%` on Windows, `~/Library/Caches` on macOS, `~/.cache` elsewhere.
 */
export function defaultCacheLocation(root: string, from: LocationEnv = PROCESS_ENV): string {
	const abs = path.resolve(root);
	if (isFolder(path.join(abs, 'node_modules'))) {
		return path.join(abs, 'node_modules', '.cache', 'iso27001');
	}
	const perRoot = createHash('sha256').update(abs).digest('hex').slice(0, 16);
	return path.join(osCacheFolder(from), 'iso27001', perRoot);
}

function osCacheFolder({ env, platform, home }: LocationEnv): string {
	if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) {
		return env.XDG_CACHE_HOME;
	}
	if (platform === 'win32' && env.LOCALAPPDATA) {
		return env.LOCALAPPDATA;
	}
	return platform === 'darwin' ? path.join(home, 'Library', 'Caches') : path.join(home, '.cache');
}

function isFolder(p: string): boolean {
	try {
		return statSync(p).isDirectory();
	} catch {
		return false;
	}
}
