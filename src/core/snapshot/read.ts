/**
 * The build's snapshot of the shipped data files: the built-in rule records and catalogs, parsed and
 * validated from their YAML when the bundle was built (`dist/builtin.json`, written by esbuild.mjs).
 * Parsing that YAML cost each process and each worker thread about 0.3 s; reading the snapshot costs
 * a few milliseconds. The snapshot is only used while it matches the files beside it: rules by the
 * digest of the rule folder, a catalog by the digest of its text. An edited rule file or catalog, a
 * missing or unreadable snapshot, or one of another format is ignored and the YAML is parsed as before.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RuleRecord } from '../rules/model';
import type { Catalog } from '../types';

export const SNAPSHOT_FILE = 'builtin.json';
export const SNAPSHOT_FORMAT = 1;

/** A catalog as the snapshot holds it: without the path it was read from. */
export type SnapshotCatalog = Omit<Catalog, 'source'>;

export interface Snapshot {
	readonly format: number;
	/** The built-in rule records and the digest of the folder they came from (`rulesDigest`). */
	readonly rules: { readonly digest: string; readonly records: readonly RuleRecord[] };
	/** Catalogs by the digest of their file's text. */
	readonly catalogs: Readonly<Record<string, SnapshotCatalog>>;
}

const loaded = new Map<string, Snapshot | null>();

/** The snapshot in `dir` (by default the folder of the running bundle), or null when there is none usable. */
export function readSnapshot(dir: string = __dirname): Snapshot | null {
	let snapshot = loaded.get(dir);
	if (snapshot === undefined) {
		snapshot = parseSnapshot(path.join(dir, SNAPSHOT_FILE));
		loaded.set(dir, snapshot);
	}
	return snapshot;
}

function parseSnapshot(file: string): Snapshot | null {
	try {
		const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<Snapshot> | null;
		return value?.format === SNAPSHOT_FORMAT && value.rules !== undefined && value.catalogs !== undefined ? value as Snapshot : null;
	} catch {
		// No snapshot (tests run from source) or a damaged one: the YAML is the source of truth.
		return null;
	}
}

/** Digest of a data file's text, the key of its snapshot entry. */
export function textDigest(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

/** The snapshot's copy of the catalog whose file holds `text`, as read from `source`, if it has one. */
export function snapshotCatalog(text: string, source: string, dir?: string): Catalog | undefined {
	const entry = readSnapshot(dir)?.catalogs[textDigest(text)];
	if (entry === undefined) {
		return undefined;
	}
	return deepFreeze({ ...entry, source });
}

/** Freezes a plain JSON value and everything in it, as a parsed catalog is frozen. */
function deepFreeze<T>(value: T): T {
	if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
		for (const v of Object.values(value)) {
			deepFreeze(v);
		}
		Object.freeze(value);
	}
	return value;
}

/** The snapshot's built-in rule records when they came from rule files with this digest. */
export function snapshotRules(digest: string, dir?: string): readonly RuleRecord[] | undefined {
	const rules = readSnapshot(dir)?.rules;
	return rules !== undefined && rules.digest === digest ? rules.records : undefined;
}
