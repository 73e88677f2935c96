/** `docs/rules.md`, derived from the rule records: never written by hand. */
import { CATEGORY_DESCRIPTIONS } from '../detection/categories';
import { ruleAnchor } from '../report/sarifRules';
import { CATEGORIES } from '../types';
import type { ApiUse, MemberUse, RuleMatch, RuleRecord } from './model';

const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
const list = (xs: readonly string[]): string => xs.map(code).join(', ');

const API_USE: Readonly<Record<ApiUse, string>> = {
	call: 'a call of', new: 'a constructor of', decorator: 'a decorator, annotation or attribute', reference: 'a use of', extends: 'a class extending or implementing',
};
const MEMBER_USE: Readonly<Record<MemberUse, string>> = { call: 'a call of', reference: 'a read of', write: 'a write of', define: 'a definition of' };

/** What a record matches, in one line for people. */
function describeMatch(m: RuleMatch): string {
	switch (m.kind) {
		case 'api':
			return `${API_USE[m.use]} ${list(m.names)}`
				+ ` (resolved through imports${m.bare === true ? ', or by its simple name' : ''})`
				+ `${m.unless.length > 0 ? `, not ${list(m.unless)}` : ''}${m.args ? `, with arguments matching ${code(m.args)}` : ''}`
				+ `${m.key === undefined ? '' : `, reading a ${m.key === 'secret' ? 'secret-like name' : m.key === 'key-material' ? 'key file or credentials' : `name matching ${code(m.key)}`}`}`
				+ `${m.near === undefined ? '' : `, after code matching ${code(m.near)} on its line`}`;
		case 'member':
			return `${MEMBER_USE[m.use]} a member named ${list(m.names)}${m.receiver === null ? '' : ` on an object matching ${code(m.receiver)}`}`
				+ `${m.imports.length > 0 ? ` in a file importing ${list(m.imports)}` : ''}${m.args === null ? '' : `, ${m.use === 'write' ? 'with a value' : m.use === 'define' ? 'with a body' : 'with arguments'} matching ${code(m.args)}`}`
				+ `${m.near === null ? '' : `, after code matching ${code(m.near)} on its line`}${m.external ? ' (not a method the file defines)' : ''}`;
		case 'method':
			return `${m.use === 'decorator' ? 'a decorator' : 'a call'} named ${list(m.names)} as written (not resolved)`
				+ `${m.receiver === null ? '' : `, on an object matching ${code(m.receiver)}`}${m.imports.length > 0 ? ` in a file importing ${list(m.imports)}` : ''}`
				+ `${m.args ? `, with arguments matching ${code(m.args)}` : ''}`
				+ `${m.message === null ? '' : `, whose message ${m.message === 'security-event' ? 'records a security event' : `matches ${code(m.message)}`}`}`;
		case 'calls':
			return `a call of ${list(m.names)} as written (a dotted name matches the end of the callee)`;
		case 'equals':
			return `a member ${list(m.keys)} compared for equality with a string literal`;
		case 'name':
			return `a call whose name has one of ${list(m.words)}${m.with ? ` and one of ${list(m.with)}` : ''}`
				+ `${m.unless.length > 0 ? `, none of ${list(m.unless)}` : ''}${m.receiver ? ' (the object called on counts)' : ''}`
				+ `${m.acts ? ` (when only the object is named, the method's name has one of ${list(m.acts)})` : ''}`
				+ `${m.args ? `, with an argument naming one of ${list(m.args)}` : ''}${m.unlessArgs ? `, with no argument naming ${list(m.unlessArgs)}` : ''}`
				+ `${m.near ? `, after one of ${list(m.near)} on its line` : ''}${m.arguments === true ? ', passing an argument' : ''}`;
		case 'read':
			return `a ${m.key === 'secret' ? 'secret-like' : `${code(m.key)}`} key read${m.members === false ? ' by name (not as a member)' : ''} from an object named ${list(m.objects)}`
				+ `${m.getters.length > 0 ? `, directly or through ${list(m.getters)}` : ''}${m.globals.length > 0 ? `, or passed to ${list(m.globals)}` : ''}`;
		case 'option':
			return `an option or property ${list(m.keys)} written${m.value === null ? '' : ` with a value matching ${code(m.value)}`}${m.forwards === true ? ', the object\'s own setting of that name used too' : ''}`;
		case 'string':
			return `a string literal matching ${code(m.pattern)}${m.matchCase === true ? ' (case-sensitive)' : ''}`;
		case 'compare':
			return `an equality comparison of two values, one named with ${list(m.words)} (not with a literal, null, a constant or a length)`
				+ `${m.unless.length > 0 ? `, neither named with ${list(m.unless)}` : ''}${m.constantTime === false ? ' (constant-time comparisons of signatures or MACs left out)' : ''}`;
		case 'log':
			return `a call to a logger (${list(m.loggers)}${m.qualified === true ? ', or a name with `log` and one word after it' : ''}) whose ${m.literal === true ? 'string message' : 'message'} ${m.message === 'security-event' ? 'records a security event' : `matches ${code(m.message)}`}`
				+ `${m.unless === null ? '' : `, unless it matches ${code(m.unless)}`}`;
		case 'pattern':
		case 'text':
			return `${m.kind === 'text' ? 'code with its strings' : 'code'} matching ${code(m.pattern)}${m.matchCase === true ? ' (case-sensitive)' : ''}`
				+ `${m.place === 'guard' ? ', reported on the condition guarding it' : ''}`;
	}
}

/** A record's `inside` / `not-inside` conditions, for people. */
function describeWithin(r: RuleRecord): string {
	return `${r.inside === undefined ? '' : `, inside a definition named like ${code(r.inside)}`}`
		+ `${r.notInside === undefined ? '' : `, not inside a definition named like ${code(r.notInside)}`}`
		+ `${r.ownFunction === true ? `, with an argument, that reaches a function another file of the workspace defines under a name of two words or more holding one of these words, whose body holds a ${r.category} finding` : ''}`;
}

export const BEGIN = '<!-- detection-rules:begin -->';
export const END = '<!-- detection-rules:end -->';

/** `docs/rules.md` with its detection-rules section (between the markers, or appended) replaced. */
export function withRulesSection(doc: string, section: string): string {
	const start = doc.indexOf(BEGIN);
	const end = doc.indexOf(END);
	const block = `${BEGIN}\n${section}${END}\n`;
	return start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + END.length + 1) : `${doc.trimEnd()}\n\n${block}`;
}

