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
	/** True when the cache V8 accepted was the one {@link saveRunCache} wrote. */
	readonly fromRunCache: boolean;
	/**
	 * Writes, once per version of the file, a second cache that later loads prefer: one made at the
	 * end of a run, which holds the bytecode of every function the run compiled (a short run, such as
	 * a warm `--cache` scan, otherwise compiles them from source each time). Call it only after a
	 * short run: V8 discards the bytecode of functions left unused over several full collections
	 * (the top level's among them), and a cache made after a long run would load less.
	 */
	readonly saveRunCache: () => void;
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
	const runCacheFile = path.join(cacheDir, `${path.basename(file)}-${key}.run.bin`);
	let cachedData = readOrUndefined(runCacheFile);
	const fromRun = cachedData !== undefined;
	cachedData ??= readOrUndefined(cacheFile);
	const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
	const script = new Script(wrapper, { filename: file, cachedData });
	const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: { exports: unknown }, f: string, d: string) => void;
	const mod = { exports: {} as unknown };
	fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
	let stale = cachedData === undefined || script.cachedDataRejected === true;
	if (fromRun && stale) {
		try {
			rmSync(runCacheFile, { force: true }); // Rejected: written again after a short run.
		} catch {
			// Left: rejected again, at the cost of a compile.
		}
	}
	let runStale = !fromRun || stale;
	const fromCache = !stale;
	return {
		exports: mod.exports,
		fromCache,
		fromRunCache: fromRun && fromCache,
		saveCache: () => {
			if (stale) {
				stale = false;
				writeCache(script, cacheFile, () => removeOtherVersions(cacheDir, cacheFile, where));
			}
		},
		saveRunCache: () => {
			if (runStale) {
				runStale = false;
				writeCache(script, runCacheFile, () => undefined);
			}
		},
	};
}

function readOrUndefined(file: string): Buffer | undefined {
	try {
		return readFileSync(file);
	} catch {
		return undefined;
	}
}

/** Writes the script's code cache to `file`, then calls `then`; a failure is ignored. */
function writeCache(script: Script, file: string, then: () => void): void {
	try {
		mkdirSync(path.dirname(file), { recursive: true });
		// Write then rename: other threads and processes may read the cache at the same time.
		const tmp = `${file}.${process.pid}.${threadId}.tmp`;
		writeFileSync(tmp, script.createCachedData());
		renameSync(tmp, file);
		then();
	} catch {
		// A read-only or full temporary folder only costs speed.
	}
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
	const current = name.slice(prefix.length);
	for (const entry of readdirSync(cacheDir)) {
		// Both caches of a version: `KEY.bin` and `KEY.run.bin`.
		const version = entry.slice(prefix.length).replace(/\.run\.bin$/, '.bin');
		if (entry.startsWith(prefix) && /^[0-9a-f]{16}\.bin$/.test(version) && version !== current) {
			rmSync(path.join(cacheDir, entry), { force: true });
		}
	}
}
