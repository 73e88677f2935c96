/**
 * Where the sensitive code a finding points at ends, read off the text alone (no parse): the
 * callee chain up to the API's last name with its arguments (`crypto.createHash('md5')`,
 * `os.environ["KEY"]`, `tls.Config{…}`), or an option with its value (`rejectUnauthorized: false`,
 * `verify=False`). Strings inside the brackets are skipped; a bracket that does not close within
 * `maxLines` lines ends the span at the end of the first line.
 */

const IDENT = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const MEMBER = /(?:\?\.|\.|::|->)\s*(?=[\p{L}_$])/uy;
const OPEN = '([{';
const CLOSE = ')]}';

/** Offset just past the identifier at `at`, or `at` when none starts there. */
function identifierEnd(text: string, at: number): number {
	IDENT.lastIndex = at;
	return IDENT.test(text) ? IDENT.lastIndex : at;
}

/** Offset just past the string literal whose quote is at `at` (the text's end when it does not close on its line). */
function stringEnd(text: string, at: number): number {
	const quote = text[at];
	for (let i = at + 1; i < text.length; i++) {
		const c = text[i];
		if (c === '\\') {
			i++;
		} else if (c === quote) {
			return i + 1;
		} else if (c === '\n' && quote !== '`') {
			return i;
		}
	}
	return text.length;
}

/**
 * Offset just past the bracket that closes the one at `at`, skipping strings; -1 when it does not
 * close before `limit`.
 */
function groupEnd(text: string, at: number, limit: number): number {
	const stack: string[] = [];
	for (let i = at; i < limit; i++) {
		const c = text[i];
		if (c === '"' || c === "'" || c === '`') {
			i = stringEnd(text, i) - 1;
		} else if (OPEN.includes(c)) {
			stack.push(CLOSE[OPEN.indexOf(c)]);
		} else if (CLOSE.includes(c)) {
			if (stack.pop() !== c) {
				return -1;
			}
			if (stack.length === 0) {
				return i + 1;
			}
		}
	}
	return -1;
}

/** Offset just past an option's value starting at `at`: up to `,`, `;`, a closing bracket or the line's end. */
function valueEnd(text: string, at: number, limit: number): number {
	let i = at;
	let end = at;
	while (i < limit) {
		const c = text[i];
		if (c === ',' || c === ';' || c === '\n' || c === '\r' || CLOSE.includes(c)) {
			break;
		}
		if (c === '"' || c === "'" || c === '`') {
			i = stringEnd(text, i);
		} else if (OPEN.includes(c)) {
			const g = groupEnd(text, i, limit);
			if (g < 0) {
				break;
			}
			i = g;
		} else {
			i++;
		}
		if (!/\s/.test(c)) {
			end = i;
		}
	}
	return end;
}

/** Offset just past the last non-blank character of the line holding `at`. */
function lineContentEnd(text: string, at: number): number {
	let e = text.indexOf('\n', at);
	e = e < 0 ? text.length : e;
	while (e > at && /\s/.test(text[e - 1])) {
		e--;
	}
	return e;
}

/** Offset of the start of the line `lines` lines below the one holding `at` (the text's end if none). */
function linesBelow(text: string, at: number, lines: number): number {
	let i = at;
	for (let n = 0; n <= lines; n++) {
		i = text.indexOf('\n', i);
		if (i < 0) {
			return text.length;
		}
		i++;
	}
	return i;
}

/**
 * The end offset (exclusive) of the sensitive call or option starting at `offset`, for a finding of
 * `api` (`crypto.createHash`, `crypto/tls.Config.InsecureSkipVerify`): at least the identifier there.
 */
export function sensitiveSpanEnd(text: string, offset: number, api: string, maxLines = 4): number {
	const last = api.split(/[./:#]/).pop() ?? '';
	const limit = linesBelow(text, offset, maxLines);
	let i = identifierEnd(text, offset);
	if (i === offset) {
		return offset;
	}
	let name = text.slice(offset, i);
	let end = i;
	let grouped = false;
	for (;;) {
		if (OPEN.includes(text[i] ?? '')) {
			const g = groupEnd(text, i, limit);
			if (g < 0) {
				return Math.max(end, lineContentEnd(text, offset));
			}
			end = i = g;
			grouped = true;
			if (name === last) {
				return end;
			}
			continue;
		}
		MEMBER.lastIndex = i;
		if (!MEMBER.test(text)) {
			break;
		}
		const start = MEMBER.lastIndex;
		i = identifierEnd(text, start);
		name = text.slice(start, i);
		end = i;
	}
	if (!grouped) {
		// An option: `key: value` or `key=value` (not `::`, `==`, `=>`).
		const m = /^[ \t]*(?::(?!:)|=(?![=>]))[ \t]*/.exec(text.slice(end, end + 64));
		if (m) {
			const v = valueEnd(text, end + m[0].length, limit);
			return v > end + m[0].length ? v : end;
		}
	}
	return end;
}
