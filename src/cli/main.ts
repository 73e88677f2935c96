import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { ConfigError } from '../core/errors';
import { buildMatrix, buildSoaReport, EXPORT_REPORTS, isExportFormat, isExportReport, renderMatrix, renderSoa, type MatrixInput } from '../core/export';
import { changedLines, GitError, isLineChanged, type ChangedLines } from '../core/git/changedLines';
import { toSarif } from '../core/report/sarif';
import { gitCommit } from '../core/scan/git';
import { toScanJson } from '../core/scan/json';
import { scanWorkspace, type ScanOutcome } from '../core/scan/scan';
import type { Finding, Problem, ScanResult } from '../core/types';
import pkg from '../../package.json';
import { helpText, parseCli, UsageError, type CliArgs } from './args';
import { claimsFailed, claimsPaths, claimsReport, renderClaimsJson, renderClaimsMarkdown, renderClaimsText } from './claims';
import { ProgressLine } from './progress';
import { colourWanted, createStyle } from './style';
import { filesNotScanned, folderTarget, scanTarget, type Target } from './targets';
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
		if (e instanceof GitError) {
			err(`iso27001: ${e.message}\n`);
			return EXIT_USAGE;
		}
		throw e;
	}
}

type RunArgs = CliArgs & { command: 'scan' | 'export' | 'check' | 'claims' };

/** The output format, after checking the options that depend on the command. */
function checkedFormat(args: RunArgs): string {
	const formats = {
		scan: ['text', 'json', 'sarif'], export: ['csv', 'markdown', 'html', 'json'], check: ['text'], claims: ['text', 'json', 'markdown'],
	}[args.command];
	const format = args.format ?? (args.command === 'export' ? undefined : 'text');
	if (format === undefined) {
		throw new UsageError(`export needs --format (${formats.join(', ')})`);
	}
	if (!formats.includes(format)) {
		throw new UsageError(`${args.command} --format must be one of ${formats.join(', ')}, not '${format}'`);
	}
	if (args.since !== undefined && args.command !== 'check') {
		throw new UsageError('--since is an option of check only');
	}
	if (args.report !== undefined && args.command !== 'export') {
		throw new UsageError('--report is an option of export only');
	}
	if (args.report !== undefined && !isExportReport(args.report)) {
		throw new UsageError(`export --report must be one of ${EXPORT_REPORTS.join(', ')}, not '${args.report}'`);
	}
	return format;
}

async function run(args: RunArgs): Promise<number> {
	const format = checkedFormat(args);
	const target = args.command === 'scan' ? scanTarget(args.paths) : folderTarget(args.dir);
	const { root } = target;
	// Resolve the ref and the claims documents before scanning, so a bad one fails at once.
	const changed = args.since === undefined ? null : await changedLines(root, args.since);
	const docs = claimsPaths(root, args.docs);
	if (target.note !== undefined && !args.quiet) {
		process.stderr.write(`iso27001: ${target.note}\n`);
	}
	const outcome = await scanWithProgress(target, args);
	printStats(outcome);
	for (const p of filesNotScanned(target, outcome)) {
		process.stderr.write(`iso27001: '${p}' was not scanned: the configuration excludes it (include, exclude, .gitignore) or its language is not one the scanner reads\n`);
	}
	switch (args.command) {
		case 'scan':
			return emit(args, scanOutput(outcome, format, args));
		case 'export':
			return exportMatrix(outcome, format, args);
		case 'check':
			return check(outcome, args, changed);
		case 'claims':
			return claims(outcome, format, args, docs);
	}
}

