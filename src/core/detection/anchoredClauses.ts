/**
 * A prefilter made of clauses (tests on a whole text), each with anchors: literals one of which
 * occurs in every text the clause accepts. One regular-expression pass finds the anchors that occur,
 * and only their clauses are tried. Two dozen separate passes over a text cost far more than one pass
 * over an alternation of plain literals (which V8 scans with a Boyer–Moore–Horspool lookahead).
 */

/** One test of a prefilter and the literals that any text it accepts contains. */
export interface Clause {
	readonly test: (text: string) => boolean;
	/** Literals, as written; at least one of them or of `anchorsIgnoreCase` occurs in every accepted text. */
	readonly anchors?: readonly string[];
	/** Literals matched in any case. */
	readonly anchorsIgnoreCase?: readonly string[];
}

/** Anchors of one case mode: their pass, and the clauses (a bit set) each found literal stands for. */
interface AnchorPass {
	readonly pattern: RegExp;
	readonly clauses: ReadonlyMap<string, number>;
	readonly ignoreCase: boolean;
}

export class AnchoredClauses {
	private readonly passes: readonly AnchorPass[];
	private readonly all: number;

	constructor(private readonly clauses: readonly Clause[]) {
		if (clauses.length > 31) {
			throw new Error('at most 31 clauses');
		}
		this.all = (1 << clauses.length) - 1;
		const sensitive = new Map<string, number>();
		const insensitive = new Map<string, number>();
		clauses.forEach((c, k) => {
			if ((c.anchors?.length ?? 0) + (c.anchorsIgnoreCase?.length ?? 0) === 0) {
				throw new Error(`clause ${k} has no anchor`);
			}
			for (const a of c.anchors ?? []) {
				sensitive.set(a, (sensitive.get(a) ?? 0) | (1 << k));
			}
			for (const a of c.anchorsIgnoreCase ?? []) {
				const key = a.toLowerCase();
				insensitive.set(key, (insensitive.get(key) ?? 0) | (1 << k));
			}
		});
		this.passes = [anchorPass(sensitive, false), anchorPass(insensitive, true)].filter((p): p is AnchorPass => p !== undefined);
	}

	/** Whether some clause accepts `text` (the same answer as trying every clause, in fewer passes). */
	anyMatch(text: string): boolean {
		let tried = 0;
		for (const pass of this.passes) {
			const re = pass.pattern;
			re.lastIndex = 0;
			for (let m = re.exec(text); m !== null; m = re.exec(text)) {
				const found = pass.clauses.get(pass.ignoreCase ? m[0].toLowerCase() : m[0])! & ~tried;
				if (found !== 0) {
					tried |= found;
					for (let k = 0; k < this.clauses.length; k++) {
						if ((found & (1 << k)) !== 0 && this.clauses[k].test(text)) {
							return true;
						}
					}
					if (tried === this.all) {
						return false;
					}
				}
				// Anchors may overlap (`Rolex` holds `Role` and `lex`): the next search starts one character on.
				re.lastIndex = m.index + 1;
			}
		}
		return false;
	}
}

/**
 * One alternation of the anchors. An anchor that contains another is dropped and its clauses are
 * credited to the shorter one, which occurs wherever it does; the rest contain one another nowhere,
 * so at any offset at most one of them matches and no occurrence is hidden by another.
 */
function anchorPass(anchors: ReadonlyMap<string, number>, ignoreCase: boolean): AnchorPass | undefined {
	if (anchors.size === 0) {
		return undefined;
	}
	const kept = new Map<string, number>();
	for (const a of [...anchors.keys()].sort((x, y) => x.length - y.length || (x < y ? -1 : 1))) {
		const inner = [...kept.keys()].find((k) => a.includes(k));
		if (inner === undefined) {
			kept.set(a, anchors.get(a)!);
		} else {
			kept.set(inner, kept.get(inner)! | anchors.get(a)!);
		}
	}
	const source = [...kept.keys()].map((a) => a.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|');
	return { pattern: new RegExp(source, ignoreCase ? 'gi' : 'g'), clauses: kept, ignoreCase };
}
