/**
 * The lexical rule engine: runs rule records over any language's code, comments and strings told
 * apart by the lexer. One detector for all records; its prefilter is derived from the records.
 */
import { escapeRegExp } from '../detection/custom/calls';
import type { Detector, RawFinding } from '../detection/detector';
import { SUPPORTED_LANGUAGE_IDS } from '../lexer';
import { anchorOf, anchorWords, compileMatch, type Hit, type Matcher } from './matchers';
import { meetsConfidence, PARSER_KINDS, type Confidence, type RuleMatch, type RuleRecord } from './model';
import { viewOf, type FileView } from './view';
import { withinFilter } from './within';

/** Languages of data and markup: a rule without `languages` runs on every other (programming) language. */
const NOT_CODE: ReadonlySet<string> = new Set([
	'yaml', 'dockercompose', 'github-actions-workflow', 'toml', 'dotenv', 'sql', 'terraform', 'hcl', 'terraform-vars', 'dockerfile',
	'makefile', 'html', 'xml', 'css', 'scss', 'less', 'jsonc', 'json', 'markdown', 'asciidoc', 'restructuredtext', 'plaintext',
]);
const CODE_LANGUAGES: ReadonlySet<string> = new Set(SUPPORTED_LANGUAGE_IDS.filter((id) => !NOT_CODE.has(id)));

/**
 * Kinds whose matcher looks its words up in the file's index of call words: cheap when they are absent,
 * so the anchor pass (which costs a scan of the text per anchor found) would only repeat that work.
 */
const INDEXED_KINDS: ReadonlySet<RuleMatch['kind']> = new Set(['name', 'log']);

/**
 * Records of `medium` confidence (what names and shapes imply) do not run on files larger than this:
 * multi-megabyte files are bundles and generated code, where names say little and every pattern costs
 * a pass over megabytes. `high` records (known APIs, settings) still do.
 */
export const MEDIUM_MAX_CHARS = 1_000_000;

/** At most this many findings per rule and file: a too-broad rule must not flood the editor. */
export const MAX_FINDINGS_PER_RULE = 1000;

interface CompiledRule {
	readonly record: RuleRecord;
	readonly languages: ReadonlySet<string> | null;
	readonly run: Matcher;
	/** The record's `inside` / `not-inside` conditions; null when it has none. */
	readonly within: ((view: FileView, hit: Hit) => boolean) | null;
	/** Lower-case words one of which the file must contain for the rule to run; null: always run. */
	readonly anchors: readonly string[] | null;
}

/** After this many anchor matches, a large file's anchor pass narrows to the anchors still wanted. */
const NARROW_AFTER = 512;
/** Narrowing pays only when this much text is left to scan. */
const NARROW_MIN_REST = 100_000;

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

	/**
	 * The rules worth running on `text`. In a large file, once common anchors have been seen many times,
	 * the pass goes on with only the anchors of the rules not yet selected (fewer, rarer matches).
	 */
	select(rules: readonly CompiledRule[], text: string): CompiledRule[] {
		const found = new Set<string>();
		const selectedNow = (): ((r: CompiledRule) => boolean) => {
			const present = [...found];
			return (r) => r.anchors === null || r.anchors.some((a) => present.some((f) => f.includes(a)));
		};
		let re = this.re;
		re.lastIndex = 0;
		let since = 0;
		for (let m = re.exec(text); m !== null; m = re.exec(text)) {
			found.add(m[0].toLowerCase());
			// Anchors overlap (`ssl_ctx_use_privatekey` and `privatekey_file`): the next search starts inside this one.
			re.lastIndex = m.index + 1;
			if (++since === NARROW_AFTER && text.length - re.lastIndex > NARROW_MIN_REST) {
				since = 0;
				const selected = selectedNow();
				const left = [...new Set(rules.filter((r) => !selected(r)).flatMap((r) => r.anchors ?? []))];
				if (left.length === 0) {
					break;
				}
				const next = new RegExp(left.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
				next.lastIndex = re.lastIndex;
				re = next;
			}
		}
		return rules.filter(selectedNow());
	}
}

/** A match on the name a definition gives (`def self.secure_compare(a, b)`, `function verifyToken(t)`): what is defined is judged where it is used. */
function definedAt(code: string, offset: number): boolean {
	const lineStart = code.lastIndexOf('\n', offset - 1) + 1;
	return DEFINITION_BEFORE.test(code.slice(Math.max(lineStart, offset - 80), offset));
}
const DEFINITION_BEFORE = /\b(?:def|class|function|func|fn|sub|proc)\s+(?:(?:self|this)\s*\.\s*)?$/;

