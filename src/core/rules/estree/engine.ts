/**
 * The ESTree rule engine: runs the records of the JavaScript family (TypeScript, JavaScript, JSX,
 * Vue and Svelte scripts) on the syntax tree the file is parsed into once (`source.estree()`),
 * names resolved through imports, requires and aliases. A file that does not parse (or is too large
 * to) gets the same records lexically. Its prefilter is derived from the records.
 */
import type { Detector, RawFinding } from '../../detection/detector';
import { MAX_ESTREE_CHARS, type ParsedSource } from '../../parse/parsedSource';
import { MEDIUM_MAX_CHARS } from '../engine';
import { ruleMessage } from '../engine';
import { compileMatch, type Matcher } from '../matchers';
import { meetsConfidence, type Confidence, type RuleRecord } from '../model';
import { viewOf } from '../view';
import { RecordPrefilter, withoutCommentLines } from './prefilter';
import { TreeRecords, type TreeHit } from './visitor';
import { Walker } from './walker';

/** Languages whose code TypeScript-ESTree parses (Vue and Svelte: their `<script>` blocks). */
export const ESTREE_LANGUAGES: ReadonlySet<string> = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'vue', 'svelte']);

/** What the lexical fallback adds to a finding's message. */
const LEXICALLY = ' (found lexically: the file does not parse)';

/** The records of one language, compiled for the tree and for the lexical runs. */
interface LanguageRecords {
	readonly tree: TreeRecords;
	/** Kinds the tree does not run (`read`, `log`, `pattern`…): lexically, on every file. */
	readonly lexical: readonly { record: RuleRecord; run: Matcher }[];
	/** Every record, lexically: the fallback. */
	readonly fallback: readonly { record: RuleRecord; run: Matcher }[];
}

function compile(records: readonly RuleRecord[]): LanguageRecords {
	const lexical = records.map((record) => ({ record, run: compileMatch(record.match, record.category) }));
	return { tree: new TreeRecords(records), lexical: lexical.filter((l) => !TreeRecords.onTree(l.record)), fallback: lexical };
}

/** The hits of the tree walk, or null when the file does not parse (or its tree is too deep to walk). */
async function treeHits(source: ParsedSource, tree: TreeRecords, selected: ReadonlySet<RuleRecord> | null): Promise<TreeHit[] | null> {
	if (source.file.text.length > MAX_ESTREE_CHARS) {
		return null;
	}
	const parse = await source.estree().catch(() => null);
	if (parse === null) {
		return null;
	}
	try {
		const hits: TreeHit[] = [];
		new Walker(tree.visitor(source.file.text, hits, selected)).run(parse.root);
		return hits;
	} catch {
		// A tree too deep to walk (stack overflow): the lexical run still sees the file.
		return null;
	}
}

function finding(source: ParsedSource, offset: number, api: string, record: RuleRecord, suffix = ''): RawFinding {
	const { line, column } = source.lines.position(offset);
	return { line, column, category: record.category, api, message: ruleMessage(record, api) + suffix, rule: record.id, confidence: record.confidence };
}

/** The findings of one file, by the `selected` records (those its text may satisfy; null: all). */
async function detect(source: ParsedSource, compiled: LanguageRecords, selected: ReadonlySet<RuleRecord> | null): Promise<RawFinding[]> {
	const hits = await treeHits(source, compiled.tree, selected);
	const view = viewOf(source);
	const out: RawFinding[] = [];
	const seen = new Set<string>();
	const lexical = hits === null ? compiled.fallback : compiled.lexical;
	// As in the lexical engine: on a bundle or generated file, only what is known, not what names imply.
	const large = source.file.text.length > MEDIUM_MAX_CHARS;
	for (const { record, run } of lexical) {
		if ((selected !== null && !selected.has(record)) || (large && record.confidence !== 'high')) {
			continue;
		}
		for (const hit of run(view)) {
			// One finding per site and category, as on the tree.
			const key = `${hit.offset}:${record.category}`;
			if (!seen.has(key)) {
				seen.add(key);
				out.push(finding(source, hit.offset, hit.api, record, hits === null ? LEXICALLY : ''));
			}
		}
	}
	for (const hit of hits ?? []) {
		out.push(finding(source, hit.offset, hit.api, hit.record));
	}
	return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** True for a record the ESTree engine runs: one of its languages is of the JavaScript family. */
export function runsOnEstree(record: RuleRecord): boolean {
	return record.languages === null || record.languages.some((l) => ESTREE_LANGUAGES.has(l));
}

/** The ESTree engine's detector for `records` at `minConfidence` or above; null when none applies. */
export function estreeDetector(records: readonly RuleRecord[], minConfidence: Confidence, id = 'javascript'): Detector | null {
	const usable = records.filter((r) => meetsConfidence(r.confidence, minConfidence) && runsOnEstree(r));
	if (usable.length === 0) {
		return null;
	}
	const languages = new Set([...ESTREE_LANGUAGES].filter((l) => usable.some((r) => r.languages === null || r.languages.includes(l))));
	const perLanguage = new Map<string, LanguageRecords>();
	const prefilter = new RecordPrefilter(usable);
	return {
		id,
		languages,
		// Generated clients name modules and roles in their documentation comments: certain comment lines do not count.
		mayMatch: (text) => prefilter.test(text.length > MAX_ESTREE_CHARS ? text : withoutCommentLines(text)),
		mayMatchCode: (uncommented) => prefilter.test(uncommented),
		detect: (source) => {
			const languageId = source.file.languageId;
			let compiled = perLanguage.get(languageId);
			if (compiled === undefined) {
				compiled = compile(usable.filter((r) => r.languages === null || r.languages.includes(languageId)));
				perLanguage.set(languageId, compiled);
			}
			// A file too large to parse runs every record lexically (each gives up early on a file without its
			// modules): reading all its anchors would cost more than it saves.
			const text = source.file.text;
			return detect(source, compiled, text.length > MAX_ESTREE_CHARS ? null : prefilter.select(source.withoutComments()));
		},
	};
}
