import type { CustomRule } from '../config/loadConfig';
import { CODE_LANGUAGE_IDS } from '../lexer';
import { ESTREE_LANGUAGE_IDS, type ParsedSource } from '../parse/parsedSource';
import { escapeRegExp, estreeCalls, lexicalCallMatcher, parseCallNames, type CallMatch } from './custom/calls';
import { compileRulePattern } from './custom/regex';
import type { Detector, RawFinding } from './detector';

/** At most this many findings per rule and file: a too-broad pattern must not flood the editor. */
export const MAX_FINDINGS_PER_RULE = 1000;

/**
 * Detectors for the workspace's custom rules (`sensitiveCode.rules`), one per rule. `calls` rules
 * match call expressions by (qualified) name, through the ESTree in TypeScript and JavaScript and
 * lexically elsewhere; `pattern` rules run a linear-time regular expression over code outside
 * comments and strings. A rule whose pattern does not compile (config validation refuses those)
 * yields no detector rather than an error.
 */
export function customRuleDetectors(rules: readonly CustomRule[]): Detector[] {
	const out: Detector[] = [];
	for (const rule of rules) {
		const detector = rule.pattern !== null ? patternDetector(rule, rule.pattern) : callsDetector(rule);
		if (detector !== null) {
			out.push(detector);
		}
	}
	return out;
}

function ruleLanguages(rule: CustomRule): ReadonlySet<string> {
	return new Set(rule.languages ?? CODE_LANGUAGE_IDS);
}

function finding(source: ParsedSource, rule: CustomRule, offset: number, api: string): RawFinding {
	const { line, column } = source.lines.position(offset);
	return { line, column, category: rule.category, api, message: rule.message ?? `matches custom rule ${rule.id}`, rule: rule.id, confidence: 'high' };
}

function patternDetector(rule: CustomRule, pattern: string): Detector | null {
	const compiled = compileRulePattern(pattern);
	if (!compiled.ok) {
		return null;
	}
	const re = compiled.pattern;
	return {
		id: `custom:${rule.id}`,
		languages: ruleLanguages(rule),
		// Matches in masked code need not exist in the raw text (a comment between two tokens), so no prefilter.
		mayMatch: () => true,
		detect: (source) => re.matches(source.masked(), MAX_FINDINGS_PER_RULE)
			.map(([start]) => finding(source, rule, start, `custom:${rule.id}`)),
	};
}

function callsDetector(rule: CustomRule): Detector | null {
	const names = parseCallNames(rule.calls);
	if (names.length === 0) {
		return null;
	}
	const lastSegments = [...new Set(names.map((n) => n[n.length - 1]))].map(escapeRegExp);
	const prefilter = new RegExp(`(?<![\\w$])(?:${lastSegments.join('|')})(?![\\w$])`);
	const lexical = lexicalCallMatcher(names);
	return {
		id: `custom:${rule.id}`,
		languages: ruleLanguages(rule),
		mayMatch: (text) => prefilter.test(text),
		detect: async (source) => {
			let matches: CallMatch[] | null = null;
			if (ESTREE_LANGUAGE_IDS.has(source.file.languageId)) {
				const parsed = await source.estree();
				matches = parsed === null ? null : estreeCalls(parsed.root, names);
			}
			matches ??= lexical(source.masked());
			const seen = new Set<number>();
			const out: RawFinding[] = [];
			for (const m of matches.sort((a, b) => a.offset - b.offset)) {
				if (!seen.has(m.offset) && out.length < MAX_FINDINGS_PER_RULE) {
					seen.add(m.offset);
					out.push(finding(source, rule, m.offset, m.name));
				}
			}
			return out;
		},
	};
}
