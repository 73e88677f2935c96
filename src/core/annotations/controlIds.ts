import type { Catalog } from '../types';

/** What a control ID written in an annotation turns out to be. */
export type IdClass =
	| { readonly kind: 'control'; readonly id: string }
	| {
		readonly kind: 'legacy'; readonly id: string; readonly mapsTo: readonly string[];
		/** The legacy control's title, and the name of its catalog (`ISO/IEC 27001:2013`). */
		readonly title: string; readonly edition: string;
	}
	| { readonly kind: 'unknown' }
	| { readonly kind: 'malformed'; readonly reason: string };

/**
 * Classifies control IDs against the workspace catalog and, when the catalog has one, its legacy
 * predecessor (2013 IDs accepted and mapped to 2022 controls).
 */
export interface ControlIdResolver {
	/** True when a token is meant as an ID (so it is checked) rather than the start of a rationale. */
	readonly looksLikeId: (token: string) => boolean;
	readonly classify: (token: string) => IdClass;
	/** Catalog title of a control, for messages. */
	readonly title: (id: string) => string | undefined;
	/** The workspace catalog's name for messages: `ISO/IEC 27001:2022`. */
	readonly edition: string;
}

/** `A.5.1`, `A.8.24`, `A.9.4.1`: the shape of ISO/IEC 27001 Annex A IDs. */
const ANNEX_A_ID = /^A\.\d{1,2}(\.\d{1,2}){1,2}$/;
/** Tokens an author clearly meant as an Annex A ID, even when mistyped (`A8.24`, `a.8.24`, `A.8`). */
const ANNEX_A_LIKE = /^A\.?\d/i;

/** Leading non-digit part of an ID (`A.` for `A.8.24`, `ORG-SEC-` for `ORG-SEC-01`). */
function idPrefix(id: string): string {
	const m = /^\D+/.exec(id);
	return m ? m[0].toUpperCase() : '';
}

/** Builds the resolver for a catalog and optional legacy catalogs that map into it. */
export function createControlIdResolver(catalog: Catalog, legacy: readonly Catalog[] = []): ControlIdResolver {
	const titles = new Map<string, string>();
	for (const c of catalog.controls) {
		titles.set(c.id, c.title);
	}
	const legacyMap = new Map<string, { readonly mapsTo: readonly string[]; readonly title: string; readonly edition: string }>();
	for (const l of legacy) {
		for (const c of l.controls) {
			if (c.mapsTo && !titles.has(c.id)) {
				legacyMap.set(c.id, { mapsTo: c.mapsTo, title: c.title, edition: `${l.framework}:${l.version}` });
			}
		}
	}
	const prefixes = new Set<string>();
	for (const id of [...titles.keys(), ...legacyMap.keys()]) {
		const p = idPrefix(id);
		if (p) {
			prefixes.add(p);
		}
	}
	const annexStyle = [...titles.keys()].every((id) => ANNEX_A_ID.test(id));

	const looksLikeId = (token: string): boolean => {
		if (titles.has(token) || legacyMap.has(token) || ANNEX_A_LIKE.test(token)) {
			return true;
		}
		const upper = token.toUpperCase();
		for (const p of prefixes) {
			if (upper.startsWith(p) && /\d/.test(upper.charAt(p.length))) {
				return true;
			}
		}
		return false;
	};

	const classify = (token: string): IdClass => {
		if (titles.has(token)) {
			return { kind: 'control', id: token };
		}
		const mapped = legacyMap.get(token);
		if (mapped) {
			return { kind: 'legacy', id: token, ...mapped };
		}
		if (annexStyle && !ANNEX_A_ID.test(token)) {
			return { kind: 'malformed', reason: malformedReason(token) };
		}
		return { kind: 'unknown' };
	};

	return { looksLikeId, classify, title: (id) => titles.get(id), edition: `${catalog.framework}:${catalog.version}` };
}

function malformedReason(token: string): string {
	if (/^a\./.test(token) && ANNEX_A_ID.test(`A${token.slice(1)}`)) {
		return `'${token}' is not a control ID: write the 'A' in upper case (A${token.slice(1)})`;
	}
	if (/^A\d/.test(token)) {
		return `'${token}' is not a control ID: write it with a dot after 'A' (A.${token.slice(1)})`;
	}
	if (/^A\.\d{1,2}$/.test(token)) {
		return `'${token}' names a theme, not a control: use a control ID such as ${token}.1`;
	}
	return `'${token}' is not a control ID of the form A.<theme>.<control> (e.g. A.8.24)`;
}