/** Whether a file's raw text can hold a match of a set of rules. */
type Prefilter = (text: string) => boolean;

/**
 * The prefilter of a set of rules: one expression for the words of the word-based records, then each
 * regular-expression record's own pattern. Apart, each pattern keeps what makes it fast (a literal
 * start the engine scans for); one alternation of them all tries every pattern at every offset.
 */
function prefilterOf(rules: readonly CompiledRule[]): Prefilter {
	const worded = (r: CompiledRule): boolean => anchorWords(r.record.match) !== null;
	const words = rules.filter(worded).map((r) => anchorOf(r.record.match));
	const wordRe = words.length === 0 ? null : new RegExp(words.join('|'), 'i');
	const patterns = [...new Set(rules.filter((r) => !worded(r)).map((r) => anchorOf(r.record.match)))].map((p) => new RegExp(p, 'i'));
	return (text) => (wordRe !== null && wordRe.test(text)) || patterns.some((p) => p.test(text));
}

/** The rules that apply to one language, with the prefilter and anchor index derived from them. */
interface LanguageSet {
	readonly rules: readonly CompiledRule[];
	readonly prefilter: Prefilter;
	readonly index: AnchorIndex;
}

/**
 * The rules of each language, built once per language asked (a Ruby file's prefilter holds no PHP
 * pattern); without a language, every rule (a caller that does not say the language still gets a
 * prefilter that never wrongly skips a file).
 */
function languageSets(rules: readonly CompiledRule[]): (languageId: string | undefined) => LanguageSet {
	const sets = new Map<string, LanguageSet>();
	return (languageId) => {
		const key = languageId ?? '';
		let set = sets.get(key);
		if (set === undefined) {
			const own = languageId === undefined ? rules : rules.filter((r) => (r.languages ?? CODE_LANGUAGES).has(languageId));
			set = { rules: own, prefilter: prefilterOf(own), index: new AnchorIndex(own) };
			sets.set(key, set);
		}
		return set;
	};
}

/** An `api` record of Rust only: the lexical engine resolves Rust paths through `use` declarations. */
function isRustOnly(record: RuleRecord): boolean {
	return record.languages !== null && record.languages.length > 0 && record.languages.every((l) => l === 'rust');
}

/** The text of a finding's message: the record's, with `{api}` replaced by what matched. */
export function ruleMessage(record: RuleRecord, api: string): string {
	return record.message.replace(/\{api\}/g, api);
}

/** The detector running `records` at `minConfidence` or above; null when none is left. */
export function ruleDetector(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules'): Detector | null {
	const rules: CompiledRule[] = records
		// `api`, `member`, `method` and `equals` records are run by the parser engines (ESTree, tree-sitter), which resolve
		// imports; Rust's `api` records run here (`use` declarations are resolved lexically).
		.filter((r) => meetsConfidence(r.confidence, minConfidence) && r.match.kind !== 'member'
			&& (!PARSER_KINDS.has(r.match.kind) || (r.match.kind === 'api' && isRustOnly(r))))
		.map((record) => ({
			record, languages: record.languages === null ? null : new Set(record.languages), run: compileMatch(record.match, record.category),
			within: withinFilter(record), anchors: INDEXED_KINDS.has(record.match.kind) ? null : anchorWords(record.match),
		}));
	if (rules.length === 0) {
		return null;
	}
	const forLanguage = languageSets(rules);
	return {
		id,
		languages: new Set([...CODE_LANGUAGES, ...rules.flatMap((r) => r.record.languages ?? [])]),
		mayMatch: (text, languageId) => forLanguage(languageId).prefilter(text),
		detect: (source) => {
			const out: RawFinding[] = [];
			const { rules: all, index } = forLanguage(source.file.languageId);
			const large = source.file.text.length > MEDIUM_MAX_CHARS;
			const applicable = large ? all.filter((r) => r.record.confidence === 'high') : all;
			if (applicable.length === 0) {
				return out;
			}
			const view = viewOf(source);
			for (const rule of index.select(applicable, source.file.text)) {
				const hits = rule.run(view);
				const kept = hits.filter((h) => !definedAt(view.code, h.offset) && (rule.within === null || rule.within(view, h)));
				for (const hit of kept.slice(0, MAX_FINDINGS_PER_RULE)) {
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
