import * as path from 'node:path';
import { loadCatalogFile } from '../../src/core/catalog';
import type { Catalog, Comment } from '../../src/core/types';

/** The repository's `controls/` folder. */
export const CONTROLS_DIR = path.join(__dirname, '../../controls');

let cache: { c2022: Catalog; c2013: Catalog } | undefined;

/** The built-in catalogs, loaded once. */
export function builtInCatalogs(): { c2022: Catalog; c2013: Catalog } {
	cache ??= {
		c2022: loadCatalogFile(path.join(CONTROLS_DIR, 'iso27001-2022.yaml')),
		c2013: loadCatalogFile(path.join(CONTROLS_DIR, 'iso27001-2013.yaml')),
	};
	return cache;
}

/** A single `//` line comment spanning the whole of `line` (1-based) of `text`, for parser tests. */
export function lineComment(text: string, marker = '//'): Comment[] {
	const out: Comment[] = [];
	let offset = 0;
	text.split('\n').forEach((l, i) => {
		const at = l.indexOf(marker);
		if (at !== -1) {
			out.push({
				kind: 'line', start: offset + at, end: offset + l.length, contentStart: offset + at + marker.length,
				contentEnd: offset + l.length, line: i + 1, endLine: i + 1, trailing: l.slice(0, at).trim() !== '',
			});
		}
		offset += l.length + 1;
	});
	return out;
}

/** Seeded PRNG (mulberry32), so that fuzz inputs are the same on every run and failures replay. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
