/** ANSI styling that is a no-op when colour is off (not a TTY, or NO_COLOR set). */
export interface Style {
	readonly enabled: boolean;
	bold(s: string): string;
	dim(s: string): string;
	red(s: string): string;
	yellow(s: string): string;
	green(s: string): string;
	cyan(s: string): string;
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		return false;
	}
	if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') {
		return true;
	}
	return stream.isTTY === true && env.TERM !== 'dumb';
}

export function createStyle(enabled: boolean): Style {
	const wrap = (open: number, close: number) => (s: string): string => (enabled ? `\u001b[${open}m${s}\u001b[${close}m` : s);
	return {
		enabled,
		bold: wrap(1, 22),
		dim: wrap(2, 22),
		red: wrap(31, 39),
		yellow: wrap(33, 39),
		green: wrap(32, 39),
		cyan: wrap(36, 39),
	};
}
