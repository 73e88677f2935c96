/** The pieces of call-site text every lexical call finder shares: what a call is, the words before it, its receiver. */

/** A call in the code. Offsets are UTF-16 indices into the file's text. */
export interface CallSite {
	/** Offset of the called name. */
	readonly start: number;
	readonly name: string;
	/** The identifier right before `.`, `->`, `::` or `?.` in front of the name, or null. */
	readonly receiver: string | null;
	/** Offsets of the opening parenthesis and of the matching closing one (or of the scan's end). */
	readonly open: number;
	readonly close: number;
	/** Preceded by `new`: a constructor call. */
	readonly constructs: boolean;
}

export const isWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
export const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 13;

/** The identifier ending right before `end` (after skipping spaces and `*`/`&`), with its start; null if none on the line. */
export function wordBefore(code: string, end: number, skip: (c: number) => boolean): { word: string; start: number } | null {
	let i = end;
	while (i > 0 && skip(code.charCodeAt(i - 1))) {
		i--;
	}
	const stop = i;
	while (i > 0 && isWordChar(code.charCodeAt(i - 1))) {
		i--;
	}
	return i === stop ? null : { word: code.slice(i, stop), start: i };
}

/** The identifier a call at `name` is made on (`obj` of `obj.f(`, `obj->f(`, `a.obj().f(`, `obj?.f(`, `obj&.f`, `$obj?->f(`), or null. */
export function receiverBefore(code: string, name: number): string | null {
	let i = name;
	while (i > 0 && isSpace(code.charCodeAt(i - 1))) {
		i--;
	}
	const c = code.charCodeAt(i - 1);
	if (c === 46 || (c === 62 && code.charCodeAt(i - 2) === 45) || (c === 58 && code.charCodeAt(i - 2) === 58)) {
		i -= c === 46 ? 1 : 2;
	} else {
		return null;
	}
	// The safe navigation of `obj?.f(`, Ruby's `obj&.f` and PHP's `$obj?->f(`.
	const guard = code.charCodeAt(i - 1);
	if (guard === 63 || (guard === 38 && c === 46 && code.charCodeAt(i - 2) !== 38)) {
		i--;
	}
	while (i > 0 && isSpace(code.charCodeAt(i - 1))) {
		i--;
	}
	// `getSession().invalidate()`, `sessions[id].delete()`: step over an empty call or an index.
	const m = /(?:\(\s*\)|\[[^\]\n]{0,40}\])\s*$/.exec(code.slice(Math.max(0, i - 44), i));
	if (m !== null) {
		i -= m[0].length;
	}
	const last = wordBefore(code, i, isSpace);
	if (last === null) {
		return null;
	}
	// A constant path (`GPGME::Ctx.new`, `OpenSSL::Cipher.new`): the receiver is the whole path.
	let word = last.word;
	for (let at = last.start; code.charCodeAt(at - 1) === 58 && code.charCodeAt(at - 2) === 58;) {
		const outer = wordBefore(code, at - 2, () => false);
		if (outer === null || code.charCodeAt(at - 1) !== 58) {
			break;
		}
		word = `${outer.word}::${word}`;
		at = outer.start;
	}
	return word;
}
