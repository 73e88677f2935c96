import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { buildMatrix, isExportFormat, renderMatrix } from '../core/export';
import { gitCommit } from '../core/scan/git';
import { toScanJson } from '../core/scan/json';
import { scanWorkspace, type ScanOutcome } from '../core/scan/scan';
import pkg from '../../package.json';
import { helpText, parseCli, UsageError, type CliArgs } from './args';
import { ProgressLine } from './progress';
import { colourWanted, createStyle } from './style';
import { formatFinding, formatProblem, isUnmapped, renderTextReport } from './textReport';

/** Exit codes of SPEC. */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;

/** Where the bundle's assets are: next to `dist/cli.js` when bundled, else the source tree. */
function assets(): { controlsDir: string; wasmDir: string | null; workerScript: string | null } {
	const bundled = existsSync(path.join(__dirname, 'worker.js'));
	return {
		controlsDir: path.resolve(__dirname, bundled ? '..' : '../..', 'controls'),
		wasmDir: bundled ? path.join(__dirname, 'wasm') : null,
		workerScript: bundled ? path.join(__dirname, 'worker.js') : null,
	};
}

/** Runs the CLI; resolves to the exit code. Never rejects for user errors. */
export async function main(argv: readonly string[]): Promise<number> {
	const err = (s: string): void => void process.stderr.write(s);
	let args: CliArgs;
	try {
		args = parseCli(argv);
	} catch (e) {
		if (e instanceof UsageError) {
			err(`iso27001: ${e.message}\nRun 'iso27001 --help' for usage.\n`);
			return EXIT_USAGE;
		}
		throw e;
	}
	if (args.command === 'help') {
		process.stdout.write(helpText(args.helpFor));
		return EXIT_OK;
	}
	if (args.command === 'version') {
		process.stdout.write(`${pkg.version}\n`);
		return EXIT_OK;
	}
	try {
		return await run({ ...args, command: args.command });
	} catch (e) {
		if (e instanceof ConfigError) {
			err(`${e.message}\n`);
			return EXIT_USAGE;
		}
		if (e instanceof UsageError) {
			err(`iso27001: ${e.message}\nRun 'iso27001 ${args.command} --help' for usage.\n`);
			return EXIT_USAGE;
		}
		throw e;
	}
}

async function run(args: CliArgs & { command: 'scan' | 'export' | 'check' }): Promise<number> {
	const formats = { scan: ['text', 'json', 'sarif'], export: ['csv', 'markdown', 'html', 'json'], check: ['text'] }[args.command];
	const format = args.format ?? (args.command === 'export' ? undefined : 'text');
	if (format === undefined) {
		throw new UsageError(`export needs --format (${formats.join(', ')})`);
	}
	if (!formats.includes(format)) {
		throw new UsageError(`${args.command} --format must be one of ${formats.join(', ')}, not '${format}'`);
	}
	if (format === 'sarif') {
		throw new UsageError('--format sarif is not available yet (it comes with sensitive-code detection)');
	}
	if (args.since !== undefined) {
		throw new UsageError('--since is not available yet (it comes with sensitive-code detection)');
	}
	const root = path.resolve(args.dir);
	if (!existsSync(root) || !statSync(root).isDirectory()) {
		throw new UsageError(`'${args.dir}' is not a folder`);
	}
	const outcome = await scanWithProgress(root, args);
	printStats(outcome);
	switch (args.command) {
		case 'scan':
			return emit(args, format === 'json' ? `${JSON.stringify(toScanJson(outcome.result), null, 2)}\n` : textReport(outcome, args));
		case 'export':
			return exportMatrix(outcome, format, args);
		case 'check':
			return check(outcome, args);
	}
}

async function scanWithProgress(root: string, args: CliArgs): Promise<ScanOutcome> {
	const progress = new ProgressLine(process.stderr, !args.quiet && process.stderr.isTTY === true);
	try {
		return await scanWorkspace({
			root, ...assets(), workers: args.workers, tool: { name: 'iso27001', version: pkg.version },
			overrides: { maxFileSize: args.maxFileSize },
			onProgress: (done, total) => progress.update(`scanning ${done}/${total} files`),
		});
	} finally {
		progress.clear();
	}
}

/** With ISO27001_STATS set, one JSON line of scan figures on stderr (read by `npm run bench`). */
function printStats(outcome: ScanOutcome): void {
	if (process.env.ISO27001_STATS) {
		const { files, bytes, millis, workers, phases } = outcome.stats;
		const ms = Object.fromEntries(Object.entries(phases).map(([k, v]: [string, number]) => [k, Math.round(v)]));
		process.stderr.write(`ISO27001_STATS ${JSON.stringify({ files, bytes, millis: Math.round(millis), workers, phases: ms, maxRssKB: process.resourceUsage().maxRSS })}\n`);
	}
}

function textReport(outcome: ScanOutcome, args: CliArgs): string {
	const toTerminal = args.output === undefined;
	const style = createStyle(toTerminal && colourWanted(process.stdout, process.env));
	return renderTextReport(outcome.result, outcome.settings.catalog.title, style);
}

async function exportMatrix(outcome: ScanOutcome, format: string, args: CliArgs): Promise<number> {
	if (!isExportFormat(format)) {
		throw new UsageError(`unknown export format '${format}'`);
	}
	const { settings, result } = outcome;
	const matrix = buildMatrix({
		result, catalog: settings.catalog, soa: settings.config.soa, exceptions: outcome.ignores,
		legacyCatalog: settings.legacy[0],
		meta: { toolName: 'iso27001', toolVersion: pkg.version, generatedAt: new Date().toISOString(), commit: await gitCommit(result.root), root: result.root },
	});
	const code = emit(args, renderMatrix(format, matrix));
	if (args.output !== undefined) {
		process.stderr.write(`Wrote the ${format.toUpperCase()} traceability matrix (${matrix.rows.length} rows, coverage ${result.coverage.percent}%) to ${path.resolve(args.output)}\n`);
	}
	return code;
}

/** `check`: unmapped findings and unknown or malformed control IDs fail the build. */
function check(outcome: ScanOutcome, args: CliArgs): number {
	const style = createStyle(args.output === undefined && colourWanted(process.stdout, process.env));
	const { result } = outcome;
	const unmapped = result.findings.filter(isUnmapped);
	const failing = result.problems.filter((p) => p.code === 'unknown-control' || p.code === 'malformed-annotation');
	const lines = [...failing.map((p) => formatProblem(p, style)), ...unmapped.map((f) => formatFinding(f, style))];
	const verdict = lines.length === 0
		? style.green(`iso27001 check passed: ${result.files} files, ${result.annotations.length} annotations, coverage ${result.coverage.percent}%`)
		: style.red(`iso27001 check failed: ${unmapped.length} unmapped finding${unmapped.length === 1 ? '' : 's'}, ${failing.length} unknown or malformed control ID${failing.length === 1 ? '' : 's'}`);
	emit(args, `${[...lines, verdict].join('\n')}\n`);
	return lines.length === 0 ? EXIT_OK : EXIT_CHECK_FAILED;
}

function emit(args: CliArgs, text: string): number {
	if (args.output === undefined) {
		process.stdout.write(text);
	} else {
		const out = path.resolve(args.output);
		mkdirSync(path.dirname(out), { recursive: true });
		writeFileSync(out, text);
	}
	return EXIT_OK;
}
