#!/usr/bin/env node
// Fails when the TypeScript sources under src/ import each other in a cycle (type-only imports
// included: a cycle of types is a cycle of design). Prints each cycle as a chain of files.
//
//   node scripts/check-imports.mjs [dir]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.resolve(process.argv[2] ?? path.join(ROOT, 'src'));
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

function listTs(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const p = path.join(dir, e.name);
		return e.isDirectory() ? listTs(p) : e.name.endsWith('.ts') ? [p] : [];
	});
}

function resolveImport(from, spec) {
	const base = path.resolve(path.dirname(from), spec);
	return [`${base}.ts`, path.join(base, 'index.ts')].find((p) => fs.existsSync(p));
}

const files = listTs(SRC);
const edges = new Map(files.map((f) => {
	const text = fs.readFileSync(f, 'utf8');
	const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(f, m[1])).filter(Boolean);
	return [f, [...new Set(targets)]];
}));

// Tarjan's strongly connected components: every component of more than one file is a cycle.
let index = 0;
const stack = [];
const info = new Map();
const cycles = [];
function visit(v) {
	info.set(v, { index, low: index, onStack: true });
	index++;
	stack.push(v);
	for (const w of edges.get(v) ?? []) {
		if (!info.has(w)) {
			visit(w);
			info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
		} else if (info.get(w).onStack) {
			info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
		}
	}
	if (info.get(v).low === info.get(v).index) {
		const component = [];
		let w;
		do {
			w = stack.pop();
			info.get(w).onStack = false;
			component.push(w);
		} while (w !== v);
		if (component.length > 1) cycles.push(component);
	}
}
for (const f of files) if (!info.has(f)) visit(f);

const rel = (p) => path.relative(ROOT, p);
if (cycles.length > 0) {
	for (const c of cycles) process.stderr.write(`import cycle among ${c.length} files:\n  ${c.map(rel).sort().join('\n  ')}\n`);
	process.exit(1);
}
process.stdout.write(`imports: ${files.length} files, no cycle\n`);
