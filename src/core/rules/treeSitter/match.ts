/** `api` and `member` records compiled for the tree-sitter engine: does a site match, and as what. */
import { isSecretName } from '../../detection/names';
import type { ApiMatch, ApiUse, MemberMatch, MemberUse, RuleRecord } from '../model';
import type { Resolver } from './resolve';
import type { Site, SiteKind } from './sites';

/** What one file offers a matcher: its resolver and the code before a site on its line. */
export interface MatchContext {
	readonly resolver: Resolver;
	readonly defined: ReadonlySet<string>;
	readonly before: (offset: number) => string;
	/** The suffix an attribute's class may carry (`Attribute`). */
	readonly decoratorSuffix: string | undefined;
}

/** A compiled record: the `api` text of a matching site, or null. */
/** `dotted`: the site's name when it is a plain dotted name ({@link siteName}), computed once per site. */
export type SiteMatcher = (site: Site, dotted: string | null, ctx: MatchContext) => string | null;

/** Qualified names with a final `*` glob, and (`unless`) `*.member` for a member of any class. */
class NameSet {
	private readonly exact = new Set<string>();
	private readonly prefixes: string[] = [];
	private readonly members = new Set<string>();

	constructor(names: readonly string[]) {
		for (const n of names) {
			if (n.startsWith('*.')) {
				this.members.add(n.slice(2));
			} else if (n.endsWith('*')) {
				this.prefixes.push(n.slice(0, -1));
			} else {
				this.exact.add(n);
			}
		}
	}

	has(name: string): boolean {
		// A glob does not reach past a call's result: `jwt.*` is not `jwt.decode().get`; `ssl.create_default_context().*` names it.
		return this.exact.has(name) || this.prefixes.some((p) => name.startsWith(p) && !name.includes('()', p.length)) || (this.members.size > 0 && this.members.has(name.slice(name.lastIndexOf('.') + 1)));
	}
}

const API_SITES: Readonly<Record<ApiUse, ReadonlySet<SiteKind>>> = {
	call: new Set(['call', 'new']),
	new: new Set(['new']),
	decorator: new Set(['decorator']),
	reference: new Set(['call', 'new', 'decorator', 'reference', 'extends']),
	extends: new Set(['extends']),
};

const MEMBER_SITES: Readonly<Record<MemberUse, ReadonlySet<SiteKind>>> = {
	call: new Set(['call', 'new']), reference: new Set(['reference']), write: new Set(['write']), define: new Set(['define']),
};

/** `api` arguments and keys ignore case, as in the other engines; `member` patterns and `near` are case-sensitive (`keyData`, `False`). */
const regex = (source: string | null | undefined, flags = ''): RegExp | null => (source === null || source === undefined ? null : new RegExp(source, flags));

/** True when a key (`"DB_PASSWORD"`) is what `key` asks for. */
function keyMatches(key: string | null, want: string): boolean {
	return key !== null && (want === 'secret' ? isSecretName(key) : new RegExp(want, 'i').test(key));
}

function apiMatcher(m: ApiMatch): SiteMatcher {
	const names = new NameSet(m.names);
	const unless = new NameSet(m.unless);
	const args = regex(m.args, 'i');
	const near = regex(m.near);
	// Simple name → qualified name, for `bare` records (`PreAuthorize` → `org.springframework…PreAuthorize`).
	const bare = new Map(m.bare === true ? m.names.filter((n) => !n.endsWith('*')).map((n) => [n.slice(n.search(/[^./:\\]+$/)), n]) : []);
	return (site, dotted, ctx) => {
		const resolved = dotted === null ? null : ctx.resolver.resolve(dotted);
		let qualified = resolved !== null && names.has(resolved) ? resolved : null;
		if (resolved === null && bare.size > 0 && (site.receiver === null || site.kind === 'decorator')) {
			const suffix = site.kind === 'decorator' ? ctx.decoratorSuffix : undefined;
			qualified = bare.get(suffix !== undefined && site.member.endsWith(suffix) ? site.member.slice(0, -suffix.length) : site.member) ?? null;
		}
		if (qualified === null) {
			return null;
		}
		if (unless.has(qualified) || (args !== null && !args.test(site.args)) || (m.key !== undefined && !keyMatches(site.key, m.key))) {
			return null;
		}
		return near === null || near.test(ctx.before(site.offset)) ? qualified : null;
	};
}

const SELF = new Set(['this', 'self', 'cls', 'base', 'super']);

function memberMatcher(m: MemberMatch): SiteMatcher {
	const names = new RegExp(`^(?:${m.names.map((n) => n.split('*').map((p) => p.replace(/[$]/g, '\\$')).join('[\\w$]*')).join('|')})$`);
	const receiver = regex(m.receiver);
	const args = regex(m.args);
	const near = regex(m.near);
	return (site, dotted, ctx) => {
		if (!names.test(site.member) || (receiver !== null && !receiver.test(site.receiver ?? ''))) {
			return null;
		}
		if ((m.imports.length > 0 && !ctx.resolver.imports(m.imports)) || (args !== null && !args.test(site.args))) {
			return null;
		}
		if (m.external && (site.receiver === null || SELF.has(site.receiver)) && ctx.defined.has(`${site.member}/${site.arity}`)) {
			return null;
		}
		if (near !== null && !near.test(ctx.before(site.offset))) {
			return null;
		}
		const resolved = dotted === null ? null : ctx.resolver.resolve(dotted);
		return resolved !== null && !resolved.includes('()') ? resolved : (dotted ?? site.member);
	};
}

/** A record as the tree-sitter engine runs it. */
export interface CompiledRecord {
	readonly record: RuleRecord;
	/** The kinds of site the record can match (the engine offers it no other). */
	readonly kinds: ReadonlySet<SiteKind>;
	readonly match: SiteMatcher;
}

/** The matcher of an `api` or `member` record; null for the other kinds (the lexical engine runs them). */
export function compileSiteRecord(record: RuleRecord): CompiledRecord | null {
	const m = record.match;
	if (m.kind === 'api') {
		return { record, kinds: API_SITES[m.use], match: apiMatcher(m) };
	}
	return m.kind === 'member' ? { record, kinds: MEMBER_SITES[m.use], match: memberMatcher(m) } : null;
}
