import { CONFIDENCES, type Confidence } from '../rules/model';
import { readFileSync } from 'node:fs';
import type { Node } from 'yaml';
import { compileRulePattern } from '../detection/custom/regex';
import { ConfigError } from '../errors';
import { CATEGORIES, type Category, type Soa, type SoaEntry } from '../types';
import { YamlFile } from '../text/yamlFile';

/** Name of the workspace configuration file, at the workspace root. */
export const CONFIG_FILE_NAME = '.iso27001.yaml';

/** Excludes applied unless the config sets `exclude` itself (which replaces them): dependencies, build output, VCS data. */
export const DEFAULT_EXCLUDES: readonly string[] = [
	'**/node_modules/**', '**/bower_components/**', '**/jspm_packages/**', '**/vendor/**', '**/third_party/**',
	'**/dist/**', '**/build/**', '**/out/**', '**/target/**', '**/bin/Debug/**', '**/bin/Release/**', '**/obj/**',
	'**/.git/**', '**/.hg/**', '**/.svn/**', '**/__pycache__/**', '**/.venv/**', '**/venv/**', '**/.tox/**',
	'**/.next/**', '**/.nuxt/**', '**/coverage/**', '**/.terraform/**', '**/*.min.js', '**/*.min.css', '**/*.map',
];

/** Default size limit: larger files are skipped with a `file-error` problem. */
export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

/** A custom detection rule (`sensitiveCode.rules[]`), validated; positions kept for later errors. */
export interface CustomRule {
	readonly id: string;
	readonly category: Category;
	readonly languages: readonly string[] | null;
	readonly calls: readonly string[];
	readonly pattern: string | null;
	readonly message: string | null;
	/** Where the rule (and its pattern) is written, for `path:line:col` messages. */
	readonly at: { readonly line: number; readonly column: number };
	readonly patternAt: { readonly line: number; readonly column: number } | null;
}

/** The workspace configuration with every default applied. */
export interface Iso27001Config {
	/** The config file, or null when the workspace has none (all defaults). */
	readonly source: string | null;
	/** A built-in catalog id or a path (relative to the root) to a YAML catalog. */
	readonly catalog: string;
	readonly catalogAt: { readonly line: number; readonly column: number } | null;
	readonly include: readonly string[];
	readonly exclude: readonly string[];
	readonly gitignore: boolean;
	readonly maxFileSize: number;
	readonly soa: Soa;
	/** Position of each SoA entry's key, to report entries that name no control of the catalog. */
	readonly soaAt: Readonly<Record<string, { readonly line: number; readonly column: number }>>;
	/** Position of each SoA entry's `evidence` items, in order, to report the invalid ones. */
	readonly soaEvidenceAt?: Readonly<Record<string, readonly { readonly line: number; readonly column: number }[]>>;
	/** Hand-written compliance documents to check (`claims:`), paths relative to the root; absent when none. */
	readonly claims?: readonly string[];
	/** Position of each `claims` entry, to report missing ones. */
	readonly claimsAt?: readonly { readonly line: number; readonly column: number }[];
	readonly categories: Readonly<Record<Category, boolean>>;
	readonly rules: readonly CustomRule[];
	/** `sensitiveCode.minConfidence`: `high` keeps only findings of known APIs; `medium` (default) also what names and shapes imply. */
	readonly minConfidence: Confidence;
}

const TOP_KEYS = ['catalog', 'include', 'exclude', 'gitignore', 'maxFileSize', 'soa', 'sensitiveCode', 'claims'] as const;

/** The configuration used when a workspace has no `.iso27001.yaml`. */
export function defaultConfig(): Iso27001Config {
	return {
		source: null, catalog: 'iso27001-2022', catalogAt: null, include: ['**/*'], exclude: DEFAULT_EXCLUDES,
		gitignore: true, maxFileSize: DEFAULT_MAX_FILE_SIZE, soa: {}, soaAt: {},
		categories: Object.fromEntries(CATEGORIES.map((c) => [c, true])) as Record<Category, boolean>, rules: [], minConfidence: 'medium',
	};
}

