/** Local names to qualified names, through a file's imports, typed names, wildcard imports and fully qualified uses. */
import type { FileFacts, SiteLanguage } from './sites';

/** Every qualified prefix the records name (`javax.crypto.Cipher.getInstance` → `javax`, `javax.crypto`, `javax.crypto.Cipher`, …). */
export function knownPrefixes(names: readonly string[]): ReadonlySet<string> {
	const out = new Set<string>();
	for (const name of names) {
		const literal = name.replace(/\*$/, '').replace(/[./]$/, '');
		for (let i = literal.indexOf('.'); i > 0; i = literal.indexOf('.', i + 1)) {
			out.add(literal.slice(0, i));
		}
		out.add(literal);
	}
	return out;
}

/** Heads that name the object whose fields the file declares. */
const OWN_OBJECT = new Set(['this', 'self', 'cls', 'me', 'Me', 'base', 'super']);

export class Resolver {
	private readonly cache = new Map<string, string | null>();
	private readonly wildcards: readonly string[];

	/** `known`: the qualified prefixes the records name; a wildcard import resolves only those (`import javax.crypto.*` gives `Cipher`, not `Arrays`). */
	constructor(private readonly facts: FileFacts, private readonly lang: SiteLanguage, private readonly known: ReadonlySet<string>) {
		this.wildcards = [...facts.wildcards, ...lang.implicit];
	}

	/** The qualified name of a dotted name as written, or null when nothing binds its head. */
	resolve(dotted: string): string | null {
		let out = this.cache.get(dotted);
		if (out === undefined) {
			out = this.lookup(dotted, 0);
			this.cache.set(dotted, out);
		}
		return out;
	}

	/** True when the file imports something under one of `prefixes`. */
	imports(prefixes: readonly string[]): boolean {
		const bound = [...this.facts.aliases.values(), ...this.facts.wildcards];
		return prefixes.some((p) => bound.some((b) => b.startsWith(p)));
	}

	private lookup(dotted: string, depth: number): string | null {
		const dot = dotted.indexOf('.');
		const head = dot < 0 ? dotted : dotted.slice(0, dot);
		const rest = dot < 0 ? '' : dotted.slice(dot);
		const type = depth < 3 ? this.facts.types.get(head) : undefined;
		const typed = type === undefined || type === head ? null : this.lookup(type, depth + 1);
		if (typed !== null) {
			return typed + rest;
		}
		const alias = this.facts.aliases.get(head);
		if (alias !== undefined) {
			return alias + rest;
		}
		const segments = dotted.split('.');
		// A typed field in the middle: `m.Hash.New()` where the file declares `Hash crypto.Hash`. A variable's
		// type is the object's own field's only through `this`/`self` (`this.cipher.doFinal()`): in
		// `generate_dto.algorithm.lower()`, a local named `algorithm` elsewhere says nothing of `generate_dto`.
		for (let i = segments.length - 2; i >= 1 && depth < 3; i--) {
			const own = i === 1 && OWN_OBJECT.has(segments[0]);
			const fieldType = this.facts.fields.get(segments[i]) ?? (own ? this.facts.types.get(segments[i]) : undefined);
			const field = fieldType === undefined ? null : this.lookup(fieldType, depth + 1);
			if (field !== null) {
				return [field, ...segments.slice(i + 1)].join('.');
			}
		}
		for (const pkg of this.wildcards) {
			if (this.known.has(`${pkg}.${head}`)) {
				return `${pkg}.${dotted}`;
			}
		}
		return this.lang.qualified && dot > 0 && this.known.has(segments.slice(0, 2).join('.')) ? dotted : null;
	}
}
