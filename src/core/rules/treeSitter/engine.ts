/**
 * The tree-sitter rule engine: runs `api` and `member` records over the tree of a Python, Go, Java,
 * Kotlin or C# file (parsed once, by `ParsedSource`), resolving names through the file's imports.
 * What differs between languages is data: each grammar's node table ({@link SiteLanguage}).
 */
import type { Detector, RawFinding } from '../../detection/detector';
import type { ParsedSource } from '../../parse/parsedSource';
import type { TsNode } from '../../scope/treeSitterNames';
import { escapeRegExp } from '../../detection/custom/calls';
import { anchorWords } from '../matchers';
import { meetsConfidence, type Confidence, type RuleRecord } from '../model';
import { ruleMessage } from '../engine';
import { CSHARP, JAVA, KOTLIN } from './jvm';
import { GO, PYTHON } from './languages';
import { lexicalSites } from './lexical';
import { compileSiteRecord, type CompiledRecord, type MatchContext } from './match';
import { knownPrefixes, Resolver } from './resolve';
import { FileFacts, type SiteLanguage } from './sites';

/** The node table of each language the engine runs on. */
export const SITE_LANGUAGES: Readonly<Record<string, SiteLanguage>> = { python: PYTHON, go: GO, java: JAVA, kotlin: KOTLIN, csharp: CSHARP };

/** Reads a tree's facts and sites in one walk (no recursion); returns the ranges of its syntax errors. */
function readTree(root: TsNode, lang: SiteLanguage, facts: FileFacts): Array<[number, number]> {
	const errors: Array<[number, number]> = [];
	const cursor = root.walk();
	try {
		for (;;) {
			const type = cursor.nodeType;
			let descend = true;
			if (type === 'ERROR') {
				const node = cursor.currentNode;
				errors.push([node.startIndex, node.endIndex]);
				descend = false;
			} else if (cursor.nodeIsNamed) {
				lang.nodes[type]?.(cursor.currentNode, facts);
			}
			if (descend && cursor.gotoFirstChild()) {
				continue;
			}
			while (!cursor.gotoNextSibling()) {
				if (!cursor.gotoParent()) {
					return errors;
				}
			}
		}
	} finally {
		cursor.delete();
	}
}

/** The facts and sites of a file: from its tree, and from code text where the tree has errors (or there is no tree). */
async function readFile(source: ParsedSource, lang: SiteLanguage): Promise<FileFacts> {
	const facts = new FileFacts();
	const parse = await source.treeSitter();
	const text = source.file.text;
	const errors = parse === null ? [[0, text.length] as [number, number]] : readTree(parse.tree.rootNode, lang, facts);
	for (const [start, end] of errors) {
		lang.lexImports(source.withoutComments().slice(start, end), facts);
	}
	for (const [start, end] of errors) {
		lexicalSites(lang, text, source.masked(), start, end, facts);
	}
	return facts;
}

function run(source: ParsedSource, lang: SiteLanguage, facts: FileFacts, rules: readonly CompiledRecord[], known: ReadonlySet<string>): RawFinding[] {
	const code = source.withoutComments();
	const ctx: MatchContext = {
		resolver: new Resolver(facts, lang, known), defined: facts.defined, decoratorSuffix: lang.decoratorSuffix,
		before: (offset) => code.slice(Math.max(code.lastIndexOf('\n', offset - 1) + 1, offset - 200), offset),
	};
	const out: RawFinding[] = [];
	const seen = new Set<string>();
	for (const site of facts.sites) {
		for (const { record, match } of rules) {
			const key = `${site.offset}:${record.category}`;
			const api = seen.has(key) ? null : match(site, ctx);
			if (api !== null) {
				seen.add(key);
				const { line, column } = source.lines.position(site.offset);
				out.push({ line, column, category: record.category, api, message: ruleMessage(record, api), rule: record.id, confidence: record.confidence });
			}
		}
	}
	return out;
}

/** The detector running the `api` and `member` records of `records` on the tree-sitter languages; null when there are none. */
export function treeSitterRuleDetector(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules-tree-sitter'): Detector | null {
	const byLanguage = new Map<string, CompiledRecord[]>();
	for (const record of records.filter((r) => meetsConfidence(r.confidence, minConfidence))) {
		const compiled = compileSiteRecord(record);
		for (const language of compiled === null ? [] : (record.languages ?? Object.keys(SITE_LANGUAGES))) {
			if (compiled !== null && language in SITE_LANGUAGES) {
				byLanguage.set(language, [...(byLanguage.get(language) ?? []), compiled]);
			}
		}
	}
	if (byLanguage.size === 0) {
		return null;
	}
	const all = [...byLanguage.values()].flat();
	const known = knownPrefixes(all.flatMap(({ record: { match: m } }) => (m.kind === 'api' ? m.names : [])));
	// The prefilter: a file none of whose records' anchors occur is not parsed.
	const anchors = [...new Set(all.flatMap(({ record }) => anchorWords(record.match) ?? []))];
	const prefilter = new RegExp(anchors.map(escapeRegExp).join('|') || '(?!)', 'i');
	return {
		id,
		languages: new Set(byLanguage.keys()),
		mayMatch: (text) => prefilter.test(text),
		detect: async (source) => {
			const lang = SITE_LANGUAGES[source.file.languageId];
			const rules = byLanguage.get(source.file.languageId);
			if (lang === undefined || rules === undefined) {
				return [];
			}
			try {
				return run(source, lang, await readFile(source, lang), rules, known);
			} catch {
				return [];
			}
		},
	};
}
