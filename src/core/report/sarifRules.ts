import { CATEGORY_CONTROLS, CATEGORY_DESCRIPTIONS } from '../detection/categories';
import { CATEGORIES, PROBLEM_CODES, type Category, type ProblemCode } from '../types';

/** SARIF result levels this tool uses. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** Rule metadata before it is turned into a SARIF `reportingDescriptor`. */
export interface RuleInfo {
	/** `unknown-control`, `unmapped-sensitive-code/crypto`, … */
	readonly id: string;
	/** PascalCase name, e.g. `UnknownControl`. */
	readonly name: string;
	readonly short: string;
	readonly full: string;
	/** How to fix, plain text. */
	readonly helpText: string;
	/** How to fix, GitHub-flavoured Markdown. */
	readonly helpMarkdown: string;
	readonly level: SarifLevel;
	readonly tags: readonly string[];
}

/** The rule id of unmapped findings of a category. */
export function unmappedRuleId(category: Category): string {
	return `unmapped-sensitive-code/${category}`;
}

/** The anchor of a rule in `docs/rules.md` (`unmapped-sensitive-code/crypto` → `unmapped-sensitive-code-crypto`). */
export function ruleAnchor(ruleId: string): string {
	return ruleId.replace(/[^a-z0-9-]/g, '-');
}

interface ProblemRuleText {
	readonly name: string;
	readonly level: SarifLevel;
	readonly short: string;
	readonly full: string;
	/** Markdown; the plain-text help is derived from it. */
	readonly fix: string;
}

const PROBLEM_RULES: Readonly<Record<ProblemCode, ProblemRuleText>> = {
	'unknown-control': {
		name: 'UnknownControl', level: 'error',
		short: 'Annotation names a control that is not in the catalog',
		full: 'An @iso27001 annotation names a well-formed control ID (such as A.8.99) that the control catalog in use does not contain, so the code is linked to nothing an auditor can trace.',
		fix: 'Correct the ID to a control of the catalog (ISO/IEC 27001:2022 Annex A runs from `A.5.1` to `A.8.34`), for example `// @iso27001 A.8.24 — AES-256-GCM for stored tokens`. With a custom catalog (`catalog:` in `.iso27001.yaml`), add the control to that catalog instead.',
	},
	'legacy-control': {
		name: 'LegacyControl', level: 'warning',
		short: 'Annotation uses an ISO/IEC 27001:2013 control ID',
		full: 'An annotation uses a 2013 Annex A ID. It is accepted and mapped to its 2022 control(s), but the 2022 edition is the one certified against.',
		fix: 'Rewrite the ID to the 2022 control(s) named in the message, e.g. `@iso27001 A.10.1.1` → `@iso27001 A.8.24`. In VS Code, a quick fix on the diagnostic rewrites it.',
	},
	'malformed-annotation': {
		name: 'MalformedAnnotation', level: 'error',
		short: 'Annotation is not well formed',
		full: 'A comment contains an @iso27001 directive that cannot be read: an ID that is not of the form A.<theme>.<number> (A8.24, a.8.24, A.8), a directive without IDs, an unknown directive, or an unknown @iso27001-ignore category.',
		fix: 'Write IDs as `A.<theme>.<number>` (`A.8.24`), separated by commas and/or spaces; use `@iso27001`, `@iso27001-file` or `@iso27001-ignore`; ignore categories are `crypto`, `auth`, `access-control`, `secrets`, `tls` and `logging`.',
	},
	'missing-ignore-reason': {
		name: 'MissingIgnoreReason', level: 'error',
		short: '@iso27001-ignore without a reason',
		full: 'An @iso27001-ignore directive gives no reason. The reason is what auditors read as the justification of the accepted exception, so without it the directive suppresses nothing.',
		fix: 'Add the reason after the category: `// @iso27001-ignore crypto — md5 used for cache keys only`.',
	},
	'not-applicable-control': {
		name: 'NotApplicableControl', level: 'warning',
		short: 'Annotated control is excluded by the Statement of Applicability',
		full: 'Code claims to implement a control that the Statement of Applicability (soa in .iso27001.yaml) marks as not applicable, which contradicts the SoA.',
		fix: 'Either correct the annotation to the control the code really implements, or revisit the `soa:` entry of that control in `.iso27001.yaml` (set `applicable: true` or remove the entry).',
	},
	'unrelated-control': {
		name: 'UnrelatedControl', level: 'note',
		short: 'Sensitive code is mapped only by controls unrelated to its category',
		full: 'A sensitive-code finding lies in the scope of an annotation, so it counts as mapped, but none of the annotation\'s controls is among the controls suggested for its category (for example crypto code annotated only with A.5.15 Access control). Often the annotation was written for other code in the same declaration, or the ID is mistyped.',
		fix: 'Add the control that fits (the message names the suggested ones), e.g. `// @iso27001 A.5.15, A.8.24 — role check, then AES-256-GCM for the export`, or move the annotation to the code it is about. If the control really is the right one, lower the diagnostic with `iso27001.diagnostics.severity`.',
	},
	'claim-title-mismatch': {
		name: 'ClaimTitleMismatch', level: 'error',
		short: 'Compliance document gives a control another control\'s title',
		full: 'A hand-written compliance document (claims: in .iso27001.yaml, or iso27001 claims) writes a control ID under the title of another control or clause, for example A.17.1.2 with the title of A.17.2.1, or a 2013 clause name (A.8 Asset management) under a 2022 number. Either the ID or the claim is wrong.',
		fix: 'Correct the ID or the title in the document so that they belong together; the message names the control whose title the document gives.',
	},
	'claim-without-evidence': {
		name: 'ClaimWithoutEvidence', level: 'warning',
		short: 'Compliance document claims a control that nothing evidences',
		full: 'A hand-written compliance document claims an applicable control, but no annotation in code or documents and no Statement of Applicability evidence supports it.',
		fix: 'Annotate the code or document that implements the control (`// @iso27001 A.8.24 — why`), give the control `implementation` and `evidence` in the `soa:` of `.iso27001.yaml`, or correct the claim.',
	},
	'config-error': {
		name: 'ConfigError', level: 'warning',
		short: 'Statement of Applicability entry is questionable',
		full: 'An soa entry in .iso27001.yaml names no control of the catalog, excludes a control without a justification, or gives evidence that is neither an existing path in the workspace nor an http(s) URL; or a claims document is missing or outside the workspace.',
		fix: 'In `.iso27001.yaml`, name controls of the catalog in `soa:` and give each excluded control a justification: `A.7.4: { applicable: false, justification: "Cloud hosted; provider monitors premises" }`.',
	},
	'file-error': {
		name: 'FileError', level: 'warning',
		short: 'File or folder skipped',
		full: 'A file or folder was not scanned: too large, binary, unreadable, not UTF-8, or part of a symlink loop. Annotations and sensitive code in it are not counted.',
		fix: 'Exclude it with `exclude:` in `.iso27001.yaml`, raise the limit with `maxFileSize:` or `--max-file-size`, or fix the file (encoding, permissions, symlinks).',
	},
};

