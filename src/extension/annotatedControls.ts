import type { FileTable } from '../core/live/fileTable';
import type { Annotation, Finding } from '../core/types';

/** An annotation that carries a control: where a finding's related information points. */
export interface AnnotationSite {
	readonly file: string;
	/** 1-based. */
	readonly line: number;
	/** The annotation was written (at least partly) with 2013 IDs. */
	readonly legacy: boolean;
}

/** Current IDs before legacy ones, then by place. */
function better(a: AnnotationSite, b: AnnotationSite): boolean {
	if (a.legacy !== b.legacy) {
		return !a.legacy;
	}
	return a.file !== b.file ? a.file < b.file : a.line < b.line;
}

function siteOf(a: Annotation): AnnotationSite {
	return { file: a.file, line: a.line, legacy: a.legacyIds.length > 0 };
}

const sameSite = (a: AnnotationSite | undefined, b: AnnotationSite | undefined): boolean =>
	a?.file === b?.file && a?.line === b?.line && a?.legacy === b?.legacy;

/**
 * Per control of one folder, the annotation a finding elsewhere is pointed at: one written with the
 * current ID if there is one, else the first. A finding whose own file annotates the control is
 * pointed at that file's nearest annotation instead (`siteFor`). Diagnostics keep one per folder and
 * `refresh` it after every change, to learn which controls' sites moved: the files whose findings
 * suggest those controls must be recomputed too, though they did not change themselves.
 */
export class AnnotatedControls {
	private sites = new Map<string, AnnotationSite>();

	/** Rebuilds from the table; returns the controls whose workspace-wide site changed (appeared, moved or went). */
	refresh(table: FileTable): Set<string> {
		const next = new Map<string, AnnotationSite>();
		for (const e of table.entries()) {
			for (const a of e.analysis?.annotations ?? []) {
				const site = siteOf(a);
				for (const c of a.controls) {
					const current = next.get(c);
					if (!current || better(site, current)) {
						next.set(c, site);
					}
				}
			}
		}
		const changed = new Set<string>();
		for (const c of new Set([...this.sites.keys(), ...next.keys()])) {
			if (!sameSite(this.sites.get(c), next.get(c))) {
				changed.add(c);
			}
		}
		this.sites = next;
		return changed;
	}

	/**
	 * Where `control` is annotated, seen from finding `f`: the nearest annotation of its own file
	 * (current IDs first), else the folder's site. Undefined when nothing annotates it.
	 */
	siteFor(control: string, f: Finding, ownAnnotations: readonly Annotation[]): { site: AnnotationSite; sameFile: boolean } | undefined {
		let own: AnnotationSite | undefined;
		for (const a of ownAnnotations) {
			if (a.controls.includes(control)) {
				const site = siteOf(a);
				if (!own || (site.legacy !== own.legacy ? !site.legacy : Math.abs(site.line - f.line) < Math.abs(own.line - f.line))) {
					own = site;
				}
			}
		}
		if (own) {
			return { site: own, sameFile: true };
		}
		const site = this.sites.get(control);
		return site && { site, sameFile: false };
	}

	/** Files of `table` with a finding that is shown (neither mapped nor ignored) suggesting one of `controls`. */
	static filesSuggesting(table: FileTable, controls: ReadonlySet<string>): string[] {
		if (controls.size === 0) {
			return [];
		}
		return table.entries()
			// Own-function candidates too: where one reaches another file's function it is a finding (see `FileTable.get`).
			.filter((e) => [...(e.analysis?.findings ?? []), ...(e.analysis?.ownCalls ?? []).map((c) => c.finding)]
				.some((f) => !f.mapped && !f.ignored && f.suggestedControls.some((c) => controls.has(c))))
			.map((e) => e.path);
	}
}
