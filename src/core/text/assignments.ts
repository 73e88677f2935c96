/** Where a variable was last given a value, searched in code (comments and strings blanked). */

/**
 * The last assignment to `name` in `code` between `offset - window` and `offset` (`name = …`, `name := …`,
 * `$name .= …`, `Type name = …`; not `==`, `=>` or `=~`): the offsets where it starts and where its `=` ends,
 * or null when there is none.
 */
export function lastAssignment(code: string, name: string, offset: number, window: number): { start: number; end: number } | null {
	const escaped = name.replace(/\$/g, '\\$');
	const re = new RegExp(`(?<![\\w$.>])\\$?${escaped}\\s*(?::|\\.|\\+)?=(?![=>~])`, 'g');
	re.lastIndex = Math.max(0, offset - window);
	let last: { start: number; end: number } | null = null;
	for (let m = re.exec(code); m !== null && m.index < offset; m = re.exec(code)) {
		last = { start: m.index, end: m.index + m[0].length };
	}
	return last;
}
