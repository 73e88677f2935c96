import { parseArgs } from 'node:util';
import { CACHE_STRATEGIES, type CacheStrategy } from '../core/cache/fileCache';

export const COMMANDS = ['scan', 'export', 'check', 'claims'] as const;
export type Command = (typeof COMMANDS)[number];

/** Parsed command line. */
export interface CliArgs {
	readonly command: Command | 'help' | 'version';
	readonly dir: string;
	/** `scan`: the files and folders given (empty: the current folder). */
	readonly paths: readonly string[];
	/** `claims`: the documents to check, as given. */
	readonly docs: readonly string[];
	readonly format: string | undefined;
	readonly report: string | undefined;
	readonly output: string | undefined;
	readonly since: string | undefined;
	readonly maxFileSize: number | undefined;
	readonly workers: number | undefined;
	/** `--cache` with its location and strategy; undefined without `--cache`. */
	readonly cache: { readonly location: string | undefined; readonly strategy: CacheStrategy } | undefined;
	readonly quiet: boolean;
	readonly helpFor: Command | undefined;
}

/** A usage error: printed with the help hint, exit code 2. */
export class UsageError extends Error {}

/** Parses `argv` (without node and script). Throws `UsageError` on bad usage. */
const OPTIONS = {
	format: { type: 'string', short: 'f' },
	report: { type: 'string' },
	dir: { type: 'string' },
	output: { type: 'string', short: 'o' },
	since: { type: 'string' },
	'max-file-size': { type: 'string' },
	workers: { type: 'string' },
	cache: { type: 'boolean' },
	'cache-location': { type: 'string' },
	'cache-strategy': { type: 'string' },
	quiet: { type: 'boolean', short: 'q' },
	help: { type: 'boolean', short: 'h' },
	version: { type: 'boolean', short: 'V' },
} as const;

export function parseCli(argv: readonly string[]): CliArgs {
	let parsed;
	try {
		parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: OPTIONS });
	} catch (e) {
		throw new UsageError(unknownOptionMessage(argv) ?? (e as Error).message);
	}
	const { values, positionals } = parsed;
	const [first, dir, ...extra] = positionals;
	if (values.version) {
		return base('version');
	}
	if (first === undefined || first === 'help') {
		const topic = first === 'help' ? dir : undefined;
		if (topic !== undefined && !isCommand(topic)) {
			throw new UsageError(`unknown command '${topic}'; expected one of ${COMMANDS.join(', ')}`);
		}
		return { ...base('help'), helpFor: topic };
	}
	if (!isCommand(first)) {
		throw new UsageError(`unknown command '${first}'; expected one of ${COMMANDS.join(', ')}`);
	}
	if (values.help) {
		return { ...base('help'), helpFor: first };
	}
	if (first !== 'claims' && first !== 'scan' && extra.length > 0) {
		throw new UsageError(`unexpected argument '${extra[0]}': give at most one folder`);
	}
	if (values.dir !== undefined && first !== 'claims') {
		throw new UsageError(`--dir is an option of claims only; give the folder as '${first} DIR'`);
	}
	return {
		command: first,
		dir: first === 'claims' ? values.dir ?? '.' : dir ?? '.',
		paths: first === 'scan' ? positionals.slice(1) : [],
		docs: first === 'claims' ? positionals.slice(1) : [],
		format: values.format,
		report: values.report,
		output: values.output,
		since: values.since,
		maxFileSize: values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']),
		workers: values.workers === undefined ? undefined : parseCount(values.workers),
		cache: parseCache(values.cache === true, values['cache-location'], values['cache-strategy']),
		quiet: values.quiet ?? false,
		helpFor: undefined,
	};
}

/**
 * For the first option of `argv` that is not one of {@link OPTIONS}: "unknown option --fromat; did
 * you mean --format?" (the closest known option within two edits), or undefined when all are known.
 */
