/**
 * The lexical rule engine: runs rule records over any language's code, comments and strings told
 * apart by the lexer. One detector for all records; its prefilter is derived from the records.
 */
import { escapeRegExp } from '../detection/custom/calls';
import type { Detector, RawFinding } from '../detection/detector';
import { SUPPORTED_LANGUAGE_IDS } from '../lexer';
import { anchorOf, anchorWords, compileMatch, type Matcher } from './matchers';
import { meetsConfidence, PARSER_KINDS, type Confidence, type RuleRecord } from './model';
import { viewOf } from './view';

/** Languages of data and markup: a rule without `languages` runs on every other (programming) language. */
const NOT_CODE: ReadonlySet<string> = new Set([
	'yaml', 'dockercompose', 'github-actions-workflow', 'toml', 'dotenv', 'sql', 'terraform', 'hcl', 'terraform-vars', 'dockerfile',
	'makefile', 'html', 'xml', 'css', 'scss', 'less', 'jsonc', 'json', 'markdown', 'asciidoc', 'restructuredtext', 'plaintext',
]);
const CODE_LANGUAGES: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGE_IDS.filter((id) => !NOT_CODE.has(id)));

/** At most this many findings per rule and file: a too-broad rule must not flood the editor. */
const MAX_HITS = 1000;

interface CompiledRule {
	readonly record: RuleRecord;
	readonly languages: ReadonlySet<string> | null;
	readonly run: Matcher;
	/** Lower-case words one of which the file must contain for the rule to run; null: always run. */
	readonly anchors: readonly string[] | null;
}

/**
 * Which rules a file's text can satisfy, found in one pass: every anchor word present (case-insensitive);
 * a rule runs when one of its anchors is inside one of the words found.
 */
class AnchorIndex {
	private readonly re: RegExp;

	constructor(rules: readonly CompiledRule[]) {
		const words = [...new Set(rules.flatMap((r) => r.anchors ?? []))].sort((a, b) => b.length - a.length);
		this.re = new RegExp(words.map(escapeRegExp).join('|') || '(?!)', 'gi');
	}

	/** The rules worth running on `text`. */
	select(rules: readonly CompiledRule[], text: string): CompiledRule[] {
		const found = new Set<string>();
		for (const m of text.matchAll(this.re)) {
			found.add(m[0].toLowerCase());
		}
		const present = [...found];
		return rules.filter((r) => r.anchors === null || r.anchors.some((a) => present.some((f) => f.includes(a))));
	}
}

/** The text of a finding's message: the record's, with `{api}` replaced by what matched. */
export function ruleMessage(record: RuleRecord, api: string): string {
	return record.message.replace(/\{api\}/g, api);
}

/** The detector running `records` at `minConfidence` or above; null when none is left. */
export function ruleDetector(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules'): Detector | null {
	const rules: CompiledRule[] = records
		// `api` (and `method`, `equals`) records are run by the parser engines (ESTree, tree-sitter), which resolve imports.
		.filter((r) => meetsConfidence(r.confidence, minConfidence) && !PARSER_KINDS.has(r.match.kind))
		.map((record) => ({
			record, languages: record.languages === null ? null : new Set(record.languages), run: compileMatch(record.match),
			anchors: anchorWords(record.match),
		}));
	if (rules.length === 0) {
		return null;
	}
	const prefilter = new RegExp(rules.map((r) => anchorOf(r.record.match)).join('|'), 'i');
	const index = new AnchorIndex(rules);
	return {
		id,
		languages: new Set([...CODE_LANGUAGES, ...rules.flatMap((r) => r.record.languages ?? [])]),
		mayMatch: (text) => prefilter.test(text),
		detect: (source) => {
			const view = viewOf(source);
			const out: RawFinding[] = [];
			for (const rule of index.select(rules, source.file.text)) {
				if (!(rule.languages ?? CODE_LANGUAGES).has(view.languageId)) {
					continue;
				}
				for (const hit of rule.run(view).slice(0, MAX_HITS)) {
					const { line, column } = source.lines.position(hit.offset);
					const { record } = rule;
					out.push({
						line, column, category: record.category, api: hit.api, message: ruleMessage(record, hit.api),
						rule: record.id, confidence: record.confidence,
					});
				}
			}
			return out;
		},
	};
}
