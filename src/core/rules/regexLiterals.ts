/**
 * The literals a regular expression cannot match without: `\b(?:IsSecureConnection|isSecure\s*\()`
 * needs `issecureconnection` or `issecure`. A record's pattern then runs only on files that contain
 * one of them (the anchor pass finds them all at once), instead of being tried at every offset of
 * every file. Derived, never written by hand; null when some match could do without a literal of at
 * least `MIN` characters, and the pattern runs everywhere as before.
 */

const MIN = 3;

/** What one parsed piece of a pattern requires: one of these literals (lower case), or nothing known. */
type Need = readonly string[] | null;

interface Cursor {
	readonly src: string;
	pos: number;
}

/** Skips a character class `[...]` (escapes and a leading `]` included). */
function skipClass(c: Cursor): void {
	c.pos++;
	if (c.src[c.pos] === '^') {
		c.pos++;
	}
	if (c.src[c.pos] === ']') {
		c.pos++;
	}
	while (c.pos < c.src.length && c.src[c.pos] !== ']') {
		c.pos += c.src[c.pos] === '\\' ? 2 : 1;
	}
	c.pos++;
}

/** True when a quantifier follows that allows zero repetitions; consumes the quantifier. */
function optionalQuantifier(c: Cursor): { optional: boolean; repeated: boolean } {
	const ch = c.src[c.pos];
	let optional = false;
	let repeated = false;
	if (ch === '?' || ch === '*') {
		optional = true;
		repeated = ch === '*';
		c.pos++;
	} else if (ch === '+') {
		repeated = true;
		c.pos++;
	} else if (ch === '{') {
		const m = /^\{(\d*)(,?)(\d*)\}/.exec(c.src.slice(c.pos));
		if (m !== null) {
			optional = m[1] === '' || m[1] === '0';
			repeated = m[2] === ',' || (m[3] !== '' && m[3] !== '1') || (m[1] !== '' && m[1] !== '1');
			c.pos += m[0].length;
		}
	}
	if (c.src[c.pos] === '?' && (optional || repeated)) {
		c.pos++; // lazy
	}
	return { optional, repeated };
}

/** The better of two needs: the one whose shortest literal is longest (a rarer anchor). */
function better(a: Need, b: Need): Need {
	if (a === null) {
		return b;
	}
	if (b === null) {
		return a;
	}
	const min = (n: readonly string[]): number => Math.min(...n.map((s) => s.length));
	return min(b) > min(a) ? b : a;
}

/** Escapes that stand for one literal character. */
const LITERAL_ESCAPE = /^[.\\/()[\]{}|*+?^$\-'"`:=!<>#@&,~%;]$/;

/** One alternative (a sequence) up to `|` or `)`: the best literal run or required group in it. */
function sequence(c: Cursor): Need {
	let best: Need = null;
	let run = '';
	const endRun = (): void => {
		if (run.length >= MIN) {
			best = better(best, [run]);
		}
		run = '';
	};
	while (c.pos < c.src.length && c.src[c.pos] !== '|' && c.src[c.pos] !== ')') {
		const ch = c.src[c.pos];
		let piece: { literal: string } | { need: Need } | null;
		if (ch === '(') {
			piece = { need: group(c) };
		} else if (ch === '[') {
			skipClass(c);
			piece = null;
		} else if (ch === '\\') {
			const next = c.src[c.pos + 1] ?? '';
			c.pos += 2;
			piece = LITERAL_ESCAPE.test(next) ? { literal: next } : null;
		} else {
			c.pos++;
			piece = ch === '.' || ch === '^' || ch === '$' ? null : { literal: ch.toLowerCase() };
		}
		const q = optionalQuantifier(c);
		if (piece !== null && 'literal' in piece && !q.optional) {
			run += piece.literal;
			if (q.repeated) {
				endRun();
			}
			continue;
		}
		endRun();
		if (piece !== null && 'need' in piece && !q.optional) {
			best = better(best, piece.need);
		}
	}
	endRun();
	return best;
}

/** The needs of the alternatives `a|b|…` at the cursor, up to the `)` that ends them (or the end). */
function alternatives(c: Cursor): Need[] {
	const needs: Need[] = [];
	for (;;) {
		needs.push(sequence(c));
		if (c.src[c.pos] !== '|') {
			return needs;
		}
		c.pos++;
	}
}

/** A group `( … )` at the cursor: one of its alternatives' needs, or null (also for lookarounds). */
function group(c: Cursor): Need {
	c.pos++;
	let look = false;
	if (c.src[c.pos] === '?') {
		const head = /^\?(?::|=|!|<=|<!|<[A-Za-z_]\w*>)/.exec(c.src.slice(c.pos));
		look = head !== null && /^\?(?:=|!|<=|<!)/.test(head[0]);
		c.pos += head?.[0].length ?? 1;
	}
	const needs = alternatives(c);
	c.pos++; // `)`
	if (look || needs.some((n) => n === null)) {
		return null;
	}
	return [...new Set(needs.flatMap((n) => n ?? []))];
}

/** The lower-case literals one of which every match of `pattern` contains; null when none can be derived. */
export function regexLiterals(pattern: string): string[] | null {
	try {
		const c: Cursor = { src: pattern, pos: 0 };
		const needs = alternatives(c);
		if (c.pos < c.src.length || needs.some((n) => n === null)) {
			return null; // an unbalanced `)`, or an alternative that needs no literal
		}
		return [...new Set(needs.flatMap((n) => n ?? []))];
	} catch {
		return null;
	}
}