function unknownOptionMessage(argv: readonly string[]): string | undefined {
	const longs = Object.keys(OPTIONS);
	const shorts: string[] = Object.values(OPTIONS).flatMap((o) => ('short' in o ? [o.short] : []));
	for (const arg of argv) {
		if (arg === '--') {
			return undefined;
		}
		const long = /^--([^=]+)/.exec(arg)?.[1];
		const short = /^-([^-])/.exec(arg)?.[1];
		if ((long !== undefined && !longs.includes(long)) || (long === undefined && short !== undefined && !shorts.includes(short))) {
			const name = long ?? short!;
			const best = longs.map((o) => ({ o, d: editDistance(name, o) })).sort((a, b) => a.d - b.d)[0];
			const hint = long !== undefined && best.d <= 2 ? `; did you mean --${best.o}?` : '';
			return `unknown option ${long !== undefined ? `--${long}` : `-${short}`}${hint}`;
		}
	}
	return undefined;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
	let row = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const next = [i];
		for (let j = 1; j <= b.length; j++) {
			next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		row = next;
	}
	return row[b.length];
}

function base(command: CliArgs['command']): CliArgs {
	return { command, dir: '.', paths: [], docs: [], format: undefined, report: undefined, output: undefined, since: undefined, maxFileSize: undefined, workers: undefined, cache: undefined, quiet: false, helpFor: undefined };
}

function isCommand(s: string | undefined): s is Command {
	return (COMMANDS as readonly string[]).includes(s ?? '');
}

function parseSize(s: string): number {
	const m = /^(\d+(?:\.\d+)?)(k|kb|m|mb|g|gb)?$/i.exec(s.trim());
	if (!m) {
		throw new UsageError(`--max-file-size must be a size such as 500000, 512KB or 2MB, not '${s}'`);
	}
	const unit = (m[2] ?? '').toLowerCase().charAt(0);
	return Math.round(Number(m[1]) * (unit === 'g' ? 1024 ** 3 : unit === 'm' ? 1024 ** 2 : unit === 'k' ? 1024 : 1));
}

function parseCount(s: string): number {
	const n = Number(s);
	if (!Number.isInteger(n) || n < 0 || n > 256) {
		throw new UsageError(`--workers must be a whole number from 0 to 256, not '${s}'`);
	}
	return n;
}

function parseCache(on: boolean, location: string | undefined, strategy: string | undefined): CliArgs['cache'] {
	if (!on) {
		const given = location !== undefined ? '--cache-location' : strategy !== undefined ? '--cache-strategy' : undefined;
		if (given !== undefined) {
			throw new UsageError(`${given} needs --cache`);
		}
		return undefined;
	}
	if (location === '') {
		throw new UsageError('--cache-location needs a folder');
	}
	if (strategy !== undefined && !(CACHE_STRATEGIES as readonly string[]).includes(strategy)) {
		throw new UsageError(`--cache-strategy must be one of ${CACHE_STRATEGIES.join(', ')}, not '${strategy}'`);
	}
	return { location, strategy: (strategy ?? 'metadata') as CacheStrategy };
}

const CACHE_LINES = ['cache', 'cacheLocation', 'cacheStrategy'];