/** Reads and validates a config file; throws `ConfigError` naming `path:line:col`. */
export function loadConfigFile(path: string): Iso27001Config {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (e) {
		throw new ConfigError(path, 1, 1, `cannot read configuration: ${(e as Error).message}`);
	}
	return parseConfig(text, path);
}

/** Parses and validates config text; throws `ConfigError` naming `path:line:col`. */
export function parseConfig(text: string, path: string): Iso27001Config {
	const y = new YamlFile(path, text);
	const base = defaultConfig();
	if (y.root === null) {
		return { ...base, source: path };
	}
	const cfg: { -readonly [K in keyof Iso27001Config]: Iso27001Config[K] } = { ...base, source: path };
	for (const { key, value } of y.pairs(y.map(y.root, 'the configuration'), 'the configuration', TOP_KEYS)) {
		switch (key as (typeof TOP_KEYS)[number]) {
			case 'catalog':
				cfg.catalog = y.string(value, 'catalog');
				cfg.catalogAt = y.pos(value);
				break;
			case 'include':
				cfg.include = globs(y, value, 'include');
				break;
			case 'exclude':
				// As in SPEC's example, `exclude` replaces the defaults (so dist/ can be scanned when wanted).
				cfg.exclude = globs(y, value, 'exclude');
				break;
			case 'gitignore':
				cfg.gitignore = y.boolean(value, 'gitignore');
				break;
			case 'maxFileSize':
				cfg.maxFileSize = parseSize(y, value);
				break;
			case 'soa':
				Object.assign(cfg, parseSoa(y, value));
				break;
			case 'sensitiveCode':
				Object.assign(cfg, parseSensitiveCode(y, value, base.categories));
				break;
			case 'claims': {
				const list = y.stringList(value, 'claims');
				cfg.claims = list.map((c) => c.value.trim());
				cfg.claimsAt = list.map((c) => y.pos(c.node));
				break;
			}
		}
	}
	return cfg;
}

