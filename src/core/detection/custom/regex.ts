/**
 * Custom-rule regular expressions, compiled and run with RE2JS: a pure-JavaScript port of RE2 that
 * matches in time linear in the input, so a pattern such as `(a+)+$` cannot hang a scan or the
 * editor. Config validation and detection use this same module, so a pattern accepted on load is
 * exactly a pattern that runs.
 */
import { RE2JS } from 're2js';

/** A compiled custom-rule pattern. */
export interface RulePattern {
	/** Start and end offsets (UTF-16, end exclusive) of each non-empty match, in order, at most `limit`. */
	readonly matches: (text: string, limit: number) => Array<readonly [number, number]>;
}

/** The outcome of compiling a pattern: the pattern, or a message saying what is wrong with it. */
export type CompiledPattern = { readonly ok: true; readonly pattern: RulePattern } | { readonly ok: false; readonly message: string };

/** Constructs RE2 leaves out on purpose (they need backtracking), with the words to explain them. */
const UNSUPPORTED: readonly (readonly [RegExp, string])[] = [
	[/^\(\?=/, 'lookahead (?=…)'],
	[/^\(\?!/, 'negative lookahead (?!…)'],
	[/^\(\?<=/, 'lookbehind (?<=…)'],
	[/^\(\?<!/, 'negative lookbehind (?<!…)'],
	[/^\\[1-9]/, 'a backreference (\\1…)'],
	[/^\\k</, 'a named backreference (\\k<…>)'],
	[/^\(\?>/, 'an atomic group (?>…)'],
	[/^[*+?}][+]/, 'a possessive quantifier (*+, ++, ?+)'],
];

/** The first construct of `source` that RE2 does not support, outside character classes. */
function unsupportedConstruct(source: string): string | null {
	let inClass = false;
	for (let i = 0; i < source.length; i++) {
		const c = source[i];
		if (inClass) {
			if (c === '\\') {
				i++;
			} else if (c === ']') {
				inClass = false;
			}
			continue;
		}
		if (c === '[') {
			inClass = true;
			continue;
		}
		const rest = source.slice(i, i + 4);
		for (const [re, what] of UNSUPPORTED) {
			if (re.test(rest)) {
				return what;
			}
		}
		if (c === '\\') {
			i++;
		}
	}
	return null;
}

/** JavaScript's `\uXXXX` escapes, which RE2 writes `\x{XXXX}`; everything else is left as written. */
function translateEscapes(source: string): string {
	return source.replace(/\\(\\|u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4}))/g, (all: string, _x: string, braced?: string, four?: string) => {
		const hex = braced ?? four;
		return hex === undefined ? all : `\\x{${hex}}`;
	});
}

/**
 * Compiles a custom-rule pattern with the linear-time engine. `^` and `$` match at line breaks
 * (patterns describe code, line by line); write `(?i)` for case-insensitive matching. Patterns the
 * engine cannot run (invalid syntax, backreferences, lookaround) and patterns that match the empty
 * string (they would match everywhere) are refused with a message for people.
 */
export function compileRulePattern(source: string): CompiledPattern {
	const unsupported = unsupportedConstruct(source);
	if (unsupported !== null) {
		return { ok: false, message: `pattern uses ${unsupported}, which the linear-time regular expression engine does not support` };
	}
	let re: RE2JS;
	try {
		re = RE2JS.compile(translateEscapes(source), RE2JS.MULTILINE);
	} catch (e) {
		const detail = (e as Error).message.replace(/^error parsing regexp: /, '');
		return { ok: false, message: `invalid regular expression: ${detail.replace('`(?m)', '`')}` };
	}
	if (re.test('') || re.test('\n')) {
		return { ok: false, message: 'pattern matches the empty string, so it would match everywhere' };
	}
	return { ok: true, pattern: { matches: (text, limit) => findAll(re, text, limit) } };
}

function findAll(re: RE2JS, text: string, limit: number): Array<readonly [number, number]> {
	const out: Array<readonly [number, number]> = [];
	if (text.length === 0 || !re.test(text)) {
		return out;
	}
	const m = re.matcher(text);
	let from = 0;
	while (out.length < limit && from <= text.length && m.find(from)) {
		const start = m.start();
		const end = m.end();
		if (end > start) {
			out.push([start, end]);
		}
		from = end > start ? end : start + 1;
	}
	return out;
}