/** The Markdown reference of every detection rule, grouped by category. */
export function rulesMarkdown(records: readonly RuleRecord[], root: string): string {
	const out = [
		'<a name="detection-rules"></a>',
		'## Detection rules',
		'',
		'Generated from the rule files in `rules/` by `npm run rules:docs`; do not edit by hand. A finding\'s',
		'`rule` is one of the ids below. `high` confidence: a known API or a setting only TLS has; `medium`: what',
		'names and shapes imply (`sensitiveCode.minConfidence: high` leaves these out; they do not run on files',
		'over 1 MB, which are bundles and generated code). A custom rule\'s findings (`sensitiveCode.rules`) carry its own id.',
	];
	for (const category of CATEGORIES) {
		const rules = records.filter((r) => r.category === category);
		if (rules.length === 0) {
			continue;
		}
		out.push('', `### ${category}`, '', CATEGORY_DESCRIPTIONS[category].replace(/^./, (c) => c.toUpperCase()) + '.', '');
		for (const r of rules) {
			const file = r.at.file.startsWith(root) ? r.at.file.slice(root.length + 1).split('\\').join('/') : r.at.file;
			out.push(`<a name="${ruleAnchor(r.id)}"></a>`, `#### \`${r.id}\` (${r.confidence})`, '', r.summary, '',
				`Matches ${describeMatch(r.match)}${describeWithin(r)}. Languages: ${r.languages === null ? 'all programming languages' : list(r.languages)}. `
				+ `Defined in \`${file}:${r.at.line}\`.`, '');
		}
	}
	return `${out.join('\n').trimEnd()}\n`;
}
