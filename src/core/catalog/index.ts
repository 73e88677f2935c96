/**
 * Control catalogs: loading, validation and lookups.
 */
export {
	BUILT_IN_CATALOG_IDS,
	builtInCatalogPath,
	isBuiltInCatalogId,
	loadCatalogFile,
	parseCatalog,
	validateLegacyMapping,
} from './loadCatalog';
export type { BuiltInCatalogId } from './loadCatalog';
export { CatalogIndex } from './catalogIndex';
