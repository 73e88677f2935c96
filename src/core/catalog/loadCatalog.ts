/**
 * Loading and validating control catalogs (`controls/*.yaml`).
 *
 * Every error is a {@link ConfigError} naming the 1-based `file:line:col` of the offending YAML node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Node as YamlNode, Scalar } from 'yaml';
import { YamlFile } from '../text/yamlFile';
import { ConfigError } from '../errors';
import { snapshotCatalog } from '../snapshot/read';
import { CATEGORIES, type Catalog, type CatalogControl, type CatalogTheme, type Category } from '../types';

/** The catalogs shipped in `controls/`, current one first. */
export const BUILT_IN_CATALOG_IDS = ['iso27001-2022', 'iso27001-2013'] as const;
/** Id of a catalog shipped in `controls/`. */
export type BuiltInCatalogId = (typeof BUILT_IN_CATALOG_IDS)[number];

/** True when `value` names a built-in catalog (narrows it for {@link builtInCatalogPath}). */
export function isBuiltInCatalogId(value: string): value is BuiltInCatalogId {
	return (BUILT_IN_CATALOG_IDS as readonly string[]).includes(value);
}

/**
 * Path of a built-in catalog file.
 * @param id One of {@link BUILT_IN_CATALOG_IDS}.
 * @param controlsDir The extension's or package's `controls/` directory.
 */
export function builtInCatalogPath(id: BuiltInCatalogId, controlsDir: string): string {
	return join(controlsDir, `${id}.yaml`);
}

/** A 1-based source position. */
interface Pos {
	readonly line: number;
	readonly column: number;
}

/** Where the parts of a parsed catalog came from, for errors found after parsing. */
interface CatalogPositions {
	readonly legacyOf?: Pos;
	/** Control id → position of each `mapsTo` entry, in order. */
	readonly mapsTo: ReadonlyMap<string, readonly Pos[]>;
}

const positions = new WeakMap<Catalog, CatalogPositions>();

/** A mapping's keys → [key node, value node]. */
type Fields = Map<string, [Scalar, YamlNode | null]>;
/** A string read from the YAML, with its node. */
interface Str {
	readonly value: string;
	readonly node: YamlNode;
}

const TOP_KEYS = ['id', 'framework', 'version', 'title', 'legacyOf', 'themes', 'controls', 'suggestions'];
const THEME_KEYS = ['id', 'name'];
const CONTROL_KEYS = ['id', 'title', 'theme', 'description', 'mapsTo'];

/** Per-parse helpers bound to one file. */
class Reader {
	constructor(private readonly yaml: YamlFile) {}

	pos(node: YamlNode | null | undefined): Pos {
		return this.yaml.pos(node);
	}

	fail(at: YamlNode | Pos | null | undefined, detail: string): never {
		const p = at !== null && at !== undefined && 'line' in at ? at : this.pos(at);
		throw new ConfigError(this.yaml.path, p.line, p.column, detail);
	}

	resolve(node: unknown): YamlNode | null {
		const n = isAlias(node) ? node.resolve(this.yaml.doc) : node;
		return (n ?? null) as YamlNode | null;
	}

	/** Checks `node` is a mapping with only `allowed` keys and returns key → [key node, value node]. */
	fields(node: YamlNode | null, allowed: readonly string[], what: string, at: YamlNode | null): Fields {
		if (!isMap(node)) {
			this.fail(node ?? at, `${what} must be a mapping`);
		}
		const out: Fields = new Map();
		for (const pair of node.items) {
			const key = pair.key;
			if (!isScalar(key) || typeof key.value !== 'string') {
				this.fail((key as YamlNode | null) ?? node, `${what} keys must be strings`);
			}
			const name = key.value;
			if (!allowed.includes(name)) {
				this.fail(key, `unknown key "${name}" in ${what} (expected one of: ${allowed.join(', ')})`);
			}
			out.set(name, [key, this.resolve(pair.value)]);
		}
		return out;
	}

	/** The [key, value] entry of a required key. */
	need(f: Fields, key: string, owner: YamlNode, what: string): [Scalar, YamlNode | null] {
		return f.get(key) ?? this.fail(owner, `${what} is missing required key "${key}"`);
	}

	/** The non-empty string value of a required key, with its node. */
	req(f: Fields, key: string, owner: YamlNode, what: string): Str {
		return this.str(this.need(f, key, owner, what), what);
	}

	/** A non-empty string value, with the node it came from. */
	str(entry: [Scalar, YamlNode | null], what: string): Str {
		return { value: this.scalarString(entry[1], entry[0], `"${entry[0].value as string}" of ${what}`, false), node: entry[1] ?? entry[0] };
	}