const CATEGORY_NAMES: Readonly<Record<Category, string>> = {
	crypto: 'Crypto', auth: 'Auth', 'access-control': 'AccessControl', secrets: 'Secrets', tls: 'Tls', logging: 'Logging',
};

/** Markdown to plain text: drops backticks (the help texts use no other markup). */
function plain(markdown: string): string {
	return markdown.replace(/`/g, '');
}

function problemRule(code: ProblemCode): RuleInfo {
	const r = PROBLEM_RULES[code];
	return {
		id: code, name: r.name, short: r.short, full: r.full, level: r.level,
		helpText: `${r.full}\n\nHow to fix: ${plain(r.fix)}`,
		helpMarkdown: `${r.full}\n\n**How to fix:** ${r.fix}`,
		tags: ['iso27001', 'compliance', 'annotation'],
	};
}

function unmappedRule(category: Category): RuleInfo {
	const controls = CATEGORY_CONTROLS[category];
	const example = `// @iso27001 ${controls.join(', ')} — why this code implements the control`;
	const ignore = `// @iso27001-ignore ${category} — reason the exception is acceptable`;
	const full = `Security-sensitive code of category ${category} (${CATEGORY_DESCRIPTIONS[category]}) is not covered by any @iso27001 annotation, so no control of ISO/IEC 27001 Annex A is traced to it. Suggested controls: ${controls.join(', ')}.`;
	const fix = [
		`Annotate it with the control it implements, in a comment directly above the enclosing function, method or class (covers the whole declaration) or trailing the line (covers that statement):`,
		'',
		'```',
		example,
		'```',
		'',
		'If it is not a security use (for example a hash used only as a cache key), accept it as an exception; the reason is mandatory and appears in the traceability matrix:',
		'',
		'```',
		ignore,
		'```',
	].join('\n');
	return {
		id: unmappedRuleId(category), name: `Unmapped${CATEGORY_NAMES[category]}Code`,
		short: `Unmapped ${category} code: no @iso27001 annotation`,
		full, level: 'error',
		helpText: `${full}\n\nHow to fix: add "${example}" above the enclosing declaration or trailing the line, or accept it with "${ignore}".`,
		helpMarkdown: `${full}\n\n**How to fix:** ${fix}`,
		tags: ['security', 'iso27001', 'compliance', category],
	};
}

/** Every rule of the SARIF output: one per problem code of SPEC, then one per sensitive-code category. */
export function allRules(): readonly RuleInfo[] {
	return [...PROBLEM_CODES.map(problemRule), ...CATEGORIES.map(unmappedRule)];
}
