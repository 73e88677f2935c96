import type { Catalog, CatalogControl } from '../types';

/** How far apart two strings are: insertions, deletions and substitutions cost 1, a swap of neighbours (the likeliest slip) ½. */
function editDistance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) {
		d[0][j] = j;
	}
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 0.5);
			}
		}
	}
	return d[a.length][b.length];
}

/** The numbers of an ID (`A.8.24` → [8, 24]). */
function numbers(id: string): number[] {
	return (id.match(/\d+/g) ?? []).map(Number);
}

const STOP = new Set(['with', 'from', 'that', 'this', 'into', 'only', 'after', 'before', 'when', 'here', 'each', 'other', 'there', 'their', 'uses', 'used']);

/** 2 when one word starts the other, 1 when they share their first five letters (`cryptographic`, `cryptography`), else 0. */
function wordMatch(a: string, b: string): number {
	if (a.startsWith(b) || b.startsWith(a)) {
		return 2;
	}
	return a.length >= 5 && b.length >= 5 && a.slice(0, 5) === b.slice(0, 5) ? 1 : 0;
}

/**
 * The controls an unknown ID most likely meant: first up to three by number (`A.8.42` → A.8.24, by
 * edit distance on the digits, then by numeric closeness within the same theme), then up to two whose
 * titles share words with `text` (the annotation's rationale).
 */
export function closestControls(catalog: Catalog, token: string, text: string): CatalogControl[] {
	const digits = (token.match(/[\d.]+/g) ?? []).join('').replace(/^\.+|\.+$/g, '');
	const want = numbers(token);
	const byNumber = digits === ''
		? []
		: catalog.controls
			.map((c, order) => {
				const n = numbers(c.id);
				const sameTheme = n[0] === want[0] ? 0 : 1;
				const gap = Math.abs((n[1] ?? 0) - (want[1] ?? 0));
				return { c, order, distance: editDistance(digits, n.join('.')), sameTheme, gap };
			})
			.filter((x) => x.distance <= 2)
			.sort((a, b) => a.distance - b.distance || a.sameTheme - b.sameTheme || a.gap - b.gap || a.order - b.order)
			.slice(0, 3)
			.map((x) => x.c);
	const words = [...new Set(text.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 4 && !STOP.has(w)))];
	const byTitle = words.length === 0
		? []
		: catalog.controls
			.map((c, order) => {
				const title = c.title.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 4);
				return { c, order, hits: words.reduce((n, w) => n + Math.max(0, ...title.map((t) => wordMatch(w, t))), 0) };
			})
			.filter((x) => x.hits > 0 && !byNumber.includes(x.c))
			.sort((a, b) => b.hits - a.hits || a.order - b.order)
			.slice(0, 2)
			.map((x) => x.c);
	return [...byNumber, ...byTitle];
}
