// Bundles the CLI, its scan worker and (later) the extension from the same src/core, and copies the
// WebAssembly files tree-sitter needs next to the bundles (node_modules is not shipped in the .vsix).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

// codeCache: the launcher (bin/iso27001.js) loads the CLI bundle through a V8 code cache with it.
const entryPoints = { cli: 'src/cli/main.ts', worker: 'src/core/scan/worker.ts', indexWorker: 'src/core/live/indexWorker.ts', codeCache: 'src/core/parse/codeCache.ts' };
if (existsSync('src/extension/extension.ts')) {
	entryPoints.extension = 'src/extension/extension.ts';
}

/** Grammars of the languages the scope resolver (and later detection) parses with tree-sitter. */
const GRAMMARS = ['python', 'go', 'java', 'kotlin', 'c_sharp', 'c', 'cpp', 'rust', 'swift', 'ruby', 'php', 'scala', 'lua', 'bash'];

function copyWasm() {
	mkdirSync('dist/wasm', { recursive: true });
	copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'), 'dist/wasm/tree-sitter.wasm');
	const out = join(dirname(require.resolve('tree-sitter-wasms/package.json')), 'out');
	for (const g of GRAMMARS) {
		copyFileSync(join(out, `tree-sitter-${g}.wasm`), `dist/wasm/tree-sitter-${g}.wasm`);
	}
}

/**
 * The TypeScript parser (it bundles the whole TypeScript compiler, ~10 MB) goes into its own file,
 * loaded on first use: threads that never meet an annotated TS/JS file never compile it.
 */
const ESTREE = '@typescript-eslint/typescript-estree';
entryPoints['typescript-estree'] = require.resolve(ESTREE);
const lazyEstree = {
	name: 'lazy-typescript-estree',
	setup(build) {
		build.onResolve({ filter: /^@typescript-eslint\/typescript-estree$/ }, (args) =>
			args.kind === 'entry-point' ? undefined : { path: './typescript-estree.js', external: true });
	},
};

const options = {
	entryPoints,
	plugins: [lazyEstree],
	outdir: 'dist',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['vscode'],
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	// The bundle always passes the wasm folder; the require.resolve fallback is for tests from source.
	logOverride: { 'require-resolve-not-external': 'silent' },
};

/**
 * Writes dist/builtin.json: the shipped rules and catalogs parsed and validated once here rather than
 * in every process and thread (src/core/snapshot). The writer is bundled to a temporary file and run.
 */
async function writeSnapshot() {
	const out = await esbuild.build({ ...options, entryPoints: ['src/core/snapshot/build.ts'], outdir: undefined, plugins: [], write: false, sourcemap: false, minify: false });
	const dir = mkdtempSync(join(tmpdir(), 'iso27001-snapshot-'));
	try {
		const script = join(dir, 'build.cjs');
		writeFileSync(script, out.outputFiles[0].text);
		require(script).writeSnapshot('rules', 'controls', 'dist');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

copyWasm();
if (watch) {
	const ctx = await esbuild.context(options);
	await ctx.watch();
} else {
	await esbuild.build(options);
	await writeSnapshot();
}
