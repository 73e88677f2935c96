/**
 * The join of the application's own security functions across files: a file's candidate call
 * (`FileAnalysis.ownCalls`) becomes a finding when another file of the workspace defines a function of
 * that name for the candidate's category (`FileAnalysis.defines`). The CLI joins a scan's analyses at
 * once; the editor's `FileTable` keeps an index up to date file by file. Per-file results (and the
 * persistent cache) never hold joined findings: a definition elsewhere may change.
 */
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { Category, Finding } from '../types';

const byPlace = (a: Finding, b: Finding): number => a.line - b.line || a.column - b.column;

/** The definitions and the callers of a workspace's files, by name. */
export class OwnFunctionIndex {
	/** Name → category → the paths that define it. */
	private readonly definers = new Map<string, Map<Category, Set<string>>>();
	/** Name → the paths whose candidates call it. */
	private readonly callers = new Map<string, Set<string>>();

	/**
	 * Replaces what `previous` recorded of `path` by what `next` holds; returns the names whose definitions
	 * changed (their callers' joined findings may have changed).
	 */
	update(path: string, previous: FileAnalysis | null | undefined, next: FileAnalysis | null | undefined): Set<string> {
		const before = new Set((previous?.defines ?? []).map((d) => `${d.category}\0${d.name}`));
		const after = new Set((next?.defines ?? []).map((d) => `${d.category}\0${d.name}`));
		const changed = new Set<string>();
		for (const key of before) {
			if (!after.has(key)) {
				const [category, name] = key.split('\0') as [Category, string];
				this.definers.get(name)?.get(category)?.delete(path);
				changed.add(name);
			}
		}
		for (const key of after) {
			if (!before.has(key)) {
				const [category, name] = key.split('\0') as [Category, string];
				const byCategory = this.definers.get(name) ?? new Map<Category, Set<string>>();
				this.definers.set(name, byCategory);
				const paths = byCategory.get(category) ?? new Set<string>();
				byCategory.set(category, paths);
				paths.add(path);
				changed.add(name);
			}
		}
		for (const c of previous?.ownCalls ?? []) {
			this.callers.get(c.callee)?.delete(path);
		}
		for (const c of next?.ownCalls ?? []) {
			const paths = this.callers.get(c.callee) ?? new Set<string>();
			this.callers.set(c.callee, paths);
			paths.add(path);
		}
		return changed;
	}

	/** The paths (but `except`) whose candidates call one of `names`. */
	callersOf(names: Iterable<string>, except: string): string[] {
		const out = new Set<string>();
		for (const name of names) {
			for (const p of this.callers.get(name) ?? []) {
				if (p !== except) {
					out.add(p);
				}
			}
		}
		return [...out];
	}

	/** Another file than `path` that defines `name` for `category`, or undefined. */
	private definer(name: string, category: Category, path: string): string | undefined {
		for (const p of this.definers.get(name)?.get(category) ?? []) {
			if (p !== path) {
				return p;
			}
		}
		return undefined;
	}

	/** `a` with the candidates that reach another file's definition among its findings, each saying where that is. */
	join(a: FileAnalysis): FileAnalysis {
		const added: Finding[] = [];
		for (const c of a.ownCalls ?? []) {
			const at = this.definer(c.callee, c.finding.category, a.path);
			if (at !== undefined) {
				added.push({ ...c.finding, message: `${c.finding.message} (defined in ${at})` });
			}
		}
		return added.length === 0 ? a : { ...a, findings: [...a.findings, ...added].sort(byPlace) };
	}
}

/** A whole scan's analyses, joined. */
export function joinOwnCalls(analyses: readonly FileAnalysis[]): FileAnalysis[] {
	const index = new OwnFunctionIndex();
	for (const a of analyses) {
		index.update(a.path, null, a);
	}
	return analyses.map((a) => index.join(a));
}
