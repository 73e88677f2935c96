/**
 * Fast, Map-backed lookups over a loaded catalog and the legacy catalog that maps onto it.
 */
import type { Catalog, CatalogControl, CatalogTheme } from '../types';
import { validateLegacyMapping } from './loadCatalog';

/** Map-backed lookups over a catalog and, optionally, the legacy catalog that maps onto it. */
export class CatalogIndex {
	/** The catalog's controls, in catalog order. */
	readonly controls: readonly CatalogControl[];
	/** The catalog's themes, in catalog order. */
	readonly themes: readonly CatalogTheme[];
	private readonly byId: ReadonlyMap<string, CatalogControl>;
	private readonly themeById: ReadonlyMap<string, CatalogTheme>;
	private readonly legacyById: ReadonlyMap<string, CatalogControl>;

	/**
	 * @param catalog The catalog annotations resolve to.
	 * @param legacy A legacy catalog whose `legacyOf` is `catalog.id`.
	 * @throws ConfigError when the legacy mapping is invalid (see {@link validateLegacyMapping}).
	 */
	constructor(
		readonly catalog: Catalog,
		readonly legacy?: Catalog,
	) {
		if (legacy !== undefined) {
			validateLegacyMapping(legacy, catalog);
		}
		this.controls = catalog.controls;
		this.themes = catalog.themes;
		this.byId = new Map(catalog.controls.map((c) => [c.id, c]));
		this.themeById = new Map(catalog.themes.map((t) => [t.id, t]));
		this.legacyById = new Map((legacy?.controls ?? []).filter((c) => !this.byId.has(c.id)).map((c) => [c.id, c]));
	}

	/** The control of the (current) catalog with this id. */
	get(id: string): CatalogControl | undefined {
		return this.byId.get(id);
	}

	/** True when `id` is a control of the (current) catalog. */
	has(id: string): boolean {
		return this.byId.has(id);
	}

	/** The theme of a control of the (current) catalog. */
	themeOf(id: string): CatalogTheme | undefined {
		const control = this.byId.get(id);
		return control === undefined ? undefined : this.themeById.get(control.theme);
	}

	/** True when `id` is a legacy control (and not also a current one). */
	isLegacy(id: string): boolean {
		return this.legacyById.has(id);
	}

	/** The legacy control with this id. */
	getLegacy(id: string): CatalogControl | undefined {
		return this.legacyById.get(id);
	}

	/** The current control IDs a legacy ID maps to, or undefined when `id` is not a legacy ID. */
	mapLegacy(id: string): readonly string[] | undefined {
		return this.legacyById.get(id)?.mapsTo;
	}
}
