/**
 * SARIF descriptors of the detection rules (the records of `rules/*.yaml`) that produced results.
 * They go in a tool extension, `iso27001-rules`, as a rule pack beside the driver: the driver's rules
 * stay the problem kinds GitHub code scanning keys its alerts on (`unmapped-sensitive-code/crypto`),
 * so alerts and their fingerprints survive a rule being renamed, split or added. Each category rule
 * relates to the detection rules of its category (`superset`), and each result names its detection
 * rule in `properties['iso27001/detectionRule']`, the id of a rule of the extension.
 */
import type { Category, Finding } from '../types';
import type { Confidence, RuleRecord } from '../rules/model';
import { ruleAnchor, unmappedRuleId } from './sarifRules';

/** The name of the tool extension that holds the detection rules. */
export const DETECTION_COMPONENT = 'iso27001-rules';

/** A detection rule as a SARIF `reportingDescriptor`. */
export interface SarifDetectionRule {
	readonly id: string;
	readonly shortDescription: { readonly text: string };
	readonly fullDescription?: { readonly text: string };
	readonly helpUri: string;
	readonly properties: {
		readonly category: Category;
		readonly confidence: Confidence;
		readonly tags: readonly string[];
		readonly languages?: readonly string[];
	};
}

/** A SARIF `toolComponent` of the extension. */
export interface SarifDetectionComponent {
	readonly name: string;
	readonly fullName: string;
	readonly version: string;
	readonly informationUri: string;
	readonly rules: readonly SarifDetectionRule[];
}

/** A SARIF `reportingDescriptorRelationship` from a category rule to a detection rule of the extension. */
export interface SarifRelationship {
	readonly target: { readonly id: string; readonly index: number; readonly toolComponent: { readonly name: string; readonly index: number } };
	readonly kinds: readonly string[];
}

function descriptor(id: string, finding: Finding, record: RuleRecord | undefined, helpBase: string): SarifDetectionRule {
	const tags = ['security', 'iso27001', finding.category, `${record?.confidence ?? finding.confidence}-confidence`];
	if (record === undefined) {
		// Custom rules: records of the workspace's configuration, not of rules/ (their help is the section).
		return {
			id, shortDescription: { text: `Sensitive ${finding.category} code found by the built-in detector ${id}.` },
			helpUri: `${helpBase}#detection-rules`, properties: { category: finding.category, confidence: finding.confidence, tags },
		};
	}
	return {
		id, shortDescription: { text: record.summary }, fullDescription: { text: record.message.replace(/\{api\}/g, '…') },
		helpUri: `${helpBase}#${ruleAnchor(id)}`,
		properties: { category: record.category, confidence: record.confidence, tags, ...(record.languages === null ? {} : { languages: record.languages }) },
	};
}

/**
 * The extension describing every detection rule of `findings` (in first-seen order), and for each
 * category the relationships of its `unmapped-sensitive-code/<category>` rule; null without findings.
 */
export function detectionComponent(
	findings: readonly Finding[], records: readonly RuleRecord[], helpBase: string, version: string, informationUri: string,
): { component: SarifDetectionComponent; relationships: ReadonlyMap<string, readonly SarifRelationship[]> } | null {
	const byId = new Map(records.map((r) => [r.id, r]));
	const rules: SarifDetectionRule[] = [];
	const index = new Map<string, number>();
	const relationships = new Map<string, SarifRelationship[]>();
	for (const f of findings) {
		if (index.has(f.rule)) {
			continue;
		}
		index.set(f.rule, rules.length);
		const target = { id: f.rule, index: rules.length, toolComponent: { name: DETECTION_COMPONENT, index: 0 } };
		rules.push(descriptor(f.rule, f, byId.get(f.rule), helpBase));
		const category = unmappedRuleId(f.category);
		relationships.set(category, [...(relationships.get(category) ?? []), { target, kinds: ['superset'] }]);
	}
	if (rules.length === 0) {
		return null;
	}
	return {
		component: { name: DETECTION_COMPONENT, fullName: 'iso27001 detection rules (rules/*.yaml)', version, informationUri, rules },
		relationships,
	};
}
