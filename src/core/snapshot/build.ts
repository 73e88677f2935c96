/**
 * Writes the build's snapshot of the shipped rules and catalogs (see `read.ts`). Run by esbuild.mjs
 * after bundling; the YAML stays the source of truth and every entry carries the digest it came from.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseCatalog } from '../catalog/loadCatalog';
import { loadRuleDir, rulesDigest } from '../rules/load';
import type { Catalog } from '../types';
import { SNAPSHOT_FILE, SNAPSHOT_FORMAT, textDigest, type Snapshot, type SnapshotCatalog } from './read';

/** The snapshot of the rule files in `rulesDir` and the catalogs (`*.yaml`) in `controlsDir`. */
export function buildSnapshot(rulesDir: string, controlsDir: string): Snapshot {
	const catalogs: Record<string, SnapshotCatalog> = {};
	for (const name of readdirSync(controlsDir).filter((n) => n.endsWith('.yaml')).sort()) {
		const file = path.join(controlsDir, name);
		const text = readFileSync(file, 'utf8');
		catalogs[textDigest(text)] = withoutSource(parseCatalog(text, file));
	}
	return { format: SNAPSHOT_FORMAT, rules: { digest: rulesDigest(rulesDir), records: loadRuleDir(rulesDir) }, catalogs };
}

function withoutSource(catalog: Catalog): SnapshotCatalog {
	return Object.fromEntries(Object.entries(catalog).filter(([key]) => key !== 'source')) as unknown as SnapshotCatalog;
}

/** Writes {@link buildSnapshot} into `outDir`; returns the file written. */
export function writeSnapshot(rulesDir: string, controlsDir: string, outDir: string): string {
	const file = path.join(outDir, SNAPSHOT_FILE);
	writeFileSync(file, JSON.stringify(buildSnapshot(rulesDir, controlsDir)));
	return file;
}
