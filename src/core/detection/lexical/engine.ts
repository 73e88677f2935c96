/**
 * The machinery shared by the lexical detectors: rules are precompiled regular expressions run over
 * the file's code with comments and strings blanked out (`ParsedSource.masked()`), so nothing inside
 * a comment or a string matches. Rules that need an argument's value (`ENV['API_SECRET']`) read the
 * string literal from the original text at the same offset.
 */
import type { ParsedSource } from '../../parse/parsedSource';
import { isSecretName, SECURITY_PHRASE } from '../names';
import type { Category } from '../../types';
import type { Detector, RawFinding } from '../detector';

/** What a rule's `api` callback may read besides the match. */
export interface RuleContext {
	readonly source: ParsedSource;
	/** The code with comments and strings blanked (what the rule's regex ran on). */
	readonly masked: string;
	/** The string literal (its content, quotes removed) starting at or after `offset` on the same line, or null. */
	readonly stringAt: (offset: number) => string | null;
}

/** One lexical rule. */
export interface LexicalRule {
	/** A global regular expression over masked code; the finding is placed at the match start. */
	readonly re: RegExp;
	readonly category: Category;
	/**
	 * The qualified API, or a function of the match returning it (null: not a finding after all);
	 * by default the matched text without spaces (rules are written so it reads as the API).
	 */
	readonly api?: string | ((m: RegExpExecArray, ctx: RuleContext) => string | null);
	/** What the code does, for people: the message is `<what> (<api>)`. */
	readonly what: string;
}


const STRING_AT = /[ \t]*(?:\(\s*)?[bBrRuUfF@$]{0,2}(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`((?:[^`\\\n]|\\.)*)`)/y;

/** Reads a quoted literal from the original text at `offset` (after spaces or an opening parenthesis). */
function stringAt(text: string, offset: number): string | null {
	STRING_AT.lastIndex = offset;
	const m = STRING_AT.exec(text);
	return m === null ? null : (m[1] ?? m[2] ?? m[3] ?? null);
}

/**
 * For `api` callbacks: accepts the match when the string argument right after it names a secret
 * (`ENV['DB_PASSWORD']`), and returns the API with the name, `ENV[DB_PASSWORD]` (`format` decides).
 */
export function secretArgument(format: (name: string) => string): (m: RegExpExecArray, ctx: RuleContext) => string | null {
	return (m, ctx) => {
		const name = ctx.stringAt(m.index + m[0].length);
		return name !== null && isSecretName(name) ? format(name) : null;
	};
}

/**
 * For `api` callbacks of log-call rules: accepts the match when the message right after it records a
 * security event (`$logger->warning('Login failed …')`), and returns `api`.
 */
export function securityEventMessage(api: (m: RegExpExecArray) => string): (m: RegExpExecArray, ctx: RuleContext) => string | null {
	return (m, ctx) => {
		const message = ctx.stringAt(m.index + m[0].length);
		return message !== null && SECURITY_PHRASE.test(message) ? api(m) : null;
	};
}

function apiOf(rule: LexicalRule, m: RegExpExecArray, ctx: RuleContext): string | null {
	if (rule.api === undefined) {
		return m[0].replace(/\s+/g, '');
	}
	return typeof rule.api === 'string' ? rule.api : rule.api(m, ctx);
}

/** Runs rules over one file; one finding per offset (the first rule that matches it wins). */
export function runRules(source: ParsedSource, rules: readonly LexicalRule[], masked = source.masked()): RawFinding[] {
	const ctx: RuleContext = { source, masked, stringAt: (offset) => stringAt(source.file.text, offset) };
	const seen = new Set<number>();
	const out: RawFinding[] = [];
	for (const rule of rules) {
		rule.re.lastIndex = 0;
		for (let m = rule.re.exec(masked); m !== null; m = rule.re.exec(masked)) {
			if (m[0].length === 0) {
				rule.re.lastIndex++;
				continue;
			}
			if (seen.has(m.index)) {
				continue;
			}
			const api = apiOf(rule, m, ctx);
			if (api === null) {
				continue;
			}
			seen.add(m.index);
			const { line, column } = source.lines.position(m.index);
			out.push({ line, column, category: rule.category, api, message: `${rule.what} (${api})` });
		}
	}
	return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The parts of a lexical detector. */
export interface LexicalDetectorSpec {
	readonly id: string;
	readonly languages: readonly string[];
	/** The prefilter over the raw text: one precompiled regular expression (not global). */
	readonly mayMatch: RegExp;
	readonly rules: readonly LexicalRule[];
	/** Rewrites the masked code before the rules run (same length and line breaks), e.g. to blank PHP's inline HTML. */
	readonly prepare?: (masked: string) => string;
}

/** A detector from a prefilter and rules. */
export function lexicalDetector(spec: LexicalDetectorSpec): Detector {
	const { prepare, rules } = spec;
	return {
		id: spec.id,
		languages: new Set(spec.languages),
		mayMatch: (text) => spec.mayMatch.test(text),
		detect: (source) => runRules(source, rules, prepare ? prepare(source.masked()) : source.masked()),
	};
}
