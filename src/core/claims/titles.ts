/**
 * Comparing the title a document gives a control with the catalog's: tolerant of case, punctuation
 * and a shortened title ("Cryptography" for "Use of cryptography"), strict about a title that is
 * another control's ("Availability of information processing facilities" under A.17.1.2).
 */

const STOP_WORDS = new Set(['of', 'the', 'and', 'for', 'to', 'in', 'on', 'a', 'an', 'with', 'by', 'controls']);

/** Lower-case words, `&` read as `and`, punctuation dropped. */
export function normalizeTitle(s: string): string {
	return s.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The meaningful words of a title. */
function words(s: string): Set<string> {
	return new Set(normalizeTitle(s).split(' ').filter((w) => w !== '' && !STOP_WORDS.has(w)));
}

function subset(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
	return [...a].every((w) => b.has(w));
}

/**
 * Whether `given` fits `title`: the same words, a shortened title (its words are among the
 * title's), or the full title followed by more text.
 */
export function fitsTitle(given: string, title: string): boolean {
	const g = words(given);
	const t = words(title);
	if (g.size === 0 || t.size === 0) {
		return false;
	}
	return subset(g, t) || (subset(t, g) && normalizeTitle(given).startsWith(normalizeTitle(title)));
}

/**
 * How strongly `given` names the control titled `title`: the number of the title's words when the
 * given text is that title (maybe followed by more text) or nearly all of it; 0 otherwise.
 */
export function namesTitle(given: string, title: string): number {
	const g = words(given);
	const t = words(title);
	if (t.size < 2 && normalizeTitle(given) !== normalizeTitle(title)) {
		return 0; // a one-word title ("Compliance") is too common a word to say the text names it
	}
	if (subset(t, g) && normalizeTitle(given).startsWith(normalizeTitle(title))) {
		return t.size;
	}
	return g.size >= 2 && subset(g, t) && g.size >= t.size - 1 ? g.size : 0;
}