	/** The string value of a scalar node; numbers are accepted (as written) when `numeric`. */
	scalarString(node: YamlNode | null, key: YamlNode, what: string, numeric: boolean): string {
		const at = node !== null && isScalar(node) && node.value !== null ? node : key;
		if (!isScalar(node) || node.value === null) {
			this.fail(at, `${what} must be a non-empty string`);
		}
		let value: string;
		if (typeof node.value === 'string') {
			value = node.value;
		} else if (numeric && typeof node.value === 'number') {
			value = node.source ?? String(node.value);
		} else {
			this.fail(at, `${what} must be a string, not ${typeof node.value}`);
		}
		if (value.trim() === '') {
			this.fail(at, `${what} must not be empty`);
		}
		return value;
	}

	/** A non-empty sequence, as resolved item nodes. */
	seq(node: YamlNode | null, key: YamlNode, what: string): YamlNode[] {
		if (!isSeq(node)) {
			this.fail(node ?? key, `${what} must be a list`);
		}
		if (node.items.length === 0) {
			this.fail(node, `${what} must not be empty`);
		}
		return node.items.map((item) => this.resolve(item) ?? this.fail(node, `${what} must not contain empty entries`));
	}

	/** An identifier: non-empty, no whitespace. */
	ident(s: Str, what: string): string {
		if (/\s/.test(s.value)) {
			this.fail(s.node, `${what} "${s.value}" must not contain whitespace`);
		}
		return s.value;
	}
}

function parseThemes(r: Reader, top: Fields, root: YamlNode): CatalogTheme[] {
	const themes: CatalogTheme[] = [];
	const themeIds = new Set<string>();
	const [themesKey, themesNode] = r.need(top, 'themes', root, 'catalog');
	for (const node of r.seq(themesNode, themesKey, '"themes"')) {
		const f = r.fields(node, THEME_KEYS, 'theme', node);
		const idField = r.req(f, 'id', node, 'theme');
		const themeId = r.ident(idField, 'theme id');
		if (themeIds.has(themeId)) {
			r.fail(idField.node, `duplicate theme id "${themeId}"`);
		}
		themeIds.add(themeId);
		themes.push(Object.freeze({ id: themeId, name: r.req(f, 'name', node, 'theme').value }));
	}
	return themes;
}

/** One control entry; `controlLines` (id → line) catches duplicates. `mapsToAt`: positions of its `mapsTo` entries. */
function parseControl(
	r: Reader, node: YamlNode, themeIds: ReadonlySet<string>, legacy: boolean, controlLines: Map<string, number>,
): { control: CatalogControl; mapsToAt?: Pos[] } {
	const f = r.fields(node, CONTROL_KEYS, 'control', node);
	const idField = r.req(f, 'id', node, 'control');
	const controlId = r.ident(idField, 'control id');
	const what = `control ${controlId}`;
	const first = controlLines.get(controlId);
	if (first !== undefined) {
		r.fail(idField.node, `duplicate control id "${controlId}" (first defined on line ${first})`);
	}
	controlLines.set(controlId, r.pos(idField.node).line);
	const controlTitle = r.req(f, 'title', node, what).value;
	const themeField = r.req(f, 'theme', node, what);
	if (!themeIds.has(themeField.value)) {
		r.fail(themeField.node, `${what} has theme "${themeField.value}", which is not declared in "themes"`);
	}
	const description = r.req(f, 'description', node, what).value;
	const mapsEntry = f.get('mapsTo');
	if (mapsEntry !== undefined && !legacy) {
		r.fail(mapsEntry[0], `${what}: "mapsTo" is only allowed in a catalog with "legacyOf"`);
	}
	if (mapsEntry === undefined && legacy) {
		r.fail(node, `${what} is missing required key "mapsTo" (the catalog has "legacyOf")`);
	}
	const control: CatalogControl = { id: controlId, title: controlTitle, theme: themeField.value, description };
	if (mapsEntry === undefined) {
		return { control: Object.freeze(control) };
	}
	const mapsTo: string[] = [];
	const mapsToAt: Pos[] = [];
	for (const item of r.seq(mapsEntry[1], mapsEntry[0], `"mapsTo" of ${what}`)) {
		const target = r.scalarString(item, item, `"mapsTo" entry of ${what}`, false);
		if (mapsTo.includes(target)) {
			r.fail(item, `${what} lists "${target}" twice in "mapsTo"`);
		}
		mapsTo.push(target);
		mapsToAt.push(r.pos(item));
	}
	return { control: Object.freeze({ ...control, mapsTo: Object.freeze(mapsTo) }), mapsToAt };
}

/**
 * `suggestions:` of a custom catalog: sensitive-code category → the catalog's controls it suggests,
 * first preferred (`[]`: none). Categories left out follow the built-in suggestions.
 */