/** `claims`: the documents given, else the configuration's `claims:`; exit 1 on a title mismatch or a claim without evidence. */
function claims(outcome: ScanOutcome, format: string, args: CliArgs, given: readonly string[]): number {
	const docs = given.length > 0 ? given : outcome.settings.config.claims ?? [];
	if (docs.length === 0) {
		throw new UsageError(`claims needs at least one document: 'iso27001 claims DOC...', or 'claims:' in .iso27001.yaml`);
	}
	const report = claimsReport(outcome, docs);
	const style = createStyle(args.output === undefined && colourWanted(process.stdout, process.env));
	emit(args, format === 'json' ? renderClaimsJson(report) : format === 'markdown' ? renderClaimsMarkdown(report) : renderClaimsText(report, style));
	return claimsFailed(report) ? EXIT_CHECK_FAILED : EXIT_OK;
}

function scanOutput(outcome: ScanOutcome, format: string, args: CliArgs): string {
	if (format === 'json') {
		return `${JSON.stringify(toScanJson(outcome.result), null, 2)}\n`;
	}
	if (format === 'sarif') {
		const log = toSarif(outcome.result, {
			toolVersion: pkg.version, informationUri: pkg.homepage, rulesHelpBase: `${pkg.homepage}/blob/main/docs/rules.md`,
			lineText: lineReader(outcome.result.root),
		});
		return `${JSON.stringify(log, null, 2)}\n`;
	}
	return textReport(outcome, args);
}

/** Largest file whose lines SARIF fingerprints read (larger ones fall back to line numbers). */
const MAX_FINGERPRINT_FILE = 16 * 1024 * 1024;

/** Reads lines of files under `root` on demand (each file once), for SARIF fingerprints. */
function lineReader(root: string): (file: string, line: number) => string | undefined {
	const cache = new Map<string, readonly string[] | null>();
	const read = (file: string): readonly string[] | null => {
		try {
			const abs = path.join(root, file);
			const st = statSync(abs);
			return st.isFile() && st.size <= MAX_FINGERPRINT_FILE ? readFileSync(abs, 'utf8').split('\n') : null;
		} catch {
			return null;
		}
	};
	return (file, line) => {
		let lines = cache.get(file);
		if (lines === undefined) {
			lines = read(file);
			cache.set(file, lines);
		}
		return lines?.[line - 1];
	};
}

async function scanWithProgress({ root, paths }: Target, args: CliArgs): Promise<ScanOutcome> {
	const progress = new ProgressLine(process.stderr, !args.quiet && process.stderr.isTTY === true);
	try {
		return await scanWorkspace({
			root, paths, ...assets(), workers: args.workers, tool: { name: 'iso27001', version: pkg.version },
			overrides: { maxFileSize: args.maxFileSize },
			cache: args.cache && { location: args.cache.location && path.resolve(args.cache.location), strategy: args.cache.strategy },
			onWarning: (message) => {
				progress.clear();
				process.stderr.write(`iso27001: warning: ${message}\n`);
			},
			// The CLI's outputs carry no quick-fix anchors: skip finding them.
			anchors: false,
			onProgress: (done, total) => progress.update(`scanning ${done}/${total} files`),
		});
	} finally {
		progress.clear();
	}
}

