import { parseArgs } from 'node:util';

export const COMMANDS = ['scan', 'export', 'check'] as const;
export type Command = (typeof COMMANDS)[number];

/** Parsed command line. */
export interface CliArgs {
	readonly command: Command | 'help' | 'version';
	readonly dir: string;
	readonly format: string | undefined;
	readonly output: string | undefined;
	readonly since: string | undefined;
	readonly maxFileSize: number | undefined;
	readonly workers: number | undefined;
	readonly quiet: boolean;
	readonly helpFor: Command | undefined;
}

/** A usage error: printed with the help hint, exit code 2. */
export class UsageError extends Error {}

/** Parses `argv` (without node and script). Throws `UsageError` on bad usage. */
export function parseCli(argv: readonly string[]): CliArgs {
	let parsed;
	try {
		parsed = parseArgs({
			args: [...argv],
			allowPositionals: true,
			strict: true,
			options: {
				format: { type: 'string', short: 'f' },
				output: { type: 'string', short: 'o' },
				since: { type: 'string' },
				'max-file-size': { type: 'string' },
				workers: { type: 'string' },
				quiet: { type: 'boolean', short: 'q' },
				help: { type: 'boolean', short: 'h' },
				version: { type: 'boolean', short: 'V' },
			},
		});
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const { values, positionals } = parsed;
	const [first, dir, ...extra] = positionals;
	if (values.version) {
		return base('version');
	}
	if (first === undefined || first === 'help') {
		const topic = first === 'help' ? dir : undefined;
		return { ...base('help'), helpFor: isCommand(topic) ? topic : undefined };
	}
	if (!isCommand(first)) {
		throw new UsageError(`unknown command '${first}'; expected one of ${COMMANDS.join(', ')}`);
	}
	if (values.help) {
		return { ...base('help'), helpFor: first };
	}
	if (extra.length > 0) {
		throw new UsageError(`unexpected argument '${extra[0]}': give at most one folder`);
	}
	return {
		command: first,
		dir: dir ?? '.',
		format: values.format,
		output: values.output,
		since: values.since,
		maxFileSize: values['max-file-size'] === undefined ? undefined : parseSize(values['max-file-size']),
		workers: values.workers === undefined ? undefined : parseCount(values.workers),
		quiet: values.quiet ?? false,
		helpFor: undefined,
	};
}

function base(command: CliArgs['command']): CliArgs {
	return { command, dir: '.', format: undefined, output: undefined, since: undefined, maxFileSize: undefined, workers: undefined, quiet: false, helpFor: undefined };
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

/** `iso27001 --help` and `iso27001 <command> --help`. */
export function helpText(command?: Command): string {
	const usage: Record<Command, string> = {
		scan: `iso27001 scan [DIR] [--format text|json|sarif] [--output FILE]

  Scans DIR (default: the current folder) for @iso27001 annotations and prints coverage per theme,
  then the problems found. --format json prints the ScanResult object (see the README);
  --format sarif prints a SARIF 2.1.0 log for GitHub code scanning.`,
		export: `iso27001 export [DIR] --format csv|markdown|html|json [--output FILE]

  Writes the traceability matrix: one row per (control, code location) and one row for each control
  with no location. Without --output it is written to standard output.`,
		check: `iso27001 check [DIR] [--since GIT_REF]

  Exits 1 when the scan finds unmapped sensitive code or unknown/malformed control IDs, 0 otherwise.
  For CI: prints each failure as file:line:col.
  --since GIT_REF fails only on lines added or changed in the work tree since GIT_REF (untracked
  files count as new) and says how many older failures it left aside.`,
	};
	const common = `Options:
  -f, --format FORMAT      output format (see each command)
  -o, --output FILE        write to FILE instead of standard output
      --since GIT_REF      check: only lines changed since GIT_REF fail (e.g. origin/main)
      --max-file-size SIZE skip files larger than SIZE (default 2MB; config: maxFileSize)
      --workers N          helper threads besides the main one (default: cores - 1; 0 = none)
  -q, --quiet              no progress line
  -h, --help               this help
  -V, --version            print the version

Exit codes: 0 success; 1 check failed; 2 bad usage or invalid configuration/catalog.
Colour is used on a terminal unless NO_COLOR is set.`;
	if (command) {
		return `Usage: ${usage[command]}\n\n${common}\n`;
	}
	return `iso27001: link code to ISO/IEC 27001 Annex A controls and prove it to an auditor.

Usage:
  ${usage.scan.split('\n')[0]}
  ${usage.export.split('\n')[0]}
  ${usage.check.split('\n')[0]}
  iso27001 help COMMAND

${common}
`;
}
