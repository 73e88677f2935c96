/**
 * Every engine that runs rule records, one per kind of parser: the lexical engine for every
 * programming language (and the records the parser engines resolve no imports for), and the
 * tree-sitter engine for the `api` and `member` records of Python, Go, Java, Kotlin and C#.
 * `createDetectors` and the rule fixtures both come through here, so a record is tested as it runs.
 */
import type { Detector } from '../detection/detector';
import { ruleDetector } from './engine';
import type { Confidence, RuleRecord } from './model';
import { treeSitterRuleDetectors } from './treeSitter/engine';

/** The detectors running `records` at `minConfidence` or above (none for an empty set). */
export function recordDetectors(records: readonly RuleRecord[], minConfidence: Confidence, id = 'rules'): Detector[] {
	const lexical = ruleDetector(records, minConfidence, id);
	return [...(lexical === null ? [] : [lexical]), ...treeSitterRuleDetectors(records, minConfidence, `${id}-tree-sitter`)];
}