/** With ISO27001_STATS set, one JSON line of scan figures on stderr (read by `npm run bench`). */
function printStats(outcome: ScanOutcome): void {
	if (process.env.ISO27001_STATS) {
		const { files, bytes, millis, workers, phases, cached, cachedFolders } = outcome.stats;
		const ms = Object.fromEntries(Object.entries(phases).map(([k, v]: [string, number]) => [k, Math.round(v)]));
		process.stderr.write(`ISO27001_STATS ${JSON.stringify({ files, cached, cachedFolders, bytes, millis: Math.round(millis), workers, phases: ms, maxRssKB: process.resourceUsage().maxRSS, heapLimitMB: Math.round(getHeapStatistics().heap_size_limit / 1048576) })}\n`);
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
	const input: MatrixInput = {
		result, catalog: settings.catalog, soa: settings.config.soa, exceptions: outcome.ignores,
		legacyCatalog: settings.legacy[0],
		meta: { toolName: 'iso27001', toolVersion: pkg.version, generatedAt: new Date().toISOString(), commit: await gitCommit(result.root), root: result.root },
	};
	if (args.report === 'soa') {
		const report = buildSoaReport(input);
		const code = emit(args, renderSoa(format, report));
		if (args.output !== undefined) {
			process.stderr.write(`Wrote the ${format.toUpperCase()} Statement of Applicability (${report.controls.length} controls) to ${path.resolve(args.output)}\n`);
		}
		return code;
	}
	const matrix = buildMatrix(input);
	const code = emit(args, renderMatrix(format, matrix));
	if (args.output !== undefined) {
		process.stderr.write(`Wrote the ${format.toUpperCase()} traceability matrix (${matrix.rows.length} rows, coverage ${result.coverage.percent}%) to ${path.resolve(args.output)}\n`);
	}
	return code;
}

/** What `check` fails on, and (with `--since`) how many older failures it left aside. */
export interface CheckSelection {
	readonly unmapped: readonly Finding[];
	readonly failing: readonly Problem[];
	readonly asideFindings: number;
	readonly asideProblems: number;
}

/**
 * Unmapped findings, unknown or malformed control IDs and claim problems (title mismatch, claim
 * without evidence) fail `check`; with `changed` (from
 * `--since`), only those on changed lines, the others being counted as left aside.
 */
export function selectCheckFailures(result: ScanResult, changed: ChangedLines | null): CheckSelection {
	const inChange = (x: { file: string; line: number }): boolean => changed === null || isLineChanged(changed, x.file, x.line);
	const allUnmapped = result.findings.filter(isUnmapped);
	const failingCodes: readonly string[] = ['unknown-control', 'malformed-annotation', 'claim-title-mismatch', 'claim-without-evidence'];
	const allFailing = result.problems.filter((p) => failingCodes.includes(p.code));
	const unmapped = allUnmapped.filter(inChange);
	const failing = allFailing.filter(inChange);
	return { unmapped, failing, asideFindings: allUnmapped.length - unmapped.length, asideProblems: allFailing.length - failing.length };
}

/** `check`: prints each failure as `file:line:col`, what `--since` left aside, and a verdict. */
function check(outcome: ScanOutcome, args: CliArgs, changed: ChangedLines | null): number {
	const style = createStyle(args.output === undefined && colourWanted(process.stdout, process.env));
	const { result } = outcome;
	const { unmapped, failing, asideFindings, asideProblems } = selectCheckFailures(result, changed);
	const lines = [...failing.map((p) => formatProblem(p, style)), ...unmapped.map((f) => formatFinding(f, style))];
	if (changed !== null) {
		lines.push(style.dim(`left aside ${count(asideFindings, 'finding')} and ${count(asideProblems, 'problem')} on lines not changed since ${changed.ref}`));
	}
	const failed = unmapped.length + failing.length > 0;
	const scope = changed === null ? '' : ` (lines changed since ${changed.ref})`;
	const verdict = failed
		? style.red(`iso27001 check failed${scope}: ${count(unmapped.length, 'unmapped finding')}, ${failedProblems(failing)}`)
		: style.green(`iso27001 check passed${scope}: ${result.files} files, ${result.annotations.length} annotations, coverage ${result.coverage.percent}%`);
	emit(args, `${[...lines, verdict].join('\n')}\n`);
	return failed ? EXIT_CHECK_FAILED : EXIT_OK;
}

/** `2 unknown or malformed control IDs`, then `, 1 claim problem` when a claims document has some. */
function failedProblems(failing: readonly Problem[]): string {
	const claims = failing.filter((p) => p.code.startsWith('claim-')).length;
	return `${count(failing.length - claims, 'unknown or malformed control ID')}${claims > 0 ? `, ${count(claims, 'claim problem')}` : ''}`;
}

/** `1 finding`, `2 findings`. */
function count(n: number, noun: string): string {
	return `${n} ${noun}${n === 1 ? '' : 's'}`;
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