/** Usage and description of each command. */
const USAGE: Record<Command, string> = {
	scan: `iso27001 scan [DIR | PATH...] [--format text|json|sarif] [--output FILE]

  Scans DIR (default: the current folder) for @iso27001 annotations and prints coverage per theme,
  then the problems found. --format json prints the ScanResult object (see the README);
  --format sarif prints a SARIF 2.1.0 log for GitHub code scanning.
  Given files (or several paths), scans only those, with the configuration of the workspace that
  holds them: the nearest folder above with .iso27001.yaml, else the git repository's root, else
  the file's folder. Coverage then counts only their annotations.`,
	export: `iso27001 export [DIR] --format csv|markdown|html|json [--report matrix|soa] [--output FILE]

  Writes the traceability matrix: one row per (control, code location) and one row for each control
  with no location. --report soa writes the Statement of Applicability instead: every control with
  its applicability, justification, implementation and evidence (code, documents, links).
  Without --output it is written to standard output.`,
	check: `iso27001 check [DIR] [--since GIT_REF]

  Exits 1 when the scan finds unmapped sensitive code, unknown/malformed control IDs or problems in
  the claims documents of .iso27001.yaml (title mismatch, claim without evidence), 0 otherwise.
  For CI: prints each failure as file:line:col.
  --since GIT_REF fails only on lines added or changed in the work tree since GIT_REF (untracked
  files count as new) and says how many older failures it left aside.`,
	claims: `iso27001 claims DOC... [--dir DIR] [--format text|json|markdown] [--output FILE]

  Checks hand-written compliance documents (Markdown or text, inside DIR; default: the claims of
  .iso27001.yaml) against the catalog and the evidence in DIR (default: the current folder): every
  Annex A reference with its title, 2013 IDs and clauses with their 2022 controls, each claimed
  control's evidence (code, documents, SoA) or 'claimed without evidence', and the controls DIR
  evidences that no document claims. Exits 1 on a title mismatch or a claim without evidence.`,
};

/** `iso27001 --help` and `iso27001 <command> --help`. */
export function helpText(command?: Command): string {
	const usage = USAGE;
	const lines: Record<string, string> = {
		format: '  -f, --format FORMAT      output format (see above)',
		report: '      --report REPORT      matrix (default) or soa (Statement of Applicability)',
		dir: '      --dir DIR            the workspace folder (default: the current folder)',
		output: '  -o, --output FILE        write to FILE instead of standard output',
		since: '      --since GIT_REF      only lines changed since GIT_REF fail (e.g. origin/main)',
		size: '      --max-file-size SIZE skip files larger than SIZE (default 2MB; config: maxFileSize)',
		workers: '      --workers N          helper threads besides the main one (default: cores - 1; 0 = none)',
		cache: '      --cache              reuse the results of unchanged files from the last run',
		cacheLocation: '      --cache-location DIR where the cache is kept (default node_modules/.cache/iso27001,\n                           or the OS cache folder when DIR has no node_modules)',
		cacheStrategy: '      --cache-strategy S   metadata (size and time, default) or content (a hash of each file)',
		quiet: '  -q, --quiet              no progress line',
		help: '  -h, --help               this help',
		version: '  -V, --version            print the version',
	};
	const own: Record<Command, string[]> = {
		scan: ['format', 'output', 'size', 'workers', ...CACHE_LINES, 'quiet', 'help'],
		export: ['format', 'report', 'output', 'size', 'workers', ...CACHE_LINES, 'quiet', 'help'],
		check: ['since', 'size', 'workers', ...CACHE_LINES, 'quiet', 'help'],
		claims: ['dir', 'format', 'output', 'size', 'workers', 'quiet', 'help'],
	};
	const footer = `Exit codes: 0 success; 1 check failed; 2 bad usage or invalid configuration/catalog.
Colour is used on a terminal unless NO_COLOR is set.`;
	const options = (keys: readonly string[]): string => `Options:\n${keys.map((k) => lines[k]).join('\n')}\n\n${footer}`;
	const common = options(['format', 'report', 'dir', 'output', 'since', 'size', 'workers', ...CACHE_LINES, 'quiet', 'help', 'version']);
	if (command) {
		return `Usage: ${usage[command]}\n\n${options(own[command])}\n`;
	}
	return `iso27001: link code to ISO/IEC 27001 Annex A controls and prove it to an auditor.

Usage:
  ${usage.scan.split('\n')[0]}
  ${usage.export.split('\n')[0]}
  ${usage.check.split('\n')[0]}
  ${usage.claims.split('\n')[0]}
  iso27001 help COMMAND

${common}
`;
}
