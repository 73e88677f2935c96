import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { BUILT_IN_CATALOG_IDS, builtInCatalogPath, loadCatalogFile } from '../catalog';
import { validateClaimsPaths, validateSoaEvidence } from './evidence';
import { CONFIG_FILE_NAME, defaultConfig, loadConfigFile, type Iso27001Config } from './loadConfig';
import { ConfigError } from '../errors';
import type { Catalog, Problem } from '../types';

/** Configuration and catalogs of one workspace root, loaded and cross-checked. */
export interface WorkspaceSettings {
	readonly config: Iso27001Config;
	readonly catalog: Catalog;
	/** Catalogs whose IDs are accepted as legacy IDs and mapped into `catalog`. */
	readonly legacy: readonly Catalog[];
	/** Non-fatal `config-error` problems (e.g. an SoA entry naming no control of the catalog). */
	readonly problems: readonly Problem[];
}

/**
 * Loads `.iso27001.yaml` (defaults when absent) and its catalog. Throws `ConfigError` for anything
 * that makes a scan meaningless: bad YAML, schema errors, a catalog that cannot be loaded.
 */
export function loadWorkspaceSettings(root: string, controlsDir: string): WorkspaceSettings {
	const configPath = path.join(root, CONFIG_FILE_NAME);
	const loaded = existsSync(configPath) ? loadConfigFile(configPath) : defaultConfig();
	const catalog = loadCatalog(root, controlsDir, loaded);
	const legacy = catalog.id === 'iso27001-2022'
		? [loadCatalogFile(builtInCatalogPath('iso27001-2013', controlsDir))]
		: [];
	const file = loaded.source ? toRelative(root, loaded.source) : CONFIG_FILE_NAME;
	const evidence = validateSoaEvidence(loaded, root, file);
	const claims = validateClaimsPaths(loaded, root, file);
	const config = { ...loaded, soa: evidence.soa, ...(loaded.claims === undefined ? {} : { claims: claims.claims }) };
	return { config, catalog, legacy, problems: [...checkSoa(config, catalog, legacy, root), ...evidence.problems, ...claims.problems] };
}

function loadCatalog(root: string, controlsDir: string, config: Iso27001Config): Catalog {
	const builtIn = BUILT_IN_CATALOG_IDS.find((id) => id === config.catalog);
	if (builtIn) {
		return loadCatalogFile(builtInCatalogPath(builtIn, controlsDir));
	}
	const file = path.resolve(root, config.catalog);
	if (!existsSync(file)) {
		const at = config.catalogAt ?? { line: 1, column: 1 };
		throw new ConfigError(config.source ?? CONFIG_FILE_NAME, at.line, at.column,
			`catalog '${config.catalog}' is neither a built-in catalog (${BUILT_IN_CATALOG_IDS.join(', ')}) nor an existing file`);
	}
	return loadCatalogFile(file);
}

/** SoA entries must name controls of the catalog; a non-applicable control needs a justification. */
function checkSoa(config: Iso27001Config, catalog: Catalog, legacy: readonly Catalog[], root: string): Problem[] {
	const known = new Set(catalog.controls.map((c) => c.id));
	const legacyIds = new Set(legacy.flatMap((l) => l.controls.map((c) => c.id)));
	const file = config.source ? toRelative(root, config.source) : CONFIG_FILE_NAME;
	const problems: Problem[] = [];
	for (const [id, entry] of Object.entries(config.soa)) {
		const at = config.soaAt[id] ?? { line: 1, column: 1 };
		if (!known.has(id)) {
			const hint = legacyIds.has(id) ? ' (a 2013 ID: the Statement of Applicability must use the catalog\'s IDs)' : '';
			problems.push({ file, ...at, code: 'config-error', severity: 'warning', message: `soa: '${id}' is not a control of catalog ${catalog.id}${hint}; entry ignored`, endLine: at.line, endColumn: at.column + id.length });
		} else if (!entry.applicable && entry.justification === '') {
			problems.push({ file, ...at, code: 'config-error', severity: 'warning', message: `soa: ${id} is marked not applicable without a justification; auditors expect one`, endLine: at.line, endColumn: at.column + id.length });
		}
	}
	return problems;
}

/** A path relative to `root` with `/` separators. */
export function toRelative(root: string, file: string): string {
	return path.relative(root, file).split(path.sep).join('/');
}
