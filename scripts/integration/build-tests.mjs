// Bundles the integration tests for the extension host: test/integration/index.ts and every
// test/integration/**/*.test.ts into out/integration/ (same relative paths, .js), CommonJS for Node.
// `vscode` is provided by the extension host and `mocha` is loaded at run time from node_modules.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OUT_DIR, REPO_ROOT } from './sessions.mjs';

const SOURCE_DIR = join(REPO_ROOT, 'test', 'integration');

/** index.ts and the *.test.ts files (fixtures excluded: they are workspaces, not tests). */
export function testEntryPoints() {
	const tests = readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' })
		.filter((f) => f.endsWith('.test.ts') && !f.split(/[\\/]/).includes('fixtures'))
		.sort();
	return [join(SOURCE_DIR, 'index.ts'), ...tests.map((f) => join(SOURCE_DIR, f))];
}

export async function buildTests() {
	const entryPoints = testEntryPoints();
	rmSync(OUT_DIR, { recursive: true, force: true });
	await esbuild.build({
		entryPoints,
		outbase: SOURCE_DIR,
		outdir: OUT_DIR,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode', 'mocha'],
		sourcemap: 'inline',
		logLevel: 'warning',
		absWorkingDir: REPO_ROOT,
	});
	return entryPoints.map((e) => relative(REPO_ROOT, e));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const built = await buildTests();
	console.log(`built ${built.length} integration test bundle(s) into ${relative(REPO_ROOT, OUT_DIR)}/`);
}