function globs(y: YamlFile, node: Node | null, what: string): string[] {
	return y.stringList(node, what).map(({ value }) => value.replace(/\\/g, '/').replace(/^\.\//, ''));
}

/** `maxFileSize`: bytes as a number, or a string such as `512KB`, `2MB`. */
function parseSize(y: YamlFile, node: Node | null): number {
	const raw = y.stringish(node, 'maxFileSize');
	const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib)?\s*$/i.exec(raw);
	if (!m) {
		throw y.error(node, `maxFileSize must be a size such as 1048576, 512KB or 2MB, not '${raw}'`);
	}
	const unit = (m[2] ?? 'b').toLowerCase();
	const factor = unit.startsWith('g') ? 1024 ** 3 : unit.startsWith('m') ? 1024 ** 2 : unit.startsWith('k') ? 1024 : 1;
	return Math.round(Number(m[1]) * factor);
}

const SOA_KEYS = ['applicable', 'justification', 'implementation', 'evidence'] as const;

function parseSoa(y: YamlFile, node: Node | null): Pick<Iso27001Config, 'soa' | 'soaAt' | 'soaEvidenceAt'> {
	const soa: Record<string, SoaEntry> = {};
	const soaAt: Record<string, { line: number; column: number }> = {};
	const soaEvidenceAt: Record<string, { line: number; column: number }[]> = {};
	if (node === null) {
		return { soa, soaAt, soaEvidenceAt };
	}
	for (const { key, keyNode, value } of y.pairs(y.map(node, 'soa'), 'soa')) {
		const what = `soa entry ${key}`;
		const fields = new Map(y.pairs(y.map(value, what), what, SOA_KEYS).map((p) => [p.key, p.value]));
		const text = (k: string): string => (fields.has(k) ? y.string(fields.get(k)!, `${what}: ${k}`, true).trim() : '');
		const evidence = fields.has('evidence') ? y.stringList(fields.get('evidence')!, `${what}: evidence`) : [];
		const implementation = text('implementation');
		// An entry that says how the control is implemented is applicable unless it says otherwise.
		const applicable = fields.has('applicable') ? y.boolean(fields.get('applicable')!, `${what}: applicable`)
			: implementation !== '' || evidence.length > 0 ? true : undefined;
		if (applicable === undefined) {
			throw y.error(value, `${what} needs 'applicable: true' or 'applicable: false'`);
		}
		soa[key] = {
			applicable, justification: text('justification'),
			...(implementation !== '' ? { implementation } : {}),
			...(evidence.length > 0 ? { evidence: evidence.map((e) => e.value.trim()) } : {}),
		};
		soaAt[key] = y.pos(keyNode);
		soaEvidenceAt[key] = evidence.map((e) => y.pos(e.node));
	}
	return { soa, soaAt, soaEvidenceAt };
}

function parseSensitiveCode(
	y: YamlFile, node: Node | null, defaults: Record<Category, boolean>,
): Pick<Iso27001Config, 'categories' | 'rules' | 'minConfidence'> {
	const categories = { ...defaults };
	const rules: CustomRule[] = [];
	let minConfidence: Confidence = 'medium';
	if (node === null) {
		return { categories, rules, minConfidence };
	}
	for (const { key, value } of y.pairs(y.map(node, 'sensitiveCode'), 'sensitiveCode', ['categories', 'minConfidence', 'rules'])) {
		if (key === 'minConfidence') {
			minConfidence = y.string(value, 'sensitiveCode.minConfidence') as Confidence;
			if (!(CONFIDENCES as readonly string[]).includes(minConfidence)) {
				throw y.error(value, `sensitiveCode.minConfidence must be one of ${CONFIDENCES.join(', ')}`);
			}
		} else if (key === 'categories') {
			for (const c of y.pairs(y.map(value, 'sensitiveCode.categories'), 'sensitiveCode.categories', CATEGORIES)) {
				categories[c.key as Category] = y.boolean(c.value, `sensitiveCode.categories.${c.key}`);
			}
		} else if (value !== null) {
			const seen = new Set<string>();
			for (const item of y.seq(value, 'sensitiveCode.rules')) {
				const rule = parseRule(y, item);
				if (seen.has(rule.id)) {
					throw y.error(item, `duplicate rule id '${rule.id}'`);
				}
				seen.add(rule.id);
				rules.push(rule);
			}
		}
	}
	return { categories, rules, minConfidence };
}

const RULE_KEYS = ['id', 'category', 'languages', 'calls', 'pattern', 'message'] as const;

function parseRule(y: YamlFile, node: Node): CustomRule {
	const fields = new Map(y.pairs(y.map(node, 'a rule'), 'a rule', RULE_KEYS).map((p) => [p.key, p]));
	const idNode = fields.get('id');
	if (!idNode) {
		throw y.error(node, `a rule needs an 'id'`);
	}
	const id = y.string(idNode.value, 'rule id');
	const catNode = fields.get('category');
	if (!catNode) {
		throw y.error(node, `rule '${id}' needs a 'category' (one of ${CATEGORIES.join(', ')})`);
	}
	const category = y.string(catNode.value, `rule '${id}': category`);
	if (!(CATEGORIES as readonly string[]).includes(category)) {
		throw y.error(catNode.value, `rule '${id}': unknown category '${category}'; expected one of ${CATEGORIES.join(', ')}`);
	}
	const calls = fields.has('calls') ? y.stringList(fields.get('calls')!.value, `rule '${id}': calls`).map((c) => c.value) : [];
	const patternField = fields.get('pattern');
	const pattern = patternField ? y.string(patternField.value, `rule '${id}': pattern`) : null;
	if ((calls.length > 0) === (pattern !== null)) {
		throw y.error(node, `rule '${id}' needs exactly one of 'calls' (a list of call names) or 'pattern' (a regular expression)`);
	}
	if (pattern !== null) {
		// The engine detection runs it with (linear-time RE2), so what loads is what runs.
		const compiled = compileRulePattern(pattern);
		if (!compiled.ok) {
			throw y.error(patternField!.value, `rule '${id}': ${compiled.message}`);
		}
	}
	return {
		id, category: category as Category,
		languages: fields.has('languages') ? y.stringList(fields.get('languages')!.value, `rule '${id}': languages`).map((l) => l.value) : null,
		calls, pattern,
		message: fields.has('message') ? y.string(fields.get('message')!.value, `rule '${id}': message`) : null,
		at: y.pos(node),
		patternAt: patternField ? y.pos(patternField.value) : null,
	};
}
