/**
 * Ranked search over a catalog's controls, for completion (and any other picker): by control ID
 * (`8.2`, `A.8.2`, `a82`) and by the words of a control's title, theme and description
 * (`crypto` → A.8.24 "Use of cryptography"). Pure and synchronous; the per-catalog word index is
 * built once and cached by catalog object.
 */
import type { Catalog, CatalogControl, CatalogTheme } from '../types';

/** One search result: the control, its score (higher is better) and why it matched. */
export interface ControlMatch {
	readonly control: CatalogControl;
	readonly score: number;
	/** `id`: the query is (a prefix of) the control's ID; `text`: its words matched title/description. */
	readonly via: 'id' | 'text';
}

/** Map-backed lookups over one catalog (built once per catalog object). */
export interface CatalogLookup {
	readonly catalog: Catalog;
	control(id: string): CatalogControl | undefined;
	theme(themeId: string): CatalogTheme | undefined;
}

interface IndexedControl {
	readonly control: CatalogControl;
	readonly order: number;
	/** Lower-case ID (`a.8.24`), the ID without its leading non-digit prefix (`8.24`), and both compacted to letters and digits. */
	readonly idForms: readonly string[];
	readonly compactForms: readonly string[];
	readonly titleWords: readonly string[];
	readonly themeWords: readonly string[];
	readonly descriptionWords: readonly string[];
	readonly titleLower: string;
}

interface SearchIndex extends CatalogLookup {
	readonly entries: readonly IndexedControl[];
}

const indexes = new WeakMap<Catalog, SearchIndex>();