function parseSuggestions(r: Reader, top: Fields, controls: readonly CatalogControl[]): Partial<Record<Category, readonly string[]>> | undefined {
	const entry = top.get('suggestions');
	if (entry === undefined) {
		return undefined;
	}
	const known = new Set(controls.map((c) => c.id));
	const out: Partial<Record<Category, readonly string[]>> = {};
	for (const [name, [key, value]] of r.fields(entry[1], [...CATEGORIES], '"suggestions"', entry[0])) {
		const what = `"suggestions" of ${name}`;
		const items = isSeq(value) && value.items.length === 0 ? [] : r.seq(value, key, what);
		const ids: string[] = [];
		for (const item of items) {
			const id = r.scalarString(item, item, `${what} entry`, false);
			if (!known.has(id)) {
				r.fail(item, `${what}: "${id}" is not a control of this catalog`);
			}
			if (!ids.includes(id)) {
				ids.push(id);
			}
		}
		out[name as Category] = Object.freeze(ids);
	}
	return Object.freeze(out);
}

/**
 * Parses and validates a catalog. `sourcePath` is used in error messages and stored as `source`.
 * @throws ConfigError on malformed YAML and on any schema violation.
 */
export function parseCatalog(text: string, sourcePath: string): Catalog {
	// YamlFile parses and reports the first YAML syntax error at its position; the schema is checked here.
	const yaml = new YamlFile(sourcePath, text);
	const r: Reader = new Reader(yaml);
	const root = r.resolve(yaml.doc.contents);
	if (root === null) {
		r.fail({ line: 1, column: 1 }, 'catalog is empty');
	}
	const top = r.fields(root, TOP_KEYS, 'catalog', root);

	const id = r.ident(r.req(top, 'id', root, 'catalog'), 'catalog id');
	const framework = r.req(top, 'framework', root, 'catalog').value;
	const [versionKey, versionNode] = r.need(top, 'version', root, 'catalog');
	const version = r.scalarString(versionNode, versionKey, '"version" of catalog', true);
	const title = r.req(top, 'title', root, 'catalog').value;
	const legacyEntry = top.get('legacyOf');
	const legacyOf = legacyEntry === undefined ? undefined : r.str(legacyEntry, 'catalog');

	const themes = parseThemes(r, top, root);
	const themeIds = new Set(themes.map((t) => t.id));
	const controls: CatalogControl[] = [];
	const controlLines = new Map<string, number>();
	const mapsToPositions = new Map<string, readonly Pos[]>();
	const [controlsKey, controlsNode] = r.need(top, 'controls', root, 'catalog');
	for (const node of r.seq(controlsNode, controlsKey, '"controls"')) {
		const { control, mapsToAt } = parseControl(r, node, themeIds, legacyOf !== undefined, controlLines);
		if (mapsToAt !== undefined) {
			mapsToPositions.set(control.id, mapsToAt);
		}
		controls.push(control);
	}

	const suggestions = parseSuggestions(r, top, controls);
	const catalog: Catalog = Object.freeze({
		id,
		framework,
		version,
		title,
		...(legacyOf === undefined ? {} : { legacyOf: legacyOf.value }),
		themes: Object.freeze(themes),
		controls: Object.freeze(controls),
		...(suggestions === undefined ? {} : { suggestions }),
		source: sourcePath,
	});
	positions.set(catalog, { legacyOf: legacyOf === undefined ? undefined : r.pos(legacyOf.node), mapsTo: mapsToPositions });
	return catalog;
}

/**
 * Reads and parses a catalog file.
 * @throws ConfigError at 1:1 when the file cannot be read, otherwise as {@link parseCatalog}.
 */
export function loadCatalogFile(path: string): Catalog {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		throw new ConfigError(path, 1, 1, `cannot read catalog: ${error instanceof Error ? error.message : String(error)}`);
	}
	// The shipped catalogs come from the build's snapshot while the file's text matches it.
	return snapshotCatalog(text, path) ?? parseCatalog(text, path);
}

/**
 * Checks that `legacy` declares `legacyOf: <target.id>` and that every `mapsTo` ID exists in `target`.
 * @throws ConfigError at the offending `legacyOf` or `mapsTo` entry (1:1 for catalogs not built by
 * {@link parseCatalog}).
 */
export function validateLegacyMapping(legacy: Catalog, target: Catalog): void {
	const where = positions.get(legacy);
	const fallback: Pos = { line: 1, column: 1 };
	if (legacy.legacyOf !== target.id) {
		const p = where?.legacyOf ?? fallback;
		const detail = legacy.legacyOf === undefined
			? `catalog "${legacy.id}" has no "legacyOf", so it cannot map to "${target.id}"`
			: `"legacyOf" is "${legacy.legacyOf}" but the catalog it is used with is "${target.id}"`;
		throw new ConfigError(legacy.source, p.line, p.column, detail);
	}
	const known = new Set(target.controls.map((c) => c.id));
	for (const control of legacy.controls) {
		const i = (control.mapsTo ?? []).findIndex((to) => !known.has(to));
		if (i < 0) {
			continue;
		}
		const p = where?.mapsTo.get(control.id)?.[i] ?? fallback;
		throw new ConfigError(legacy.source, p.line, p.column, `${control.id} maps to "${control.mapsTo?.[i]}", which is not a control of catalog "${target.id}"`);
	}
}
