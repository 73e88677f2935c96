import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { threadId } from 'node:worker_threads';

/** A CommonJS module loaded through a V8 code cache, and how to refresh that cache. */
export interface CachedModule {
	readonly exports: unknown;
	/** True when V8 accepted the cached code (the module was not compiled from source). */
	readonly fromCache: boolean;
	/**
	 * Writes the cache if it was missing or stale. Call it after the module's hot functions have
	 * run once: V8 then includes their compiled bytecode, not only the top level.
	 */
	readonly saveCache: () => void;
}

/**
 * Loads a large bundled CommonJS file (the TypeScript parser, ~10 MB) with a V8 code cache kept in
 * the temporary folder, so later processes and worker threads skip compiling it. Node 22 has
 * `module.enableCompileCache()` for this; VS Code and Node 20 do not. Any cache problem falls back
 * to a normal compile: the cache is an optimisation only.
 */
export function requireWithCodeCache(file: string, cacheDir = path.join(tmpdir(), 'iso27001-code-cache')): CachedModule {
	const source = readFileSync(file, 'utf8');
	const stat = statSync(file);
	// The first 8 digits name the file's path, the rest its version: a version replaces only the
	// caches of its own path, never those of another install's file of the same name.
	const where = createHash('sha256').update(file).digest('hex').slice(0, 8);
	const key = where + createHash('sha256').update(`${file}\0${stat.size}\0${stat.mtimeMs}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16);
	const cacheFile = path.join(cacheDir, `${path.basename(file)}-${key}.bin`);
	let cachedData: Buffer | undefined;
	try {
		cachedData = readFileSync(cacheFile);
	} catch {
		cachedData = undefined;
	}
	const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
	const script = new Script(wrapper, { filename: file, cachedData });
	const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
	const mod = { exports: {} as unknown };
	fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
	let stale = cachedData === undefined || script.cachedDataRejected === true;
	return {
		exports: mod.exports,
		fromCache: !stale,
		saveCache: () => {
			if (!stale) {
				return;
			}
			stale = false;
			try {
				mkdirSync(cacheDir, { recursive: true });
				// Write then rename: other threads and processes may read the cache at the same time.
				const tmp = `${cacheFile}.${process.pid}.${threadId}.tmp`;
				writeFileSync(tmp, script.createCachedData());
				renameSync(tmp, cacheFile);
				removeOtherVersions(cacheDir, cacheFile, where);
			} catch {
				// A read-only or full temporary folder only costs speed.
			}
		},
	};
}

/**
 * Deletes the caches of other versions of the same file (an earlier build, another Node): each is
 * megabytes, and the temporary folder would otherwise collect one per upgrade. The caches of a file
 * of the same name elsewhere (another checkout or install) stay: each run would otherwise delete the
 * other's and compile from source.
 */
function removeOtherVersions(cacheDir: string, keep: string, where: string): void {
	const name = path.basename(keep);
	const prefix = name.slice(0, name.lastIndexOf('-') + 1) + where;
	for (const entry of readdirSync(cacheDir)) {
		if (entry !== name && entry.startsWith(prefix) && /^[0-9a-f]{16}\.bin$/.test(entry.slice(prefix.length))) {
			rmSync(path.join(cacheDir, entry), { force: true });
		}
	}
}
