/**
 * The engine of the records users write as custom rules (`sensitiveCode.rules`, SPEC): `calls`
 * records, matched through the ESTree in the JavaScript family and lexically elsewhere, and `pattern`
 * records marked `linear`, run by a linear-time engine (RE2 syntax) over code outside comments and
 * strings, since a user's regular expression must not be able to stall a scan. One detector per record.
 */
import { estreeCalls, escapeRegExp, lexicalCallMatcher, parseCallNames, type CallMatch } from '../detection/custom/calls';
import { compileRulePattern } from '../detection/custom/regex';
import type { Detector, RawFinding } from '../detection/detector';
import { CODE_LANGUAGE_IDS } from '../lexer';
import { ESTREE_LANGUAGE_IDS, type ParsedSource } from '../parse/parsedSource';
import { MAX_FINDINGS_PER_RULE } from './engine';
import type { RuleRecord } from './model';

export { MAX_FINDINGS_PER_RULE };

/** True for the records this engine runs (and the other engines leave alone). */
export function isCustomEngineRecord(r: RuleRecord): boolean {
	return r.match.kind === 'calls' || (r.match.kind === 'pattern' && r.match.linear === true);
}

function finding(source: ParsedSource, record: RuleRecord, offset: number, api: string): RawFinding {
	const { line, column } = source.lines.position(offset);
	return { line, column, category: record.category, api, message: record.message, rule: record.id, confidence: record.confidence };
}

function patternDetector(record: RuleRecord, pattern: string): Detector | null {
	const compiled = compileRulePattern(pattern);
	if (!compiled.ok) {
		return null;
	}
	const re = compiled.pattern;
	return {
		id: `custom:${record.id}`,
		languages: new Set(record.languages ?? CODE_LANGUAGE_IDS),
		// Matches in masked code need not exist in the raw text (a comment between two tokens), so no prefilter.
		mayMatch: () => true,
		detect: (source) => re.matches(source.masked(), MAX_FINDINGS_PER_RULE)
			.map(([start]) => finding(source, record, start, `custom:${record.id}`)),
	};
}

function callsDetector(record: RuleRecord, calls: readonly string[]): Detector | null {
	const names = parseCallNames(calls);
	if (names.length === 0) {
		return null;
	}
	const lastSegments = [...new Set(names.map((n) => n[n.length - 1]))].map(escapeRegExp);
	const prefilter = new RegExp(`(?<![\\w$])(?:${lastSegments.join('|')})(?![\\w$])`);
	const lexical = lexicalCallMatcher(names);
	return {
		id: `custom:${record.id}`,
		languages: new Set(record.languages ?? CODE_LANGUAGE_IDS),
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
					out.push(finding(source, record, m.offset, m.name));
				}
			}
			return out;
		},
	};
}

/** A detector per `calls` or linear `pattern` record; a pattern that does not compile (config validation refuses those) yields none. */
export function customEngineDetectors(records: readonly RuleRecord[]): Detector[] {
	const out: Detector[] = [];
	for (const r of records.filter(isCustomEngineRecord)) {
		const d = r.match.kind === 'calls' ? callsDetector(r, r.match.names) : r.match.kind === 'pattern' ? patternDetector(r, r.match.pattern) : null;
		if (d !== null) {
			out.push(d);
		}
	}
	return out;
}
