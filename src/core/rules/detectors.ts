/**
 * Every engine that runs rule records, one per kind of parser: the ESTree engine for the JavaScript
 * family (TypeScript, JavaScript, JSX, Vue, Svelte), the tree-sitter engine for the `api` and `member`
 * records of Python, Go, Java, Kotlin and C#, and the lexical engine for every programming language
 * (and the records the parser engines resolve no imports for); custom.ts runs users' custom rules.
 * `createDetectors` and the rule fixtures both come through here, so a record is tested as it runs.
 */
import type { Detector } from '../detection/detector';
import { ruleDetector } from './engine';
import { ESTREE_LANGUAGES, estreeDetector } from './estree/engine';
import { customEngineDetectors, isCustomEngineRecord } from './custom';
import { meetsConfidence, PARSER_KINDS, type Confidence, type RuleRecord } from './model';
import { treeSitterRuleDetectors } from './treeSitter/engine';

/** A record written for the JavaScript family only: the ESTree engine runs it whatever its kind. */
function javascriptOnly(r: RuleRecord): boolean {
	return r.languages !== null && r.languages.every((l) => ESTREE_LANGUAGES.has(l));
}

/** The detectors running `records` at `minConfidence` or above (none for an empty set). */
export function recordDetectors(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules'): Detector[] {
	const own = records.filter((r) => !isCustomEngineRecord(r));
	const tree = estreeDetector(own.filter((r) => PARSER_KINDS.has(r.match.kind) || javascriptOnly(r)), minConfidence);
	const lexical = ruleDetector(own.filter((r) => !javascriptOnly(r)), minConfidence, id);
	return [
		...[tree, lexical].filter((d): d is Detector => d !== null),
		...treeSitterRuleDetectors(own, minConfidence, `${id}-tree-sitter`),
		...customEngineDetectors(records.filter((r) => meetsConfidence(r.confidence, minConfidence))),
	];
}
