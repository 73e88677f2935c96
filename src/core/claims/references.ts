/**
 * Finds Annex A references in a hand-written compliance document (Markdown or plain text): every
 * `A.5.15`, `A.9.4.1` or clause `A.10` in headings, tables, lists and prose, with the title the
 * document gives next to it. Fenced code blocks and HTML comments (where annotations live) are not
 * claims.
 */

/** Where a reference sits in the document. */
export type ReferenceContext = 'heading' | 'table' | 'list' | 'prose';

/** One Annex A reference as written. */
export interface ClaimReference {
	/** As written, without spaces: `A.8.24`, `A.9.4.1`, `A.10`. */
	readonly id: string;
	/** 1-based position of the `A`. */
	readonly line: number;
	readonly column: number;
	readonly context: ReferenceContext;
	/** The text the document gives after the ID (its title, if it gives one), markup removed; empty when none. */
	readonly title: string;
}

/** `A.5.15`, `A.9.4.1`, `A.10`; not inside a longer word, number or dotted name. */
const ID = /(?<![\w.])A\.(\d{1,2})((?:\.\d{1,2}){0,2})(?![\w]|\.\d)/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Every reference of `text`, in document order. */
export function findReferences(text: string): ClaimReference[] {
	return readDocument(text).references;
}

/**
 * The references of `text`, and the line of a code block that is never closed (whatever follows
 * it is read as code, so it holds no reference), or null.
 */
export function readDocument(text: string): { references: ClaimReference[]; unclosedFence: number | null } {
	const lines = maskComments(text).split('\n');
	const out: ClaimReference[] = [];
	let fence: string | null = null;
	let fenceLine = 0;
	lines.forEach((raw, k) => {
		const line = raw.replace(/\r$/, '');
		const f = FENCE.exec(line);
		if (fence !== null) {
			if (f !== null && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) {
				fence = null;
			}
			return;
		}
		if (f !== null) {
			fence = f[1];
			fenceLine = k + 1;
			return;
		}
		const context = contextOf(line, lines[k + 1] ?? '');
		for (const m of line.matchAll(ID)) {
			out.push({ id: m[0], line: k + 1, column: m.index + 1, context, title: titleAfter(line, m.index + m[0].length, context) });
		}
	});
	return { references: out, unclosedFence: fence === null ? null : fenceLine };
}

/** `text` with `<!-- … -->` comments blanked (line breaks kept). */
function maskComments(text: string): string {
	return text.replace(/<!--[\s\S]*?(?:-->|$)/g, (c) => c.replace(/[^\n]/g, ' '));
}

function contextOf(line: string, next: string): ReferenceContext {
	if (/^\s{0,3}#{1,6}\s/.test(line) || (line.trim() !== '' && /^\s{0,3}(=+|-+)\s*$/.test(next))) {
		return 'heading';
	}
	if (/^\s*\|/.test(line) || (line.match(/\|/g) ?? []).length >= 2) {
		return 'table';
	}
	return /^\s*(?:[-*+]|\d{1,3}[.)])\s/.test(line) ? 'list' : 'prose';
}

/**
 * The text after an ID: in a table, the rest of its cell, or the next cell when the ID fills its
 * own; elsewhere the rest of the line. Markup is removed and the text cut where a title ends
 * (` — `, `: `, a sentence end, an opening parenthesis, the next ID). In prose, only a capitalised
 * or parenthesised text right after the ID is a title.
 */
function titleAfter(line: string, from: number, context: ReferenceContext): string {
	let rest = line.slice(from);
	if (/^[.,;!?](?:\s|$)/.test(rest)) {
		return ''; // the sentence or list goes on: no title given
	}
	if (context === 'table') {
		const cells = rest.split('|');
		rest = cells[0].replace(/[\s*_`]/g, '') !== '' || cells.length < 2 ? cells[0] : cells[1];
	}
	const plain = rest
		.replace(/^\]\([^)]*\)/, '')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[*_`]+/g, '')
		.replace(/^[\s.:)\]—–-]+/, '');
	const parenthesised = /^\(([^)]+)\)/.exec(plain);
	if (context === 'prose' && parenthesised === null && !/^\p{Lu}/u.test(plain)) {
		return ''; // prose going on after the ID (`A.8.16 and …`), not a title
	}
	const cut = (parenthesised?.[1] ?? plain).split(/\s[—–-]\s|:\s|:$|\.\s|\.$|\s\(|;|\s(?=A\.\d)/)[0];
	return cut.replace(/\s+#+\s*$/, '').replace(/\s+/g, ' ').trim();
}
