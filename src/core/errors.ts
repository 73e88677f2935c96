/**
 * A configuration or catalog error: bad YAML, a schema violation, an unreadable file. Front ends
 * print it as `file:line:col: message` and the CLI exits 2.
 */
export class ConfigError extends Error {
	constructor(
		/** The file at fault, as given (absolute or relative to the scan root). */
		readonly file: string,
		/** 1-based. */
		readonly line: number,
		/** 1-based. */
		readonly column: number,
		readonly detail: string,
	) {
		super(`${file}:${line}:${column}: ${detail}`);
		this.name = 'ConfigError';
	}
}
