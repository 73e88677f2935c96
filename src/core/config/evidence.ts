/**
 * The SoA's `evidence:` entries: a path inside the workspace that exists (a document) or an
 * http(s) URL (a link). Anything else (a missing file, `../../etc/passwd`, an absolute path, a
 * symbolic link out of the workspace, `javascript:` or `file:` URLs) is a `config-error` at the
 * entry's line and is dropped, so no export or view ever shows it as evidence, let alone as a link.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { Problem, Soa, SoaEntry } from '../types';
import type { Iso27001Config } from './loadConfig';

/** A valid evidence entry: a repository path (`/` separators) or an http(s) URL. */
export type CheckedEvidence = { readonly kind: 'document' | 'link'; readonly value: string } | { readonly error: string };

/** An http(s) URL with a host; the only URLs that are ever evidence (and ever rendered as links). */
export function isHttpUrl(value: string): boolean {
	if (!/^https?:\/\//i.test(value)) {
		return false;
	}
	try {
		const url = new URL(value);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/** Classifies one evidence entry against the workspace `root`. */
export function checkEvidence(root: string, value: string): CheckedEvidence {
	if (/^[a-z][a-z0-9+.-]+:/i.test(value)) {
		return isHttpUrl(value) ? { kind: 'link', value }
			: { error: `evidence '${value}' is not an http(s) URL; give a path inside the workspace or an http(s) link` };
	}
	if (value === '' || path.isAbsolute(value) || path.win32.isAbsolute(value)) {
		return { error: `evidence '${value}' must be a path relative to the workspace root, or an http(s) URL` };
	}
	const abs = path.resolve(root, value);
	if (!inside(root, abs)) {
		return { error: `evidence '${value}' is outside the workspace` };
	}
	if (!existsSync(abs)) {
		return { error: `evidence '${value}' does not exist` };
	}
	try {
		if (!inside(realpathSync(root), realpathSync(abs))) {
			return { error: `evidence '${value}' leads outside the workspace (symbolic link)` };
		}
	} catch {
		return { error: `evidence '${value}' cannot be read` };
	}
	return { kind: 'document', value: path.relative(root, abs).split(path.sep).join('/') };
}

function inside(root: string, abs: string): boolean {
	const rel = path.relative(root, abs);
	return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The SoA with only valid evidence (paths normalised), and a `config-error` for each entry dropped. */
export function validateSoaEvidence(config: Iso27001Config, root: string, file: string): { soa: Soa; problems: Problem[] } {
	const problems: Problem[] = [];
	const soa: Record<string, SoaEntry> = {};
	for (const [id, entry] of Object.entries(config.soa)) {
		if (entry.evidence === undefined) {
			soa[id] = entry;
			continue;
		}
		const kept: string[] = [];
		entry.evidence.forEach((value, k) => {
			const checked = checkEvidence(root, value);
			if ('error' in checked) {
				const at = config.soaEvidenceAt?.[id]?.[k] ?? config.soaAt[id] ?? { line: 1, column: 1 };
				problems.push({ file, ...at, code: 'config-error', severity: 'warning', message: `soa: ${id}: ${checked.error}; entry ignored`, endLine: at.line, endColumn: at.column + value.length });
			} else {
				kept.push(checked.value);
			}
		});
		soa[id] = { ...entry, evidence: kept };
	}
	return { soa, problems };
}

/** The `claims:` documents that exist inside the workspace (normalised), and a `config-error` for each other entry. */
export function validateClaimsPaths(config: Iso27001Config, root: string, file: string): { claims: string[]; problems: Problem[] } {
	const claims: string[] = [];
	const problems: Problem[] = [];
	(config.claims ?? []).forEach((value, k) => {
		const checked = /^[a-z][a-z0-9+.-]+:/i.test(value) ? { error: `'${value}' is not a path` } : checkEvidence(root, value);
		if ('error' in checked) {
			const at = config.claimsAt?.[k] ?? { line: 1, column: 1 };
			const message = `claims: ${checked.error.replace(/^evidence /, '')}; a claims document must be a file inside the workspace`;
			problems.push({ file, ...at, code: 'config-error', severity: 'warning', message, endLine: at.line, endColumn: at.column + value.length });
		} else if (!claims.includes(checked.value)) {
			claims.push(checked.value);
		}
	});
	return { claims, problems };
}