/** Words of a text: runs of letters and digits, lower case. */
function words(text: string): string[] {
	return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

function compact(s: string): string {
	return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function buildIndex(catalog: Catalog): SearchIndex {
	const byId = new Map<string, CatalogControl>();
	const themes = new Map<string, CatalogTheme>();
	for (const t of catalog.themes) {
		themes.set(t.id, t);
	}
	const entries = catalog.controls.map((control, order): IndexedControl => {
		byId.set(control.id, control);
		const lower = control.id.toLowerCase();
		const stripped = lower.replace(/^[^\d]+/, '');
		const idForms = stripped !== '' && stripped !== lower ? [lower, stripped] : [lower];
		return {
			control, order, idForms,
			compactForms: [...new Set(idForms.map(compact))],
			titleWords: words(control.title),
			themeWords: words(themes.get(control.theme)?.name ?? ''),
			descriptionWords: words(control.description),
			titleLower: control.title.toLowerCase(),
		};
	});
	return {
		catalog, entries,
		control: (id) => byId.get(id),
		theme: (id) => themes.get(id),
	};
}

function indexOf(catalog: Catalog): SearchIndex {
	let index = indexes.get(catalog);
	if (!index) {
		index = buildIndex(catalog);
		indexes.set(catalog, index);
	}
	return index;
}

/** O(1) lookups of a catalog's controls and themes by ID (cached per catalog object). */
export function catalogLookup(catalog: Catalog): CatalogLookup {
	return indexOf(catalog);
}

// Scores: an ID match beats any text match; within text, title beats theme beats description,
// a whole word beats a word prefix.
const ID_EXACT = 10_000;
const ID_PREFIX = 9_000;
const ID_COMPACT_PREFIX = 8_000;
const TITLE_WORD = 100;
const TITLE_PREFIX = 60;
const THEME_WORD = 30;
const THEME_PREFIX = 20;
const DESCRIPTION_WORD = 12;
const DESCRIPTION_PREFIX = 8;
const TITLE_PHRASE = 50;

/**
 * Score of a query written as an ID (`A.8.2`, `8.2`, `a82`, or `org-` in a custom catalog), 0 when it
 * is no prefix of the control's ID. Compacted forms count only with a digit (`a` alone is no `a82`).
 */
function idScore(entry: IndexedControl, query: string, queryCompact: string): number {
	if (entry.idForms.includes(query)) {
		return ID_EXACT;
	}
	if (entry.idForms.some((f) => f.startsWith(query))) {
		return ID_PREFIX;
	}
	if (queryCompact !== '' && /\d/.test(queryCompact) && entry.compactForms.some((f) => f.startsWith(queryCompact))) {
		return ID_COMPACT_PREFIX;
	}
	return 0;
}

/** Best score of one query word against a list of words (`exact` for a whole word, `prefix` for a word start). */
function wordScore(queryWord: string, target: readonly string[], exact: number, prefix: number): number {
	let best = 0;
	// A plural query word also matches the singular (`passwords` → `password`).
	const singular = queryWord.length > 3 && queryWord.endsWith('s') ? queryWord.slice(0, -1) : null;
	for (const w of target) {
		if (w === queryWord || (singular !== null && w === singular)) {
			return exact;
		}
		if (best < prefix && (w.startsWith(queryWord) || (singular !== null && w.startsWith(singular)))) {
			best = prefix;
		}
	}
	return best;
}

function textScore(entry: IndexedControl, queryWords: readonly string[], queryLower: string): number {
	let total = 0;
	for (const q of queryWords) {
		const s = Math.max(
			wordScore(q, entry.titleWords, TITLE_WORD, TITLE_PREFIX),
			wordScore(q, entry.themeWords, THEME_WORD, THEME_PREFIX),
			wordScore(q, entry.descriptionWords, DESCRIPTION_WORD, DESCRIPTION_PREFIX),
			// A word with digits may also name the ID (`8 crypto`): weaker than a title word.
			/\d/.test(q) && entry.idForms.some((f) => f.startsWith(q)) ? TITLE_PREFIX : 0,
		);
		if (s === 0) {
			return 0;
		}
		total += s;
	}
	if (queryWords.length > 1 && entry.titleLower.includes(queryLower)) {
		total += TITLE_PHRASE;
	}
	if (entry.titleLower.startsWith(queryLower)) {
		total += TITLE_PHRASE;
	}
	return total;
}

/**
 * Controls of `catalog` matching `query`, best first (ties in catalog order), at most `limit`.
 *
 * - An empty query returns every control in catalog order.
 * - A query shaped like an ID matches by ID prefix, case-insensitively, with or without the leading
 *   `A.` and with or without dots: `8.2`, `A.8.2` and `a82` all give A.8.2 first, then A.8.20…A.8.29.
 * - Otherwise the query's words (split on spaces and punctuation) must all match, each as a whole word
 *   or a word prefix, in the control's title, theme name or description (AND); title matches rank
 *   above theme and description matches: `crypto` gives A.8.24 "Use of cryptography" first.
 */
export function searchControls(catalog: Catalog, query: string, limit = Infinity): ControlMatch[] {
	const index = indexOf(catalog);
	const q = query.trim().toLowerCase();
	if (limit <= 0) {
		return [];
	}
	if (q === '') {
		return index.entries.slice(0, limit).map((e) => ({ control: e.control, score: 0, via: 'text' }));
	}
	const qCompact = compact(q);
	const qWords = words(q);
	const hits: { entry: IndexedControl; score: number; via: 'id' | 'text' }[] = [];
	for (const entry of index.entries) {
		const byId = /\s/.test(q) ? 0 : idScore(entry, q, qCompact);
		if (byId > 0) {
			hits.push({ entry, score: byId, via: 'id' });
			continue;
		}
		const byText = qWords.length > 0 ? textScore(entry, qWords, q) : 0;
		if (byText > 0) {
			hits.push({ entry, score: byText, via: 'text' });
		}
	}
	hits.sort((a, b) => b.score - a.score || a.entry.order - b.entry.order);
	return hits.slice(0, limit).map((h) => ({ control: h.entry.control, score: h.score, via: h.via }));
}
