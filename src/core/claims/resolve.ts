/**
 * What an Annex A reference of a compliance document means in the workspace catalog: a control
 * (current or 2013, mapped), a 2013 clause or control objective (mapped through its controls), a
 * theme heading of the current catalog, or nothing (an unknown ID); and whether the title the
 * document gives is another control's or clause's.
 */
import type { Catalog, CatalogControl } from '../types';
import type { ClaimReference } from './references';
import { fitsTitle, namesTitle } from './titles';

/** How a reference resolved. */
export type ReferenceLevel = 'control' | 'clause' | 'theme' | 'unknown';

/** A reference with its meaning. */
export interface ResolvedReference {
	readonly ref: ClaimReference;
	readonly level: ReferenceLevel;
	/** True when it is numbered by the legacy (2013) catalog. */
	readonly legacy: boolean;
	/** The catalog's title of the control, clause or theme; empty when unknown or none is known. */
	readonly title: string;
	/** The current-catalog controls it claims (a legacy ID or clause: those it maps to); empty for a theme heading. */
	readonly controls: readonly string[];
	/** Set when the document gives it the title of another control or clause, which this names. */
	readonly mismatch?: { readonly id: string; readonly title: string; readonly legacy: boolean };
}

/** The catalogs a document is read against. */
export class ClaimCatalogs {
	private readonly current: Map<string, CatalogControl>;
	private readonly old: Map<string, CatalogControl>;

	constructor(readonly catalog: Catalog, readonly legacy: Catalog | undefined) {
		this.current = new Map(catalog.controls.map((c) => [c.id, c]));
		this.old = new Map((legacy?.controls ?? []).filter((c) => !this.current.has(c.id)).map((c) => [c.id, c]));
	}

	control(id: string): CatalogControl | undefined {
		return this.current.get(id);
	}

	legacyControl(id: string): CatalogControl | undefined {
		return this.old.get(id);
	}

	/** Resolves one reference. */
	resolve(ref: ClaimReference): ResolvedReference {
		const parts = ref.id.split('.').length - 1;
		const own = this.current.get(ref.id);
		if (own !== undefined) {
			return this.withTitleCheck(ref, { ref, level: 'control', legacy: false, title: own.title, controls: [own.id] }, this.equivalents(own));
		}
		const old = this.old.get(ref.id);
		if (old !== undefined) {
			const controls = old.mapsTo ?? [];
			const titles = [old.title, ...controls.map((id) => this.current.get(id)?.title ?? '')];
			return this.withTitleCheck(ref, { ref, level: 'control', legacy: true, title: old.title, controls }, titles);
		}
		if (parts === 1) {
			return this.resolveClause(ref);
		}
		const objective = this.legacyUnder(`${ref.id}.`);
		if (parts === 2 && objective.length > 0) {
			return { ref, level: 'clause', legacy: true, title: '', controls: mapped(objective) };
		}
		return { ref, level: 'unknown', legacy: false, title: '', controls: [] };
	}

	/** `A.10`: a theme heading of the current catalog, or a 2013 clause (mapped through its controls). */
	private resolveClause(ref: ClaimReference): ResolvedReference {
		const theme = this.catalog.themes.find((t) => t.id === ref.id);
		const clause = this.legacy?.themes.find((t) => t.id === ref.id);
		const asClause = (): ResolvedReference => ({
			ref, level: 'clause', legacy: true, title: clause!.name, controls: mapped(this.legacyUnder('', clause!.id)),
		});
		if (theme !== undefined && (ref.title === '' || fitsTitle(ref.title, theme.name) || clause === undefined || !fitsTitle(ref.title, clause.name))) {
			return { ref, level: 'theme', legacy: false, title: theme.name, controls: [] };
		}
		if (clause === undefined) {
			return { ref, level: 'unknown', legacy: false, title: '', controls: [] };
		}
		if (theme !== undefined) {
			// A 2022 document numbering its sections by 2013 clauses: `A.8 Asset management` is not A.8 Technological.
			return { ...asClause(), mismatch: { id: ref.id, title: clause.name, legacy: true } };
		}
		return asClause();
	}

	/** Titles that are no mismatch for a current control: its own, and those of the 2013 controls that map to it. */
	private equivalents(c: CatalogControl): string[] {
		return [c.title, ...[...this.old.values()].filter((o) => o.mapsTo?.includes(c.id)).map((o) => o.title)];
	}

	private legacyUnder(prefix: string, theme?: string): CatalogControl[] {
		return [...this.old.values()].filter((c) => (theme === undefined ? c.id.startsWith(prefix) : c.theme === theme));
	}

	/** Adds `mismatch` when the given title fits none of `titles` but names another control. */
	private withTitleCheck(ref: ClaimReference, resolved: ResolvedReference, titles: readonly string[]): ResolvedReference {
		if (ref.title === '' || titles.some((t) => t !== '' && fitsTitle(ref.title, t))) {
			return resolved;
		}
		let best: { control: CatalogControl; legacy: boolean; score: number } | undefined;
		for (const [legacy, list] of [[resolved.legacy, resolved.legacy ? this.old : this.current], [!resolved.legacy, resolved.legacy ? this.current : this.old]] as const) {
			for (const control of list.values()) {
				const score = namesTitle(ref.title, control.title);
				if (score > 0 && control.id !== ref.id && (best === undefined || score > best.score)) {
					best = { control, legacy, score };
				}
			}
		}
		return best === undefined ? resolved : { ...resolved, mismatch: { id: best.control.id, title: best.control.title, legacy: best.legacy } };
	}
}

/** The current controls a set of legacy controls maps to, de-duplicated, in order. */
function mapped(controls: readonly CatalogControl[]): string[] {
	return [...new Set(controls.flatMap((c) => c.mapsTo ?? []))];
}
