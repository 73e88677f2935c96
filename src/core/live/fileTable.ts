import type { FileAnalysis } from '../analysis/analyzeFile';
import { assembleResult, type AssembledResult } from '../coverage/assemble';
import { claimsOf } from '../claims/read';
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
		this.baseProblems = baseProblems;
		for (const e of entries) {
			this.apply(e);
		}
	}

	apply(e: FileEntry): void {
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
	}

	has(path: string): boolean {
		return this.indexed.has(path) || this.problems.has(path);
	}

	get(path: string): FileEntry {
		return { path, indexed: this.indexed.has(path), analysis: this.analyses.get(path) ?? null, problems: this.problems.get(path) ?? [] };
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

	/** Files that hold something to report or have problems. */
	entries(): FileEntry[] {
		const paths = new Set([...this.analyses.keys(), ...this.problems.keys()]);
		return [...paths].map((p) => this.get(p));
	}

	assemble(ctx: TableContext): AssembledResult {
		return assembleResult({
			...ctx, claims: ctx.settings === undefined ? undefined : claimsOf(ctx.root, ctx.settings), files: this.size, analyses: this.analyses.values(),
			problems: [...this.baseProblems, ...[...this.problems.values()].flat()],
		});
	}
}
