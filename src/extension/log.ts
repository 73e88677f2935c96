import * as vscode from 'vscode';
import type { FileEntry } from '../core/live/fileTable';
import type { WorkerMessage } from '../core/live/protocol';
import type { Problem } from '../core/types';

/** How many skipped files one scan lists before "and N more". */
const MAX_SKIPPED = 50;
/** Lines kept in memory (for the tests, which cannot read an output channel). */
const RECENT = 500;

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * The "ISO 27001" log output channel (Output panel; its level follows "Developer: Set Log Level"):
 * scans and re-analyses with their timings, files skipped and why, configuration and worker errors.
 */
export class Log implements vscode.Disposable {
	private readonly channel = vscode.window.createOutputChannel('ISO 27001', { log: true });
	private readonly recent: string[] = [];
	private disposed = false;

	/** The last lines logged (any level), oldest first. */
	get lines(): readonly string[] {
		return this.recent;
	}

	/** Shows the channel in the Output panel. */
	show(): void {
		this.channel.show(true);
	}

	trace(message: string): void {
		this.write('trace', message);
	}

	debug(message: string): void {
		this.write('debug', message);
	}

	info(message: string): void {
		this.write('info', message);
	}

	warn(message: string): void {
		this.write('warn', message);
	}

	error(message: string): void {
		this.write('error', message);
	}

	/** One warning per file the index could not read or skipped (too large, binary, unreadable), up to a limit. */
	skipped(folder: string, entries: readonly FileEntry[], baseProblems: readonly Problem[] = []): void {
		const problems = [...baseProblems, ...entries.flatMap((e) => e.problems)].filter((p) => p.code === 'file-error');
		for (const p of problems.slice(0, MAX_SKIPPED)) {
			this.warn(`${folder}: ${p.file}: ${p.message}`);
		}
		if (problems.length > MAX_SKIPPED) {
			this.warn(`${folder}: … and ${problems.length - MAX_SKIPPED} more files skipped (the Problems panel lists them all as file-error)`);
		}
	}

	/** What a worker message tells about folder `name`. */
	workerMessage(name: string, m: Exclude<WorkerMessage, { type: 'done' }>): void {
		switch (m.type) {
			case 'scanning':
				this.info(`${name}: indexing…`);
				return;
			case 'progress':
				this.trace(`${name}: ${m.done} of ${m.total} files`);
				return;
			case 'snapshot':
				if (m.provisional) {
					this.info(`${name}: showing the last results of ${m.files.toLocaleString('en')} files from the cache (${Math.round(m.millis)} ms); verifying them`);
					return;
				}
				this.info(`${name}: indexed ${m.files.toLocaleString('en')} files in ${Math.round(m.millis)} ms${m.complete ? '' : ' (cancelled: partial)'}${m.analysed < m.files ? ` (${m.analysed.toLocaleString('en')} analysed, the others unchanged since the cache was written)` : ''}`);
				this.skipped(name, m.entries, m.baseProblems);
				return;
			case 'warning':
				this.warn(`${name}: ${m.message}`);
				return;
			case 'cacheSaved':
				this.debug(`${name}: cache written (${m.entries.toLocaleString('en')} files, ${Math.round(m.millis)} ms)`);
				return;
			case 'delta':
				this.debug(`${name}: re-analysed ${m.entries.length <= 5 ? m.entries.map((e) => e.path).join(', ') : `${m.entries.length} files`} in ${m.millis.toFixed(1)} ms (${m.pass})`);
				this.skipped(name, m.entries);
				return;
			case 'configError':
				this.error(`${name}: ${m.error.file}:${m.error.line}:${m.error.column}: ${m.error.message} (the previous results stay)`);
				return;
			case 'failed':
				this.error(`${name}: indexing failed: ${m.message}`);
				return;
		}
	}

	dispose(): void {
		this.disposed = true;
		this.channel.dispose();
	}

	private write(level: Level, message: string): void {
		if (!this.disposed) {
			// A closed channel throws: a late line (a worker message after deactivation) is only kept in `lines`.
			this.channel[level](message);
		}
		this.recent.push(`[${level}] ${message}`);
		if (this.recent.length > RECENT) {
			this.recent.splice(0, this.recent.length - RECENT);
		}
	}
}
