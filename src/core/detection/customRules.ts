import type { CustomRule } from '../config/loadConfig';
import { recordDetectors } from '../rules/detectors';
import type { RuleRecord } from '../rules/model';
import type { Detector } from './detector';

export { MAX_FINDINGS_PER_RULE } from '../rules/custom';

/**
 * The workspace's custom rules (`sensitiveCode.rules`) as rule records, the one shape of detection
 * knowledge: `calls` become a `calls` record, `pattern` a `pattern` record run by the linear-time engine.
 * Their findings are `high` confidence and carry the rule's id; the message is the rule's, or says which rule matched.
 */
export function customRecords(rules: readonly CustomRule[], file = '.iso27001.yaml'): RuleRecord[] {
	return rules.map((r) => ({
		id: r.id, category: r.category, confidence: 'high', languages: r.languages,
		message: r.message ?? `matches custom rule ${r.id}`, summary: r.message ?? `Custom rule ${r.id}.`,
		match: r.pattern !== null ? { kind: 'pattern', pattern: r.pattern, place: 'match', linear: true } : { kind: 'calls', names: r.calls },
		at: { file, line: r.at.line, column: r.at.column },
	}));
}

/** Detectors for the workspace's custom rules, through the engines that run records (one detector per rule). */
export function customRuleDetectors(rules: readonly CustomRule[]): Detector[] {
	return recordDetectors(customRecords(rules), 'medium', 'custom');
}
