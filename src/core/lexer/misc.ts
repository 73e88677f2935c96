/** Lua and YAML, whose rules fit neither the C-like nor the shell-like loop. */
import { identEnd, isIdentStart } from './chars';
import { lineComment, quoted, strSpec } from './primitives';
import type { Scanner } from './scanner';

const DQ = strSpec('"');
const SQ = strSpec('\'');

/** Number of `=` of a Lua long bracket `[==[` opening at `i`, or -1. */
function longBracket(t: string, i: number, lim: number): number {
	let j = i + 1;
	while (j < lim && t.charCodeAt(j) === 61) {
		j++;
	}
	return j < lim && t.charCodeAt(j) === 91 ? j - i - 1 : -1;
}

/** End of a long bracket body from `from`, closed by `]` `level` `=`s `]`; -1 when unterminated. */
function longBracketClose(s: Scanner, from: number, level: number): number {
	const close = ']' + '='.repeat(level) + ']';
	const k = s.find(close, from);
	return k < 0 ? -1 : k;
}

/** Lexes Lua: `--` and `--[[ … ]]` / `--[==[ … ]==]` comments, `'…'`, `"…"` and `[[…]]` / `[=[…]=]` strings. */
export function lexLua(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 45 && t.charCodeAt(pos + 1) === 45) {
			const level = t.charCodeAt(pos + 2) === 91 ? longBracket(t, pos + 2, lim) : -1;
			if (level < 0) {
				pos = lineComment(s, pos, 2);
				continue;
			}
			const body = pos + 4 + level;
			const k = longBracketClose(s, body, level);
			const end = k < 0 ? lim : k + level + 2;
			s.addComment('block', pos, end, body, k < 0 ? lim : k);
			pos = end;
		} else if (c === 91) {
			const level = longBracket(t, pos, lim);
			if (level < 0) {
				pos++;
				continue;
			}
			const k = longBracketClose(s, pos + 2 + level, level);
			const end = k < 0 ? lim : k + level + 2;
			s.addString(pos, end);
			pos = end;
		} else if (c === 34 || c === 39) {
			pos = quoted(s, pos, pos + 1, c === 34 ? DQ : SQ);
		} else if (isIdentStart(c)) {
			pos = identEnd(t, pos + 1, lim);
		} else {
			pos++;
		}
	}
}

const YAML_DOUBLE = strSpec('"', { multiline: true });
const YAML_SINGLE = strSpec('\'', { escape: '', doubled: true, multiline: true });

/**
 * Lexes YAML: `#` comments at line start or after a blank; quoted scalars where a scalar may
 * start (line start, after `: `, `- `, `? `, or after `[`, `{`, `,`). Block scalars (`|`, `>`) are
 * not tracked, so a `# …` line inside one counts as a comment (as in a CI `run: |` script).
 */
export function lexYaml(s: Scanner, start: number): void {
	const t = s.text;
	const lim = s.limit;
	let last = 0; // last non-blank character on the line; 0 at line start
	let blank = true; // a blank (or the line start) precedes the current character
	let pos = start;
	while (pos < lim) {
		const c = t.charCodeAt(pos);
		if (c === 10) {
			last = 0;
			blank = true;
			pos++;
		} else if (c === 32 || c === 9 || c === 13) {
			blank = true;
			pos++;
		} else if (c === 35 && blank) {
			pos = lineComment(s, pos, 1);
		} else if ((c === 34 || c === 39) && scalarStarts(last, blank)) {
			pos = quoted(s, pos, pos + 1, c === 34 ? YAML_DOUBLE : YAML_SINGLE);
			last = c;
			blank = false;
		} else {
			last = c;
			blank = false;
			pos++;
		}
	}
}

function scalarStarts(last: number, blank: boolean): boolean {
	return last === 0 || last === 91 || last === 123 || last === 44 || (blank && (last === 58 || last === 45 || last === 63));
}
