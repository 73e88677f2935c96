/**
 * The `inside` / `not-inside` conditions of a record: the name of the nearest definition above a
 * match (`def ==(other)`, `def self.create`, `public function verify(`, `fn check`, `func Check`).
 * Lexical: a definition ends before the next code line indented no deeper than its own line (Ruby's
 * `end`, PHP's `}`, Python's dedent); the innermost one holding the match counts.
 */
import type { RuleRecord } from './model';
import type { FileView, Hit } from './view';
import { firstNotBefore } from '../text/search';

const DEFINITION = /(?:^|[\s;{}])(?:def|function|func|fn|sub)[ \t]+&?(?:self\.)?([^\s(;{]+)/g;

interface Definition {
	readonly offset: number;
	readonly name: string;
	/** Offset of the line that ends it (or the end of the code). */
	readonly end: number;
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/** Where the definition on the line starting at `lineStart` ends: the next non-blank line indented no deeper. */
function endOf(code: string, lineStart: number): number {
	let next = code.indexOf('\n', lineStart);
	const indent = indentOf(code.slice(lineStart, next < 0 ? code.length : next));
	while (next >= 0) {
		const start = next + 1;
		next = code.indexOf('\n', start);
		const line = code.slice(start, next < 0 ? code.length : next);
		if (line.trim() !== '' && indentOf(line) <= indent) {
			return start;
		}
	}
	return code.length;
}

const cache = new WeakMap<FileView, readonly Definition[]>();

function definitions(view: FileView): readonly Definition[] {
	let defs = cache.get(view);
	if (defs === undefined) {
		const code = view.code;
		defs = [...code.matchAll(DEFINITION)].map((m) => {
			const offset = m.index + m[0].length - m[1].length;
			return { offset, name: m[1], end: endOf(code, code.lastIndexOf('\n', offset) + 1) };
		});
		cache.set(view, defs);
	}
	return defs;
}

/** The name of the innermost definition holding `offset`, or null. */
export function enclosingDefinition(view: FileView, offset: number): string | null {
	const defs = definitions(view);
	for (let i = firstNotBefore(defs.length, (k) => defs[k].offset < offset) - 1; i >= 0; i--) {
		if (defs[i].end > offset) {
			return defs[i].name;
		}
	}
	return null;
}

/** A filter of a record's hits by its `inside` / `not-inside` conditions; null when it has none. */
export function withinFilter(record: RuleRecord): ((view: FileView, hit: Hit) => boolean) | null {
	if (record.inside === undefined && record.notInside === undefined) {
		return null;
	}
	const inside = record.inside === undefined ? null : new RegExp(record.inside);
	const notInside = record.notInside === undefined ? null : new RegExp(record.notInside);
	return (view, hit) => {
		const name = enclosingDefinition(view, hit.offset);
		return (inside === null || (name !== null && inside.test(name))) && (notInside === null || name === null || !notInside.test(name));
	};
}
