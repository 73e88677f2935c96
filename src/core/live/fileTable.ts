import type { FileAnalysis } from '../analysis/analyzeFile';
import { assembleResult, type AssembledResult } from '../coverage/assemble';
import { claimsOf } from '../claims/read';
import { OwnFunctionIndex } from '../coverage/ownCalls';
import type { WorkspaceSettings } from '../config/workspace';
import type { Catalog, Problem, Soa } from '../types';

/** One file's state in an index: whether it counts as scanned, what it holds, its own problems. */
export interface FileEntry {
	readonly path: string;
	/** The file is indexed (read); false when it is gone, excluded, or could not be read. */
	readonly indexed: boolean;
	/** Null when the file holds nothing to report. */
	readonly analysis: FileAnalysis | null;
	/** Problems of the file itself (`file-error`: too large, binary, unreadable). */
	readonly problems: readonly Problem[];
}

/** What an assembled result needs besides the files: the folder's catalog and settings. */
export interface TableContext {
	readonly tool: { readonly name: string; readonly version: string };
	readonly root: string;
	readonly catalog: Catalog;
	readonly soa: Soa;
	/** The folder's settings: when given, its `claims:` documents are read and checked against the result. */
	readonly settings?: WorkspaceSettings;
}

/**
 * The per-file content of one workspace folder, updated file by file. The index worker keeps one
 * per folder; the extension host mirrors it from the worker's snapshots and deltas. Both assemble
 * results through `assembleResult`, the CLI's own assembly, so the editor's API returns the CLI's JSON.
 */
export class FileTable {
	private readonly indexed = new Set<string>();
	private readonly analyses = new Map<string, FileAnalysis>();
	private readonly problems = new Map<string, readonly Problem[]>();
	/** The application's own functions and their callers: a file's findings include the calls that reach another file's. */
	private own = new OwnFunctionIndex();
	/** Problems of the configuration and the walk, replaced by each full scan. */
	baseProblems: readonly Problem[] = [];
	/**
	 * Set by a mirror that is told the count instead of every indexed path (the extension host,
	 * so that 50,000 paths do not cross the thread boundary).
	 */
	fileCount: number | undefined;

	/** Number of indexed files (the `files` of the JSON). */
	get size(): number {
		return this.fileCount ?? this.indexed.size;
	}

	/** Replaces everything (a full scan). */
	reset(entries: Iterable<FileEntry>, baseProblems: readonly Problem[]): void {
		this.indexed.clear();
		this.analyses.clear();
		this.problems.clear();
		this.own = new OwnFunctionIndex();
		this.baseProblems = baseProblems;
		for (const e of entries) {
			this.apply(e);
		}
	}

	/**
	 * Records one file's state; returns the other files whose findings changed with it (callers of a
	 * function it started or stopped defining).
	 */
	apply(e: FileEntry): string[] {
		const changed = this.own.update(e.path, this.analyses.get(e.path), e.analysis);
		if (e.indexed) {
			this.indexed.add(e.path);
		} else {
			this.indexed.delete(e.path);
		}
		if (e.analysis) {
			this.analyses.set(e.path, e.analysis);
		} else {
			this.analyses.delete(e.path);
		}
		if (e.problems.length > 0) {
			this.problems.set(e.path, e.problems);
		} else {
			this.problems.delete(e.path);
		}
		return changed.size === 0 ? [] : this.own.callersOf(changed, e.path);
	}

	has(path: string): boolean {
		return this.indexed.has(path) || this.problems.has(path);
	}

	get(path: string): FileEntry {
		const analysis = this.analyses.get(path);
		return { path, indexed: this.indexed.has(path), analysis: analysis === undefined ? null : this.own.join(analysis), problems: this.problems.get(path) ?? [] };
	}

	/** Paths equal to `prefix` or under the folder `prefix` (a deleted folder), known to the table. */
	pathsUnder(prefix: string): string[] {
		const folder = `${prefix}/`;
		const out = new Set<string>();
		for (const set of [this.indexed, this.problems.keys()]) {
			for (const p of set) {
				if (p === prefix || p.startsWith(folder)) {
					out.add(p);
				}
			}
		}
		return [...out];
	}

	/** Files that hold something to report or have problems, as recorded (their own-function candidates not joined). */
	entries(): FileEntry[] {
		const paths = new Set([...this.analyses.keys(), ...this.problems.keys()]);
		// As recorded, not joined: entries are what another table (the host's mirror) applies and joins itself.
		return [...paths].map((p) => ({ path: p, indexed: this.indexed.has(p), analysis: this.analyses.get(p) ?? null, problems: this.problems.get(p) ?? [] }));
	}

	assemble(ctx: TableContext): AssembledResult {
		return assembleResult({
			...ctx, claims: ctx.settings === undefined ? undefined : claimsOf(ctx.root, ctx.settings), files: this.size, analyses: [...this.analyses.values()].map((a) => this.own.join(a)),
			problems: [...this.baseProblems, ...[...this.problems.values()].flat()],
		});
	}
}
