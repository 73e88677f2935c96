/**
 * The tree-sitter rule engine: runs `api` and `member` records over the tree of a Python, Go, Java,
 * Kotlin or C# file (parsed once, by `ParsedSource`), resolving names through the file's imports.
 * What differs between languages is data: each grammar's node table ({@link SiteLanguage}).
 */
import type { Detector, RawFinding } from '../../detection/detector';
import type { ParsedSource } from '../../parse/parsedSource';
import type { TsNode } from '../../scope/treeSitterNames';
import { escapeRegExp } from '../../detection/custom/calls';
import { lineHead } from '../../text/lineIndex';
import { memberAnchor } from '../matchers';
import { meetsConfidence, type Confidence, type RuleRecord } from '../model';
import { ruleMessage } from '../engine';
import { CATEGORIES } from '../../types';
import { CSHARP, JAVA, KOTLIN } from './jvm';
import { GO, PYTHON } from './languages';
import { lexicalSites } from './lexical';
import { compileSiteRecord, type CompiledRecord, type MatchContext } from './match';
import { knownPrefixes, Resolver } from './resolve';
import { FileFacts, type Site, type SiteKind, type SiteLanguage, siteName } from './sites';

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
	const ctx: MatchContext = {
		resolver: new Resolver(facts, lang, known), defined: facts.defined, decoratorSuffix: lang.decoratorSuffix,
		before: (offset) => {
			const code = source.withoutComments();
			return code.slice(lineHead(code, offset, 200), offset);
		},
	};
	const out: RawFinding[] = [];
	const byKind = new Map<SiteKind, CompiledRecord[]>();
	for (const rule of rules) {
		for (const kind of rule.kinds) {
			byKind.set(kind, [...(byKind.get(kind) ?? []), rule]);
		}
	}
	const seen = new Set<number>(); // offset and category of each finding: the first record of a category wins
	const found = new FoundSpans();
	for (const site of facts.sites) {
		const dotted = siteName(site);
		for (const { record, match } of byKind.get(site.kind) ?? []) {
			const key = site.offset * CATEGORIES.length + CATEGORIES.indexOf(record.category);
			const api = seen.has(key) || found.partOf(site, record.category) ? null : match(site, dotted, ctx);
			if (api !== null) {
				seen.add(key);
				found.add(site, record.category);
				const { line, column } = source.lines.position(site.offset);
				out.push({ line, column, category: record.category, api, message: ruleMessage(record, api), rule: record.id, confidence: record.confidence });
			}
		}
	}
	return out;
}

/**
 * The findings of a file so far, to keep one finding per operation (LABELING.md "What a site is"): a call
 * inside the arguments of a call found for the same category (`hashes.SHA256()` in `PBKDF2HMAC(algorithm=…)`)
 * is part of that operation. (Methods called on the object a found call made: `analysis/followUps.ts`.)
 */
const CODE_ARGUMENT = /=>|->|\blambda\b|\bfunc(?:tion)?\b|\bdelegate\b|[{}]/;

class FoundSpans {
	private readonly spans: Array<{ start: number; end: number; category: string }> = [];

	add(site: Site, category: string): void {
		// Arguments that hold code of their own (a lambda, a block) are not part of the call's operation.
		const end = site.end === undefined || CODE_ARGUMENT.test(site.args) ? site.offset : site.end;
		this.spans.push({ start: site.offset, end, category });
	}

	partOf(site: Site, category: string): boolean {
		if (site.kind !== 'call' && site.kind !== 'new') {
			return false;
		}
		return this.spans.some((s) => s.category === category && s.start < site.offset && site.offset < s.end);
	}
}

/**
 * The word a file must contain to use a qualified name: an import path as its imports write it
 * (`crypto/rand`, `github.com/golang-jwt/jwt`); a simple name that is matched without its import (`bare`:
 * `Authorize`); else its longest name, the last of equals (`secrets` for `secrets.choice`, `hmac` for
 * `hmac.new`, `getenv` for `java.lang.System.getenv`): what its import or its use must spell.
 */
function nameAnchor(name: string, bare: boolean): string {
	const plain = name.replace(/\(\)|\*$/g, '');
	const slash = plain.lastIndexOf('/');
	if (slash >= 0) {
		const dot = plain.indexOf('.', slash);
		return (dot < 0 ? plain : plain.slice(0, dot)).replace(/\/$/, '');
	}
	const segments = plain.split(/[.:\\]+/).filter((x) => x !== '');
	return bare ? (segments[segments.length - 1] ?? '') : segments.reduce((a, b) => (b.length >= a.length ? b : a), '');
}

/**
 * The words a file must contain for a record to match (case-sensitive: APIs are named as written): an
 * API's name ({@link nameAnchor}); what a member rule's file must import, written as in its imports
 * (`net/http`, `javax.net.ssl`), else the member's names.
 */
function recordAnchors(record: RuleRecord): string[] {
	const m = record.match;
	if (m.kind === 'api') {
		return m.names.map((n) => nameAnchor(n, m.bare === true));
	}
	if (m.kind !== 'member') {
		return [];
	}
	return m.imports.length > 0 ? [...m.imports] : m.names.map(memberAnchor);
}

/**
 * The detectors running the `api` and `member` records of `records`, one per tree-sitter language that
 * has any. Each one's prefilter is derived from its records: a file with none of their anchors is not parsed.
 */
export function treeSitterRuleDetectors(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules-tree-sitter'): Detector[] {
	const byLanguage = new Map<string, CompiledRecord[]>();
	for (const record of records.filter((r) => meetsConfidence(r.confidence, minConfidence))) {
		const compiled = compileSiteRecord(record);
		for (const language of compiled === null ? [] : (record.languages ?? Object.keys(SITE_LANGUAGES))) {
			if (compiled !== null && language in SITE_LANGUAGES) {
				byLanguage.set(language, [...(byLanguage.get(language) ?? []), compiled]);
			}
		}
	}
	const known = knownPrefixes([...byLanguage.values()].flat().flatMap(({ record: { match: m } }) => (m.kind === 'api' ? m.names : [])));
	return [...byLanguage].map(([language, rules]) => {
		const lang = SITE_LANGUAGES[language];
		const anchors = [...new Set(rules.flatMap(({ record }) => recordAnchors(record)))].sort((a, b) => b.length - a.length);
		const prefilter = new RegExp(anchors.map(escapeRegExp).join('|') || '(?!)');
		return {
			id: `${id}:${language}`,
			languages: new Set([language]),
			mayMatch: (text) => prefilter.test(text),
			mayMatchCode: (uncommented) => prefilter.test(uncommented),
			detect: async (source) => {
				try {
					return run(source, lang, await readFile(source, lang), rules, known);
				} catch {
					return [];
				}
			},
		};
	});
}
