/**
 * The application's own security functions, in one file (the rule records with `ownFunction`): which of
 * the file's functions hold a finding in their body and are named for its category (`defines`), and
 * which calls may reach such a function of another file (`ownCalls`: candidates, already full findings
 * of this file, that count only where another file defines the name; `coverage/ownCalls.ts` joins them).
 */
import { nameWords } from '../detection/names';
import type { RuleRecord } from '../rules/model';
import { WordSet } from '../rules/view';
import type { ParsedSource } from '../parse/parsedSource';
import type { ScopeProbe } from '../scope/anchor';
import type { Category, Finding } from '../types';
import { GATED_ABOVE_CHARS } from './largeFileGate';

/** A function of this file whose body holds a finding of `category`, and whose name says so. */
export interface OwnDefinition {
	readonly name: string;
	readonly category: Category;
}

/** A call that is a finding where it reaches another file's {@link OwnDefinition} of its name and category. */
export interface OwnCall {
	readonly callee: string;
	readonly finding: Finding;
}

/** The own-function records, compiled. */
export interface OwnFunctionRules {
	/** Their ids: findings of these are candidates. */
	readonly ids: ReadonlySet<string>;
	/**
	 * The one category a function of this name stands for, given the categories of the findings in its body:
	 * the first record's whose words the name holds (and none of its `unless`); null when none does, or when
	 * the name is one word.
	 */
	categoryOf(name: string, body: ReadonlySet<Category>): Category | null;
}

const ACCESSORS = new Set(['get', 'set', 'is', 'has', 'read', 'load', 'fetch', 'find']);

/**
 * A one-word name (`sign`, `digest`, `authorize`), or an accessor of one (`getSession`, `GetToken`), is also every
 * library's method: a call of it says nothing of which function it reaches. Such names neither define nor call.
 */
function distinctive(words: readonly string[]): boolean {
	return words.filter((w) => !ACCESSORS.has(w)).length >= 2;
}

export function ownFunctionRules(records: readonly RuleRecord[]): OwnFunctionRules {
	const own = records.filter((r) => r.ownFunction === true);
	const compiled = own.flatMap((r) => (r.match.kind === 'name'
		? [{ category: r.category, words: new WordSet(r.match.words), unless: new WordSet(r.match.unless) }]
		: []));
	return {
		ids: new Set(own.map((r) => r.id)),
		categoryOf(name, body) {
			const words = nameWords(name);
			if (!distinctive(words)) {
				return null;
			}
			return compiled.find((c) => body.has(c.category) && c.words.any(words) && !c.unless.any(words))?.category ?? null;
		},
	};
}

/** The last name of a qualified symbol: `AuthService.login` → `login`, `Auth::check` → `check`. */
export function shortName(symbol: string): string {
	return symbol.split(/[.:#/\\]+/).filter((s) => s !== '').pop() ?? symbol;
}

/** The called name of a finding's `api` (`this.oidc.updateSession` → `updateSession`). */
function calleeOf(api: string): string {
	return /([A-Za-z_$][\w$]*[?!]?)\s*$/.exec(api.replace(/\(.*$/s, ''))?.[1] ?? api;
}

export interface OwnFunctionParts {
	readonly defines: OwnDefinition[];
	readonly ownCalls: OwnCall[];
}

/**
 * A file's own-function part: the calls among `candidates` that may reach another file's function (a candidate
 * on a line that already has a finding of its category adds nothing), and the file's functions that hold
 * `findings` and are named for them. A large file (a bundle) defines nothing: its declarations would cost
 * seconds to find.
 */
export async function ownFunctionParts(
	source: ParsedSource, probe: () => ScopeProbe, rules: OwnFunctionRules, findings: readonly Finding[], candidates: readonly Finding[],
): Promise<OwnFunctionParts> {
	const taken = new Set(findings.map((f) => `${f.line}:${f.category}`));
	const ownCalls = candidates
		.filter((f) => !taken.has(`${f.line}:${f.category}`))
		.map((finding) => ({ callee: calleeOf(finding.api), finding }))
		.filter((c) => distinctive(nameWords(c.callee)));
	const defines = rules.ids.size === 0 || findings.length === 0 || source.file.text.length > GATED_ABOVE_CHARS ? [] : await definitions(probe(), rules, findings);
	return { defines, ownCalls };
}

async function definitions(probe: ScopeProbe, rules: OwnFunctionRules, findings: readonly Finding[]): Promise<OwnDefinition[]> {
	let scopes;
	try {
		scopes = await probe.declarations(findings);
	} catch {
		return [];
	}
	const body = new Map<string, Set<Category>>();
	findings.forEach((f, k) => {
		const symbol = scopes[k]?.symbol;
		if (symbol) {
			const name = shortName(symbol);
			const set = body.get(name) ?? new Set<Category>();
			set.add(f.category);
			body.set(name, set);
		}
	});
	return [...body].flatMap(([name, categories]) => {
		const category = rules.categoryOf(name, categories);
		return category === null ? [] : [{ name, category }];
	});
}
